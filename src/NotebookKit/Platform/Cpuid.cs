namespace NotebookKit.Platform;

/// <summary>One answer of the x86 CPUID instruction.</summary>
public readonly record struct CpuidResult(uint Eax, uint Ebx, uint Ecx, uint Edx);

/// <summary>
/// Decodes x86 CPUID answers into the kit's feature names (Linux's /proc/cpuinfo spelling), so every OS reports the
/// same flags. A feature counts only when the OS saves its registers on a context switch too: the XSAVE area that
/// CPUID leaf 0xD reports for the components enabled in XCR0 must reach that feature's state component. The query is a
/// function so tests feed recorded answers (tests/…/Platform/Cpuid/*.txt); <see cref="CpuSources"/> asks the CPU.
/// </summary>
public static class Cpuid
{
    // XSAVE state components (declared before the table that uses them: static fields initialize in order).
    const int Ymm = 2;
    static readonly int[] Zmm = [5, 6, 7];     // opmask, upper halves of ZMM0-15, ZMM16-31
    static readonly int[] Tiles = [17, 18];    // XTILECFG, XTILEDATA

    /// <summary>Leaf 7's flags: subleaf, register, bit, name, and the XSAVE state components the feature needs.</summary>
    static readonly (int Subleaf, char Register, int Bit, string Name, int[] State)[] Leaf7 =
    [
        (0, 'b', 5, "avx2", [Ymm]),
        (0, 'b', 16, "avx512f", Zmm),
        (0, 'b', 30, "avx512bw", Zmm),
        (0, 'b', 31, "avx512vl", Zmm),
        (0, 'c', 11, "avx512_vnni", Zmm),
        (0, 'd', 24, "amx_tile", Tiles),
        (0, 'd', 22, "amx_bf16", Tiles),
        (0, 'd', 25, "amx_int8", Tiles),
        (1, 'a', 4, "avx_vnni", [Ymm]),
        (1, 'a', 5, "avx512_bf16", Zmm),
    ];

    /// <summary>The CPU's brand string and the flags whose register state the OS enables.</summary>
    public static (string Model, IReadOnlySet<string> Flags) Decode(Func<int, int, CpuidResult> query)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        var max = query(0, 0).Eax;
        var leaf1 = max >= 1 ? query(1, 0) : default;
        var osXsave = Bit(leaf1.Ecx, 27);
        var enabled = osXsave && max >= 0xd ? EnabledState(query) : _ => false;
        if (Bit(leaf1.Ecx, 28) && enabled(Ymm)) flags.Add("avx");
        if (Bit(leaf1.Ecx, 12) && enabled(Ymm)) flags.Add("fma");
        if (max >= 7)
        {
            var sub = new[] { query(7, 0), query(7, 0).Eax >= 1 ? query(7, 1) : default };
            foreach (var (subleaf, register, bit, name, state) in Leaf7)
            {
                var r = sub[subleaf];
                var value = register switch { 'a' => r.Eax, 'b' => r.Ebx, 'c' => r.Ecx, _ => r.Edx };
                if (Bit(value, bit) && state.All(enabled)) flags.Add(name);
            }
        }
        return (Brand(query) ?? "unknown", flags);
    }

    /// <summary>
    /// Whether XCR0 enables a state component: leaf 0xD subleaf 0 gives the components the CPU supports (EAX) and the
    /// size of the XSAVE area for those XCR0 enables (EBX); subleaf i gives component i's size (EAX) and offset (EBX).
    /// </summary>
    static Func<int, bool> EnabledState(Func<int, int, CpuidResult> query)
    {
        var root = query(0xd, 0);
        return component => Bit(root.Eax, component) && query(0xd, component) is { Eax: > 0 } c && c.Ebx + c.Eax <= root.Ebx;
    }

    /// <summary>The brand string of leaves 0x80000002–4, trimmed; null when the CPU has none.</summary>
    static string? Brand(Func<int, int, CpuidResult> query)
    {
        const uint first = 0x80000002, last = 0x80000004;
        if (query(unchecked((int)0x80000000), 0).Eax < last) return null;
        var bytes = new List<byte>();
        for (var leaf = first; leaf <= last; leaf++)
        {
            var r = query(unchecked((int)leaf), 0);
            foreach (var v in new[] { r.Eax, r.Ebx, r.Ecx, r.Edx }) bytes.AddRange(BitConverter.GetBytes(v));
        }
        var text = System.Text.Encoding.ASCII.GetString(bytes.ToArray()).Split('\0')[0].Trim();
        return text.Length > 0 ? text : null;
    }

    /// <summary>
    /// The vendor string of leaf 0 ("AuthenticAMD", "GenuineIntel") and the display family and model of leaf 1, as Linux's
    /// /proc/cpuinfo gives them ("cpu family", "model"): what tells a Zen 4 (family 19h, AVX-512 on 256-bit units) from a Zen 5.
    /// </summary>
    public static (string Vendor, int Family, int Model) Identify(Func<int, int, CpuidResult> query)
    {
        var leaf0 = query(0, 0);
        var vendor = System.Text.Encoding.ASCII.GetString([.. new[] { leaf0.Ebx, leaf0.Edx, leaf0.Ecx }.SelectMany(BitConverter.GetBytes)]).TrimEnd('\0');
        var eax = leaf0.Eax >= 1 ? query(1, 0).Eax : 0;
        var (baseFamily, baseModel) = ((int)(eax >> 8) & 0xf, (int)(eax >> 4) & 0xf);
        var family = baseFamily == 0xf ? baseFamily + ((int)(eax >> 20) & 0xff) : baseFamily;
        var model = baseFamily is 0xf or 0x6 ? (((int)(eax >> 16) & 0xf) << 4) + baseModel : baseModel;
        return (vendor, family, model);
    }

    static bool Bit(uint value, int bit) => ((value >> bit) & 1) != 0;
}
