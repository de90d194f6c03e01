using System.Globalization;
using NotebookKit.Evaluation;
using Plotly.NET;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace NotebookKit.Visualization;

/// <summary>Charts of a <see cref="ClassificationReport"/>: confusion matrix, per-class metrics, binary ROC and PR curves.</summary>
public static class EvaluationCharts
{
    // White to mid blue (matplotlib "Blues" range, stopped early so the black cell annotations stay legible).
    private static readonly StyleParam.Colorscale WhiteToBlue = StyleParam.Colorscale.NewCustom(
        [Tuple.Create(0.0, Color.fromString("#f7fbff")), Tuple.Create(1.0, Color.fromString("#4292c6"))]);

    /// <summary>Confusion-matrix heat map of a report; see <see cref="ConfusionMatrix(IReadOnlyList{string}, int[][], string?)"/>.</summary>
    public static GenericChart ConfusionMatrix(ClassificationReport report, string? title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(report);
        return ConfusionMatrix(report.Classes, report.ConfusionMatrix, title);
    }

    /// <summary>
    /// Heat map coloured by the row-normalised matrix (so small classes are as visible as large ones), each cell
    /// annotated with its count and row percentage. True class on the y axis (first class at the top), predicted on x.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square in the number of classes.</exception>
    public static GenericChart ConfusionMatrix(IReadOnlyList<string> classes, int[][] counts, string? title = "Confusion matrix")
    {
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(counts);
        if (counts.Length != classes.Count || counts.Any(row => row is null || row.Length != classes.Count))
            throw new ArgumentException($"counts must be {classes.Count}×{classes.Count} to match classes.", nameof(counts));

        var normalized = counts.Select(row =>
        {
            double support = row.Sum();
            return row.Select(c => support == 0 ? 0 : c / support).ToArray();
        }).ToArray();
        var text = counts.Select((row, r) => row.Select((c, p) =>
            string.Create(CultureInfo.InvariantCulture, $"{c}<br>({normalized[r][p]:0%})")).ToArray()).ToArray();

        return CSharpChart.AnnotatedHeatmap<double, string, string, string>(
                normalized, text, X: classes.ToArray(), Y: classes.ToArray(), ReverseYAxis: true,
                ColorScale: WhiteToBlue, ShowScale: true)
            .AxisTitles("predicted", "true")
            .Titled(title);
    }

    /// <summary>Precision, recall and F1 per class as grouped bars on a 0–1 axis.</summary>
    public static GenericChart PerClassMetrics(ClassificationReport report, string? title = "Per-class metrics")
    {
        ArgumentNullException.ThrowIfNull(report);
        var names = report.PerClass.Select(m => m.Name).ToArray();
        GenericChart Bars(string metric, Func<ClassMetrics, double> value) =>
            CSharpChart.Column<double, string, string>(report.PerClass.Select(value), Keys: names, Name: metric);
        return CSharpChart.Combine([
                Bars("precision", m => m.Precision),
                Bars("recall", m => m.Recall),
                Bars("f1", m => m.F1),
            ])
            .WithLayoutValue("barmode", "group")
            .AxisTitles("class", "score")
            .Titled(title);
    }

    /// <summary>ROC curve with the chance diagonal for reference; the legend carries the AUC.</summary>
    public static GenericChart Roc(RocCurve roc, string? title = "ROC curve")
    {
        ArgumentNullException.ThrowIfNull(roc);
        return CSharpChart.Combine([
                CSharpChart.Line<double, double, string>(roc.FalsePositiveRate, roc.TruePositiveRate, ShowMarkers: true,
                    Name: string.Create(CultureInfo.InvariantCulture, $"ROC (AUC {roc.Auc:0.000})")),
                CSharpChart.Line<double, double, string>([0.0, 1.0], [0.0, 1.0], Name: "chance",
                    LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("gray")),
            ])
            .AxisTitles("false positive rate", "true positive rate")
            .Titled(title);
    }

    /// <summary>Precision against recall; the legend carries the average precision.</summary>
    public static GenericChart PrecisionRecall(PrecisionRecallCurve curve, string? title = "Precision-recall curve")
    {
        ArgumentNullException.ThrowIfNull(curve);
        return CSharpChart.Line<double, double, string>(curve.Recall, curve.Precision, ShowMarkers: true,
                Name: string.Create(CultureInfo.InvariantCulture, $"PR (AP {curve.AveragePrecision:0.000})"))
            .AxisTitles("recall", "precision")
            .Titled(title);
    }
}
