namespace NotebookKit.Models;

/// <summary>Pretrained weights could not be downloaded (offline, blocked, HTTP error) or failed their checksum.</summary>
public sealed class WeightsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A state dict whose keys or shapes do not match the module's: lists both sides' differences.</summary>
public sealed class StateDictMismatchException(string path, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> shapes)
    : Exception($"{path}: the weights do not match the model (a file of another architecture or size?). " +
                $"Missing keys ({missing.Count}): {Preview(missing)}. Unexpected keys ({unexpected.Count}): {Preview(unexpected)}. " +
                $"Different shapes ({shapes.Count}): {Preview(shapes)}.")
{
    public IReadOnlyList<string> MissingKeys { get; } = missing;
    public IReadOnlyList<string> UnexpectedKeys { get; } = unexpected;
    /// <summary>"key [file shape] in the file, [model shape] in the model" for each key whose shapes differ.</summary>
    public IReadOnlyList<string> ShapeMismatches { get; } = shapes;

    static string Preview(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Take(12)) + (keys.Count > 12 ? $", … {keys.Count - 12} more" : "");
}
