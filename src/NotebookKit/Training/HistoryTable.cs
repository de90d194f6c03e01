using Microsoft.Data.Analysis;

namespace NotebookKit.Training;

/// <summary>Training history as a Microsoft.Data.Analysis DataFrame, one row per epoch (for notebooks and charts).</summary>
public static class HistoryTable
{
    public static DataFrame ToDataFrame(IEnumerable<EpochRecord> history)
    {
        var rows = history.ToList();
        return new DataFrame(
            new Int32DataFrameColumn("epoch", rows.Select(r => r.Epoch)),
            new StringDataFrameColumn("stage", rows.Select(r => r.Stage ?? "")),
            new DoubleDataFrameColumn("train_loss", rows.Select(r => r.TrainLoss)),
            new DoubleDataFrameColumn("train_accuracy", rows.Select(r => r.TrainAccuracy)),
            new DoubleDataFrameColumn("val_loss", rows.Select(r => r.ValLoss)),
            new DoubleDataFrameColumn("val_accuracy", rows.Select(r => r.ValAccuracy)),
            new DoubleDataFrameColumn("lr", rows.Select(r => r.LearningRates is { Count: > 0 } lr ? lr[^1] : double.NaN)),
            new DoubleDataFrameColumn("seconds", rows.Select(r => r.Seconds)));
    }
}
