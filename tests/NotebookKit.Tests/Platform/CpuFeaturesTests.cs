using NotebookKit.Diagnostics;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

public class CpuFeaturesTests
{
    const string Epyc = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\ncpu MHz\t\t: 2595.124\n" +
        "flags\t\t: fpu sse2 avx2 fma avx512f avx512_vnni avx512_bf16 vaes\n\nprocessor\t: 1\nmodel name\t: other\nflags\t\t: fpu\n";
    const string OldXeon = "model name\t: Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\ncpu MHz\t\t: 2400.000\nflags\t\t: fpu sse2 avx2 fma\n";
    const string Graviton = "processor\t: 0\nFeatures\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics bf16 i8mm\n";

    [Fact]
    public void ReadsTheFirstProcessorsModelFlagsAndClock()
    {
        var cpu = CpuFeatures.Parse(Epyc);
        Assert.Equal("AMD EPYC", cpu.Model);
        Assert.Equal(2595.124, cpu.Mhz);
        Assert.True(cpu.NativeBf16);
        Assert.Equal("avx2 avx512f avx512_vnni avx512_bf16", cpu.KeyFlags);
    }

    [Fact]
    public void Bf16IsNativeOnlyWithAvx512Bf16AmxOrArmBf16()
    {
        Assert.False(CpuFeatures.Parse(OldXeon).NativeBf16);
        Assert.True(CpuFeatures.Parse(Graviton).NativeBf16);
        Assert.True(CpuFeatures.Parse("flags\t: avx512f amx_bf16 amx_tile\n").NativeBf16);
        Assert.Null(CpuFeatures.Parse(Graviton).Mhz);
    }

    [Fact]
    public void AMissingCpuinfoMeansNoFeaturesRatherThanAnError()
    {
        var cpu = CpuFeatures.Read(Path.Combine(Path.GetTempPath(), $"no-cpuinfo-{Guid.NewGuid():N}"));
        Assert.Equal("unknown", cpu.Model);
        Assert.False(cpu.NativeBf16);
    }

    [Fact]
    public void AnExplicitPrecisionStaysAndAutoFollowsTheCpu()
    {
        Assert.Equal(ComputePrecision.Float32, ComputePrecision.Float32.Resolve());
        Assert.Equal(ComputePrecision.BFloat16, ComputePrecision.BFloat16.Resolve());
        if (Environment.GetEnvironmentVariable(ComputePrecisions.EnvironmentVariable) is null)
            Assert.Equal(CpuFeatures.Current.NativeBf16 ? ComputePrecision.BFloat16 : ComputePrecision.Float32, ComputePrecision.Auto.Resolve());
    }
}

public class FrozenComputeCheckTests
{
    [Fact]
    public void TheDoctorSaysWhichArithmeticFrozenLayersGetAndWhy()
    {
        if (Environment.GetEnvironmentVariable(ComputePrecisions.EnvironmentVariable) is not null) return; // a user's override decides instead
        var bf16 = NotebookKit.Diagnostics.Checks.FrozenComputeCheck.Run(CpuFeatures.Parse("model name\t: AMD EPYC\nflags\t: avx2 avx512f avx512_bf16\n"));
        Assert.Equal(CheckStatus.Ok, bf16.Status);
        Assert.StartsWith("bf16, channels-last", bf16.Detail);
        Assert.Contains("the CPU computes bf16 natively; AMD EPYC: avx2 avx512f avx512_bf16", bf16.Detail);
        var fp32 = NotebookKit.Diagnostics.Checks.FrozenComputeCheck.Run(CpuFeatures.Parse("model name\t: old\nflags\t: avx2\n"));
        Assert.StartsWith("fp32, channels-last", fp32.Detail);
        Assert.Contains("no native bf16 on this CPU", fp32.Detail);
    }
}

public class TrainComputeCheckTests
{
    [Fact]
    public void TheDoctorSaysWhetherTrainableLayersGetBf16MixedPrecisionAndWhy()
    {
        if (Environment.GetEnvironmentVariable(ComputePrecisions.TrainEnvironmentVariable) is not null) return; // a user's override decides instead
        var bf16 = NotebookKit.Diagnostics.Checks.TrainComputeCheck.Run(CpuFeatures.Parse("model name\t: AMD EPYC\nflags\t: avx2 avx512f avx512_bf16\n"));
        Assert.Equal(CheckStatus.Ok, bf16.Status);
        Assert.StartsWith("bf16 mixed precision in training steps of the kit's ResNets", bf16.Detail);
        Assert.EndsWith("(the CPU computes bf16 natively)", bf16.Detail);
        var fp32 = NotebookKit.Diagnostics.Checks.TrainComputeCheck.Run(CpuFeatures.Parse("model name\t: old\nflags\t: avx2\n"));
        Assert.Equal("fp32 (no native bf16 on this CPU)", fp32.Detail);
    }
}
