using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>Backbone features [N,F] (float32) and labels [N] (int64) of a dataset, in dataset order. Owns its tensors.</summary>
public sealed class FeatureSet(Tensor features, Tensor labels) : IDisposable
{
    public Tensor Features { get; } = features;
    public Tensor Labels { get; } = labels;
    public int Count => (int)Labels.shape[0];
    public int FeatureCount => (int)Features.shape[1];

    /// <summary>The features as one float array per sample (for PCA plots and other plain-array consumers).</summary>
    public float[][] Rows()
    {
        var flat = Features.contiguous().data<float>().ToArray();
        var f = FeatureCount;
        return [.. Enumerable.Range(0, Count).Select(i => flat.AsSpan(i * f, f).ToArray())];
    }

    /// <summary>Each sample's class name.</summary>
    public string[] ClassNames(IReadOnlyList<string> classes) => [.. LabelArray().Select(l => classes[l])];

    /// <summary>The labels as ints, in sample order.</summary>
    public int[] LabelArray() => [.. Labels.data<long>().ToArray().Select(l => (int)l)];

    /// <summary>The rows of several sets one after another (e.g. the views of a dataset), as a new set.</summary>
    public static FeatureSet Concat(IReadOnlyList<FeatureSet> sets) =>
        new(cat([.. sets.Select(s => s.Features)], 0), cat([.. sets.Select(s => s.Labels)], 0));

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var tmp = path + $".{Environment.ProcessId}.tmp";
        using (var stream = File.Create(tmp))
        using (var writer = new BinaryWriter(stream))
        {
            Features.Save(writer);
            Labels.Save(writer);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static FeatureSet Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        return new FeatureSet(Tensor.Load(reader), Tensor.Load(reader));
    }

    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }
}
