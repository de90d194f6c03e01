using Microsoft.Data.Analysis;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// One zoo architecture measured live from its built modules (random weights, nothing downloaded): a forward pass of
/// one image at the entry's input size gives the feature shape and the multiply-accumulates; the parameters include
/// the network's original classifier, so both compare with the published numbers.
/// </summary>
public sealed record ArchitectureProfile(string Id, string Description, int InputSize, long[] FeatureShape, int OriginalClasses, long Parameters, long Macs)
{
    /// <summary>Builds <paramref name="id"/> with random weights and runs one image through it.</summary>
    public static ArchitectureProfile Measure(string id)
    {
        var entry = Pretrained.Get(id);
        using var backbone = entry.CreateBackbone();
        var size = entry.Preprocess.InputSize;
        var traces = ForwardProfiler.Run(backbone, size, backbone.modules().Prepend(backbone));
        var features = traces[backbone].OutputShape;
        var classifierMacs = (long)((IBackbone)backbone).FeatureCount * entry.OriginalClasses;
        return new(entry.Id, entry.Description, size, features, entry.OriginalClasses,
            ModelComplexity.Parameters(entry, backbone), traces.Values.Sum(t => t.Macs) + classifierMacs);
    }

    /// <summary>The profiles side by side: input, feature shape, original classes, parameters, GMACs (billions of MACs).</summary>
    public static DataFrame Table(IEnumerable<ArchitectureProfile> profiles)
    {
        var rows = profiles.ToList();
        return new(
            new StringDataFrameColumn("model", rows.Select(p => p.Id)),
            new StringDataFrameColumn("input", rows.Select(p => $"[1, 3, {p.InputSize}, {p.InputSize}]")),
            new StringDataFrameColumn("features", rows.Select(p => $"[{string.Join(", ", p.FeatureShape)}]")),
            new Int32DataFrameColumn("classes", rows.Select(p => p.OriginalClasses)),
            new Int64DataFrameColumn("parameters", rows.Select(p => p.Parameters)),
            new DoubleDataFrameColumn("GMACs", rows.Select(p => Math.Round(p.Macs / 1e9, 3))));
    }
}
