namespace NotebookKit.Notebooks;

/// <summary>
/// Where notebook-facing helpers send HTML. The .NET Interactive extension shipped in the NotebookKit package
/// registers one through <see cref="NotebookDisplay.Register"/>; the library itself never references the kernel.
/// </summary>
public interface IHtmlDisplay
{
    /// <summary>Shows <paramref name="html"/> as a new output of the running cell.</summary>
    IHtmlDisplayHandle Display(string html);

    /// <summary>
    /// Shows <paramref name="html"/> with a plain-text alternative that viewers which run no scripts (or render no
    /// HTML) show instead; displays that carry a single representation show the HTML only.
    /// </summary>
    IHtmlDisplayHandle Display(string html, string plainText) => Display(html);
}

/// <summary>An output already shown, which can be replaced in place (a live progress bar).</summary>
public interface IHtmlDisplayHandle
{
    void Update(string html);
}
