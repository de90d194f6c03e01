using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;

namespace NotebookKit.Notebooks;

/// <summary>
/// Conveniences every notebook and app starts from: where the data is, quick mode, the seed.
/// Quick mode (NOTEBOOKKIT_QUICK=1) shrinks data and epochs so a whole chapter runs in seconds (CI, a first look).
/// </summary>
public static class Kit
{
    // Notebooks and apps start here: weights downloads the zoo starts (VGG16 is 528 MB) print their progress.
    static Kit() => WeightsDownloader.Progress ??= new TextDownloadProgress();

    /// <summary>The one seed that flows through splits, shuffling, augmentation and initialisation.</summary>
    public const int Seed = Seeds.Default;

    /// <summary>True when NOTEBOOKKIT_QUICK is 1/true: small subsets, few epochs.</summary>
    public static bool Quick => Environment.GetEnvironmentVariable("NOTEBOOKKIT_QUICK") is "1" or "true" or "True";

    /// <summary>A full-mode value, or the quick-mode one.</summary>
    public static T Pick<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>
    /// The folder of dataset <paramref name="name"/>: NOTEBOOKKIT_DATA/name when set; else the first of
    /// data/name (a download) and ../shared/datasets/name found walking up from the working directory.
    /// </summary>
    public static string DataPath(string name)
    {
        var tried = new List<string>();
        if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_DATA") is { Length: > 0 } root)
        {
            var p = Path.GetFullPath(Path.Combine(root, name));
            if (Directory.Exists(p)) return p;
            tried.Add(p);
        }
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "data", name), Path.Combine(dir.FullName, "shared", "datasets", name) })
            {
                if (Directory.Exists(candidate)) return candidate;
                tried.Add(candidate);
            }
        }
        throw new DataException(
            $"Dataset '{name}' was not found (looked in: {string.Join(", ", tried.Take(6))}…). " +
            $"Download it with 'notebookkit datasets download {name}', or set NOTEBOOKKIT_DATA to a folder that holds {name}/.", name);
    }

    /// <summary>
    /// Opens dataset <paramref name="name"/>; in quick mode keeps a stratified subset: <paramref name="quickTrainPerClass"/>
    /// training photos per class and <paramref name="quickEvalPerClass"/> per class for validation and test (by default
    /// all of them: evaluating costs one cached forward pass per photo, and a lesson needs enough photos to show).
    /// </summary>
    public static ImageFolder Open(string name, int quickTrainPerClass = 40, int quickEvalPerClass = int.MaxValue)
    {
        var folder = ImageFolder.Open(DataPath(name), seed: Seed);
        return Quick ? folder.Subset(quickTrainPerClass, quickEvalPerClass, Seed) : folder;
    }

    /// <summary>
    /// <paramref name="id"/> when it runs without a network (its weights are cached, or it needs none), else the offline
    /// <see cref="Pretrained.DefaultId"/>, saying where <paramref name="id"/>'s weights come from and where they go.
    /// </summary>
    public static string BackboneOrOffline(string id)
    {
        var entry = Pretrained.Get(id);
        if (Pretrained.IsAvailableOffline(entry)) return id;
        Console.WriteLine($"{id}'s weights are not in the kit's cache, so the offline {Pretrained.DefaultId} runs instead. To use {id}: " +
            $"download {entry.Weights?.Url} to {entry.Weights?.CachePath} (or pack a workshop bundle with --models {id}), " +
            $"or load a weights file you have: Pretrained.Classifier(\"{id}\", classes, weightsPath: FILE).");
        return Pretrained.DefaultId;
    }

    /// <summary>
    /// A learner for pretrained model <paramref name="id"/> with the course's defaults: a new head for
    /// <paramref name="data"/>'s classes, the kit's seed, a progress display, and the backbone frozen when
    /// <paramref name="frozen"/> (its features are then computed once and cached). <paramref name="classWeights"/> weighs
    /// the training loss per class (e.g. <see cref="ClassWeights.Balanced"/> for a folder with a rare class).
    /// </summary>
    public static Learner Learner(string id, ImageFolder data, HeadSpec? head = null, bool frozen = false, int batchSize = 32,
        OptimizerSpec? optimizer = null, int? inputSize = null, bool mirror = false, bool pretrained = true, ClassWeights? classWeights = null) =>
        Learner(Pretrained.Classifier(id, data.Classes, head, pretrained, Seed, inputSize), data, frozen, batchSize, optimizer, mirror, classWeights: classWeights);

    /// <summary>The same defaults for a model built some other way (e.g. <c>Pretrained.Classifier(…, pooling: Pooling.Flatten)</c>), or with a training pipeline.</summary>
    public static Learner Learner(ImageClassifier model, ImageFolder data, bool frozen = false, int batchSize = 32,
        OptimizerSpec? optimizer = null, bool mirror = false, ImagePipeline? train = null, ClassWeights? classWeights = null)
    {
        var options = new LearnerOptions { Seed = Seed, Optimizer = optimizer ?? new LearnerOptions().Optimizer, ClassWeights = classWeights };
        var learn = Training.Learner.FromFolder(model, data, train, batchSize, options, mirror);
        learn.Progress = NotebookProgress.Create();
        if (frozen) learn.Freeze();
        return learn;
    }
}
