using System.Buffers.Binary;
using System.Text;

namespace NotebookKit.Platform;

/// <summary>The outcome of checking or patching one ELF file's version requirements.</summary>
public enum PatchState { NotNeeded, Patched, AlreadyPatched, NotElf }

/// <summary>
/// Rewrites one version requirement (e.g. GLIBCXX_3.4.32) of an ELF64 shared library to an older one
/// (GLIBCXX_3.4.30). TorchSharp 0.107's libLibTorchSharp.so asks for GLIBCXX_3.4.32 only for
/// std::ios_base_library_init(), which it never calls, yet the loader refuses the whole library on
/// systems with an older libstdc++ (Debian 12, Ubuntu 22.04). Only the .gnu.version_r aux entry changes:
/// its name offset and its ELF hash. Idempotent.
/// </summary>
public static partial class ElfVersionPatcher
{
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVerdef = 0x6ffffffd;

    /// <summary>Versions the library requires from its dependencies, e.g. "libstdc++.so.6" → GLIBCXX_3.4.30.</summary>
    public static IReadOnlyList<(string File, string Version)> RequiredVersions(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var layout = Locate(bytes) ?? throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file with version requirements.");
        var list = new List<(string, string)>();
        foreach (var (file, aux) in Walk(bytes, layout))
            list.Add((file, ReadString(bytes, layout.DynStr + U32(bytes, aux + 8))));
        return list;
    }

    /// <summary>Whether the library requires <paramref name="version"/> from any dependency.</summary>
    public static bool Requires(string path, string version) => RequiredVersions(path).Any(r => r.Version == version);

    /// <summary>
    /// Replaces the requirement <paramref name="from"/> by <paramref name="to"/> in place (atomically, through a
    /// temporary file). The original is copied to <paramref name="backupPath"/> first when given and absent.
    /// </summary>
    public static PatchState Patch(string path, string from, string to, string? backupPath = null)
    {
        var bytes = File.ReadAllBytes(path);
        var layout = Locate(bytes);
        if (layout is null) return PatchState.NotElf;
        var l = layout.Value;
        int? target = null;
        int alreadyTo = 0;
        foreach (var (_, aux) in Walk(bytes, l))
        {
            var name = ReadString(bytes, l.DynStr + U32(bytes, aux + 8));
            if (name == from) target = aux;
            else if (name == to) alreadyTo++;
        }
        if (target is null) return alreadyTo > 1 ? PatchState.AlreadyPatched : PatchState.NotNeeded;

        var toOffset = FindString(bytes, l.DynStr, l.DynStrSize, to)
            ?? throw new InvalidDataException($"{path}: the string table has no '{to}' to point the requirement at.");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(target.Value), ElfHash(to));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(target.Value + 8), (uint)toOffset);

        if (backupPath is not null && !File.Exists(backupPath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(backupPath))!);
            File.Copy(path, backupPath);
        }
        var tmp = path + ".nbk-tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
        return PatchState.Patched;
    }

    /// <summary>The System V ELF hash used in version entries.</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0) h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    /// <summary>Offset and entry count of a version section, and the string table its names live in.</summary>
    readonly record struct Layout(int Entries, int Count, int DynStr, int DynStrSize);

    static Layout? Locate(byte[] b, uint sectionType = ShtGnuVerneed)
    {
        // ELF magic, 64-bit class, little-endian data.
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1) return null;
        var shoff = (long)U64(b, 0x28);
        int shentsize = U16(b, 0x3a), shnum = U16(b, 0x3c);
        for (var i = 0; i < shnum; i++)
        {
            var sh = (int)(shoff + (long)i * shentsize);
            if (U32(b, sh + 4) != sectionType) continue;
            var link = (int)U32(b, sh + 0x28);
            var str = (int)(shoff + (long)link * shentsize);
            return new Layout((int)U64(b, sh + 0x18), (int)U32(b, sh + 0x2c), (int)U64(b, str + 0x18), (int)U64(b, str + 0x20));
        }
        return null;
    }

    static IEnumerable<(string File, int Aux)> Walk(byte[] b, Layout l)
    {
        var need = l.Entries;
        for (var i = 0; i < l.Count; i++)
        {
            var file = ReadString(b, l.DynStr + U32(b, need + 4));
            var aux = need + (int)U32(b, need + 8);
            for (var j = 0; j < U16(b, need + 2); j++)
            {
                yield return (file, aux);
                aux += (int)U32(b, aux + 12);
            }
            need += (int)U32(b, need + 12);
        }
    }

    static int? FindString(byte[] b, int start, int size, string s)
    {
        var needle = Encoding.ASCII.GetBytes(s + "\0");
        var at = b.AsSpan(start, size).IndexOf(needle);
        // A match must start a string (follow a NUL), not be the tail of a longer one.
        while (at > 0 && b[start + at - 1] != 0)
        {
            var next = b.AsSpan(start + at + 1, size - at - 1).IndexOf(needle);
            if (next < 0) return null;
            at += 1 + next;
        }
        return at < 0 ? null : at;
    }

    static string ReadString(byte[] b, long offset)
    {
        var end = Array.IndexOf(b, (byte)0, (int)offset);
        return Encoding.ASCII.GetString(b, (int)offset, end - (int)offset);
    }

    static ushort U16(byte[] b, int o) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(o));
    static uint U32(byte[] b, long o) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)o));
    static ulong U64(byte[] b, int o) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));
}
