using static TorchSharp.torch;

namespace NotebookKit.Platform;

/// <summary>
/// torch's intra-op thread count for the length of a <c>using</c> block, then the previous count again.
/// The count is process-wide, so use it on the thread that runs the work and keep the block short.
/// </summary>
public readonly struct TorchThreads : IDisposable
{
    readonly int previous;

    TorchThreads(int threads)
    {
        previous = get_num_threads();
        set_num_threads(threads);
    }

    public static TorchThreads Use(int threads) =>
        threads >= 1 ? new TorchThreads(threads) : throw new ArgumentOutOfRangeException(nameof(threads), threads, "Use at least one thread.");

    public void Dispose() => set_num_threads(previous);
}
