using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The doctor line of a part of the model whose arithmetic Auto decides from the CPU, overridable by an environment variable.</summary>
internal static class PrecisionCheck
{
    /// <summary>
    /// <paramref name="describe"/>(the precision chosen, why) as an OK line; a warning naming the fix when
    /// <paramref name="variable"/> holds no precision.
    /// </summary>
    public static DoctorCheck Run(string name, string variable, CpuFeatures cpu, Func<ComputePrecision, string, string> describe)
    {
        ComputePrecision chosen;
        try { chosen = ComputePrecision.Auto.Resolve(variable, cpu); }
        catch (ArgumentException e) { return DoctorCheck.Warning(name, e.Message, $"Unset {variable} or set it to fp32 or bf16."); }
        var why = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set
            ? $"{variable}={set}"
            : cpu.NativeBf16 ? "the CPU computes bf16 natively" : "no native bf16 on this CPU";
        return DoctorCheck.Ok(name, describe(chosen, why));
    }
}
