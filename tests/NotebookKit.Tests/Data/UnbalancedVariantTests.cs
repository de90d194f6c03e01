using NotebookKit.Data;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class UnbalancedVariantTests
{
    [Fact]
    public void WithFewerCutsOneClassInTrainOnlyWithASeededChoice()
    {
        var plants = ImageFolder.Open(SharedData.Plants);
        var cut = plants.WithFewer("tulips", 0.1);
        Assert.Equal([80, 80, 80, 80, 8], cut.Train.ClassCounts());
        Assert.Equal(plants.Val.Samples, cut.Val.Samples);
        Assert.Equal(plants.Test!.Samples, cut.Test!.Samples);
        Assert.Equal(cut.Train.Samples, plants.WithFewer("tulips", 0.1).Train.Samples);
        Assert.NotEqual(cut.Train.Samples, plants.WithFewer("tulips", 0.1, seed: 1).Train.Samples);
        Assert.Contains(DatasetSummary.ImbalanceWarnings(cut), w => w.StartsWith("train: class imbalance, 'daisy' has 80 images and 'tulips' 8") && w.Contains(DatasetSummary.ClassWeightsHint));
        Assert.Throws<ArgumentException>(() => plants.WithFewer("tulip", 0.1));
    }
}
