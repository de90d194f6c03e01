namespace NotebookKit.Evaluation;

/// <summary>What a training curve shows.</summary>
public enum FitVerdict
{
    /// <summary>Validation loss rose from its minimum while training loss kept falling: the network memorises.</summary>
    Overfitting,
    /// <summary>Not overfitting, yet training accuracy is still low: too weak, or trained too briefly.</summary>
    Underfitting,
    /// <summary>High training accuracy without a rising validation loss.</summary>
    GoodFit,
}

/// <summary>
/// Reads a training history the way a person reads its chart, so a chapter's words about its curve follow the curve
/// its run drew: overfitting when the last validation loss is at least <c>lossRise</c> above its minimum (reached
/// before the last epoch) while training loss kept falling; else underfitting while training accuracy is below
/// <c>goodTrainAccuracy</c>; else a good fit.
/// </summary>
public sealed record LearningCurve(FitVerdict Verdict, int Epochs, int BestValLossEpoch, double BestValLoss, double LastValLoss,
    double LastTrainLoss, double LastTrainAccuracy, double LastValAccuracy)
{
    public static LearningCurve Diagnose(IReadOnlyList<EpochRecord> history, double lossRise = 0.10, double goodTrainAccuracy = 0.9)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0) throw new ArgumentException("The history is empty: train for at least one epoch first.", nameof(history));
        var best = history.MinBy(e => e.ValLoss)!;
        var last = history[^1];
        var overfitting = best != last && last.ValLoss >= best.ValLoss * (1 + lossRise) && last.TrainLoss < best.TrainLoss;
        var verdict = overfitting ? FitVerdict.Overfitting : last.TrainAccuracy < goodTrainAccuracy ? FitVerdict.Underfitting : FitVerdict.GoodFit;
        return new(verdict, history.Count, best.Epoch, best.ValLoss, last.ValLoss, last.TrainLoss, last.TrainAccuracy, last.ValAccuracy);
    }

    public override string ToString()
    {
        var accuracies = FormattableString.Invariant($"training accuracy {LastTrainAccuracy:0.0%} vs validation {LastValAccuracy:0.0%} after {Epochs} epochs");
        return Verdict switch
        {
            FitVerdict.Overfitting => FormattableString.Invariant(
                $"overfitting — validation loss bottomed at {BestValLoss:0.000} in epoch {BestValLossEpoch} and rose to {LastValLoss:0.000} (+{LastValLoss / BestValLoss - 1:0%}) while training loss fell to {LastTrainLoss:0.000}; {accuracies}"),
            FitVerdict.Underfitting => FormattableString.Invariant(
                $"underfitting — {accuracies}: it has not learned even its training photos (validation loss lowest in epoch {BestValLossEpoch})"),
            _ => FormattableString.Invariant($"a good fit — {accuracies}, validation loss lowest in epoch {BestValLossEpoch}"),
        };
    }
}
