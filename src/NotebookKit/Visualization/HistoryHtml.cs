using System.Globalization;

namespace NotebookKit.Visualization;

/// <summary>Training history as an HTML table, one row per epoch.</summary>
public static class HistoryHtml
{
    public static string Table(IEnumerable<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var rows = history.ToArray();
        var withStage = rows.Any(r => r.Stage is not null);
        var withLr = rows.Any(r => r.LearningRates is { Count: > 0 });
        var headers = new List<string> { "epoch" };
        if (withStage) headers.Add("stage");
        headers.AddRange(["train loss", "val loss", "train acc", "val acc", "seconds"]);
        if (withLr) headers.Add("learning rates");
        var table = new HtmlTable([.. headers]);
        var inv = CultureInfo.InvariantCulture;
        foreach (var r in rows)
        {
            var cells = new List<string> { r.Epoch.ToString(inv) };
            if (withStage) cells.Add(r.Stage ?? "");
            cells.AddRange([r.TrainLoss.ToString("0.0000", inv), r.ValLoss.ToString("0.0000", inv),
                r.TrainAccuracy.ToString("0.0%", inv), r.ValAccuracy.ToString("0.0%", inv), r.Seconds.ToString("0.0", inv)]);
            if (withLr) cells.Add(string.Join(", ", r.LearningRates?.Select(lr => lr.ToString("0.###e0", inv)) ?? []));
            table.Row([.. cells]);
        }
        return table.ToString();
    }
}
