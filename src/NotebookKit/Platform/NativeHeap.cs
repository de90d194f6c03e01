using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// Gives freed native memory back to the OS. glibc keeps large freed blocks (a decoded batch is 20 MB at 224 px) in its
/// arenas for reuse, so after an epoch the process stays hundreds of MB larger than it needs to be; malloc_trim returns
/// them. Elsewhere (Windows, macOS, musl) it does nothing.
/// </summary>
public static class NativeHeap
{
    static bool unavailable = !OperatingSystem.IsLinux();

    public static void Trim()
    {
        if (unavailable) return;
        try { malloc_trim(0); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { unavailable = true; }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int malloc_trim(nuint pad);
}
