using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using NotebookKit.Data;
using NotebookKit.Data.Downloads;
using NotebookKit.Platform;
using SixLabors.ImageSharp;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class DownloaderTests : DownloadFixture
{
    DownloadOptions Options(bool trust = false, ExtractionLimits? limits = null) =>
        new() { Http = http, TrustNewChecksum = trust, CacheDirectory = temp.PathOf("cache"), Limits = limits ?? ExtractionLimits.Default };

    static byte[] Png(int seed)
    {
        using var image = TempFolder.Noise(12, 12, seed);
        using var ms = new MemoryStream();
        image.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>A .tar.gz with the given regular files (and optional extra raw entries).</summary>
    static byte[] TarGz(IEnumerable<(string Name, byte[] Data)> files, params TarEntry[] extra)
    {
        using var ms = new MemoryStream();
        using (var gzip = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var (name, data) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            foreach (var e in extra) tar.WriteEntry(e);
        }
        return ms.ToArray();
    }

    static (string, byte[])[] FlowerFiles() =>
    [
        ("flower_photos/LICENSE.txt", "CC BY 2.0"u8.ToArray()),
        ("flower_photos/daisy/1.png", Png(1)), ("flower_photos/daisy/2.png", Png(2)),
        ("flower_photos/roses/3.png", Png(3)), ("flower_photos/roses/4.png", Png(4)),
    ];

    static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    DatasetEntry Entry(string url, string? sha, string? root = "flower_photos", LabelRule labels = LabelRule.Folders, string[]? caseClasses = null) =>
        new("flowers", "test flowers", url, sha, null, "CC BY 2.0", null, "https://example.org", "test", root, labels, caseClasses);

    [Fact]
    public async Task GoodArchiveIsVerifiedExtractedAndUsableByPath()
    {
        var archive = TarGz(FlowerFiles(), new PaxTarEntry(TarEntryType.SymbolicLink, "flower_photos/daisy/passwd") { LinkName = "/etc/passwd" });
        var url = server.Add("flower_photos.tgz", archive);
        var reports = new List<DownloadProgress>();
        var progress = new Progress<DownloadProgress>(reports.Add);
        var destination = temp.PathOf("data/flowers");

        var result = await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive)), destination, progress, default, Options());

        Assert.Equal((destination, Sha(archive), true), (result.Path, result.Sha256, result.ChecksumVerified));
        Assert.Contains(result.Skipped, s => s.Path.EndsWith("passwd") && s.Reason.Contains("link"));
        Assert.False(File.Exists(Path.Combine(destination, "daisy", "passwd")));
        var folder = ImageFolder.Open(destination, new SplitFractions(1, 0, 0));
        Assert.Equal(["daisy", "roses"], folder.Classes);
        Assert.Equal([2, 2], folder.Train.ClassCounts());
        await Task.Delay(50); // Progress<T> posts to the thread pool.
        Assert.Contains(reports, r => r.Stage == DownloadStage.Downloading && r.Bytes == archive.Length && r.Fraction == 1);
        Assert.Contains(reports, r => r.Stage == DownloadStage.Verifying && r.Fraction == 1);
        // 5 files: LICENSE.txt and four photos; the link is skipped.
        Assert.Contains(reports, r => r.Stage == DownloadStage.Done && r.Bytes == 5 && r.ToString() == "flower_photos.tgz: done, 5 files");
        Assert.All(reports, r => Assert.Equal("flower_photos.tgz", r.Item));

        // A finished destination is not downloaded again.
        var requests = server.Requests.Count;
        await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive)), destination, null, default, Options());
        Assert.Equal(requests, server.Requests.Count);
    }

    [Fact]
    public async Task ChecksumMismatchDeletesTheDownloadAndSaysSo()
    {
        var good = TarGz(FlowerFiles());
        var corrupt = good.ToArray();
        corrupt[^10] ^= 0xFF;
        var url = server.Add("flower_photos.tgz", corrupt);
        var e = await Assert.ThrowsAsync<DataException>(() =>
            DatasetDownloader.DownloadAsync(Entry(url, Sha(good)), temp.PathOf("data/flowers"), null, default, Options()));
        Assert.Contains("Checksum mismatch", e.Message);
        Assert.Contains(Sha(corrupt), e.Message);
        Assert.Empty(Directory.GetFiles(temp.PathOf("cache")));
        Assert.False(Directory.Exists(temp.PathOf("data/flowers")));
    }

    [Fact]
    public async Task UnknownChecksumIsRefusedUnlessTrusted()
    {
        var archive = TarGz(FlowerFiles());
        var url = server.Add("flower_photos.tgz", archive);
        var e = await Assert.ThrowsAsync<DataException>(() =>
            DatasetDownloader.DownloadAsync(Entry(url, null), temp.PathOf("data/flowers"), null, default, Options()));
        Assert.Contains(Sha(archive), e.Message);
        Assert.Contains("--trust-new-checksum", e.Message);
        var result = await DatasetDownloader.DownloadAsync(Entry(url, null), temp.PathOf("data/flowers"), null, default, Options(trust: true));
        Assert.False(result.ChecksumVerified);
        Assert.True(File.Exists(temp.PathOf("data/flowers/roses/3.png")));
        Assert.Single(server.Requests); // The refused download stayed cached.
    }

    [Fact]
    public async Task EntryEscapingTheDestinationIsRefusedAndNothingLandsOutside()
    {
        var archive = TarGz([("flower_photos/daisy/1.png", Png(1)), ("../evil.txt", "gotcha"u8.ToArray())]);
        var url = server.Add("evil.tgz", archive);
        var e = await Assert.ThrowsAsync<DataException>(() =>
            DatasetDownloader.DownloadAsync(Entry(url, Sha(archive)), temp.PathOf("data/flowers"), null, default, Options()));
        Assert.Contains("outside", e.Message);
        Assert.Empty(Directory.GetFiles(temp.Root, "evil.txt", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(temp.PathOf("data/flowers")));
        Assert.False(Directory.Exists(temp.PathOf("data/flowers.partial")));
    }

    [Fact]
    public async Task PartialDownloadResumesWithARangeRequest()
    {
        var archive = TarGz(FlowerFiles());
        var url = server.Add("flower_photos.tgz", archive);
        Directory.CreateDirectory(temp.PathOf("cache"));
        var half = archive.Length / 2;
        File.WriteAllBytes(temp.PathOf("cache/flower_photos.tgz.part"), archive[..half]);

        var result = await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive)), temp.PathOf("data/flowers"), null, default, Options());

        Assert.Equal([$"flower_photos.tgz bytes={half}-"], server.Requests);
        Assert.True(result.ChecksumVerified);
        Assert.False(File.Exists(temp.PathOf("cache/flower_photos.tgz.part")));
    }

    [Fact]
    public async Task MissingFileOnTheServerNamesTheUrlAndTheStatus()
    {
        var url = server.BaseUrl + "gone.tgz";

        var e = await Assert.ThrowsAsync<DataException>(() => DatasetDownloader.DownloadAsync(Entry(url, null), temp.PathOf("data/flowers"), null, default, Options()));

        Assert.Contains(url, e.Message);
        Assert.Contains("HTTP 404", e.Message);
        Assert.False(Directory.Exists(temp.PathOf("data/flowers")));
    }

    [Fact]
    public async Task ServerWithoutRangeSupportRestartsTheDownload()
    {
        var archive = TarGz(FlowerFiles());
        var url = server.Add("flower_photos.tgz", archive);
        server.IgnoreRange = true;
        Directory.CreateDirectory(temp.PathOf("cache"));
        File.WriteAllBytes(temp.PathOf("cache/flower_photos.tgz.part"), archive[..100]);

        var result = await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive)), temp.PathOf("data/flowers"), null, default, Options());

        Assert.Equal(["flower_photos.tgz bytes=100-"], server.Requests);
        Assert.True(result.ChecksumVerified);
    }

    [Fact]
    public async Task ZipOfFlatFilesIsSortedByTheOxfordPetNamingRules()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, seed) in new[] { ("Abyssinian_1.png", 1), ("beagle_2.png", 2), ("Bengal_3.png", 3), ("american_bulldog_4.png", 4) })
                using (var s = zip.CreateEntry("images/" + name).Open()) s.Write(Png(seed));
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Update, leaveOpen: true))
            using (var s = zip.CreateEntry("images/Abyssinian_100.mat").Open()) s.Write([1, 2, 3]);
        var archive = ms.ToArray();
        var url = server.Add("images.zip", archive);

        var species = await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive), "images", LabelRule.FileNameCase, ["cat", "dog"]), temp.PathOf("data/pets"), null, default, Options());
        Assert.Equal(["Abyssinian_1.png", "Bengal_3.png"], Directory.GetFiles(temp.PathOf("data/pets/cat")).Select(Path.GetFileName).Order());
        Assert.Equal(["american_bulldog_4.png", "beagle_2.png"], Directory.GetFiles(temp.PathOf("data/pets/dog")).Select(Path.GetFileName).Order());
        Assert.Contains(species.Skipped, s => s.Path == "Abyssinian_100.mat");

        await DatasetDownloader.DownloadAsync(Entry(url, Sha(archive), "images", LabelRule.FileNamePrefix), temp.PathOf("data/breeds"), null, default, Options());
        Assert.Equal(["Abyssinian", "Bengal", "american_bulldog", "beagle"], Directory.GetDirectories(temp.PathOf("data/breeds")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Single(server.Requests); // The second layout reused the cached archive.
    }

    [Fact]
    public void ExtractionLimitsStopBombs()
    {
        var path = temp.File("many.tgz");
        File.WriteAllBytes(path, TarGz(FlowerFiles()));
        var files = Assert.Throws<DataException>(() => ArchiveExtractor.Extract(path, temp.PathOf("out1"), new ExtractionLimits(MaxFiles: 3)));
        Assert.Contains("more than 3 files", files.Message);
        var bytes = Assert.Throws<DataException>(() => ArchiveExtractor.Extract(path, temp.PathOf("out2"), new ExtractionLimits(MaxTotalBytes: 100)));
        Assert.Contains("more than 100 bytes", bytes.Message);
    }

    [Theory]
    [InlineData("\"sha256\": \"abc\"", "64 hex digits")]
    [InlineData("\"sha256\": null, \"labels\": \"file-name-case\"", "caseClasses")]
    [InlineData("\"sha256\": null, \"url\": \"ftp://example.org/x.tgz\"", "http(s) url")]
    public void CatalogEntriesAreValidated(string fields, string expected)
    {
        var json = "{\"datasets\": [{\"name\": \"x\", \"title\": \"X\", \"url\": \"https://example.org/x.tgz\", \"license\": \"CC0\", " +
                   "\"homepage\": \"https://example.org\", \"description\": \"d\", \"archiveRoot\": null, " + fields + "}]}";
        var path = temp.File("catalog.json");
        File.WriteAllText(path, json);
        var e = Assert.Throws<DataException>(() => DatasetCatalog.Load(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RepositoryCatalogIsValidAndEmbedded()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "data", "catalog.json"))) dir = dir.Parent;
        var catalog = DatasetCatalog.Load(Path.Combine(dir.FullName, "data", "catalog.json"));
        Assert.Equal(catalog.Entries, DatasetCatalog.Default.Entries, (a, b) => a.Name == b.Name && a.Url == b.Url && a.Sha256 == b.Sha256);
        var pets = catalog.Find("oxford-pets");
        Assert.Equal(("images.tar.gz", LabelRule.FileNameCase, "CC BY-SA 4.0"), (pets.ArchiveFileName, pets.Labels, pets.License));
        Assert.Equal("flower_photos.tgz", catalog.Find("FLOWERS").ArchiveFileName);
        Assert.Throws<DataException>(() => catalog.Find("plantvillage"));
    }
}
