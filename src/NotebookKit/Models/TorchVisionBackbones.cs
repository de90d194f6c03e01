using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// Backbones cut from TorchVision 0.107's models (plus the kit's EfficientNet-B0), without their 1000-way classifier.
/// Parameter names stay torchvision's, so the official .pth files load by name (the dropped classifier's keys are ignored).
/// Layer groups follow one rule: layerK ends where ResNet's layerK ends, at output stride 4, 8, 16 and 32;
/// the stem is what comes before layer1. Where a network has fully connected layers that are kept (AlexNet, VGG),
/// they belong to layer4.
/// </summary>
public static partial class TorchVisionBackbones
{
    public static ResNetBackbone ResNet18(Pooling pooling = Pooling.Avg, int inputSize = 224) => new("resnet18", [2, 2, 2, 2], pooling: pooling, inputSize: inputSize);
    public static ResNetBackbone ResNet34(Pooling pooling = Pooling.Avg, int inputSize = 224) => new("resnet34", [3, 4, 6, 3], pooling: pooling, inputSize: inputSize);
    public static ResNetBackbone ResNet50(Pooling pooling = Pooling.Avg, int inputSize = 224) => new("resnet50", [3, 4, 6, 3], bottleneck: true, pooling: pooling, inputSize: inputSize);

    /// <summary>
    /// VGG-16 up to fc7 (4096 features): conv blocks + avgpool + classifier[0..5] (fc6, fc7 with their ReLU and
    /// dropout), the cut of torchvision's fine-tuning tutorial, which keeps the pretrained fully connected layers.
    /// stem = block 1, layer1..layer3 = blocks 2–4, layer4 = block 5 + fc6 + fc7.
    /// </summary>
    public static StagedBackbone Vgg16()
    {
        var vgg = torchvision.models.vgg16();
        var (features, avgpool, classifier) = (Child<Sequential>(vgg, "features"), Child(vgg, "avgpool"), Child<Sequential>(vgg, "classifier"));
        var top = TakeFirst(classifier, 6);
        return new StagedBackbone("vgg16", [("features", features), ("avgpool", avgpool), ("flatten", Flatten()), ("classifier", top)], 4096, () =>
        [
            new("stem", Items(features, 0, 2)),
            new("layer1", Items(features, 5, 7)),
            new("layer2", Items(features, 10, 12, 14)),
            new("layer3", Items(features, 17, 19, 21)),
            new("layer4", [.. Items(features, 24, 26, 28), .. Items(top, 0, 3)]),
        ]);
    }

    /// <summary>AlexNet up to fc7 (4096 features). Five convs only: stem = conv1 (stride 4), layer1 = conv2, layer2 = conv3, layer3 = conv4 + conv5, layer4 = fc6 + fc7.</summary>
    public static StagedBackbone AlexNet()
    {
        var alexnet = torchvision.models.alexnet();
        var (features, avgpool, classifier) = (Child<Sequential>(alexnet, "features"), Child(alexnet, "avgpool"), Child<Sequential>(alexnet, "classifier"));
        var top = TakeFirst(classifier, 6);
        return new StagedBackbone("alexnet", [("features", features), ("avgpool", avgpool), ("flatten", Flatten()), ("classifier", top)], 4096, () =>
        [
            new("stem", Items(features, 0)),
            new("layer1", Items(features, 3)),
            new("layer2", Items(features, 6)),
            new("layer3", Items(features, 8, 10)),
            new("layer4", Items(top, 1, 4)),
        ]);
    }

    /// <summary>
    /// GoogLeNet (Inception v1) up to global pooling (1024 features); its dropout and fc are dropped.
    /// <paramref name="transformInput"/>: torchvision's pretrained weights were ported from TensorFlow and expect
    /// inputs scaled to [-1, 1]; torchvision re-maps ImageNet-normalised inputs first (transform_input=True), so do we.
    /// stem = conv1, layer1 = conv2 + conv3, layer2 = inception3a/b, layer3 = inception4a–e, layer4 = inception5a/b.
    /// </summary>
    public static StagedBackbone GoogLeNet(bool transformInput, Pooling pooling = Pooling.Avg, int inputSize = 224)
    {
        var googlenet = torchvision.models.googlenet();
        string[] names = ["conv1", "maxpool1", "conv2", "conv3", "maxpool2", "inception3a", "inception3b", "maxpool3",
            "inception4a", "inception4b", "inception4c", "inception4d", "inception4e", "maxpool4", "inception5a", "inception5b", "avgpool"];
        var children = names.Select(n => (n, Child(googlenet, n))).ToList();
        if (transformInput) children.Insert(0, ("transform_input", new GoogLeNetInputTransform()));
        children.Add(("flatten", Flatten()));
        Module<Tensor, Tensor> M(string n) => children.First(c => c.Item1 == n).Item2;
        return new StagedBackbone("googlenet", children, 1024, () =>
        [
            new("stem", [M("conv1")]),
            new("layer1", [M("conv2"), M("conv3")]),
            new("layer2", [M("inception3a"), M("inception3b")]),
            new("layer3", [.. new[] { "a", "b", "c", "d", "e" }.Select(s => M("inception4" + s))]),
            new("layer4", [M("inception5a"), M("inception5b")]),
        ], pooling, inputSize);
    }

    /// <summary>MobileNetV2 up to global pooling (1280 features). stem = features.0–1, layer1 = 2–3, layer2 = 4–6, layer3 = 7–13, layer4 = 14–18.</summary>
    public static StagedBackbone MobileNetV2(Pooling pooling = Pooling.Avg, int inputSize = 224)
    {
        var features = Child<Sequential>(torchvision.models.mobilenet_v2(), "features");
        return new StagedBackbone("mobilenet_v2", [("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten())], 1280, () =>
        [
            new("stem", Items(features, 0, 1)),
            new("layer1", Items(features, 2, 3)),
            new("layer2", Items(features, 4, 5, 6)),
            new("layer3", Items(features, [.. Enumerable.Range(7, 7)])),
            new("layer4", Items(features, [.. Enumerable.Range(14, 5)])),
        ], pooling, inputSize);
    }

    /// <summary>EfficientNet-B0 up to global pooling (1280 features). stem = features.0–1, layer1 = 2, layer2 = 3, layer3 = 4–5, layer4 = 6–8.</summary>
    public static StagedBackbone EfficientNetB0(Pooling pooling = Pooling.Avg, int inputSize = 224)
    {
        var features = EfficientNet.B0Features();
        return new StagedBackbone("efficientnet_b0", [("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten())], 1280, () =>
        [
            new("stem", Items(features, 0, 1)),
            new("layer1", Items(features, 2)),
            new("layer2", Items(features, 3)),
            new("layer3", Items(features, 4, 5)),
            new("layer4", Items(features, 6, 7, 8)),
        ], pooling, inputSize);
    }

    static Module<Tensor, Tensor> Child(Module model, string name) => Child<Module<Tensor, Tensor>>(model, name);

    static T Child<T>(Module model, string name) where T : Module =>
        (T)model.named_children().Single(c => c.name == name).module;

    static Module[] Items(Sequential sequence, params int[] indices)
    {
        var children = sequence.named_children().ToDictionary(c => c.name, c => c.module);
        return [.. indices.Select(i => children[i.ToString()])];
    }

    /// <summary>classifier[:n] with the original indices as names, so "classifier.3.weight" keeps its key.</summary>
    static Sequential TakeFirst(Sequential sequence, int count) =>
        Sequential(sequence.named_children().Take(count).Select(c => (c.name, (Module<Tensor, Tensor>)c.module)));
}

/// <summary>torchvision GoogLeNet's transform_input: ImageNet-normalised RGB → the [-1, 1] scaling the ported weights expect.</summary>
sealed class GoogLeNetInputTransform() : Module<Tensor, Tensor>("transform_input")
{
    static readonly float[] Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f];

    /// <summary>The per-channel affine map x · Scale + Shift (also what the ONNX export writes).</summary>
    internal float[] Scale { get; } = [.. Std.Select(s => s / 0.5f)];
    internal float[] Shift { get; } = [.. Mean.Select(m => (m - 0.5f) / 0.5f)];

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var scale = tensor(Scale, device: x.device).view(1, 3, 1, 1);
        var shift = tensor(Shift, device: x.device).view(1, 3, 1, 1);
        return (x * scale + shift).MoveToOuterDisposeScope();
    }
}
