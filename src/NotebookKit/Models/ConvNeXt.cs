using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision 0.14's ConvNeXt-Tiny features (TorchVision 0.107 has none), with its module names: features.0 (4×4
/// patchify conv + LayerNorm2d), features.1/3/5/7 (stages of CNBlocks), features.2/4/6 (LayerNorm2d + 2×2 conv downsampling).
/// </summary>
public static class ConvNeXt
{
    /// <summary>Tiny: (channels, blocks) per stage.</summary>
    static readonly (int Channels, int Blocks)[] Tiny = [(96, 3), (192, 3), (384, 9), (768, 3)];

    /// <summary>Stochastic depth grows linearly over all blocks from 0 to this (torchvision's value for Tiny).</summary>
    const double StochasticDepth = 0.1;

    public static Sequential TinyFeatures()
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>
        {
            ("0", Sequential(("0", Conv2d(3, 96, 4, stride: 4)), ("1", new LayerNorm2d(96)))),
        };
        var total = Tiny.Sum(s => s.Blocks);
        var blockId = 0;
        for (var s = 0; s < Tiny.Length; s++)
        {
            var (channels, blocks) = Tiny[s];
            layers.Add((layers.Count.ToString(), Sequential(Enumerable.Range(0, blocks)
                .Select(j => (j.ToString(), (Module<Tensor, Tensor>)new CNBlock(channels, StochasticDepth * blockId++ / (total - 1.0)))).ToList())));
            if (s + 1 < Tiny.Length)
                layers.Add((layers.Count.ToString(), Sequential(("0", new LayerNorm2d(channels)), ("1", Conv2d(channels, Tiny[s + 1].Channels, 2, stride: 2)))));
        }
        return Sequential(layers);
    }
}

/// <summary>
/// torchvision's CNBlock: depthwise 7×7 conv → LayerNorm (channels last) → Linear ×4 → GELU → Linear back, scaled by
/// the learned per-channel layer_scale, then stochastic depth and the residual.
/// </summary>
sealed class CNBlock : Module<Tensor, Tensor>
{
    readonly Parameter layer_scale;
    readonly Sequential block;
    readonly double dropProbability;

    internal Parameter LayerScale => layer_scale;

    public CNBlock(int dim, double stochasticDepth) : base(nameof(CNBlock))
    {
        layer_scale = Parameter(ones(dim, 1, 1) * 1e-6);
        block = Sequential(
            ("0", Conv2d(dim, dim, 7, padding: 3, groups: dim)),
            ("1", new Permute(0, 2, 3, 1)),
            ("2", LayerNorm(dim, eps: 1e-6)),
            ("3", Linear(dim, 4 * dim)),
            ("4", GELU()),
            ("5", Linear(4 * dim, dim)),
            ("6", new Permute(0, 3, 1, 2)));
        dropProbability = stochasticDepth;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = layer_scale * block.call(x);
        return (TorchVisionLayers.StochasticDepth(y, dropProbability, training) + x).MoveToOuterDisposeScope();
    }
}
