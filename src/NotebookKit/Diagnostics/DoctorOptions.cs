using System.Runtime.InteropServices;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics;

/// <summary>
/// Where the doctor looks and what it may do. The defaults describe this machine and process; tests point the
/// paths at copies so that nothing real is read or patched.
/// </summary>
public sealed record DoctorOptions
{
    /// <summary>The NuGet global packages folder holding TorchSharp, libtorch, the weights and the notebook tools.</summary>
    public string PackagesRoot { get; init; } = KitPaths.NuGetPackagesRoot;

    /// <summary>The system libstdc++.so.6, or null when there is none (then GLIBCXX does not matter).</summary>
    public string? LibStdCxxPath { get; init; } = LibStdCxx.Find();

    /// <summary>The running app's folder, where builds copy libLibTorchSharp.so.</summary>
    public string AppBaseDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>The runtime identifier whose natives matter, e.g. linux-x64.</summary>
    public string RuntimeIdentifier { get; init; } = RuntimeInformation.RuntimeIdentifier;

    /// <summary>Whether the Linux-only checks apply (libstdc++, .so patching, system libtorch).</summary>
    public bool IsLinux { get; init; } = OperatingSystem.IsLinux();

    /// <summary>Where converted weights are cached.</summary>
    public string WeightsCache { get; init; } = KitPaths.WeightsCache;

    /// <summary>Where older kits kept the originals of the files they patched inside the packages folder.</summary>
    public string BackupFolder { get; init; } = KitPaths.BackupFolder;

    /// <summary>Where the doctor writes patched copies of native libraries (the kit loads them where the originals do not load).</summary>
    public string NativesCache { get; init; } = KitPaths.NativesCache;

    /// <summary>The repository's .config/dotnet-tools.json, or null when not run from inside the repository.</summary>
    public string? ToolManifest { get; init; } = FindToolManifest(Environment.CurrentDirectory) ?? FindToolManifest(AppContext.BaseDirectory);

    /// <summary>The loader search path searched for a foreign libtorch.</summary>
    public string? LdLibraryPath { get; init; } = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");

    /// <summary>Folders where a distribution or pip puts a libtorch of its own.</summary>
    public IReadOnlyList<string> SystemTorchFolders { get; init; } = ["/usr/lib/python3/dist-packages/torch/lib"];

    /// <summary>Whether to load libtorch and ask it for its thread count (off in tests: it loads native code for good).</summary>
    public bool QueryTorch { get; init; } = true;

    /// <summary>VS Code's user settings files, where a Polyglot Notebooks kernel command line may be overridden.</summary>
    public IReadOnlyList<string> VsCodeSettings { get; init; } = DefaultVsCodeSettings();

    /// <summary>Runs a command and returns its output, or null when it is missing or fails.</summary>
    public Func<string, string, string?> RunProcess { get; init; } = ProcessRunner.TryRun;

    static IReadOnlyList<string> DefaultVsCodeSettings()
    {
        var config = OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData)
            : OperatingSystem.IsMacOS() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Library", "Application Support")
            : Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new[] { "Code", "Code - Insiders", "VSCodium" }.Select(app => Path.Combine(config, app, "User", "settings.json")).ToList();
    }

    static string? FindToolManifest(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, ".config", "dotnet-tools.json");
            if (File.Exists(manifest)) return manifest;
        }
        return null;
    }
}
