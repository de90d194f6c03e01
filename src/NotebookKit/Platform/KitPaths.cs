namespace NotebookKit.Platform;

/// <summary>Where the kit keeps things outside the repository: caches, weights, the NuGet package root.</summary>
public static class KitPaths
{
    /// <summary>The NuGet global packages folder (NUGET_PACKAGES, else ~/.nuget/packages, %USERPROFILE%\.nuget\packages on Windows).</summary>
    public static string NuGetPackagesRoot => NuGetPackagesRootFor(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The kit's cache (NOTEBOOKKIT_CACHE, else the OS cache folder + notebookkit). Never inside the repo.</summary>
    public static string CacheRoot => CacheRootFor(Environment.GetEnvironmentVariable, OperatingSystem.IsWindows(),
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary><see cref="NuGetPackagesRoot"/> from the given environment and home folder (tests give another OS's).</summary>
    public static string NuGetPackagesRootFor(Func<string, string?> environment, string home) =>
        environment("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(home, ".nuget", "packages");

    /// <summary>
    /// <see cref="CacheRoot"/> from the given environment and folders: NOTEBOOKKIT_CACHE, else XDG_CACHE_HOME/notebookkit,
    /// else %LOCALAPPDATA%\notebookkit on Windows and ~/.cache/notebookkit elsewhere.
    /// </summary>
    public static string CacheRootFor(Func<string, string?> environment, bool windows, string localAppData, string home)
    {
        if (environment("NOTEBOOKKIT_CACHE") is { Length: > 0 } c) return c;
        var root = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
            : windows ? localAppData
            : Path.Combine(home, ".cache");
        return Path.Combine(root, "notebookkit");
    }

    /// <summary>Cached outputs of frozen layer groups (features), shared by every learner and run on this machine.</summary>
    public static string ActivationsCache => Path.Combine(CacheRoot, "activations");

    /// <summary>What checking each image file found (decodes or why not, its size), per data folder, so an unchanged folder opens without decoding.</summary>
    public static string FileChecksCache => Path.Combine(CacheRoot, "file-checks");

    /// <summary>Converted or downloaded model weights.</summary>
    public static string WeightsCache => Path.Combine(CacheRoot, "weights");

    /// <summary>Backups of native files older kits' doctors patched inside the NuGet packages folder (which the doctor now restores from them).</summary>
    public static string BackupFolder => Path.Combine(CacheRoot, "backups");

    /// <summary>The doctor's patched copies of native libraries, one folder per original's content (see <see cref="NativeLibraries.PatchedCopy"/>).</summary>
    public static string NativesCache => Path.Combine(CacheRoot, "natives");
}
