using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Where a copy of libLibTorchSharp.so lives, which decides how the doctor repairs it.</summary>
internal enum CopyKind { Package, App, Consolidated }

/// <summary>One libLibTorchSharp.so on disk.</summary>
internal sealed record NativeCopy(string Path, CopyKind Kind, string Label, string? Version = null);

/// <summary>Every libLibTorchSharp.so the kit or TorchSharp may load on Linux.</summary>
internal static class NativeCopies
{
    public const string FileName = "libLibTorchSharp.so";

    /// <summary>
    /// The package's own copy (source of every other), the app's build output copies, and the "consolidated"
    /// copies TorchSharp makes under lib/TFM/cpu (or cuda-X) when a notebook kernel cannot load natives in place.
    /// The kit loads whichever of them it resolves, or the doctor's patched copy of it (<see cref="NativeLibraries.PatchedCopy"/>).
    /// </summary>
    public static IEnumerable<NativeCopy> Find(DoctorOptions o)
    {
        foreach (var version in Packages.Versions(o.PackagesRoot, "torchsharp"))
        {
            var native = Path.Combine(Packages.NativeFolder(o.PackagesRoot, "torchsharp", version, o.RuntimeIdentifier), FileName);
            if (File.Exists(native)) yield return new(native, CopyKind.Package, $"package {version}", version);
            var lib = Path.Combine(o.PackagesRoot, "torchsharp", version, "lib");
            if (!Directory.Exists(lib)) continue;
            foreach (var tfm in Directory.GetDirectories(lib).Order(StringComparer.Ordinal))
            foreach (var folder in Directory.GetDirectories(tfm).Order(StringComparer.Ordinal))
            {
                var copy = Path.Combine(folder, FileName);
                if (File.Exists(copy)) yield return new(copy, CopyKind.Consolidated, $"consolidated {version} {Path.GetFileName(tfm)}/{Path.GetFileName(folder)}");
            }
        }
        var app = Path.Combine(o.AppBaseDirectory, FileName);
        if (File.Exists(app)) yield return new(app, CopyKind.App, "app");
        var appRuntimes = Path.Combine(o.AppBaseDirectory, "runtimes", o.RuntimeIdentifier, "native", FileName);
        if (File.Exists(appRuntimes)) yield return new(appRuntimes, CopyKind.App, "app runtimes");
    }
}
