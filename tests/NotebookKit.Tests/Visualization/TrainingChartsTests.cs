using NotebookKit.Visualization;
using Xunit;
using static NotebookKit.Tests.Visualization.ChartJson;

namespace NotebookKit.Tests.Visualization;

public class TrainingChartsTests
{
    private static readonly EpochRecord[] History =
    [
        new(1, 1.2, 1.0, 0.50, 0.55, 10, [1e-3], "head"),
        new(2, 0.9, 0.8, 0.65, 0.70, 10, [1e-3], "head"),
        new(3, 0.6, 0.7, 0.80, 0.75, 20, [1e-5, 1e-4], "fine-tune"),
        new(4, 0.4, 0.65, 0.88, 0.78, 20, [5e-6, 5e-5], "fine-tune"),
    ];

    [Fact]
    public void Curves_have_train_and_validation_lines_for_loss_and_accuracy()
    {
        var json = new ChartJson(TrainingCharts.Curves(History));
        var traces = json.Traces;
        Assert.Equal(4, traces.Length);
        Assert.All(traces, t => Assert.Equal("scatter", t.GetProperty("type").GetString()));
        Assert.Equal(["train", "validation", "train", "validation"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1, 2, 3, 4], Numbers(traces[0].GetProperty("x")));
        Assert.Equal([1.2, 0.9, 0.6, 0.4], Numbers(traces[0].GetProperty("y")));
        Assert.Equal([1.0, 0.8, 0.7, 0.65], Numbers(traces[1].GetProperty("y")));
        Assert.Equal([0.50, 0.65, 0.80, 0.88], Numbers(traces[2].GetProperty("y")));
        Assert.Equal("x2", traces[3].GetProperty("xaxis").GetString());
    }

    [Fact]
    public void Curves_mark_the_start_of_fine_tuning_in_both_panels()
    {
        var json = new ChartJson(TrainingCharts.Curves(History));
        var shapes = json.LayoutArray("shapes");
        Assert.Equal(2, shapes.Length);
        Assert.All(shapes, s => Assert.Equal(2.5, s.GetProperty("x0").GetDouble()));
        Assert.Equal(["x", "x2"], shapes.Select(s => s.GetProperty("xref").GetString()).Order());
        Assert.Equal(2, json.LayoutArray("annotations").Count(a => a.GetProperty("text").GetString() == "fine-tune"));
    }

    [Fact]
    public void Curves_name_both_axes_of_both_panels_and_put_stage_labels_inside_below_the_panel_titles()
    {
        var json = new ChartJson(TrainingCharts.Curves(History));
        string Title(string axis) => json.Layout.GetProperty(axis).GetProperty("title").GetProperty("text").GetString()!;
        Assert.Equal(["epoch", "loss", "epoch", "accuracy"], [Title("xaxis"), Title("yaxis"), Title("xaxis2"), Title("yaxis2")]);
        var stages = json.LayoutArray("annotations").Where(a => a.GetProperty("text").GetString() == "fine-tune").ToList();
        Assert.All(stages, a => Assert.Equal("top", a.GetProperty("yanchor").GetString()));
        Assert.All(stages, a => Assert.True(a.GetProperty("y").GetDouble() <= 1));
    }

    [Fact]
    public void Curves_without_stage_changes_have_no_markers()
    {
        var plain = History.Select(h => h with { Stage = null }).ToArray();
        Assert.Empty(new ChartJson(TrainingCharts.Curves(plain)).LayoutArray("shapes"));
        Assert.Empty(TrainingCharts.StageStarts(plain));
        Assert.Equal([(2.5, "fine-tune")], TrainingCharts.StageStarts(History));
        Assert.Throws<ArgumentException>(() => TrainingCharts.Curves([]));
    }

    [Fact]
    public void Learning_rate_schedule_plots_steps_against_rates()
    {
        var json = new ChartJson(TrainingCharts.LearningRateSchedule([0, 1, 2], [0.1, 0.05, 0.01], logScale: true));
        var trace = Assert.Single(json.Traces);
        Assert.Equal([0, 1, 2], Numbers(trace.GetProperty("x")));
        Assert.Equal([0.1, 0.05, 0.01], Numbers(trace.GetProperty("y")));
        Assert.Equal("log", json.Layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.Throws<ArgumentException>(() => TrainingCharts.LearningRateSchedule([0, 1], [0.1]));
    }

    [Fact]
    public void Learning_rate_schedule_from_history_has_one_line_per_parameter_group()
    {
        var traces = new ChartJson(TrainingCharts.LearningRateSchedule(History)).Traces;
        Assert.Equal(["group 0", "group 1"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal([1e-3, 1e-3, 1e-5, 5e-6], Numbers(traces[0].GetProperty("y")));
        Assert.Equal([3, 4], Numbers(traces[1].GetProperty("x")));
    }

    [Fact]
    public void Lr_finder_uses_log_x_and_marks_the_suggestion()
    {
        double[] lrs = [1e-5, 1e-4, 1e-3, 1e-2, 1e-1];
        double[] losses = [2.3, 2.1, 1.4, 1.1, 3.5];
        var json = new ChartJson(TrainingCharts.LrFinder(lrs, losses, suggestion: 1.2e-3));
        Assert.Equal("log", json.Layout.GetProperty("xaxis").GetProperty("type").GetString());
        var traces = json.Traces;
        Assert.Equal(2, traces.Length);
        Assert.Equal(lrs, Numbers(traces[0].GetProperty("x")));
        Assert.Equal("markers", traces[1].GetProperty("mode").GetString());
        Assert.Equal([1.2e-3], Numbers(traces[1].GetProperty("x")));
        Assert.Equal([1.4], Numbers(traces[1].GetProperty("y")));
        var line = Assert.Single(json.LayoutArray("shapes"));
        Assert.Equal(1.2e-3, line.GetProperty("x0").GetDouble(), 12);
    }

    [Fact]
    public void Lr_finder_without_suggestion_is_just_the_curve()
    {
        var json = new ChartJson(TrainingCharts.LrFinder([1e-4, 1e-3], [2.0, 1.5]));
        Assert.Single(json.Traces);
        Assert.Empty(json.LayoutArray("shapes"));
        Assert.Throws<ArgumentException>(() => TrainingCharts.LrFinder([0, 1e-3], [2.0, 1.5]));
    }
}
