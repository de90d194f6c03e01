using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Plotly.NET;

namespace NotebookKit.Visualization;

/// <summary>
/// A static SVG drawing of a chart, made in the kernel from the chart's own figure (traces and layout): lines and
/// markers, bars and heat maps, on one panel per x/y axis pair. Plotly draws with scripts; this picture is what viewers
/// that run none show instead (an untrusted notebook, GitHub's preview), so it favours the data over decoration.
/// </summary>
public static class ChartSvg
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    // Plotly's default trace colours, so the picture matches the live chart.
    static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
    const int Margin = 44, TitleBand = 34, LegendBand = 18;

    public static string Render(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        using var figure = JsonDocument.Parse(GenericChart.toJson(chart));
        var root = figure.RootElement;
        var layout = root.TryGetProperty("layout", out var l) && l.ValueKind == JsonValueKind.Object ? l : default;
        var traces = root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array ? d.EnumerateArray().ToList() : [];
        var width = Math.Clamp(Int(layout, "width") ?? 640, 240, 1000);
        var height = Math.Clamp(Int(layout, "height") ?? 400, 160, 700);

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"nbk-chart-svg\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(Inv, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>");
        if (Title(layout) is { } title) svg.Append(Inv, $"<text x=\"{width / 2}\" y=\"20\" text-anchor=\"middle\" font-size=\"15\">{Esc(title)}</text>");

        var legend = traces.Select((t, i) => (Name: Str(t, "name"), Colour: Colour(t, i), Show: Str(t, "type") is not "heatmap"))
                           .Where(x => x.Name is not null && x.Show).DistinctBy(x => x.Name).ToList();
        var legendX = Margin;
        foreach (var (name, colour, _) in legend)
        {
            svg.Append(Inv, $"<rect x=\"{legendX}\" y=\"{TitleBand - 9}\" width=\"10\" height=\"10\" fill=\"{colour}\"/><text x=\"{legendX + 14}\" y=\"{TitleBand}\">{Esc(name!)}</text>");
            legendX += 24 + 7 * name!.Length;
        }

        var panels = traces.Select((t, i) => (Trace: t, Index: i)).GroupBy(t => (X: Str(t.Trace, "xaxis") ?? "x", Y: Str(t.Trace, "yaxis") ?? "y")).ToList();
        var top = TitleBand + (legend.Count > 0 ? LegendBand : 0);
        for (var p = 0; p < panels.Count; p++)
        {
            var (x0, x1) = Domain(layout, AxisKey("xaxis", panels[p].Key.X), p, panels.Count);
            var (y0, y1) = Domain(layout, AxisKey("yaxis", panels[p].Key.Y), 0, 1);
            var box = new Box(Margin + x0 * (width - 2 * Margin) + (x0 > 0 ? Margin / 2 : 0), top + (1 - y1) * (height - top - Margin),
                              (x1 - x0) * (width - 2 * Margin) - (panels.Count > 1 ? Margin / 2 : 0), (y1 - y0) * (height - top - Margin) - 6);
            DrawPanel(svg, layout, panels[p].Key.X, panels[p].Key.Y, [.. panels[p]], box);
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The panel's drawing area in SVG pixels.</summary>
    readonly record struct Box(double Left, double Top, double Width, double Height);

    static void DrawPanel(StringBuilder svg, JsonElement layout, string xAxis, string yAxis, List<(JsonElement Trace, int Index)> traces, Box box)
    {
        var xLayout = Obj(layout, AxisKey("xaxis", xAxis));
        var yLayout = Obj(layout, AxisKey("yaxis", yAxis));
        var heat = traces.FirstOrDefault(t => Str(t.Trace, "type") == "heatmap").Trace;
        svg.Append(Inv, $"<rect x=\"{box.Left:0.#}\" y=\"{box.Top:0.#}\" width=\"{box.Width:0.#}\" height=\"{box.Height:0.#}\" fill=\"none\" stroke=\"#ccc\"/>");
        if (Title(xLayout) is { } xt) svg.Append(Inv, $"<text x=\"{box.Left + box.Width / 2:0.#}\" y=\"{box.Top + box.Height + 32:0.#}\" text-anchor=\"middle\">{Esc(xt)}</text>");
        if (Title(yLayout) is { } yt) svg.Append(Inv, $"<text transform=\"translate({box.Left - 32:0.#},{box.Top + box.Height / 2:0.#}) rotate(-90)\" text-anchor=\"middle\">{Esc(yt)}</text>");
        if (heat.ValueKind == JsonValueKind.Object) { DrawHeatMap(svg, heat, box, topDown: Str(yLayout, "autorange") == "reversed"); return; }

        var xs = traces.SelectMany(t => Cells(t.Trace, "x")).ToList();
        var categories = xs.Any(c => c.Number is null) ? xs.Select(c => c.Text).Distinct().ToList() : null;
        var xScale = categories is null ? Scale.Of(xs.Select(c => c.Number!.Value), Str(xLayout, "type") == "log") : Scale.Categorical(categories.Count);
        var yScale = Scale.Of(traces.SelectMany(t => Cells(t.Trace, "y")).Where(c => c.Number is not null).Select(c => c.Number!.Value)
                                    .Concat(traces.Any(t => Str(t.Trace, "type") == "bar") ? [0.0] : []), Str(yLayout, "type") == "log");
        double X(Cell c) => box.Left + box.Width * xScale.Fraction(categories is null ? c.Number!.Value : categories.IndexOf(c.Text));
        double Y(double v) => box.Top + box.Height * (1 - yScale.Fraction(v));

        Ticks(svg, box, xScale, yScale, categories);
        var bars = traces.Where(t => Str(t.Trace, "type") == "bar").ToList();
        foreach (var (trace, index) in traces)
        {
            var colour = Colour(trace, index);
            var points = Cells(trace, "x").Zip(Cells(trace, "y")).Where(p => p.Second.Number is { } v && double.IsFinite(v) && (categories is not null || p.First.Number is not null)).ToList();
            if (Str(trace, "type") == "bar")
            {
                var slot = box.Width * xScale.Fraction(1) - box.Width * xScale.Fraction(0);
                var barWidth = 0.8 * slot / bars.Count;
                var offset = -0.4 * slot + bars.FindIndex(b => b.Index == index) * barWidth;
                foreach (var (x, y) in points)
                {
                    double top = Y(Math.Max(y.Number!.Value, 0)), bottom = Y(Math.Min(y.Number!.Value, 0));
                    svg.Append(Inv, $"<rect x=\"{X(x) + offset:0.#}\" y=\"{top:0.#}\" width=\"{barWidth:0.#}\" height=\"{Math.Max(bottom - top, 0.5):0.#}\" fill=\"{colour}\"/>");
                }
                continue;
            }
            var mode = Str(trace, "mode") ?? "lines+markers";
            if (mode.Contains("lines", StringComparison.Ordinal) && points.Count > 1)
                svg.Append(Inv, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(" ", points.Select(p => string.Create(Inv, $"{X(p.First):0.#},{Y(p.Second.Number!.Value):0.#}")))}\"/>");
            if (mode.Contains("markers", StringComparison.Ordinal) || points.Count == 1)
                foreach (var (x, y) in points)
                    svg.Append(Inv, $"<circle cx=\"{X(x):0.#}\" cy=\"{Y(y.Number!.Value):0.#}\" r=\"3\" fill=\"{colour}\" fill-opacity=\"0.75\"/>");
        }
    }

    static void Ticks(StringBuilder svg, Box box, Scale x, Scale y, List<string>? categories)
    {
        var bottom = box.Top + box.Height;
        svg.Append(Inv, $"<text x=\"{box.Left - 4:0.#}\" y=\"{box.Top + 4:0.#}\" text-anchor=\"end\">{Num(y.Max)}</text>");
        svg.Append(Inv, $"<text x=\"{box.Left - 4:0.#}\" y=\"{bottom:0.#}\" text-anchor=\"end\">{Num(y.Min)}</text>");
        if (categories is not null)
        {
            if (categories.Count > 20) return;
            for (var i = 0; i < categories.Count; i++)
                svg.Append(Inv, $"<text x=\"{box.Left + box.Width * x.Fraction(i):0.#}\" y=\"{bottom + 14:0.#}\" text-anchor=\"middle\">{Esc(Short(categories[i]))}</text>");
            return;
        }
        svg.Append(Inv, $"<text x=\"{box.Left:0.#}\" y=\"{bottom + 14:0.#}\" text-anchor=\"start\">{Num(x.Min)}</text>");
        svg.Append(Inv, $"<text x=\"{box.Left + box.Width:0.#}\" y=\"{bottom + 14:0.#}\" text-anchor=\"end\">{Num(x.Max)}</text>");
    }

    static void DrawHeatMap(StringBuilder svg, JsonElement trace, Box box, bool topDown)
    {
        var rows = trace.GetProperty("z").EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(ToCell).ToList() : [ToCell(r)]).ToList();
        if (rows.Count == 0) return;
        var columns = rows.Max(r => r.Count);
        var values = rows.SelectMany(r => r).Where(c => c.Number is not null).Select(c => c.Number!.Value).DefaultIfEmpty(0).ToList();
        double min = values.Min(), max = values.Max();
        double w = box.Width / columns, h = box.Height / rows.Count;
        var xNames = Cells(trace, "x").Select(c => c.Text).ToList();
        var yNames = Cells(trace, "y").Select(c => c.Text).ToList();
        // Plotly draws the first row at the bottom unless the y axis is reversed.
        int Row(int r) => topDown ? r : rows.Count - 1 - r;
        for (var r = 0; r < rows.Count; r++)
        for (var c = 0; c < rows[r].Count; c++)
        {
            var v = rows[r][c].Number;
            var t = v is { } value && max > min ? (value - min) / (max - min) : 0;
            var (cx, cy) = (box.Left + c * w, box.Top + Row(r) * h);
            var shade = (int)Math.Round(255 - 200 * t);
            svg.Append(Inv, $"<rect x=\"{cx:0.#}\" y=\"{cy:0.#}\" width=\"{w:0.#}\" height=\"{h:0.#}\" fill=\"rgb({shade},{shade},255)\" stroke=\"white\"/>");
            if (rows.Count * columns <= 144 && v is not null)
                svg.Append(Inv, $"<text x=\"{cx + w / 2:0.#}\" y=\"{cy + h / 2 + 4:0.#}\" text-anchor=\"middle\" fill=\"{(t > 0.6 ? "white" : "black")}\">{Esc(rows[r][c].Text)}</text>");
        }
        for (var c = 0; c < Math.Min(columns, xNames.Count); c++)
            svg.Append(Inv, $"<text x=\"{box.Left + (c + 0.5) * w:0.#}\" y=\"{box.Top + box.Height + 14:0.#}\" text-anchor=\"middle\">{Esc(Short(xNames[c]))}</text>");
        for (var r = 0; r < Math.Min(rows.Count, yNames.Count); r++)
            svg.Append(Inv, $"<text x=\"{box.Left - 4:0.#}\" y=\"{box.Top + (Row(r) + 0.5) * h + 4:0.#}\" text-anchor=\"end\">{Esc(Short(yNames[r]))}</text>");
    }

    /// <summary>Maps values (or category positions) onto 0–1 of the panel.</summary>
    readonly record struct Scale(double Min, double Max, bool Log)
    {
        public static Scale Of(IEnumerable<double> values, bool log)
        {
            var finite = values.Where(v => double.IsFinite(v) && (!log || v > 0)).Select(v => log ? Math.Log10(v) : v).ToList();
            if (finite.Count == 0) return new(0, 1, false);
            double min = finite.Min(), max = finite.Max();
            if (max - min < 1e-12) (min, max) = (min - 0.5, max + 0.5);
            return log ? new(Math.Pow(10, min), Math.Pow(10, max), true) : new(min, max, false);
        }

        /// <summary>n categories sit at the centres of n equal slots.</summary>
        public static Scale Categorical(int count) => new(-0.5, Math.Max(count, 1) - 0.5, false);

        public double Fraction(double v) => Log
            ? (Math.Log10(Math.Max(v, Min)) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min))
            : (v - Min) / (Max - Min);
    }

    /// <summary>One value of a trace: its text as Plotly would show it, and its number when it has one.</summary>
    internal readonly record struct Cell(string Text, double? Number);

    internal static List<Cell> Cells(JsonElement trace, string property) =>
        trace.ValueKind == JsonValueKind.Object && trace.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(ToCell).ToList() : [];

    static Cell ToCell(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => new(Num(e.GetDouble()), e.GetDouble()),
        JsonValueKind.String => new(e.GetString() ?? "", null),
        JsonValueKind.Null => new("–", double.NaN),
        _ => new(e.GetRawText(), null),
    };

    static (double, double) Domain(JsonElement layout, string axisKey, int index, int count)
    {
        if (Obj(layout, axisKey) is { ValueKind: JsonValueKind.Object } axis && axis.TryGetProperty("domain", out var d) && d.ValueKind == JsonValueKind.Array && d.GetArrayLength() == 2)
            return (d[0].GetDouble(), d[1].GetDouble());
        return ((double)index / count, (double)(index + 1) / count);
    }

    static string AxisKey(string axis, string reference) => axis + reference[1..];

    static string Colour(JsonElement trace, int index) =>
        Str(Obj(trace, "marker"), "color") ?? Str(Obj(trace, "line"), "color") ?? Palette[index % Palette.Length];

    static string? Title(JsonElement owner) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("title", out var title)
            ? title.ValueKind == JsonValueKind.String ? title.GetString() : Str(title, "text")
            : null;

    static JsonElement Obj(JsonElement owner, string property) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Object ? v : default;

    static string? Str(JsonElement owner, string property) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static int? Int(JsonElement owner, string property) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number ? (int)v.GetDouble() : null;

    static string Num(double v) => v.ToString("G3", Inv);

    static string Short(string text) => text.Length <= 14 ? text : text[..13] + "…";

    static string Esc(string text) => WebUtility.HtmlEncode(text);
}
