namespace NotebookKit.Training.Callbacks;

/// <summary>
/// Reports batches done per epoch, each finished epoch and the fit's end (normal, stopped, cancelled or failed) as
/// <see cref="TrainingProgress"/> (CLI bars, notebook widgets): the end lets a display render its final state.
/// </summary>
public sealed class ProgressCallback(IProgress<TrainingProgress> progress) : ICallback
{
    public void OnBatchEnd(FitContext context, double loss) =>
        progress.Report(new TrainingProgress(Stage(context), context.Batch + 1, context.StepsPerEpoch) { InFit = true });

    public void OnEpochEnd(FitContext context, EpochRecord record) =>
        progress.Report(new TrainingProgress(Stage(context), context.Epoch + 1, context.Epochs, record) { InFit = true });

    public void OnFitEnd(FitContext context) =>
        progress.Report(new TrainingProgress(Stage(context), context.Epoch + 1, context.Epochs) { InFit = true, FitEnded = true });

    public void OnFitFailed(FitContext context, Exception error) =>
        progress.Report(new TrainingProgress(Stage(context), context.Epoch, context.Epochs)
        {
            InFit = true,
            FitEnded = true,
            Failure = error is OperationCanceledException ? "cancelled" : error.GetType().Name,
        });

    static string Stage(FitContext context) => $"{context.Stage} epoch {context.Epoch + 1}/{context.Epochs}";
}
