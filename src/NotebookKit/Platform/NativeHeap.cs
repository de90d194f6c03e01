using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// Keeps glibc from holding on to freed native memory (tensors are allocated with malloc by libtorch) without making
/// every step pay for fresh pages. Two habits of glibc's allocator grow a training process by gigabytes: (1) after a
/// large block is freed it raises its mmap threshold up to 32 MB, so later long-lived tensors (activation caches, kept
/// features) come from its arenas, and an arena block goes back to the OS only when nothing above it is still in use —
/// fp32 training of layer4 grew chapter 4 by about 50 MB per step this way; (2) large freed blocks stay in the arenas.
/// <see cref="KeepLargeBlocksMapped"/> fixes the threshold at glibc's own starting value, so every large block is its own
/// mapping, returned when freed. But a mapping is zero-filled page by page each time it is touched: passes that map their
/// activations afresh ran 25–50% slower (fp32, 2 cores). So inside a forward-only pass over one batch (validation,
/// predictions, a cache build, feature extraction: <see cref="ForwardPassScope"/>) the threshold is raised and the next
/// batch reuses the blocks from the arena; <see cref="Trim"/>, after every loader epoch, training epoch and fit, returns
/// them. Training steps keep their own mappings: reusing theirs too grew chapter 4's quick run from 1.9 to 2.4–3.1 GB.
/// Elsewhere (Windows, macOS, musl) all of this does nothing.
/// </summary>
public static class NativeHeap
{
    /// <summary>glibc's initial mmap threshold: outside a forward pass, blocks this large or larger get their own mapping.</summary>
    public const int MmapThresholdBytes = 128 * 1024;
    /// <summary>Inside a forward pass: glibc's largest threshold (HEAP_MAX/2 on 64-bit), so all but the largest activations reuse arena memory.</summary>
    public const int ReuseMmapThresholdBytes = 32 * 1024 * 1024;
    /// <summary>Free memory at the arena's top kept between batches (glibc's default, 128 KB, would hand each batch's blocks back and fault them in again).</summary>
    const int TrimThresholdBytes = 256 * 1024 * 1024;
    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    static bool unavailable = !OperatingSystem.IsLinux();
    static bool managed;
    static int openPasses;

    /// <summary>
    /// Fixes glibc's mmap threshold at <see cref="MmapThresholdBytes"/> (turning off its dynamic raise), unless the user set
    /// <c>MALLOC_MMAP_THRESHOLD_</c> themselves. Called once when the kit loads; true when the setting took effect.
    /// </summary>
    public static bool KeepLargeBlocksMapped()
    {
        if (unavailable || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 }) return false;
        managed = Set(M_MMAP_THRESHOLD, MmapThresholdBytes) && Set(M_TRIM_THRESHOLD, TrimThresholdBytes);
        return managed;
    }

    /// <summary>
    /// While the result is alive (one batch through forward-only layers), blocks up to <see cref="ReuseMmapThresholdBytes"/>
    /// come from the arenas, where the next batch finds them again. Nested and concurrent scopes share one setting; the last
    /// to end restores the mapped policy.
    /// </summary>
    public static ReusePolicy ForwardPassScope()
    {
        if (managed && Interlocked.Increment(ref openPasses) == 1) Set(M_MMAP_THRESHOLD, ReuseMmapThresholdBytes);
        return new ReusePolicy(managed);
    }

    /// <summary>Ends a <see cref="ForwardPassScope"/>.</summary>
    public readonly struct ReusePolicy(bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active && Interlocked.Decrement(ref openPasses) == 0) Set(M_MMAP_THRESHOLD, MmapThresholdBytes);
        }
    }

    /// <summary>Returns to the OS what the arenas keep free (the forward passes' reusable blocks included).</summary>
    public static void Trim()
    {
        if (unavailable) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { unavailable = true; }
    }

    static bool Set(int param, int value)
    {
        if (unavailable) return false;
        try { return mallopt(param, value) == 1; }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { unavailable = true; return false; }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
