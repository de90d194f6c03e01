using NotebookKit.Tests.Evaluation;
using NotebookKit.Visualization;
using Xunit;
using static NotebookKit.Tests.Visualization.ChartJson;

namespace NotebookKit.Tests.Visualization;

public class EvaluationChartsTests
{
    [Fact]
    public void Confusion_matrix_is_a_heatmap_of_row_normalised_values_with_count_annotations()
    {
        var json = new ChartJson(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal()));
        var trace = Assert.Single(json.Traces);
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(["cat", "dog", "bird"], Strings(trace.GetProperty("x")));
        Assert.Equal(["cat", "dog", "bird"], Strings(trace.GetProperty("y")));
        var z = trace.GetProperty("z").EnumerateArray().Select(Numbers).ToArray();
        Assert.Equal([0.75, 0.25, 0.0], z[0]);
        Assert.Equal([0.0, 0.25, 0.75], z[2]);

        var texts = json.LayoutArray("annotations").Select(a => a.GetProperty("text").GetString() ?? "").ToArray();
        Assert.Equal(9, texts.Length);
        Assert.Contains("3<br>(75%)", texts);
        Assert.Contains("1<br>(50%)", texts);
        Assert.Equal("reversed", json.Layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        AssertNotForcedNumeric(json);
    }

    /// <summary>Class names need category axes: a forced "linear" type would make plotly.js drop them.</summary>
    private static void AssertNotForcedNumeric(ChartJson json)
    {
        foreach (var axis in new[] { "xaxis", "yaxis" })
            Assert.False(json.Layout.GetProperty(axis).TryGetProperty("type", out _), $"{axis} should have no forced type");
    }

    [Fact]
    public void Confusion_matrix_rejects_a_matrix_of_the_wrong_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => EvaluationCharts.ConfusionMatrix(["a", "b"], [[1, 2]]));
        Assert.Contains("2×2", e.Message);
    }

    [Fact]
    public void Per_class_metrics_are_three_grouped_bar_traces()
    {
        var json = new ChartJson(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal()));
        var traces = json.Traces;
        Assert.Equal(["precision", "recall", "f1"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t =>
        {
            Assert.Equal("bar", t.GetProperty("type").GetString());
            Assert.Equal(["cat", "dog", "bird"], Strings(t.GetProperty("x")));
        });
        Assert.Equal([0.75, 0.5, 0.75], Numbers(traces[1].GetProperty("y")));
        Assert.Equal(0.4, Numbers(traces[2].GetProperty("y"))[1], 12);
        Assert.Equal("group", json.Layout.GetProperty("barmode").GetString());
        AssertNotForcedNumeric(json);
    }

    [Fact]
    public void Roc_chart_has_the_curve_and_the_chance_diagonal()
    {
        var roc = NotebookKit.Evaluation.BinaryCurves.Roc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
        var traces = new ChartJson(EvaluationCharts.Roc(roc)).Traces;
        Assert.Equal(["ROC (AUC 0.750)", "chance"], traces.Select(t => t.GetProperty("name").GetString() ?? ""));
        Assert.Equal([0, 0, 0.5, 0.5, 1], Numbers(traces[0].GetProperty("x")));
        Assert.Equal([0, 0.5, 0.5, 1, 1], Numbers(traces[0].GetProperty("y")));
        Assert.Equal([0, 1], Numbers(traces[1].GetProperty("y")));
    }

    [Fact]
    public void Precision_recall_chart_plots_precision_against_recall()
    {
        var pr = NotebookKit.Evaluation.BinaryCurves.PrecisionRecall([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
        var trace = Assert.Single(new ChartJson(EvaluationCharts.PrecisionRecall(pr)).Traces);
        Assert.Equal("PR (AP 0.833)", trace.GetProperty("name").GetString());
        Assert.Equal(pr.Recall, Numbers(trace.GetProperty("x")));
        Assert.Equal(pr.Precision, Numbers(trace.GetProperty("y")));
    }
}
