using NotebookKit.Data;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class OddPicturesTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose()
    {
        temp.Dispose();
        File.Delete(FileChecks.FileOf(temp.Root, NotebookKit.Platform.KitPaths.FileChecksCache));
    }

    [Theory]
    [InlineData(1, 1, "shorter side under 32 px")]
    [InlineData(31, 400, "shorter side under 32 px")]
    [InlineData(661, 66, "aspect ratio 10:1 beyond 10:1")]
    [InlineData(32, 321, "beyond 10:1")]
    [InlineData(32, 320, null)]
    [InlineData(4032, 3024, null)]
    public void ShortSidesAndExtremeAspectRatiosAreSuspicious(int width, int height, string? why)
    {
        var reason = OddPictures.Reason(width, height);
        if (why is null) Assert.Null(reason);
        else Assert.Contains(why, reason);
    }

    /// <summary>Real photos by link, plus a 1×1 PNG in cat/: named when kept, left out and listed when asked.</summary>
    string FolderWithAPixel()
    {
        foreach (var cls in new[] { "cat", "dog" })
            for (var i = 0; i < 3; i++)
                File.CreateSymbolicLink(temp.File($"{cls}/{i}.jpg"), SharedData.Photo(cls: cls, index: i));
        return temp.Image("cat/pixel.png", 1, 1);
    }

    [Fact]
    public void AOnePixelPngAmongPhotosIsNamedInTheSummary()
    {
        var pixel = FolderWithAPixel();
        var folder = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0));
        var odd = Assert.Single(folder.Odd);
        Assert.Equal(pixel, odd.Path);
        Assert.Contains("1x1 px", odd.Reason);
        Assert.Contains(folder.Train.Samples, s => s.Path == pixel);
        var summary = DatasetSummary.Create(folder, maxHashDistance: null);
        Assert.Equal(pixel, summary.Suspicious["path"][0]);
        Assert.Contains(summary.Warnings, w => w.Contains("1 suspicious picture(s) kept") && w.Contains(pixel));
        Assert.Contains("Suspicious pictures", summary.ToString());
        Assert.Contains(pixel, folder.ToString());
    }

    [Fact]
    public void WithSkipOddPicturesItIsLeftOutAndListedWithItsReason()
    {
        var pixel = FolderWithAPixel();
        var folder = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0), badFiles: BadFilePolicy.Fail, skipOddPictures: true);
        Assert.Empty(folder.Odd);
        Assert.DoesNotContain(folder.Train.Samples, s => s.Path == pixel);
        Assert.Equal(6, folder.Train.Count);
        var skipped = Assert.Single(folder.Skipped);
        Assert.Equal(pixel, skipped.Path);
        Assert.StartsWith("suspicious picture: 1x1 px", skipped.Reason);
        // Remembered checks give the same verdict without decoding.
        var again = ImageFolder.Open(temp.Root, new SplitFractions(1, 0, 0), skipOddPictures: true);
        Assert.Equal(0, again.Checks.Decoded);
        Assert.Equal(pixel, Assert.Single(again.Skipped).Path);
    }
}
