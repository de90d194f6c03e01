using NotebookKit.Notebooks;

namespace NotebookKit.Tests.Interactive;

/// <summary>Records what would have been shown in a notebook: each output and its successive versions.</summary>
sealed class FakeDisplay(bool updatesInPlace = true) : IHtmlDisplay
{
    public bool UpdatesInPlace => updatesInPlace;

    public List<List<string>> Outputs { get; } = [];

    /// <summary>The plain-text alternative of each output (null when it had none).</summary>
    public List<string?> PlainTexts { get; } = [];

    /// <summary>The SVG alternative of each output (null when it had none).</summary>
    public List<string?> Svgs { get; } = [];

    public IHtmlDisplayHandle Display(string html) => Add(html, null, null);

    public IHtmlDisplayHandle Display(string html, string plainText, string? svg = null) => Add(html, plainText, svg);

    IHtmlDisplayHandle Add(string html, string? plainText, string? svg)
    {
        PlainTexts.Add(plainText);
        Svgs.Add(svg);
        var versions = new List<string> { html };
        Outputs.Add(versions);
        return new Handle(versions);
    }

    sealed class Handle(List<string> versions) : IHtmlDisplayHandle
    {
        public void Update(string html) => versions.Add(html);
    }
}
