namespace NotebookKit.Evaluation;

/// <summary>ROC curve of a binary task, points ordered by decreasing threshold as in scikit-learn's roc_curve.</summary>
/// <param name="Thresholds">Score thresholds; the first is +∞ so the curve starts at (0, 0).</param>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate, double[] Thresholds, double Auc);

/// <summary>Precision–recall curve of a binary task, points ordered by decreasing threshold; ends at (recall 0, precision 1) like scikit-learn.</summary>
public sealed record PrecisionRecallCurve(double[] Precision, double[] Recall, double[] Thresholds, double AveragePrecision);

/// <summary>Threshold sweeps over a positive-class score.</summary>
public static class BinaryCurves
{
    /// <summary>ROC curve and its area (trapezoidal rule; tied scores share one point, so ties count one half).</summary>
    /// <param name="yTrue">1 for the positive class, 0 otherwise.</param>
    /// <param name="scores">Score or probability of the positive class.</param>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, or only one class is present (AUC is undefined).</exception>
    public static RocCurve Roc(int[] yTrue, double[] scores)
    {
        var (tps, fps, thresholds) = Sweep(yTrue, scores);
        double p = tps[^1], n = fps[^1];
        var tpr = new double[tps.Length + 1];
        var fpr = new double[tps.Length + 1];
        var th = new double[tps.Length + 1];
        th[0] = double.PositiveInfinity;
        for (int i = 0; i < tps.Length; i++)
        {
            tpr[i + 1] = tps[i] / p;
            fpr[i + 1] = fps[i] / n;
            th[i + 1] = thresholds[i];
        }
        double auc = 0;
        for (int i = 1; i < tpr.Length; i++) auc += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2;
        return new RocCurve(fpr, tpr, th, auc);
    }

    /// <summary>Precision–recall curve and average precision AP = Σ (Rₙ − Rₙ₋₁)·Pₙ (scikit-learn's definition, no interpolation).</summary>
    /// <exception cref="ArgumentException">Lengths differ, a label is not 0/1, or only one class is present.</exception>
    public static PrecisionRecallCurve PrecisionRecall(int[] yTrue, double[] scores)
    {
        var (tps, fps, thresholds) = Sweep(yTrue, scores);
        double p = tps[^1];
        var precision = new double[tps.Length + 1];
        var recall = new double[tps.Length + 1];
        double ap = 0, previousRecall = 0;
        for (int i = 0; i < tps.Length; i++)
        {
            precision[i] = tps[i] / (tps[i] + fps[i]);
            recall[i] = tps[i] / p;
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        precision[^1] = 1;
        recall[^1] = 0;
        return new PrecisionRecallCurve(precision, recall, thresholds, ap);
    }

    /// <summary>Cumulative true/false positives at each distinct score, highest score first.</summary>
    private static (double[] Tps, double[] Fps, double[] Thresholds) Sweep(int[] yTrue, double[] scores)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(scores);
        LabelChecks.SameLength(yTrue.Length, scores.Length, nameof(scores), nameof(yTrue));
        LabelChecks.Labels(yTrue, 2, nameof(yTrue));
        for (int i = 0; i < scores.Length; i++)
            if (!double.IsFinite(scores[i])) throw new ArgumentException($"scores[{i}] = {scores[i]} is not finite.", nameof(scores));
        int positives = yTrue.Count(y => y == 1);
        if (positives == 0 || positives == yTrue.Length)
            throw new ArgumentException("yTrue holds only one class; ROC and PR curves need both.", nameof(yTrue));

        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        var tps = new List<double>();
        var fps = new List<double>();
        var thresholds = new List<double>();
        double tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (yTrue[order[k]] == 1) tp++; else fp++;
            bool lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (!lastOfTie) continue;
            tps.Add(tp);
            fps.Add(fp);
            thresholds.Add(scores[order[k]]);
        }
        return (tps.ToArray(), fps.ToArray(), thresholds.ToArray());
    }
}
