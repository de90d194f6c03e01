namespace NotebookKit.Evaluation;

/// <summary>Evaluation of a <see cref="PredictionSet"/> (any model's probabilities for labelled samples), with image paths as sample ids.</summary>
public static class PredictionSetEvaluation
{
    /// <summary>The classification report of the predictions (arg-max class, with probabilities and bootstrap intervals).</summary>
    public static ClassificationReport Report(this PredictionSet predictions, int? bootstrapSamples = 1000, int seed = Seeds.Default) =>
        ClassificationReport.Compute(predictions.Classes, predictions.Labels, predictions.Predicted, predictions.Probabilities, bootstrapSamples, seed);

    /// <summary>Samples ranked by cross-entropy loss, highest first.</summary>
    public static IReadOnlyList<SampleLoss> TopLosses(this PredictionSet predictions, int? count = null) =>
        Interpretation.TopLosses(predictions.Paths, predictions.Classes, predictions.Labels, predictions.Probabilities, count);

    /// <summary>Only the wrong predictions, highest loss first.</summary>
    public static IReadOnlyList<SampleLoss> Misclassified(this PredictionSet predictions, int? count = null)
    {
        var wrong = predictions.TopLosses().Where(l => l.True != l.Predicted);
        return (count is { } k ? wrong.Take(k) : wrong).ToArray();
    }

    /// <summary>Likely label errors (confident learning); meaningful for out-of-fold predictions (<c>OutOfFold.GetPreds</c>).</summary>
    public static IReadOnlyList<LabelIssue> LabelIssues(this PredictionSet predictions) =>
        Evaluation.LabelIssues.Find(predictions.Classes, predictions.Paths, predictions.Labels, predictions.Probabilities);

    /// <summary>The confident-learning bar of each class that has photos (its mean probability on them), as "class ≥ p" text.</summary>
    public static string LabelThresholds(this PredictionSet predictions) => string.Join(", ",
        Evaluation.LabelIssues.Thresholds(predictions.Classes.Count, predictions.Labels, predictions.Probabilities)
            .Select((t, k) => (t, k)).Where(x => double.IsFinite(x.t))
            .Select(x => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{predictions.Classes[x.k]} ≥ {x.t:0.00}")));
}
