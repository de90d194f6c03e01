using System.Globalization;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NotebookKit.Visualization;

/// <summary>Scatter plots of embeddings (e.g. penultimate-layer features), one colour per class.</summary>
public static class FeatureCharts
{
    /// <summary>2-D points coloured by label: one trace per distinct label, in order of first appearance.</summary>
    /// <param name="points">One [x, y] pair per sample.</param>
    /// <param name="labels">One label per sample.</param>
    /// <exception cref="ArgumentException">Lengths differ or a point is not 2-D.</exception>
    public static GenericChart Scatter(
        double[][] points, IReadOnlyList<string> labels, string? title = "Feature space", string xTitle = "x", string yTitle = "y")
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        if (points.Length != labels.Count)
            throw new ArgumentException($"labels has length {labels.Count} but points has length {points.Length}.", nameof(labels));
        for (int i = 0; i < points.Length; i++)
            if (points[i] is not { Length: 2 }) throw new ArgumentException($"points[{i}] is not an [x, y] pair.", nameof(points));

        var traces = labels.Distinct().Select(label =>
        {
            var members = Enumerable.Range(0, points.Length).Where(i => labels[i] == label).ToArray();
            return CSharpChart.Point<double, double, string>(members.Select(i => points[i][0]), members.Select(i => points[i][1]), Name: label);
        });
        return CSharpChart.Combine(traces).AxisTitles(xTitle, yTitle).Titled(title);
    }

    /// <summary>Projects features onto their first two principal components and scatters them; axis titles show the variance share.</summary>
    public static GenericChart PcaScatter(float[][] features, IReadOnlyList<string> labels, string? title = "Feature space (PCA)")
    {
        var pca = Pca.Fit(features, 2);
        string Axis(int k) => string.Create(CultureInfo.InvariantCulture, $"PC{k + 1} ({pca.ExplainedVarianceRatio[k]:0.0%})");
        return Scatter(pca.Transform(features), labels, title, Axis(0), Axis(1));
    }
}
