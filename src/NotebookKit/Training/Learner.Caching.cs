using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>The activation caches of this learner's loaders built so far (one per loader and frozen prefix).</summary>
    public IReadOnlyList<ActivationCache> Caches => caches;

    /// <summary>Frees the caches held in memory (the store's files stay; delete <see cref="Platform.KitPaths.ActivationsCache"/> to drop them).</summary>
    public void ClearCaches()
    {
        foreach (var c in caches) c.Dispose();
        caches.Clear();
    }

    /// <summary>
    /// Batches for <paramref name="loader"/>: the cached output of the frozen prefix when that is valid, else images.
    /// Valid needs frozen leading groups, BatchNorm frozen with them, and deterministic views (augmentation draws
    /// new pixels every epoch, so its outputs cannot be reused). With nothing frozen (or frozen BatchNorm training) the
    /// decoded images themselves are cached, group −1, so epochs stop re-decoding the same photos (in memory only:
    /// decoding again is cheaper than a disk full of pixels). <paramref name="keep"/> keeps the cache for later phases
    /// (the training and validation loaders); predictions build theirs from the store each time, and skip caching images.
    /// The frozen prefix's rows are computed as <paramref name="plan"/> computes its forward-only groups (fit and
    /// prediction plans compute them alike, per <see cref="LearnerOptions.InferencePrecision"/>, so they share the rows).
    /// </summary>
    BatchSource SourceFor(DataLoader loader, string role, ExecutionPlan plan, bool keep = true, CancellationToken cancellationToken = default)
    {
        var boundary = CacheBoundary;
        BatchSource Images() => new(loader, null);
        if (!Options.CacheFrozenActivations || (boundary < 0 && !keep)) return Images();
        if (!loader.Pipeline.IsDeterministic)
        {
            if (boundary >= 0)
                Options.Log?.Invoke($"{role}: the pipeline is random (augmentation), so the frozen {Groups[0].Name} … {Groups[boundary].Name} cannot be cached; running them every epoch ({plan.PrefixCompute}).");
            return Images();
        }
        var cache = caches.FirstOrDefault(c => ReferenceEquals(c.Source, loader) && c.Boundary == boundary) ?? BuildCache(loader, boundary, role, plan, cancellationToken);
        if (cache is null)
        {
            Options.Log?.Invoke($"{role}: cached {CachedName(boundary)} would exceed the {BudgetFor(boundary) / 1e9:F1} GB budget; decoding every epoch.");
            return Images();
        }
        if (keep && !caches.Contains(cache)) caches.Add(cache);
        return new BatchSource(loader, cache);
    }

    /// <summary>What a cache at <paramref name="boundary"/> holds, for messages: "layer3 activations", or "decoded images" at −1.</summary>
    string CachedName(int boundary) => boundary < 0 ? "decoded images" : $"{Groups[boundary].Name} activations";

    /// <summary>Decoded images get a smaller budget than activations: they only save decoding, and a laptop has little memory to spare.</summary>
    long BudgetFor(int boundary) => boundary < 0 ? Math.Min(Options.CacheBudgetBytes, 1L << 30) : Options.CacheBudgetBytes;

    /// <summary>The prefix's output for every item of <paramref name="loader"/>, each view from the store or computed once; null over budget.</summary>
    ActivationCache? BuildCache(DataLoader loader, int boundary, string role, ExecutionPlan plan, CancellationToken cancellationToken = default)
    {
        // Rows are named by the prefix's weights as they are now, so changed weights never read stale rows.
        var prefix = boundary < 0 ? "" : WeightsFingerprint.Of(Groups.Take(boundary + 1).SelectMany(g => g.Modules));
        var prefixPlan = plan with { PrefixEnd = boundary, Trainable = ComputePrecision.Float32 };
        var compute = boundary < 0 ? "decoded" : prefixPlan.PrefixCompute;
        var views = new List<Tensor>();
        try
        {
            foreach (var view in loader.Views)
            {
                var table = ActivationStore.TableName(Model.Entry.Id, prefix, boundary < 0 ? "input" : Groups[boundary].Name, view.ToString(), Options.CachePrecision.ToString(), compute);
                var rows = store.Rows(table, loader.Dataset.Samples, missing => RunPrefix(loader.Dataset.Select(missing), view, boundary, loader.BatchSize, role, prefixPlan, cancellationToken), persist: boundary >= 0);
                if (rows is null) return null;
                views.Add(rows);
            }
            var labels = tensor(Enumerable.Range(0, loader.Count).Select(i => (long)loader.SampleOf(i).Label).ToArray());
            var cache = new ActivationCache(loader, boundary, [.. views], labels);
            views.Clear();
            Options.Log?.Invoke($"{role}: cached {CachedName(boundary)} of {loader.Count} images{(loader.Views.Count > 1 ? $" ({loader.Views.Count} views)" : "")} " +
                $"({cache.Bytes / 1e6:F1} MB, stored {Options.CachePrecision}, computed {compute}).");
            return cache;
        }
        finally { foreach (var v in views) v.Dispose(); }
    }

    /// <summary>Runs groups 0 … <paramref name="boundary"/> over <paramref name="dataset"/> in eval mode without gradients; null when over the budget (checked after the first batch).</summary>
    Tensor? RunPrefix(ImageDataset dataset, ImagePipeline view, int boundary, int batchSize, string role, ExecutionPlan plan, CancellationToken cancellationToken)
    {
        var dtype = Options.CachePrecision == CachePrecision.Float16 ? ScalarType.Float16 : ScalarType.Float32;
        var wasTraining = Model.training;
        Model.eval();
        var parts = new List<Tensor>();
        try
        {
            using var _ = no_grad();
            using var swaps = boundary < 0 ? null : Use(plan, 0);
            var done = 0;
            foreach (var batch in new DataLoader(dataset, view, NoGradBatch(Math.Max(batchSize, NoGradImages), view.OutputSize)).Epoch(cancellationToken: cancellationToken))
            {
                using (batch)
                {
                    cancellationToken.ThrowIfCancellationRequested(); // Ctrl+C during the feature pass: stop before the next batch's forward
                    using var scope = NewDisposeScope();
                    Tensor part;
                    if (boundary < 0) part = batch.Images;
                    else using (NativeHeap.ForwardPassScope()) part = RunForwardOnly(batch.Images.to(Device), 0, plan, cancellationToken);
                    // Kept for the whole fit: copied outside the step's reusable arena memory, into a mapping of its own.
                    parts.Add(part.to(dtype, copy: true).cpu().MoveToOuterDisposeScope());
                }
                done += batch.Count;
                if (parts.Count == 1 && parts[0].numel() * parts[0].element_size() / batch.Count * dataset.Count > BudgetFor(boundary)) return null;
                Progress?.Report(new TrainingProgress($"{role}: caching {CachedName(boundary)}", done, dataset.Count));
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
            Model.train(wasTraining);
            SetFrozenModes();
        }
    }

    /// <summary>
    /// The batch of a forward pass without gradients at <paramref name="inputSize"/> px: at most <paramref name="limit"/>,
    /// and no more pixels than 64 images of 224 px, so that a larger input (288 px) holds no more activations than the
    /// size the model was made for (a feature pass at test size is a chapter's memory peak). Without gradients a batch of
    /// 64 rather than training's 32 keeps the vector units busier (1.12x measured, docs/benchmarks.md).
    /// </summary>
    internal static int NoGradBatch(int limit, int inputSize) => Math.Clamp(NoGradPixels / (inputSize * inputSize), 1, limit);

    const int NoGradImages = 64, NoGradPixels = NoGradImages * 224 * 224;

    /// <summary>
    /// The boundary a fit caches at with the current freeze: the last frozen group, or −1 (decoded images) when nothing is
    /// frozen or frozen BatchNorm layers train.
    /// </summary>
    int CacheBoundary => Options.TrainFrozenBatchNorm ? -1 : FrozenCount - 1;

    /// <summary>
    /// Drops the caches a fit at <see cref="CacheBoundary"/> will not read: a prefix that now trains (its output will
    /// change), and one left from an earlier freeze (still valid, but memory a laptop needs: its rows stay in the store's
    /// files, and a later freeze there reads them back instead of recomputing them).
    /// </summary>
    void DropCachesOffBoundary()
    {
        foreach (var c in caches.Where(c => c.Boundary != CacheBoundary).ToList())
        {
            c.Dispose();
            caches.Remove(c);
        }
    }
}
