using NotebookKit.Diagnostics;
using System.Text;
using NotebookKit.Platform;
using Xunit;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

public sealed class ElfVersionPatcherTests : IDisposable
{
    const string From = "GLIBCXX_3.4.32", To = "GLIBCXX_3.4.30";

    readonly TempFolder temp = new();
    readonly string library;
    readonly string backup;

    public ElfVersionPatcherTests()
    {
        library = temp.File("runtimes/linux-x64/native/libLibTorchSharp.so", TestFiles.OriginalLibTorchSharp);
        backup = Path.Combine(temp.Root, "backups", "libLibTorchSharp.so.orig");
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_published_library_requires_GLIBCXX_3_4_32_from_libstdcxx()
    {
        Assert.Contains(("libstdc++.so.6", From), ElfVersionPatcher.RequiredVersions(library));
        Assert.Contains(("libstdc++.so.6", To), ElfVersionPatcher.RequiredVersions(library));
    }

    [Fact]
    public void Patch_replaces_the_requirement_by_GLIBCXX_3_4_30()
    {
        var before = ElfVersionPatcher.RequiredVersions(library);

        Assert.Equal(PatchState.Patched, ElfVersionPatcher.Patch(library, From, To, backup));

        var after = ElfVersionPatcher.RequiredVersions(library);
        Assert.False(ElfVersionPatcher.Requires(library, From));
        Assert.Equal(2, after.Count(r => r == ("libstdc++.so.6", To)));
        Assert.Equal(before.Count, after.Count);
    }

    [Fact]
    public void Patch_changes_only_the_hash_and_name_of_one_entry()
    {
        ElfVersionPatcher.Patch(library, From, To);

        var original = TestFiles.OriginalLibTorchSharp;
        var patched = File.ReadAllBytes(library);
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.InRange(changed.Count, 1, 8);
        // vna_hash and vna_name of one Elf64_Vernaux lie within 12 bytes of each other.
        Assert.True(changed[^1] - changed[0] < 12, $"changes spread over {changed[0]:x}..{changed[^1]:x}");
    }

    [Fact]
    public void Patching_twice_is_a_no_op()
    {
        ElfVersionPatcher.Patch(library, From, To, backup);
        var once = File.ReadAllBytes(library);

        Assert.Equal(PatchState.AlreadyPatched, ElfVersionPatcher.Patch(library, From, To, backup));
        Assert.Equal(once, File.ReadAllBytes(library));
    }

    [Fact]
    public void Patch_keeps_the_original_as_backup_outside_the_native_folder()
    {
        ElfVersionPatcher.Patch(library, From, To, backup);

        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(backup));
        Assert.Equal(["libLibTorchSharp.so"], Directory.GetFiles(Path.GetDirectoryName(library)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_reported_and_left_alone()
    {
        var text = Encoding.ASCII.GetBytes("not a shared library, just some text that is long enough to pass for a header...");
        var path = temp.File("notelf.so", text);

        Assert.Equal(PatchState.NotElf, ElfVersionPatcher.Patch(path, From, To, backup));
        Assert.Equal(text, File.ReadAllBytes(path));
        Assert.False(File.Exists(backup));
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.RequiredVersions(path));
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.DefinedVersions(path));
    }

    // Reference values: the hashes `objdump -p` prints for the published library's version references
    // (GLIBC_2.2.5, GLIBCXX_3.4, CXXABI_1.3, GLIBCXX_3.4.30, GLIBCXX_3.4.32), and two worked by hand:
    // "a" = 0x61; "ab" = (0x61 << 4) + 0x62 = 0x672.
    [Theory]
    [InlineData("", 0u)]
    [InlineData("a", 0x61u)]
    [InlineData("ab", 0x672u)]
    [InlineData("GLIBC_2.2.5", 0x09691a75u)]
    [InlineData("GLIBCXX_3.4", 0x08922974u)]
    [InlineData("CXXABI_1.3", 0x056bafd3u)]
    [InlineData("GLIBCXX_3.4.30", 0x0297f840u)]
    [InlineData("GLIBCXX_3.4.32", 0x0297f842u)]
    public void ElfHash_matches_known_values(string name, uint expected) => Assert.Equal(expected, ElfVersionPatcher.ElfHash(name));

    [Fact]
    public void DefinedVersions_lists_definitions_without_the_soname()
    {
        var path = temp.File("libstdc++.so.6", MiniElf.Build("libstdc++.so.6", ["GLIBCXX_3.4", "GLIBCXX_3.4.29", "CXXABI_1.3"]));

        Assert.Equal(["GLIBCXX_3.4", "GLIBCXX_3.4.29", "CXXABI_1.3"], ElfVersionPatcher.DefinedVersions(path));
    }

    [Fact]
    public void A_generated_library_round_trips_through_the_patcher()
    {
        var path = temp.File("libfake.so", MiniElf.Build("libfake.so", [], [("libstdc++.so.6", ["GLIBCXX_3.4.30", From])]));

        Assert.Equal(PatchState.Patched, ElfVersionPatcher.Patch(path, From, To));
        Assert.Equal([("libstdc++.so.6", To), ("libstdc++.so.6", To)], ElfVersionPatcher.RequiredVersions(path));
    }
}
