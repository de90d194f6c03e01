using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Notebooks;

namespace NotebookKit.Interactive;

/// <summary>Sends the library's HTML to the running cell as text/html outputs that can be updated in place.</summary>
sealed class KernelHtmlDisplay : IHtmlDisplay
{
    public IHtmlDisplayHandle Display(string html)
    {
        // KernelInvocationContext.Current is the running cell's context; it flows into tasks started by the cell.
        var context = KernelInvocationContext.Current
            ?? throw new InvalidOperationException("No notebook cell is running: NotebookKit can only display HTML while a cell executes.");
        return new Handle(context.Display(Kernel.HTML(html), "text/html"));
    }

    sealed class Handle(DisplayedValue value) : IHtmlDisplayHandle
    {
        public void Update(string html) => value.Update(Kernel.HTML(html));
    }
}
