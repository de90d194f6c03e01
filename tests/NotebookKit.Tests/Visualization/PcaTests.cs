using NotebookKit.Visualization;
using Xunit;

namespace NotebookKit.Tests.Visualization;

public class PcaTests
{
    /// <summary>Points spread ±3 along the known axis u = (1, 2, 2)/3, with noise of 0.3 elsewhere, centred at (5, −2, 1).</summary>
    internal static (float[][] Data, double[] Axis) Elongated(int n, int seed = 11)
    {
        double[] u = [1 / 3.0, 2 / 3.0, 2 / 3.0];
        double[] centre = [5, -2, 1];
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var data = Enumerable.Range(0, n).Select(_ =>
        {
            double t = 3 * Normal();
            return Enumerable.Range(0, 3).Select(j => (float)(centre[j] + t * u[j] + 0.3 * Normal())).ToArray();
        }).ToArray();
        return (data, u);
    }

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    [Fact]
    public void First_component_recovers_the_known_principal_axis()
    {
        var (data, u) = Elongated(500);
        var pca = Pca.Fit(data);
        Assert.True(Math.Abs(Dot(pca.Components[0], u)) > 0.999, $"cos = {Dot(pca.Components[0], u)}");
        Assert.Equal([5, -2, 1], pca.Mean.Select(m => Math.Round(m)).ToArray());
        Assert.InRange(pca.ExplainedVariance[0], 7.5, 10.5); // 3² plus noise 0.3²
        Assert.InRange(pca.ExplainedVariance[1], 0.05, 0.15);
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.97);
    }

    [Fact]
    public void Components_are_orthonormal_and_sign_fixed()
    {
        var (data, _) = Elongated(300);
        var pca = Pca.Fit(data, 3);
        for (int a = 0; a < 3; a++)
        {
            Assert.Equal(1, Dot(pca.Components[a], pca.Components[a]), 9);
            Assert.True(pca.Components[a].MaxBy(Math.Abs) > 0);
            for (int b = a + 1; b < 3; b++) Assert.Equal(0, Dot(pca.Components[a], pca.Components[b]), 9);
        }
        Assert.Equal(1, pca.ExplainedVarianceRatio.Sum(), 6);
        Assert.True(pca.ExplainedVariance[0] >= pca.ExplainedVariance[1] && pca.ExplainedVariance[1] >= pca.ExplainedVariance[2]);
    }

    [Fact]
    public void Anti_diagonal_axis_with_equal_marginal_variances_is_found()
    {
        // Both coordinates have the same variance, so only the covariance tells the axis: (1, −1)/√2.
        // The ±0.1 wobble along (1, 1) is uncorrelated with i, so that axis is exact.
        float[][] data = Enumerable.Range(-10, 21).Select(i => (i, s: i % 2 == 0 ? 0.1f : -0.1f)).Select(p => new[] { p.i + p.s, -p.i + p.s }).ToArray();
        var axis = Pca.Fit(data, 1).Components[0];
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(axis[0]), 6);
        Assert.True(axis[0] * axis[1] < 0);
    }

    [Fact]
    public void Fit_is_deterministic_and_transform_projects_centred_rows()
    {
        var (data, _) = Elongated(100);
        var a = Pca.Fit(data);
        var b = Pca.Fit(data);
        Assert.Equal(a.Components[0], b.Components[0]);
        Assert.Equal(a.Components[1], b.Components[1]);

        var projected = a.Transform(data);
        Assert.All(projected, row => Assert.Equal(2, row.Length));
        Assert.Equal(0, projected.Average(r => r[0]), 4);
        double variance = projected.Sum(r => r[0] * r[0]) / (data.Length - 1);
        Assert.Equal(a.ExplainedVariance[0], variance, 4);
        Assert.Equal(projected[7], Pca.FitTransform(data)[7]);
    }

    [Fact]
    public void Invalid_input_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f]]));
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f], [1f]]));
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f], [3f, float.NaN]]));
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f], [3f, 4f]], components: 3));
        Assert.Throws<ArgumentException>(() => Pca.Fit([[1f, 2f], [3f, 4f]]).Transform([[1f]]));
    }
}
