using System.Globalization;
using System.Net;
using Microsoft.Data.Analysis;

namespace NotebookKit.Visualization;

/// <summary>
/// A DataFrame as the kit's HTML table: its own columns only (no row-index column), numbers to three significant
/// digits (integers whole), and an empty cell where a value is missing, never "&lt;null&gt;".
/// </summary>
public static class FrameHtml
{
    public static string Table(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var table = new HtmlTable([.. frame.Columns.Select(c => c.Name)]);
        for (long r = 0; r < frame.Rows.Count; r++)
            table.Row([.. frame.Columns.Select(c => Cell(c[r]))]);
        return $"<div class=\"nbk-frame\">{table}</div>";
    }

    /// <summary>One value as shown: three significant digits for fractions, whole numbers as they are, missing as empty.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        float f when float.IsNaN(f) => "",
        double or float or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture) is var x && Math.Abs(x) >= 1000 && x == Math.Round(x)
            ? x.ToString("0", CultureInfo.InvariantCulture)
            : Convert.ToDouble(value, CultureInfo.InvariantCulture).ToString("G3", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
