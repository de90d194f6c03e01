using System.Globalization;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

public class DownloadProgressTests
{
    [Fact]
    public void FractionNeedsAKnownTotal()
    {
        Assert.Equal(0.25, new DownloadProgress("a.pth", DownloadStage.Downloading, 250, 1000).Fraction);
        Assert.Null(new DownloadProgress("a.pth", DownloadStage.Downloading, 250, null).Fraction);
        Assert.Null(new DownloadProgress("a.tgz", DownloadStage.Extracting, 200, null).Fraction);
    }

    [Fact]
    public void ToStringSaysWhatEachStageCounts()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture; // this thread's only: fixes the separators
        try
        {
            string Text(DownloadStage stage, long bytes, long? total) => new DownloadProgress("a.tgz", stage, bytes, total).ToString();
            Assert.Equal("a.tgz: 2.5 / 10.0 MB (25%)", Text(DownloadStage.Downloading, 2_500_000, 10_000_000));
            Assert.Equal("a.tgz: 2.5 MB", Text(DownloadStage.Downloading, 2_500_000, null));
            Assert.Equal("a.tgz: verifying 10.0 / 10.0 MB (100%)", Text(DownloadStage.Verifying, 10_000_000, 10_000_000));
            Assert.Equal("a.tgz: extracting, 1,200 files", Text(DownloadStage.Extracting, 1200, null));
            Assert.Equal("a.tgz: done, 1,234 files", Text(DownloadStage.Done, 1234, 1234));
        }
        finally { CultureInfo.CurrentCulture = culture; }
    }
}
