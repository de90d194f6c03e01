using System.Globalization;
using System.Net;
using NotebookKit.Evaluation;

namespace NotebookKit.Visualization;

/// <summary>Evaluation results as HTML tables, for notebooks and reports.</summary>
public static class EvaluationHtml
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Per-class precision/recall/F1/support (with the F1 interval when bootstrapped), averages, and an accuracy line with its interval.</summary>
    public static string Report(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var withCi = report.PerClass.Any(m => m.F1Interval is not null);
        string[] headers = withCi ? ["class", "precision", "recall", "f1", "f1 95% CI", "support"] : ["class", "precision", "recall", "f1", "support"];
        var table = new HtmlTable(headers);
        foreach (var m in report.PerClass)
        {
            string[] cells = [m.Name, F(m.Precision), F(m.Recall), F(m.F1)];
            table.Row(withCi ? [.. cells, Ci(m.F1Interval), N(m.Support)] : [.. cells, N(m.Support)]);
        }
        foreach (var (label, avg) in new[] { ("macro avg", report.MacroAverage), ("weighted avg", report.WeightedAverage) })
        {
            string[] cells = [label, F(avg.Precision), F(avg.Recall), F(avg.F1)];
            table.Row(true, withCi ? [.. cells, "", N(avg.Support)] : [.. cells, N(avg.Support)]);
        }
        return $"<div class=\"nbk-report\"><p style=\"font:13px sans-serif;margin:4px 0\">{WebUtility.HtmlEncode(AccuracyLine(report))}</p>{table}</div>";
    }

    /// <summary>"accuracy 0.965 (95% Wilson CI 0.935–0.985) on 200 samples · log loss … · ROC AUC …".</summary>
    public static string AccuracyLine(ClassificationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var parts = new List<string>();
        var accuracy = $"accuracy {report.Accuracy.ToString("0.000", Inv)}";
        if (report.AccuracyInterval is { } ci)
            accuracy += string.Create(Inv, $" ({ci.Level * 100:0}% Wilson CI {ci.Low:0.000}–{ci.High:0.000})");
        parts.Add(accuracy + $" on {report.SampleCount} samples");
        if (report.TopKAccuracy is not null)
            parts.AddRange(report.TopKAccuracy.Select(kv => string.Create(Inv, $"top-{kv.Key} {kv.Value:0.000}")));
        if (report.LogLoss is { } loss) parts.Add(string.Create(Inv, $"log loss {loss:0.0000}"));
        if (report.Roc is { } roc) parts.Add(string.Create(Inv, $"ROC AUC {roc.Auc:0.000}"));
        return string.Join(" · ", parts);
    }

    /// <summary>The most-confused pairs (true → predicted, count), as from <see cref="Interpretation.MostConfused"/>.</summary>
    public static string MostConfused(IEnumerable<ConfusedPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var table = new HtmlTable("true", "predicted as", "count");
        foreach (var p in pairs) table.Row(p.True, p.Predicted, N(p.Count));
        return table.ToString();
    }

    static string F(double v) => v.ToString("0.000", Inv);
    static string N(int v) => v.ToString(Inv);
    static string Ci(ConfidenceInterval? ci) => ci is null ? "" : string.Create(Inv, $"{ci.Low:0.000}–{ci.High:0.000}");
}
