using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Data;

/// <summary>
/// Batches of decoded, transformed, normalised images as tensors. Images of a batch decode in parallel on
/// <see cref="Threads"/> cores, and the next batch is prepared while the caller computes on the current one.
/// Shuffling and random augmentation are seeded per epoch and per image, so results do not depend on thread timing.
/// <para>
/// With several <see cref="Views"/> (deterministic pipelines such as plain and mirrored), every image is an item once
/// per view: item <c>v·N + i</c> is sample <c>i</c> through view <c>v</c>. Training on the views is flip augmentation
/// whose outputs can be cached; predicting over them is test-time augmentation.
/// </para>
/// </summary>
public sealed class DataLoader
{
    public DataLoader(ImageDataset dataset, ImagePipeline pipeline, int batchSize = 32, bool shuffle = false, int seed = Seeds.Default, int? threads = null, bool dropLast = false, bool balanced = false)
        : this(dataset, [pipeline], batchSize, shuffle, seed, threads, dropLast, balanced) { }

    public DataLoader(ImageDataset dataset, IReadOnlyList<ImagePipeline> views, int batchSize = 32, bool shuffle = false, int seed = Seeds.Default, int? threads = null, bool dropLast = false,
        bool balanced = false)
    {
        if (views.Count == 0) throw new ArgumentException("A loader needs at least one pipeline.", nameof(views));
        if (views.Count > 1 && views.Any(v => !v.IsDeterministic || v.OutputSize != views[0].OutputSize))
            throw new ArgumentException("Views must be deterministic pipelines of one output size (e.g. plain and mirrored).", nameof(views));
        Dataset = dataset;
        Views = views;
        BatchSize = batchSize > 0 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Batch size must be positive.");
        Shuffle = shuffle;
        Seed = seed;
        Threads = threads ?? Environment.ProcessorCount;
        DropLast = dropLast;
        Balanced = balanced;
    }

    public ImageDataset Dataset { get; }
    /// <summary>The pipeline of the first (plain) view.</summary>
    public ImagePipeline Pipeline => Views[0];
    public IReadOnlyList<ImagePipeline> Views { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public int Seed { get; }
    public int Threads { get; }
    /// <summary>Leave out the last, smaller batch (PyTorch's drop_last), e.g. for batch-norm layers that dislike tiny batches.</summary>
    public bool DropLast { get; }
    /// <summary>
    /// Balanced sampling (PyTorch's WeightedRandomSampler with weights 1/count of the class): each epoch draws
    /// <see cref="Count"/> items with replacement, every class equally likely, so a small class is seen as often as a large one.
    /// </summary>
    public bool Balanced { get; }
    /// <summary>Items per epoch: every sample once per view.</summary>
    public int Count => Dataset.Count * Views.Count;
    public int BatchCount => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>Item order for an epoch: drawn class-balanced or shuffled from (seed, epoch), else as stored.</summary>
    public int[] Order(int epoch)
    {
        if (Balanced) return BalancedDraw(new Random(Seeds.Mix(Seed, epoch)));
        var order = Enumerable.Range(0, Count).ToArray();
        if (Shuffle) new Random(Seeds.Mix(Seed, epoch)).Shuffle(order);
        return order;
    }

    /// <summary>A class drawn uniformly among those with items, then one of its items uniformly; <see cref="Count"/> times.</summary>
    int[] BalancedDraw(Random rng)
    {
        var byClass = Enumerable.Range(0, Count).GroupBy(i => SampleOf(i).Label).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        var order = new int[Count];
        for (var k = 0; k < order.Length; k++)
        {
            var items = byClass[rng.Next(byClass.Length)];
            order[k] = items[rng.Next(items.Length)];
        }
        return order;
    }

    /// <summary>The item indices of each batch of an epoch (<see cref="BatchCount"/> of them): what images and cached activations both follow.</summary>
    public IEnumerable<int[]> BatchIndices(int epoch)
    {
        var order = Order(epoch);
        for (var b = 0; b < BatchCount; b++)
            yield return order.AsSpan(b * BatchSize, Math.Min(BatchSize, order.Length - b * BatchSize)).ToArray();
    }

    /// <summary>A loader of the same kind (views, batching, shuffling, seed) over another dataset, e.g. a fold.</summary>
    public DataLoader WithDataset(ImageDataset dataset) => new(dataset, Views, BatchSize, Shuffle, Seed, Threads, DropLast, Balanced);

    /// <summary>The sample behind an item.</summary>
    public ImageSample SampleOf(int item) => Dataset.Samples[item % Dataset.Count];

    /// <summary>
    /// The batches of one epoch. Dispose each batch (or use a dispose scope). The last batch may be smaller unless
    /// <see cref="DropLast"/>. Cancelling throws <see cref="OperationCanceledException"/>; a bad file throws its
    /// <see cref="DataException"/>.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch = 0, CancellationToken cancellationToken = default)
    {
        using var batches = BatchIndices(epoch).GetEnumerator();
        if (!batches.MoveNext()) yield break;
        // Linked so that a caller who stops iterating early also stops the prefetch.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(Tensor Images, long[] Labels, int[] Indices)> Prepare(int[] indices) => Task.Run(() => Decode(indices, epoch, stop.Token), stop.Token);
        Task<(Tensor Images, long[] Labels, int[] Indices)>? pending = Prepare(batches.Current); // the prefetch, until it is taken
        try
        {
            while (true)
            {
                var (images, labels, indices) = Await(pending!); // set before the loop and whenever there is a next batch
                pending = null;
                var more = batches.MoveNext();
                if (more) pending = Prepare(batches.Current);
                if (cancellationToken.IsCancellationRequested) images.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                yield return new Batch(images, tensor(labels), indices);
                if (!more) break;
            }
        }
        finally
        {
            stop.Cancel();
            // An abandoned prefetch stops at its next image: free a batch it finished, observe an exception it threw.
            pending?.ContinueWith(t => { if (t.IsCompletedSuccessfully) t.Result.Images.Dispose(); return t.Exception; }, TaskScheduler.Default);
            Platform.NativeHeap.Trim(); // the epoch's batch buffers, freed, go back to the OS
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

    /// <summary>
    /// Decodes a batch straight into a tensor libtorch allocated: its memory goes back when the batch is disposed, where a
    /// managed array per batch (20 MB at 224 px, on the large-object heap) stayed committed and grew the process by hundreds of MB.
    /// </summary>
    (Tensor, long[], int[]) Decode(int[] indices, int epoch, CancellationToken ct)
    {
        var size = Pipeline.OutputSize;
        var per = 3 * size * size;
        var images = empty([indices.Length, 3, size, size]);
        var labels = new long[indices.Length];
        try
        {
            Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = Threads, CancellationToken = ct }, i =>
            {
                var sample = SampleOf(indices[i]);
                // Per-image seed: the same image gets the same augmentation in an epoch whatever the thread order.
                Views[indices[i] / Dataset.Count].Load(sample.Path, MemoryMarshal.Cast<byte, float>(images.bytes).Slice(i * per, per), new Random(Seeds.Mix(Seed, epoch, indices[i])));
                labels[i] = sample.Label;
            });
        }
        catch
        {
            images.Dispose();
            throw;
        }
        return (images, labels, indices);
    }
}
