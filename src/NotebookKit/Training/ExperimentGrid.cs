using System.Diagnostics;
using Microsoft.Data.Analysis;

namespace NotebookKit.Training;

/// <summary>One run of an <see cref="ExperimentGrid"/>.</summary>
public sealed record GridRun(string Strategy, double Lr, string Schedule, double ValAccuracy, double TestAccuracy, int Epochs, double Seconds);

/// <summary>
/// Freeze strategy × learning rate × schedule on the same data, every run from the same starting weights and
/// with the same seeds. Strategies run from most to least frozen, so each strategy's activation cache is built
/// once and reused by all its runs (a run only trains groups after the cached prefix).
/// </summary>
public static class ExperimentGrid
{
    /// <param name="lrMult">Spread of discriminative rates: each run uses slice(lr/lrMult, lr); 1 means one rate for all groups.</param>
    public static IReadOnlyList<GridRun> Run(Learner learner, IReadOnlyList<FreezeSpec> strategies, IReadOnlyList<double> lrs,
        IReadOnlyList<LrSchedule> schedules, int epochs, double lrMult = 1, Action<GridRun>? onRun = null, CancellationToken cancellationToken = default)
    {
        using var start = ModelSnapshot.Take(learner.Model);
        var runs = new List<GridRun>();
        try
        {
            foreach (var strategy in strategies.OrderByDescending(s => s.FrozenCount(learner)))
            foreach (var lr in lrs)
            foreach (var schedule in schedules)
            {
                start.RestoreInto(learner.Model);
                learner.ResetProgress();
                strategy.ApplyTo(learner);
                var clock = Stopwatch.StartNew();
                var rates = lrMult == 1 ? LearningRates.Uniform(lr) : LearningRates.Slice(lr / lrMult, lr);
                var history = learner.Fit(epochs, rates, schedule, stage: strategy.Text, cancellationToken: cancellationToken);
                var test = learner.Test is null ? double.NaN : learner.Validate(learner.Test, cancellationToken).Accuracy;
                var run = new GridRun(strategy.Text, lr, schedule.ToString()!, history[^1].ValAccuracy, test, history.Count, clock.Elapsed.TotalSeconds);
                runs.Add(run);
                onRun?.Invoke(run);
            }
        }
        finally
        {
            start.RestoreInto(learner.Model);
            learner.ResetProgress();
        }
        return runs;
    }

    /// <summary>The runs as a table: strategy, lr, schedule, val_accuracy, test_accuracy, epochs, seconds.</summary>
    public static DataFrame ToDataFrame(IEnumerable<GridRun> runs)
    {
        var rows = runs.ToList();
        return new DataFrame(
            new StringDataFrameColumn("strategy", rows.Select(r => r.Strategy)),
            new DoubleDataFrameColumn("lr", rows.Select(r => r.Lr)),
            new StringDataFrameColumn("schedule", rows.Select(r => r.Schedule)),
            new DoubleDataFrameColumn("val_accuracy", rows.Select(r => r.ValAccuracy)),
            new DoubleDataFrameColumn("test_accuracy", rows.Select(r => r.TestAccuracy)),
            new Int32DataFrameColumn("epochs", rows.Select(r => r.Epochs)),
            new DoubleDataFrameColumn("seconds", rows.Select(r => r.Seconds)));
    }

    /// <summary><see cref="Run"/> and <see cref="ToDataFrame"/> in one call, ready to plot.</summary>
    public static DataFrame RunFrame(Learner learner, IReadOnlyList<FreezeSpec> strategies, IReadOnlyList<double> lrs,
        IReadOnlyList<LrSchedule> schedules, int epochs, double lrMult = 1, CancellationToken cancellationToken = default) =>
        ToDataFrame(Run(learner, strategies, lrs, schedules, epochs, lrMult, cancellationToken: cancellationToken));
}
