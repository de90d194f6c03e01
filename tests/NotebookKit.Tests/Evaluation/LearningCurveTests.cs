using NotebookKit.Evaluation;

namespace NotebookKit.Tests.Evaluation;

public class LearningCurveTests
{
    static EpochRecord E(int epoch, double trainLoss, double valLoss, double trainAcc, double valAcc = 0.6) => new(epoch, trainLoss, valLoss, trainAcc, valAcc, 1);

    [Fact]
    public void RisingValidationLossWhileTrainingLossFallsIsOverfitting()
    {
        var curve = LearningCurve.Diagnose([E(1, 0.69, 0.70, 0.5), E(2, 0.60, 0.64, 0.65), E(3, 0.50, 0.75, 0.75), E(4, 0.45, 0.88, 0.78)]);
        Assert.Equal(FitVerdict.Overfitting, curve.Verdict);
        Assert.Equal(2, curve.BestValLossEpoch);
        Assert.StartsWith("overfitting — validation loss bottomed at 0.640 in epoch 2 and rose to 0.880 (+38%)", curve.ToString());
    }

    [Fact]
    public void LowTrainingAccuracyWithoutARiseIsUnderfittingAndHighIsAGoodFit()
    {
        IReadOnlyList<EpochRecord> falling = [E(1, 0.80, 0.75, 0.55), E(2, 0.70, 0.68, 0.62), E(3, 0.65, 0.66, 0.66)];
        Assert.Equal(FitVerdict.Underfitting, LearningCurve.Diagnose(falling).Verdict);
        Assert.Equal(FitVerdict.GoodFit, LearningCurve.Diagnose([E(1, 0.3, 0.30, 0.92), E(2, 0.2, 0.31, 0.95)]).Verdict);
        // A small rise (under 10%) is noise, not overfitting.
        Assert.Equal(FitVerdict.Underfitting, LearningCurve.Diagnose([E(1, 0.7, 0.60, 0.6), E(2, 0.6, 0.64, 0.7)]).Verdict);
    }

    [Fact]
    public void AnEmptyHistoryIsAnError() =>
        Assert.Contains("train for at least one epoch", Assert.Throws<ArgumentException>(() => LearningCurve.Diagnose([])).Message);
}
