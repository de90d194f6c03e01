namespace NotebookKit.Platform;

/// <summary>
/// What this CPU can compute natively, read from <c>/proc/cpuinfo</c> at run time: machines differ (an AMD EPYC with
/// AVX-512 BF16 but no AMX, an Intel Xeon with AMX-BF16), so the kit never assumes one.
/// </summary>
public sealed record CpuFeatures(string Model, IReadOnlySet<string> Flags, double? Mhz)
{
    /// <summary>This machine's CPU (empty flags where /proc/cpuinfo does not exist, e.g. Windows or macOS).</summary>
    public static CpuFeatures Current { get; } = Read("/proc/cpuinfo");

    /// <summary>
    /// bf16 arithmetic in hardware: AVX-512 BF16 (vdpbf16ps), AMX tiles, or Arm's BF16 extension. Without it oneDNN
    /// emulates bf16 and is slower than fp32, so the kit then stays in fp32.
    /// </summary>
    public bool NativeBf16 => Flags.Contains("avx512_bf16") || Flags.Contains("amx_bf16") || Flags.Contains("bf16");

    /// <summary>The flags that decide the kit's compute paths, those present, e.g. "avx512f avx512_vnni avx512_bf16".</summary>
    public string KeyFlags => string.Join(" ", new[] { "avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16", "amx_int8", "bf16" }.Where(Flags.Contains));

    public static CpuFeatures Read(string path)
    {
        try { return File.Exists(path) ? Parse(File.ReadAllText(path)) : Unknown; }
        catch (IOException) { return Unknown; }
        catch (UnauthorizedAccessException) { return Unknown; }
    }

    static CpuFeatures Unknown => new("unknown", new HashSet<string>(), null);

    /// <summary>The first processor's model name, flags (x86 "flags", Arm "Features") and clock.</summary>
    public static CpuFeatures Parse(string cpuinfo)
    {
        string? model = null, flags = null;
        double? mhz = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var (key, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (key is "model name" or "Model" && model is null) model = value;
            else if (key is "flags" or "Features" && flags is null) flags = value;
            else if (key == "cpu MHz" && mhz is null && double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var m)) mhz = m;
        }
        return new(model ?? "unknown", (flags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), mhz);
    }
}
