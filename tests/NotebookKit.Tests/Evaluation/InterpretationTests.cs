using NotebookKit.Evaluation;
using Xunit;

namespace NotebookKit.Tests.Evaluation;

public class InterpretationTests
{
    [Fact]
    public void Most_confused_ranks_off_diagonal_cells()
    {
        // cat→dog twice, dog→cat once, bird→dog once.
        var r = ClassificationReport.Compute(["cat", "dog", "bird"], [0, 0, 0, 1, 1, 2], [1, 1, 0, 0, 1, 1], bootstrapSamples: null);
        Assert.Equal(
            [new ConfusedPair("cat", "dog", 2), new ConfusedPair("dog", "cat", 1), new ConfusedPair("bird", "dog", 1)],
            Interpretation.MostConfused(r));
        Assert.Equal([new ConfusedPair("cat", "dog", 2)], Interpretation.MostConfused(r, minCount: 2));
        Assert.Empty(Interpretation.MostConfused(r, minCount: 3));
    }

    [Fact]
    public void Top_losses_rank_by_cross_entropy_of_true_class()
    {
        float[][] p = [[0.9f, 0.1f], [0.8f, 0.2f], [0.4f, 0.6f]];
        var top = Interpretation.TopLosses(["a.jpg", "b.jpg", "c.jpg"], ["x", "y"], [0, 1, 0], p);
        Assert.Equal(["b.jpg", "c.jpg", "a.jpg"], top.Select(t => t.Id));
        var worst = top[0];
        Assert.Equal(("y", "x"), (worst.True, worst.Predicted));
        Assert.Equal(0.8, worst.Probability, 1e-6);
        Assert.Equal(-Math.Log(0.2), worst.Loss, 1e-6);
        Assert.Equal(2, Interpretation.TopLosses(["a", "b", "c"], ["x", "y"], [0, 1, 0], p, count: 2).Count);
    }

    [Fact]
    public void Top_losses_validates_lengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Interpretation.TopLosses(["a"], ["x", "y"], [0, 1], [[1f, 0f], [0f, 1f]]));
        Assert.Contains("ids", e.Message);
    }
}
