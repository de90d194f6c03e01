using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Data;

/// <summary>
/// Batches of decoded, transformed, normalised images as tensors. Images of a batch decode in parallel on
/// <see cref="Threads"/> cores, and the next batch is prepared while the caller computes on the current one.
/// Shuffling and random augmentation are seeded per epoch and per image, so results do not depend on thread timing.
/// </summary>
public sealed class DataLoader(ImageDataset dataset, ImagePipeline pipeline, int batchSize = 32, bool shuffle = false, int seed = 42, int? threads = null, bool dropLast = false)
{
    public ImageDataset Dataset { get; } = dataset;
    public ImagePipeline Pipeline { get; } = pipeline;
    public int BatchSize { get; } = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), "Batch size must be positive.");
    public int Threads { get; } = threads ?? Environment.ProcessorCount;
    /// <summary>Leave out the last, smaller batch (PyTorch's drop_last), e.g. for batch-norm layers that dislike tiny batches.</summary>
    public bool DropLast { get; } = dropLast;
    public int BatchCount => DropLast ? Dataset.Count / BatchSize : (Dataset.Count + BatchSize - 1) / BatchSize;

    /// <summary>Dataset order for an epoch: shuffled from (seed, epoch) when shuffling, else as stored.</summary>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Dataset.Count).ToArray();
        if (shuffle) new Random(Seeds.Mix(seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>
    /// The batches of one epoch. Dispose each batch (or use a dispose scope). The last batch may be smaller unless
    /// <see cref="DropLast"/>. Cancelling throws <see cref="OperationCanceledException"/>; a bad file throws its
    /// <see cref="DataException"/>.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch = 0, CancellationToken cancellationToken = default)
    {
        var order = Order(epoch);
        var count = BatchCount;
        if (count == 0) yield break;
        // Linked so that a caller who stops iterating early also stops the prefetch.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(float[,,,] Pixels, long[] Labels, int[] Indices)> Prepare(int b)
        {
            var indices = order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();
            return Task.Run(() => Decode(indices, epoch, stop.Token), stop.Token);
        }
        var next = Prepare(0);
        try
        {
            for (var b = 0; b < count; b++)
            {
                var (pixels, labels, indices) = Await(next);
                if (b + 1 < count) next = Prepare(b + 1);
                cancellationToken.ThrowIfCancellationRequested();
                // from_array shares the array's memory (pinned until the tensor is disposed): no 20 MB copy per batch.
                yield return new Batch(from_array(pixels), tensor(labels), indices);
            }
        }
        finally
        {
            stop.Cancel();
            // An abandoned prefetch stops at its next image; observe its exception so it is not reported as unobserved.
            next.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>Waits for a batch, rethrowing the first real error (not Parallel.For's AggregateException wrapper).</summary>
    static T Await<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (AggregateException e) when (e.Flatten().InnerExceptions is [var first, ..])
        {
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
    }

    (float[,,,], long[], int[]) Decode(int[] indices, int epoch, CancellationToken ct)
    {
        var size = Pipeline.OutputSize;
        var per = 3 * size * size;
        var pixels = new float[indices.Length, 3, size, size];
        var labels = new long[indices.Length];
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads, CancellationToken = ct }, i =>
        {
            var sample = Dataset.Samples[indices[i]];
            // Per-image seed: the same image gets the same augmentation in an epoch whatever the thread order.
            var image = MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(pixels)), pixels.Length).Slice(i * per, per);
            Pipeline.Load(sample.Path, image, new Random(Seeds.Mix(seed, epoch, indices[i])));
            labels[i] = sample.Label;
        });
        return (pixels, labels, indices);
    }
}
