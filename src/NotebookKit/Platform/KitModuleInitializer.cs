using System.Runtime.CompilerServices;

namespace NotebookKit.Platform;

static class KitModuleInitializer
{
    /// <summary>
    /// Runs when the kit's assembly loads, before any TorchSharp call through it, so every front end
    /// (CLI, notebook, test) gets the kit's own libtorch. A failure is kept for the doctor, not thrown:
    /// the doctor must be able to start in order to repair it. The allocator setting comes first, so that no
    /// tensor is allocated under glibc's dynamic mmap threshold (see <see cref="NativeHeap"/>).
    /// </summary>
#pragma warning disable CA2255 // deliberate: the native preload must precede any TorchSharp call
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        NativeHeap.KeepLargeBlocksMapped();
        try { NativeLibraries.EnsureLoaded(); }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or IOException) { NativeLibraries.LastError = e; }
    }
}
