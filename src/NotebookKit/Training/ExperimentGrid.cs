using System.Diagnostics;
using Microsoft.Data.Analysis;

namespace NotebookKit.Training;

/// <summary>One run of an <see cref="ExperimentGrid"/>, scored on validation only.</summary>
/// <param name="Seconds">The run's own work (training and validation), after its strategy was warmed up: comparable between runs.</param>
public sealed record GridRun(string Strategy, double Lr, string Schedule, double ValAccuracy, double ValLoss, int Epochs, double Seconds);

/// <summary>
/// Freeze strategy × learning rate × schedule on the same data, every run from the same starting weights and
/// with the same seeds. Strategies run from most to least frozen, so each strategy's activation cache is built
/// once and reused by all its runs (a run only trains groups after the cached prefix). Runs are compared on the
/// validation split; the learner ends holding the best run's weights and freezing, so the test split is used once,
/// for the chosen setting (<c>learn.GetPreds(data.Test)</c>). Before a strategy's first timed run the grid warms it
/// up (its activation caches built, its training step compiled by the JIT, then the weights put back), so the seconds
/// column measures each run's work and identical work costs the same whichever run comes first.
/// </summary>
public static class ExperimentGrid
{
    /// <summary>Training batches of a strategy's warm-up: enough for the JIT to compile every step of the path.</summary>
    public const int WarmUpBatches = 2;

    /// <param name="lrMult">Spread of discriminative rates: each run uses slice(lr/lrMult, lr); 1 means one rate for all groups.</param>
    /// <param name="bestEpoch">
    /// Each run keeps its epoch with the best validation accuracy (<see cref="Callbacks.SaveBest"/>), and its row reports that
    /// epoch: the number of epochs is then chosen on validation per run, up to <paramref name="epochs"/>. Otherwise the last epoch counts.
    /// </param>
    public static IReadOnlyList<GridRun> Run(Learner learner, IReadOnlyList<FreezeSpec> strategies, IReadOnlyList<double> lrs,
        IReadOnlyList<LrSchedule> schedules, int epochs, double lrMult = 1, Action<GridRun>? onRun = null, bool bestEpoch = false,
        CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        return Run(learner, strategies, lrs, schedules, epochs, lrMult, onRun, bestEpoch, WarmUp, () => watch.Elapsed, cancellationToken);
    }

    /// <param name="warmUp">Run once per strategy before its first timed run (the weights are restored after it).</param>
    /// <param name="clock">Time since any fixed start (a test's fake clock).</param>
    internal static IReadOnlyList<GridRun> Run(Learner learner, IReadOnlyList<FreezeSpec> strategies, IReadOnlyList<double> lrs,
        IReadOnlyList<LrSchedule> schedules, int epochs, double lrMult, Action<GridRun>? onRun, bool bestEpoch,
        Action<Learner, LearningRates, LrSchedule, string, CancellationToken> warmUp, Func<TimeSpan> clock, CancellationToken cancellationToken)
    {
        using var start = ModelSnapshot.Take(learner.Model);
        var warm = new HashSet<string>();
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
                var rates = lrMult == 1 ? LearningRates.Uniform(lr) : LearningRates.Slice(lr / lrMult, lr);
                if (warm.Add(strategy.Text))
                {
                    start.RestoreInto(learner.Model);
                    learner.ResetProgress();
                    strategy.ApplyTo(learner);
                    warmUp(learner, rates, schedule, strategy.Text, cancellationToken);
                }
                start.RestoreInto(learner.Model);
                learner.ResetProgress();
                strategy.ApplyTo(learner);
                var started = clock();
                using var saveBest = bestEpoch ? new Callbacks.SaveBest(Monitored.ValAccuracy) : null;
                var history = learner.Fit(epochs, rates, schedule, stage: strategy.Text, callbacks: saveBest is null ? null : [saveBest], cancellationToken: cancellationToken);
                var keptAt = saveBest is null ? history.Count - 1 : history.ToList().FindIndex(h => h.Epoch == saveBest.BestEpoch);
                var kept = history[keptAt];
                var run = new GridRun(strategy.Text, lr, schedule.ToString()!, kept.ValAccuracy, kept.ValLoss, keptAt + 1, (clock() - started).TotalSeconds);
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

    /// <summary>
    /// The first <see cref="WarmUpBatches"/> training batches of the run, without validation or a progress display: builds
    /// the strategy's activation caches and lets the JIT compile its step. The caller restores the weights afterwards.
    /// </summary>
    static void WarmUp(Learner learner, LearningRates rates, LrSchedule schedule, string stage, CancellationToken cancellationToken)
    {
        var progress = learner.Progress;
        learner.Progress = null;
        try
        {
            learner.Fit(1, rates, schedule, stage: stage, callbacks: [new StopAfterBatches(WarmUpBatches)], cancellationToken: cancellationToken);
        }
        finally { learner.Progress = progress; }
    }

    sealed class StopAfterBatches(int batches) : ICallback
    {
        public void OnBatchEnd(FitContext context, double loss)
        {
            if (context.Batch + 1 >= batches) context.Stop($"{context.Stage}: warmed up on {batches} batches before timing");
        }
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
