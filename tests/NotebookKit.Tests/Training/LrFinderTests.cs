using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)]
public class LrFinderTests
{
    [Fact]
    public void FinderRestoresWeightsBatchNormStatisticsAndOptimizerState()
    {
        // fastai's train_bn: BatchNorm layers of the frozen backbone train, so the sweep moves running statistics in every group.
        using var l = TinyData.Learner(options: new LearnerOptions { TrainFrozenBatchNorm = true });
        l.Freeze();
        l.Fit(1, 1e-3); // Adam now has moments and step counts worth restoring
        using var before = ModelSnapshot.Take(l.Model);
        var dir = Directory.CreateTempSubdirectory("nk-lrfind");
        try
        {
            l.SaveCheckpoint(Path.Combine(dir.FullName, "before.ckpt"));
            var result = l.FindLr(new LrFinderOptions(Steps: 8));
            Assert.True(before.Matches(l.Model));
            l.SaveCheckpoint(Path.Combine(dir.FullName, "after.ckpt"));
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir.FullName, "before.ckpt")), File.ReadAllBytes(Path.Combine(dir.FullName, "after.ckpt")));
            Assert.InRange(result.LearningRates.Length, 2, 8);
            Assert.Equal(1e-7, result.LearningRates[0], 15);
            Assert.Equal(result.Valley, result.Suggestion);
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void FinderOnAFreshLearnerLeavesNoOptimizer()
    {
        using var l = TinyData.Learner();
        l.Freeze();
        var result = l.FindLr(new LrFinderOptions(Steps: 6, EndLr: 1));
        Assert.Empty(l.ParameterGroups);
        Assert.Equal(0, l.Iteration);
        // 6 steps from 1e-7 to 1: ×10^(7/5) each
        if (!result.Diverged) Assert.Equal(1.0, result.LearningRates[^1], 12);
    }

    [Fact]
    public void SuggestionsFollowFastaiRules()
    {
        double[] losses = [5, 4, 3, 2.5, 1, 0.5, 0.4, 3, 8];
        double[] lrs = [.. Enumerable.Range(0, losses.Length).Select(i => Math.Pow(10, i - 7))];
        // longest descent runs 0…6 (length 7): start = 6 − 7 = −1, sections = 7/3 → −1 + 2 + 1 = 2
        Assert.Equal(2, LrSuggestions.Valley(losses));
        Assert.Equal(3, LrSuggestions.Steepest(lrs, losses)); // 2.5 → 1 is the largest drop per decade
    }
}
