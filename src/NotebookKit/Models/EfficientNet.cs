using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// EfficientNet-B0 and EfficientNetV2-S feature extractors, written here because TorchVision 0.107 has neither. Module
/// names follow torchvision (features.1.0.block.1.fc1.weight …), so torchvision's .pth files load by name.
/// </summary>
public static class EfficientNet
{
    /// <summary>B0 stages: (expand ratio, kernel, stride, in, out, blocks), width and depth multipliers 1.0.</summary>
    static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Blocks)[] B0 =
    [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ];

    /// <summary>V2-S stages: (fused, expand ratio, kernel, stride, in, out, blocks); the first three use FusedMBConv.</summary>
    static readonly (bool Fused, int Expand, int Kernel, int Stride, int In, int Out, int Blocks)[] V2S =
    [
        (true, 1, 3, 1, 24, 24, 2), (true, 4, 3, 2, 24, 48, 4), (true, 4, 3, 2, 48, 64, 4),
        (false, 4, 3, 2, 64, 128, 6), (false, 6, 3, 1, 128, 160, 9), (false, 6, 3, 2, 160, 256, 15),
    ];

    /// <summary>Stochastic depth grows linearly with block index up to this probability (torchvision's value for B0 and V2-S).</summary>
    const double StochasticDepth = 0.2;

    /// <summary>BatchNorm epsilon: PyTorch's default for B0, 1e-3 for the V2 family (torchvision's choice).</summary>
    const double V2Eps = 1e-3;

    public static Sequential B0Features()
    {
        var total = B0.Sum(s => s.Blocks);
        var blockId = 0;
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("0", ConvNormActivation(3, 32, 3, 2)) };
        foreach (var (expand, kernel, stride, inC, outC, blocks) in B0)
            layers.Add((layers.Count.ToString(), Stage(blocks, j => new MBConv(j == 0 ? inC : outC, outC, expand, kernel, j == 0 ? stride : 1, StochasticDepth * blockId++ / total))));
        layers.Add((layers.Count.ToString(), ConvNormActivation(320, 1280, 1, 1)));
        var features = Sequential(layers);
        Initialise(features);
        return features;
    }

    /// <summary>EfficientNetV2-S's features (1280 channels out), torchvision 0.14's efficientnet_v2_s.</summary>
    public static Sequential V2SFeatures()
    {
        var total = V2S.Sum(s => s.Blocks);
        var blockId = 0;
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("0", ConvNormActivation(3, 24, 3, 2, eps: V2Eps)) };
        foreach (var (fused, expand, kernel, stride, inC, outC, blocks) in V2S)
            layers.Add((layers.Count.ToString(), Stage(blocks, j =>
            {
                var (i, s, p) = (j == 0 ? inC : outC, j == 0 ? stride : 1, StochasticDepth * blockId++ / total);
                return fused ? new FusedMBConv(i, outC, expand, kernel, s, p) : new MBConv(i, outC, expand, kernel, s, p, V2Eps);
            })));
        layers.Add((layers.Count.ToString(), ConvNormActivation(256, 1280, 1, 1, eps: V2Eps)));
        var features = Sequential(layers);
        Initialise(features);
        return features;
    }

    static Sequential Stage(int blocks, Func<int, Module<Tensor, Tensor>> block) =>
        Sequential(Enumerable.Range(0, blocks).Select(j => (j.ToString(), block(j))).ToList());

    /// <summary>torchvision's initialisation: Kaiming-normal (fan-out) convs with zero bias, BatchNorm 1 and 0.</summary>
    static void Initialise(Module features)
    {
        using var _ = no_grad();
        foreach (var (_, m) in features.named_modules())
        {
            if (m is Conv2d c)
            {
                init.kaiming_normal_(c.weight, mode: init.FanInOut.FanOut);
                if (c.bias is not null) init.zeros_(c.bias);
            }
            else if (m is BatchNorm2d b) { init.ones_(b.weight); init.zeros_(b.bias); }
        }
    }

    /// <summary>torchvision's Conv2dNormActivation with SiLU (or none).</summary>
    internal static Sequential ConvNormActivation(long inC, long outC, long kernel, long stride, long groups = 1, bool activation = true, double eps = 1e-5) =>
        TorchVisionLayers.ConvNormActivation(inC, outC, kernel, stride, groups, activation ? () => SiLU() : null, eps);
}

/// <summary>Mobile inverted bottleneck with squeeze-and-excitation (torchvision's MBConv): expand 1×1 → depthwise k×k → SE → project 1×1.</summary>
sealed class MBConv : Module<Tensor, Tensor>
{
    readonly Sequential block;
    readonly bool residual;
    readonly double dropProbability;

    public MBConv(int inC, int outC, int expandRatio, int kernel, int stride, double stochasticDepth, double eps = 1e-5) : base(nameof(MBConv))
    {
        residual = stride == 1 && inC == outC;
        dropProbability = stochasticDepth;
        var expanded = TorchVisionLayers.MakeDivisible(inC * expandRatio);
        var layers = new List<Module<Tensor, Tensor>>();
        if (expanded != inC) layers.Add(EfficientNet.ConvNormActivation(inC, expanded, 1, 1, eps: eps));
        layers.Add(EfficientNet.ConvNormActivation(expanded, expanded, kernel, stride, groups: expanded, eps: eps));
        layers.Add(new SqueezeExcitation(expanded, Math.Max(1, inC / 4)));
        layers.Add(EfficientNet.ConvNormActivation(expanded, outC, 1, 1, activation: false, eps: eps));
        block = Sequential(layers.Select((l, i) => (i.ToString(), l)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = block.call(x);
        if (!residual) return y.MoveToOuterDisposeScope();
        return (TorchVisionLayers.StochasticDepth(y, dropProbability, training) + x).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's FusedMBConv (EfficientNetV2's early stages): one k×k conv expands (or maps directly), a 1×1 projects; no SE.</summary>
sealed class FusedMBConv : Module<Tensor, Tensor>
{
    readonly Sequential block;
    readonly bool residual;
    readonly double dropProbability;

    public FusedMBConv(int inC, int outC, int expandRatio, int kernel, int stride, double stochasticDepth) : base(nameof(FusedMBConv))
    {
        residual = stride == 1 && inC == outC;
        dropProbability = stochasticDepth;
        var expanded = TorchVisionLayers.MakeDivisible(inC * expandRatio);
        block = expanded != inC
            ? Sequential(("0", EfficientNet.ConvNormActivation(inC, expanded, kernel, stride, eps: 1e-3)), ("1", EfficientNet.ConvNormActivation(expanded, outC, 1, 1, activation: false, eps: 1e-3)))
            : Sequential(("0", EfficientNet.ConvNormActivation(inC, outC, kernel, stride, eps: 1e-3)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = block.call(x);
        if (!residual) return y.MoveToOuterDisposeScope();
        return (TorchVisionLayers.StochasticDepth(y, dropProbability, training) + x).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// torchvision's SqueezeExcitation: channel weights from a pooled 1×1 conv bottleneck (fc1, activation, fc2, gate).
/// EfficientNet: SiLU and sigmoid (the defaults); MobileNetV3: ReLU and hard sigmoid; RegNet: ReLU and sigmoid.
/// </summary>
sealed class SqueezeExcitation : Module<Tensor, Tensor>
{
    readonly AdaptiveAvgPool2d avgpool = AdaptiveAvgPool2d(1);
    readonly Module<Tensor, Tensor> fc1, fc2; // plain modules, as torchvision's attributes, so an execution plan can put stand-ins in their place
    readonly Module<Tensor, Tensor> activation, scale_activation;

    public SqueezeExcitation(long channels, long squeeze, Module<Tensor, Tensor>? activation = null, Module<Tensor, Tensor>? scaleActivation = null) : base(nameof(SqueezeExcitation))
    {
        fc1 = Conv2d(channels, squeeze, 1);
        fc2 = Conv2d(squeeze, channels, 1);
        this.activation = activation ?? SiLU();
        scale_activation = scaleActivation ?? Sigmoid();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = scale_activation.call(fc2.call(activation.call(fc1.call(avgpool.call(x)))));
        return (x * scale).MoveToOuterDisposeScope();
    }
}
