using System.Text.Json.Nodes;

namespace NotebookKit.Cli.Notebooks;

static class NotebookJson
{
    /// <summary>A cell's source: nbformat allows one string or a list of lines.</summary>
    public static string Source(JsonNode? cell) => cell?["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(s => (string?)s)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };
}
