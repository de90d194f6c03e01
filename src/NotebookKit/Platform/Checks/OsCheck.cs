using System.Runtime.InteropServices;

namespace NotebookKit.Platform.Checks;

/// <summary>Operating system and architecture, and whether TorchSharp-cpu ships libtorch for them.</summary>
internal static class OsCheck
{
    const string Name = "OS / architecture";

    // The runtimes libtorch-cpu 2.10.0 (pulled in by TorchSharp-cpu 0.107) depends on, per its nuspec.
    static readonly string[] CpuRuntimes = ["linux-x64", "win-x64", "osx-arm64"];

    public static DoctorCheck Run(DoctorOptions o)
    {
        var wsl = o.IsLinux && ReadOrEmpty("/proc/version").Contains("microsoft", StringComparison.OrdinalIgnoreCase) ? ", WSL" : "";
        var detail = $"{Distribution() ?? RuntimeInformation.OSDescription} ({o.RuntimeIdentifier}{wsl})";
        return CpuRuntimes.Contains(o.RuntimeIdentifier)
            ? DoctorCheck.Ok(Name, detail)
            : DoctorCheck.Broken(Name, $"{detail}: TorchSharp-cpu 0.107 has libtorch only for {string.Join(", ", CpuRuntimes)}",
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
