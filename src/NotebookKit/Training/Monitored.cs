namespace NotebookKit.Training;

/// <summary>A quantity of the history that callbacks watch (Keras' <c>monitor="val_loss"</c>), and which way is better.</summary>
public sealed record Monitored(string Name, Func<EpochRecord, double> Value, bool HigherIsBetter)
{
    public static Monitored ValLoss { get; } = new("val_loss", r => r.ValLoss, false);
    public static Monitored ValAccuracy { get; } = new("val_accuracy", r => r.ValAccuracy, true);
    public static Monitored TrainLoss { get; } = new("train_loss", r => r.TrainLoss, false);

    /// <summary>Whether <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public bool Improves(double value, double best, double minDelta = 0) => !double.IsNaN(value) &&
        (double.IsNaN(best) || (HigherIsBetter ? value > best + minDelta : value < best - minDelta));

    public static Monitored Parse(string name) => name switch
    {
        "val_loss" => ValLoss,
        "val_accuracy" => ValAccuracy,
        "train_loss" => TrainLoss,
        _ => throw new ArgumentException($"Unknown monitor '{name}': use val_loss, val_accuracy or train_loss."),
    };

    public override string ToString() => Name;
}
