using System.Runtime.InteropServices;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Operating system and architecture, and whether TorchSharp has a CPU libtorch for them.</summary>
internal static class OsCheck
{
    const string Name = "OS / architecture";

    public static DoctorCheck Run(DoctorOptions o)
    {
        var wsl = o.IsLinux && ReadOrEmpty("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase) ? ", WSL" : "";
        var detail = $"{Distribution() ?? RuntimeInformation.OSDescription} ({o.RuntimeIdentifier}{wsl})";
        return LibtorchRuntimes.Cpu.Contains(o.RuntimeIdentifier)
            ? DoctorCheck.Ok(Name, detail)
            : DoctorCheck.Broken(Name, $"{detail}: TorchSharp 0.107 has a CPU libtorch only for {string.Join(", ", LibtorchRuntimes.Cpu)}",
                "Use one of those; on an Apple Silicon Mac install the Arm64 .NET SDK, not the x64 one (osx-x64 has no libtorch).");
    }

    static string? Distribution() =>
        ReadOrEmpty("/etc/os-release").Split('\n')
            .FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"');

    static string ReadOrEmpty(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path) : ""; }
        catch (Exception e) when (ReadErrors.Is(e)) { return ""; }
    }
}
