namespace NotebookKit.Data;

/// <summary>
/// Bounds the memory of all decodes running at once. Each decode reserves an estimate of its peak before it
/// allocates, and waits while the others hold the rest; a file whose estimate alone exceeds the budget is refused.
/// Without it, one decoder per core each holding a small file that declares a huge image multiplies the peak.
/// </summary>
public static class DecodeBudget
{
    static readonly object Gate = new();
    static long inUse;

    /// <summary>Bytes all decodes may hold together: a quarter of the memory available to the process, at most 2 GiB.</summary>
    public static long Bytes { get; } = Math.Clamp(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, 256L << 20, 2L << 30);

    /// <summary>Peak bytes a decode of a <paramref name="width"/>×<paramref name="height"/> image from a file of <paramref name="fileBytes"/> bytes may need.</summary>
    // 12 bytes per pixel: the RGBA32 frame (4), its RGB24 copy (3) and the decoder's own planes (JPEG keeps 16-bit coefficients per channel).
    public static long Estimate(int width, int height, long fileBytes) => (long)width * height * 12 + fileBytes + (1 << 20);

    /// <summary>Reserves <paramref name="bytes"/> until the returned handle is disposed; null when they exceed the whole budget.</summary>
    public static IDisposable? Reserve(long bytes, CancellationToken cancellationToken = default)
    {
        if (bytes > Bytes) return null;
        lock (Gate)
        {
            while (inUse + bytes > Bytes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(Gate, 200);
            }
            inUse += bytes;
        }
        return new Reservation(bytes);
    }

    sealed class Reservation(long bytes) : IDisposable
    {
        long held = bytes;

        public void Dispose()
        {
            lock (Gate)
            {
                inUse -= Interlocked.Exchange(ref held, 0);
                Monitor.PulseAll(Gate);
            }
        }
    }
}
