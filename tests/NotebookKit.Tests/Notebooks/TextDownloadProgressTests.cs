using NotebookKit.Notebooks;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Notebooks;

public class TextDownloadProgressTests
{
    [Fact]
    public void Writes_one_line_per_tenth_of_a_known_size_and_per_10_MB_otherwise()
    {
        var text = new StringWriter();
        var progress = new TextDownloadProgress(text);
        for (long b = 0; b <= 1000; b += 25) progress.Report(new DownloadProgress("vgg16.pth", DownloadStage.Downloading, b * 1000, 1_000_000));
        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length); // 0%, 10%, … 100%
        Assert.Equal("vgg16.pth: 1.0 / 1.0 MB (100%)", lines[^1]);

        var unknown = new StringWriter();
        var p2 = new TextDownloadProgress(unknown);
        for (long mb = 0; mb <= 25; mb++) p2.Report(new DownloadProgress("x", DownloadStage.Downloading, mb * 1_000_000, null));
        Assert.Equal(3, unknown.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length); // 0, 10, 20 MB
    }
}
