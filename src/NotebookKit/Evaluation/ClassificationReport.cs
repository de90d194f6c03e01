namespace NotebookKit.Evaluation;

/// <summary>
/// Metrics of a multi-class classifier on one evaluation set, in the spirit of scikit-learn's
/// classification_report, confusion_matrix, top_k_accuracy_score, log_loss, roc_curve and average_precision_score.
/// Built from plain arrays by <see cref="Compute"/>; knows nothing about models or tensors.
/// </summary>
/// <param name="Classes">Class names; label i means Classes[i].</param>
/// <param name="SampleCount">Number of evaluated samples.</param>
/// <param name="PerClass">One entry per class, in <paramref name="Classes"/> order.</param>
/// <param name="ConfusionMatrix">Counts: row = true class, column = predicted class.</param>
/// <param name="AccuracyInterval">Wilson score interval of the accuracy (does not collapse at 0% or 100%).</param>
/// <param name="BootstrapSamples">Number of bootstrap resamples behind the intervals (0 = none).</param>
/// <param name="TopKAccuracy">k → top-k accuracy for k in {2, 3, 5} below the class count; null without probabilities.</param>
/// <param name="LogLoss">Mean cross-entropy of the true class; null without probabilities.</param>
/// <param name="Roc">Binary tasks with probabilities and both classes present: ROC of Classes[1] as the positive class.</param>
/// <param name="PrecisionRecall">Same condition as <paramref name="Roc"/>: the precision–recall curve.</param>
public sealed partial record ClassificationReport(
    IReadOnlyList<string> Classes,
    int SampleCount,
    double Accuracy,
    IReadOnlyList<ClassMetrics> PerClass,
    AveragedMetrics MacroAverage,
    AveragedMetrics WeightedAverage,
    int[][] ConfusionMatrix,
    ConfidenceInterval? AccuracyInterval = null,
    int BootstrapSamples = 0,
    IReadOnlyDictionary<int, double>? TopKAccuracy = null,
    double? LogLoss = null,
    RocCurve? Roc = null,
    PrecisionRecallCurve? PrecisionRecall = null)
{
    /// <summary>The k values reported as top-k accuracy, when smaller than the class count (top-k with k ≥ classes is always 1).</summary>
    public static IReadOnlyList<int> TopKValues { get; } = [2, 3, 5];

    /// <summary>Probabilities are clipped to this before the logarithm so a confident mistake costs ~34.5 nats, not infinity.</summary>
    public const double LogLossEpsilon = 1e-15;

    public double MacroF1 => MacroAverage.F1;

    /// <summary>Confusion matrix with each row divided by its support (recall on the diagonal); rows of absent classes are all 0.</summary>
    public double[][] NormalizedConfusionMatrix =>
        ConfusionMatrix.Select(row =>
        {
            double support = row.Sum();
            return row.Select(count => ClassificationMath.Ratio(count, support)).ToArray();
        }).ToArray();

    /// <summary>Scores predictions against true labels.</summary>
    /// <param name="classes">Class names; labels index into this list.</param>
    /// <param name="yTrue">True label of each sample.</param>
    /// <param name="yPred">Predicted label of each sample.</param>
    /// <param name="probabilities">Optional softmax outputs, one row per sample, one column per class: enables top-k, log loss, ROC/PR.</param>
    /// <param name="bootstrapSamples">Resamples for the 95% intervals of accuracy and per-class F1; null or 0 skips the bootstrap.</param>
    /// <param name="seed">Seed of the bootstrap resampling: equal seeds give equal intervals.</param>
    /// <exception cref="ArgumentException">Empty or duplicate class names, no samples, length mismatch, a label out of range, or a probability row that is not a distribution.</exception>
    public static ClassificationReport Compute(
        IReadOnlyList<string> classes,
        int[] yTrue,
        int[] yPred,
        float[][]? probabilities = null,
        int? bootstrapSamples = 1000,
        int seed = Seeds.Default)
    {
        LabelChecks.Classes(classes);
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.Length == 0) throw new ArgumentException("yTrue is empty: there is nothing to evaluate.", nameof(yTrue));
        LabelChecks.SameLength(yTrue.Length, yPred.Length, nameof(yPred), nameof(yTrue));
        int k = classes.Count, n = yTrue.Length;
        LabelChecks.Labels(yTrue, k, nameof(yTrue));
        LabelChecks.Labels(yPred, k, nameof(yPred));
        if (probabilities is not null) LabelChecks.Probabilities(probabilities, n, k, nameof(probabilities));
        if (bootstrapSamples < 0)
            throw new ArgumentException($"bootstrapSamples is {bootstrapSamples}; use null or 0 to skip the bootstrap.", nameof(bootstrapSamples));

        var matrix = new int[k][];
        for (int c = 0; c < k; c++) matrix[c] = new int[k];
        for (int i = 0; i < n; i++) matrix[yTrue[i]][yPred[i]]++;

        int correct = 0;
        for (int c = 0; c < k; c++) correct += matrix[c][c];

        int samples = bootstrapSamples ?? 0;
        var f1Intervals = samples > 0 ? Bootstrap.F1Intervals(k, yTrue, yPred, samples, seed) : null;

        var perClass = new ClassMetrics[k];
        for (int c = 0; c < k; c++)
        {
            int tp = matrix[c][c];
            int support = matrix[c].Sum();
            int predicted = 0;
            for (int r = 0; r < k; r++) predicted += matrix[r][c];
            int fp = predicted - tp, fn = support - tp;
            perClass[c] = new ClassMetrics(
                classes[c],
                ClassificationMath.Precision(tp, fp),
                ClassificationMath.Recall(tp, fn),
                ClassificationMath.F1(tp, fp, fn),
                support,
                f1Intervals?[c]);
        }

        return new ClassificationReport(
            classes.ToArray(),
            n,
            (double)correct / n,
            perClass,
            Average(perClass, weighted: false),
            Average(perClass, weighted: true),
            matrix,
            Wilson.Interval(correct, n),
            samples,
            probabilities is null ? null : TopK(yTrue, probabilities, k),
            probabilities is null ? null : MeanLogLoss(yTrue, probabilities),
            BinaryCurve(yTrue, probabilities, k, BinaryCurves.Roc),
            BinaryCurve(yTrue, probabilities, k, BinaryCurves.PrecisionRecall));
    }

    private static AveragedMetrics Average(ClassMetrics[] perClass, bool weighted)
    {
        int total = perClass.Sum(m => m.Support);
        double Mean(Func<ClassMetrics, double> metric) => weighted
            ? ClassificationMath.Ratio(perClass.Sum(m => metric(m) * m.Support), total)
            : perClass.Average(metric);
        return new AveragedMetrics(Mean(m => m.Precision), Mean(m => m.Recall), Mean(m => m.F1), total);
    }

    /// <summary>A sample counts as correct when fewer than k classes score strictly higher than its true class (ties favour it).</summary>
    private static Dictionary<int, double> TopK(int[] yTrue, float[][] probabilities, int classCount)
    {
        var result = new Dictionary<int, double>();
        foreach (int k in TopKValues.Where(k => k < classCount))
        {
            int hits = 0;
            for (int i = 0; i < yTrue.Length; i++)
            {
                float truth = probabilities[i][yTrue[i]];
                if (probabilities[i].Count(p => p > truth) < k) hits++;
            }
            result[k] = (double)hits / yTrue.Length;
        }
        return result;
    }

    private static double MeanLogLoss(int[] yTrue, float[][] probabilities)
    {
        double sum = 0;
        for (int i = 0; i < yTrue.Length; i++)
            sum -= Math.Log(Math.Clamp(probabilities[i][yTrue[i]], LogLossEpsilon, 1 - LogLossEpsilon));
        return sum / yTrue.Length;
    }

    /// <summary>ROC/PR need a binary task, scores, and both classes in yTrue; otherwise they are undefined and left null.</summary>
    private static T? BinaryCurve<T>(int[] yTrue, float[][]? probabilities, int classCount, Func<int[], double[], T> curve)
        where T : class
    {
        if (classCount != 2 || probabilities is null) return null;
        int positives = yTrue.Count(y => y == 1);
        if (positives == 0 || positives == yTrue.Length) return null;
        return curve(yTrue, probabilities.Select(row => (double)row[1]).ToArray());
    }
}
