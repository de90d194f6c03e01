using System.Security.Cryptography;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Cli.Workshop;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Workshop;

public class BundleTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);
    static readonly PackOptions LinuxOnly = new(["linux-x64"], [], ["resnet-cntk"]);

    [Fact]
    public void ChecksumsCoverEveryFileInSha256sumFormat()
    {
        using var dir = new TempFolder();
        var bundle = new Bundle(dir.Root);
        dir.File("packages/a.1.0.0.nupkg", [1, 2, 3]);
        dir.File("datasets/cats/train/cat/x.jpg", [4, 5]);
        bundle.WriteManifest(new BundleManifest("abc", DateTime.UnixEpoch, ["linux-x64"], new Dictionary<string, string>(), [], 1));
        bundle.WriteChecksums();
        string Line(string rel) => $"{Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.PathOf(rel))))}  {rel}";
        Assert.Equal([Line("datasets/cats/train/cat/x.jpg"), Line("packages/a.1.0.0.nupkg")], File.ReadAllLines(bundle.Checksums));
    }

    [Fact]
    public void ManifestRoundTrips()
    {
        using var dir = new TempFolder();
        var bundle = new Bundle(dir.Root);
        var manifest = new BundleManifest("abc", new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc), ["linux-x64", "win-x64"],
            new Dictionary<string, string> { ["resnet-cntk"] = "resnet-cntk.dat" }, ["cats-dogs"], 79);
        bundle.WriteManifest(manifest);
        var read = bundle.ReadManifest();
        Assert.Equal(manifest.Runtimes, read.Runtimes);
        Assert.Equal(manifest.Models, read.Models);
        Assert.Equal(manifest.Datasets, read.Datasets);
        Assert.Equal((manifest.Commit, manifest.CreatedUtc, manifest.Packages), (read.Commit, read.CreatedUtc, read.Packages));
    }

    [Fact]
    public void AFolderWithoutAManifestIsNotABundle()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<FileNotFoundException>(() => WorkshopInstaller.Install(Repo, dir.Root).ToList());
        Assert.Contains("not a finished workshop bundle", e.Message);
        Assert.Contains(dir.Root, e.Message);
    }

    [Fact]
    public void PackRefusesAFolderInsideTheRepository()
    {
        var inside = Path.Combine(Repo.Root, "artifacts", "bundle-test");
        var e = Assert.Throws<ArgumentException>(() => WorkshopPacker.Pack(Repo, inside, LinuxOnly, _ => { }));
        Assert.Contains("inside the repository", e.Message);
        Assert.False(Directory.Exists(inside));
    }

    [Fact]
    public void PackRefusesAnUnknownRuntimeBeforeTouchingTheFolder()
    {
        using var dir = new TempFolder();
        var target = dir.Combine("bundle");
        var e = Assert.Throws<ArgumentException>(() => WorkshopPacker.Pack(Repo, target, LinuxOnly with { Runtimes = ["win-arm64"] }, _ => { }));
        Assert.Contains("win-arm64", e.Message);
        Assert.Contains("linux-x64, win-x64, osx-arm64", e.Message);
        Assert.False(Directory.Exists(target));
    }

    [Fact]
    public void PackNeverEmptiesAFolderThatIsNotABundle()
    {
        using var dir = new TempFolder();
        var keep = dir.File("notes.txt", "mine"u8.ToArray());
        Assert.Throws<IOException>(() => WorkshopPacker.Pack(Repo, dir.Root, LinuxOnly, _ => { }));
        Assert.True(File.Exists(keep));
    }

    [Fact]
    public void PackRefusesTwoDatasetsWithOneNameAndUnknownModelsBeforeWriting()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir.Combine("a", "photos"));
        Directory.CreateDirectory(dir.Combine("b", "photos"));
        var target = dir.Combine("bundle");
        var twice = LinuxOnly with { Datasets = [dir.Combine("a", "photos"), dir.Combine("b", "photos")] };
        Assert.Contains("same folder name", Assert.Throws<ArgumentException>(() => WorkshopPacker.Pack(Repo, target, twice, _ => { })).Message);
        Assert.Contains("resnet-cntk", Assert.Throws<ArgumentException>(() => WorkshopPacker.Pack(Repo, target, LinuxOnly with { Models = ["resnet9000"] }, _ => { })).Message);
        Assert.False(Directory.Exists(target));
    }
}
