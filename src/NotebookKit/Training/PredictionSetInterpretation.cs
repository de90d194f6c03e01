using NotebookKit.Evaluation;

namespace NotebookKit.Training;

/// <summary>Evaluation's plain-array helpers applied to a <see cref="PredictionSet"/>, with image paths as sample ids.</summary>
public static class PredictionSetInterpretation
{
    /// <summary>The classification report of the predictions (arg-max class, with probabilities and bootstrap intervals).</summary>
    public static ClassificationReport Report(this PredictionSet predictions, int? bootstrapSamples = 1000, int seed = Kit.Seed) =>
        ClassificationReport.Compute(predictions.Classes, predictions.Labels, predictions.Predicted, predictions.Probabilities, bootstrapSamples, seed);

    /// <summary>Samples ranked by cross-entropy loss, highest first; ids are the image paths.</summary>
    public static IReadOnlyList<SampleLoss> TopLosses(this PredictionSet predictions, int? count = null) =>
        Interpretation.TopLosses(predictions.Paths, predictions.Classes, predictions.Labels, predictions.Probabilities, count);

    /// <summary>Only the wrong predictions, highest loss first.</summary>
    public static IReadOnlyList<SampleLoss> Misclassified(this PredictionSet predictions, int? count = null)
    {
        var wrong = predictions.TopLosses().Where(l => l.True != l.Predicted);
        return (count is { } k ? wrong.Take(k) : wrong).ToArray();
    }

    /// <summary>Likely label errors (confident learning); meaningful for out-of-fold predictions such as <see cref="FrozenBackbone.OutOfFold"/>'s.</summary>
    public static IReadOnlyList<LabelIssue> LabelIssues(this PredictionSet predictions) =>
        Evaluation.LabelIssues.Find(predictions.Classes, predictions.Paths, predictions.Labels, predictions.Probabilities);
}
