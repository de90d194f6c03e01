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
