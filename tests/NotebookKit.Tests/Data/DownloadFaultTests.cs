using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Tests.Support;
using SixLabors.ImageSharp;

namespace NotebookKit.Tests.Data;

/// <summary>Network and archive failures of a dataset download: each is one <see cref="DataException"/> line, never a hang.</summary>
public class DownloadFaultTests : DownloadFixture
{
    DownloadOptions Options(TimeSpan? idle = null) =>
        new() { Http = http, TrustNewChecksum = true, CacheDirectory = temp.PathOf("cache"), IdleTimeout = idle ?? TimeSpan.FromSeconds(30) };

    static DatasetEntry Entry(string url, string? root = "flower_photos", LabelRule labels = LabelRule.Folders) =>
        new("flowers", "test flowers", url, null, null, "CC BY 2.0", null, "https://example.org", "test", root, labels, null);

    static byte[] Png(int seed)
    {
        using var image = TempFolder.Noise(12, 12, seed);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    static byte[] TarGz(params (string Name, byte[] Data)[] files)
    {
        using var ms = new MemoryStream();
        using (var gzip = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
            foreach (var (name, data) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        return ms.ToArray();
    }

    static (string, byte[])[] Flowers() =>
        [("flower_photos/daisy/1.png", Png(1)), ("flower_photos/daisy/2.png", Png(2)), ("flower_photos/roses/3.png", Png(3)), ("flower_photos/roses/4.png", Png(4))];

    Task<DownloadResult> Download(string url, string? root = "flower_photos", LabelRule labels = LabelRule.Folders, DownloadOptions? options = null, string to = "data/flowers") =>
        DatasetDownloader.DownloadAsync(Entry(url, root, labels), temp.PathOf(to), null, default, options ?? Options());

    static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    [Fact]
    public async Task ARefusedConnectionIsOneLine()
    {
        var e = await Assert.ThrowsAsync<DataException>(() => Download($"http://127.0.0.1:{FreePort()}/flowers.tgz"));
        Assert.Contains("cannot reach 127.0.0.1", e.Message);
    }

    [Fact]
    public async Task AServerThatAcceptsAndNeverAnswersTimesOut()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/flowers.tgz";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // the server stops itself whatever happens
        var accepting = Task.Run(async () =>
        {
            var held = new List<Socket>();
            try { while (true) held.Add(await silent.AcceptSocketAsync(stop.Token)); }
            catch (OperationCanceledException) { }
            finally { foreach (var s in held) s.Dispose(); }
        });
        var e = await Assert.ThrowsAsync<DataException>(() => Download(url, options: Options(idle: TimeSpan.FromSeconds(1))).WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("no data from 127.0.0.1", e.Message);
        stop.Cancel();
        await accepting;
    }

    [Fact]
    public async Task TruncatedArchivesAreNamedAndDeletedSoTheNextRunDownloadsAgain()
    {
        var tgz = TarGz(Flowers());
        var e = await Assert.ThrowsAsync<DataException>(() => Download(server.Add("flowers.tgz", tgz[..(tgz.Length / 2)])));
        Assert.Contains("damaged or truncated", e.Message);
        Assert.Empty(Directory.GetFiles(temp.PathOf("cache")));

        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, data) in Flowers()) using (var s = zip.CreateEntry(name).Open()) s.Write(data);
        var zipBytes = ms.ToArray();
        e = await Assert.ThrowsAsync<DataException>(() => Download(server.Add("flowers.zip", zipBytes[..(zipBytes.Length - 30)])));
        Assert.Contains("damaged or truncated", e.Message);
        Assert.False(Directory.Exists(temp.PathOf("data/flowers")));
    }

    [Fact]
    public async Task AWebPageInsteadOfTheArchiveIsSaid()
    {
        var e = await Assert.ThrowsAsync<DataException>(() => Download(server.Add("flowers.tgz", "<!DOCTYPE html><html><body>Sign in</body></html>"u8.ToArray())));
        Assert.Contains("web page", e.Message);
    }

    [Fact]
    public async Task EntriesWithoutAFileNameAreSkipped()
    {
        var result = await Download(server.Add("flowers.tgz", TarGz([.. Flowers(), ("flower_photos/.", [1, 2, 3]), ("flower_photos/daisy/..", [4])])));
        Assert.Equal(2, result.Skipped.Count(s => s.Reason.Contains("without a file name")));
        Assert.Equal(["daisy", "roses"], ImageFolder.Open(result.Path, new SplitFractions(1, 0, 0)).Classes);
    }

    [Fact]
    public async Task ADestinationThatIsAFileIsRefused()
    {
        var file = temp.File("data/flowers", [1]);
        var e = await Assert.ThrowsAsync<DataException>(() => Download(server.Add("flowers.tgz", TarGz(Flowers()))));
        Assert.Contains("is a file", e.Message);
        Assert.Equal(file, e.Path);
    }

    [Fact]
    public async Task ClassNamesFromFileNamesNeverLeaveTheDestination()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, seed) in new[] { ("Abyssinian_1.png", 1), ("beagle_2.png", 2), (".._3.png", 3), ("._4.png", 4), ("..._5.png", 5) })
                using (var s = zip.CreateEntry("images/" + name).Open()) s.Write(Png(seed));
        var result = await Download(server.Add("images.zip", ms.ToArray()), "images", LabelRule.FileNamePrefix, to: "data/pets");
        Assert.Equal(["Abyssinian", "beagle"], Directory.GetDirectories(result.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Skipped.Count(s => s.Reason.Contains("not a plain folder name")));
        Assert.Equal(["pets"], Directory.GetFileSystemEntries(temp.PathOf("data")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
