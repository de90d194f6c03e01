using NotebookKit.Evaluation;
using Xunit;

namespace NotebookKit.Tests.Evaluation;

public class BootstrapTests
{
    /// <summary>300 samples over 3 classes, about 80% predicted right, from a fixed seed.</summary>
    private static (int[] YTrue, int[] YPred) Noisy()
    {
        var random = new Random(7);
        var yTrue = Enumerable.Range(0, 300).Select(i => i % 3).ToArray();
        var yPred = yTrue.Select(y => random.NextDouble() < 0.8 ? y : (y + 1 + random.Next(2)) % 3).ToArray();
        return (yTrue, yPred);
    }

    private static readonly string[] Classes = ["a", "b", "c"];

    [Fact]
    public void Same_seed_gives_identical_intervals()
    {
        var (t, p) = Noisy();
        var first = ClassificationReport.Compute(Classes, t, p, bootstrapSamples: 500, seed: 3);
        var second = ClassificationReport.Compute(Classes, t, p, bootstrapSamples: 500, seed: 3);
        Assert.Equal(first.AccuracyInterval, second.AccuracyInterval);
        Assert.Equal(first.PerClass.Select(m => m.F1Interval), second.PerClass.Select(m => m.F1Interval));
    }

    [Fact]
    public void Different_seed_gives_different_f1_intervals_but_the_same_accuracy_interval()
    {
        var (t, p) = Noisy();
        var a = ClassificationReport.Compute(Classes, t, p, bootstrapSamples: 500, seed: 1);
        var b = ClassificationReport.Compute(Classes, t, p, bootstrapSamples: 500, seed: 2);
        Assert.NotEqual(a.PerClass.Select(m => m.F1Interval), b.PerClass.Select(m => m.F1Interval));
        Assert.Equal(a.AccuracyInterval, b.AccuracyInterval); // Wilson: no resampling
    }

    [Theory]
    [InlineData(20, 20, 0.839, 1.000)]
    [InlineData(0, 20, 0.000, 0.161)]
    [InlineData(195, 200, 0.943, 0.989)]
    public void Wilson_interval_matches_published_values_and_never_collapses(int correct, int n, double low, double high)
    {
        var ci = Wilson.Interval(correct, n);
        Assert.Equal(low, ci.Low, 3);
        Assert.Equal(high, ci.High, 3);
        Assert.True(ci.High - ci.Low > 0.01);
    }

    [Fact]
    public void Intervals_contain_the_point_estimate_and_have_plausible_width()
    {
        var (t, p) = Noisy();
        var r = ClassificationReport.Compute(Classes, t, p, bootstrapSamples: 1000);
        var acc = r.AccuracyInterval!;
        Assert.True(acc.Contains(r.Accuracy), $"{acc} should contain {r.Accuracy}");
        // Normal approximation: ±1.96·sqrt(0.8·0.2/300) ≈ ±0.045, so the width is near 0.09.
        Assert.InRange(acc.High - acc.Low, 0.06, 0.12);
        Assert.Equal(0.95, acc.Level);
        Assert.Equal(1000, r.BootstrapSamples);
        Assert.All(r.PerClass, m =>
        {
            Assert.True(m.F1Interval!.Contains(m.F1), $"{m.Name}: {m.F1Interval} should contain {m.F1}");
            Assert.True(m.F1Interval.High - m.F1Interval.Low > 0.02);
        });
    }

    [Fact]
    public void Percentile_interpolates_linearly_like_numpy()
    {
        Assert.Equal(2.0, Bootstrap.Percentile([5, 1, 4, 2, 3], 0.25), 12);
        Assert.Equal(1.1, Bootstrap.Percentile([1, 2, 3, 4, 5], 0.025), 12);
        Assert.Equal(4.9, Bootstrap.Percentile([1, 2, 3, 4, 5], 0.975), 12);
    }
}
