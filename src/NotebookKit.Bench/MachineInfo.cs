using System.Runtime.InteropServices;

namespace NotebookKit.Benchmarks;

/// <summary>The machine a report was measured on: numbers from different machines are not comparable.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, string Os, string Dotnet, double MemoryGb)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ReadField("/etc/os-release", "PRETTY_NAME")?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1));

    static string? ReadField(string path, string key)
    {
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOfAny([':', '=']) + 1)..].Trim();
    }
}
