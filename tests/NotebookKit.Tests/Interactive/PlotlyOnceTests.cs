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
        Assert.Equal(PlotlyScript.For("LIB") + "\n<div>a</div>", once.Wrap("<div>a</div>"));
        Assert.Equal("<div>b</div>", once.Wrap("<div>b</div>"));
        Assert.True(once.HasInjected);
        once.Reset();
        Assert.StartsWith("<script", once.Wrap("<div>c</div>"));
    }

    [Fact]
    public void The_library_runs_with_any_AMD_define_hidden_and_the_loader_put_back_after()
    {
        var tag = PlotlyScript.For("LIB");
        Assert.StartsWith("<script type=\"text/javascript\">", tag);
        Assert.EndsWith("</script>", tag);
        var hide = tag.IndexOf("window.define = undefined;", StringComparison.Ordinal);
        var restore = tag.IndexOf("finally { window.define = amd; }", StringComparison.Ordinal);
        Assert.InRange(tag.IndexOf("LIB", StringComparison.Ordinal), hide + 1, restore - 1);
        Assert.Contains("var amd = window.define;", tag[..hide]);
        // Every page the kit writes loads plotly.js this way.
        Assert.Contains(PlotlyScript.Tag, ChartHtml.Standalone(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal())));
        Assert.Contains(PlotlyScript.Tag, new HtmlView(ChartHtml.Fragment(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal()))).Page());
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
