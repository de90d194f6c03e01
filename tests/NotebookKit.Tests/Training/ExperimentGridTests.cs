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

    [Fact]
    public void Each_strategy_is_warmed_up_once_before_its_first_timed_run_and_the_warm_up_is_not_timed()
    {
        using var l = TinyData.Learner();
        var calls = new List<(string Stage, int Frozen)>();
        var now = TimeSpan.Zero; // a fake clock: only the warm-up takes time
        void WarmUp(Learner learner, LearningRates rates, LrSchedule schedule, string stage, CancellationToken ct)
        {
            calls.Add((stage, learner.FrozenCount));
            now += TimeSpan.FromSeconds(100);
        }
        var runs = ExperimentGrid.Run(l, [FreezeSpec.Backbone, FreezeSpec.From("layer4")], [1e-3, 1e-2], [LrSchedule.Constant], 1, 1, null, false,
            WarmUp, () => now, CancellationToken.None);

        Assert.Equal([("backbone", FreezeSpec.Backbone.FrozenCount(l)), ("from:layer4", FreezeSpec.From("layer4").FrozenCount(l))], calls);
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal(0, r.Seconds));
    }

    [Fact]
    public void The_warm_up_changes_no_result()
    {
        IReadOnlyList<GridRun> Grid(bool warmUp)
        {
            using var l = TinyData.Learner();
            return warmUp
                ? ExperimentGrid.Run(l, [FreezeSpec.Backbone, FreezeSpec.From("layer4")], [1e-3], [LrSchedule.OneCycle()], epochs: 2)
                : ExperimentGrid.Run(l, [FreezeSpec.Backbone, FreezeSpec.From("layer4")], [1e-3], [LrSchedule.OneCycle()], 2, 1, null, false,
                    (_, _, _, _, _) => { }, () => TimeSpan.Zero, CancellationToken.None);
        }
        var (warm, cold) = (Grid(true), Grid(false));
        Assert.Equal(cold.Select(r => (r.Strategy, r.ValAccuracy, r.ValLoss)), warm.Select(r => (r.Strategy, r.ValAccuracy, r.ValLoss)));
    }
}
