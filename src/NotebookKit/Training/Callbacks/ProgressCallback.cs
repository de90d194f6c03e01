namespace NotebookKit.Training.Callbacks;

/// <summary>Reports batches done per epoch and each finished epoch as <see cref="TrainingProgress"/> (CLI bars, notebook widgets).</summary>
public sealed class ProgressCallback(IProgress<TrainingProgress> progress) : ICallback
{
    public void OnBatchEnd(FitContext context, double loss) =>
        progress.Report(new TrainingProgress($"{context.Stage} epoch {context.Epoch + 1}/{context.Epochs}", context.Batch + 1, context.StepsPerEpoch));

    public void OnEpochEnd(FitContext context, EpochRecord record) =>
        progress.Report(new TrainingProgress($"{context.Stage} epoch {context.Epoch + 1}/{context.Epochs}", context.Epoch + 1, context.Epochs, record));
}
