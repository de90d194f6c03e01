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
        Assert.All(runs, r => Assert.InRange(r.ValAccuracy, 0, 1));
        Assert.Empty(l.History);
        // The learner keeps the chosen run's weights and freezing; the test split is the caller's, once.
        var chosen = ExperimentGrid.Chosen(runs);
        Assert.Equal(FreezeSpec.Parse(chosen.Strategy).FrozenCount(l), l.FrozenCount);
        Assert.False(before.Matches(l.Model));
        Assert.Equal(chosen.ValAccuracy, l.Validate().Accuracy, 6);

        var frame = ExperimentGrid.ToDataFrame(runs);
        Assert.Equal(["strategy", "lr", "schedule", "val_accuracy", "val_loss", "epochs", "seconds"], frame.Columns.Select(c => c.Name));
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
        Assert.Equal(runs[0].ValLoss, runs[1].ValLoss);
        Assert.Same(runs[0], ExperimentGrid.Chosen(runs)); // a tie keeps the earlier run
    }

    [Fact]
    public void WithBestEpochEachRunReportsAndTheLearnerKeepsItsBestValidationEpoch()
    {
        using var l = TinyData.Learner();
        var runs = ExperimentGrid.Run(l, [FreezeSpec.Backbone, FreezeSpec.From("layer4")], [1e-4, 3e-2], [LrSchedule.Constant], epochs: 3, bestEpoch: true);

        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.InRange(r.Epochs, 1, 3));
        var chosen = ExperimentGrid.Chosen(runs);
        Assert.Equal(chosen.ValAccuracy, l.Validate().Accuracy, 6); // the kept epoch's weights, not the last epoch's
        var best = ExperimentGrid.BestPerStrategy(runs);
        Assert.Equal(["backbone", "from:layer4"], best.Select(r => r.Strategy));
        Assert.All(best, b => Assert.Equal(runs.Where(r => r.Strategy == b.Strategy).Max(r => r.ValAccuracy), b.ValAccuracy));
        Assert.Contains(chosen, best);
    }
}
