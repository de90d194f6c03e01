namespace NotebookKit.Training;

/// <summary>
/// A callback whose state belongs in a checkpoint, so a resumed fit behaves exactly as the uninterrupted one would
/// (<see cref="Callbacks.SaveBest"/>'s best weights, <see cref="Callbacks.EarlyStopping"/>'s patience counter).
/// <see cref="Learner.SaveCheckpoint(string)"/> writes the state of the running fit's callbacks; when a fit resumes
/// from a checkpoint, each callback gets its state back right after <see cref="ICallback.OnFitBegin"/>.
/// </summary>
public interface ICheckpointState
{
    /// <summary>Identifies the state in the checkpoint; one callback per key and fit.</summary>
    string StateKey { get; }
    void SaveState(BinaryWriter writer);
    void LoadState(BinaryReader reader, Learner learner);
}
