namespace NotebookKit.Training.Callbacks;

/// <summary>Keras' TerminateOnNaN: stops as soon as a batch loss is NaN or infinite (the run has diverged).</summary>
public sealed class TerminateOnNaN : ICallback
{
    public void OnBatchEnd(FitContext context, double loss)
    {
        if (!double.IsFinite(loss)) context.Stop($"loss became {loss} at epoch {context.Epoch + 1}, batch {context.Batch + 1}");
    }
}
