using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace NotebookKit.Evaluation;

public sealed partial record ClassificationReport
{
    /// <summary>A plain-text table laid out like scikit-learn's classification_report, followed by accuracy with its interval and the probability metrics.</summary>
    /// <param name="digits">Decimals of the ratios.</param>
    public string ToText(int digits = 2)
    {
        var inv = CultureInfo.InvariantCulture;
        string fmt = "F" + digits;
        int nameWidth = Math.Max("weighted avg".Length, Classes.Max(c => c.Length));
        int col = Math.Max(digits + 2, "f1-score".Length) + 2;
        bool withCi = PerClass.Any(m => m.F1Interval is not null);
        string Num(double v) => v.ToString(fmt, inv).PadLeft(col);
        string Ci(ConfidenceInterval? ci) => ci is null ? "" : $"  [{ci.Low.ToString(fmt, inv)}, {ci.High.ToString(fmt, inv)}]";

        var sb = new StringBuilder();
        sb.Append(new string(' ', nameWidth))
          .Append("precision".PadLeft(col)).Append("recall".PadLeft(col)).Append("f1-score".PadLeft(col)).Append("support".PadLeft(col));
        if (withCi) sb.Append("  f1 95% CI");
        sb.AppendLine().AppendLine();
        foreach (var m in PerClass)
            sb.Append(m.Name.PadLeft(nameWidth)).Append(Num(m.Precision)).Append(Num(m.Recall)).Append(Num(m.F1))
              .Append(m.Support.ToString(inv).PadLeft(col)).AppendLine(Ci(m.F1Interval));
        sb.AppendLine();
        sb.Append("accuracy".PadLeft(nameWidth)).Append(new string(' ', 2 * col)).Append(Num(Accuracy))
          .AppendLine(SampleCount.ToString(inv).PadLeft(col));
        foreach (var (label, avg) in new[] { ("macro avg", MacroAverage), ("weighted avg", WeightedAverage) })
            sb.Append(label.PadLeft(nameWidth)).Append(Num(avg.Precision)).Append(Num(avg.Recall)).Append(Num(avg.F1))
              .AppendLine(avg.Support.ToString(inv).PadLeft(col));

        sb.AppendLine();
        sb.Append(inv, $"accuracy {Accuracy.ToString("F3", inv)}");
        if (AccuracyInterval is { } ai)
            sb.Append(inv, $", {ai.Level * 100:0}% CI [{ai.Low.ToString("F3", inv)}, {ai.High.ToString("F3", inv)}] (Wilson)");
        sb.AppendLine();
        if (TopKAccuracy is not null)
            foreach (var (k, value) in TopKAccuracy) sb.AppendLine(inv, $"top-{k} accuracy {value.ToString("F3", inv)}");
        if (LogLoss is { } loss) sb.AppendLine(inv, $"log loss {loss.ToString("F4", inv)}");
        if (Roc is not null && PrecisionRecall is not null)
            sb.AppendLine(inv, $"ROC AUC {Roc.Auc.ToString("F3", inv)}, average precision {PrecisionRecall.AveragePrecision.ToString("F3", inv)} (positive class: {Classes[1]})");
        return sb.ToString();
    }

    public override string ToString() => ToText();

    /// <summary>One row per class: class, precision, recall, f1, support, f1_ci_low, f1_ci_high (the interval columns are null without bootstrap).</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("class", PerClass.Select(m => m.Name)),
        new DoubleDataFrameColumn("precision", PerClass.Select(m => m.Precision)),
        new DoubleDataFrameColumn("recall", PerClass.Select(m => m.Recall)),
        new DoubleDataFrameColumn("f1", PerClass.Select(m => m.F1)),
        new Int32DataFrameColumn("support", PerClass.Select(m => m.Support)),
        new DoubleDataFrameColumn("f1_ci_low", PerClass.Select(m => m.F1Interval?.Low)),
        new DoubleDataFrameColumn("f1_ci_high", PerClass.Select(m => m.F1Interval?.High)));
}
