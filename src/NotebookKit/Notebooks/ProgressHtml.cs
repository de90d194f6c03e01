using System.Globalization;
using System.Net;
using NotebookKit.Visualization;

namespace NotebookKit.Notebooks;

/// <summary>
/// The HTML of <see cref="NotebookProgress"/>: a live frame (class <c>nbk-progress</c>) and a fit's final state
/// (class <c>nbk-summary</c>); a saved notebook should hold only the latter.
/// </summary>
static class ProgressHtml
{
    public const string LiveClass = "nbk-progress";
    public const string FinalClass = "nbk-summary";

    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Live(string stage, int done, int total, TimeSpan elapsed, IReadOnlyList<EpochRecord> history)
    {
        var max = Math.Max(total, 1);
        var line = $"{stage} {done}/{total} · {Seconds(elapsed)}";
        if (history.Count > 0) line += " · " + EpochLine(history[^1]);
        return $"<div class=\"{LiveClass}\" style=\"font:12px sans-serif\">" +
               string.Create(Inv, $"<progress value=\"{Math.Clamp(done, 0, max)}\" max=\"{max}\" style=\"width:360px\"></progress>") +
               $"<div>{WebUtility.HtmlEncode(line)}</div>{HistorySvg.LossAndAccuracy(history)}</div>";
    }

    /// <summary>A fit's final state: its result line, then curves and the per-epoch table when it finished an epoch.</summary>
    public static string Summary(IReadOnlyList<EpochRecord> history, TimeSpan elapsed, string? failure = null) =>
        $"<div class=\"{FinalClass}\"><p style=\"font:13px sans-serif;margin:4px 0\">{(failure is null ? "✓" : "✗")} {WebUtility.HtmlEncode(DoneLine(history, elapsed, failure))}</p>" +
        (history.Count > 0 ? HistorySvg.LossAndAccuracy(history, 480, 180) + HistoryHtml.Table(history) : "") + "</div>";

    public static string DoneLine(IReadOnlyList<EpochRecord> history, TimeSpan elapsed, string? failure = null)
    {
        var text = $"{(failure is null ? "done" : $"stopped ({failure})")}: {history.Count} epoch{(history.Count == 1 ? "" : "s")} in {Seconds(elapsed)}";
        if (history.Count == 0) return text;
        var best = history.MaxBy(r => r.ValAccuracy)!;
        return text + string.Create(Inv, $"; best val accuracy {best.ValAccuracy:0.0%} at epoch {best.Epoch}; last: ") + EpochLine(history[^1]);
    }

    public static string EpochLine(EpochRecord r) => string.Create(Inv,
        $"epoch {r.Epoch}: train loss {r.TrainLoss:0.000}, val loss {r.ValLoss:0.000}, val acc {r.ValAccuracy:0.0%}");

    static string Seconds(TimeSpan t) => string.Create(Inv, $"{t.TotalSeconds:0.0} s");
}
