using NotebookKit.Visualization;
using Xunit;
using static NotebookKit.Tests.Visualization.ChartJson;

namespace NotebookKit.Tests.Visualization;

public class ExperimentAndFeatureChartsTests
{
    [Fact]
    public void Experiment_grid_is_an_annotated_heatmap_with_blank_missing_runs()
    {
        double[][] values = [[0.91, 0.93, double.NaN], [0.88, 0.9, 0.95]];
        var json = new ChartJson(ExperimentCharts.Grid(["resnet18", "resnet50"], ["1e-4", "1e-3", "1e-2"], values));
        var trace = Assert.Single(json.Traces);
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(["resnet18", "resnet50"], Strings(trace.GetProperty("y")));
        Assert.Equal(["1e-4", "1e-3", "1e-2"], Strings(trace.GetProperty("x")));
        var firstRow = trace.GetProperty("z")[0].EnumerateArray().ToArray();
        Assert.Equal(0.93, firstRow[1].GetDouble());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Number, firstRow[2].ValueKind); // NaN is not a JSON number
        var texts = json.LayoutArray("annotations").Select(a => a.GetProperty("text").GetString() ?? "").ToArray();
        Assert.Equal(["0.910", "0.930", "", "0.880", "0.900", "0.950"], texts);
        Assert.Throws<ArgumentException>(() => ExperimentCharts.Grid(["a"], ["x", "y"], [[1.0]]));
    }

    [Fact]
    public void Scatter_has_one_marker_trace_per_label_in_first_appearance_order()
    {
        double[][] points = [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]];
        var json = new ChartJson(FeatureCharts.Scatter(points, ["dog", "cat", "dog", "bird", "cat"]));
        var traces = json.Traces;
        Assert.Equal(["dog", "cat", "bird"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal("markers", t.GetProperty("mode").GetString()));
        Assert.Equal([0, 2], Numbers(traces[0].GetProperty("x")));
        Assert.Equal([1, 4], Numbers(traces[1].GetProperty("y")));
        Assert.Throws<ArgumentException>(() => FeatureCharts.Scatter(points, ["a"]));
        Assert.Throws<ArgumentException>(() => FeatureCharts.Scatter([[1, 2, 3]], ["a"]));
    }

    [Fact]
    public void Pca_scatter_labels_axes_with_explained_variance()
    {
        var (data, _) = PcaTests.Elongated(200);
        var labels = Enumerable.Range(0, data.Length).Select(i => i % 2 == 0 ? "even" : "odd").ToArray();
        var json = new ChartJson(FeatureCharts.PcaScatter(data, labels));
        Assert.Equal(2, json.Traces.Length);
        Assert.Equal(100, json.Traces[0].GetProperty("x").GetArrayLength());
        var xTitle = json.Layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString();
        Assert.Matches(@"^PC1 \(\d+\.\d%\)$", xTitle);
    }
}
