using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// A backbone whose last group ends with a flatten instead of global average pooling: [N, C·H·W] rather than [N, C].
/// That is Keras' <c>include_top=False</c> base followed by <c>Flatten()</c>, the head of the article's case study; its
/// first Dense layer then weighs every position of the last feature map (H·W times the parameters of a pooled head),
/// and the model only accepts the input size it was built for. The last group must be one stage module (a ResNet's
/// layer4); it is named "<c>layer4+flatten</c>", so its cached outputs never mix with the pooled ones.
/// </summary>
public sealed class FlattenedBackbone : nn.Module<Tensor, Tensor>, IBackbone
{
    readonly nn.Module<Tensor, Tensor> inner;
    readonly nn.Module<Tensor, Tensor> lastStage;
    readonly IReadOnlyList<LayerGroup> groups;
    readonly int inputSize;

    public int FeatureCount { get; }
    public IReadOnlyList<LayerGroup> LayerGroups => groups;

    public FlattenedBackbone(nn.Module<Tensor, Tensor> backbone, int inputSize) : base("flattened")
    {
        if (backbone is not IBackbone b) throw new ArgumentException("The backbone must implement IBackbone.", nameof(backbone));
        var last = b.LayerGroups[^1];
        if (last.Modules is not [nn.Module<Tensor, Tensor> stage])
            throw new ArgumentException($"The last group '{last.Name}' is not one stage module, so its pooling cannot be left out; use a ResNet backbone.", nameof(backbone));
        inner = backbone;
        this.inputSize = inputSize;
        lastStage = stage;
        groups = [.. b.LayerGroups.Take(b.LayerGroups.Count - 1), new LayerGroup($"{last.Name}+flatten", [stage])];
        using (no_grad())
        {
            using var scope = NewDisposeScope();
            var wasTraining = backbone.training;
            backbone.eval();
            var x = zeros(1, 3, inputSize, inputSize);
            for (var g = 0; g < groups.Count; g++) x = ForwardGroup(g, x);
            FeatureCount = (int)x.shape[1];
            backbone.train(wasTraining);
        }
        RegisterComponents();
    }

    /// <summary>A pretrained classifier <paramref name="id"/> with this backbone (at the entry's own input size) and <paramref name="head"/>.</summary>
    public static ImageClassifier Classifier(string id, IReadOnlyList<string> classes, HeadSpec head, int seed = Seeds.Default)
    {
        var entry = Pretrained.Get(id);
        var backbone = Pretrained.Backbone(id);
        var flattened = new FlattenedBackbone(backbone, entry.Preprocess.InputSize);
        manual_seed(seed);
        return new ImageClassifier(entry, flattened, classes, head);
    }

    /// <summary>The module that defines <paramref name="backbone"/>'s layers: the wrapped one for a flattened backbone, else itself.</summary>
    public static nn.Module<Tensor, Tensor> Unwrap(nn.Module<Tensor, Tensor> backbone) => backbone is FlattenedBackbone flat ? flat.inner : backbone;

    /// <summary>The same wrapper around another backbone of the same architecture (e.g. a fresh copy to load weights into).</summary>
    public FlattenedBackbone Around(nn.Module<Tensor, Tensor> backbone) => new(backbone, inputSize);

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var g = 0; g < groups.Count; g++) x = ForwardGroup(g, x);
        return x.MoveToOuterDisposeScope();
    }

    public Tensor ForwardGroup(int index, Tensor x) =>
        index == groups.Count - 1 ? lastStage.call(x).flatten(1) : ((IBackbone)inner).ForwardGroup(index, x);
}
