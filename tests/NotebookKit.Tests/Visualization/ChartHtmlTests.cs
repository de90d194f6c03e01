using System.Text.RegularExpressions;
using NotebookKit.Tests.Evaluation;
using NotebookKit.Visualization;
using Plotly.NET;
using Xunit;

namespace NotebookKit.Tests.Visualization;

public class ChartHtmlTests
{
    private const string Banner = "* plotly.js v";
    private const string PlotCall = "Plotly.newPlot('"; // each chart's own call; plotly.js itself mentions newPlot too

    private static GenericChart[] SomeCharts()
    {
        var report = ClassificationReportTests.Animal();
        return
        [
            EvaluationCharts.ConfusionMatrix(report),
            EvaluationCharts.PerClassMetrics(report),
            TrainingCharts.LearningRateSchedule([0, 1, 2], [0.1, 0.05, 0.01]),
        ];
    }

    private static int Count(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    [Fact]
    public void Standalone_page_inlines_plotly_once_for_several_charts()
    {
        var html = ChartHtml.Standalone(SomeCharts(), "Run <1>");
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(1, Count(html, Banner));
        Assert.Equal(3, Count(html, PlotCall));
        Assert.Contains("<title>Run &lt;1&gt;</title>", html);
        Assert.True(html.IndexOf(Banner, StringComparison.Ordinal) < html.IndexOf(PlotCall, StringComparison.Ordinal));
    }

    [Fact]
    public void Standalone_page_has_no_remote_references()
    {
        var html = ChartHtml.Standalone(SomeCharts()[0]);
        Assert.DoesNotContain("cdn.", html);
        Assert.DoesNotContain("https://cdn", html);
        Assert.DoesNotMatch(@"<script[^>]+src=", html);
        Assert.True(html.Length > 3_000_000, "plotly.js (~3.6 MB) should be inlined");
    }

    [Fact]
    public void Fragment_has_the_chart_but_no_plotly_include()
    {
        var fragment = ChartHtml.Fragment(SomeCharts()[1]);
        Assert.StartsWith("<div", fragment);
        Assert.Equal(1, Count(fragment, PlotCall));
        Assert.Contains("\"type\":\"bar\"", fragment);
        Assert.DoesNotContain(Banner, fragment);
        Assert.DoesNotMatch(@"<script[^>]+src=", fragment);
        Assert.True(fragment.Length < 100_000);
    }

    [Fact]
    public void Bundled_plotly_js_is_found_in_the_plotly_net_assembly()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", ChartHtml.PlotlyJsVersion);
        Assert.Contains(Banner + ChartHtml.PlotlyJsVersion, ChartHtml.PlotlyJs);
    }

    [Fact]
    public void Save_writes_the_standalone_page()
    {
        var folder = Path.Combine(Path.GetTempPath(), "nbk-charthtml-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(folder, "sub", "report.html");
            ChartHtml.Save(path, SomeCharts(), "report");
            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Equal(1, Count(html, Banner));
            Assert.Equal(3, Count(html, PlotCall));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Standalone_needs_at_least_one_chart()
    {
        Assert.Throws<ArgumentException>(() => ChartHtml.Standalone(Array.Empty<GenericChart>()));
    }
}
