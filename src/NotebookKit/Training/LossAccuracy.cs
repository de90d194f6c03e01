namespace NotebookKit.Training;

/// <summary>Mean loss and accuracy of a model on a dataset.</summary>
public sealed record LossAccuracy(double Loss, double Accuracy);
