using NotebookKit.Data;
using NotebookKit.Platform;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// The ImageNet-pretrained ResNet that ships inside NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18
/// (exported from CNTK): torchvision's ResNet design with basic-block layout [2,2,2,3], so it needs no
/// download. Its weights are converted once from ONNX and cached as a TorchSharp state dict.
/// </summary>
public static class CntkResNet
{
    public const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    public const string PackageVersion = "0.23.1";
    public static readonly int[] Layout = [2, 2, 2, 3];

    /// <summary>Caffe/CNTK preprocessing: BGR, 0–255, minus the channel means of the model's mean image.</summary>
    public static PreprocessSpec Preprocess { get; } = new(224, 256, Normalization.MeanSubtractionBgr(103.06f, 115.90f, 123.15f));

    public static ResNetBackbone Create(Pooling pooling = Pooling.Avg, int inputSize = 224) => new("resnet-cntk", Layout, pooling: pooling, inputSize: inputSize);

    /// <summary>The ONNX file in the restored NuGet package, or null when the package is not restored.</summary>
    public static string? FindOnnx()
    {
        var inPackage = Path.Combine(KitPaths.NuGetPackagesRoot, PackageId, PackageVersion, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        var inApp = Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        return new[] { inPackage, inApp }.FirstOrDefault(File.Exists);
    }

    /// <summary>Where the converted TorchSharp weights are cached.</summary>
    public static string CachedWeightsPath => Path.Combine(KitPaths.WeightsCache, "resnet-cntk.dat");

    /// <summary>Loads the pretrained weights into <paramref name="backbone"/>; converts and caches them on first use.</summary>
    public static string LoadInto(nn.Module<Tensor, Tensor> backbone)
    {
        var resnet = (ResNetBackbone)backbone;
        var cache = CachedWeightsPath;
        if (File.Exists(cache))
        {
            resnet.load(cache);
            return cache;
        }
        var onnx = FindOnnx() ?? throw new FileNotFoundException(
            $"The pretrained ResNet was not found in the NuGet cache ({Path.Combine(KitPaths.NuGetPackagesRoot, PackageId, PackageVersion)}). " +
            "Run 'dotnet restore' in the NotebookKit repository (it downloads the package), then 'notebookkit doctor'.");
        OnnxResNetImporter.Import(onnx, resnet);
        Directory.CreateDirectory(KitPaths.WeightsCache);
        var tmp = cache + $".{Environment.ProcessId}.tmp";
        resnet.save(tmp);
        File.Move(tmp, cache, overwrite: true);
        return onnx;
    }
}
