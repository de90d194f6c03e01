using System.Security.Cryptography;
using NotebookKit.Platform;

namespace NotebookKit.Data.Downloads;

/// <summary>Settings of <see cref="DatasetDownloader.DownloadAsync"/>.</summary>
public sealed record DownloadOptions
{
    /// <summary>Accept an archive whose catalog entry has no checksum (the CLI's --trust-new-checksum).</summary>
    public bool TrustNewChecksum { get; init; }
    /// <summary>Where archives are kept (and .part files resumed); default: a .cache folder beside the destination.</summary>
    public string? CacheDirectory { get; init; }
    public ExtractionLimits Limits { get; init; } = ExtractionLimits.Default;
    /// <summary>The client to download with; default: a shared one.</summary>
    public HttpClient? Http { get; init; }
    /// <summary>How long the server may send nothing before the download is abandoned.</summary>
    public TimeSpan IdleTimeout { get; init; } = HttpDownload.DefaultIdleTimeout;
}

/// <summary>A downloaded dataset ready for <see cref="ImageFolder.Open"/>, and what was left out of it.</summary>
public sealed record DownloadResult(string Path, string Sha256, bool ChecksumVerified, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Downloads a catalog dataset into a cache (resuming a partial .part file with an HTTP Range request), checks its
/// SHA-256, extracts it safely and arranges it as class folders at the destination, which then opens with
/// <see cref="ImageFolder.Open"/>. A finished destination is recognised and not downloaded again.
/// </summary>
public static class DatasetDownloader
{
    /// <summary>Marker file written last: its presence means the destination is complete.</summary>
    public const string CompleteMarker = ".download-complete";

    /// <summary>The default destination of a dataset: data/&lt;name&gt;/ under the current directory (git-ignored).</summary>
    public static string DefaultDestination(DatasetEntry entry) => Path.GetFullPath(Path.Combine("data", entry.Name));

    public static async Task<DownloadResult> DownloadAsync(DatasetEntry entry, string destination, IProgress<DownloadProgress>? progress = null,
        CancellationToken cancellationToken = default, DownloadOptions? options = null)
    {
        options ??= new DownloadOptions();
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
            throw new DataException($"'{destination}' is a file; the dataset needs a folder there. Pick another destination (--to).", destination);
        var marker = Path.Combine(destination, CompleteMarker);
        if (File.Exists(marker))
            return new DownloadResult(destination, (await File.ReadAllTextAsync(marker, cancellationToken)).Trim(), true, []);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
            throw new DataException($"'{destination}' exists and is not a finished download of '{entry.Name}'. Remove it or pick another destination.", destination);

        var cache = Path.GetFullPath(options.CacheDirectory ?? Path.Combine(Path.GetDirectoryName(destination)!, ".cache"));
        Directory.CreateDirectory(cache);
        var archive = Path.Combine(cache, entry.ArchiveFileName);
        if (!File.Exists(archive)) await DownloadFileAsync(options.Http ?? HttpDownload.Shared, entry, archive, options.IdleTimeout, progress, cancellationToken);

        var sha = await Sha256Async(archive, progress, cancellationToken);
        if (entry.Sha256 is { } expected && !expected.Equals(sha, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(archive);
            throw new DataException($"Checksum mismatch for {entry.Url}: expected SHA-256 {expected}, got {sha}. The download was deleted. " +
                "Try again; if it persists, the file changed at the source: check it there and update data/catalog.json.", archive);
        }
        if (entry.Sha256 is null && !options.TrustNewChecksum)
            throw new DataException($"The catalog has no checksum for '{entry.Name}'. The download's SHA-256 is {sha}. " +
                $"Check it against the source, then rerun with --trust-new-checksum (the archive stays cached at {archive}).", archive);

        var staging = destination + ".partial";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        try
        {
            ExtractionResult extracted;
            try { extracted = ArchiveExtractor.Extract(archive, staging, options.Limits, progress); }
            catch (DataException e) when (e.InnerException is not null)
            {
                File.Delete(archive); // damaged: the next run downloads it again instead of failing on the cached copy
                throw new DataException($"{e.Message} The cached archive was deleted; run again to download it anew.", archive, e.InnerException);
            }
            var skipped = extracted.Skipped.ToList();
            var root = entry.ArchiveRoot is null ? staging : Path.Combine(staging, entry.ArchiveRoot);
            if (!Directory.Exists(root))
                throw new DataException($"'{entry.ArchiveFileName}' has no '{entry.ArchiveRoot}' folder; the catalog entry's archiveRoot is wrong or the archive changed.", archive);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            if (Directory.Exists(destination)) Directory.Delete(destination);
            if (entry.Labels == LabelRule.Folders) Directory.Move(root, destination);
            else skipped.AddRange(SortIntoClassFolders(entry, root, destination));
            Directory.CreateDirectory(destination);
            await File.WriteAllTextAsync(marker, sha, cancellationToken);
            progress?.Report(new DownloadProgress(entry.ArchiveFileName, DownloadStage.Done, extracted.Files, extracted.Files));
            return new DownloadResult(destination, sha, entry.Sha256 is not null, skipped);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Moves flat image files into destination/&lt;class&gt;/ by the entry's file-name rule; other files are reported.</summary>
    static List<SkippedFile> SortIntoClassFolders(DatasetEntry entry, string source, string destination)
    {
        var skipped = new List<SkippedFile>();
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var cut = name.LastIndexOf('_');
            string? cls = !ImageDecoder.Extensions.Contains(Path.GetExtension(file)) || name.Length == 0 ? null
                : entry.Labels == LabelRule.FileNamePrefix ? (cut > 0 ? name[..cut] : null)
                : char.IsUpper(name[0]) ? entry.CaseClasses![0] : entry.CaseClasses![1];
            if (cls is null)
            {
                skipped.Add(new SkippedFile(Path.GetFileName(file), "not an image named Class_123 (left out)"));
                continue;
            }
            if (!IsFolderName(cls))
            {
                skipped.Add(new SkippedFile(Path.GetFileName(file), $"class name '{cls}' taken from the file name is not a plain folder name (left out)"));
                continue;
            }
            Directory.CreateDirectory(Path.Combine(destination, cls));
            File.Move(file, Path.Combine(destination, cls, Path.GetFileName(file)));
        }
        return skipped;
    }

    /// <summary>A class folder name must stay one level below the destination: no '.', '..', separators, hidden or reserved names.</summary>
    static bool IsFolderName(string name) =>
        name.Trim().Length > 0 && name is not ("." or "..") && !name.StartsWith('.') && name.IndexOfAny(['/', '\\', '\0', ':']) < 0
        && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0;

    /// <summary>Downloads into <paramref name="path"/>.part, resuming what is there, and renames it when complete.</summary>
    static async Task DownloadFileAsync(HttpClient http, DatasetEntry entry, string path, TimeSpan idleTimeout, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var part = path + ".part";
        try
        {
            await HttpDownload.ToFileAsync(http, entry.Url, part, entry.SizeBytes,
                (done, total) => progress?.Report(new DownloadProgress(entry.ArchiveFileName, DownloadStage.Downloading, done, total)), ct, idleTimeout);
        }
        catch (HttpRequestException e) when (e.StatusCode is { } status)
        {
            throw new DataException($"Downloading {entry.Url} failed: HTTP {(int)status} {status}.", entry.Url);
        }
        catch (HttpRequestException e)
        {
            throw new DataException($"Downloading {entry.Url} failed: cannot reach {new Uri(entry.Url).Authority} ({e.Message.TrimEnd('.')}). Check the network connection and any proxy, then run again.", entry.Url, e);
        }
        catch (TimeoutException e)
        {
            throw new DataException($"Downloading {entry.Url} stalled: {e.Message}. Run again to resume.", entry.Url, e);
        }
        catch (InvalidDataException e)
        {
            File.Delete(part);
            throw new DataException($"Downloading {entry.Url} failed: {e.Message}. Check the catalog entry's url.", entry.Url, e);
        }
        catch (IOException e)
        {
            throw new DataException($"Downloading {entry.Url} failed: {e.Message}. Run again to resume.", entry.Url, e);
        }
        File.Move(part, path, overwrite: true);
    }

    static async Task<string> Sha256Async(string path, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        progress?.Report(new DownloadProgress(Path.GetFileName(path), DownloadStage.Verifying, 0, stream.Length));
        var hash = await SHA256.HashDataAsync(stream, ct);
        progress?.Report(new DownloadProgress(Path.GetFileName(path), DownloadStage.Verifying, stream.Length, stream.Length));
        return Convert.ToHexStringLower(hash);
    }
}
