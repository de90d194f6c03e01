namespace NotebookKit.Platform;

/// <summary>Where the kit keeps things outside the repository: caches, weights, the NuGet package root.</summary>
public static class KitPaths
{
    /// <summary>The NuGet global packages folder (NUGET_PACKAGES, else ~/.nuget/packages).</summary>
    public static string NuGetPackagesRoot =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
            ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The kit's cache (NOTEBOOKKIT_CACHE, else the OS cache folder + notebookkit). Never inside the repo.</summary>
    public static string CacheRoot
    {
        get
        {
            if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_CACHE") is { Length: > 0 } c) return c;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "notebookkit");
        }
    }

    /// <summary>Cached outputs of frozen layer groups (features), shared by every learner and run on this machine.</summary>
    public static string ActivationsCache => Path.Combine(CacheRoot, "activations");

    /// <summary>Converted or downloaded model weights.</summary>
    public static string WeightsCache => Path.Combine(CacheRoot, "weights");

    /// <summary>Backups of native files older kits' doctors patched inside the NuGet packages folder (which the doctor now restores from them).</summary>
    public static string BackupFolder => Path.Combine(CacheRoot, "backups");

    /// <summary>The doctor's patched copies of native libraries, one folder per original's content (see <see cref="NativeLibraries.PatchedCopy"/>).</summary>
    public static string NativesCache => Path.Combine(CacheRoot, "natives");
}
