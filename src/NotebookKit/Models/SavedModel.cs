using TorchSharp;
using System.Text.Json;
using System.Text.Json.Serialization;
using NotebookKit.Data;
using NotebookKit.Platform;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>What a saved model folder says about itself: the model's full description, when, and the run's settings.</summary>
public sealed record SavedModelInfo(string Format, ModelSpec Model, DateTime CreatedUtc, IReadOnlyDictionary<string, string> Options)
{
    [JsonIgnore] public IReadOnlyList<string> Classes => Model.Classes;
    [JsonIgnore] public HeadSpec Head => Model.Head;
    [JsonIgnore] public PreprocessSpec Preprocess => Model.Preprocess;
}

/// <summary>
/// A trained classifier on disk: <c>model.dat</c> (TorchSharp state dict of backbone + head) and
/// <c>model.json</c> (<see cref="SavedModelInfo"/>, its <see cref="ModelSpec"/> included). Written into a temporary
/// sibling folder and renamed into place, so a crash never leaves a folder that looks complete. Reading checks every
/// key and size of model.json and names the file and the fix for anything damaged.
/// </summary>
public static class SavedModel
{
    public const string FormatName = "notebookkit-model/2";

    /// <summary>The first format: a zoo backbone (average-pooled) and a head, described by the backbone's id alone.</summary>
    public const string FormatV1 = "notebookkit-model/1";
    public const string WeightsFile = "model.dat";
    public const string InfoFile = "model.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Reading is strict: every key present (null only where allowed), no unknown key.</summary>
    static readonly JsonSerializerOptions StrictJson = new(Json)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>What a notebookkit-model/1 folder holds.</summary>
    sealed record InfoV1(string Format, string ModelId, IReadOnlyList<string> Classes, HeadSpec Head, PreprocessSpec Preprocess,
        DateTime CreatedUtc, IReadOnlyDictionary<string, string> Options);

    /// <summary>
    /// Saves <paramref name="model"/> into <paramref name="directory"/>, plus any extra files (name → content)
    /// such as metrics. Fails if the folder exists and is not empty, so nothing the user made is overwritten.
    /// Staging folders of killed saves beside it are removed first.
    /// </summary>
    public static void Save(ImageClassifier model, string directory, IReadOnlyDictionary<string, string>? options = null, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        directory = Path.GetFullPath(directory);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new IOException($"'{directory}' already exists and is not empty. Choose a new --out folder or delete the old run.");
        StaleFiles.RemoveBeside(directory);
        var staging = directory.TrimEnd(Path.DirectorySeparatorChar) + $".partial-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            model.save(Path.Combine(staging, WeightsFile));
            var info = new SavedModelInfo(FormatName, model.Spec, DateTime.UtcNow, options ?? new Dictionary<string, string>());
            File.WriteAllText(Path.Combine(staging, InfoFile), JsonSerializer.Serialize(info, Json));
            foreach (var (name, content) in extraFiles ?? new Dictionary<string, string>())
                File.WriteAllText(Path.Combine(staging, name), content);
            if (Directory.Exists(directory)) Directory.Delete(directory); // empty, checked above
            Directory.Move(staging, directory);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>The folder's model.json, checked: its format, every key, and a model that can be built (sane sizes, ≥ 2 unique classes …).</summary>
    /// <exception cref="FileNotFoundException">The folder has no model.json.</exception>
    /// <exception cref="InvalidDataException">model.json is damaged or describes no buildable model; the message names it and what is wrong.</exception>
    public static SavedModelInfo ReadInfo(string directory)
    {
        var path = Path.GetFullPath(Path.Combine(directory, InfoFile));
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' is not a saved model: {InfoFile} is missing. Pass the --out folder of a finished 'train' run.", path);
        var fix = "Restore it from a backup or train the model again.";
        SavedModelInfo info;
        try
        {
            var text = File.ReadAllText(path);
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"'{path}' holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not a model description. {fix}");
            var format = document.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            info = format switch
            {
                FormatName => JsonSerializer.Deserialize<SavedModelInfo>(text, StrictJson)!,
                FormatV1 => FromV1(JsonSerializer.Deserialize<InfoV1>(text, StrictJson)!),
                null => throw new InvalidDataException($"'{path}' has no \"format\" key, so it is not a NotebookKit model. {fix}"),
                _ => throw new InvalidDataException($"'{path}' has format '{format}'; this kit reads '{FormatName}' and '{FormatV1}'. Use the kit that saved it, or train again."),
            };
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid model description ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}). {fix}", e);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"'{path}' cannot be read ({e.Message.TrimEnd('.')}). {fix}", e);
        }
        if (info.Model.Problems() is { Count: > 0 } problems)
            throw new InvalidDataException($"'{path}' describes no usable model: {string.Join("; ", problems)}. {fix}");
        return info;
    }

    /// <summary>A /1 folder always held a zoo backbone, average-pooled, started from the zoo's weights (when it had any), and a head.</summary>
    static SavedModelInfo FromV1(InfoV1 v1)
    {
        var weights = Pretrained.All.FirstOrDefault(e => e.Id == v1.ModelId) is { HasWeights: false } ? null : ModelSpec.PretrainedWeights;
        return new(v1.Format, new ModelSpec(v1.ModelId, weights, Pooling.Avg, v1.Head, v1.Preprocess, v1.Classes), v1.CreatedUtc, v1.Options);
    }

    /// <summary>Rebuilds the classifier saved in <paramref name="directory"/>, in eval mode: exactly the model its model.json describes, with its weights.</summary>
    /// <exception cref="InvalidDataException">model.json or model.dat is damaged, or they do not belong together; the message names the file and the fix.</exception>
    public static ImageClassifier Load(string directory, Device? device = null)
    {
        var info = ReadInfo(directory);
        var weights = Path.GetFullPath(Path.Combine(directory, WeightsFile));
        if (!File.Exists(weights))
            throw new FileNotFoundException($"'{directory}' has {InfoFile} but no {WeightsFile}: the run did not finish. Train again.", weights);
        var model = info.Model.Build(loadWeights: false);
        try
        {
            model.load(weights);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or ArgumentException or InvalidOperationException or FormatException
                                      or OverflowException or System.Runtime.InteropServices.ExternalException)
        {
            model.Dispose();
            throw new InvalidDataException(WeightsProblem(weights, info, e), e);
        }
        if (device is not null) model.to(device);
        model.eval();
        return model;
    }

    static string WeightsProblem(string weights, SavedModelInfo info, Exception e)
    {
        var detail = e.Message.ReplaceLineEndings(" ").TrimEnd('.');
        if (e is EndOfStreamException)
            return $"'{weights}' is truncated ({detail}). Restore the run folder from a backup or train again.";
        var fix = info.Format == FormatV1
            ? $"A {FormatV1} folder cannot describe a flattened model: train that one again with --pooling flatten. Otherwise put back the {WeightsFile} saved with this {InfoFile}."
            : $"Put back the {WeightsFile} saved with this {InfoFile}, or train again.";
        return $"'{weights}' does not hold the weights of the model {InfoFile} describes ({info.Model}): {detail}. {fix}";
    }
}
