namespace NotebookKit.Models;

public static partial class Pretrained
{
    /// <summary>
    /// The file in the kit's weights cache that <see cref="Backbone(string, bool)"/> loads for <paramref name="id"/>,
    /// made first when it is missing: downloaded (torchvision entries) or converted from the ONNX package (resnet-cntk).
    /// </summary>
    public static string CachedWeights(string id)
    {
        var entry = Get(id);
        if (!entry.HasWeights) throw new ArgumentException($"Model '{id}' has no pretrained weights (random initialisation only); leave it out.", nameof(id));
        var path = entry.Weights?.CachePath ?? CntkResNet.CachedWeightsPath;
        if (!File.Exists(path)) using (Backbone(id)) { }
        return path;
    }
}
