namespace NotebookKit.Cli.Notebooks;

/// <summary>
/// Makes the library available to notebooks as <c>#r "nuget: NotebookKit, 0.1.0-local"</c>. A plain
/// <c>#r "path/NotebookKit.dll"</c> would not bring TorchSharp, ImageSharp … with it; a package does.
/// The kernel's restore runs in a temporary folder, so a relative <c>#i</c> source cannot work: the local
/// feed is registered as a user-level NuGet source instead. It lives in the kit's cache, not in a clone, so
/// moving or deleting a clone never leaves every restore on the machine pointing at a missing folder. The
/// version stays fixed so notebooks never change; NuGet would serve its extracted copy forever, so that copy
/// is removed before each pack.
/// </summary>
static class NotebookPackage
{
    public const string Version = "0.1.0-local";
    public const string SourceName = "NotebookKit-local";

    /// <summary>The local feed: one per user, shared by every clone (the last setup wins).</summary>
    public static string Feed => Path.Combine(NotebookKit.Platform.KitPaths.CacheRoot, "feed");

    public static IEnumerable<string> Setup(RepoLayout repo, CancellationToken ct = default)
    {
        var extracted = Path.Combine(NotebookKit.Platform.KitPaths.NuGetPackagesRoot, "notebookkit", Version);
        if (Directory.Exists(extracted))
        {
            Directory.Delete(extracted, recursive: true);
            yield return $"removed the stale copy {extracted}";
        }
        Directory.CreateDirectory(Feed);
        foreach (var old in Directory.GetFiles(Feed, "NotebookKit.*.nupkg")) File.Delete(old);
        var pack = ProcessResult.Run("dotnet", ["pack", repo.Library, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--nologo"],
            repo.Root, TimeSpan.FromMinutes(10), cancellationToken: ct);
        if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack failed:\n{pack.Output}");
        yield return $"packed NotebookKit {Version} into {Feed}";

        // Remove then add: an older kit registered the feed inside a clone.
        ProcessResult.Run("dotnet", ["nuget", "remove", "source", SourceName], repo.Root, TimeSpan.FromMinutes(1), cancellationToken: ct);
        var add = ProcessResult.Run("dotnet", ["nuget", "add", "source", Feed, "--name", SourceName], repo.Root, TimeSpan.FromMinutes(1), cancellationToken: ct);
        if (add.ExitCode != 0) throw new InvalidOperationException($"Could not register the local feed as NuGet source '{SourceName}':\n{add.Output}");
        yield return $"registered NuGet source '{SourceName}' → {Feed}";
    }
}
