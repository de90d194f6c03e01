namespace NotebookKit;

/// <summary>
/// One row of training history. It lives in the root namespace on purpose: Training emits it and
/// Evaluation/Visualization read it, so neither has to reference the other (or TorchSharp).
/// </summary>
/// <param name="Epoch">1-based epoch number, counted across stages.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="ValLoss">Validation loss after the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy in [0, 1].</param>
/// <param name="ValAccuracy">Validation accuracy in [0, 1].</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="LearningRates">Learning rate of each optimizer parameter group at the end of the epoch (e.g. backbone, head).</param>
/// <param name="Stage">Optional stage label such as "head" or "fine-tune"; a change of label marks where a new stage began.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double ValLoss,
    double TrainAccuracy,
    double ValAccuracy,
    double Seconds,
    IReadOnlyList<double>? LearningRates = null,
    string? Stage = null);
