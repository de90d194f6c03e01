using System.Net;
using System.Text;

namespace NotebookKit.Notebooks;

/// <summary>A piece of HTML (a gallery, a table) with a title, that can be shown in a notebook or saved as a page.</summary>
public sealed record HtmlView(string Markup, string Title = "NotebookKit")
{
    /// <summary>What a viewer that shows no HTML displays instead (a chart's summary); null: the title.</summary>
    public string? PlainText { get; init; }

    /// <summary>A static picture (SVG markup) of the view for viewers that render images but no HTML or scripts; null: none.</summary>
    public string? Svg { get; init; }

    /// <summary>A complete UTF-8 page around the markup (plotly.js inlined when the markup draws charts).</summary>
    public string Page()
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<title>").Append(WebUtility.HtmlEncode(Title)).Append("</title>\n");
        if (Markup.Contains("Plotly.newPlot(", StringComparison.Ordinal) && !Markup.Contains("* plotly.js v", StringComparison.Ordinal))
            sb.Append(Visualization.PlotlyScript.Tag).Append('\n');
        return sb.Append("</head>\n<body>\n").Append(Markup).Append("\n</body>\n</html>\n").ToString();
    }

    /// <summary>Writes <see cref="Page"/> to <paramref name="path"/>, creating the folder if needed.</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder) Directory.CreateDirectory(folder);
        File.WriteAllText(path, Page(), new UTF8Encoding(false));
    }

    public override string ToString() => Markup;
}
