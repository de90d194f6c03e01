namespace NotebookKit.Training;

/// <summary>What callbacks see of a running fit, and how they stop it.</summary>
public sealed class FitContext(Learner learner, string stage, int epochs, int stepsPerEpoch)
{
    public Learner Learner { get; } = learner;
    public string Stage { get; } = stage;
    /// <summary>Epochs of this fit.</summary>
    public int Epochs { get; } = epochs;
    public int StepsPerEpoch { get; } = stepsPerEpoch;
    /// <summary>0-based epoch within this fit.</summary>
    public int Epoch { get; internal set; }
    /// <summary>0-based batch within the epoch (the batch just finished, in OnBatchEnd).</summary>
    public int Batch { get; internal set; }
    public string? StopReason { get; private set; }
    public bool StopRequested => StopReason is not null;

    /// <summary>Ends the fit: after the current batch in OnBatchEnd (the epoch is then not recorded), else after the current epoch.</summary>
    public void Stop(string reason) => StopReason ??= reason;
}
