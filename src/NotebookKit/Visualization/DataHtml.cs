using System.Globalization;
using System.Net;
using NotebookKit.Data;

namespace NotebookKit.Visualization;

/// <summary>Datasets as HTML summary tables: images per class and split.</summary>
public static class DataHtml
{
    /// <summary>One row per class, one column per split (train, val, test when present), with totals.</summary>
    public static string Summary(ImageFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var splits = new[] { folder.Train, folder.Val, folder.Test }.OfType<ImageDataset>().ToArray();
        var title = $"{Path.GetFileName(folder.Root)}: {folder.Classes.Count} classes, {splits.Sum(s => s.Count)} images" +
                    (folder.Skipped.Count > 0 ? $", {folder.Skipped.Count} files skipped" : "");
        return Table(title, folder.Classes, splits);
    }

    public static string Summary(ImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Table($"{dataset.Name}: {dataset.Classes.Count} classes, {dataset.Count} images", dataset.Classes, [dataset]);
    }

    static string Table(string title, IReadOnlyList<string> classes, ImageDataset[] splits)
    {
        var inv = CultureInfo.InvariantCulture;
        var table = new HtmlTable(["class", .. splits.Select(s => s.Name)]);
        var counts = splits.Select(s => s.ClassCounts()).ToArray();
        for (var c = 0; c < classes.Count; c++) table.Row([classes[c], .. counts.Select(k => k[c].ToString(inv))]);
        table.Row(true, ["total", .. splits.Select(s => s.Count.ToString(inv))]);
        return $"<div class=\"nbk-data\"><p style=\"font:13px sans-serif;margin:4px 0\">{WebUtility.HtmlEncode(title)}</p>{table}</div>";
    }
}
