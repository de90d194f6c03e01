using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace NotebookKit.Models;

/// <summary>
/// The 2019–2022 architectures, ported from torchvision 0.14 (MobileNetV3, ConvNeXt, RegNet, EfficientNetV2, Swin,
/// ViT), cut before the last Linear of torchvision's classifier, so their output is torchvision's pre-logits. Layer
/// groups: stem, then layer1–layer4 ending at output stride 4, 8, 16 and 32 for the CNNs and Swin (whatever norm or
/// Linear sits before the dropped classifier goes with layer4); ViT: patch embedding, then its 12 blocks in threes.
/// </summary>
public static partial class TorchVisionBackbones
{
    /// <summary>MobileNetV3-Large up to the 1280 hard-swish features after classifier.0. stem = features.0–1, layer1 = 2–3, layer2 = 4–6, layer3 = 7–12, layer4 = 13–16 + classifier.0.</summary>
    public static StagedBackbone MobileNetV3Large()
    {
        var features = MobileNetV3.LargeFeatures();
        var classifier = MobileNetV3.PreLogits();
        return new StagedBackbone("mobilenet_v3_large", [("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten()), ("classifier", classifier)], 1280, () =>
        [
            new("stem", Items(features, 0, 1)),
            new("layer1", Items(features, 2, 3)),
            new("layer2", Items(features, 4, 5, 6)),
            new("layer3", Items(features, [.. Enumerable.Range(7, 6)])),
            new("layer4", [.. Items(features, [.. Enumerable.Range(13, 4)]), .. Items(classifier, 0)]),
        ]);
    }

    /// <summary>ConvNeXt-Tiny up to the LayerNorm after pooling (768 features). stem = features.0, layer1 = 1, layer2 = 2–3, layer3 = 4–5, layer4 = 6–7 + classifier.0.</summary>
    public static StagedBackbone ConvNeXtTiny()
    {
        var features = ConvNeXt.TinyFeatures();
        var classifier = Sequential(("0", new LayerNorm2d(768)), ("1", Flatten()));
        return new StagedBackbone("convnext_tiny", [("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("classifier", classifier)], 768, () =>
        [
            new("stem", Items(features, 0)),
            new("layer1", Items(features, 1)),
            new("layer2", Items(features, 2, 3)),
            new("layer3", Items(features, 4, 5)),
            new("layer4", [.. Items(features, 6, 7), .. Items(classifier, 0)]),
        ]);
    }

    /// <summary>RegNetY-800MF up to global pooling (784 features). stem = stem, layer1–layer4 = trunk_output.block1–block4.</summary>
    public static StagedBackbone RegNetY800mf()
    {
        var (stem, trunk) = RegNet.Y800mf();
        var stages = trunk.children().ToArray();
        return new StagedBackbone("regnet_y_800mf", [("stem", stem), ("trunk_output", trunk), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten())], RegNet.Y800mfFeatures, () =>
        [
            new("stem", [stem]),
            .. stages.Select((s, i) => new LayerGroup($"layer{i + 1}", [s])),
        ]);
    }

    /// <summary>EfficientNetV2-S up to global pooling (1280 features). stem = features.0–1, layer1 = 2, layer2 = 3, layer3 = 4–5, layer4 = 6–7.</summary>
    public static StagedBackbone EfficientNetV2S()
    {
        var features = EfficientNet.V2SFeatures();
        return new StagedBackbone("efficientnet_v2_s", [("features", features), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten())], 1280, () =>
        [
            new("stem", Items(features, 0, 1)),
            new("layer1", Items(features, 2)),
            new("layer2", Items(features, 3)),
            new("layer3", Items(features, 4, 5)),
            new("layer4", Items(features, 6, 7)),
        ]);
    }

    /// <summary>Swin-T up to the pooled final norm (768 features). stem = features.0 (patch embedding), layer1 = 1, layer2 = 2–3, layer3 = 4–5, layer4 = 6–7 + norm.</summary>
    public static StagedBackbone SwinT()
    {
        var features = SwinTransformer.TinyFeatureLayers();
        var norm = LayerNorm(SwinTransformer.TinyFeatures, eps: 1e-5);
        return new StagedBackbone("swin_t",
            [("features", features), ("norm", norm), ("permute", new Permute(0, 3, 1, 2)), ("avgpool", AdaptiveAvgPool2d(1)), ("flatten", Flatten())],
            SwinTransformer.TinyFeatures, () =>
            [
                new("stem", Items(features, 0)),
                new("layer1", Items(features, 1)),
                new("layer2", Items(features, 2, 3)),
                new("layer3", Items(features, 4, 5)),
                new("layer4", [.. Items(features, 6, 7), norm]),
            ]);
    }

    /// <summary>ViT-B/16 up to the class token after the final norm (768 features); see <see cref="VisionTransformer"/>.</summary>
    public static VisionTransformer VitB16() => VisionTransformer.B16();
}
