namespace NotebookKit.Evaluation;

/// <summary>An off-diagonal confusion-matrix cell: how often <paramref name="True"/> was predicted as <paramref name="Predicted"/>.</summary>
public sealed record ConfusedPair(string True, string Predicted, int Count);

/// <summary>One sample's cross-entropy loss, for inspecting the model's worst mistakes.</summary>
/// <param name="Id">Caller's identifier of the sample, e.g. its image path.</param>
/// <param name="Probability">Probability the model gave its predicted class.</param>
/// <param name="Loss">−ln p(true class), with p clipped at <see cref="ClassificationReport.LogLossEpsilon"/>.</param>
public sealed record SampleLoss(string Id, string True, string Predicted, double Probability, double Loss);

/// <summary>fastai-style interpretation helpers (most_confused, top_losses) over plain results.</summary>
public static class Interpretation
{
    /// <summary>Off-diagonal cells with at least <paramref name="minCount"/> samples, most frequent first (ties in class order).</summary>
    public static IReadOnlyList<ConfusedPair> MostConfused(ClassificationReport report, int minCount = 1)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCount, 1);
        var pairs = new List<ConfusedPair>();
        for (int t = 0; t < report.Classes.Count; t++)
            for (int p = 0; p < report.Classes.Count; p++)
                if (t != p && report.ConfusionMatrix[t][p] >= minCount)
                    pairs.Add(new ConfusedPair(report.Classes[t], report.Classes[p], report.ConfusionMatrix[t][p]));
        // OrderBy is stable, so equal counts keep the row-major class order.
        return pairs.OrderByDescending(pair => pair.Count).ToArray();
    }

    /// <summary>Samples ranked by loss, highest first (ties keep input order); the prediction is the arg-max class.</summary>
    /// <param name="ids">One identifier per sample (paths, file names, row numbers).</param>
    /// <param name="classes">Class names; labels index into this list.</param>
    /// <param name="yTrue">True label of each sample.</param>
    /// <param name="probabilities">Softmax outputs, one row per sample.</param>
    /// <param name="count">Keep only the first <paramref name="count"/> records; null keeps all.</param>
    /// <exception cref="ArgumentException">Length mismatch, a label out of range, or a row that is not a distribution.</exception>
    public static IReadOnlyList<SampleLoss> TopLosses(
        IReadOnlyList<string> ids,
        IReadOnlyList<string> classes,
        int[] yTrue,
        float[][] probabilities,
        int? count = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(probabilities);
        LabelChecks.Classes(classes);
        LabelChecks.Labels(yTrue, classes.Count, nameof(yTrue));
        LabelChecks.SameLength(yTrue.Length, ids.Count, nameof(ids), nameof(yTrue));
        LabelChecks.Probabilities(probabilities, yTrue.Length, classes.Count, nameof(probabilities));
        if (count < 0) throw new ArgumentException($"count is {count}; it must be at least 0.", nameof(count));

        var losses = new SampleLoss[yTrue.Length];
        for (int i = 0; i < yTrue.Length; i++)
        {
            var row = probabilities[i];
            int predicted = 0;
            for (int c = 1; c < row.Length; c++)
                if (row[c] > row[predicted]) predicted = c;
            double loss = -Math.Log(Math.Clamp(row[yTrue[i]], ClassificationReport.LogLossEpsilon, 1 - ClassificationReport.LogLossEpsilon));
            losses[i] = new SampleLoss(ids[i], classes[yTrue[i]], classes[predicted], row[predicted], loss);
        }
        var ranked = losses.OrderByDescending(l => l.Loss);
        return (count is { } k ? ranked.Take(k) : ranked).ToArray();
    }
}
