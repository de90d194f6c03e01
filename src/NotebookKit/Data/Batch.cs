using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Data;

/// <summary>A mini-batch: images [N,3,H,W] float32, labels [N] int64, and the dataset indices they came from.</summary>
public sealed class Batch(Tensor images, Tensor labels, int[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public int[] Indices { get; } = indices;
    public int Count => Indices.Length;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
