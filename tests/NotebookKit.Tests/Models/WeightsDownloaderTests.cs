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

    /// <summary>The first transfer drops half-way: the error says the bytes are kept, and the next call fetches only the rest.</summary>
    string[] InterruptThenResume(WeightsFile file, Action? betweenRuns = null)
    {
        var half = payload.Length / 2;
        server.DropNextAfter = half;
        var e = Assert.Throws<WeightsUnavailableException>(() => WeightsDownloader.Download(file, cacheDirectory: dir));
        var partial = file.CachePathIn(dir) + ".partial";
        Assert.Contains($"{half:N0} bytes received are kept in {partial}; run again to resume", e.Message);
        Assert.Equal(payload[..half], File.ReadAllBytes(partial));
        betweenRuns?.Invoke();
        var path = WeightsDownloader.Download(file, cacheDirectory: dir);
        Assert.Equal([file.FileName], Directory.GetFiles(dir).Select(Path.GetFileName)); // no .partial, .validator or .lock left
        return [.. server.Requests.Skip(1)];
    }

    [Fact]
    public void AnInterruptedDownloadResumesWithARangeRequestForTheSameFile()
    {
        var file = new WeightsFile(Serve("tiny-" + Sha256[..8] + ".pth"), Sha256, []);
        var resumed = InterruptThenResume(file);
        Assert.Equal([$"models/{file.FileName} bytes={payload.Length / 2}- if-range={LoopbackServer.ETagOf(payload)}"], resumed);
        Assert.Equal(payload, File.ReadAllBytes(file.CachePathIn(dir)));
        StateDict.Load(Model(), file.CachePathIn(dir));
    }

    [Fact]
    public void AServerThatIgnoresRangeIsDownloadedFromZero()
    {
        var file = new WeightsFile(Serve("tiny.pth"), Sha256, []);
        InterruptThenResume(file, () => server.IgnoreRange = true);
        Assert.Equal(payload, File.ReadAllBytes(file.CachePathIn(dir)));
    }

    [Fact]
    public void AFileChangedOnTheServerSinceTheInterruptionIsDownloadedWhole()
    {
        // If-Range carries the first ETag; the server has another file now and sends all of it (200), never a mix of the two.
        var changed = payload.Reverse().ToArray();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(changed));
        var file = new WeightsFile(Serve("tiny.pth"), sha, []);
        var resumed = InterruptThenResume(file, () => server.Add("models/tiny.pth", changed));
        Assert.Equal([$"models/tiny.pth bytes={payload.Length / 2}- if-range={LoopbackServer.ETagOf(payload)}"], resumed);
        Assert.Equal(changed, File.ReadAllBytes(file.CachePathIn(dir)));
    }

    [Fact]
    public void ACorruptPartialFileFailsVerificationIsDeletedAndTheNextRunStartsAfresh()
    {
        var file = new WeightsFile(Serve("tiny.pth"), Sha256, []);
        var partial = file.CachePathIn(dir) + ".partial";
        var corrupt = payload[..1000];
        corrupt[10] ^= 0xff;
        File.WriteAllBytes(partial, corrupt); // resumed as a prefix (no validator to tell otherwise), so only the hash can catch it
        var e = Assert.Throws<WeightsUnavailableException>(() => WeightsDownloader.Download(file, cacheDirectory: dir));
        Assert.Contains("expected " + Sha256, e.Message);
        Assert.Empty(Directory.GetFiles(dir));
        Assert.Equal(payload, File.ReadAllBytes(WeightsDownloader.Download(file, cacheDirectory: dir)));
        Assert.Equal(["models/tiny.pth bytes=1000-", "models/tiny.pth"], server.Requests);
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
