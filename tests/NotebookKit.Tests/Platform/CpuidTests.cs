using System.Globalization;
using System.Runtime.Intrinsics.X86;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

public class CpuidTests
{
    /// <summary>Answers recorded in Platform/Cpuid/NAME.txt ("leaf subleaf eax ebx ecx edx" in hex); unrecorded leaves answer zeros, as reserved ones do.</summary>
    internal static Dictionary<(int Leaf, int Subleaf), CpuidResult> Recorded(string name)
    {
        var answers = new Dictionary<(int, int), CpuidResult>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Platform", "Cpuid", name + ".txt")).Where(l => !l.StartsWith('#')))
        {
            var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => uint.Parse(x, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            answers[(unchecked((int)v[0]), (int)v[1])] = new(v[2], v[3], v[4], v[5]);
        }
        return answers;
    }

    static (string Model, IReadOnlySet<string> Flags) Decode(Dictionary<(int, int), CpuidResult> answers) =>
        Cpuid.Decode((leaf, subleaf) => answers.GetValueOrDefault((leaf, subleaf)));

    static CpuFeatures Features(Dictionary<(int, int), CpuidResult> answers)
    {
        var (model, flags) = Decode(answers);
        var (vendor, family, number) = Cpuid.Identify((leaf, subleaf) => answers.GetValueOrDefault((leaf, subleaf)));
        return new(model, flags, null) { Vendor = vendor, Family = family, ModelNumber = number };
    }

    [Fact]
    public void AnIntelLaptopWithoutAvx512HasVnniButNoNativeBf16()
    {
        var cpu = Features(Recorded("intel-core-i7-12700h"));
        Assert.Equal("12th Gen Intel(R) Core(TM) i7-12700H", cpu.Model);
        Assert.Equal("avx2 avx_vnni", cpu.KeyFlags);
        Assert.True(cpu.Vnni);
        Assert.False(cpu.NativeBf16);
        Assert.Equal(ComputePrecision.Float32, ComputePrecision.Auto.Resolve("NOTEBOOKKIT_TEST_UNSET_VARIABLE", cpu));
    }

    [Fact]
    public void SapphireRapidsHasAvx512Bf16VnniAndAmx()
    {
        var cpu = Features(Recorded("intel-xeon-8480"));
        Assert.Equal("Intel(R) Xeon(R) Platinum 8480+", cpu.Model);
        Assert.Equal("avx2 avx_vnni avx512f avx512_vnni avx512_bf16 amx_bf16 amx_int8", cpu.KeyFlags);
        Assert.Contains("amx_tile", cpu.Flags);
        Assert.True(cpu.NativeBf16);
        Assert.Equal(ComputePrecision.BFloat16, ComputePrecision.Auto.Resolve("NOTEBOOKKIT_TEST_UNSET_VARIABLE", cpu));
    }

    [Fact]
    public void FeaturesWhoseRegistersTheOsDoesNotSaveDoNotCount()
    {
        // The same Sapphire Rapids under an OS that enables AVX-512 but not the AMX tiles (XSAVE area ends after PKRU)…
        var noTiles = Recorded("intel-xeon-8480");
        noTiles[(0xd, 0)] = noTiles[(0xd, 0)] with { Ebx = 0xa88 };
        var cpu = Features(noTiles);
        Assert.DoesNotContain("amx_bf16", cpu.Flags);
        Assert.Contains("avx512_bf16", cpu.Flags);
        // …and under one that saves only the 256-bit registers (XCR0 without opmask and ZMM): AVX2 only.
        var noZmm = Recorded("intel-xeon-8480");
        noZmm[(0xd, 0)] = new(0x207, 0x988, 0x988, 0);
        Assert.Equal("avx2 avx_vnni", Features(noZmm).KeyFlags);
        // Without OSXSAVE nothing that needs the YMM state counts.
        var noXsave = Recorded("intel-xeon-8480");
        noXsave[(1, 0)] = noXsave[(1, 0)] with { Ecx = noXsave[(1, 0)].Ecx & ~(1u << 27) };
        Assert.Equal("", Features(noXsave).KeyFlags);
    }

    [Fact]
    public void ThisBuildMachinesRecordingDecodesAsDotNetSawIt()
    {
        // Recorded here with .NET's view beside it (Avx512F=False, Avx2=True, AvxVnni=False): the decoder must agree.
        var cpu = Features(Recorded("amd-epyc-build-machine"));
        Assert.Equal("AMD EPYC", cpu.Model);
        Assert.Equal("avx2", cpu.KeyFlags);
        Assert.Contains("fma", cpu.Flags);
        Assert.False(cpu.Vnni);
        Assert.False(cpu.NativeBf16);
    }

    [Fact]
    public void PeakCountsTheFmaUnitsNotTheWidestInstruction()
    {
        // This Zen 3 (family 19h, model 01h): AVX2 on two 256-bit FMA pipes, 32 fp32 FLOPs a cycle; no bf16, so the same.
        var zen3 = Features(Recorded("amd-epyc-build-machine"));
        Assert.Equal(("AuthenticAMD", 0x19, 0x01), (zen3.Vendor, zen3.Family, zen3.ModelNumber));
        Assert.Equal((256, 32, 32), (zen3.FmaBits, zen3.Fp32FlopsPerCycle, zen3.Bf16FlopsPerCycle));
        // A Zen 4 (same family) decodes AVX-512 and BF16 but executes them on 256-bit units: 32 fp32 and 64 bf16, not 64 and 128.
        var zen4 = zen3 with { Flags = new HashSet<string>(zen3.Flags) { "avx512f", "avx512_bf16" } };
        Assert.Equal((256, 32, 64), (zen4.FmaBits, zen4.Fp32FlopsPerCycle, zen4.Bf16FlopsPerCycle));
        // Sapphire Rapids: two 512-bit pipes, and AMX for bf16.
        var spr = Features(Recorded("intel-xeon-8480"));
        Assert.Equal("GenuineIntel", spr.Vendor);
        Assert.Equal((512, 64, 1024), (spr.FmaBits, spr.Fp32FlopsPerCycle, spr.Bf16FlopsPerCycle));
        // An Alder Lake laptop: AVX2 only.
        Assert.Equal((256, 32), (Features(Recorded("intel-core-i7-12700h")).FmaBits, Features(Recorded("intel-core-i7-12700h")).Fp32FlopsPerCycle));
    }

    [Fact]
    public void LinuxCpuinfoGivesTheSameIdentity()
    {
        var cpu = CpuFeatures.Parse("vendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\nmodel name\t: AMD EPYC 9654\nflags\t\t: fpu avx2 fma avx512f avx512_bf16\n");
        Assert.Equal(("AuthenticAMD", 25, 17), (cpu.Vendor, cpu.Family, cpu.ModelNumber));
        Assert.Equal(32, cpu.Fp32FlopsPerCycle);
    }

    [Fact]
    public void OnX64TheLiveDecodeAgreesWithDotNetsOwnChecks()
    {
        if (!X86Base.IsSupported) return; // Arm: the OS answers instead, see ArmFeaturesTests
        var flags = CpuFeatures.Current.Flags;
        Assert.Equal(Avx2.IsSupported, flags.Contains("avx2"));
        Assert.Equal(Avx512F.IsSupported, flags.Contains("avx512f"));
        Assert.Equal(AvxVnni.IsSupported, flags.Contains("avx_vnni"));
        Assert.NotEqual("unknown", CpuFeatures.Current.Model);
    }
}

public class ArmFeaturesTests
{
    [Fact]
    public void AnAppleM2SaysBf16ThroughSysctl()
    {
        // sysctl answers of an Apple M2 (macOS 14): FEAT_BF16, FEAT_I8MM and FEAT_DotProd are 1.
        var sysctl = new Dictionary<string, long> { ["hw.optional.arm.FEAT_BF16"] = 1, ["hw.optional.arm.FEAT_I8MM"] = 1, ["hw.optional.arm.FEAT_DotProd"] = 1 };
        var cpu = ArmFeatures.FromSysctl(k => sysctl.TryGetValue(k, out var v) ? v : null, k => k == "machdep.cpu.brand_string" ? "Apple M2" : null);
        Assert.Equal("Apple M2", cpu.Model);
        Assert.True(cpu.NativeBf16);
        Assert.Equal("asimddp i8mm bf16", cpu.KeyFlags);
    }

    [Fact]
    public void AnAppleM1HasNoBf16AndAnOldMacOsNoKeys()
    {
        var m1 = ArmFeatures.FromSysctl(k => k == "hw.optional.arm.FEAT_DotProd" ? 1 : k == "hw.optional.arm.FEAT_BF16" ? 0 : null, _ => "Apple M1");
        Assert.False(m1.NativeBf16);
        Assert.Equal("asimddp", m1.KeyFlags);
        var old = ArmFeatures.FromSysctl(_ => null, _ => null);
        Assert.Equal("unknown", old.Model);
        Assert.Empty(old.Flags);
    }

    [Fact]
    public void WindowsOnArmAnswersThroughIsProcessorFeaturePresent()
    {
        // PF_ARM_V86_BF16 (68) and PF_ARM_V82_DP (43) present, PF_ARM_V82_I8MM (66) not.
        var cpu = ArmFeatures.FromWindows(f => f is 68 or 43, "ARMv8 (64-bit) Family 8 Model 1 Revision 201, Qualcomm Technologies Inc");
        Assert.True(cpu.NativeBf16);
        Assert.Equal("asimddp bf16", cpu.KeyFlags);
        Assert.StartsWith("ARMv8", cpu.Model);
    }
}
