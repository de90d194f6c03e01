namespace NotebookKit.Training.Callbacks;

/// <summary>
/// Keeps a copy of the weights (parameters and BatchNorm statistics) of the epoch where <see cref="Monitor"/>
/// was best, and puts them back when the fit ends (Keras' ModelCheckpoint(save_best_only) + restore_best_weights).
/// The copy lives in memory, and in checkpoints (<see cref="ICheckpointState"/>), so a resumed run keeps the same
/// epoch as an uninterrupted one; the optimizer state is not rolled back.
/// </summary>
public sealed class SaveBest(Monitored? monitor = null) : ICallback, ICheckpointState, IDisposable
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

    public string StateKey => $"save-best:{Monitor}";

    public void SaveState(BinaryWriter writer)
    {
        writer.Write(best);
        writer.Write(BestEpoch);
        writer.Write(snapshot is not null);
        snapshot?.Save(writer);
    }

    public void LoadState(BinaryReader reader, Learner learner)
    {
        Dispose();
        best = reader.ReadDouble();
        BestEpoch = reader.ReadInt32();
        if (reader.ReadBoolean()) snapshot = ModelSnapshot.Load(reader, learner.Model);
    }

    public void Dispose()
    {
        snapshot?.Dispose();
        snapshot = null;
    }
}
