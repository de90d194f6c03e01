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

    /// <summary>
    /// Where the converted TorchSharp weights are cached: a checksummed file (<see cref="ChecksummedFile"/>); the name
    /// carries the format version, so kits of other versions sharing the cache never misread each other's file.
    /// </summary>
    public static string CachedWeightsPath => Path.Combine(KitPaths.WeightsCache, "resnet-cntk.v2.dat");

    static ReadOnlySpan<byte> Magic => "NKWGT1\n"u8;

    /// <summary>
    /// Loads the pretrained weights into <paramref name="backbone"/>; converts and caches them on first use. A damaged
    /// cache file is named, deleted and converted again; a cache that cannot be written costs a warning, not the run.
    /// </summary>
    public static string LoadInto(nn.Module<Tensor, Tensor> backbone)
    {
        var resnet = (ResNetBackbone)backbone;
        var cache = CachedWeightsPath;
        if (File.Exists(cache))
        {
            if (ChecksummedFile.Verify(cache, Magic, stream => resnet.load(new BinaryReader(stream))) is not { } problem) return cache;
            KitWarnings.Warn($"the converted weights '{cache}' are damaged ({problem.TrimEnd('.')}); deleted, converting them again.");
            OutputLocation.TryDelete(cache);
        }
        var onnx = FindOnnx() ?? throw new FileNotFoundException(
            $"The pretrained ResNet was not found in the NuGet cache ({Path.Combine(KitPaths.NuGetPackagesRoot, PackageId, PackageVersion)}). " +
            "Run 'dotnet restore' in the NotebookKit repository (it downloads the package), then 'notebookkit doctor'.");
        OnnxResNetImporter.Import(onnx, resnet);
        try { ChecksummedFile.Write(cache, Magic, stream => resnet.save(new BinaryWriter(stream))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            KitWarnings.Warn($"the converted weights could not be cached at '{cache}' ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}); they will be converted again next time.");
        }
        return onnx;
    }
}
