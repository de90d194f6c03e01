namespace NotebookKit.Training;

/// <summary>
/// Hooks into <see cref="Learner.Fit"/> (fastai callbacks, Keras callbacks). Every hook is optional.
/// Call <see cref="FitContext.Stop"/> to end the fit after the current batch or epoch.
/// </summary>
public interface ICallback
{
    void OnFitBegin(FitContext context) { }
    void OnEpochBegin(FitContext context) { }
    /// <summary>Before a training step, once its batch is loaded (so a callback can time the step alone).</summary>
    void OnBatchBegin(FitContext context) { }
    /// <summary>After an optimizer step: <paramref name="loss"/> is the batch's mean training loss.</summary>
    void OnBatchEnd(FitContext context, double loss) { }
    /// <summary>After validation; <paramref name="record"/> is already in the learner's history.</summary>
    void OnEpochEnd(FitContext context, EpochRecord record) { }
    /// <summary>When the fit ends normally or was stopped by a callback (not on cancellation or an exception).</summary>
    void OnFitEnd(FitContext context) { }
    /// <summary>When the fit ends by cancellation or an exception (which is then rethrown).</summary>
    void OnFitFailed(FitContext context, Exception error) { }
}
