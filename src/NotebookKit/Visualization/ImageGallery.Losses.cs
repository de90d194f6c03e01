using System.Globalization;
using NotebookKit.Evaluation;

namespace NotebookKit.Visualization;

public static partial class ImageGallery
{
    /// <summary>
    /// Top-loss (or misclassified) pictures captioned "true → predicted, p, loss" and where the file is (its last two
    /// folders, e.g. split/class/, because file names repeat across splits); wrong predictions get a red border.
    /// The sample ids must be image paths (as in <c>PredictionSet.TopLosses()</c>).
    /// </summary>
    public static string Losses(IEnumerable<SampleLoss> losses, int thumbnail = 128, int columns = 6, string? title = "Top losses")
    {
        ArgumentNullException.ThrowIfNull(losses);
        return Html(losses.Select(l => new GalleryItem(l.Id, Caption(l), l.True != l.Predicted)), thumbnail, columns, title);
    }

    static string Caption(SampleLoss l) => string.Create(CultureInfo.InvariantCulture,
        $"{l.True} → {l.Predicted} · p {l.Probability:0.00} · loss {l.Loss:0.00} · {ShortPath(l.Id)}");

    static string ShortPath(string path) =>
        string.Join('/', path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries).TakeLast(3));
}
