using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class LearningRatesTests
{
    [Fact]
    public void SliceSpreadsGeometricallyLikeFastai()
    {
        var lrs = LearningRates.Slice(1e-5, 1e-3).For(3);
        Assert.Equal(1e-5, lrs[0], 15);
        Assert.Equal(1e-4, lrs[1], 15);
        Assert.Equal(1e-3, lrs[2], 15);
    }

    [Fact]
    public void SliceOfOneRateGivesTheOthersATenth() => Assert.Equal([1e-4, 1e-4, 1e-3], LearningRates.Slice(1e-3).For(3));

    [Fact]
    public void NumberConvertsToOneRateForAll() => Assert.Equal([0.1, 0.1], ((LearningRates)0.1).For(2));

    [Fact]
    public void PerGroupNeedsOneRatePerGroup()
    {
        Assert.Equal([1.0, 2.0], LearningRates.PerGroup(1, 2).For(2));
        Assert.Throws<ArgumentException>(() => LearningRates.PerGroup(1, 2).For(3));
    }
}
