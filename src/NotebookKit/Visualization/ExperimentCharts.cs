using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NotebookKit.Visualization;

/// <summary>Charts comparing several runs.</summary>
public static class ExperimentCharts
{
    /// <summary>
    /// Heat map of one metric over a grid of runs, e.g. rows = backbones, columns = learning rates,
    /// value = validation accuracy; each cell is annotated with the value in <paramref name="format"/>.
    /// NaN marks a missing run; plotly.js draws no colour for it and the annotation is left empty.
    /// </summary>
    /// <exception cref="ArgumentException">values is not rows × columns.</exception>
    public static GenericChart Grid(
        IReadOnlyList<string> rows,
        IReadOnlyList<string> columns,
        double[][] values,
        string valueName = "validation accuracy",
        string format = "0.000",
        string? title = "Experiment grid")
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != rows.Count || values.Any(r => r is null || r.Length != columns.Count))
            throw new ArgumentException($"values must be {rows.Count} rows × {columns.Count} columns.", nameof(values));

        var text = values.Select(r => r.Select(v => double.IsNaN(v) ? "" : v.ToString(format, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        return CSharpChart.AnnotatedHeatmap<double, string, string, string>(
                values, text, Name: valueName, X: columns.ToArray(), Y: rows.ToArray(), ReverseYAxis: true,
                ColorScale: StyleParam.Colorscale.Viridis, ShowScale: true)
            .Titled(title);
    }
}
