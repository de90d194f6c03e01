using System.Text.Json;

namespace NotebookKit.Benchmarks;

/// <summary>snake_case JSON shared with the Python reference, which reads and writes the same field names.</summary>
static class BenchJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
