using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Which arithmetic frozen layers get on this CPU, and why (its features read at run time, see <see cref="CpuFeatures.Current"/>).</summary>
internal static class FrozenComputeCheck
{
    public static DoctorCheck Run(CpuFeatures cpu) => PrecisionCheck.Run("Frozen layers", ComputePrecisions.EnvironmentVariable, cpu, (chosen, why) =>
        $"{chosen.Short()}, channels-last, BatchNorm folded into the convolutions of ResNets ({why}; {cpu.Model}: {(cpu.KeyFlags.Length > 0 ? cpu.KeyFlags : "none of avx2/avx512/bf16")})");
}
