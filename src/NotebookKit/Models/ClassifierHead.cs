using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>The trainable head: features [N,F] → logits [N,C] (or [N,1] for a sigmoid head), plus its loss and probabilities.</summary>
public sealed class ClassifierHead : Module<Tensor, Tensor>
{
    readonly Module<Tensor, Tensor> layers;

    public HeadSpec Spec { get; }
    public int Features { get; }
    public int Classes { get; }

    public ClassifierHead(int features, int classes, HeadSpec spec) : base("head")
    {
        Spec = spec;
        Features = features;
        Classes = classes;
        var outputs = spec.Outputs(classes);
        layers = spec.Hidden > 0
            ? Sequential(("0", Linear(features, spec.Hidden)), ("1", ReLU()), ("2", nn.Dropout(spec.Dropout)), ("3", Linear(spec.Hidden, outputs)))
            : Sequential(("0", Linear(features, outputs)));
        RegisterComponents();
    }

    /// <summary>Logits.</summary>
    public override Tensor forward(Tensor features) => layers.forward(features);

    /// <summary>
    /// Mean loss of a batch: binary cross-entropy for a sigmoid head, cross-entropy otherwise. With
    /// <paramref name="classWeights"/> [C], each image counts by its class's weight and the mean is over those weights
    /// (PyTorch's <c>cross_entropy(weight=…)</c>), for both head types.
    /// </summary>
    public Tensor Loss(Tensor logits, Tensor labels, Tensor? classWeights = null)
    {
        if (!Spec.Sigmoid) return functional.cross_entropy(logits, labels, classWeights);
        var targets = labels.to_type(ScalarType.Float32);
        if (classWeights is null) return functional.binary_cross_entropy_with_logits(logits.squeeze(1), targets);
        using var scope = NewDisposeScope();
        var w = classWeights.index_select(0, labels);
        var each = functional.binary_cross_entropy_with_logits(logits.squeeze(1), targets, reduction: Reduction.None);
        return ((each * w).sum() / w.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>Class probabilities [N,C] whatever the head type.</summary>
    public Tensor Probabilities(Tensor logits)
    {
        if (!Spec.Sigmoid) return functional.softmax(logits, 1);
        var p = sigmoid(logits);
        return cat([1 - p, p], 1);
    }
}
