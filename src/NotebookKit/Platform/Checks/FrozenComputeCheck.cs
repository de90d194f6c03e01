namespace NotebookKit.Platform.Checks;

/// <summary>Which arithmetic frozen layers get on this CPU, and why (read from /proc/cpuinfo at run time).</summary>
internal static class FrozenComputeCheck
{
    const string Name = "Frozen layers";

    public static DoctorCheck Run(CpuFeatures cpu)
    {
        var flags = cpu.KeyFlags.Length > 0 ? cpu.KeyFlags : "none of avx2/avx512/bf16";
        ComputePrecision chosen;
        try { chosen = ComputePrecision.Auto.Resolve(cpu); }
        catch (ArgumentException e) { return DoctorCheck.Warning(Name, e.Message, $"Unset {ComputePrecisions.EnvironmentVariable} or set it to fp32 or bf16."); }
        var why = Environment.GetEnvironmentVariable(ComputePrecisions.EnvironmentVariable) is { Length: > 0 } set
            ? $"{ComputePrecisions.EnvironmentVariable}={set}"
            : cpu.NativeBf16 ? "the CPU computes bf16 natively" : "no native bf16 on this CPU";
        return DoctorCheck.Ok(Name, $"{chosen.Short()}, channels-last, BatchNorm folded into the convolutions of ResNets ({why}; {cpu.Model}: {flags})");
    }
}
