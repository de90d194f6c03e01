namespace NotebookKit.Training;

/// <summary>
/// What a long operation reports through <see cref="IProgress{T}"/>: each front end renders it its own way
/// (a Spectre bar in a terminal, a live bar in a notebook, nothing in a test).
/// </summary>
/// <param name="Stage">e.g. "features train", "epoch 3/10".</param>
/// <param name="Done">Units done in this stage (batches, images).</param>
/// <param name="Total">Units in this stage.</param>
/// <param name="Epoch">Set when an epoch has just finished.</param>
public sealed record TrainingProgress(string Stage, int Done, int Total, EpochRecord? Epoch = null)
{
    /// <summary>Reported by a fit (its batches and epochs), as opposed to caching or prediction around it.</summary>
    public bool InFit { get; init; }

    /// <summary>The fit is over (done, stopped early, cancelled or failed): a display renders its final state.</summary>
    public bool FitEnded { get; init; }

    /// <summary>Why the fit ended early when it was cancelled or failed; null when it ended normally or was stopped by a callback.</summary>
    public string? Failure { get; init; }
}
