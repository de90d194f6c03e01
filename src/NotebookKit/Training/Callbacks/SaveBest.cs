namespace NotebookKit.Training.Callbacks;

/// <summary>
/// Keeps a copy of the weights (parameters and BatchNorm statistics) of the epoch where <see cref="Monitor"/>
/// was best, and puts them back when the fit ends (Keras' ModelCheckpoint(save_best_only) + restore_best_weights).
/// The copy lives in memory; the optimizer state is not rolled back.
/// </summary>
public sealed class SaveBest(Monitored? monitor = null) : ICallback, IDisposable
{
    double best = double.NaN;
    ModelSnapshot? snapshot;

    public Monitored Monitor { get; } = monitor ?? Monitored.ValLoss;
    public int BestEpoch { get; private set; }

    public void OnFitBegin(FitContext context)
    {
        (best, BestEpoch) = (double.NaN, 0);
        Dispose();
    }

    public void OnEpochEnd(FitContext context, EpochRecord record)
    {
        var value = Monitor.Value(record);
        if (!Monitor.Improves(value, best)) return;
        (best, BestEpoch) = (value, record.Epoch);
        Dispose();
        snapshot = ModelSnapshot.Take(context.Learner.Model);
    }

    public void OnFitEnd(FitContext context)
    {
        snapshot?.RestoreInto(context.Learner.Model);
        Dispose();
    }

    public void Dispose()
    {
        snapshot?.Dispose();
        snapshot = null;
    }
}
