using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NotebookKit.Visualization;

/// <summary>Charts of the training process: loss/accuracy curves, learning-rate schedules, the LR finder.</summary>
public static class TrainingCharts
{
    /// <summary>
    /// Loss (left) and accuracy (right) per epoch, train and validation. When <see cref="EpochRecord.Stage"/> changes
    /// (e.g. "head" → "fine-tune"), a dashed line between the epochs marks where the new stage began.
    /// </summary>
    /// <exception cref="ArgumentException">The history is empty.</exception>
    public static GenericChart Curves(IReadOnlyList<EpochRecord> history, string? title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new ArgumentException("history is empty: there is nothing to plot.", nameof(history));
        var epochs = history.Select(h => h.Epoch).ToArray();

        GenericChart Panel(string metric, Func<EpochRecord, double> train, Func<EpochRecord, double> val, bool showLegend) =>
            CSharpChart.Combine([
                CSharpChart.Line<int, double, string>(epochs, history.Select(train), ShowMarkers: true, Name: "train",
                    ShowLegend: showLegend, LineColor: Color.fromString("#1f77b4"), MarkerColor: Color.fromString("#1f77b4")),
                CSharpChart.Line<int, double, string>(epochs, history.Select(val), ShowMarkers: true, Name: "validation",
                    ShowLegend: showLegend, LineColor: Color.fromString("#ff7f0e"), MarkerColor: Color.fromString("#ff7f0e")),
            ]).AxisTitles("epoch", metric);

        var chart = CSharpChart.Grid(
            [Panel("loss", h => h.TrainLoss, h => h.ValLoss, true), Panel("accuracy", h => h.TrainAccuracy, h => h.ValAccuracy, false)],
            1, 2, SubPlotTitles: new[] { "Loss", "Accuracy" });

        var starts = StageStarts(history);
        foreach (var (axis, yAxis) in new[] { ("x", "y"), ("x2", "y2") })
        {
            chart = chart.WithShapes(starts.Select(s => ChartStyle.VerticalLine(s.X, axis, yAxis)))
                         .WithAnnotations(starts.Select(s => ChartStyle.TopLabel(s.Stage, s.X, axis, yAxis)));
        }
        return chart.Titled(title).Sized(1000, 450);
    }

    /// <summary>Half-way points between the last epoch of one stage and the first of the next.</summary>
    internal static IReadOnlyList<(double X, string Stage)> StageStarts(IReadOnlyList<EpochRecord> history)
    {
        var starts = new List<(double, string)>();
        for (int i = 1; i < history.Count; i++)
            if (history[i].Stage is { } stage && stage != history[i - 1].Stage)
                starts.Add(((history[i - 1].Epoch + history[i].Epoch) / 2.0, stage));
        return starts;
    }

    /// <summary>Learning rate against optimizer step, e.g. a one-cycle or cosine schedule.</summary>
    /// <param name="logScale">Plot the rate on a log axis (useful when it spans decades).</param>
    /// <exception cref="ArgumentException">The lists differ in length or are empty.</exception>
    public static GenericChart LearningRateSchedule(
        IReadOnlyList<int> steps, IReadOnlyList<double> learningRates, bool logScale = false, string? title = "Learning-rate schedule")
    {
        CheckPairs(steps.Count, learningRates.Count, nameof(learningRates), nameof(steps));
        return CSharpChart.Line<int, double, string>(steps, learningRates, Name: "lr")
            .AxisTitles("step", "learning rate", logY: logScale)
            .Titled(title);
    }

    /// <summary>Learning rate of each parameter group per epoch, from the training history (one line per group).</summary>
    /// <exception cref="ArgumentException">No record carries learning rates.</exception>
    public static GenericChart LearningRateSchedule(IReadOnlyList<EpochRecord> history, bool logScale = true, string? title = "Learning rate per epoch")
    {
        ArgumentNullException.ThrowIfNull(history);
        var withRates = history.Where(h => h.LearningRates is { Count: > 0 }).ToArray();
        if (withRates.Length == 0) throw new ArgumentException("No history row has LearningRates.", nameof(history));
        int groups = withRates.Max(h => h.LearningRates!.Count);
        var lines = Enumerable.Range(0, groups).Select(g =>
        {
            var rows = withRates.Where(h => h.LearningRates!.Count > g).ToArray();
            return CSharpChart.Line<int, double, string>(rows.Select(h => h.Epoch), rows.Select(h => h.LearningRates![g]),
                ShowMarkers: true, Name: groups == 1 ? "lr" : $"group {g}");
        });
        return CSharpChart.Combine(lines).AxisTitles("epoch", "learning rate", logY: logScale).Titled(title);
    }

    /// <summary>
    /// The LR range test (fastai's lr_find): loss against learning rate on a log axis, with the suggested rate
    /// marked by a dashed line and a point on the curve.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, or a learning rate is not positive.</exception>
    public static GenericChart LrFinder(
        IReadOnlyList<double> learningRates, IReadOnlyList<double> losses, double? suggestion = null, string? title = "Learning-rate finder")
    {
        CheckPairs(learningRates.Count, losses.Count, nameof(losses), nameof(learningRates));
        if (learningRates.Any(lr => !(lr > 0))) throw new ArgumentException("learningRates must all be positive for a log axis.", nameof(learningRates));
        var curve = CSharpChart.Line<double, double, string>(learningRates, losses, Name: "loss");
        if (suggestion is not { } lr) return curve.AxisTitles("learning rate", "loss", logX: true).Titled(title);
        if (!(lr > 0)) throw new ArgumentException($"suggestion is {lr}; it must be positive.", nameof(suggestion));

        // Mark the curve at the recorded rate closest to the suggestion on the log scale.
        int nearest = Enumerable.Range(0, learningRates.Count).MinBy(i => Math.Abs(Math.Log(learningRates[i]) - Math.Log(lr)));
        var marker = CSharpChart.Point<double, double, string>([lr], [losses[nearest]], Name: $"suggestion {lr:0.##e+0}",
            MarkerColor: Color.fromString("#d62728"), MarkerSymbol: StyleParam.MarkerSymbol.Diamond);
        // plotly.js 2.28 places shapes on a log axis by data value (not its log10, unlike axis ranges): checked in Chromium.
        return CSharpChart.Combine([curve, marker])
            .AxisTitles("learning rate", "loss", logX: true)
            .WithShapes([ChartStyle.VerticalLine(lr)])
            .Titled(title);
    }

    private static void CheckPairs(int expected, int actual, string name, string reference)
    {
        if (expected == 0) throw new ArgumentException($"{reference} is empty: there is nothing to plot.", reference);
        if (expected != actual) throw new ArgumentException($"{name} has length {actual} but {reference} has length {expected}.", name);
    }
}
