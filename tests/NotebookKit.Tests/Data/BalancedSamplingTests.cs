using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public class BalancedSamplingTests
{
    static readonly string[] Classes = ["big", "small"];

    /// <summary>90 images of one class, 10 of the other; labels only (orders are drawn without decoding).</summary>
    static DataLoader Loader(bool balanced, int seed = 3) =>
        new(new ImageDataset("train", Classes, [.. Enumerable.Range(0, 100).Select(i => new ImageSample($"/x/{i}.png", i < 90 ? 0 : 1))]),
            ImagePipeline.ForEval(new PreprocessSpec(16, 16, Normalization.ImageNet)), batchSize: 10, shuffle: true, seed: seed, balanced: balanced);

    [Fact]
    public void BalancedDrawsEveryClassAboutEquallyOften()
    {
        var loader = Loader(balanced: true);
        var small = Enumerable.Range(0, 20).SelectMany(loader.Order).Count(i => loader.SampleOf(i).Label == 1);
        Assert.InRange(small / 2000.0, 0.45, 0.55); // 10% of the images, half of the draws
        var plain = Loader(balanced: false);
        Assert.Equal(10, plain.Order(0).Count(i => plain.SampleOf(i).Label == 1));
    }

    [Fact]
    public void BalancedOrderKeepsTheEpochLengthAndIsSeeded()
    {
        var loader = Loader(balanced: true);
        Assert.Equal(100, loader.Order(0).Length);
        Assert.Equal(loader.Order(1), Loader(balanced: true).Order(1));
        Assert.NotEqual(loader.Order(0), loader.Order(1));
        Assert.True(loader.WithDataset(loader.Dataset).Balanced);
    }
}
