using TorchSharp;
using System.Text.Json;
using System.Text.Json.Serialization;
using NotebookKit.Data;
using NotebookKit.Platform;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>What a saved model folder says about itself: enough to rebuild the classifier and preprocess inputs.</summary>
public sealed record SavedModelInfo(
    string Format,
    string ModelId,
    IReadOnlyList<string> Classes,
    HeadSpec Head,
    PreprocessSpec Preprocess,
    DateTime CreatedUtc,
    IReadOnlyDictionary<string, string> Options);

/// <summary>
/// A trained classifier on disk: <c>model.dat</c> (TorchSharp state dict of backbone + head) and
/// <c>model.json</c> (<see cref="SavedModelInfo"/>). Written into a temporary sibling folder and renamed
/// into place, so a crash never leaves a folder that looks complete.
/// </summary>
public static class SavedModel
{
    public const string FormatName = "notebookkit-model/1";
    public const string WeightsFile = "model.dat";
    public const string InfoFile = "model.json";

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

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
            var info = new SavedModelInfo(FormatName, model.Entry.Id, model.ClassNames, model.Head.Spec, model.Preprocess, DateTime.UtcNow,
                options ?? new Dictionary<string, string>());
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

    public static SavedModelInfo ReadInfo(string directory)
    {
        var path = Path.Combine(directory, InfoFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{directory}' is not a saved model: {InfoFile} is missing. Pass the --out folder of a finished 'train' run.", path);
        var info = JsonSerializer.Deserialize<SavedModelInfo>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"'{path}' is empty.");
        if (info.Format != FormatName)
            throw new InvalidDataException($"'{path}' has format '{info.Format}', this kit reads '{FormatName}'.");
        return info;
    }

    /// <summary>Rebuilds the classifier saved in <paramref name="directory"/>, in eval mode.</summary>
    public static ImageClassifier Load(string directory, Device? device = null)
    {
        var info = ReadInfo(directory);
        var weights = Path.Combine(directory, WeightsFile);
        if (!File.Exists(weights))
            throw new FileNotFoundException($"'{directory}' has {InfoFile} but no {WeightsFile}: the run did not finish. Train again.", weights);
        var entry = Pretrained.Get(info.ModelId);
        var model = new ImageClassifier(entry, entry.CreateBackbone(), info.Classes, info.Head, info.Preprocess);
        model.load(weights);
        if (device is not null) model.to(device);
        model.eval();
        return model;
    }
}
