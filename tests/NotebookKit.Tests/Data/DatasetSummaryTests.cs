using Microsoft.Data.Analysis;
using NotebookKit.Data;
using NotebookKit.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Tests.Data;

public class DatasetSummaryTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    static int[] Column(DataFrame df, string name) => df.Columns[name].Cast<int>().ToArray();

    [Fact]
    public void CountsAndWarnsAboutImbalanceTinyEmptyAndOneSplitClasses()
    {
        for (var i = 0; i < 20; i++) temp.Image($"apple/{i}.png", 8, 8, i);
        for (var i = 0; i < 10; i++) temp.Image($"banana/{i}.png", 8, 8, 100 + i);
        for (var i = 0; i < 3; i++) temp.Image($"durian/{i}.png", 8, 8, 200 + i);
        Directory.CreateDirectory(temp.PathOf("cherry"));
        File.WriteAllText(temp.File("apple/Thumbs.db"), "x");
        var summary = DatasetSummary.Create(ImageFolder.Open(temp.Root, allowEmptyClasses: true), inputSize: 16, maxHashDistance: null);

        Assert.Equal(["apple", "banana", "cherry", "durian"], summary.ImagesPerClass.Columns["class"].Cast<string>());
        Assert.Equal([16, 8, 0, 3], Column(summary.ImagesPerClass, "train"));
        Assert.Equal([20, 10, 0, 3], Column(summary.ImagesPerClass, "total"));
        var warnings = string.Join("\n", summary.Warnings);
        Assert.Contains("train: class imbalance, 'apple' has 16 images and 'durian' 3", warnings);
        Assert.Contains("Class 'cherry' has no images", warnings);
        Assert.Contains("Class 'durian' has only 3 images", warnings);
        Assert.Contains("Class 'durian' has images in train only", warnings);
        Assert.Contains("1 files skipped: 1 × hidden or system file", warnings);
        Assert.Equal("Thumbs.db", Path.GetFileName((string)summary.Skipped["path"][0]));
        Assert.Equal(27, Column(summary.Sizes, "smaller_than_input")[0]);
        Assert.Equal(8, Column(summary.Sizes, "max_width")[0]);
    }

    [Fact]
    public void SizeStatisticsOfTheSharedPhotos()
    {
        var summary = DatasetSummary.Create(ImageFolder.Open(SharedData.CatsDogs), maxHashDistance: null);
        Assert.Equal(["train", "val", "test"], summary.Sizes.Columns["split"].Cast<string>());
        Assert.Equal([800, 200, 200], Column(summary.Sizes, "images"));
        Assert.All(Column(summary.Sizes, "min_width"), w => Assert.InRange(w, 1, 10000));
        Assert.DoesNotContain(summary.Warnings, w => w.Contains("imbalance"));
    }

    [Fact]
    public void DHashOfGradientsIsAllOnesOrAllZeros()
    {
        using var rising = new Image<Rgb24>(90, 80);
        using var falling = new Image<Rgb24>(90, 80);
        for (var y = 0; y < 80; y++)
            for (var x = 0; x < 90; x++)
            {
                rising[x, y] = new Rgb24((byte)(x * 2), (byte)(x * 2), (byte)(x * 2));
                falling[x, y] = new Rgb24((byte)(255 - x * 2), (byte)(255 - x * 2), (byte)(255 - x * 2));
            }
        Assert.Equal(ulong.MaxValue, PerceptualHash.DHash(rising));
        Assert.Equal(0UL, PerceptualHash.DHash(falling));
        Assert.Equal(64, PerceptualHash.Distance(ulong.MaxValue, 0));
    }

    [Fact]
    public void LeakageCheckFindsCopiesAndReEncodedVariantsAcrossSplits()
    {
        for (var i = 0; i < 4; i++)
        {
            temp.Image($"train/cat/{i}.png", 72, 64, i);
            temp.Image($"train/dog/{i}.png", 72, 64, 10 + i);
            temp.Image($"val/cat/{i}.png", 64, 64, 20 + i);
            temp.Image($"val/dog/{i}.png", 64, 64, 30 + i);
        }
        File.Copy(temp.PathOf("train/cat/0.png"), temp.File("test/cat/copy.png"));
        using (var variant = Image.Load<Rgb24>(temp.PathOf("train/dog/1.png")))
        {
            // Same photo, resized, slightly brighter and saved as JPEG: a typical web duplicate.
            variant.Mutate(x => x.Resize(54, 48).Brightness(1.05f));
            variant.SaveAsJpeg(temp.File("test/dog/variant.jpg"));
        }
        temp.Image("test/dog/fresh.png", 64, 64, 99);
        var summary = DatasetSummary.Create(ImageFolder.Open(temp.Root), inputSize: 32, maxHashDistance: 6);
        Assert.Equal(2, summary.NearDuplicates.Count);
        Assert.Equal(("copy.png", 0, "test"), (Path.GetFileName(summary.NearDuplicates[0].OtherPath), summary.NearDuplicates[0].Distance, summary.NearDuplicates[0].OtherSplit));
        Assert.EndsWith(Path.Combine("train", "dog", "1.png"), summary.NearDuplicates[1].TrainPath);
        Assert.Contains(summary.Warnings, w => w.Contains("near-duplicates"));
    }
}
