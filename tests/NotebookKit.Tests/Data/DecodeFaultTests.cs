using NotebookKit.Data;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

/// <summary>Files that only a decoder (or the file system) exposes: each is named with its reason, never a crash or a hang.</summary>
public class DecodeFaultTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    void Good(string cls, int n)
    {
        for (var i = 0; i < n; i++) temp.Image($"{cls}/good{i}.png", 16, 16, seed: cls.Length * 10 + i);
    }

    static ImageFolder OpenAll(string root, BadFilePolicy policy = BadFilePolicy.Skip, bool allowEmpty = false) =>
        ImageFolder.Open(root, new SplitFractions(1, 0, 0), badFiles: policy, allowEmptyClasses: allowEmpty);

    [Fact]
    public void DecodeTimeFailuresAreFoundWhenTheFolderOpensAndSkippedOrReported()
    {
        Good("cat", 2);
        Good("dog", 2);
        temp.File("cat/nodata.gif", HostileFiles.NoDataGif());
        temp.File("dog/cmyk.tif", HostileFiles.CmykTiff());
        temp.File("dog/negative.bmp", HostileFiles.NegativeHeightBmp());
        var folder = OpenAll(temp.Root);
        Assert.Equal([2, 2], folder.Train.ClassCounts());
        var reasons = folder.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.Contains("No data", reasons["nodata.gif"]);
        Assert.Contains("Separated", reasons["cmyk.tif"]);
        Assert.Contains("2147483647", reasons["negative.bmp"]);

        var e = Assert.Throws<DataException>(() => OpenAll(temp.Root, BadFilePolicy.Fail));
        Assert.Equal(temp.PathOf("cat/nodata.gif"), e.Path);
        Assert.Contains(ImageFolder.SkipHint, e.Message);
    }

    [Fact]
    public async Task AFifoIsSkippedWithoutBeingOpened()
    {
        Good("cat", 2);
        Good("dog", 2);
        HostileFiles.MakeFifo(temp.PathOf("cat/pipe.jpg"));
        File.CreateSymbolicLink(temp.PathOf("dog/zero.jpg"), "/dev/zero");
        var folder = await Task.Run(() => OpenAll(temp.Root)).WaitAsync(TimeSpan.FromSeconds(30)); // a hang fails with a TimeoutException
        var reasons = folder.Skipped.ToDictionary(s => Path.GetFileName(s.Path), s => s.Reason);
        Assert.Contains("not a regular file", reasons["pipe.jpg"]);
        Assert.Contains("not a regular file", reasons["zero.jpg"]);
        Assert.Equal([2, 2], folder.Train.ClassCounts());
    }

    [Fact]
    public void CompressedTextChunksAreNotInflated()
    {
        foreach (var international in new[] { false, true })
        {
            var path = temp.File($"bomb{international}.png", HostileFiles.TextBombPng(256L << 20, international));
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Null(ImageDecoder.Verify(path));
            Assert.Null(ImageDecoder.Check(path, out var size));
            Assert.Equal((8, 8), size);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 32L << 20, $"decoding an 8x8 PNG allocated {allocated >> 20} MB: its text chunk was inflated");
        }
    }

    [Fact]
    public void TinyFilesDeclaringHugeCanvasesAreRefusedUnread()
    {
        var gif = temp.File("huge.gif", HostileFiles.HugeTinyGif());
        Assert.Contains("decompression bomb", ImageDecoder.Check(gif, out _));
        Assert.Contains("decompression bomb", Assert.Throws<DataException>(() => ImageDecoder.Load(gif)).Message);
    }

    [Fact]
    public async Task TheDecodeBudgetRefusesTheImpossibleAndMakesOthersWait()
    {
        Assert.Null(DecodeBudget.Reserve(DecodeBudget.Bytes + 1));
        var most = DecodeBudget.Reserve(DecodeBudget.Bytes - 1000)!;
        var waiting = Task.Run(() => DecodeBudget.Reserve(2000));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "a reservation beyond what is left did not wait");
        most.Dispose();
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(second);
    }

    [Fact]
    public void ANameThatIsNotUtf8IsReportedAsSuch()
    {
        Good("cat", 2);
        Good("dog", 2);
        HostileFiles.MakeRawNamedFile(temp.PathOf("cat"), [.. "caf"u8, 0xE9, .. ".png"u8], File.ReadAllBytes(temp.PathOf("cat/good0.png")));
        var folder = OpenAll(temp.Root);
        Assert.Contains(folder.Skipped, s => s.Reason == ImageDecoder.NotUtf8Reason);
    }

    [Fact]
    public void AnEmptyClassFolderIsAnErrorNamingItOrWithTheFlagAWarning()
    {
        Good("cat", 2);
        Good("dog", 2);
        Directory.CreateDirectory(temp.PathOf("fox"));
        temp.File("fox/broken.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]); // empty after skipping
        var e = Assert.Throws<DataException>(() => OpenAll(temp.Root));
        Assert.Equal(temp.PathOf("fox"), e.Path);
        Assert.Contains("1 files skipped", e.Message);
        Assert.Contains(ImageFolder.AllowEmptyHint, e.Message);
        var folder = OpenAll(temp.Root, allowEmpty: true);
        Assert.Equal([temp.PathOf("fox")], folder.EmptyClassFolders);
        Assert.Equal(temp.PathOf("fox"), Assert.Throws<DataException>(() => ImageFolder.OpenForEvaluation(temp.Root, BadFilePolicy.Skip)).Path);
        Assert.Equal(3, ImageFolder.OpenForEvaluation(temp.Root, BadFilePolicy.Skip, allowEmptyClasses: true).Classes.Count);
        Assert.Contains("fox holds no usable images", folder.ToString());
    }

    [Fact]
    public void AnEmptyValSplitOrValClassFolderIsNamed()
    {
        foreach (var cls in new[] { "cat", "dog" })
        {
            for (var i = 0; i < 2; i++) temp.Image($"train/{cls}/{i}.png", 16, 16, seed: i + cls.Length);
            Directory.CreateDirectory(temp.PathOf($"val/{cls}"));
        }
        var e = Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root));
        Assert.Equal(temp.PathOf("val/cat"), e.Path);
        var folder = ImageFolder.Open(temp.Root, allowEmptyClasses: true);
        e = Assert.Throws<DataException>(() => folder.RequireValidation());
        Assert.Equal(temp.PathOf("val"), e.Path);
        Assert.Contains("remove val/", e.Message);
    }

    [Fact]
    public void LooseFilesFollowThePolicy()
    {
        var good = temp.Image("a.png", 16, 16);
        var bad = temp.File("b.gif", HostileFiles.NoDataGif());
        var e = Assert.Throws<DataException>(() => ImageFiles.Usable([good, bad], BadFilePolicy.Fail));
        Assert.Equal(bad, e.Path);
        var skipped = new List<SkippedFile>();
        Assert.Equal([good], ImageFiles.Usable([good, bad, temp.Root], BadFilePolicy.Skip, skipped));
        Assert.Equal([bad, temp.Root], skipped.Select(s => s.Path));
        Assert.Throws<DataException>(() => ImageFiles.Usable([bad], BadFilePolicy.Skip));
    }
}
