using System.Globalization;
using NotebookKit.Evaluation;

namespace NotebookKit.Visualization;

public static partial class ImageGallery
{
    /// <summary>
    /// Suspected label errors captioned "filed under → looks like, p" and where the file is, each outlined: photos for
    /// a person to check, in the order given (least confident in its label first). The ids must be image paths.
    /// With <paramref name="max"/>, only the first <paramref name="max"/> are drawn and the title says how many there are.
    /// </summary>
    public static string LabelIssues(IEnumerable<LabelIssue> issues, int thumbnail = 128, int columns = 6, string? title = "Suspected label errors", int? max = null)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var all = issues.ToList();
        var shown = max is { } m ? all.Take(m).ToList() : all;
        if (title is not null && shown.Count < all.Count) title += $" ({shown.Count} of {all.Count} shown, the least confident in their label first)";
        return Html(shown.Select(i => new GalleryItem(i.Id, string.Create(CultureInfo.InvariantCulture,
            $"filed under {i.Given} · looks like {i.Suggested} ({i.SuggestedProbability:0.00}) · {ShortPath(i.Id)}"), Highlight: true)),
            thumbnail, columns, title);
    }

    /// <summary>
    /// The label check of out-of-fold predictions in one block, in reading order: their accuracy, each class's bar (a
    /// photo is suspect when another class reaches its bar), a warning when the accuracy is below
    /// <paramref name="minAccuracy"/> (a weak model's suspects are mostly its own mistakes), then at most
    /// <paramref name="max"/> suspects, the least confident in their label first.
    /// </summary>
    public static string LabelCheck(PredictionSet outOfFold, int max = 12, double minAccuracy = 0.7, int thumbnail = 128, int columns = 6)
    {
        ArgumentNullException.ThrowIfNull(outOfFold);
        var issues = outOfFold.LabelIssues();
        var inv = CultureInfo.InvariantCulture;
        var head = string.Create(inv, $"Out-of-fold accuracy {100 * outOfFold.Accuracy:0.0}% on {outOfFold.Paths.Length} photos; ") +
                   $"a photo is suspect when another class reaches its bar: {outOfFold.LabelThresholds()}. {issues.Count} suspect(s).";
        var sb = new System.Text.StringBuilder("<div class=\"nbk-label-check\" style=\"font:12px sans-serif\">");
        sb.Append("<p style=\"margin:4px 0\">").Append(System.Net.WebUtility.HtmlEncode(head)).Append("</p>");
        if (outOfFold.Accuracy < minAccuracy)
            sb.Append("<p style=\"margin:4px 0;color:#b00020;font-weight:bold\">").Append(System.Net.WebUtility.HtmlEncode(string.Create(inv,
                $"⚠ Out-of-fold accuracy {100 * outOfFold.Accuracy:0.0}% is below {100 * minAccuracy:0}%: the model is too weak here for its suspects to mean anything — most are its own mistakes, not wrong labels."))).Append("</p>");
        return sb.Append(LabelIssues(issues, thumbnail, columns, max: max)).Append("</div>").ToString();
    }
}
