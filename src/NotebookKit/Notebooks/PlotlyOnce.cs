using NotebookKit.Visualization;
using Plotly.NET;

namespace NotebookKit.Notebooks;

/// <summary>
/// Puts plotly.js into a notebook session once. Contract with the front end: outputs of one notebook share a page
/// (VS Code's notebook webview; classic Jupyter and JupyterLab for trusted outputs), so the global <c>Plotly</c>
/// defined by the first chart's output serves every later <see cref="ChartHtml.Fragment"/>. The script is inlined,
/// never fetched, so charts draw offline, and loads past require.js (<see cref="PlotlyScript"/>). A front end that isolates each output (an iframe per output) needs
/// <see cref="ChartHtml.Standalone(GenericChart, string)"/> instead.
/// </summary>
public sealed class PlotlyOnce
{
    readonly Func<string> plotlyJs;
    int injected;

    /// <param name="plotlyJs">The library source; defaults to the plotly.js bundled with Plotly.NET.</param>
    public PlotlyOnce(Func<string>? plotlyJs = null) => this.plotlyJs = plotlyJs ?? (() => ChartHtml.PlotlyJs);

    /// <summary>The session shared by the kernel extension's chart formatter and <see cref="Show.Chart"/>.</summary>
    public static PlotlyOnce Session { get; } = new();

    public bool HasInjected => Volatile.Read(ref injected) == 1;

    /// <summary>The chart's HTML, preceded by the plotly.js &lt;script&gt; on the first call of the session only.</summary>
    public string Html(GenericChart chart) => Wrap(ChartHtml.Fragment(chart));

    /// <summary><paramref name="fragment"/>, preceded by the plotly.js &lt;script&gt; on the first call only (thread-safe).</summary>
    public string Wrap(string fragment) =>
        Interlocked.Exchange(ref injected, 1) == 0 ? $"{PlotlyScript.For(plotlyJs())}\n{fragment}" : fragment;

    /// <summary>Makes the next chart carry plotly.js again (after clearing the output that held it, or on a reloaded page).</summary>
    public void Reset() => Volatile.Write(ref injected, 0);
}
