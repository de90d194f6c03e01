using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// EfficientNet-B0's feature extractor, written here because TorchVision 0.107 has no EfficientNet. Module names
/// follow torchvision (features.1.0.block.1.fc1.weight …), so efficientnet_b0_rwightman-*.pth loads by name.
/// </summary>
public static class EfficientNet
{
    /// <summary>B0 stages: (expand ratio, kernel, stride, in, out, blocks), width and depth multipliers 1.0.</summary>
    static readonly (int Expand, int Kernel, int Stride, int In, int Out, int Blocks)[] B0 =
    [
        (1, 3, 1, 32, 16, 1), (6, 3, 2, 16, 24, 2), (6, 5, 2, 24, 40, 2), (6, 3, 2, 40, 80, 3),
        (6, 5, 1, 80, 112, 3), (6, 5, 2, 112, 192, 4), (6, 3, 1, 192, 320, 1),
    ];

    /// <summary>Stochastic depth grows linearly with block index up to this probability (torchvision's B0 value).</summary>
    const double StochasticDepth = 0.2;

    public static Sequential B0Features()
    {
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("0", ConvNormActivation(3, 32, 3, 2)) };
        var total = B0.Sum(s => s.Blocks);
        var blockId = 0;
        foreach (var (expand, kernel, stride, inC, outC, blocks) in B0)
        {
            var stage = new List<(string, Module<Tensor, Tensor>)>();
            for (var j = 0; j < blocks; j++)
            {
                var p = StochasticDepth * blockId++ / total;
                stage.Add((j.ToString(), new MBConv(j == 0 ? inC : outC, outC, expand, kernel, j == 0 ? stride : 1, p)));
            }
            layers.Add((layers.Count.ToString(), Sequential(stage)));
        }
        layers.Add((layers.Count.ToString(), ConvNormActivation(320, 1280, 1, 1)));
        var features = Sequential(layers);
        Initialise(features);
        return features;
    }

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

    /// <summary>torchvision's Conv2dNormActivation: conv (no bias) "0", BatchNorm "1", optional SiLU "2".</summary>
    internal static Sequential ConvNormActivation(long inC, long outC, long kernel, long stride, long groups = 1, bool activation = true)
    {
        var conv = Conv2d(inC, outC, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        return activation
            ? Sequential(("0", conv), ("1", BatchNorm2d(outC)), ("2", SiLU()))
            : Sequential(("0", conv), ("1", BatchNorm2d(outC)));
    }
}

/// <summary>Mobile inverted bottleneck with squeeze-and-excitation (torchvision's MBConv): expand 1×1 → depthwise k×k → SE → project 1×1.</summary>
sealed class MBConv : Module<Tensor, Tensor>
{
    readonly Sequential block;
    readonly bool residual;
    readonly double dropProbability;

    public MBConv(int inC, int outC, int expandRatio, int kernel, int stride, double stochasticDepth) : base(nameof(MBConv))
    {
        residual = stride == 1 && inC == outC;
        dropProbability = stochasticDepth;
        var expanded = inC * expandRatio;
        var layers = new List<Module<Tensor, Tensor>>();
        if (expanded != inC) layers.Add(EfficientNet.ConvNormActivation(inC, expanded, 1, 1));
        layers.Add(EfficientNet.ConvNormActivation(expanded, expanded, kernel, stride, groups: expanded));
        layers.Add(new SqueezeExcitation(expanded, Math.Max(1, inC / 4)));
        layers.Add(EfficientNet.ConvNormActivation(expanded, outC, 1, 1, activation: false));
        block = Sequential(layers.Select((l, i) => (i.ToString(), l)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = block.call(x);
        if (!residual) return y.MoveToOuterDisposeScope();
        if (training && dropProbability > 0)
        {
            // Stochastic depth, "row" mode: drop the whole residual branch per sample, rescale the survivors.
            var keep = 1 - dropProbability;
            y = y * empty([y.shape[0], 1, 1, 1], device: y.device).bernoulli_(keep).div_(keep);
        }
        return (y + x).MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's SqueezeExcitation: channel weights from a pooled 1×1 conv bottleneck (fc1, fc2), SiLU inside, sigmoid gate.</summary>
sealed class SqueezeExcitation : Module<Tensor, Tensor>
{
    readonly AdaptiveAvgPool2d avgpool = AdaptiveAvgPool2d(1);
    readonly Module<Tensor, Tensor> fc1, fc2; // plain modules, as torchvision's attributes, so an execution plan can put stand-ins in their place

    public SqueezeExcitation(long channels, long squeeze) : base(nameof(SqueezeExcitation))
    {
        fc1 = Conv2d(channels, squeeze, 1);
        fc2 = Conv2d(squeeze, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = functional.sigmoid(fc2.call(functional.silu(fc1.call(avgpool.call(x)))));
        return (x * scale).MoveToOuterDisposeScope();
    }
}
