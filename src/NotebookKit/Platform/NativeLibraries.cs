using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NotebookKit.Platform;

/// <summary>
/// Finds and loads TorchSharp's own native libraries by full path before TorchSharp asks for them by name.
/// A system libtorch (Debian's python3-torch, a conda env on LD_LIBRARY_PATH) would otherwise be found first
/// and fail with "undefined symbol c10::Error::what"; once a library is loaded, the dynamic loader reuses it
/// for every later request of the same soname. Where TorchSharp's own library does not load (a libstdc++ older than it
/// asks for), the copy the doctor patched into the kit's cache loads instead: the NuGet packages folder stays as restored.
/// </summary>
public static class NativeLibraries
{
    /// <summary>Load order: each library after the ones it links against.</summary>
    static readonly string[] LinuxOrder = ["libgomp-*.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so", TorchSharpNative];

    /// <summary>TorchSharp's own native library on Linux, the one the doctor may patch.</summary>
    public const string TorchSharpNative = "libLibTorchSharp.so";

    static readonly object Gate = new();
    static IReadOnlyList<string>? loaded;

    /// <summary>Why the last preload failed (e.g. libstdc++ too old before the doctor's fix), or null.</summary>
    public static Exception? LastError { get; internal set; }

    /// <summary>The files preloaded by <see cref="EnsureLoaded"/>, in order (empty off Linux); a patched copy where it stood in.</summary>
    public static IReadOnlyList<string> Loaded => loaded ?? [];

    /// <summary>Preloads the kit's libtorch once per process; a no-op off Linux, where no shadowing was seen.</summary>
    public static IReadOnlyList<string> EnsureLoaded()
    {
        lock (Gate)
        {
            if (loaded is not null) return loaded;
            var files = OperatingSystem.IsLinux() ? Resolve() : [];
            loaded = files.Select(Load).ToList();
            LastError = null;
            return loaded;
        }
    }

    static string Load(string file)
    {
        try
        {
            NativeLibrary.Load(file);
            return file;
        }
        catch (DllNotFoundException) when (Path.GetFileName(file) == TorchSharpNative)
        {
            // A failed dlopen leaves nothing behind, so the patched copy takes the soname the original would have had.
            // Made here when missing (a new cache folder), so loading never waits for the doctor.
            var patched = PatchedCopy(file);
            if (!File.Exists(patched))
            {
                try { WritePatchedCopy(file, patched); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The cache is an optimisation, never a reason to fail: a full or read-only one costs a copy in the temp folder.
                    KitWarnings.Warn($"the kit's cache '{KitPaths.NativesCache}' cannot hold the patched {TorchSharpNative} ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}); using a copy in the temp folder. Free space or fix its permissions.");
                    patched = PatchedCopy(file, Path.Combine(Path.GetTempPath(), $"notebookkit-natives-{Environment.UserName}"));
                    if (!File.Exists(patched)) WritePatchedCopy(file, patched);
                }
            }
            NativeLibrary.Load(patched);
            return patched;
        }
    }

    /// <summary>The GLIBCXX version TorchSharp 0.107's library asks for, and the older one it runs with (see <see cref="ElfVersionPatcher"/>).</summary>
    public const string Requirement = "GLIBCXX_3.4.32", Replacement = "GLIBCXX_3.4.30";

    /// <summary>Writes <paramref name="original"/>, patched, to <paramref name="target"/> (whole, then renamed); the original is never touched.</summary>
    public static void WritePatchedCopy(string original, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var tmp = target + $".{Environment.ProcessId}.tmp";
        try
        {
            File.Copy(original, tmp, overwrite: true);
            ElfVersionPatcher.Patch(tmp, Requirement, Replacement);
            File.Move(tmp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>
    /// Where the doctor keeps its patched copy of <paramref name="original"/>: named by the original's content, so the
    /// package's file, the build outputs' and TorchSharp's consolidated copies (all byte-identical) share one, and a
    /// new TorchSharp version gets its own.
    /// </summary>
    public static string PatchedCopy(string original, string? nativesCache = null)
    {
        using var stream = File.OpenRead(original);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        return Path.Combine(nativesCache ?? KitPaths.NativesCache, hash, Path.GetFileName(original));
    }

    /// <summary>Full paths of the native libraries the kit should load, in load order, or empty when not found.</summary>
    public static IReadOnlyList<string> Resolve()
    {
        var libtorchDir = CandidateFolders().FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")));
        var sharpDir = CandidateFolders().FirstOrDefault(d => File.Exists(Path.Combine(d, TorchSharpNative)));
        if (libtorchDir is null || sharpDir is null) return [];
        var list = new List<string>();
        foreach (var pattern in LinuxOrder)
        {
            var dir = pattern == TorchSharpNative ? sharpDir : libtorchDir;
            list.AddRange(Directory.EnumerateFiles(dir, pattern).Order(StringComparer.Ordinal));
        }
        return list;
    }

    /// <summary>Folders that may hold the natives: the app's own output first, then the NuGet package cache.</summary>
    public static IEnumerable<string> CandidateFolders()
    {
        var rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-arm", StringComparison.Ordinal) ? "linux-arm64" : "linux-x64";
        var baseDir = AppContext.BaseDirectory;
        yield return baseDir;
        yield return Path.Combine(baseDir, "runtimes", rid, "native");
        var torchSharp = TorchSharpAssemblyFolder();
        if (torchSharp is not null) yield return Path.Combine(torchSharp, "cpu");
        foreach (var d in PackageNativeFolders(LibtorchRuntimes.CpuPackage(rid), rid)) yield return d;
        foreach (var d in PackageNativeFolders("torchsharp", rid)) yield return d;
    }

    /// <summary>runtimes/RID/native folders of every restored version of a package, newest first.</summary>
    public static IEnumerable<string> PackageNativeFolders(string packageId, string rid)
    {
        var root = Path.Combine(KitPaths.NuGetPackagesRoot, packageId.ToLowerInvariant());
        if (!Directory.Exists(root)) yield break;
        foreach (var v in Directory.GetDirectories(root).OrderByDescending(d => d, StringComparer.Ordinal))
        {
            var native = Path.Combine(v, "runtimes", rid, "native");
            if (Directory.Exists(native)) yield return native;
        }
    }

    static string? TorchSharpAssemblyFolder()
    {
        var asm = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "TorchSharp")
                  ?? TryLoad("TorchSharp");
        return string.IsNullOrEmpty(asm?.Location) ? null : Path.GetDirectoryName(asm.Location);
    }

    static Assembly? TryLoad(string name)
    {
        try { return Assembly.Load(name); } catch (IOException) { return null; }
    }
}
