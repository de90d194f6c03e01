using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using CSharpExtensions = Plotly.NET.CSharp.GenericChartExtensions;

namespace NotebookKit.Visualization;

/// <summary>
/// Small C# wrappers over Plotly.NET's F# layout functions (whose optional arguments C# cannot omit)
/// and over shapes/annotations built as dynamic objects, so the chart builders read plainly.
/// </summary>
internal static class ChartStyle
{
    public static GenericChart Titled(this GenericChart chart, string? title) =>
        title is null ? chart : Chart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);

    /// <summary>Axis titles, and a log type on request; otherwise the type is left to plotly.js so category axes stay categorical.</summary>
    public static GenericChart AxisTitles(this GenericChart chart, string? x, string? y, bool logX = false, bool logY = false)
    {
        static Plotly.NET.CSharp.Optional<StyleParam.AxisType> LogIf(bool log)
        {
            if (log) return StyleParam.AxisType.Log;
            return default;
        }
        chart = CSharpExtensions.WithXAxisStyle<double, double, string>(chart, TitleText: x ?? "", AxisType: LogIf(logX));
        return CSharpExtensions.WithYAxisStyle<double, double, string>(chart, TitleText: y ?? "", AxisType: LogIf(logY));
    }

    public static GenericChart Sized(this GenericChart chart, int width, int height) =>
        CSharpExtensions.WithSize(chart, width, height);

    public static GenericChart WithShapes(this GenericChart chart, IEnumerable<Shape> shapes) =>
        Chart.withShapes(shapes, FSharpOption<bool>.Some(true)).Invoke(chart);

    public static GenericChart WithAnnotations(this GenericChart chart, IEnumerable<Annotation> annotations) =>
        Chart.withAnnotations(annotations, FSharpOption<bool>.Some(true)).Invoke(chart);

    /// <summary>Sets a top-level layout attribute that Plotly.NET's C# surface does not expose (e.g. barmode).</summary>
    public static GenericChart WithLayoutValue(this GenericChart chart, string name, object value)
    {
        var layout = new Layout();
        layout.SetProperty(name, value);
        return GenericChart.addLayout(layout, chart);
    }

    /// <summary>A dashed vertical line at data x spanning the full height of the given subplot.</summary>
    public static Shape VerticalLine(double x, string xAxis = "x", string yAxis = "y")
    {
        var shape = new Shape();
        shape.SetProperty("type", "line");
        shape.SetProperty("xref", xAxis);
        shape.SetProperty("yref", $"{yAxis} domain");
        shape.SetProperty("x0", x);
        shape.SetProperty("x1", x);
        shape.SetProperty("y0", 0);
        shape.SetProperty("y1", 1);
        var line = new Line();
        line.SetProperty("dash", "dash");
        line.SetProperty("color", "rgba(90, 90, 90, 0.8)");
        shape.SetProperty("line", line);
        return shape;
    }

    /// <summary>
    /// Text just inside the top of a subplot, starting at data x (e.g. right of a stage line): inside, so it never
    /// overlaps the subplot's title above it, on a light box so curves behind it stay readable.
    /// </summary>
    public static Annotation TopLabel(string text, double x, string xAxis = "x", string yAxis = "y")
    {
        var annotation = new Annotation();
        annotation.SetProperty("text", text);
        annotation.SetProperty("xref", xAxis);
        annotation.SetProperty("yref", $"{yAxis} domain");
        annotation.SetProperty("x", x);
        annotation.SetProperty("y", 0.99);
        annotation.SetProperty("xanchor", "left");
        annotation.SetProperty("yanchor", "top");
        annotation.SetProperty("bgcolor", "rgba(255, 255, 255, 0.8)");
        annotation.SetProperty("showarrow", false);
        return annotation;
    }
}
