using TorchSharp;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Loads libtorch for real and asks it how many threads it will use.</summary>
internal static class TorchThreadsCheck
{
    const string Name = "Torch threads";

    /// <param name="nativesLoadable">False when a libLibTorchSharp.so is known not to load: trying anyway only repeats that error.</param>
    public static DoctorCheck Run(bool nativesLoadable)
    {
        if (!nativesLoadable)
            return DoctorCheck.Warning(Name, "skipped: TorchSharp's native library cannot load yet",
                "Run `notebookkit doctor --fix`, then the doctor again.");
        try
        {
            var preloaded = NativeLibraries.EnsureLoaded();
            var threads = torch.get_num_threads();
            var from = preloaded.FirstOrDefault(f => Path.GetFileName(f) == "libtorch_cpu.so") is { } cpu ? $"; libtorch from {Path.GetDirectoryName(cpu)}" : "";
            return DoctorCheck.Ok(Name, $"{threads} threads on {Environment.ProcessorCount} cores{from}");
        }
        catch (Exception e)
        {
            // Whatever TorchSharp throws while loading (DllNotFoundException, NotSupportedException, a type
            // initializer failure) is a finding to report, not a reason to stop the doctor.
            var message = (e.InnerException ?? e).Message.Split('\n')[0];
            return DoctorCheck.Broken(Name, $"libtorch did not load: {message}", "Run `notebookkit doctor --fix`; if this persists see environment.md.");
        }
    }
}
