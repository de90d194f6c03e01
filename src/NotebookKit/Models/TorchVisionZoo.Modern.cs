using NotebookKit.Data;

namespace NotebookKit.Models;

/// <summary>
/// The 2019–2022 entries: torchvision 0.14's published weights (the DEFAULT of each builder), their evaluation
/// transforms (resize, crop, interpolation) and published numbers (ImageNet-1k top-1, parameters, GFLOPS).
/// </summary>
static partial class TorchVisionZoo
{
    static IEnumerable<ModelEntry> ModernEntries()
    {
        yield return Entry("mobilenet_v3_large", "MobileNetV3-Large (1280 features after classifier.0)", (_, _) => TorchVisionBackbones.MobileNetV3Large(),
            5_483_032, 0.217, 75.274, "Howard et al., Searching for MobileNetV3, ICCV 2019",
            "mobilenet_v3_large-5c1a4163.pth", "5c1a4163", "classifier.3.")
            .Published(232, 224, Interpolation.Bilinear, "IMAGENET1K_V2");
        yield return Entry("convnext_tiny", "ConvNeXt-Tiny (768 features after the final LayerNorm)", (_, _) => TorchVisionBackbones.ConvNeXtTiny(),
            28_589_128, 4.456, 82.52, "Liu et al., A ConvNet for the 2020s, CVPR 2022",
            "convnext_tiny-983f1562.pth", "983f1562", "classifier.2.")
            .Published(236, 224, Interpolation.Bilinear, "IMAGENET1K_V1");
        yield return Entry("regnet_y_800mf", "RegNetY-800MF (784 features)", (_, _) => TorchVisionBackbones.RegNetY800mf(),
            6_432_512, 0.834, 78.828, "Radosavovic et al., Designing Network Design Spaces, CVPR 2020",
            "regnet_y_800mf-58fc7688.pth", "58fc7688", "fc.")
            .Published(232, 224, Interpolation.Bilinear, "IMAGENET1K_V2");
        yield return Entry("efficientnet_v2_s", "EfficientNetV2-S (1280 features)", (_, _) => TorchVisionBackbones.EfficientNetV2S(),
            21_458_488, 8.366, 84.228, "Tan & Le, EfficientNetV2: Smaller Models and Faster Training, ICML 2021",
            "efficientnet_v2_s-dd5fe13b.pth", "dd5fe13b", "classifier.")
            .Published(384, 384, Interpolation.Bilinear, "IMAGENET1K_V1");
        yield return Entry("swin_t", "Swin-T (768 features after the final LayerNorm)", (_, _) => TorchVisionBackbones.SwinT(),
            28_288_354, 4.491, 81.474, "Liu et al., Swin Transformer: Hierarchical Vision Transformer using Shifted Windows, ICCV 2021",
            "swin_t-704ceda3.pth", "704ceda3", "head.")
            .Published(232, 224, Interpolation.Bicubic, "IMAGENET1K_V1");
        yield return Entry("vit_b_16", "ViT-B/16 (768 features: the class token after the final LayerNorm; 224 px only)", (_, _) => TorchVisionBackbones.VitB16(),
            86_567_656, 17.564, 81.072, "Dosovitskiy et al., An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale, ICLR 2021",
            "vit_b_16-c867db91.pth", "c867db91", "heads.")
            .Published(256, 224, Interpolation.Bilinear, "IMAGENET1K_V1") with { FixedInputSize = true };
    }

    /// <summary>
    /// The entry with torchvision's evaluation transform for these weights (ImageNet mean and std) and the weights' name.
    /// Average pooling only: their last stages end in a norm (ConvNeXt, Swin) or a class token (ViT), not a bare feature map.
    /// </summary>
    static ModelEntry Published(this ModelEntry entry, int resize, int crop, Interpolation interpolation, string weights) => entry with
    {
        Preprocess = new PreprocessSpec(crop, resize, Normalization.ImageNet, interpolation),
        Poolings = [Pooling.Avg],
        Metadata = entry.Metadata with { Source = $"torchvision {weights} (download.pytorch.org)" },
    };
}
