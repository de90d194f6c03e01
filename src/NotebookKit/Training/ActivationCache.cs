using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>How cached activations are stored. Float16 halves the memory at ~3 significant digits per value.</summary>
public enum CachePrecision { Float32, Float16 }

/// <summary>
/// The output of a frozen prefix of layer groups (e.g. stem … layer3 → [N,256,14,14] at 224 px; the whole backbone →
/// pooled features [N,F]) for every item of a loader (each image once per view), in item order, on the CPU. Valid while
/// the prefix's weights and BatchNorm statistics do not change and the views are deterministic; the
/// <see cref="Learner"/> enforces both. Rows come from an <see cref="ActivationStore"/>, so known images are never recomputed.
/// </summary>
public sealed class ActivationCache : IDisposable
{
    internal ActivationCache(DataLoader source, int boundary, Tensor activations, Tensor labels) =>
        (Source, Boundary, Activations, Labels) = (source, boundary, activations, labels);

    /// <summary>The loader whose items (dataset × views) the rows follow, and whose batching the cache replays.</summary>
    public DataLoader Source { get; }
    /// <summary>Index of the last layer group the cached activations went through.</summary>
    public int Boundary { get; }
    public Tensor Activations { get; }
    public Tensor Labels { get; }
    public int Count => (int)Labels.shape[0];
    public long Bytes => Activations.numel() * Activations.element_size();

    /// <summary>The batches of an epoch: exactly <see cref="Source"/>'s batches for that epoch (order, size, drop-last), from memory.</summary>
    internal IEnumerable<Batch> Batches(int epoch, CancellationToken cancellationToken)
    {
        foreach (var indices in Source.BatchIndices(epoch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Slice(indices);
        }
    }

    /// <summary>Each row flattened to one float array, in item order (for PCA plots and other plain-array consumers).</summary>
    public float[][] Rows()
    {
        using var flat = Activations.reshape(Count, -1).to(ScalarType.Float32).contiguous();
        var values = flat.data<float>().ToArray();
        var width = (int)flat.shape[1];
        return [.. Enumerable.Range(0, Count).Select(i => values.AsSpan(i * width, width).ToArray())];
    }

    /// <summary>Each row's class name.</summary>
    public string[] ClassNames(IReadOnlyList<string> classes) => [.. LabelArray().Select(l => classes[l])];

    /// <summary>The labels as ints, in item order.</summary>
    public int[] LabelArray() => [.. Labels.data<long>().ToArray().Select(l => (int)l)];

    /// <summary>Rows of the cache as a float32 batch; intermediates (index tensor, float16 copy) die in the scope, not in the finalizer.</summary>
    Batch Slice(int[] indices)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(indices.Select(i => (long)i).ToArray());
        var x = Activations.index_select(0, idx).to(ScalarType.Float32);
        var y = Labels.index_select(0, idx);
        return new Batch(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), indices);
    }

    public void Dispose()
    {
        Activations.Dispose();
        Labels.Dispose();
    }
}
