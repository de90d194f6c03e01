using System.Text.Json;

namespace NotebookKit.Benchmarks;

/// <summary>One number from one phase: a workload at an input size, in <see cref="Unit"/>.</summary>
public sealed record Measurement(string Workload, int Size, double Value, string Unit)
{
    public const string ImagesPerSecond = "images/s";
    public const string Seconds = "s";
    public const string Megabytes = "MB";
    public const string Factor = "x";

    /// <summary>Throughput is better when higher; times, memory and overhead factors when lower.</summary>
    public static bool HigherIsBetter(string unit) => unit == ImagesPerSecond;
}

/// <summary>All measurements of one engine's phase (one process), with the versions it ran on.</summary>
public sealed record PhaseResult(string Engine, IReadOnlyDictionary<string, string> Versions, int Threads, IReadOnlyList<Measurement> Measurements)
{
    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, BenchJson.Options));

    public static PhaseResult Load(string path) =>
        JsonSerializer.Deserialize<PhaseResult>(File.ReadAllText(path), BenchJson.Options) ?? throw new InvalidDataException($"'{path}' holds no phase result.");
}
