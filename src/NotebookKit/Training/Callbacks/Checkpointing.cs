namespace NotebookKit.Training.Callbacks;

/// <summary>Saves a resumable checkpoint after every epoch (atomically, over the previous one).</summary>
public sealed class Checkpointing(string path) : ICallback
{
    public string Path { get; } = path;

    public void OnEpochEnd(FitContext context, EpochRecord record) => context.Learner.SaveCheckpoint(Path);
}
