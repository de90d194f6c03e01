using NotebookKit.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>How cached activations are stored. Float16 halves the memory at ~3 significant digits per value.</summary>
public enum CachePrecision { Float32, Float16 }

/// <summary>
/// The output of a frozen prefix of layer groups (e.g. stem … layer3 → [N,256,14,14] at 224 px, ~200 KB per image
/// in float32) for every image of a dataset, in dataset order, in memory on the CPU. Valid while the prefix's
/// weights and BatchNorm statistics do not change and the pipeline is deterministic; the <see cref="Learner"/>
/// enforces both. Kept in memory only: the weights it depends on are the learner's current ones, not a file's.
/// </summary>
public sealed class ActivationCache : IDisposable
{
    ActivationCache(DataLoader source, int boundary, Tensor activations, Tensor labels) =>
        (Source, Boundary, Activations, Labels) = (source, boundary, activations, labels);

    /// <summary>The loader whose dataset and pipeline produced the cache.</summary>
    public DataLoader Source { get; }
    /// <summary>Index of the last layer group the cached activations went through.</summary>
    public int Boundary { get; }
    public Tensor Activations { get; }
    public Tensor Labels { get; }
    public long Bytes => Activations.numel() * Activations.element_size();

    /// <summary>
    /// Runs groups 0 … <paramref name="boundary"/> over the dataset once, in eval mode without gradients.
    /// Returns null when the cache would exceed <paramref name="budgetBytes"/> (checked after the first batch).
    /// </summary>
    internal static ActivationCache? Build(BackboneStages stages, nn.Module model, DataLoader loader, int boundary, CachePrecision precision,
        long budgetBytes, Device device, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var inOrder = new DataLoader(loader.Dataset, loader.Pipeline, loader.BatchSize, shuffle: false);
        var dtype = precision == CachePrecision.Float16 ? ScalarType.Float16 : ScalarType.Float32;
        var wasTraining = model.training;
        model.eval();
        var parts = new List<Tensor>();
        try
        {
            using var _ = no_grad();
            var n = loader.Dataset.Count;
            var done = 0;
            foreach (var batch in inOrder.Epoch(0, cancellationToken))
            {
                using (batch)
                using (var scope = NewDisposeScope())
                {
                    var y = stages.Run(batch.Images.to(device), 0, boundary).to(dtype).cpu();
                    parts.Add(y.MoveToOuterDisposeScope());
                }
                done += batch.Count;
                if (parts.Count == 1 && parts[0].numel() * parts[0].element_size() / batch.Count * n > budgetBytes) return null;
                progress?.Report(new TrainingProgress($"caching {loader.Dataset.Name} activations", done, n));
            }
            var labels = tensor(loader.Dataset.Samples.Select(s => (long)s.Label).ToArray());
            return new ActivationCache(loader, boundary, cat(parts, 0), labels);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
            model.train(wasTraining);
        }
    }

    /// <summary>The batches of an epoch in <see cref="Source"/>'s order for that epoch, so a cached run sees the same batches as an uncached one.</summary>
    internal IEnumerable<Batch> Batches(int epoch, CancellationToken cancellationToken)
    {
        var order = Source.Order(epoch);
        for (var start = 0; start < order.Length; start += Source.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Slice(order.AsSpan(start, Math.Min(Source.BatchSize, order.Length - start)).ToArray());
        }
    }

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
