using System.Diagnostics;
using Microsoft.Data.Analysis;

namespace NotebookKit.Training;

/// <summary>One run of an <see cref="ExperimentGrid"/>, scored on validation only.</summary>
public sealed record GridRun(string Strategy, double Lr, string Schedule, double ValAccuracy, double ValLoss, int Epochs, double Seconds);

/// <summary>
/// Freeze strategy × learning rate × schedule on the same data, every run from the same starting weights and
/// with the same seeds. Strategies run from most to least frozen, so each strategy's activation cache is built
/// once and reused by all its runs (a run only trains groups after the cached prefix). Runs are compared on the
/// validation split; the learner ends holding the best run's weights and freezing, so the test split is used once,
/// for the chosen setting (<c>learn.GetPreds(data.Test)</c>).
/// </summary>
public static class ExperimentGrid
{
    /// <param name="lrMult">Spread of discriminative rates: each run uses slice(lr/lrMult, lr); 1 means one rate for all groups.</param>
    /// <param name="bestEpoch">
    /// Each run keeps its epoch with the best validation accuracy (<see cref="Callbacks.SaveBest"/>), and its row reports that
    /// epoch: the number of epochs is then chosen on validation per run, up to <paramref name="epochs"/>. Otherwise the last epoch counts.
    /// </param>
    public static IReadOnlyList<GridRun> Run(Learner learner, IReadOnlyList<FreezeSpec> strategies, IReadOnlyList<double> lrs,
        IReadOnlyList<LrSchedule> schedules, int epochs, double lrMult = 1, Action<GridRun>? onRun = null, bool bestEpoch = false,
        CancellationToken cancellationToken = default)
    {
        using var start = ModelSnapshot.Take(learner.Model);
        var runs = new List<GridRun>();
        ModelSnapshot? best = null;
        FreezeSpec? bestStrategy = null;
        EpochRecord? bestRecord = null;
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
                using var saveBest = bestEpoch ? new Callbacks.SaveBest(Monitored.ValAccuracy) : null;
                var history = learner.Fit(epochs, rates, schedule, stage: strategy.Text, callbacks: saveBest is null ? null : [saveBest], cancellationToken: cancellationToken);
                var keptAt = saveBest is null ? history.Count - 1 : history.ToList().FindIndex(h => h.Epoch == saveBest.BestEpoch);
                var kept = history[keptAt];
                var run = new GridRun(strategy.Text, lr, schedule.ToString()!, kept.ValAccuracy, kept.ValLoss, keptAt + 1, clock.Elapsed.TotalSeconds);
                if (Monitored.ValAccuracy.IsBetter(kept, bestRecord))
                {
                    bestRecord = kept;
                    best?.Dispose();
                    best = ModelSnapshot.Take(learner.Model);
                    bestStrategy = strategy;
                }
                runs.Add(run);
                onRun?.Invoke(run);
            }
        }
        finally
        {
            (best ?? start).RestoreInto(learner.Model);
            learner.ResetProgress();
            bestStrategy?.ApplyTo(learner);
            best?.Dispose();
        }
        return runs;
    }

    /// <summary>Each strategy's best run (as <see cref="Chosen"/> picks among that strategy's runs), in the order the strategies first appear.</summary>
    public static IReadOnlyList<GridRun> BestPerStrategy(IReadOnlyList<GridRun> runs) =>
        [.. runs.GroupBy(r => r.Strategy).Select(g => Chosen([.. g]))];

    /// <summary>The run the grid keeps: best validation accuracy, ties to the lower validation loss, then the earlier run.</summary>
    public static GridRun Chosen(IReadOnlyList<GridRun> runs) => runs.Aggregate((a, b) => Monitored.ValAccuracy.IsBetter(Record(b), Record(a)) ? b : a);

    static EpochRecord Record(GridRun r) => new(r.Epochs, double.NaN, r.ValLoss, double.NaN, r.ValAccuracy, r.Seconds, [r.Lr], r.Strategy);

    /// <summary>The runs as a table: strategy, lr, schedule, val_accuracy, val_loss, epochs, seconds.</summary>
    public static DataFrame ToDataFrame(IEnumerable<GridRun> runs)
    {
        var rows = runs.ToList();
        return new DataFrame(
            new StringDataFrameColumn("strategy", rows.Select(r => r.Strategy)),
            new DoubleDataFrameColumn("lr", rows.Select(r => r.Lr)),
            new StringDataFrameColumn("schedule", rows.Select(r => r.Schedule)),
            new DoubleDataFrameColumn("val_accuracy", rows.Select(r => r.ValAccuracy)),
            new DoubleDataFrameColumn("val_loss", rows.Select(r => r.ValLoss)),
            new Int32DataFrameColumn("epochs", rows.Select(r => r.Epochs)),
            new DoubleDataFrameColumn("seconds", rows.Select(r => r.Seconds)));
    }
}
