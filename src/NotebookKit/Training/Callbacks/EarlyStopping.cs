namespace NotebookKit.Training.Callbacks;

/// <summary>Keras' EarlyStopping: stops when <see cref="Monitor"/> has not improved for <see cref="Patience"/> epochs.</summary>
public sealed class EarlyStopping(int patience = 3, Monitored? monitor = null, double minDelta = 0) : ICallback, ICheckpointState
{
    double best = double.NaN;
    int wait;

    public int Patience { get; } = patience;
    public Monitored Monitor { get; } = monitor ?? Monitored.ValLoss;
    /// <summary>The epoch (history numbering) whose value was best so far.</summary>
    public int BestEpoch { get; private set; }

    public void OnFitBegin(FitContext context) => (best, wait, BestEpoch) = (double.NaN, 0, 0);

    public void OnEpochEnd(FitContext context, EpochRecord record)
    {
        var value = Monitor.Value(record);
        if (Monitor.Improves(value, best, minDelta)) { (best, wait, BestEpoch) = (value, 0, record.Epoch); return; }
        if (++wait >= Patience) context.Stop($"early stopping: {Monitor} did not improve for {Patience} epochs (best {best:G4} at epoch {BestEpoch})");
    }

    public string StateKey => $"early-stopping:{Monitor}";

    public void SaveState(BinaryWriter writer)
    {
        writer.Write(best);
        writer.Write(wait);
        writer.Write(BestEpoch);
    }

    public void LoadState(BinaryReader reader, Learner learner) => (best, wait, BestEpoch) = (reader.ReadDouble(), reader.ReadInt32(), reader.ReadInt32());
}
