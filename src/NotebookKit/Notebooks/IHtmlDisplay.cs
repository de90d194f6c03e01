namespace NotebookKit.Notebooks;

/// <summary>
/// Where notebook-facing helpers send HTML. The .NET Interactive extension shipped in the NotebookKit package
/// registers one through <see cref="NotebookDisplay.Register"/>; the library itself never references the kernel.
/// </summary>
public interface IHtmlDisplay
{
    /// <summary>
    /// False when the front end records every version of an updated output as an output of its own (dotnet-repl's
    /// executed copies): live displays then show only their final state, since each frame would be saved.
    /// </summary>
    bool UpdatesInPlace => true;

    /// <summary>Shows <paramref name="html"/> as a new output of the running cell.</summary>
    IHtmlDisplayHandle Display(string html);

    /// <summary>
    /// Shows <paramref name="html"/> with alternatives for viewers that run no scripts or render no HTML: a
    /// plain-text description and, when given, an SVG picture (<c>image/svg+xml</c>). Displays that carry a single
    /// representation show the HTML only.
    /// </summary>
    IHtmlDisplayHandle Display(string html, string plainText, string? svg = null) => Display(html);
}

/// <summary>An output already shown, which can be replaced in place (a live progress bar).</summary>
public interface IHtmlDisplayHandle
{
    void Update(string html);
}
