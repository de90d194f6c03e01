using NotebookKit.Data;

namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>The activation caches built so far (one per dataset and frozen prefix).</summary>
    public IReadOnlyList<ActivationCache> Caches => caches;

    /// <summary>Frees every cached activation (call it after changing the model's weights outside the learner).</summary>
    public void ClearCaches()
    {
        foreach (var c in caches) c.Dispose();
        caches.Clear();
    }

    /// <summary>
    /// Batches for <paramref name="loader"/>: cached output of the frozen prefix when that is valid, else images.
    /// Valid needs frozen leading groups, BatchNorm frozen with them, and a deterministic pipeline (augmentation draws
    /// new pixels every epoch, so its outputs cannot be reused).
    /// </summary>
    BatchSource SourceFor(DataLoader loader, string role)
    {
        if (!Options.CacheFrozenActivations || FrozenCount == 0 || Options.TrainFrozenBatchNorm)
            return new BatchSource(loader, null);
        if (!loader.Pipeline.IsDeterministic)
        {
            Options.Log?.Invoke($"{role}: the pipeline is random (augmentation), so the frozen {Groups[0].Name} … {Groups[FrozenCount - 1].Name} cannot be cached; running the full forward pass every epoch.");
            return new BatchSource(loader, null);
        }
        var boundary = FrozenCount - 1;
        var cache = caches.FirstOrDefault(c => ReferenceEquals(c.Source, loader) && c.Boundary == boundary);
        if (cache is null)
        {
            cache = ActivationCache.Build(stages, Model, loader, boundary, Options.CachePrecision, Options.CacheBudgetBytes, Device, Progress, default);
            if (cache is null)
            {
                Options.Log?.Invoke($"{role}: cached {Groups[boundary].Name} activations would exceed the {Options.CacheBudgetBytes / 1e9:F1} GB budget; running the full forward pass.");
                return new BatchSource(loader, null);
            }
            caches.Add(cache);
            Options.Log?.Invoke($"{role}: cached {Groups[boundary].Name} output of {loader.Dataset.Count} images ({cache.Bytes / 1e6:F1} MB, {Options.CachePrecision}).");
        }
        return new BatchSource(loader, cache);
    }

    /// <summary>Drops caches whose prefix includes a group that is about to train (its output will change).</summary>
    void DropCachesTrainedBy(int frozenCount)
    {
        foreach (var c in caches.Where(c => Options.TrainFrozenBatchNorm || c.Boundary >= frozenCount).ToList())
        {
            c.Dispose();
            caches.Remove(c);
        }
    }
}
