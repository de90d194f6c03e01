
namespace NotebookKit.Platform;

public static partial class ElfVersionPatcher
{
    /// <summary>
    /// Versions a shared library defines (its .gnu.version_d), e.g. GLIBCXX_3.4 … GLIBCXX_3.4.30 for Debian 12's
    /// libstdc++. This is what the loader matches requirements against, so it beats scanning for strings.
    /// The library's own soname (the base definition) is left out.
    /// </summary>
    public static IReadOnlyList<string> DefinedVersions(string path)
    {
        const ushort baseFlag = 1;
        var bytes = File.ReadAllBytes(path);
        var layout = Locate(bytes, ShtGnuVerdef) ?? throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file with version definitions.");
        var list = new List<string>();
        var def = layout.Entries;
        for (var i = 0; i < layout.Count; i++)
        {
            // Elf64_Verdef: vd_flags at 2, vd_aux at 12, vd_next at 16; the first Verdaux names the version.
            if ((U16(bytes, def + 2) & baseFlag) == 0)
                list.Add(ReadString(bytes, layout.DynStr + U32(bytes, def + U32(bytes, def + 12))));
            def += (int)U32(bytes, def + 16);
        }
        return list;
    }
}
