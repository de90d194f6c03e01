using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Data;

/// <summary>
/// Batches of decoded, transformed, normalised images as tensors. Images of a batch decode in parallel on all
/// cores, and the next batch is prepared while the caller computes on the current one. Shuffling and random
/// augmentation are seeded per epoch and per image, so results do not depend on thread timing.
/// </summary>
public sealed class DataLoader(ImageDataset dataset, ImagePipeline pipeline, int batchSize = 32, bool shuffle = false, int seed = 42, int? threads = null)
{
    public ImageDataset Dataset { get; } = dataset;
    public ImagePipeline Pipeline { get; } = pipeline;
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), "Batch size must be positive.");
    public int Threads { get; } = threads ?? Environment.ProcessorCount;
    public int BatchCount => (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Dataset order for an epoch: shuffled from (seed, epoch) when shuffling, else as stored.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (shuffle) new Random(Seeds.Mix(seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>The batches of one epoch. Dispose each batch (or use a dispose scope). The last batch may be smaller.</summary>
    public IEnumerable<Batch> Epoch(int epoch = 0, CancellationToken cancellationToken = default)
    {
        var order = Order(epoch);
        if (order.Length == 0) yield break;
        Task<(float[] Pixels, long[] Labels, int[] Indices)> Prepare(int b)
        {
            var indices = order.Skip(b * BatchSize).Take(BatchSize).ToArray();
            return Task.Run(() => Decode(indices, epoch, cancellationToken), cancellationToken);
        }
        var next = Prepare(0);
        for (var b = 0; b < BatchCount; b++)
        {
            var (pixels, labels, indices) = next.GetAwaiter().GetResult();
            if (b + 1 < BatchCount) next = Prepare(b + 1);
            cancellationToken.ThrowIfCancellationRequested();
            var size = Pipeline.OutputSize;
            yield return new Batch(tensor(pixels, [indices.Length, 3, size, size]), tensor(labels), indices);
        }
    }

    (float[], long[], int[]) Decode(int[] indices, int epoch, CancellationToken ct)
    {
        var size = Pipeline.OutputSize;
        var per = 3 * size * size;
        var pixels = new float[indices.Length * per];
        var labels = new long[indices.Length];
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads, CancellationToken = ct }, i =>
        {
            var sample = Dataset.Samples[indices[i]];
            // Per-image seed: the same image gets the same augmentation in an epoch whatever the thread order.
            Pipeline.Load(sample.Path, pixels.AsSpan(i * per, per), new Random(Seeds.Mix(seed, epoch, indices[i])));
            labels[i] = sample.Label;
        });
        return (pixels, labels, indices);
    }
}
