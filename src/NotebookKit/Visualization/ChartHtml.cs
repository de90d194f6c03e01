using System.Net;
using System.Text;
using Plotly.NET;

namespace NotebookKit.Visualization;

/// <summary>
/// HTML output of charts without any network access. Plotly.NET's own HTML loads plotly.js from a CDN; this class
/// instead inlines the plotly.js that Plotly.NET ships inside its assembly (manifest resource
/// "Plotly.NET.plotly-&lt;version&gt;.min.js", the same file its PlotlyJSReference.Full option embeds per chart).
/// </summary>
public static class ChartHtml
{
    private const string ResourcePrefix = "Plotly.NET.plotly-";
    private const string ResourceSuffix = ".min.js";

    private static readonly Lazy<(string Version, string Source)> Bundle = new(LoadBundle);

    /// <summary>Version of the bundled plotly.js, e.g. "2.28.0".</summary>
    public static string PlotlyJsVersion => Bundle.Value.Version;

    /// <summary>
    /// The bundled plotly.js source, for hosts (such as the notebook kernel extension) that inject it once per session
    /// ahead of <see cref="Fragment"/> output.
    /// </summary>
    public static string PlotlyJs => Bundle.Value.Source;

    /// <summary>
    /// A chart's &lt;div&gt; and &lt;script&gt; only, with no plotly.js include, preceded by a static picture of the chart
    /// (<see cref="ChartSvg"/>, as an &lt;img&gt; so HTML sanitizers keep it) that shows wherever scripts do not run and
    /// that a second script removes once plotly.js is there to draw the live chart. Contract: the chart's script calls
    /// the global <c>Plotly.newPlot</c> as soon as it runs, so the host page must already have loaded plotly.js (in
    /// notebooks the kernel extension injects <see cref="PlotlyJs"/> once per session). Each call gets fresh ids, so
    /// fragments can share a page.
    /// </summary>
    public static string Fragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        return WithFallback(GenericChart.toChartHTML(chart), ChartSvg.Render(chart));
    }

    /// <summary>Class of the static picture in <see cref="Fragment"/>: a saved chart output without one shows nothing where scripts do not run.</summary>
    public const string FallbackClass = "nbk-chart-fallback";

    /// <summary><paramref name="plotlyFragment"/> after an &lt;img&gt; of <paramref name="svg"/>, removed by script when plotly.js is loaded.</summary>
    public static string WithFallback(string plotlyFragment, string svg)
    {
        var id = "nbk-fallback-" + Guid.NewGuid().ToString("N");
        var image = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
        return $"<div class=\"{FallbackClass}\" id=\"{id}\"><img alt=\"chart (static picture)\" src=\"{image}\"></div>\n"
             + plotlyFragment
             + $"\n<script type=\"text/javascript\">if (window.Plotly) {{ var f = document.getElementById('{id}'); if (f) f.remove(); }}</script>";
    }

    /// <summary>A self-contained HTML page for one chart: plotly.js inlined, no remote references, works offline.</summary>
    public static string Standalone(GenericChart chart, string title = "NotebookKit chart") => Standalone([chart], title);

    /// <summary>A self-contained HTML page showing the charts one after another, with plotly.js inlined once in the head.</summary>
    /// <exception cref="ArgumentException">No charts were given.</exception>
    public static string Standalone(IEnumerable<GenericChart> charts, string title = "NotebookKit charts")
    {
        ArgumentNullException.ThrowIfNull(charts);
        var fragments = charts.Select(Fragment).ToArray();
        if (fragments.Length == 0) throw new ArgumentException("charts is empty: there is nothing to render.", nameof(charts));

        var html = new StringBuilder(PlotlyJs.Length + fragments.Sum(f => f.Length) + 512);
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\">")
            .AppendLine("<head>")
            .AppendLine("<meta charset=\"utf-8\">")
            .Append("<title>").Append(WebUtility.HtmlEncode(title)).AppendLine("</title>")
            .AppendLine(PlotlyScript.Tag)
            .AppendLine("</head>")
            .AppendLine("<body>");
        foreach (var fragment in fragments) html.AppendLine(fragment);
        html.AppendLine("</body>").AppendLine("</html>");
        return html.ToString();
    }

    /// <summary>Writes <see cref="Standalone(GenericChart, string)"/> to <paramref name="path"/> (UTF-8), creating the folder if needed.</summary>
    public static void Save(string path, GenericChart chart, string title = "NotebookKit chart") => Save(path, [chart], title);

    /// <summary>Writes <see cref="Standalone(IEnumerable{GenericChart}, string)"/> to <paramref name="path"/> (UTF-8), creating the folder if needed.</summary>
    public static void Save(string path, IEnumerable<GenericChart> charts, string title = "NotebookKit charts")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var html = Standalone(charts, title);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static (string Version, string Source) LoadBundle()
    {
        var assembly = typeof(GenericChart).Assembly;
        var name = assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded plotly.js resource ({ResourcePrefix}*{ResourceSuffix}).");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // plotly.js's only network address is the default base URL of topojson files for geo maps, which these
        // charts never draw; a relative default keeps the page free of remote references.
        var source = reader.ReadToEnd().Replace("dflt:\"https://cdn.plot.ly/\"", "dflt:\"topojson/\"", StringComparison.Ordinal);
        return (name[ResourcePrefix.Length..^ResourceSuffix.Length], source);
    }
}
