using System.Globalization;
using NotebookKit.Evaluation;

namespace NotebookKit.Visualization;

public static partial class ImageGallery
{
    /// <summary>
    /// Suspected label errors captioned "filed under → looks like, p" and where the file is, each outlined: photos for
    /// a person to check, in the order given (least confident in its label first). The ids must be image paths.
    /// </summary>
    public static string LabelIssues(IEnumerable<LabelIssue> issues, int thumbnail = 128, int columns = 6, string? title = "Suspected label errors")
    {
        ArgumentNullException.ThrowIfNull(issues);
        return Html(issues.Select(i => new GalleryItem(i.Id, string.Create(CultureInfo.InvariantCulture,
            $"filed under {i.Given} · looks like {i.Suggested} ({i.SuggestedProbability:0.00}) · {ShortPath(i.Id)}"), Highlight: true)),
            thumbnail, columns, title);
    }
}
