using NotebookKit.Platform;

namespace NotebookKit.Models;

/// <summary>
/// Downloads weights files into the kit's cache, like torch.hub's load_state_dict_from_url: to a temporary file
/// first, checksum verified, then moved into place, so a partial or corrupt file never sits in the cache.
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

    /// <summary>Downloads <paramref name="file"/> into the cache and verifies its SHA-256; a mismatching download is deleted.</summary>
    /// <param name="cacheDirectory">Defaults to <see cref="KitPaths.WeightsCache"/>.</param>
    public static string Download(WeightsFile file, IProgress<DownloadProgress>? progress = null, HttpClient? client = null, string? cacheDirectory = null)
    {
        var path = file.CachePathIn(cacheDirectory ?? KitPaths.WeightsCache);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + $".{Environment.ProcessId}.partial";
        try
        {
            HttpDownload.ToFileAsync(client ?? HttpDownload.Shared, file.Url, tmp,
                progress: (bytes, total) => progress?.Report(new DownloadProgress(file.FileName, DownloadStage.Downloading, bytes, total))).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            File.Delete(tmp);
            throw new WeightsUnavailableException(
                $"Could not download {file.Url} ({e.Message}). Without internet access, download it elsewhere and copy it to " +
                $"{path} (the file name must stay {file.FileName}); it is checked against SHA-256 {file.Sha256}" +
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
}
