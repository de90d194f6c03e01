using Microsoft.Data.Analysis;

namespace NotebookKit.Models;

public static partial class Pretrained
{
    /// <summary>
    /// The zoo as a table: id, parameters (with the original classifier), GFLOPs (MACs at the input size), ImageNet top-1,
    /// input size, where the weights come from, and whether the model can be used offline right now.
    /// </summary>
    public static DataFrame Table() => new(
        new StringDataFrameColumn("id", Entries.Select(e => e.Id)),
        new Int64DataFrameColumn("params", Entries.Select(e => e.Metadata.Parameters)),
        new DoubleDataFrameColumn("GFLOPs", Entries.Select(e => e.Metadata.GFlops)),
        new DoubleDataFrameColumn("top1", Entries.Select(e => e.Metadata.ImageNetTop1)),
        new Int32DataFrameColumn("input", Entries.Select(e => e.Preprocess.InputSize)),
        new StringDataFrameColumn("weights", Entries.Select(WeightsSource)),
        new BooleanDataFrameColumn("offline", Entries.Select(IsAvailableOffline)));

    /// <summary>Whether the entry works without a network: its weights are embedded or cached, or it has none to load.</summary>
    public static bool IsAvailableOffline(ModelEntry entry) => entry switch
    {
        { Weights: { } file } => file.IsCached,
        { Id: DefaultId } => File.Exists(CntkResNet.CachedWeightsPath) || CntkResNet.FindOnnx() is not null,
        _ => true,
    };

    static string WeightsSource(ModelEntry entry) => entry switch
    {
        { Weights: { } file } => file.Url,
        { HasWeights: true } => entry.Metadata.Source,
        _ => "random init",
    };
}
