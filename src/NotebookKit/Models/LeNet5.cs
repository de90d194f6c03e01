using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// LeNet-5 (LeCun et al. 1998) for chapter 1, random init only: C1 conv 5×5 (6) → pool → C3 conv 5×5 (16) → pool →
/// C5 (120) → F6 (84) features; the original 10-way output layer is the head. Simplified as modern re-implementations
/// do: RGB 32×32 input, full C3 connections, tanh and average pooling, no RBF output.
/// Groups: stem = conv1 (C1), layer1 = conv2 (C3), layer2 = fc1 (C5), layer3 = fc2 (F6); it has no layer4.
/// </summary>
public sealed class LeNet5 : Module<Tensor, Tensor>, IBackbone
{
    public const int InputSize = 32;
    const int GroupCount = 4;

    // Plain modules, as PyTorch attributes are, so an execution plan can put stand-ins in their place.
    readonly Module<Tensor, Tensor> conv1, conv2, fc1, fc2;

    public int FeatureCount => 84;

    public LeNet5() : base("lenet5")
    {
        conv1 = Conv2d(3, 6, 5);
        conv2 = Conv2d(6, 16, 5);
        fc1 = Linear(16 * 5 * 5, 120);
        fc2 = Linear(120, 84);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var g = 0; g < GroupCount; g++) x = ForwardGroup(g, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>Each layer with its tanh; the convs with their 2×2 average pooling, C3's flattened for C5.</summary>
    public Tensor ForwardGroup(int index, Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = index switch
        {
            0 => functional.avg_pool2d(tanh(conv1.call(x)), 2),
            1 => functional.avg_pool2d(tanh(conv2.call(x)), 2).flatten(1),
            2 => tanh(fc1.call(x)),
            3 => tanh(fc2.call(x)),
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, "LeNet-5 has groups 0 (stem) … 3 (layer3)."),
        };
        return y.MoveToOuterDisposeScope();
    }

    public IReadOnlyList<LayerGroup> LayerGroups =>
    [
        new("stem", [conv1]),
        new("layer1", [conv2]),
        new("layer2", [fc1]),
        new("layer3", [fc2]),
    ];
}
