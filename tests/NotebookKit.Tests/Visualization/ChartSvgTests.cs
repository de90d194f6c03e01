using System.Text.RegularExpressions;
using System.Xml.Linq;
using NotebookKit.Tests.Evaluation;
using NotebookKit.Visualization;

namespace NotebookKit.Tests.Visualization;

public class ChartSvgTests
{
    static XElement Parse(string svg) => XElement.Parse(svg);
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_scatter_draws_one_marker_per_point_in_each_series_colour_and_separates_the_clusters()
    {
        double[][] points = [[-5, 0], [-5.2, 0.2], [5, 0], [5.2, 0.2], [4.8, -0.2]];
        var svg = Parse(ChartSvg.Render(FeatureCharts.Scatter(points, ["cat", "cat", "dog", "dog", "dog"], xTitle: "PC1", yTitle: "PC2")));
        var circles = svg.Descendants(Ns + "circle").ToList();
        Assert.Equal(5, circles.Count);
        var cats = circles.Where(c => (string?)c.Attribute("fill") == "#1f77b4").Select(c => (double)c.Attribute("cx")!).ToList();
        var dogs = circles.Where(c => (string?)c.Attribute("fill") == "#ff7f0e").Select(c => (double)c.Attribute("cx")!).ToList();
        Assert.Equal(2, cats.Count);
        Assert.Equal(3, dogs.Count);
        Assert.True(cats.Max() < dogs.Min(), "the cat cluster lies left of the dog cluster");
        var texts = svg.Descendants(Ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("Feature space", texts);
        Assert.Contains("PC1", texts);
        Assert.Contains("cat", texts);
    }

    [Fact]
    public void Curves_draw_a_line_per_series_on_two_panels()
    {
        var history = Enumerable.Range(1, 5).Select(e => new EpochRecord(e, 1.0 / e, 1.5 / e, 0.5 + e / 10.0, 0.4 + e / 10.0, 1)).ToList();
        var svg = Parse(ChartSvg.Render(TrainingCharts.Curves(history)));
        var lines = svg.Descendants(Ns + "polyline").ToList();
        Assert.Equal(4, lines.Count);
        Assert.All(lines, l => Assert.Equal(5, ((string)l.Attribute("points")!).Split(' ').Length));
        // The loss panel lies left of the accuracy panel.
        double Left(XElement l) => ((string)l.Attribute("points")!).Split(' ').Select(p => double.Parse(p.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).Min();
        Assert.True(Left(lines[1]) < Left(lines[2]));
    }

    [Fact]
    public void Bars_and_heat_maps_draw_their_values()
    {
        var report = ClassificationReportTests.Animal();
        var bars = Parse(ChartSvg.Render(EvaluationCharts.PerClassMetrics(report)));
        Assert.Equal(9, bars.Descendants(Ns + "rect").Count(r => r.Attribute("fill") is { Value: not "white" and not "none" } && r.Attribute("x") is not null && (string?)r.Attribute("height") != "10"));
        var heat = Parse(ChartSvg.Render(EvaluationCharts.ConfusionMatrix(report)));
        var cells = heat.Descendants(Ns + "rect").Where(r => ((string?)r.Attribute("fill") ?? "").StartsWith("rgb(", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, cells.Count);
        Assert.Contains("0.75", heat.Descendants(Ns + "text").Select(t => t.Value));
    }

    [Fact]
    public void The_chart_fragment_carries_the_picture_and_removes_it_only_when_plotly_is_loaded()
    {
        var html = ChartHtml.Fragment(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal()));
        var image = Regex.Match(html, "<div class=\"nbk-chart-fallback\" id=\"(nbk-fallback-[0-9a-f]{32})\"><img [^>]*src=\"data:image/svg\\+xml;base64,([A-Za-z0-9+/=]+)\"");
        Assert.True(image.Success);
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(image.Groups[2].Value));
        Assert.StartsWith("<svg class=\"nbk-chart-svg\"", svg);
        Assert.True(html.IndexOf(image.Value, StringComparison.Ordinal) < html.IndexOf("Plotly.newPlot(", StringComparison.Ordinal));
        Assert.Contains($"if (window.Plotly) {{ var f = document.getElementById('{image.Groups[1].Value}'); if (f) f.remove(); }}", html);
    }
}
