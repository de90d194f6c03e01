using NotebookKit.Diagnostics;
using System.Buffers.Binary;
using System.Text;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

/// <summary>
/// Writes the smallest ELF64 file the version readers accept: a string table plus .gnu.version_d and/or
/// .gnu.version_r sections. Lets tests fake a libstdc++ of any age without depending on the machine's.
/// </summary>
static class MiniElf
{
    const int HeaderSize = 64, SectionHeaderSize = 64;

    public static byte[] Build(string soname, IReadOnlyList<string> defines, IReadOnlyList<(string File, string[] Versions)>? needs = null)
    {
        needs ??= [];
        var strings = new StringTable();
        var body = new List<byte>();

        var verdef = new List<byte>();
        string[] definitions = [soname, .. defines];
        for (var i = 0; i < definitions.Length; i++)
        {
            var last = i == definitions.Length - 1;
            // Elf64_Verdef (20 bytes) followed by one Elf64_Verdaux (8 bytes); the first is the soname (VER_FLG_BASE).
            Append(verdef, (ushort)1, (ushort)(i == 0 ? 1 : 0), (ushort)(i + 1), (ushort)1, ElfVersionPatcher.ElfHash(definitions[i]), 20u, last ? 0u : 28u);
            Append(verdef, strings.Add(definitions[i]), 0u);
        }

        var verneed = new List<byte>();
        for (var i = 0; i < needs.Count; i++)
        {
            var (needed, versions) = needs[i];
            var size = 16 + 16 * versions.Length;
            Append(verneed, (ushort)1, (ushort)versions.Length, strings.Add(needed), 16u, i == needs.Count - 1 ? 0u : (uint)size);
            for (var j = 0; j < versions.Length; j++)
                Append(verneed, ElfVersionPatcher.ElfHash(versions[j]), (ushort)0, (ushort)(100 + j), strings.Add(versions[j]), j == versions.Length - 1 ? 0u : 16u);
        }

        var dynstr = strings.Bytes();
        var dynstrAt = HeaderSize;
        var verdefAt = dynstrAt + dynstr.Length;
        var verneedAt = verdefAt + verdef.Count;
        var shoff = verneedAt + verneed.Count;
        body.AddRange(dynstr);
        body.AddRange(verdef);
        body.AddRange(verneed);

        var file = new byte[shoff + 4 * SectionHeaderSize];
        ((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']).CopyTo(file);
        file[4] = 2; // ELFCLASS64
        file[5] = 1; // little-endian
        file[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x12), 62); // x86-64
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x28), (ulong)shoff);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x34), HeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3a), SectionHeaderSize);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x3c), 4);
        body.CopyTo(file, HeaderSize);

        // Sections: 0 null, 1 .dynstr, 2 .gnu.version_d, 3 .gnu.version_r (each linked to .dynstr, info = entry count).
        Section(file, shoff, 1, 3, dynstrAt, dynstr.Length, 0, 0);
        Section(file, shoff, 2, 0x6ffffffd, verdefAt, verdef.Count, 1, definitions.Length);
        Section(file, shoff, 3, 0x6ffffffe, verneedAt, verneed.Count, 1, needs.Count);
        return file;
    }

    static void Section(byte[] file, int shoff, int index, uint type, int offset, int size, uint link, int info)
    {
        var sh = file.AsSpan(shoff + index * SectionHeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[4..], type);
        BinaryPrimitives.WriteUInt64LittleEndian(sh[0x18..], (ulong)offset);
        BinaryPrimitives.WriteUInt64LittleEndian(sh[0x20..], (ulong)size);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[0x28..], link);
        BinaryPrimitives.WriteUInt32LittleEndian(sh[0x2c..], (uint)info);
    }

    static void Append(List<byte> to, params object[] fields)
    {
        foreach (var f in fields)
            switch (f)
            {
                case ushort s: to.AddRange(BitConverter.GetBytes(s)); break;
                case uint u: to.AddRange(BitConverter.GetBytes(u)); break;
                default: throw new ArgumentException($"unexpected field {f.GetType()}");
            }
    }

    sealed class StringTable
    {
        readonly List<byte> bytes = [0];
        readonly Dictionary<string, uint> offsets = [];

        public uint Add(string s)
        {
            if (offsets.TryGetValue(s, out var at)) return at;
            at = (uint)bytes.Count;
            bytes.AddRange(Encoding.ASCII.GetBytes(s));
            bytes.Add(0);
            offsets[s] = at;
            return at;
        }

        public byte[] Bytes() => [.. bytes];
    }
}
