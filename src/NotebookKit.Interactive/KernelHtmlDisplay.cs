using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Notebooks;

namespace NotebookKit.Interactive;

/// <summary>Sends the library's HTML to the running cell as text/html outputs that can be updated in place.</summary>
/// <remarks>
/// The markup travels as an <see cref="HtmlView"/> (formatted raw by <see cref="KitFormatters"/>), not through
/// Kernel.HTML: that returns Microsoft.AspNetCore.Html types whose version differs between the SDK packages and the kernel.
/// </remarks>
sealed class KernelHtmlDisplay(bool updatesInPlace) : IHtmlDisplay
{
    /// <summary>The display for this process: dotnet-repl (the headless runner) writes every update of an output as an output of its own.</summary>
    public static KernelHtmlDisplay ForHost() => new(UpdatesInPlaceFor(Assembly.GetEntryAssembly()?.GetName().Name));

    /// <summary>False for dotnet-repl, true for the kernels of Jupyter and VS Code (dotnet-interactive), which replace an updated output.</summary>
    public static bool UpdatesInPlaceFor(string? entryAssembly) => !string.Equals(entryAssembly, "dotnet-repl", StringComparison.OrdinalIgnoreCase);

    public bool UpdatesInPlace => updatesInPlace;

    public IHtmlDisplayHandle Display(string html) => new Handle(Context().Display(new HtmlView(html), KitFormatters.Html));

    public IHtmlDisplayHandle Display(string html, string plainText, string? svg = null) =>
        new Handle(Context().Display(new HtmlView(html) { PlainText = plainText, Svg = svg }, MimeTypes(svg is not null)));

    /// <summary>HTML first (front ends pick the first they render), then the picture and the text for viewers without HTML or scripts.</summary>
    public static string[] MimeTypes(bool withSvg) =>
        withSvg ? [KitFormatters.Html, KitFormatters.Svg, KitFormatters.Plain] : [KitFormatters.Html, KitFormatters.Plain];

    // KernelInvocationContext.Current is the running cell's context; it flows into tasks started by the cell.
    static KernelInvocationContext Context() => KernelInvocationContext.Current
        ?? throw new InvalidOperationException("No notebook cell is running: NotebookKit can only display HTML while a cell executes.");

    sealed class Handle(DisplayedValue value) : IHtmlDisplayHandle
    {
        public void Update(string html) => value.Update(new HtmlView(html));
    }
}
