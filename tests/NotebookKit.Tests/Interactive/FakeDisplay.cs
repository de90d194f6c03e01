using NotebookKit.Notebooks;

namespace NotebookKit.Tests.Interactive;

/// <summary>Records what would have been shown in a notebook: each output and its successive versions.</summary>
sealed class FakeDisplay : IHtmlDisplay
{
    public List<List<string>> Outputs { get; } = [];

    /// <summary>The plain-text alternative of each output (null when it had none).</summary>
    public List<string?> PlainTexts { get; } = [];

    public IHtmlDisplayHandle Display(string html) => Add(html, null);

    public IHtmlDisplayHandle Display(string html, string plainText) => Add(html, plainText);

    IHtmlDisplayHandle Add(string html, string? plainText)
    {
        PlainTexts.Add(plainText);
        var versions = new List<string> { html };
        Outputs.Add(versions);
        return new Handle(versions);
    }

    sealed class Handle(List<string> versions) : IHtmlDisplayHandle
    {
        public void Update(string html) => versions.Add(html);
    }
}
