using System.Text.RegularExpressions;
using NotebookKit.Notebooks;
using NotebookKit.Tests.Evaluation;
using NotebookKit.Visualization;

namespace NotebookKit.Tests.Interactive;

public class PlotlyOnceTests
{
    [Fact]
    public void Only_the_first_fragment_carries_the_library()
    {
        var once = new PlotlyOnce(() => "LIB");
        Assert.False(once.HasInjected);
        Assert.Equal("<script type=\"text/javascript\">LIB</script>\n<div>a</div>", once.Wrap("<div>a</div>"));
        Assert.Equal("<div>b</div>", once.Wrap("<div>b</div>"));
        Assert.True(once.HasInjected);
        once.Reset();
        Assert.StartsWith("<script", once.Wrap("<div>c</div>"));
    }

    [Fact]
    public void Concurrent_first_charts_inject_exactly_once()
    {
        var once = new PlotlyOnce(() => "LIB");
        var outputs = new string[64];
        Parallel.For(0, outputs.Length, i => outputs[i] = once.Wrap($"<div>{i}</div>"));
        Assert.Single(outputs, o => o.Contains("LIB"));
    }

    [Fact]
    public void Chart_html_inlines_the_bundled_plotly_js_before_the_plot_call_and_no_cdn()
    {
        var once = new PlotlyOnce();
        var first = once.Html(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal()));
        var second = once.Html(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal()));

        Assert.Single(Regex.Matches(first, Regex.Escape("* plotly.js v" + ChartHtml.PlotlyJsVersion)));
        Assert.True(first.IndexOf("* plotly.js v", StringComparison.Ordinal) < first.IndexOf("Plotly.newPlot('", StringComparison.Ordinal));
        Assert.DoesNotContain("* plotly.js v", second);
        Assert.Contains("Plotly.newPlot('", second);
        Assert.DoesNotContain("cdn.plot.ly", first + second);
        Assert.DoesNotContain("require.config", first + second);
    }
}
