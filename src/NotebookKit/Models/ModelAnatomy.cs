using System.Text;
using Microsoft.Data.Analysis;

namespace NotebookKit.Models;

/// <summary>One leaf layer with parameters: its group, full name, type, size, frozen or not, BatchNorm mode, learning rate, output shape.</summary>
public sealed record LayerAnatomy(string Group, string Name, string Type, long Parameters, long Trainable,
    bool? BatchNormTraining, double? LearningRate, long[]? OutputShape);

/// <summary>
/// One layer group: totals over its layers, how many BatchNorms are in train mode, its learning rate, and its output
/// shape — the output of the group's last module (ResNet's stem ends at bn1, before the max pool).
/// </summary>
public sealed record GroupAnatomy(string Name, long Parameters, long Trainable, int BatchNorms, int BatchNormsTraining,
    double? LearningRate, long[]? OutputShape)
{
    public long Frozen => Parameters - Trainable;

    /// <summary>"frozen", "trainable" or "partly frozen" by requires_grad.</summary>
    public string State => Trainable == 0 ? "frozen" : Trainable == Parameters ? "trainable" : "partly frozen";

    /// <summary>The classic bug: weights frozen, but BatchNorm still in train mode, so its running statistics keep moving.</summary>
    public bool FrozenWithBatchNormTraining => Parameters > 0 && Trainable == 0 && BatchNormsTraining > 0;
}

/// <summary>The result of <see cref="ModelInspector.Inspect(ImageClassifier, int?, IReadOnlyDictionary{string, double}?)"/>: per group and per layer, as tables or text.</summary>
/// <param name="LearningRatesGiven">Whether the caller passed learning rates (then a trainable group without one is suspicious).</param>
public sealed record ModelAnatomy(int InputSize, IReadOnlyList<GroupAnatomy> Groups, IReadOnlyList<LayerAnatomy> Layers, bool LearningRatesGiven)
{
    public long Parameters => Groups.Sum(g => g.Parameters);
    public long Trainable => Groups.Sum(g => g.Trainable);
    public long Frozen => Parameters - Trainable;

    /// <summary>
    /// Human-readable warnings: frozen weights with BatchNorm in train mode; a trainable group with learning rate 0, or
    /// without a learning rate when learning rates were given (its parameters are probably missing from the optimizer).
    /// </summary>
    public IReadOnlyList<string> Warnings =>
    [
        .. Groups.Where(g => g.FrozenWithBatchNormTraining).Select(g =>
            $"{g.Name}: weights frozen but {g.BatchNormsTraining} BatchNorm layer(s) in train mode — their running statistics still change; call eval() on them."),
        .. Groups.Where(g => g.Trainable > 0 && g.LearningRate == 0).Select(g => $"{g.Name}: trainable but learning rate 0."),
        .. Groups.Where(g => LearningRatesGiven && g.Trainable > 0 && g.LearningRate is null).Select(g =>
            $"{g.Name}: trainable but no learning rate given — are its parameters in the optimizer?"),
    ];

    public DataFrame GroupsTable() => new(
        new StringDataFrameColumn("group", Groups.Select(g => g.Name)),
        new Int64DataFrameColumn("params", Groups.Select(g => g.Parameters)),
        new Int64DataFrameColumn("trainable", Groups.Select(g => g.Trainable)),
        new StringDataFrameColumn("state", Groups.Select(g => g.State)),
        new StringDataFrameColumn("batchnorm", Groups.Select(BatchNormText)),
        new DoubleDataFrameColumn("lr", Groups.Select(g => g.LearningRate)),
        new StringDataFrameColumn("output", Groups.Select(g => Shape(g.OutputShape))));

    public DataFrame LayersTable() => new(
        new StringDataFrameColumn("group", Layers.Select(l => l.Group)),
        new StringDataFrameColumn("layer", Layers.Select(l => l.Name)),
        new StringDataFrameColumn("type", Layers.Select(l => l.Type)),
        new Int64DataFrameColumn("params", Layers.Select(l => l.Parameters)),
        new BooleanDataFrameColumn("trainable", Layers.Select(l => l.Trainable > 0)),
        new StringDataFrameColumn("batchnorm", Layers.Select(l => l.BatchNormTraining switch { true => "train", false => "eval", null => "" })),
        new DoubleDataFrameColumn("lr", Layers.Select(l => l.LearningRate)),
        new StringDataFrameColumn("output", Layers.Select(l => Shape(l.OutputShape))));

    /// <summary>
    /// What is frozen, in words, e.g. "frozen: stem … layer3 (2,782,784 parameters); training: layer4, head (8,394,754)".
    /// Uses the kit's one convention: <c>FreezeTo("layer4")</c> / <c>from:layer4</c> means layer4 is the first group that trains.
    /// </summary>
    public string Summary
    {
        get
        {
            static string Names(IReadOnlyList<GroupAnatomy> gs) => gs.Count > 2 ? $"{gs[0].Name} … {gs[^1].Name}" : string.Join(", ", gs.Select(g => g.Name));
            var frozen = Groups.Where(g => g.Parameters > 0 && g.Trainable == 0).ToList();
            var training = Groups.Where(g => g.Trainable > 0).ToList();
            if (frozen.Count == 0) return $"nothing frozen: every group trains ({Trainable:N0} parameters)";
            if (training.Count == 0) return $"everything frozen ({Frozen:N0} parameters): nothing would train";
            return $"frozen: {Names(frozen)} ({Frozen:N0} parameters); training: {Names(training)} ({Trainable:N0})";
        }
    }

    /// <summary>A compact per-group summary, totals and warnings.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{"group",-8} {"params",12} {"trainable",12}  {"state",-13} {"batchnorm",-14} {"lr",8}  output (input {InputSize}×{InputSize})\n");
        foreach (var g in Groups)
            text.AppendLine($"{g.Name,-8} {g.Parameters,12:N0} {g.Trainable,12:N0}  {g.State,-13} {BatchNormText(g),-14} {(g.LearningRate is { } lr ? lr.ToString("G3") : "-"),8}  {Shape(g.OutputShape)}");
        text.AppendLine($"total {Parameters:N0} parameters: {Trainable:N0} trainable, {Frozen:N0} frozen");
        text.AppendLine(Summary);
        foreach (var w in Warnings) text.AppendLine("WARNING " + w);
        return text.ToString();
    }

    static string BatchNormText(GroupAnatomy g) => g.BatchNorms == 0 ? "-"
        : g.BatchNormsTraining == 0 ? $"{g.BatchNorms} eval"
        : g.BatchNormsTraining == g.BatchNorms ? $"{g.BatchNorms} train"
        : $"{g.BatchNormsTraining}/{g.BatchNorms} train";

    static string Shape(long[]? shape) => shape is null ? "" : "[" + string.Join("×", shape.Skip(1)) + "]";
}
