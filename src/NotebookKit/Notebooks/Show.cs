using NotebookKit.Visualization;
using Plotly.NET;

namespace NotebookKit.Notebooks;

/// <summary>
/// Shows HTML wherever the code runs: in a notebook as an output of the cell; in a console program (no kernel
/// extension attached) as a page saved under the temp folder, whose path is printed.
/// </summary>
public static class Show
{
    // Both return void on purpose: a value ending a notebook cell would be displayed a second time.

    /// <summary>Shows <paramref name="markup"/> (e.g. <c>ImageGallery.Html(...)</c>).</summary>
    public static void Html(string markup, string title = "NotebookKit") => Html(new HtmlView(markup, title));

    public static void Html(HtmlView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (NotebookDisplay.Current is { } display)
        {
            display.Display(view.Markup);
            return;
        }
        var path = Path.Combine(Path.GetTempPath(), "notebookkit", $"{Slug(view.Title)}-{Guid.NewGuid():N}.html");
        view.Save(path);
        Console.WriteLine($"{view.Title}: open {path}");
    }

    /// <summary>
    /// Shows a chart: inline in a notebook (plotly.js sent once per session; a static picture and a text summary for
    /// viewers that run no scripts), else as a standalone page.
    /// </summary>
    public static void Chart(GenericChart chart, string title = "NotebookKit chart")
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (NotebookDisplay.Current is { } display) display.Display(PlotlyOnce.Session.Html(chart), ChartSummary.Text(chart), ChartSvg.Render(chart));
        else Html(new HtmlView(ChartHtml.Fragment(chart), title));
    }

    static string Slug(string title)
    {
        var chars = title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = new string(chars).Trim('-');
        return slug.Length == 0 ? "view" : slug[..Math.Min(slug.Length, 40)];
    }
}
