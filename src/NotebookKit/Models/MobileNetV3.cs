using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision 0.14's MobileNetV3-Large (TorchVision 0.107 has none), with its module names: features.N.block.M…,
/// classifier.0 (the 960→1280 Linear whose output, after hard-swish, is the network's pre-logits).
/// </summary>
public static class MobileNetV3
{
    /// <summary>(in, kernel, expanded, out, SE, hard-swish, stride) per inverted residual, torchvision's large setting.</summary>
    static readonly (int In, int Kernel, int Expanded, int Out, bool Se, bool HardSwish, int Stride)[] Large =
    [
        (16, 3, 16, 16, false, false, 1), (16, 3, 64, 24, false, false, 2), (24, 3, 72, 24, false, false, 1),
        (24, 5, 72, 40, true, false, 2), (40, 5, 120, 40, true, false, 1), (40, 5, 120, 40, true, false, 1),
        (40, 3, 240, 80, false, true, 2), (80, 3, 200, 80, false, true, 1), (80, 3, 184, 80, false, true, 1),
        (80, 3, 184, 80, false, true, 1), (80, 3, 480, 112, true, true, 1), (112, 3, 672, 112, true, true, 1),
        (112, 5, 672, 160, true, true, 2), (160, 5, 960, 160, true, true, 1), (160, 5, 960, 160, true, true, 1),
    ];

    /// <summary>BatchNorm epsilon of torchvision's MobileNetV3 (1e-3, not PyTorch's default).</summary>
    const double Eps = 1e-3;

    /// <summary>features.0 (stem conv), features.1–15 (inverted residuals), features.16 (1×1 conv to 960).</summary>
    public static Sequential LargeFeatures()
    {
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("0", TorchVisionLayers.ConvNormActivation(3, 16, 3, 2, activation: () => Hardswish(), eps: Eps)) };
        foreach (var c in Large)
            layers.Add((layers.Count.ToString(), new InvertedResidualV3(c.In, c.Kernel, c.Expanded, c.Out, c.Se, c.HardSwish, c.Stride)));
        layers.Add((layers.Count.ToString(), TorchVisionLayers.ConvNormActivation(160, 960, 1, activation: () => Hardswish(), eps: Eps)));
        return Sequential(layers);
    }

    /// <summary>classifier[:3]: Linear(960, 1280), hard-swish, dropout 0.2 — the part of torchvision's classifier before its last Linear.</summary>
    public static Sequential PreLogits() => Sequential(("0", Linear(960, 1280)), ("1", Hardswish()), ("2", Dropout(0.2)));
}

/// <summary>torchvision's MobileNetV3 InvertedResidual: [expand 1×1] → depthwise k×k → [SE with hard sigmoid] → project 1×1, residual when shapes allow.</summary>
sealed class InvertedResidualV3 : Module<Tensor, Tensor>
{
    readonly Sequential block;
    readonly bool residual;

    public InvertedResidualV3(int inC, int kernel, int expanded, int outC, bool se, bool hardSwish, int stride) : base("InvertedResidual")
    {
        residual = stride == 1 && inC == outC;
        Func<Module<Tensor, Tensor>> activation = hardSwish ? () => Hardswish() : () => ReLU();
        var layers = new List<Module<Tensor, Tensor>>();
        if (expanded != inC) layers.Add(TorchVisionLayers.ConvNormActivation(inC, expanded, 1, activation: activation, eps: 1e-3));
        layers.Add(TorchVisionLayers.ConvNormActivation(expanded, expanded, kernel, stride, groups: expanded, activation: activation, eps: 1e-3));
        if (se) layers.Add(new SqueezeExcitation(expanded, TorchVisionLayers.MakeDivisible(expanded / 4), ReLU(), Hardsigmoid()));
        layers.Add(TorchVisionLayers.ConvNormActivation(expanded, outC, 1, eps: 1e-3));
        block = Sequential(layers.Select((l, i) => (i.ToString(), l)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = block.call(x);
        return (residual ? y + x : y).MoveToOuterDisposeScope();
    }
}
