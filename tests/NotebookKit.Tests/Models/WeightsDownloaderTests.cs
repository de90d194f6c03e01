using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;
using TorchSharp.PyBridge;
using static TorchSharp.torch.nn;

namespace NotebookKit.Tests.Models;

public sealed class WeightsDownloaderTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("nbk-download-").FullName;
    readonly byte[] payload;
    readonly LoopbackServer server = new();

    /// <summary>The served file: a real PyTorch-format state dict (about 2.4 MB, so progress is reported several times).</summary>
    static TorchSharp.Modules.Sequential Model() => Sequential(("fc", Linear(768, 768)), ("bn", BatchNorm1d(768)));

    public WeightsDownloaderTests()
    {
        var pth = Path.Combine(dir, "source.pth");
        Model().save_py(pth);
        payload = File.ReadAllBytes(pth);
        File.Delete(pth);
    }

    /// <summary>The URL of the payload served under models/<paramref name="name"/>.</summary>
    string Serve(string name) => server.Add("models/" + name, payload);

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    string Sha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));

    sealed class Recorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) => Reports.Add(value);
    }

    [Fact]
    public void DownloadsVerifiesAndReportsProgress()
    {
        var file = new WeightsFile(Serve("tiny-" + Sha256[..8] + ".pth"), Sha256, []);
        var progress = new Recorder();
        var path = WeightsDownloader.Download(file, progress, cacheDirectory: dir);
        Assert.Equal(Path.Combine(dir, file.FileName), path);
        Assert.Equal(payload, File.ReadAllBytes(path));
        Assert.All(progress.Reports, r => Assert.Equal((file.FileName, DownloadStage.Downloading), (r.Item, r.Stage)));
        Assert.Equal(payload.Length, progress.Reports[^1].Bytes);
        Assert.Equal(payload.Length, progress.Reports[^1].TotalBytes);
        Assert.Equal($"{file.FileName}: {payload.Length / 1e6:F1} / {payload.Length / 1e6:F1} MB (100%)", progress.Reports[^1].ToString());
        Assert.Single(Directory.GetFiles(dir));
        StateDict.Load(Model(), path);
        // Cached now: Ensure verifies and returns it without downloading again.
        server.Dispose();
        Assert.Equal(path, WeightsDownloader.Ensure(file, cacheDirectory: dir));
    }

    [Fact]
    public void PrefixOnlyDigestIsAccepted()
    {
        var file = new WeightsFile(Serve("tiny.pth"), Sha256[..8], []);
        Assert.False(file.HasFullDigest);
        Assert.True(File.Exists(WeightsDownloader.Download(file, cacheDirectory: dir)));
    }

    [Fact]
    public void ChecksumMismatchDeletesTheFileAndSaysSo()
    {
        var file = new WeightsFile(Serve("tiny-deadbeef.pth"), "deadbeef", []);
        var e = Assert.Throws<WeightsUnavailableException>(() => WeightsDownloader.Download(file, cacheDirectory: dir));
        Assert.Contains(Sha256, e.Message);
        Assert.Contains("deadbeef", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void CorruptCachedFileIsRejected()
    {
        var file = new WeightsFile(Serve("tiny.pth"), Sha256, []);
        File.WriteAllBytes(file.CachePathIn(dir), [1, 2, 3]);
        var e = Assert.Throws<WeightsUnavailableException>(() => WeightsDownloader.Ensure(file, cacheDirectory: dir));
        Assert.Contains(file.CachePathIn(dir), e.Message);
    }

    [Fact]
    public void OfflineErrorNamesTheUrlTheCachePathAndTheManualFix()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once — as offline as it gets.
        var file = new WeightsFile("http://127.0.0.1:1/models/resnet18-f37072fd.pth", "f37072fd", []);
        var e = Assert.Throws<WeightsUnavailableException>(() => WeightsDownloader.Download(file, cacheDirectory: dir));
        Assert.Contains(file.Url, e.Message);
        Assert.Contains(Path.Combine(dir, "resnet18-f37072fd.pth"), e.Message);
        Assert.Contains("copy it to", e.Message);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
