using System.Globalization;
using System.Text;

namespace NotebookKit.Training;

/// <summary>Training history as CSV, one row per epoch (what a spreadsheet or pandas reads).</summary>
public static class HistoryCsv
{
    public static string Format(IEnumerable<EpochRecord> history)
    {
        var sb = new StringBuilder("epoch,stage,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds\n");
        foreach (var e in history)
            sb.AppendLine(string.Join(',', e.Epoch.ToString(CultureInfo.InvariantCulture), e.Stage ?? "",
                F(e.TrainLoss), F(e.TrainAccuracy), F(e.ValLoss), F(e.ValAccuracy), F(e.LearningRates is { Count: > 0 } lr ? lr[^1] : double.NaN), F(e.Seconds)));
        return sb.ToString();
    }

    static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
