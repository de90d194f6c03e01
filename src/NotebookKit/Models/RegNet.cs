using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision 0.14's RegNetY-800MF (TorchVision 0.107 has no RegNet), with its module names: stem, trunk_output.blockS.blockS-i.
/// The stage widths and depths are what torchvision's BlockParams derives from (depth 14, w0 56, wa 38.84, wm 2.4,
/// group width 16, SE ratio 0.25): widths 64, 144, 320, 784 and depths 1, 3, 8, 2.
/// </summary>
public static class RegNet
{
    static readonly (int Width, int Depth)[] Y800MF = [(64, 1), (144, 3), (320, 8), (784, 2)];
    const int GroupWidth = 16;
    const double SeRatio = 0.25;

    public const int Y800mfFeatures = 784;

    /// <summary>The stem (3×3 conv, stride 2, to 32 channels) and trunk_output (stages block1–block4, each starting with stride 2).</summary>
    public static (Sequential Stem, Sequential Trunk) Y800mf()
    {
        var stem = TorchVisionLayers.ConvNormActivation(3, 32, 3, 2, activation: () => ReLU());
        var stages = new List<(string, Module<Tensor, Tensor>)>();
        var widthIn = 32;
        for (var s = 0; s < Y800MF.Length; s++)
        {
            var (width, depth) = Y800MF[s];
            var blocks = Enumerable.Range(0, depth)
                .Select(i => ($"block{s + 1}-{i}", (Module<Tensor, Tensor>)new ResBottleneckBlock(i == 0 ? widthIn : width, width, i == 0 ? 2 : 1))).ToList();
            stages.Add(($"block{s + 1}", Sequential(blocks)));
            widthIn = width;
        }
        return (stem, Sequential(stages));
    }

    /// <summary>torchvision's ResBottleneckBlock: x + f(x) (projected when the shape changes), then ReLU.</summary>
    internal sealed class ResBottleneckBlock : Module<Tensor, Tensor>
    {
        readonly Sequential? proj;
        readonly Sequential f;
        readonly ReLU activation = ReLU();

        public ResBottleneckBlock(int widthIn, int widthOut, int stride) : base(nameof(ResBottleneckBlock))
        {
            if (widthIn != widthOut || stride != 1) proj = TorchVisionLayers.ConvNormActivation(widthIn, widthOut, 1, stride);
            // BottleneckTransform with bottleneck multiplier 1: a (1×1), b (grouped 3×3), se, c (1×1).
            f = Sequential(
                ("a", TorchVisionLayers.ConvNormActivation(widthIn, widthOut, 1, activation: () => ReLU())),
                ("b", TorchVisionLayers.ConvNormActivation(widthOut, widthOut, 3, stride, groups: widthOut / GroupWidth, activation: () => ReLU())),
                ("se", new SqueezeExcitation(widthOut, (int)Math.Round(SeRatio * widthIn, MidpointRounding.ToEven), ReLU(), Sigmoid())),
                ("c", TorchVisionLayers.ConvNormActivation(widthOut, widthOut, 1)));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var shortcut = proj is null ? x : proj.call(x);
            return activation.call(shortcut + f.call(x)).MoveToOuterDisposeScope();
        }
    }
}
