using NotebookKit.Diagnostics;
using System.IO.Compression;
using NotebookKit.Platform;
using Xunit;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

/// <summary>The doctor against a fake machine: a package folder, an app folder and a libstdc++ of a chosen age.</summary>
public sealed class DoctorTests : IDisposable
{
    const string Native = "libLibTorchSharp.so";

    readonly TempFolder temp = new();
    readonly string packageCopy, appCopy, consolidatedCopy, backups, natives, nupkg;

    public DoctorTests()
    {
        var original = TestFiles.OriginalLibTorchSharp;
        packageCopy = temp.File($"packages/torchsharp/0.107.0/runtimes/linux-x64/native/{Native}", original);
        consolidatedCopy = temp.File($"packages/torchsharp/0.107.0/lib/net8.0/cpu/{Native}", original);
        appCopy = temp.File($"app/{Native}", original);
        backups = Path.Combine(temp.Root, "cache", "backups");
        natives = Path.Combine(temp.Root, "cache", "natives");
        // The .nupkg restore keeps beside the extracted package: the reference for "as restored".
        nupkg = temp.File("packages/torchsharp/0.107.0/torchsharp.0.107.0.nupkg");
        using var zip = ZipFile.Open(nupkg, ZipArchiveMode.Create);
        using (var entry = zip.CreateEntry($"runtimes/linux-x64/native/{Native}").Open()) entry.Write(original);
    }

    /// <summary>The package file as an older kit's doctor left it: patched in place, the original in the backup folder.</summary>
    void PatchedInPlaceByAnOlderKit()
    {
        Assert.Equal(PatchState.Patched, ElfVersionPatcher.Patch(packageCopy, "GLIBCXX_3.4.32", "GLIBCXX_3.4.30", Path.Combine(backups, $"{Native}.0123456789abcdef.orig")));
    }

    string KitsPatchedCopy => NativeLibraries.PatchedCopy(packageCopy, natives);

    public void Dispose() => temp.Dispose();

    /// <summary>What the published library requires from libstdc++, i.e. a libstdc++ exactly new enough.</summary>
    static List<string> Required() =>
        [.. LibStdCxxVersionsRequiredBy(TestFiles.OriginalLibTorchSharp)];

    static IEnumerable<string> LibStdCxxVersionsRequiredBy(byte[] library)
    {
        using var temp = new TempFolder();
        return ElfVersionPatcher.RequiredVersions(temp.File("lib.so", library)).Where(r => r.File == "libstdc++.so.6").Select(r => r.Version).ToList();
    }

    DoctorOptions Machine(IEnumerable<string> libstdcxxVersions) => new()
    {
        PackagesRoot = Path.Combine(temp.Root, "packages"),
        LibStdCxxPath = temp.File("system/libstdc++.so.6", MiniElf.Build("libstdc++.so.6", [.. libstdcxxVersions])),
        AppBaseDirectory = Path.Combine(temp.Root, "app"),
        RuntimeIdentifier = "linux-x64",
        IsLinux = true,
        WeightsCache = Path.Combine(temp.Root, "cache", "weights"),
        BackupFolder = backups,
        NativesCache = natives,
        ToolManifest = null,
        LdLibraryPath = null,
        SystemTorchFolders = [],
        QueryTorch = false,
        RunProcess = (_, _) => null,
        VsCodeSettings = [],
    };

    static DoctorCheck Row(DoctorReport report, string label) => Assert.Single(report.Checks, c => c.Name == $"{Native} ({label})");

    static IEnumerable<DoctorCheck> NativeRows(DoctorReport report) => report.Checks.Where(c => c.Name.StartsWith(Native, StringComparison.Ordinal));

    [Fact]
    public void A_libstdcxx_with_GLIBCXX_3_4_32_needs_no_patch_and_fix_changes_nothing()
    {
        var options = Machine(Required());

        var report = Doctor.Fix(options);

        Assert.Equal(3, NativeRows(report).Count());
        Assert.All(NativeRows(report), c => Assert.Equal(CheckStatus.Ok, c.Status));
        Assert.Contains("new enough", Assert.Single(report.Checks, c => c.Name == "libstdc++ (GLIBCXX)").Detail);
        foreach (var copy in new[] { packageCopy, appCopy, consolidatedCopy })
            Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(copy));
        Assert.False(Directory.Exists(natives));
    }

    [Fact]
    public void With_GLIBCXX_3_4_30_every_copy_is_broken_until_the_kit_has_a_patched_copy_and_checking_changes_nothing()
    {
        var report = Doctor.Run(Machine(Required().Where(v => v != "GLIBCXX_3.4.32")));

        Assert.False(report.IsHealthy);
        Assert.Equal(CheckStatus.Broken, Row(report, "package 0.107.0").Status);
        Assert.Equal(CheckStatus.Broken, Row(report, "app").Status);
        Assert.Equal(CheckStatus.Broken, Row(report, "consolidated 0.107.0 net8.0/cpu").Status);
        Assert.Contains("--fix", Row(report, "package 0.107.0").Fix);
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
        Assert.False(Directory.Exists(natives));
    }

    [Fact]
    public void Fix_writes_one_patched_copy_into_the_kits_cache_and_leaves_the_packages_folder_as_restored()
    {
        var options = Machine(Required().Where(v => v != "GLIBCXX_3.4.32"));
        var before = Directory.GetFiles(Path.Combine(temp.Root, "packages"), "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

        var report = Doctor.Fix(options);

        Assert.DoesNotContain(NativeRows(report), c => c.Status == CheckStatus.Broken);
        Assert.Equal(CheckStatus.Fixed, Assert.Single(report.Checks, c => c.Name == $"{Native} (kit's patched copy)").Status);
        Assert.All(new[] { "package 0.107.0", "app", "consolidated 0.107.0 net8.0/cpu" }, label => Assert.Contains(KitsPatchedCopy, Row(report, label).Detail));
        // Every file of the packages folder byte for byte as before, and nothing added; the app's build output untouched too.
        Assert.Equal(before.Keys.Order(), Directory.GetFiles(Path.Combine(temp.Root, "packages"), "*", SearchOption.AllDirectories).Order());
        Assert.All(before, f => Assert.Equal(f.Value, File.ReadAllBytes(f.Key)));
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(appCopy));
        // The one patched copy (shared by the byte-identical copies) no longer asks for GLIBCXX_3.4.32.
        Assert.Single(Directory.GetFiles(natives, "*", SearchOption.AllDirectories));
        Assert.False(ElfVersionPatcher.Requires(KitsPatchedCopy, "GLIBCXX_3.4.32"));
        Assert.True(ElfVersionPatcher.Requires(KitsPatchedCopy, "GLIBCXX_3.4.30"));
    }

    [Fact]
    public void A_second_fix_is_a_no_op()
    {
        var options = Machine(Required().Where(v => v != "GLIBCXX_3.4.32"));
        Doctor.Fix(options);
        var patched = File.ReadAllBytes(KitsPatchedCopy);
        var written = File.GetLastWriteTimeUtc(KitsPatchedCopy);

        var report = Doctor.Fix(options);

        Assert.All(NativeRows(report), c => Assert.Equal(CheckStatus.Ok, c.Status));
        Assert.Equal(3, NativeRows(report).Count());
        Assert.Equal(patched, File.ReadAllBytes(KitsPatchedCopy));
        Assert.Equal(written, File.GetLastWriteTimeUtc(KitsPatchedCopy));
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
    }

    [Fact]
    public void A_package_file_an_older_kit_patched_in_place_is_a_warning_and_fix_restores_it_from_the_nupkg()
    {
        PatchedInPlaceByAnOlderKit();
        var options = Machine(Required().Where(v => v != "GLIBCXX_3.4.32"));

        var check = Doctor.Run(options);
        Assert.Equal(CheckStatus.Warning, Row(check, "package 0.107.0").Status);
        Assert.Contains("older kit", Row(check, "package 0.107.0").Detail);
        Assert.NotEqual(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));

        var report = Doctor.Fix(options);

        Assert.Equal(CheckStatus.Fixed, Row(report, "package 0.107.0").Status);
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
        Assert.True(File.Exists(KitsPatchedCopy));
        Assert.All(NativeRows(Doctor.Run(options)), c => Assert.Equal(CheckStatus.Ok, c.Status));
    }

    [Fact]
    public void Without_the_nupkg_the_older_kits_backup_restores_the_package_file()
    {
        PatchedInPlaceByAnOlderKit();
        File.Delete(nupkg);
        // A backup of something else must not be mistaken for this file's original.
        File.WriteAllBytes(Path.Combine(backups, $"{Native}.fedcba9876543210.orig"), MiniElf.Build("libLibTorchSharp.so", [], [("libstdc++.so.6", ["GLIBCXX_3.4.30", "GLIBCXX_3.4.32"])]));

        var report = Doctor.Fix(Machine(Required()));

        Assert.Equal(CheckStatus.Fixed, Row(report, "package 0.107.0").Status);
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
        Assert.False(Directory.Exists(natives)); // this libstdc++ is new enough: no patched copy needed
    }

    [Fact]
    public void A_libstdcxx_older_than_GLIBCXX_3_4_30_is_broken_and_not_patched()
    {
        var options = Machine(Required().Where(v => v is not ("GLIBCXX_3.4.32" or "GLIBCXX_3.4.30")));

        var report = Doctor.Fix(options);

        Assert.Equal(CheckStatus.Broken, Assert.Single(report.Checks, c => c.Name == "libstdc++ (GLIBCXX)").Status);
        Assert.Contains("patching cannot help", Row(report, "package 0.107.0").Detail);
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
        Assert.False(Directory.Exists(natives));
    }

    [Fact]
    public void A_corrupt_copy_is_reported_broken_without_crashing()
    {
        File.WriteAllText(appCopy, "not an ELF file");

        var report = Doctor.Fix(Machine(Required()));

        Assert.Equal(CheckStatus.Broken, Row(report, "app").Status);
        Assert.Equal(CheckStatus.Ok, Row(report, "package 0.107.0").Status);
    }

    [Fact]
    public void A_missing_package_folder_is_broken_not_a_crash()
    {
        Directory.Delete(Path.Combine(temp.Root, "packages"), recursive: true);
        Directory.Delete(Path.Combine(temp.Root, "app"), recursive: true);

        var report = Doctor.Run(Machine(Required()));

        Assert.Equal(CheckStatus.Broken, Assert.Single(report.Checks, c => c.Name == "TorchSharp packages").Status);
        Assert.Equal(CheckStatus.Broken, Assert.Single(NativeRows(report)).Status);
        Assert.Equal(CheckStatus.Broken, Assert.Single(report.Checks, c => c.Name == "Pretrained weights").Status);
    }

    [Fact]
    public void Off_Linux_the_native_checks_do_not_apply()
    {
        var report = Doctor.Fix(Machine([]) with { IsLinux = false, LibStdCxxPath = null });

        Assert.Equal(CheckStatus.Ok, Assert.Single(NativeRows(report)).Status);
        Assert.Equal(TestFiles.OriginalLibTorchSharp, File.ReadAllBytes(packageCopy));
        Assert.True(File.Exists(consolidatedCopy));
    }

    [Fact]
    public void A_system_libtorch_is_found_and_reported_harmless_to_the_kit()
    {
        var conda = Path.GetDirectoryName(temp.File("conda/lib/libc10.so", []))!;
        var kitOwn = Path.GetDirectoryName(temp.File("packages/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native/libc10.so", []))!;
        var options = Machine(Required()) with
        {
            LdLibraryPath = $"{kitOwn}:{conda}",
            RunProcess = (file, args) => file == "ldconfig" && args == "-p"
                ? "3 libs found in cache `/etc/ld.so.cache'\n\tlibc10.so (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libc10.so\n\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6"
                : null,
        };

        var check = Assert.Single(Doctor.Run(options).Checks, c => c.Name == "System libtorch");

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Contains("/usr/lib/x86_64-linux-gnu (ldconfig)", check.Detail);
        Assert.Contains($"{conda} (LD_LIBRARY_PATH)", check.Detail);
        Assert.DoesNotContain($"{kitOwn} (", check.Detail);
        Assert.Contains($"LD_LIBRARY_PATH={kitOwn}:", check.Fix);
    }

    [Fact]
    public void Notebook_tools_not_restored_are_a_warning_naming_them()
    {
        var manifest = temp.File(".config/dotnet-tools.json", """
            { "version": 1, "isRoot": true, "tools": {
                "microsoft.dotnet-interactive": { "version": "1.0.712001", "commands": ["dotnet-interactive"] },
                "dotnet-repl": { "version": "0.3.259", "commands": ["dotnet-repl"] } } }
            """u8.ToArray());
        Directory.CreateDirectory(Path.Combine(temp.Root, "packages", "microsoft.dotnet-interactive", "1.0.712001"));

        var check = Assert.Single(Doctor.Run(Machine(Required()) with { ToolManifest = manifest }).Checks, c => c.Name == "Notebook tools");

        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Equal("not restored: dotnet-repl 0.3.259", check.Detail);
        Assert.Contains("dotnet tool restore", check.Fix);
    }

    [Fact]
    public void Weights_are_found_in_the_package_and_the_converted_cache_is_optional()
    {
        temp.File("packages/microsoft.ml.dnnimagefeaturizer.resnet18/0.23.1/tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx", [1, 2, 3]);

        var check = Assert.Single(Doctor.Run(Machine(Required())).Checks, c => c.Name == "Pretrained weights");

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Contains("not cached yet", check.Detail);
    }
}
