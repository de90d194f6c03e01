using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Notebooks;

namespace NotebookKit.Interactive;

/// <summary>Sends the library's HTML to the running cell as text/html outputs that can be updated in place.</summary>
/// <remarks>
/// The markup travels as an <see cref="HtmlView"/> (formatted raw by <see cref="KitFormatters"/>), not through
/// Kernel.HTML: that returns Microsoft.AspNetCore.Html types whose version differs between the SDK packages and the kernel.
/// </remarks>
sealed class KernelHtmlDisplay : IHtmlDisplay
{
    public IHtmlDisplayHandle Display(string html) => new Handle(Context().Display(new HtmlView(html), "text/html"));

    public IHtmlDisplayHandle Display(string html, string plainText) =>
        new Handle(Context().Display(new HtmlView(html) { PlainText = plainText }, "text/html", "text/plain"));

    // KernelInvocationContext.Current is the running cell's context; it flows into tasks started by the cell.
    static KernelInvocationContext Context() => KernelInvocationContext.Current
        ?? throw new InvalidOperationException("No notebook cell is running: NotebookKit can only display HTML while a cell executes.");

    sealed class Handle(DisplayedValue value) : IHtmlDisplayHandle
    {
        public void Update(string html) => value.Update(new HtmlView(html));
    }
}
