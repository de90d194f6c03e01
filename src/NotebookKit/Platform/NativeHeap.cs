using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// Keeps glibc from holding on to freed native memory (tensors are allocated with malloc by libtorch). Two habits of
/// glibc's allocator grow a training process by gigabytes: (1) after a large block is freed it raises its mmap threshold
/// up to 32 MB, so later activations and gradients come from its arenas instead of their own mappings, and a freed arena
/// block goes back to the OS only when nothing above it is still in use — fp32 training of layer4 grew chapter 4 by about
/// 50 MB per step this way; (2) large freed blocks stay in the arenas for reuse. <see cref="KeepLargeBlocksMapped"/> fixes
/// the threshold (at glibc's own starting value) so every large block is its own mapping, returned when freed;
/// <see cref="Trim"/> returns what the arenas still keep. Elsewhere (Windows, macOS, musl) both do nothing.
/// </summary>
public static class NativeHeap
{
    /// <summary>glibc's initial mmap threshold: blocks this large or larger get their own mapping.</summary>
    public const int MmapThresholdBytes = 128 * 1024;
    const int M_MMAP_THRESHOLD = -3;
    static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>
    /// Fixes glibc's mmap threshold at <see cref="MmapThresholdBytes"/> (turning off its dynamic raise), unless the user set
    /// <c>MALLOC_MMAP_THRESHOLD_</c> themselves. Called once when the kit loads; true when the setting took effect.
    /// </summary>
    public static bool KeepLargeBlocksMapped()
    {
        if (unavailable || Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 }) return false;
        try { return mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes) == 1; }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { unavailable = true; return false; }
    }

    public static void Trim()
    {
        if (unavailable) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { unavailable = true; }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int mallopt(int param, int value);
}
