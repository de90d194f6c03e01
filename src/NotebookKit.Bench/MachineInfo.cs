using System.Runtime.InteropServices;
using NotebookKit.Platform;

namespace NotebookKit.Benchmarks;

/// <summary>
/// The machine a report was measured on: numbers from different machines are not comparable. The peaks are this CPU's:
/// cores × clock (/proc/cpuinfo "cpu MHz") × FLOPs per core and cycle for the width of the units that really execute its
/// FMAs (<see cref="CpuFeatures.FmaBits"/>: a Zen 4 runs AVX-512 on 256-bit units, so 32 fp32 FLOPs a cycle, not 64), see
/// <see cref="CpuFeatures.Fp32FlopsPerCycle"/> and <see cref="CpuFeatures.Bf16FlopsPerCycle"/>.
/// </summary>
public sealed record MachineInfo(int Cores, string CpuModel, string CpuFlags, double? Mhz, string Os, string Dotnet, double MemoryGb,
    double PeakGflopsFp32, double PeakGflopsBf16, string FrozenPrecision, string TrainPrecision)
{
    public static MachineInfo Current()
    {
        var cpu = CpuFeatures.Current;
        var cores = Environment.ProcessorCount;
        var ghz = (cpu.Mhz ?? 0) / 1000;
        double fp32 = cpu.Fp32FlopsPerCycle, bf16 = cpu.Bf16FlopsPerCycle;
        return new(cores, cpu.Model, cpu.KeyFlags, cpu.Mhz,
            ReadField("/etc/os-release", "PRETTY_NAME")?.Trim('"') ?? RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            Math.Round(cores * ghz * fp32, 1), Math.Round(cores * ghz * bf16, 1),
            ComputePrecision.Auto.Resolve().Short(), ComputePrecision.Auto.ResolveTraining().Short());
    }

    /// <summary>The peak of the arithmetic frozen layers use on this machine.</summary>
    public double FrozenPeakGflops => FrozenPrecision == "bf16" ? PeakGflopsBf16 : PeakGflopsFp32;

    /// <summary>The peak of the arithmetic trainable layers use in training steps on this machine.</summary>
    public double TrainPeakGflops => TrainPrecision == "bf16" ? PeakGflopsBf16 : PeakGflopsFp32;

    static string? ReadField(string path, string key)
    {
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOfAny([':', '=']) + 1)..].Trim();
    }
}
