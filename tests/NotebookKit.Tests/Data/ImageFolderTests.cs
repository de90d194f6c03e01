using NotebookKit.Data;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class ImageFolderTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>An unsplit folder: 20 "apple" and 10 "banana" images.</summary>
    string ClassFolders()
    {
        for (var i = 0; i < 20; i++) temp.Image($"apple/a{i:00}.png", 8, 8, seed: i);
        for (var i = 0; i < 10; i++) temp.Image($"banana/b{i:00}.png", 8, 8, seed: 100 + i);
        return temp.Root;
    }

    static string[] Paths(ImageDataset? d) => d?.Samples.Select(s => s.Path).ToArray() ?? [];

    [Fact]
    public void FractionSplitIsStratifiedDisjointAndComplete()
    {
        var folder = ImageFolder.Open(ClassFolders());
        Assert.False(folder.IsPreSplit);
        Assert.Equal(["apple", "banana"], folder.Classes);
        Assert.Equal([16, 8], folder.Train.ClassCounts());
        Assert.Equal([2, 1], folder.Val.ClassCounts());
        Assert.Equal([2, 1], folder.Test!.ClassCounts());
        var all = Paths(folder.Train).Concat(Paths(folder.Val)).Concat(Paths(folder.Test)).ToList();
        Assert.Equal(30, all.Distinct().Count());
    }

    [Fact]
    public void SplitIsReproducibleForASeedAndDiffersForAnother()
    {
        var root = ClassFolders();
        Assert.Equal(Paths(ImageFolder.Open(root, seed: 1).Val), Paths(ImageFolder.Open(root, seed: 1).Val));
        Assert.NotEqual(Paths(ImageFolder.Open(root, seed: 1).Val), Paths(ImageFolder.Open(root, seed: 2).Val));
    }

    [Fact]
    public void CountSplitTakesFixedImagesPerClass()
    {
        var folder = ImageFolder.Open(ClassFolders(), counts: new SplitCounts(3, 2));
        Assert.Equal([3, 3], folder.Val.ClassCounts());
        Assert.Equal([2, 2], folder.Test!.ClassCounts());
        Assert.Equal([15, 5], folder.Train.ClassCounts());
        Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root, counts: new SplitCounts(5, 5)));
    }

    [Fact]
    public void PreSplitValMayLackAClassButMayNotAddOne()
    {
        for (var i = 0; i < 4; i++)
        {
            temp.Image($"train/cat/{i}.png", 8, 8, i);
            temp.Image($"train/dog/{i}.png", 8, 8, 10 + i);
        }
        temp.Image("val/cat/v.png", 8, 8, 20);
        var folder = ImageFolder.Open(temp.Root);
        Assert.True(folder.IsPreSplit);
        Assert.Equal([1, 0], folder.Val.ClassCounts());
        temp.Image("val/horse/h.png", 8, 8, 21);
        var e = Assert.Throws<DataException>(() => ImageFolder.Open(temp.Root));
        Assert.Contains("horse", e.Message);
    }

    [Fact]
    public void SharedCatsDogsOpensAsItsSplits()
    {
        var folder = ImageFolder.Open(SharedData.CatsDogs);
        Assert.True(folder.IsPreSplit);
        // Two cats once filed under dog were moved (see the dataset's SOURCE.md): train/cat/cat_0401, test/cat/cat_0101.
        Assert.Equal([401, 399], folder.Train.ClassCounts());
        Assert.Equal([100, 100], folder.Val.ClassCounts());
        Assert.Equal([101, 99], folder.Test!.ClassCounts());
        Assert.Empty(folder.Skipped);
    }
}
