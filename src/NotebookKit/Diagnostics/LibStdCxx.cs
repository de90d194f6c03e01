using System.Runtime.InteropServices;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics;

/// <summary>The system's GNU C++ runtime (libstdc++.so.6), which libLibTorchSharp.so links against on Linux.</summary>
public static class LibStdCxx
{
    public const string SoName = "libstdc++.so.6";

    /// <summary>
    /// The libstdc++.so.6 the loader would pick: LD_LIBRARY_PATH folders first (a conda env may put a newer one
    /// there), then the distribution's library folders. Null when none is found (Windows, macOS, musl).
    /// </summary>
    public static string? Find(string? ldLibraryPath = null)
    {
        var triplet = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        var folders = (ldLibraryPath ?? Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat([$"/lib/{triplet}", $"/usr/lib/{triplet}", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]);
        return folders.Select(d => Path.Combine(d, SoName)).FirstOrDefault(File.Exists);
    }

    /// <summary>The highest GLIBCXX_x.y.z among <paramref name="versions"/>, or null when there is none.</summary>
    public static string? HighestGlibcxx(IEnumerable<string> versions) =>
        versions.Where(v => ParseGlibcxx(v) is not null).MaxBy(ParseGlibcxx);

    /// <summary>"GLIBCXX_3.4.30" → 3.4.30; anything else → null.</summary>
    public static Version? ParseGlibcxx(string version) =>
        version.StartsWith("GLIBCXX_", StringComparison.Ordinal) && Version.TryParse(version["GLIBCXX_".Length..], out var v) ? v : null;
}
