using NotebookKit.Tests.Evaluation;
using NotebookKit.Visualization;

namespace NotebookKit.Tests.Visualization;

public class ChartSummaryTests
{
    [Fact]
    public void Bars_list_every_class_and_value_per_series()
    {
        var text = ChartSummary.Text(EvaluationCharts.PerClassMetrics(ClassificationReportTests.Animal()));
        var lines = text.Split('\n');
        Assert.Equal("Per-class metrics", lines[0]);
        // cat: 3 of 4 predicted cats are cats, 3 of 4 cats found; bird: 3 of 3 predicted birds, 3 of 4 birds.
        Assert.Contains(lines, l => l.StartsWith("- bar \"precision\": cat 0.75, dog 0.3333, bird 1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- bar \"recall\": cat 0.75, dog 0.5, bird 0.75", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("- bar \"f1\": ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_heat_map_gives_its_rows_columns_and_values()
    {
        var text = ChartSummary.Text(EvaluationCharts.ConfusionMatrix(ClassificationReportTests.Animal()));
        Assert.StartsWith("Confusion matrix\nx: predicted · y: true\n- heatmap: 3×3; rows cat, dog, bird; columns cat, dog, bird; values 0.75 0.25 0 | 0.5 0.5 0 | 0 0.25 0.75", text);
    }

    [Fact]
    public void Long_series_give_their_range_and_ends_and_panels_name_their_axis()
    {
        var history = Enumerable.Range(1, 20).Select(e => new EpochRecord(e, 1.0 / e, 1.5 / e, 0.5 + e / 100.0, 0.4 + e / 100.0, 1)).ToList();
        var lines = ChartSummary.Text(TrainingCharts.Curves(history)).Split('\n');
        Assert.Equal("Training curves", lines[0]);
        Assert.Contains("- scatter \"train\" (loss): 20 points, 0.05 to 1 (first 1 1, last 20 0.05)", lines);
        Assert.Contains("- scatter \"validation\" (accuracy): 20 points, 0.41 to 0.6 (first 1 0.41, last 20 0.6)", lines);
    }

    [Fact]
    public void A_scatter_gives_each_clusters_centre_and_spread_so_separated_clusters_read_as_separated()
    {
        // Two tight clusters whose y-ranges overlap because of one stray point each.
        double[][] points = [[-5, 0], [-5.2, 0.2], [-4.8, -0.2], [-5, 4], [5, 0], [5.2, 0.2], [4.8, -0.2], [5, -4]];
        string[] labels = ["cat", "cat", "cat", "cat", "dog", "dog", "dog", "dog"];
        var lines = ChartSummary.Text(FeatureCharts.Scatter(points, labels)).Split('\n');
        Assert.Contains("- scatter \"cat\": 4 points centred at (-5, 1), spread (sd) 0.1414 in x and 1.738 in y; x -5.2 to -4.8, y -0.2 to 4", lines);
        Assert.Contains(lines, l => l.StartsWith("- scatter \"dog\": 4 points centred at (5, -1), spread (sd) 0.1414 in x", StringComparison.Ordinal));
    }
}
