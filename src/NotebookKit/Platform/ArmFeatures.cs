namespace NotebookKit.Platform;

/// <summary>
/// Arm CPUs cannot be asked directly from user code, so the OS answers: macOS through sysctl, Windows through
/// IsProcessorFeaturePresent (Linux through /proc/cpuinfo, see <see cref="CpuFeatures.Parse"/>). Both decoders take the
/// OS query as a function so tests feed recorded answers. Flags use Linux's names (bf16, i8mm, asimddp).
/// </summary>
public static class ArmFeatures
{
    /// <summary>macOS's hw.optional.arm.FEAT_* keys (1 when present) and the flag each one means.</summary>
    static readonly (string Key, string Flag)[] Sysctl =
    [
        ("hw.optional.arm.FEAT_BF16", "bf16"),
        ("hw.optional.arm.FEAT_I8MM", "i8mm"),
        ("hw.optional.arm.FEAT_DotProd", "asimddp"),
    ];

    /// <summary>Windows' PF_ARM_* processor features (winnt.h) and the flag each one means.</summary>
    static readonly (int Feature, string Flag)[] Windows =
    [
        (68, "bf16"),    // PF_ARM_V86_BF16_INSTRUCTIONS_AVAILABLE
        (66, "i8mm"),    // PF_ARM_V82_I8MM_INSTRUCTIONS_AVAILABLE
        (43, "asimddp"), // PF_ARM_V82_DP_INSTRUCTIONS_AVAILABLE
    ];

    /// <summary>From sysctl answers: <paramref name="number"/>(key) is null when the key does not exist (an older macOS).</summary>
    public static CpuFeatures FromSysctl(Func<string, long?> number, Func<string, string?> text) =>
        new(text("machdep.cpu.brand_string") ?? "unknown", Sysctl.Where(s => number(s.Key) == 1).Select(s => s.Flag).ToHashSet(), null);

    /// <summary>From IsProcessorFeaturePresent answers, with the model Windows names (PROCESSOR_IDENTIFIER).</summary>
    public static CpuFeatures FromWindows(Func<int, bool> present, string? model) =>
        new(model ?? "unknown", Windows.Where(w => present(w.Feature)).Select(w => w.Flag).ToHashSet(), null);
}
