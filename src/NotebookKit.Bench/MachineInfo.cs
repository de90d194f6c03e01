using System.Runtime.InteropServices;
using NotebookKit.Platform;

namespace NotebookKit.Benchmarks;

/// <summary>
/// The machine a report was measured on: numbers from different machines are not comparable. The peaks are nominal:
/// cores × clock (/proc/cpuinfo "cpu MHz") × FLOPs per core and cycle from the vector flags — fp32: 64 with AVX-512
/// (two 512-bit FMA units; a Zen 4 core runs 512-bit FMAs on 256-bit units, so its real peak is half), 32 with AVX2+FMA,
/// 8 otherwise; bf16: 1024 with AMX, 128 with AVX-512 BF16 (vdpbf16ps: two products per fp32 lane), else the fp32 peak.
/// </summary>
public sealed record MachineInfo(int Cores, string CpuModel, string CpuFlags, double? Mhz, string Os, string Dotnet, double MemoryGb,
    double PeakGflopsFp32, double PeakGflopsBf16, string FrozenPrecision, string TrainPrecision)
{
    public static MachineInfo Current()
    {
        var cpu = CpuFeatures.Current;
        var cores = Environment.ProcessorCount;
        var ghz = (cpu.Mhz ?? 0) / 1000;
        double fp32 = cpu.Flags.Contains("avx512f") ? 64 : cpu.Flags.Contains("avx2") && cpu.Flags.Contains("fma") ? 32 : 8;
        var bf16 = cpu.Flags.Contains("amx_bf16") ? 1024 : cpu.Flags.Contains("avx512_bf16") ? 128 : fp32;
        return new(cores, cpu.Model, cpu.KeyFlags, cpu.Mhz,
            ReadField("/etc/os-release", "PRETTY_NAME")?.Trim('"') ?? RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
            Math.Round(cores * ghz * fp32, 1), Math.Round(cores * ghz * bf16, 1),
            ComputePrecision.Auto.Resolve().Short(), ComputePrecision.Auto.ResolveTraining().Short());
    }

    /// <summary>The nominal peak of the arithmetic frozen layers use on this machine.</summary>
    public double FrozenPeakGflops => FrozenPrecision == "bf16" ? PeakGflopsBf16 : PeakGflopsFp32;

    /// <summary>The nominal peak of the arithmetic trainable layers use in training steps on this machine.</summary>
    public double TrainPeakGflops => TrainPrecision == "bf16" ? PeakGflopsBf16 : PeakGflopsFp32;

    static string? ReadField(string path, string key)
    {
        if (!File.Exists(path)) return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOfAny([':', '=']) + 1)..].Trim();
    }
}
