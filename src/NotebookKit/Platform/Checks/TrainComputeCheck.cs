namespace NotebookKit.Platform.Checks;

/// <summary>Which arithmetic trainable layers get in training steps on this CPU, and why (see <see cref="Training.LearnerOptions.TrainPrecision"/>).</summary>
internal static class TrainComputeCheck
{
    const string Name = "Trainable layers";

    public static DoctorCheck Run(CpuFeatures cpu)
    {
        ComputePrecision chosen;
        try { chosen = ComputePrecision.Auto.ResolveTraining(cpu); }
        catch (ArgumentException e) { return DoctorCheck.Warning(Name, e.Message, $"Unset {ComputePrecisions.TrainEnvironmentVariable} or set it to fp32 or bf16."); }
        var why = Environment.GetEnvironmentVariable(ComputePrecisions.TrainEnvironmentVariable) is { Length: > 0 } set
            ? $"{ComputePrecisions.TrainEnvironmentVariable}={set}"
            : cpu.NativeBf16 ? "the CPU computes bf16 natively" : "no native bf16 on this CPU";
        return DoctorCheck.Ok(Name, chosen == ComputePrecision.BFloat16
            ? $"bf16 mixed precision in training steps of the kit's ResNets: convolutions and linear layers in bf16 on fp32 master weights, BatchNorm statistics and the loss in fp32; the head trained alone, other backbones, validation and predictions fp32 ({why})"
            : $"fp32 ({why})");
    }
}
