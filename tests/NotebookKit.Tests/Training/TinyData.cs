using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Tests.Training;

/// <summary>A few real cats-dogs photos at 64 px and the pretrained resnet-cntk (converted once, cached under KitPaths.WeightsCache): small enough for many fits per test run.</summary>
public static class TinyData
{
    public const int Size = 64;
    static readonly Lazy<ImageFolder> Folder = new(() => ImageFolder.Open(SharedData.CatsDogs));

    public static ImageDataset TrainSet => Folder.Value.Train.Take(2);
    public static ImageDataset ValSet => Folder.Value.Val.Take(1);
    public static ImageDataset TestSet => Folder.Value.Test!.Take(1);
    public static IReadOnlyList<string> Classes => Folder.Value.Classes;

    public static ImagePipeline Eval => ImagePipeline.ForEval(CntkResNet.Preprocess.WithInputSize(Size));

    public static ImageClassifier Model(int seed = 1, HeadSpec? head = null) =>
        Pretrained.Classifier(Pretrained.DefaultId, Classes, head ?? new HeadSpec(16, 0.5), pretrained: true, seed: seed);

    public static Learner Learner(int seed = 1, LearnerOptions? options = null, ImagePipeline? trainPipeline = null, HeadSpec? head = null, int batchSize = 2)
    {
        options ??= new LearnerOptions { Seed = seed };
        return new Learner(Model(seed, head),
            new DataLoader(TrainSet, trainPipeline ?? Eval, batchSize, shuffle: true, seed: options.Seed),
            new DataLoader(ValSet, Eval, batchSize),
            new DataLoader(TestSet, Eval, batchSize),
            options);
    }
}

/// <summary>A random horizontal flip: enough augmentation to make a pipeline non-deterministic.</summary>
public sealed record RandomFlip : IImageTransform
{
    public Image<Rgb24> Apply(Image<Rgb24> image, Random rng)
    {
        if (rng.NextDouble() < 0.5) image.Mutate(x => x.Flip(FlipMode.Horizontal));
        return image;
    }
}

/// <summary>Runs an action at an epoch's end or a batch's end (for stopping, cancelling, recording).</summary>
public sealed class Hook(Action<FitContext, EpochRecord>? epochEnd = null, Action<FitContext, double>? batchEnd = null) : ICallback
{
    public void OnEpochEnd(FitContext context, EpochRecord record) => epochEnd?.Invoke(context, record);
    public void OnBatchEnd(FitContext context, double loss) => batchEnd?.Invoke(context, loss);
}

public static class Tensors
{
    /// <summary>Same shape and every element equal.</summary>
    public static bool Same(TorchSharp.torch.Tensor a, TorchSharp.torch.Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}

/// <summary>
/// Training tests seed torch's global generator (initialisation, dropout), so they must not run beside other
/// tests that draw from it: this collection runs alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch global RNG";
}
