using System.Globalization;
using System.Text;
using System.Text.Json;
using Plotly.NET;

namespace NotebookKit.Visualization;

/// <summary>
/// A chart as plain text (title, axes, one line per series with its key values): the text/plain alternative of a
/// chart's output, for viewers that run no scripts (GitHub's preview, nbviewer, a terminal).
/// </summary>
public static class ChartSummary
{
    /// <summary>Series with at most this many points list every point; longer ones give their range and ends.</summary>
    public const int MaxListedPoints = 12;

    public static string Text(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        using var figure = JsonDocument.Parse(GenericChart.toJson(chart));
        var layout = figure.RootElement.TryGetProperty("layout", out var l) ? l : default;
        var text = new StringBuilder(TitleOf(layout) ?? "Chart");
        var axes = new[] { ("x", AxisTitle(layout, "xaxis")), ("y", AxisTitle(layout, "yaxis")) }.Where(a => a.Item2 is not null).ToList();
        if (axes.Count > 0) text.Append('\n').AppendJoin(" · ", axes.Select(a => $"{a.Item1}: {a.Item2}"));
        // Side-by-side panels (loss | accuracy) repeat series names: then each series says which y axis it is on.
        var panels = layout.ValueKind == JsonValueKind.Object && layout.EnumerateObject().Count(p => p.Name.StartsWith("yaxis", StringComparison.Ordinal)) > 1;
        if (figure.RootElement.TryGetProperty("data", out var traces))
            foreach (var trace in traces.EnumerateArray()) text.Append("\n- ").Append(Series(trace, panels ? layout : default));
        return text.ToString();
    }

    static string Series(JsonElement trace, JsonElement panelLayout)
    {
        var type = Str(trace, "type") ?? "scatter";
        var name = Str(trace, "name");
        var head = name is null ? type : $"{type} \"{name}\"";
        if (panelLayout.ValueKind == JsonValueKind.Object && AxisTitle(panelLayout, "yaxis" + (Str(trace, "yaxis") ?? "y")[1..]) is { } panel) head += $" ({panel})";
        if (trace.TryGetProperty("z", out var z) && z.ValueKind == JsonValueKind.Array) return $"{head}: {Grid(trace, z)}";

        if (Str(trace, "mode") == "markers" && Cloud(trace) is { } cloud) return $"{head}: {cloud}";
        var horizontal = Str(trace, "orientation") == "h";
        var keys = Values(trace, horizontal ? "y" : "x");
        var values = Values(trace, horizontal ? "x" : "y");
        if (values.Count == 0) return head;
        if (keys.Count != values.Count) keys = Enumerable.Range(0, values.Count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        if (values.Count <= MaxListedPoints) return $"{head}: " + string.Join(", ", keys.Zip(values, (k, v) => $"{k} {v}"));

        var numbers = values.Select(Number).ToList();
        var range = numbers.All(n => n is not null) ? $", {Format(numbers.Min()!.Value)} to {Format(numbers.Max()!.Value)}" : "";
        return $"{head}: {values.Count} points{range} (first {keys[0]} {values[0]}, last {keys[^1]} {values[^1]})";
    }

    /// <summary>
    /// A point cloud as its centre and spread (standard deviation per axis) and its ranges: where each series sits,
    /// so separated clusters read as separated (ranges alone overlap as soon as one point strays).
    /// </summary>
    static string? Cloud(JsonElement trace)
    {
        var x = Values(trace, "x").Select(Number).ToList();
        var y = Values(trace, "y").Select(Number).ToList();
        if (x.Count == 0 || x.Count != y.Count || x.Any(v => v is null) || y.Any(v => v is null)) return null;
        var (xs, ys) = (x.Select(v => v!.Value).ToList(), y.Select(v => v!.Value).ToList());
        return $"{xs.Count} point{(xs.Count == 1 ? "" : "s")} centred at ({Format(xs.Average())}, {Format(ys.Average())}), " +
               $"spread (sd) {Format(Sd(xs))} in x and {Format(Sd(ys))} in y; x {Format(xs.Min())} to {Format(xs.Max())}, y {Format(ys.Min())} to {Format(ys.Max())}";
    }

    static double Sd(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }

    static string Grid(JsonElement trace, JsonElement z)
    {
        var rows = z.EnumerateArray().Select(r => r.ValueKind == JsonValueKind.Array ? r.EnumerateArray().Select(Cell).ToList() : [Cell(r)]).ToList();
        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        var text = new StringBuilder($"{rows.Count}×{columns}");
        if (Values(trace, "y") is { Count: > 0 } y) text.Append("; rows ").AppendJoin(", ", y);
        if (Values(trace, "x") is { Count: > 0 } x) text.Append("; columns ").AppendJoin(", ", x);
        if (rows.Count * columns <= MaxListedPoints * MaxListedPoints) text.Append("; values ").AppendJoin(" | ", rows.Select(r => string.Join(" ", r)));
        return text.ToString();
    }

    static List<string> Values(JsonElement trace, string property) =>
        trace.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(Cell).ToList() : [];

    static string Cell(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => Format(e.GetDouble()),
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Null => "–",
        _ => e.GetRawText(),
    };

    static double? Number(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    static string Format(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    static string? TitleOf(JsonElement owner) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("title", out var title)
            ? title.ValueKind == JsonValueKind.String ? title.GetString() : Str(title, "text")
            : null;

    static string? AxisTitle(JsonElement layout, string axis) =>
        layout.ValueKind == JsonValueKind.Object && layout.TryGetProperty(axis, out var a) ? TitleOf(a) : null;

    static string? Str(JsonElement owner, string property) =>
        owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
