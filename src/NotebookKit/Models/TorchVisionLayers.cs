using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>Building blocks shared by the ports of torchvision's architectures, with torchvision's module names.</summary>
static class TorchVisionLayers
{
    /// <summary>
    /// torchvision's Conv2dNormActivation: conv "0" (no bias, "same" padding), BatchNorm "1" (<paramref name="eps"/>),
    /// then the activation "2" when there is one.
    /// </summary>
    internal static Sequential ConvNormActivation(long inC, long outC, long kernel, long stride = 1, long groups = 1,
        Func<Module<Tensor, Tensor>>? activation = null, double eps = 1e-5)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", Conv2d(inC, outC, kernel, stride: stride, padding: (kernel - 1) / 2, groups: groups, bias: false)),
            ("1", BatchNorm2d(outC, eps: eps)),
        };
        if (activation is not null) layers.Add(("2", activation()));
        return Sequential(layers);
    }

    /// <summary>
    /// torchvision's stochastic depth in "row" mode: while training, drops the residual branch <paramref name="x"/> per
    /// sample with probability <paramref name="p"/> and rescales the survivors; the identity otherwise.
    /// </summary>
    internal static Tensor StochasticDepth(Tensor x, double p, bool training)
    {
        if (!training || p <= 0) return x;
        var keep = 1 - p;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        return x * empty(shape, dtype: x.dtype, device: x.device).bernoulli_(keep).div_(keep);
    }

    /// <summary>torchvision's _make_divisible: rounds channels to a multiple of <paramref name="divisor"/>, never below 90% of <paramref name="value"/>.</summary>
    internal static int MakeDivisible(double value, int divisor = 8)
    {
        var rounded = Math.Max(divisor, (int)(value + divisor / 2.0) / divisor * divisor);
        return rounded < 0.9 * value ? rounded + divisor : rounded;
    }
}

/// <summary>torchvision.ops.Permute: reorders dimensions (channels-first ↔ channels-last around LayerNorm and Linear).</summary>
sealed class Permute(params long[] dims) : Module<Tensor, Tensor>("permute")
{
    internal long[] Dims => dims;

    public override Tensor forward(Tensor x) => x.permute(dims);
}

/// <summary>
/// torchvision's LayerNorm2d (ConvNeXt): LayerNorm over the channels of an NCHW tensor. Its parameters are named
/// weight and bias, as the subclassed nn.LayerNorm's are in PyTorch; the freeze rules treat it as a LayerNorm.
/// </summary>
public sealed class LayerNorm2d : Module<Tensor, Tensor>
{
    readonly long[] shape;
    readonly double eps;
    readonly Parameter weight, bias;

    internal (Parameter Weight, Parameter Bias, double Eps) Parts => (weight, bias, eps);

    public LayerNorm2d(long channels, double eps = 1e-6) : base(nameof(LayerNorm2d))
    {
        shape = [channels];
        this.eps = eps;
        weight = Parameter(ones(channels));
        bias = Parameter(zeros(channels));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.layer_norm(x.permute(0, 2, 3, 1), shape, weight, bias, eps);
        return y.permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }
}
