namespace NotebookKit.Training;

/// <summary>
/// A quantity of the history that callbacks watch (Keras' <c>monitor="val_loss"</c>), which way is better, and what
/// breaks a tie (validation accuracy moves in steps of one photo, so equal accuracies are common: the lower loss wins).
/// </summary>
public sealed record Monitored(string Name, Func<EpochRecord, double> Value, bool HigherIsBetter, Monitored? TieBreak = null)
{
    public static Monitored ValLoss { get; } = new("val_loss", r => r.ValLoss, false);
    public static Monitored ValAccuracy { get; } = new("val_accuracy", r => r.ValAccuracy, true, ValLoss);
    public static Monitored TrainLoss { get; } = new("train_loss", r => r.TrainLoss, false);

    /// <summary>Whether <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public bool Improves(double value, double best, double minDelta = 0) => !double.IsNaN(value) &&
        (double.IsNaN(best) || (HigherIsBetter ? value > best + minDelta : value < best - minDelta));

    /// <summary>Whether epoch <paramref name="candidate"/> is better than <paramref name="best"/> (null: none yet), ties broken by <see cref="TieBreak"/>.</summary>
    public bool IsBetter(EpochRecord candidate, EpochRecord? best)
    {
        if (best is null) return !double.IsNaN(Value(candidate));
        var (v, b) = (Value(candidate), Value(best));
        return Improves(v, b) || (v == b && TieBreak is { } t && t.IsBetter(candidate, best));
    }

    public static Monitored Parse(string name) => name switch
    {
        "val_loss" => ValLoss,
        "val_accuracy" => ValAccuracy,
        "train_loss" => TrainLoss,
        _ => throw new ArgumentException($"Unknown monitor '{name}': use val_loss, val_accuracy or train_loss."),
    };

    public override string ToString() => Name;
}
