using NotebookKit.Notebooks;

namespace NotebookKit.Tests.Interactive;

/// <summary>Records what would have been shown in a notebook: each output and its successive versions.</summary>
sealed class FakeDisplay : IHtmlDisplay
{
    public List<List<string>> Outputs { get; } = [];

    public IHtmlDisplayHandle Display(string html)
    {
        var versions = new List<string> { html };
        Outputs.Add(versions);
        return new Handle(versions);
    }

    sealed class Handle(List<string> versions) : IHtmlDisplayHandle
    {
        public void Update(string html) => versions.Add(html);
    }
}
