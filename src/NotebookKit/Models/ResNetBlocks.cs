using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// torchvision's BasicBlock (two 3×3 convs), with its parameter names, so state dicts map one to one. Layers are
/// declared as plain modules, as torchvision's attributes are untyped, so an execution plan can put stand-ins in their
/// place (<see cref="ModuleTree"/>).
/// </summary>
public sealed class BasicBlock : Module<Tensor, Tensor>
{
    public const int Expansion = 1;
    readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2;
    readonly Module<Tensor, Tensor>? downsample;

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
        var y = functional.relu(bn1.call(conv1.call(x)));
        y = bn2.call(conv2.call(y));
        y = y.add_(downsample is null ? x : downsample.call(x));
        return y.relu_().MoveToOuterDisposeScope();
    }
}

/// <summary>torchvision's Bottleneck (1×1, 3×3, 1×1 convs, 4× expansion) for ResNet-50 and deeper.</summary>
public sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const int Expansion = 4;
    readonly Module<Tensor, Tensor> conv1, bn1, conv2, bn2, conv3, bn3;
    readonly Module<Tensor, Tensor>? downsample;

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
        var y = functional.relu(bn1.call(conv1.call(x)));
        y = functional.relu(bn2.call(conv2.call(y)));
        y = bn3.call(conv3.call(y));
        y = y.add_(downsample is null ? x : downsample.call(x));
        return y.relu_().MoveToOuterDisposeScope();
    }
}
