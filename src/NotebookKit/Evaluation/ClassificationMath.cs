namespace NotebookKit.Evaluation;

/// <summary>Ratios with scikit-learn's zero_division=0 convention: an empty denominator gives 0, never NaN.</summary>
internal static class ClassificationMath
{
    public static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    public static double Precision(int tp, int fp) => Ratio(tp, tp + fp);

    public static double Recall(int tp, int fn) => Ratio(tp, tp + fn);

    /// <summary>2TP / (2TP + FP + FN): equal to the harmonic mean of precision and recall, and 0 when both are 0.</summary>
    public static double F1(int tp, int fp, int fn) => Ratio(2.0 * tp, 2.0 * tp + fp + fn);
}
