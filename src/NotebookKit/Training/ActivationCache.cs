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
    readonly IReadOnlyList<Tensor> views;
    readonly int perView;
    Tensor? joined;

    /// <param name="views">The rows of each view, [images, …] each: item i is row i mod images of view i / images.</param>
    internal ActivationCache(DataLoader source, int boundary, IReadOnlyList<Tensor> views, Tensor labels) =>
        (Source, Boundary, this.views, perView, Labels) = (source, boundary, views, (int)views[0].shape[0], labels);

    /// <summary>The loader whose items (dataset × views) the rows follow, and whose batching the cache replays.</summary>
    public DataLoader Source { get; }
    /// <summary>Index of the last layer group the cached activations went through.</summary>
    public int Boundary { get; }
    /// <summary>Every item's row, in item order (with several views, joined into one tensor on first use).</summary>
    public Tensor Activations => views.Count == 1 ? views[0] : joined ??= cat([.. views], 0);
    public Tensor Labels { get; }
    public int Count => (int)Labels.shape[0];
    public long Bytes => views.Sum(v => v.numel() * v.element_size());

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

    /// <summary>Rows of the cache as a float32 batch, gathered view by view; intermediates die in the scope, not in the finalizer.</summary>
    Batch Slice(int[] indices)
    {
        using var scope = NewDisposeScope();
        var items = tensor(indices.Select(i => (long)i).ToArray());
        var y = Labels.index_select(0, items);
        Tensor x;
        if (views.Count == 1) x = views[0].index_select(0, items).to(ScalarType.Float32);
        else
        {
            x = empty([indices.Length, .. views[0].shape.Skip(1)], ScalarType.Float32);
            foreach (var group in Enumerable.Range(0, indices.Length).GroupBy(k => indices[k] / perView))
            {
                var rows = views[group.Key].index_select(0, tensor(group.Select(k => (long)(indices[k] % perView)).ToArray()));
                x.index_copy_(0, tensor(group.Select(k => (long)k).ToArray()), rows.to(ScalarType.Float32));
            }
        }
        return new Batch(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope(), indices);
    }

    public void Dispose()
    {
        foreach (var v in views) v.Dispose();
        joined?.Dispose();
        Labels.Dispose();
    }
}
