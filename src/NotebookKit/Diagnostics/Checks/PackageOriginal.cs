using System.IO.Compression;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>
/// The bytes a package's native library had when restore extracted it: the entry in the package's .nupkg (kept beside
/// it by NuGet), else a backup an older kit's doctor made before patching the file in place.
/// </summary>
internal static class PackageOriginal
{
    /// <summary>The original of <paramref name="copy"/> (a package copy of TorchSharp <paramref name="version"/>), or null when neither source has it.</summary>
    public static byte[]? Read(DoctorOptions o, string version, string copy) => FromNupkg(o, version) ?? FromBackup(o, copy);

    static byte[]? FromNupkg(DoctorOptions o, string version)
    {
        var nupkg = Path.Combine(o.PackagesRoot, "torchsharp", version, $"torchsharp.{version}.nupkg");
        if (!File.Exists(nupkg)) return null;
        using var zip = ZipFile.OpenRead(nupkg);
        if (zip.GetEntry($"runtimes/{o.RuntimeIdentifier}/native/{NativeCopies.FileName}") is not { } entry) return null;
        using var stream = entry.Open();
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }

    /// <summary>The backup that, patched as older kits patched, gives exactly the file on disk.</summary>
    static byte[]? FromBackup(DoctorOptions o, string copy)
    {
        if (!Directory.Exists(o.BackupFolder)) return null;
        var current = File.ReadAllBytes(copy);
        foreach (var backup in Directory.GetFiles(o.BackupFolder, NativeCopies.FileName + ".*.orig"))
        {
            var trial = Path.Combine(Path.GetTempPath(), $"nbk-original-{Guid.NewGuid():N}.so");
            try
            {
                File.Copy(backup, trial);
                if (ElfVersionPatcher.Patch(trial, NativeCopiesCheck.Requirement, NativeCopiesCheck.Replacement) == PatchState.Patched
                    && File.ReadAllBytes(trial).AsSpan().SequenceEqual(current))
                    return File.ReadAllBytes(backup);
            }
            finally { File.Delete(trial); }
        }
        return null;
    }
}
