namespace NotebookKit.Training.Callbacks;

/// <summary>
/// Keeps a copy of the weights (parameters and BatchNorm statistics) of the epoch where <see cref="Monitor"/>
/// was best, and puts them back when the fit ends (Keras' ModelCheckpoint(save_best_only) + restore_best_weights).
/// The kit's one best-epoch rule. The copy lives in memory; the optimizer state is not rolled back.
/// </summary>
public sealed class SaveBest(Monitored? monitor = null) : ICallback, IDisposable
{
    EpochRecord? best;
    ModelSnapshot? snapshot;

    public Monitored Monitor { get; } = monitor ?? Monitored.ValLoss;
    /// <summary>The epoch (history numbering) whose weights the fit ended with; 0 before any epoch.</summary>
    public int BestEpoch => best?.Epoch ?? 0;

    public void OnFitBegin(FitContext context)
    {
        best = null;
        Dispose();
    }

    public void OnEpochEnd(FitContext context, EpochRecord record)
    {
        if (!Monitor.IsBetter(record, best)) return;
        best = record;
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
