using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public class ExperimentGridTests
{
    [Fact]
    public void GridRunsEveryCombinationFromTheSameStartAndReturnsATable()
    {
        using var l = TinyData.Learner();
        var before = ModelSnapshot.Take(l.Model);
        var runs = ExperimentGrid.Run(l, [FreezeSpec.From("layer4"), FreezeSpec.Backbone], [1e-3], [LrSchedule.Constant], epochs: 1);

        Assert.Equal(2, runs.Count);
        Assert.Equal(["backbone", "from:layer4"], runs.Select(r => r.Strategy)); // most frozen first
        Assert.All(runs, r => Assert.InRange(r.TestAccuracy, 0, 1));
        Assert.True(before.Matches(l.Model));
        Assert.Empty(l.History);

        var frame = ExperimentGrid.ToDataFrame(runs);
        Assert.Equal(["strategy", "lr", "schedule", "val_accuracy", "test_accuracy", "epochs", "seconds"], frame.Columns.Select(c => c.Name));
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal("constant", frame["schedule"][0]);
        before.Dispose();
    }

    [Fact]
    public void IdenticalRunsInAGridGiveIdenticalResults()
    {
        using var l = TinyData.Learner();
        var runs = ExperimentGrid.Run(l, [FreezeSpec.Backbone], [1e-3, 1e-3], [LrSchedule.OneCycle()], epochs: 2);
        Assert.Equal(runs[0].ValAccuracy, runs[1].ValAccuracy);
        Assert.Equal(runs[0].TestAccuracy, runs[1].TestAccuracy);
    }
}
