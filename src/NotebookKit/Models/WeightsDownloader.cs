using NotebookKit.Platform;

namespace NotebookKit.Models;

/// <summary>
/// Downloads weights files into the kit's cache, like torch.hub's load_state_dict_from_url: to FILE.partial first,
/// checksum verified, then moved into place, so a partial or corrupt file never sits under the real name. An
/// interrupted download keeps its .partial file and the next call resumes it (see <see cref="HttpDownload"/>); one
/// process at a time downloads a given file.
/// </summary>
public static class WeightsDownloader
{
    /// <summary>
    /// Where downloads the zoo starts itself report to (torchvision's <c>progress=True</c>); null is silent. Front ends
    /// set it: the CLI and notebooks print text lines, so the model layer never writes to a console itself.
    /// </summary>
    public static IProgress<DownloadProgress>? Progress { get; set; }

    /// <summary>The cached file's path, downloading it first when it is not cached. A cached file (perhaps copied in by hand) is verified too.</summary>
    public static string Ensure(WeightsFile file, IProgress<DownloadProgress>? progress = null, HttpClient? client = null, string? cacheDirectory = null)
    {
        var path = file.CachePathIn(cacheDirectory ?? KitPaths.WeightsCache);
        if (!File.Exists(path)) return Download(file, progress, client, cacheDirectory);
        if (!file.Matches(path))
            throw new WeightsUnavailableException(
                $"{path} does not match SHA-256 {file.Sha256}{(file.HasFullDigest ? "" : "…")} of {file.Url}. Delete it to download it again, or copy in a verified copy.");
        return path;
    }

    /// <summary>
    /// Downloads <paramref name="file"/> into the cache (resuming its .partial file when there is one) and verifies its
    /// SHA-256; a mismatching download is deleted, an interrupted one is kept for the next call to resume.
    /// </summary>
    /// <param name="cacheDirectory">Defaults to <see cref="KitPaths.WeightsCache"/>.</param>
    public static string Download(WeightsFile file, IProgress<DownloadProgress>? progress = null, HttpClient? client = null, string? cacheDirectory = null,
        CancellationToken cancellationToken = default)
    {
        var path = file.CachePathIn(cacheDirectory ?? KitPaths.WeightsCache);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".partial";
        using var exclusive = Lock(tmp + ".lock", file);
        try
        {
            HttpDownload.ToFileAsync(client ?? HttpDownload.Shared, file.Url, tmp,
                progress: (bytes, total) => progress?.Report(new DownloadProgress(file.FileName, DownloadStage.Downloading, bytes, total)),
                cancellationToken: cancellationToken).GetAwaiter().GetResult();
        }
        catch (InvalidDataException e)
        {
            File.Delete(tmp);
            throw new WeightsUnavailableException($"Could not download {file.Url}: {e.Message}.", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var kept = File.Exists(tmp) ? new FileInfo(tmp).Length : 0;
            throw new WeightsUnavailableException(
                $"Could not download {file.Url} ({e.Message})." + (kept > 0 ? $" The {kept:N0} bytes received are kept in {tmp}; run again to resume." : "") +
                $" Without internet access, download it elsewhere and copy it to {path} (the file name must stay {file.FileName}); it is checked against SHA-256 {file.Sha256}" +
                (file.HasFullDigest ? "." : " (torchvision's published prefix)."), e);
        }

        var actual = WeightsFile.Sha256Of(tmp);
        if (!actual.StartsWith(file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(tmp);
            throw new WeightsUnavailableException(
                $"{file.Url} downloaded with SHA-256 {actual}, expected {file.Sha256}{(file.HasFullDigest ? "" : "…")}. " +
                "The file was deleted; try again, or copy a verified copy to " + path + ".");
        }
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    /// <summary>Held while downloading, so two processes never append to the same .partial file (the lock file goes when it is released).</summary>
    static FileStream Lock(string lockPath, WeightsFile file)
    {
        try { return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
        catch (IOException e)
        {
            throw new WeightsUnavailableException($"Another process is downloading {file.FileName} (it holds {lockPath}); wait for it to finish, then run again.", e);
        }
    }
}
