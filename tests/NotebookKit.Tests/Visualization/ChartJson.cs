using System.Text.Json;
using Plotly.NET;

namespace NotebookKit.Tests.Visualization;

/// <summary>A chart's serialised figure ({"data": [...], "layout": {...}}) for asserting on traces and layout.</summary>
internal sealed class ChartJson
{
    private readonly JsonElement _root;

    public ChartJson(GenericChart chart) => _root = JsonDocument.Parse(GenericChart.toJson(chart)).RootElement;

    public JsonElement[] Traces => _root.GetProperty("data").EnumerateArray().ToArray();

    public JsonElement Layout => _root.GetProperty("layout");

    public JsonElement[] LayoutArray(string name) =>
        Layout.TryGetProperty(name, out var array) ? array.EnumerateArray().ToArray() : [];

    public static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
}
