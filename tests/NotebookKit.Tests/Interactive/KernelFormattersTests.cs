using Microsoft.DotNet.Interactive.Formatting;
using NotebookKit.Evaluation;
using NotebookKit.Interactive;
using NotebookKit.Notebooks;
using NotebookKit.Tests.Evaluation;
using NotebookKit.Tests.Support;
using NotebookKit.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Interactive;

/// <summary>The formatters as the kernel calls them: <c>Formatter.ToDisplayString(value, "text/html")</c>.</summary>
[Collection(nameof(KernelFormattersTests))]
public class KernelFormattersTests
{
    static KernelFormattersTests() => KitFormatters.Register();

    static string Html(object value) => value.ToDisplayString("text/html");

    [Fact]
    public void Report_renders_as_the_html_table()
    {
        var report = ClassificationReportTests.Animal(bootstrap: 100);
        Assert.Equal(EvaluationHtml.Report(report), Html(report));
    }

    [Fact]
    public void Tensor_image_and_history_render_as_html()
    {
        using var t = ones(2, 3);
        Assert.Contains("Tensor [2, 3] Float32 on cpu", Html(t));
        using var image = new Image<Rgb24>(4, 4);
        Assert.StartsWith("<img src=\"data:image/png;base64,", Html(image));
        List<EpochRecord> history = [new(1, 0.5, 0.6, 0.7, 0.8, 1)];
        Assert.Equal(HistoryHtml.Table(history), Html(history));
        ConfusedPair[] pairs = [new("cat", "dog", 2)];
        Assert.Equal(EvaluationHtml.MostConfused(pairs), Html(pairs));
    }

    [Fact]
    public void Datasets_and_views_render_as_html()
    {
        var data = Photos.CatsDogs(perClass: 2);
        Assert.Equal(DataHtml.Summary(data), Html(data));
        Assert.Equal(DataHtml.Summary(data.Val), Html(data.Val));
        Assert.Equal("<p>hi</p>", Html(new HtmlView("<p>hi</p>")));
    }

    [Fact]
    public void Charts_render_as_fragments_with_plotly_js_once_per_session()
    {
        PlotlyOnce.Session.Reset();
        var report = ClassificationReportTests.Animal();
        var first = Html(EvaluationCharts.ConfusionMatrix(report));
        var second = Html(EvaluationCharts.PerClassMetrics(report));
        Assert.Contains("* plotly.js v", first);
        Assert.DoesNotContain("* plotly.js v", second);
        Assert.Contains("Plotly.newPlot('", second);
        Assert.DoesNotContain("cdn.plot.ly", first + second);
    }

    [Fact]
    public void Charts_and_chart_views_carry_a_text_summary_for_viewers_without_scripts()
    {
        var chart = EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal());
        Assert.Equal(ChartSummary.Text(chart), chart.ToDisplayString("text/plain"));
        Assert.Equal(["text/html", "image/svg+xml", "text/plain"], Formatter.GetPreferredMimeTypesFor(chart.GetType()));
        Assert.Equal(ChartSvg.Render(chart), chart.ToDisplayString("image/svg+xml"));
        Assert.Equal("summary", new HtmlView("<div></div>") { PlainText = "summary" }.ToDisplayString("text/plain"));
        Assert.Equal("<svg/>", new HtmlView("<div></div>") { Svg = "<svg/>" }.ToDisplayString("image/svg+xml"));
    }

    [Fact]
    public void Show_sends_html_and_charts_to_the_registered_display()
    {
        var display = new FakeDisplay();
        NotebookDisplay.Register(display);
        try
        {
            PlotlyOnce.Session.Reset();
            Show.Html("<p>gallery</p>");
            Show.Chart(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal()));
            Show.Chart(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal()));
            Assert.Equal(3, display.Outputs.Count);
            Assert.Equal("<p>gallery</p>", display.Outputs[0][0]);
            Assert.Contains("* plotly.js v", display.Outputs[1][0]);
            Assert.DoesNotContain("* plotly.js v", display.Outputs[2][0]);
            Assert.Null(display.PlainTexts[0]);
            Assert.Equal(ChartSummary.Text(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal())), display.PlainTexts[1]);
            Assert.Null(display.Svgs[0]);
            Assert.Equal(ChartSvg.Render(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal())), display.Svgs[1]);
            Assert.Contains($"class=\"{ChartHtml.FallbackClass}\"", display.Outputs[2][0]);
        }
        finally { NotebookDisplay.Register(null); }
    }

    [Fact]
    public void Html_view_page_adds_plotly_only_for_charts()
    {
        Assert.DoesNotContain("<script", new HtmlView("<p>x</p>").Page());
        var page = new HtmlView(ChartHtml.Fragment(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal())), "t").Page();
        Assert.Contains("* plotly.js v", page);
        Assert.StartsWith("<!DOCTYPE html>", page);
    }
}
