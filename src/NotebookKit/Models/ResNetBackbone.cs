using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// A ResNet without its classifier: image [N,3,H,W] → features [N, FeatureCount], globally average-pooled or flattened
/// (<see cref="Models.Pooling"/>). Children and
/// parameters carry torchvision's names (conv1, bn1, layer1.0.conv1 …) so torchvision state dicts load as is.
/// </summary>
public sealed class ResNetBackbone : Module<Tensor, Tensor>, IBackbone
{
    readonly Module<Tensor, Tensor> conv1, bn1; // plain modules, as torchvision's attributes, so an execution plan can put stand-ins in their place
    readonly MaxPool2d maxpool;
    readonly Sequential layer1, layer2, layer3, layer4;
    readonly AdaptiveAvgPool2d avgpool;
    const int GroupCount = 5;

    public int FeatureCount { get; }
    public Pooling Pooling { get; }

    /// <param name="layers">Blocks per stage, e.g. [2,2,2,2] for ResNet-18, [3,4,6,3] for ResNet-34/50.</param>
    /// <param name="bottleneck">Bottleneck blocks (ResNet-50+) instead of basic blocks.</param>
    /// <param name="inputSize">The input side; only a flattened backbone's feature count depends on it.</param>
    public ResNetBackbone(string name, int[] layers, bool bottleneck = false, Pooling pooling = Pooling.Avg, int inputSize = 224) : base(name)
    {
        if (layers.Length != 4) throw new ArgumentException("A ResNet has four stages.", nameof(layers));
        var expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        conv1 = Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = MaxPool2d(3, stride: 2, padding: 1);
        var inPlanes = 64;
        Sequential Stage(int planes, int blocks, int stride)
        {
            var list = new List<(string, Module<Tensor, Tensor>)>();
            for (var i = 0; i < blocks; i++)
            {
                Module<Tensor, Tensor> block = bottleneck
                    ? new Bottleneck(inPlanes, planes, i == 0 ? stride : 1)
                    : new BasicBlock(inPlanes, planes, i == 0 ? stride : 1);
                list.Add((i.ToString(), block));
                inPlanes = planes * expansion;
            }
            return Sequential(list);
        }
        layer1 = Stage(64, layers[0], 1);
        layer2 = Stage(128, layers[1], 2);
        layer3 = Stage(256, layers[2], 2);
        layer4 = Stage(512, layers[3], 2);
        avgpool = AdaptiveAvgPool2d(1);
        Pooling = pooling;
        FeatureCount = 512 * expansion * (pooling == Pooling.Flatten ? LastMapSide(inputSize) * LastMapSide(inputSize) : 1);
        RegisterComponents();
        Initialise();
    }

    /// <summary>torchvision's initialisation: Kaiming-normal convs (fan-out), BatchNorm weight 1 and bias 0.</summary>
    void Initialise()
    {
        using var _ = no_grad();
        foreach (var (_, m) in named_modules())
        {
            if (m is Conv2d c) init.kaiming_normal_(c.weight, mode: init.FanInOut.FanOut, nonlinearity: init.NonlinearityType.ReLU);
            else if (m is BatchNorm2d b) { init.ones_(b.weight); init.zeros_(b.bias); }
        }
    }

    /// <summary>The side of layer4's map: the stem's conv and max-pool and the three strided stages each halve it, rounding up.</summary>
    static int LastMapSide(int inputSize)
    {
        var side = inputSize;
        for (var i = 0; i < 5; i++) side = (side + 1) / 2;
        return side;
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        for (var g = 0; g < GroupCount; g++) x = ForwardGroup(g, x);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>stem = conv1, bn1, ReLU, 3×3/2 max-pool; layer1 … layer3; layer4 then global average pooling (unless flattened) and flatten.</summary>
    public Tensor ForwardGroup(int index, Tensor x)
    {
        using var scope = NewDisposeScope();
        // call(), not forward(): forward hooks (ModelInspector, ModelComplexity) only run through call().
        var y = index switch
        {
            0 => maxpool.call(functional.relu(bn1.call(conv1.call(x)))),
            1 => layer1.call(x),
            2 => layer2.call(x),
            3 => layer3.call(x),
            4 => (Pooling == Pooling.Avg ? avgpool.call(layer4.call(x)) : layer4.call(x)).flatten(1),
            _ => throw new ArgumentOutOfRangeException(nameof(index), index, "A ResNet has groups 0 (stem) … 4 (layer4)."),
        };
        return y.MoveToOuterDisposeScope();
    }

    /// <summary>stem, layer1 … layer4: the units freezing strategies work on.</summary>
    public IReadOnlyList<LayerGroup> LayerGroups =>
    [
        new("stem", [conv1, bn1]),
        new("layer1", [layer1]),
        new("layer2", [layer2]),
        new("layer3", [layer3]),
        new(Pooling.LastGroupName("layer4"), [layer4]),
    ];
}
