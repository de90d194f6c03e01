using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// Keeps glibc from holding on to freed native memory (tensors are allocated with malloc by libtorch) without making
/// every step pay for fresh pages. Two habits of glibc's allocator grow a training process by gigabytes: (1) after a
/// large block is freed it raises its mmap threshold up to 32 MB, so later long-lived tensors (activation caches, kept
/// features) come from its arenas, and an arena block goes back to the OS only when nothing above it is still in use —
/// fp32 training of layer4 grew chapter 4 by about 50 MB per step this way; (2) large freed blocks stay in the arenas.
/// <see cref="KeepLargeBlocksMapped"/> fixes the threshold at glibc's own starting value, so every large block is its own
/// mapping, returned when freed. But a mapping is zero-filled page by page each time it is touched: a step that maps its
/// activations afresh ran 25–35% slower (fp32, measured on 2 cores). So inside one batch step
/// (<see cref="StepScope"/>) the threshold is raised, and the step's transient blocks are reused from the arena step after
/// step; <see cref="Trim"/>, at the end of every epoch and fit, returns them. Elsewhere (Windows, macOS, musl) all of this
/// does nothing.
/// </summary>
public static class NativeHeap
{
    /// <summary>glibc's initial mmap threshold: outside a step, blocks this large or larger get their own mapping.</summary>
    public const int MmapThresholdBytes = 128 * 1024;
    /// <summary>Inside a step: glibc's largest threshold (HEAP_MAX/2 on 64-bit), so all but the largest activations reuse arena memory.</summary>
    public const int StepMmapThresholdBytes = 32 * 1024 * 1024;
    /// <summary>Free memory at the arena's top kept between steps (glibc's default, 128 KB, would hand each step's blocks back and fault them in again).</summary>
    const int TrimThresholdBytes = 256 * 1024 * 1024;
    const int M_TRIM_THRESHOLD = -1, M_MMAP_THRESHOLD = -3;
    static bool unavailable = !OperatingSystem.IsLinux();
    static bool managed;
    static int openSteps;

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
    /// While the result is alive (one batch step: forward, backward, optimizer step), blocks up to
    /// <see cref="StepMmapThresholdBytes"/> come from the arenas, where the next step finds them again. Nested and
    /// concurrent scopes share one setting; the last to end restores the mapped policy.
    /// </summary>
    public static StepPolicy StepScope()
    {
        if (managed && Interlocked.Increment(ref openSteps) == 1) Set(M_MMAP_THRESHOLD, StepMmapThresholdBytes);
        return new StepPolicy(managed);
    }

    /// <summary>Ends a <see cref="StepScope"/>.</summary>
    public readonly struct StepPolicy(bool active) : IDisposable
    {
        public void Dispose()
        {
            if (active && Interlocked.Decrement(ref openSteps) == 0) Set(M_MMAP_THRESHOLD, MmapThresholdBytes);
        }
    }

    /// <summary>Returns to the OS what the arenas keep free (the steps' reusable blocks included).</summary>
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
