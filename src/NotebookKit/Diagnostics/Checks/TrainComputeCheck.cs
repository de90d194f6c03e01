using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Which arithmetic trainable layers get in training steps on this CPU, and why (see <see cref="Training.LearnerOptions.TrainPrecision"/>).</summary>
internal static class TrainComputeCheck
{
    public static DoctorCheck Run(CpuFeatures cpu) => PrecisionCheck.Run("Trainable layers", ComputePrecisions.TrainEnvironmentVariable, cpu, (chosen, why) =>
        chosen == ComputePrecision.BFloat16
            ? $"bf16 mixed precision in training steps of the kit's ResNets: convolutions and linear layers in bf16 on fp32 master weights, BatchNorm statistics and the loss in fp32; the head trained alone, other backbones, validation and predictions fp32 ({why})"
            : $"fp32 ({why})");
}
