using NotebookKit.Evaluation;
using Xunit;

namespace NotebookKit.Tests.Evaluation;

public class BinaryCurvesTests
{
    // Positives score 0.35 and 0.8, negatives 0.1 and 0.4: 3 of the 4 positive–negative pairs are ordered right.
    private static readonly int[] Y = [0, 0, 1, 1];
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8];

    [Fact]
    public void Roc_points_and_auc_match_hand_computation()
    {
        var roc = BinaryCurves.Roc(Y, Scores);
        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.FalsePositiveRate);
        Assert.Equal([0, 0.5, 0.5, 1, 1], roc.TruePositiveRate);
        Assert.Equal([double.PositiveInfinity, 0.8, 0.4, 0.35, 0.1], roc.Thresholds);
        Assert.Equal(0.75, roc.Auc, 1e-12);
    }

    [Fact]
    public void Tied_scores_count_one_half()
    {
        Assert.Equal(0.5, BinaryCurves.Roc([0, 1], [0.5, 0.5]).Auc, 1e-12);
        Assert.Equal(1.0, BinaryCurves.Roc([0, 1], [0.2, 0.9]).Auc, 1e-12);
        Assert.Equal(0.0, BinaryCurves.Roc([0, 1], [0.9, 0.2]).Auc, 1e-12);
    }

    [Fact]
    public void Precision_recall_curve_and_average_precision_match_hand_computation()
    {
        var pr = BinaryCurves.PrecisionRecall(Y, Scores);
        Assert.Equal([1, 0.5, 2.0 / 3, 0.5, 1], pr.Precision);
        Assert.Equal([0.5, 0.5, 1, 1, 0], pr.Recall);
        Assert.Equal([0.8, 0.4, 0.35, 0.1], pr.Thresholds);
        Assert.Equal(0.5 * 1 + 0.5 * (2.0 / 3), pr.AveragePrecision, 1e-12);
    }

    [Fact]
    public void One_class_only_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => BinaryCurves.Roc([1, 1], [0.2, 0.3]));
        Assert.Contains("only one class", e.Message);
        Assert.Throws<ArgumentException>(() => BinaryCurves.Roc([0, 2], [0.2, 0.3]));
        Assert.Throws<ArgumentException>(() => BinaryCurves.PrecisionRecall([0, 1], [0.2]));
    }
}
