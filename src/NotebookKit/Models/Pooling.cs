using System.Text.Json.Serialization;

namespace NotebookKit.Models;

/// <summary>
/// How a backbone turns its last feature map into the head's input vector, like timm's <c>global_pool</c>.
/// <see cref="Avg"/>: global average pooling, [N, C] (what torchvision's classifiers do). <see cref="Flatten"/>: the map
/// flattened, [N, C·H·W] (Keras' <c>include_top=False</c> base followed by <c>Flatten()</c>, the article's case study):
/// the head's first layer then weighs every position, and the model only accepts the input size it was built for.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Pooling>))]
public enum Pooling { Avg, Flatten }

public static class PoolingNames
{
    /// <summary>
    /// The name of a backbone's last group under <paramref name="pooling"/>: "layer4", or "layer4+flatten", so the cached
    /// outputs of a flattened last group never mix with the pooled ones.
    /// </summary>
    public static string LastGroupName(this Pooling pooling, string name) => pooling == Pooling.Flatten ? name + "+flatten" : name;

    /// <summary>"avg" or "flatten", as the command line and model.json spell it.</summary>
    public static string Name(this Pooling pooling) => pooling.ToString().ToLowerInvariant();

    public static Pooling Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "avg" => Pooling.Avg,
        "flatten" => Pooling.Flatten,
        _ => throw new ArgumentException($"Pooling '{text}' is not 'avg' (global average pooling) or 'flatten' (the last feature map flattened, the article's head)."),
    };
}
