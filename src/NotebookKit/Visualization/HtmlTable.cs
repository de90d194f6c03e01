using System.Net;
using System.Text;

namespace NotebookKit.Visualization;

/// <summary>A small, self-styled HTML table (inline CSS, so it looks the same in any notebook front end or page).</summary>
sealed class HtmlTable
{
    const string Cell = "padding:2px 8px;border-bottom:1px solid #ddd";
    readonly StringBuilder sb = new();

    public HtmlTable(params string[] headers)
    {
        sb.Append("<table class=\"nbk-table\" style=\"border-collapse:collapse;font:12px sans-serif\"><thead><tr>");
        foreach (var (h, i) in headers.Select((h, i) => (h, i)))
            sb.Append($"<th style=\"{Cell};text-align:{(i == 0 ? "left" : "right")}\">").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
    }

    /// <summary>A row; the first cell is left-aligned (a name), the rest right-aligned (numbers). Cells are HTML-encoded.</summary>
    public HtmlTable Row(params string[] cells) => Row(bold: false, cells);

    public HtmlTable Row(bool bold, params string[] cells)
    {
        sb.Append(bold ? "<tr style=\"font-weight:bold\">" : "<tr>");
        foreach (var (c, i) in cells.Select((c, i) => (c, i)))
            sb.Append($"<td style=\"{Cell};text-align:{(i == 0 ? "left" : "right")}\">").Append(WebUtility.HtmlEncode(c)).Append("</td>");
        sb.Append("</tr>");
        return this;
    }

    public override string ToString() => sb.ToString() + "</tbody></table>";
}
