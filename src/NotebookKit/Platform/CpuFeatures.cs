namespace NotebookKit.Platform;

/// <summary>
/// What this CPU can compute natively, read at run time: machines differ (an AMD EPYC with AVX-512 BF16 but no AMX, an
/// Intel Xeon with AMX-BF16, an Intel laptop with AVX-VNNI but no AVX-512, an Apple M2 with Arm's BF16), so the kit
/// never assumes one. Flags use Linux's /proc/cpuinfo names on every OS; <see cref="Mhz"/> is known on Linux only.
/// </summary>
public sealed record CpuFeatures(string Model, IReadOnlySet<string> Flags, double? Mhz)
{
    /// <summary>This machine's CPU: CPUID on x64 (any OS), the OS on Arm (see <see cref="CpuSources"/>).</summary>
    public static CpuFeatures Current { get; } = CpuSources.ThisMachine();

    /// <summary>
    /// bf16 arithmetic in hardware: AVX-512 BF16 (vdpbf16ps), AMX tiles, or Arm's BF16 extension. Without it oneDNN
    /// emulates bf16 and is slower than fp32, so the kit then stays in fp32.
    /// </summary>
    public bool NativeBf16 => Flags.Contains("avx512_bf16") || Flags.Contains("amx_bf16") || Flags.Contains("bf16");

    /// <summary>x86 int8 dot products in hardware (VNNI, AVX-512 or AVX2 encoded), which an int8 path for frozen layers needs to beat fp32.</summary>
    public bool Vnni => Flags.Contains("avx512_vnni") || Flags.Contains("avx_vnni");

    /// <summary>x86 vendor string ("AuthenticAMD", "GenuineIntel"); null on Arm or where unknown.</summary>
    public string? Vendor { get; init; }
    /// <summary>x86 display family (/proc/cpuinfo's "cpu family"; 25 = 19h for AMD Zen 3 and Zen 4); null where unknown.</summary>
    public int? Family { get; init; }
    /// <summary>x86 display model (/proc/cpuinfo's "model"); null where unknown.</summary>
    public int? ModelNumber { get; init; }

    /// <summary>
    /// The width of the units that execute this CPU's fused multiply-adds, in bits — not the widest instruction it
    /// decodes: AMD's family 19h (Zen 3, Zen 4) executes AVX-512 on 256-bit units, as does family 17h from Zen 2
    /// (model 30h on) with AVX2, while Zen 1 splits AVX2 into 128-bit halves. Otherwise the widest vector flag.
    /// </summary>
    public int FmaBits => (Vendor, Family) switch
    {
        ("AuthenticAMD", 0x19) => 256,
        ("AuthenticAMD", 0x17) => ModelNumber >= 0x30 ? 256 : 128,
        _ when Flags.Contains("avx512f") => 512,
        _ when Flags.Contains("fma") || Flags.Contains("avx2") => 256,
        _ => 128,
    };

    /// <summary>fp32 FLOPs a core can do per cycle: two FMA pipes (as on every x86 core the kit targets; some Xeon
    /// Silver parts have one 512-bit pipe, so this is an upper bound) × lanes × 2 FLOPs per FMA; 8 without FMA.</summary>
    public int Fp32FlopsPerCycle => Flags.Contains("fma") || Flags.Contains("avx512f") ? 2 * (FmaBits / 32) * 2 : 8;

    /// <summary>bf16 FLOPs per core and cycle: 1,024 with AMX tiles, twice the fp32 rate with AVX-512 BF16 (vdpbf16ps does two
    /// products per fp32 lane, on the same units), otherwise the fp32 rate.</summary>
    public int Bf16FlopsPerCycle => Flags.Contains("amx_bf16") ? 1024 : Flags.Contains("avx512_bf16") ? 2 * Fp32FlopsPerCycle : Fp32FlopsPerCycle;

    /// <summary>The flags that decide the kit's compute paths, those present, e.g. "avx512f avx512_vnni avx512_bf16".</summary>
    public string KeyFlags => string.Join(" ", KeyFlagNames.Where(Flags.Contains));

    static readonly string[] KeyFlagNames = ["avx2", "avx_vnni", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8", "asimddp", "i8mm", "bf16"];

    public static CpuFeatures Read(string path)
    {
        try { return File.Exists(path) ? Parse(File.ReadAllText(path)) : Unknown; }
        catch (IOException) { return Unknown; }
        catch (UnauthorizedAccessException) { return Unknown; }
    }

    internal static CpuFeatures Unknown => new("unknown", new HashSet<string>(), null);

    /// <summary>The first processor's model name, flags (x86 "flags", Arm "Features") and clock, from Linux's /proc/cpuinfo.</summary>
    public static CpuFeatures Parse(string cpuinfo)
    {
        string? model = null, flags = null, vendor = null;
        double? mhz = null;
        int? family = null, number = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var (key, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (key is "model name" or "Model" && model is null) model = value;
            else if (key is "flags" or "Features" && flags is null) flags = value;
            else if (key == "cpu MHz" && mhz is null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var m)) mhz = m;
            else if (key == "vendor_id" && vendor is null) vendor = value;
            else if (key == "cpu family" && family is null && int.TryParse(value, out var f)) family = f;
            else if (key == "model" && number is null && int.TryParse(value, out var n)) number = n;
        }
        return new(model ?? "unknown", (flags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), mhz)
            { Vendor = vendor, Family = family, ModelNumber = number };
    }
}
