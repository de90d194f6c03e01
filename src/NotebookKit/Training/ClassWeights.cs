using System.Globalization;
using System.Text.Json;

namespace NotebookKit.Training;

/// <summary>
/// How much each class counts in the training loss (PyTorch's <c>CrossEntropyLoss(weight=…)</c>, Keras'
/// <c>class_weight</c>), so that a class with a tenth of the photos is not simply outvoted. <see cref="Balanced"/> weighs
/// class c by n_samples / (n_classes · count_c), as scikit-learn's and Keras' "balanced"; <see cref="Explicit"/> takes
/// a weight per class name. Weights apply to training steps only: validation loss stays the plain mean, comparable
/// across runs with and without weights.
/// </summary>
public sealed record ClassWeights
{
    readonly IReadOnlyDictionary<string, double>? perClass;

    ClassWeights(IReadOnlyDictionary<string, double>? perClass, string text) => (this.perClass, Text) = (perClass, text);

    /// <summary>n_samples / (n_classes · count_c) from the training split's counts.</summary>
    public static ClassWeights Balanced { get; } = new(null, "balanced");

    /// <summary>A weight per class name; every class of the data must be named, each weight positive and finite.</summary>
    public static ClassWeights Explicit(IReadOnlyDictionary<string, double> weights, string? source = null)
    {
        foreach (var (name, w) in weights)
            if (!double.IsFinite(w) || w <= 0)
                throw new ArgumentException($"{(source is null ? "" : $"'{source}': ")}class '{name}' has weight {w.ToString(CultureInfo.InvariantCulture)}; weights must be positive numbers.");
        return new(new Dictionary<string, double>(weights, StringComparer.Ordinal), source ?? string.Join(", ", weights.Select(kv => $"{kv.Key}={kv.Value.ToString(CultureInfo.InvariantCulture)}")));
    }

    /// <summary>"balanced", or the file it was read from, or the explicit weights.</summary>
    public string Text { get; }

    /// <summary>
    /// The weight of each of <paramref name="classes"/> given the training images per class <paramref name="counts"/>.
    /// A class without training images gets 0 under <see cref="Balanced"/> (it contributes no loss anyway).
    /// </summary>
    public float[] For(IReadOnlyList<string> classes, IReadOnlyList<int> counts)
    {
        if (perClass is null)
        {
            double total = counts.Sum(), present = counts.Count(c => c > 0);
            return [.. counts.Select(c => c == 0 ? 0f : (float)(total / (present * c)))];
        }
        var missing = classes.Where(c => !perClass.ContainsKey(c)).ToList();
        var unknown = perClass.Keys.Where(k => !classes.Contains(k)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw new ArgumentException($"Class weights {Text} do not match the data's classes [{string.Join(", ", classes)}]" +
                (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : "") + (unknown.Count > 0 ? $"; not a class of the data: {string.Join(", ", unknown)}" : "") +
                ". Give one weight per class folder name.");
        return [.. classes.Select(c => (float)perClass[c])];
    }

    /// <summary>"balanced", or the path of a weights file (see <see cref="Load"/>).</summary>
    public static ClassWeights Parse(string text) =>
        text.Equals("balanced", StringComparison.OrdinalIgnoreCase) ? Balanced : Load(text);

    /// <summary>
    /// Reads explicit weights from a file: a JSON object <c>{"tulips": 5, "roses": 1}</c>, or one <c>class&lt;TAB&gt;weight</c>
    /// line per class (blank lines and lines starting with # ignored). Errors name the file and the line.
    /// </summary>
    public static ClassWeights Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"Class weights file '{full}' does not exist. Pass 'balanced' or a file of class<TAB>weight lines (or a JSON object of class: weight).", full);
        var text = File.ReadAllText(full);
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (text.TrimStart().StartsWith('{'))
        {
            try
            {
                foreach (var p in JsonDocument.Parse(text).RootElement.EnumerateObject())
                    weights[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDouble()
                        : throw new InvalidDataException($"Class weights file '{full}': the weight of '{p.Name}' is not a number.");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"Class weights file '{full}' is not valid JSON ({e.Message}). Write an object such as {{\"tulips\": 5, \"roses\": 1}}.", e);
            }
        }
        else
        {
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                var parts = line.Split('\t');
                if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w))
                    throw new InvalidDataException($"Class weights file '{full}', line {i + 1}: expected 'class<TAB>weight' (e.g. 'tulips\t5'), found '{line}'.");
                if (!weights.TryAdd(parts[0].Trim(), w))
                    throw new InvalidDataException($"Class weights file '{full}', line {i + 1}: class '{parts[0].Trim()}' is given twice.");
            }
        }
        if (weights.Count == 0) throw new InvalidDataException($"Class weights file '{full}' names no class. Write one 'class<TAB>weight' line per class.");
        return Explicit(weights, full);
    }

    public override string ToString() => Text;
}
