using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Size and cost of zoo models, computed from the built modules: parameters and multiply-accumulates (MACs) of every
/// Conv2d and Linear layer, measured with forward hooks on one image. Like torchvision's "GFLOPS", GFLOPs here means
/// billions of MACs; BatchNorm, activations, pooling and additions are not counted.
/// </summary>
public static class ModelComplexity
{
    /// <summary>Parameters of the backbone plus the network's original classifier (Linear(FeatureCount, OriginalClasses)).</summary>
    public static long Parameters(ModelEntry entry, nn.Module<Tensor, Tensor> backbone) =>
        backbone.parameters().Sum(p => p.numel()) + ClassifierParameters(entry, backbone);

    /// <summary>Billions of MACs for one image at the entry's input size, the original classifier included.</summary>
    public static double GFlops(ModelEntry entry, nn.Module<Tensor, Tensor> backbone) =>
        (Macs(backbone, entry.Preprocess.InputSize) + (long)((IBackbone)backbone).FeatureCount * entry.OriginalClasses) / 1e9;

    /// <summary>MACs of all Conv2d and Linear layers of <paramref name="model"/> for one RGB image of the given size.</summary>
    public static long Macs(nn.Module<Tensor, Tensor> model, int inputSize) =>
        ForwardProfiler.Run(model, inputSize, model.modules()).Values.Sum(t => t.Macs);

    static long ClassifierParameters(ModelEntry entry, nn.Module<Tensor, Tensor> backbone) =>
        ((long)((IBackbone)backbone).FeatureCount + 1) * entry.OriginalClasses;
}
