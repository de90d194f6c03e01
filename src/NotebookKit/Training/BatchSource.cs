using NotebookKit.Data;

namespace NotebookKit.Training;

/// <summary>
/// Where a phase's batches come from: decoded images (the input of group 0) or cached activations (the input of the
/// group after the cache's boundary). Both follow the loader's batching, so a cached and an uncached run see the same batches.
/// </summary>
internal sealed class BatchSource(DataLoader loader, ActivationCache? cache)
{
    public DataLoader Loader { get; } = loader;
    public ActivationCache? Cache { get; } = cache;
    /// <summary>The first layer group the batches still have to go through.</summary>
    public int FirstGroup => Cache is null ? 0 : Cache.Boundary + 1;
    public int BatchCount => Loader.BatchCount;

    public IEnumerable<Batch> Batches(int epoch, CancellationToken cancellationToken) =>
        Cache is null ? Loader.Epoch(epoch, cancellationToken) : Cache.Batches(epoch, cancellationToken);
}
