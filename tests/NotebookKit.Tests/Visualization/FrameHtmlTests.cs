using System.Text.RegularExpressions;
using Microsoft.Data.Analysis;
using NotebookKit.Visualization;

namespace NotebookKit.Tests.Visualization;

public class FrameHtmlTests
{
    [Fact]
    public void A_frame_shows_its_columns_only_three_significant_digits_and_blanks_for_missing_values()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("strategy", ["backbone", "from:layer4"]),
            new DoubleDataFrameColumn("val_accuracy", [0.6666666666666666, 0.3]),
            new DoubleDataFrameColumn("lr", [null, 0.00123456]),
            new Int64DataFrameColumn("params", [13114368, 2565]));
        var html = FrameHtml.Table(frame);

        Assert.Equal(["strategy", "val_accuracy", "lr", "params"], Regex.Matches(html, "<th[^>]*>([^<]*)</th>").Select(m => m.Groups[1].Value));
        Assert.Equal(["backbone", "0.667", "", "13114368", "from:layer4", "0.3", "0.00123", "2565"],
            Regex.Matches(html, "<td[^>]*>([^<]*)</td>").Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("null", html);
        Assert.DoesNotContain("index", html);
    }

    [Fact]
    public void Cells_keep_large_whole_numbers_whole_and_blank_out_NaN()
    {
        Assert.Equal("159", FrameHtml.Cell(159.0));
        Assert.Equal("15.7", FrameHtml.Cell(15.7116678));
        Assert.Equal("12000", FrameHtml.Cell(12000.0));
        Assert.Equal("", FrameHtml.Cell(double.NaN));
        Assert.Equal("", FrameHtml.Cell(null));
    }
}
