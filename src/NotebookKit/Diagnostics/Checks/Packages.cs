using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Restored packages in a NuGet global packages folder (id/version/…).</summary>
internal static class Packages
{
    /// <summary>Restored versions of a package, highest first.</summary>
    public static IReadOnlyList<string> Versions(string root, string packageId)
    {
        var dir = Path.Combine(root, packageId.ToLowerInvariant());
        return Directory.Exists(dir)
            ? Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>()
                .OrderByDescending(Numeric).ThenByDescending(v => v, StringComparer.Ordinal).ToList()
            : [];
    }

    // NuGet folder names are normalized versions, maybe with a prerelease tag; 0.107.0 must beat 0.99.0.
    static Version Numeric(string folder) => Version.TryParse(folder.Split('-', '+')[0], out var v) ? v : new Version();

    /// <summary>Restored libtorch packages for a runtime, e.g. libtorch-cpu-linux-x64 or libtorch-cuda-12.8-linux-x64.</summary>
    public static IReadOnlyList<(string Id, string Version)> Libtorch(string root, string rid) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root, "libtorch-*-" + rid).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)
                .SelectMany(id => Versions(root, id).Select(v => (id, v))).ToList()
            : [];

    public static string NativeFolder(string root, string packageId, string version, string rid) =>
        Path.Combine(root, packageId.ToLowerInvariant(), version, "runtimes", rid, "native");
}
