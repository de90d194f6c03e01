using NotebookKit.Data;
using NotebookKit.Platform;
using NotebookKit.Tests.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

/// <summary>Checks remembered in the kit's cache: each test's folder is a fresh temp folder, so its cache file is its own (and deleted after).</summary>
public class FileChecksTests : IDisposable
{
    readonly TempFolder temp = new();
    string CacheFile => FileChecks.FileOf(temp.Root, KitPaths.FileChecksCache);

    public FileChecksTests()
    {
        for (var i = 0; i < 4; i++)
        {
            temp.Image($"cat/{i}.png", 40, 32, i);
            temp.Image($"dog/{i}.png", 40, 32, 10 + i);
        }
        FileMetadataTests.Settle(); // so the first open's stamps prove the files unchanged to the next
    }

    public void Dispose()
    {
        temp.Dispose();
        if (Directory.Exists(CacheFile)) Directory.Delete(CacheFile);
        File.Delete(CacheFile);
    }

    static ImageFolder Open(string root, IProgress<FolderCheckProgress>? progress = null, CancellationToken cancellationToken = default) =>
        ImageFolder.Open(root, new SplitFractions(0.5, 0.5, 0), progress: progress, cancellationToken: cancellationToken);

    [Fact]
    public void ASecondOpenOfAnUnchangedFolderDecodesNothing()
    {
        var first = Open(temp.Root);
        Assert.Equal(new FolderCheckStats(8, 0, 0), first.Checks);
        var second = Open(temp.Root);
        Assert.Equal(new FolderCheckStats(0, 8, OperatingSystem.IsWindows() ? 8 : 0), second.Checks); // no file opened where the OS keeps stamps
        Assert.Equal(first.Train.Samples, second.Train.Samples);
        Assert.Empty(second.Notes);
    }

    [Fact]
    public void AChangedFileIsCheckedAgain()
    {
        Open(temp.Root);
        var path = temp.PathOf("cat/2.png");
        var (length, time) = (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        // Same size, a second later.
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, time.AddSeconds(1));
        var again = ImageFolder.Open(temp.Root, new SplitFractions(0.5, 0.5, 0));
        Assert.Equal(1, again.Checks.Decoded);
        Assert.Contains(again.Skipped, s => s.Path == path && s.Reason.Contains("not a recognised image format"));
    }

    [Fact]
    public void AReopenInANewProcessDecodesNothingYetCatchesAFileReplacedWithItsOldSizeAndTime()
    {
        Open(temp.Root);
        ForgetFingerprints();
        Assert.Equal(8, Open(temp.Root).Checks.Remembered);
        var path = temp.PathOf("dog/1.png");
        var (length, time) = (new FileInfo(path).Length, File.GetLastWriteTimeUtc(path));
        File.WriteAllBytes(path, new byte[length]); // what cp -p or rsync -t leaves: same size, same time
        File.SetLastWriteTimeUtc(path, time);
        ForgetFingerprints();
        var again = Open(temp.Root);
        Assert.Equal(1, again.Checks.Decoded);
        Assert.Contains(again.Skipped, s => s.Path == path);
    }

    [StampFact]
    public void WithinOneProcessAFileReplacedWithItsOldSizeAndTimeIsCheckedAgain()
    {
        var path = temp.PathOf("dog/2.png");
        var (length, time) = (new FileInfo(path).Length, new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc));
        File.SetLastWriteTimeUtc(path, time); // a time .NET can set back exactly (to the 100 ns)
        FileMetadataTests.Settle();
        Open(temp.Root);
        File.WriteAllBytes(path, new byte[length]);
        File.SetLastWriteTimeUtc(path, time); // its change time moved all the same
        var again = Open(temp.Root);
        Assert.Equal(new FolderCheckStats(1, 7, 0), again.Checks);
        Assert.Contains(again.Skipped, s => s.Path == path);
    }

    [StampFact]
    public void ATouchedFileIsReadNotDecodedAndItsNewStampIsKept()
    {
        Open(temp.Root);
        File.SetLastWriteTimeUtc(temp.PathOf("cat/1.png"), DateTime.UtcNow.AddMinutes(-5));
        Assert.Equal(new FolderCheckStats(0, 8, 1), Open(temp.Root).Checks);
        FileMetadataTests.Settle();
        ForgetFingerprints(); // the saved cache, not this process's memory, holds the new stamp
        Assert.Equal(0, Open(temp.Root).Checks.Decoded); // (a stamp taken right after the touch is not settled: read once more)
        ForgetFingerprints();
        Assert.Equal(new FolderCheckStats(0, 8, 0), Open(temp.Root).Checks);
    }

    [StampFact]
    public void ARenameOverTheNameIsCheckedAgainUnlessItBringsTheSameBytes()
    {
        Open(temp.Root);
        var path = temp.PathOf("cat/0.png");
        var copy = temp.PathOf("copy.png");
        File.Copy(path, copy);
        File.SetLastWriteTimeUtc(copy, File.GetLastWriteTimeUtc(path));
        File.Move(copy, path, overwrite: true);
        Assert.Equal(new FolderCheckStats(0, 8, 1), Open(temp.Root).Checks);
        var other = temp.File("other.png", new byte[new FileInfo(path).Length]);
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(path));
        File.Move(other, path, overwrite: true);
        var again = Open(temp.Root);
        Assert.Equal(new FolderCheckStats(1, 7, 0), again.Checks);
        Assert.Contains(again.Skipped, s => s.Path == path);
    }

    [StampFact]
    public void ARetargetedSymlinkIsCheckedAgain()
    {
        var photo = temp.PathOf("dog/3.png");
        var elsewhere = temp.PathOf("elsewhere.png");
        File.Move(photo, elsewhere);
        File.CreateSymbolicLink(photo, elsewhere);
        var broken = temp.File("broken.png", new byte[new FileInfo(elsewhere).Length]);
        File.SetLastWriteTimeUtc(broken, File.GetLastWriteTimeUtc(elsewhere));
        FileMetadataTests.Settle();
        Open(temp.Root);
        Assert.Equal(new FolderCheckStats(0, 8, 0), Open(temp.Root).Checks);
        File.Delete(photo);
        File.CreateSymbolicLink(photo, broken);
        var again = Open(temp.Root);
        Assert.Equal(new FolderCheckStats(1, 7, 0), again.Checks);
        Assert.Contains(again.Skipped, s => s.Path == photo);
    }

    [Fact]
    public void ACacheOfTheLastFormatIsIgnored()
    {
        // A v3 entry held for a file while its size, time and fingerprint matched; this one claims every file is fine.
        Open(temp.Root);
        var entries = Directory.GetFiles(temp.Root, "*.png", SearchOption.AllDirectories).Select(p =>
            new { Path = p, Length = new FileInfo(p).Length, Ticks = File.GetLastWriteTimeUtc(p).Ticks, Fingerprint = FileFingerprint.Of(p), Reason = (string?)null, Width = 1, Height = 1 });
        var v3 = System.Text.Json.JsonSerializer.Serialize(new { Format = "v3", Root = temp.Root, Entries = entries });
        var oldFile = CacheFile.Replace(".v4.bin", ".v3.json");
        File.WriteAllText(oldFile, v3);
        File.WriteAllText(CacheFile, v3); // as if misplaced: read, never believed
        try
        {
            var folder = Open(temp.Root);
            Assert.Equal(8, folder.Checks.Decoded);
            Assert.Contains("ignored the file-check cache", Assert.Single(folder.Notes));
            Assert.Equal(v3, File.ReadAllText(oldFile)); // another kit's file is left alone
        }
        finally { File.Delete(oldFile); }
    }

    /// <summary>What a new process starts with: no fingerprints remembered (this one remembers them per path, size and time).</summary>
    static void ForgetFingerprints() =>
        ((System.Collections.IDictionary)typeof(FileFingerprint).GetField("Known", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.GetValue(null)!).Clear();

    [Theory]
    [InlineData(null, true)]
    [InlineData("not a recognised image format (JPEG, PNG, BMP, GIF, TIFF, WebP)", true)]
    [InlineData("decoding took longer than 30 s", false)]
    [InlineData("decoding 9000x9000 pixels needs about 900 MB, over the 512 MB decode budget", false)]
    [InlineData("could not be read (Input/output error)", false)]
    public void OnlyVerdictsAboutTheFileItselfAreRemembered(string? reason, bool lasting) => Assert.Equal(lasting, ImageDecoder.IsLasting(reason));

    [Fact]
    public void ACorruptCacheIsIgnoredWithOneWarning()
    {
        Open(temp.Root);
        File.WriteAllText(CacheFile, "{\"Format\": \"v1\", \"Entries\": [{\"Path\": 12");
        var folder = Open(temp.Root);
        Assert.Equal(8, folder.Checks.Decoded);
        var note = Assert.Single(folder.Notes);
        Assert.Contains("ignored the file-check cache", note);
        Assert.Contains(CacheFile, note);
        Assert.Equal(8, Open(temp.Root).Checks.Remembered); // and the next open rewrote it
    }

    [Fact]
    public void AnUnwritableCacheIsIgnoredWithOneWarning()
    {
        Directory.CreateDirectory(CacheFile); // a folder where the file should go: every save fails
        var folder = Open(temp.Root);
        Assert.Equal(8, folder.Train.Count + folder.Val.Count);
        var note = Assert.Single(folder.Notes);
        Assert.Contains("could not save the file-check cache", note);
        Assert.Contains(note, DatasetSummary.Create(folder, maxHashDistance: null).Warnings);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(CacheFile)!, Path.GetFileName(CacheFile) + ".*.tmp"));
    }

    [Fact]
    public void ProgressCountsEveryFileAndCancellingStopsTheOpen()
    {
        var reports = new List<FolderCheckProgress>();
        Open(temp.Root, new Reports(p => { lock (reports) reports.Add(p); }));
        Assert.Contains(reports, r => r.Done == 8 && r.Total == 8);
        File.Delete(CacheFile);
        using var cancel = new CancellationTokenSource();
        var seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Open(temp.Root, new Reports(p => { seen = p.Done; cancel.Cancel(); }), cancel.Token));
        Assert.True(seen < 8);
    }
}

/// <summary>Progress reported on the checking thread itself.</summary>
sealed class Reports(Action<FolderCheckProgress> report) : IProgress<FolderCheckProgress>
{
    public void Report(FolderCheckProgress value) => report(value);
}
