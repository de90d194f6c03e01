namespace NotebookKit.Data.Downloads;

public enum DownloadStage { Downloading, Verifying, Extracting, Done }

/// <summary>Progress of <see cref="DatasetDownloader"/>: bytes done of the stage's total (null when the server does not say).</summary>
public sealed record DownloadProgress(DownloadStage Stage, long Bytes, long? TotalBytes)
{
    public double? Fraction => TotalBytes is > 0 ? (double)Bytes / TotalBytes.Value : null;
}
