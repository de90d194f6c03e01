using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// The torchvision ImageNet-1k entries of the zoo (IMAGENET1K_V1 weights) and LeNet-5. Metadata is torchvision's
/// published numbers; tests recompute parameter counts and GFLOPs from the built modules.
/// </summary>
static partial class TorchVisionZoo
{
    const string Download = "https://download.pytorch.org/models/";
    const string License = "Code: BSD-3-Clause (torchvision). Weights: trained on ImageNet-1k, whose terms allow non-commercial research and educational use only; check before commercial use.";
    const string Source = "torchvision IMAGENET1K_V1 (download.pytorch.org)";

    public static IEnumerable<ModelEntry> Entries()
    {
        yield return Entry("resnet18", "ResNet-18 (basic blocks [2,2,2,2])", TorchVisionBackbones.ResNet18,
            11_689_512, 1.814, 69.758, "He et al., Deep Residual Learning for Image Recognition, CVPR 2016",
            "resnet18-f37072fd.pth", "f37072fd47e89c5e827621c5baffa7500819f7896bbacec160b1a16c560e07ec", "fc.");
        yield return Entry("resnet34", "ResNet-34 (basic blocks [3,4,6,3])", TorchVisionBackbones.ResNet34,
            21_797_672, 3.664, 73.314, "He et al., Deep Residual Learning for Image Recognition, CVPR 2016",
            "resnet34-b627a593.pth", "b627a593", "fc.");
        yield return Entry("resnet50", "ResNet-50 (bottleneck blocks [3,4,6,3])", TorchVisionBackbones.ResNet50,
            25_557_032, 4.089, 76.13, "He et al., Deep Residual Learning for Image Recognition, CVPR 2016",
            "resnet50-0676ba61.pth", "0676ba61b6795bbe1773cffd859882e5e297624d384b6993f7c9e683e722fb8a", "fc.");
        yield return Entry("vgg16", "VGG-16 up to fc7 (4096 features)", (_, _) => TorchVisionBackbones.Vgg16(),
            138_357_544, 15.47, 71.592, "Simonyan & Zisserman, Very Deep Convolutional Networks for Large-Scale Image Recognition, ICLR 2015",
            "vgg16-397923af.pth", "397923af8e79cdbb6a7127f12361acd7a2f83e06b05044ddf496e83de57a5bf0", "classifier.6.") with { Poolings = [Pooling.Avg] };
        yield return Entry("mobilenet_v2", "MobileNetV2 (1280 features)", TorchVisionBackbones.MobileNetV2,
            3_504_872, 0.301, 71.878, "Sandler et al., MobileNetV2: Inverted Residuals and Linear Bottlenecks, CVPR 2018",
            "mobilenet_v2-b0353104.pth", "b0353104", "classifier.");
        // torchvision evaluates these weights with bicubic resizing; the kit's pipeline resizes bilinearly, costing a little accuracy.
        yield return Entry("efficientnet_b0", "EfficientNet-B0 (1280 features)", TorchVisionBackbones.EfficientNetB0,
            5_288_548, 0.386, 77.692, "Tan & Le, EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks, ICML 2019",
            "efficientnet_b0_rwightman-7f5810bc.pth", "7f5810bc", "classifier.");
        yield return Entry("alexnet", "AlexNet up to fc7 (4096 features)", (_, _) => TorchVisionBackbones.AlexNet(),
            61_100_840, 0.714, 56.522, "Krizhevsky, One weird trick for parallelizing convolutional neural networks, arXiv:1404.5997 (torchvision's AlexNet variant)",
            "alexnet-owt-7be5be79.pth", "7be5be79", "classifier.6.") with { Poolings = [Pooling.Avg] };
        yield return Entry("googlenet", "GoogLeNet / Inception v1 (1024 features)", (pooling, size) => TorchVisionBackbones.GoogLeNet(transformInput: true, pooling, size),
            6_624_904, 1.498, 69.778, "Szegedy et al., Going Deeper with Convolutions, CVPR 2015",
            "googlenet-1378be20.pth", "1378be20", "fc.", "aux1.", "aux2.");
        foreach (var entry in ModernEntries()) yield return entry;
        yield return new ModelEntry("lenet5",
            "LeNet-5 (C1-C3-C5-F6, 84 features) on RGB 32×32; random initialisation only",
            new PreprocessSpec(LeNet5.InputSize, LeNet5.InputSize, new Normalization([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f], 1f / 255f, ChannelOrder.Rgb)),
            new ModelMetadata(62_006, 0.000653, null, "Architecture only (no weights); the kit's code",
                "LeCun et al., Gradient-Based Learning Applied to Document Recognition, Proc. IEEE 1998", "NotebookKit"),
            (_, _) => new LeNet5(),
            null) { OriginalClasses = 10, Poolings = [Pooling.Avg], FixedInputSize = true };
    }

    static ModelEntry Entry(string id, string description, Func<Pooling, int, nn.Module<Tensor, Tensor>> create, long parameters, double gflops,
        double top1, string citation, string fileName, string sha256, params string[] ignoredKeys)
    {
        var file = new WeightsFile(Download + fileName, sha256, ignoredKeys);
        return new ModelEntry(id, description + ", pretrained on ImageNet-1k (torchvision)", PreprocessSpec.ImageNet,
            new ModelMetadata(parameters, gflops, top1, License, citation, Source),
            create,
            backbone =>
            {
                var path = WeightsDownloader.Ensure(file, WeightsDownloader.Progress);
                StateDict.Load(backbone, path, file.IgnoredKeys);
                return path;
            }) { Weights = file };
    }
}
