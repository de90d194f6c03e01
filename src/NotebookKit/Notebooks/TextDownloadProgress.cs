using NotebookKit.Platform;

namespace NotebookKit.Notebooks;

/// <summary>Writes download progress as text lines at every 10% (every 10 MB when the size is unknown), synchronously and in order.</summary>
public sealed class TextDownloadProgress(TextWriter? writer = null) : IProgress<DownloadProgress>
{
    long lastStep = -1;

    public void Report(DownloadProgress p)
    {
        var step = p.TotalBytes is > 0 and var t ? 10 * p.Bytes / t : p.Bytes / 10_000_000;
        if (step == lastStep) return;
        lastStep = step;
        (writer ?? Console.Out).WriteLine(p);
    }
}
