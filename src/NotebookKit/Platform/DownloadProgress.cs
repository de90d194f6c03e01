namespace NotebookKit.Platform;

public enum DownloadStage { Downloading, Verifying, Extracting, Done }

/// <summary>
/// Progress of a weights or dataset download: <paramref name="Item"/> is the file being fetched; <paramref name="Bytes"/>
/// counts bytes of the stage's total (null when the server does not say), or files while extracting and when done.
/// </summary>
public readonly record struct DownloadProgress(string Item, DownloadStage Stage, long Bytes, long? TotalBytes)
{
    public double? Fraction => TotalBytes is > 0 ? (double)Bytes / TotalBytes.Value : null;

    public override string ToString() => Stage switch
    {
        DownloadStage.Downloading => $"{Item}: {Amount}",
        DownloadStage.Verifying => $"{Item}: verifying {Amount}",
        _ => $"{Item}: {Stage.ToString().ToLowerInvariant()}, {Bytes:N0} files",
    };

    string Amount => TotalBytes is > 0 and var t ? $"{Bytes / 1e6:F1} / {t / 1e6:F1} MB ({100.0 * Bytes / t:F0}%)" : $"{Bytes / 1e6:F1} MB";
}
