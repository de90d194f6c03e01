namespace NotebookKit.Platform;

/// <summary>
/// The arithmetic of a part of the model: of frozen layers (which only ever run forward, in eval mode, see
/// <see cref="Training.LearnerOptions.InferencePrecision"/>) and of trainable layers in training steps (bf16 mixed precision
/// on fp32 master weights, see <see cref="Training.LearnerOptions.TrainPrecision"/>).
/// </summary>
public enum ComputePrecision
{
    /// <summary>bf16 where the CPU computes it natively (<see cref="CpuFeatures.NativeBf16"/>), else fp32; the environment variables
    /// <c>NOTEBOOKKIT_FROZEN_PRECISION</c> and <c>NOTEBOOKKIT_TRAIN_PRECISION</c> (<c>fp32</c> or <c>bf16</c>) override the choice.</summary>
    Auto,
    Float32,
    BFloat16,
}

public static class ComputePrecisions
{
    public const string EnvironmentVariable = "NOTEBOOKKIT_FROZEN_PRECISION";
    public const string TrainEnvironmentVariable = "NOTEBOOKKIT_TRAIN_PRECISION";

    /// <summary>Auto made concrete for frozen layers on <paramref name="cpu"/> (default: this machine's): Float32 or BFloat16.</summary>
    public static ComputePrecision Resolve(this ComputePrecision precision, CpuFeatures? cpu = null) => precision.Resolve(EnvironmentVariable, cpu);

    /// <summary>Auto made concrete for trainable layers on <paramref name="cpu"/> (default: this machine's): Float32 or BFloat16.</summary>
    public static ComputePrecision ResolveTraining(this ComputePrecision precision, CpuFeatures? cpu = null) => precision.Resolve(TrainEnvironmentVariable, cpu);

    internal static ComputePrecision Resolve(this ComputePrecision precision, string variable, CpuFeatures? cpu) => precision != ComputePrecision.Auto ? precision
        : Environment.GetEnvironmentVariable(variable)?.Trim().ToLowerInvariant() switch
        {
            "fp32" or "float32" => ComputePrecision.Float32,
            "bf16" or "bfloat16" => ComputePrecision.BFloat16,
            null or "" or "auto" => (cpu ?? CpuFeatures.Current).NativeBf16 ? ComputePrecision.BFloat16 : ComputePrecision.Float32,
            var other => throw new ArgumentException($"{variable}={other} is not a precision: use fp32, bf16 or auto (or unset it)."),
        };

    public static string Short(this ComputePrecision precision) => precision switch
    {
        ComputePrecision.Float32 => "fp32",
        ComputePrecision.BFloat16 => "bf16",
        _ => "auto",
    };
}
