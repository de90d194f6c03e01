using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>torchvision's BasicBlock (two 3×3 convs), with its parameter names, so state dicts map one to one.</summary>
public sealed class BasicBlock : Module<Tensor, Tensor>, IFoldsBatchNorm
{
    public const int Expansion = 1;
    readonly Conv2d conv1, conv2;
    readonly BatchNorm2d bn1, bn2;
    readonly Sequential? downsample;
    readonly BlockFolding folding = new();

    public BasicBlock(int inPlanes, int planes, int stride) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inPlanes, planes, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        if (stride != 1 || inPlanes != planes)
            downsample = Sequential(("0", Conv2d(inPlanes, planes, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(folding.Norm(bn1, Autocast.Conv(conv1, x)));
        y = folding.Norm(bn2, Autocast.Conv(conv2, y));
        y = y.add_(folding.Shortcut(downsample, x));
        return y.relu_().MoveToOuterDisposeScope();
    }

    public void FoldBatchNorm() => folding.Fold(downsample, (conv1, bn1), (conv2, bn2));
}

/// <summary>torchvision's Bottleneck (1×1, 3×3, 1×1 convs, 4× expansion) for ResNet-50 and deeper.</summary>
public sealed class Bottleneck : Module<Tensor, Tensor>, IFoldsBatchNorm
{
    public const int Expansion = 4;
    readonly Conv2d conv1, conv2, conv3;
    readonly BatchNorm2d bn1, bn2, bn3;
    readonly Sequential? downsample;
    readonly BlockFolding folding = new();

    public Bottleneck(int inPlanes, int planes, int stride) : base(nameof(Bottleneck))
    {
        conv1 = Conv2d(inPlanes, planes, 1, bias: false);
        bn1 = BatchNorm2d(planes);
        conv2 = Conv2d(planes, planes, 3, stride: stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(planes);
        conv3 = Conv2d(planes, planes * Expansion, 1, bias: false);
        bn3 = BatchNorm2d(planes * Expansion);
        if (stride != 1 || inPlanes != planes * Expansion)
            downsample = Sequential(("0", Conv2d(inPlanes, planes * Expansion, 1, stride: stride, bias: false)), ("1", BatchNorm2d(planes * Expansion)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(folding.Norm(bn1, Autocast.Conv(conv1, x)));
        y = functional.relu(folding.Norm(bn2, Autocast.Conv(conv2, y)));
        y = folding.Norm(bn3, Autocast.Conv(conv3, y));
        y = y.add_(folding.Shortcut(downsample, x));
        return y.relu_().MoveToOuterDisposeScope();
    }

    public void FoldBatchNorm() => folding.Fold(downsample, (conv1, bn1), (conv2, bn2), (conv3, bn3));
}

/// <summary>
/// A block's folding state (not a module, so state dicts are unchanged): once folded, BatchNorms are skipped and the
/// shortcut ("downsample" = 1×1 conv, BatchNorm) runs its convolution alone.
/// </summary>
sealed class BlockFolding
{
    (Conv2d Conv, BatchNorm2d Bn)? downsampleParts; // looked up once: Shortcut runs every step
    bool folded;

    public Tensor Norm(BatchNorm2d bn, Tensor x) => folded ? x : bn.call(x);

    public Tensor Shortcut(Sequential? downsample, Tensor x)
    {
        if (downsample is null) return x;
        if (folded) return Autocast.Conv(Parts(downsample).Conv, x);
        if (!Autocast.IsActive) return downsample.call(x);
        var (conv, bn) = Parts(downsample);
        return bn.call(Autocast.Conv(conv, x));
    }

    public void Fold(Sequential? downsample, params (Conv2d Conv, BatchNorm2d Bn)[] pairs)
    {
        if (folded) return;
        foreach (var (conv, bn) in pairs) BatchNormFolding.Fold(conv, bn);
        if (downsample is not null)
        {
            var (conv, bn) = Parts(downsample);
            BatchNormFolding.Fold(conv, bn);
        }
        folded = true;
    }

    (Conv2d Conv, BatchNorm2d Bn) Parts(Sequential downsample)
    {
        if (downsampleParts is { } parts) return parts;
        var children = downsample.children().ToList();
        return (downsampleParts = ((Conv2d)children[0], (BatchNorm2d)children[1])).Value;
    }
}
