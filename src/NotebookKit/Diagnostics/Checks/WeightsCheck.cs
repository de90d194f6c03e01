using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>The ImageNet-pretrained ResNet18 (ONNX, from a NuGet package) and its converted TorchSharp cache.</summary>
internal static class WeightsCheck
{
    const string Name = "Pretrained weights";
    const string PackageId = "microsoft.ml.dnnimagefeaturizer.resnet18";
    const string Version = "0.23.1";

    public static DoctorCheck Run(DoctorOptions o)
    {
        var onnx = Path.Combine(o.PackagesRoot, PackageId, Version, "tools", "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");
        var converted = Path.Combine(o.WeightsCache, "resnet-cntk.v2.dat");
        var cache = File.Exists(converted) ? $"converted weights cached at {converted}" : "converted weights not cached yet (made on first use)";
        return File.Exists(onnx)
            ? DoctorCheck.Ok(Name, $"ResNet18.onnx ({new FileInfo(onnx).Length / 1_000_000} MB) at {onnx}; {cache}")
            : DoctorCheck.Broken(Name, $"ResNet18.onnx not found at {onnx}; {cache}",
                $"Run `dotnet build` in the repository: it downloads the Microsoft.ML.DnnImageFeaturizer.ResNet18 {Version} package.");
    }
}
