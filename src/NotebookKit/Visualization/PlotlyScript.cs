namespace NotebookKit.Visualization;

/// <summary>
/// The inline &lt;script&gt; that defines the global <c>Plotly</c> on any page. plotly.js's UMD wrapper calls an AMD
/// <c>define()</c> when it sees one (classic Notebook and nbconvert's HTML put require.js on the page), and require.js
/// rejects an anonymous define from an inline script ("Mismatched anonymous define() module"), so no global
/// <c>Plotly</c> ever appears. Hiding <c>define</c> while plotly.js runs makes it take its browser-global branch
/// everywhere; the loader is put back at once, so the page's own AMD modules are unaffected.
/// </summary>
public static class PlotlyScript
{
    /// <summary>The &lt;script&gt; element for the plotly.js bundled with Plotly.NET.</summary>
    public static string Tag => For(ChartHtml.PlotlyJs);

    /// <summary>The &lt;script&gt; element that runs <paramref name="plotlyJs"/> with any AMD loader out of its way.</summary>
    public static string For(string plotlyJs) =>
        "<script type=\"text/javascript\">(function () { var amd = window.define; window.define = undefined; try {\n"
        + plotlyJs
        + "\n} finally { window.define = amd; } })();</script>";
}
