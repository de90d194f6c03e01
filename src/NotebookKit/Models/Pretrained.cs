using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>The model zoo: every (architecture, weights) entry by id, and loading them.</summary>
public static partial class Pretrained
{
    public const string DefaultId = "resnet-cntk";

    static readonly List<ModelEntry> Entries =
    [
        new(DefaultId,
            "ResNet (basic blocks [2,2,2,3]) pretrained on ImageNet-1k, shipped in NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18; no download",
            CntkResNet.Preprocess,
            new ModelMetadata(16_410_152, 2.045, null, "MIT (ML.NET package)", "He et al., Deep Residual Learning for Image Recognition, CVPR 2016", "NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1"),
            CntkResNet.Create,
            CntkResNet.LoadInto),
        .. TorchVisionZoo.Entries(),
    ];

    public static IReadOnlyList<ModelEntry> All => Entries;

    public static ModelEntry Get(string id) =>
        Entries.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown model '{id}'. Known models: {string.Join(", ", Entries.Select(e => e.Id))}.", nameof(id));

    /// <summary>The backbone of <paramref name="id"/> with its pretrained weights (or random ones when <paramref name="pretrained"/> is false).</summary>
    public static nn.Module<Tensor, Tensor> Backbone(string id, bool pretrained = true)
    {
        var entry = Get(id);
        var backbone = entry.CreateBackbone();
        if (pretrained)
        {
            if (entry.LoadWeights is null) throw new InvalidOperationException($"Model '{id}' has no pretrained weights.");
            entry.LoadWeights(backbone);
        }
        return backbone;
    }

    /// <summary>
    /// The backbone of <paramref name="id"/> with weights from a local file: TorchSharp .dat, PyTorch .pth/.pt/.bin
    /// (a state dict saved with torch.save) or .safetensors. Keys must match strictly, except the entry's dropped
    /// classifier keys (for the torchvision files themselves).
    /// </summary>
    public static nn.Module<Tensor, Tensor> Backbone(string id, string weightsPath)
    {
        var entry = Get(id);
        var backbone = entry.CreateBackbone();
        StateDict.Load(backbone, weightsPath, entry.Weights?.IgnoredKeys);
        return backbone;
    }

    /// <summary>
    /// A pretrained backbone with a new head for <paramref name="classes"/>: the starting point of transfer learning.
    /// <paramref name="inputSize"/> changes the side of the square the model sees (default: the entry's, e.g. 224),
    /// keeping its resize/crop ratio; every pipeline built from the model follows it. <paramref name="pooling"/>
    /// <see cref="Pooling.Flatten"/> flattens the last feature map instead of averaging it (the article's Keras head).
    /// <paramref name="weightsPath"/>: the backbone's weights from a local file instead of the zoo's download (see
    /// <see cref="Backbone(string, string)"/>).
    /// </summary>
    public static ImageClassifier Classifier(string id, IReadOnlyList<string> classes, HeadSpec? head = null, bool pretrained = true, int seed = Seeds.Default,
        int? inputSize = null, Pooling pooling = Pooling.Avg, string? weightsPath = null) =>
        ModelSpec.For(id, classes, head, pooling, pretrained, inputSize, weightsPath is null ? null : Path.GetFullPath(weightsPath)).Build(seed);
}
