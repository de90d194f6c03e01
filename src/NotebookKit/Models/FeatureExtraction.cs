using NotebookKit.Data;
using NotebookKit.Platform;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// A pretrained network as an embedding (search, clustering): each image's pre-logits — what timm calls them, the input
/// of the last Linear of torchvision's classifier — in fp32, from the bare backbone in eval mode. (Learner.Features
/// serves a trained classifier's features through its activation store and precision plan; this is the network alone.)
/// </summary>
public static class FeatureExtraction
{
    /// <summary>The zoo backbone <paramref name="id"/> with weights from <paramref name="weightsPath"/> (or the zoo's own, downloaded when missing), then <see cref="Extract(nn.Module{Tensor, Tensor}, PreprocessSpec, IReadOnlyList{string}, int, CancellationToken)"/>.</summary>
    public static float[][] Extract(string id, IReadOnlyList<string> imagePaths, string? weightsPath = null, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        using var backbone = weightsPath is null ? Pretrained.Backbone(id) : Pretrained.Backbone(id, weightsPath);
        return Extract(backbone, Pretrained.Get(id).Preprocess, imagePaths, batchSize, cancellationToken);
    }

    /// <summary>One row of features per image, in the order given, each image prepared by <paramref name="preprocess"/>'s evaluation transform.</summary>
    public static float[][] Extract(nn.Module<Tensor, Tensor> backbone, PreprocessSpec preprocess, IReadOnlyList<string> imagePaths, int batchSize = 16, CancellationToken cancellationToken = default)
    {
        var rows = new float[imagePaths.Count][];
        var wasTraining = backbone.training;
        backbone.eval();
        try
        {
            using var _ = no_grad();
            var loader = new DataLoader(ImageDataset.Unlabelled(imagePaths, []), ImagePipeline.ForEval(preprocess), batchSize);
            foreach (var batch in loader.Epoch(cancellationToken: cancellationToken))
            {
                using (batch)
                using (NativeHeap.ForwardPassScope())
                using (var scope = NewDisposeScope())
                {
                    var features = Forward(backbone, batch.Images, cancellationToken).contiguous();
                    var width = (int)features.shape[1];
                    var values = features.data<float>().ToArray();
                    for (var i = 0; i < batch.Count; i++) rows[batch.Indices[i]] = values[(i * width)..((i + 1) * width)];
                }
            }
        }
        finally { backbone.train(wasTraining); }
        return rows;
    }

    /// <summary>A staged backbone group by group (its forward is exactly that), so a cancel stops within one group's time, not a batch's seconds.</summary>
    static Tensor Forward(nn.Module<Tensor, Tensor> backbone, Tensor x, CancellationToken cancellationToken)
    {
        if (backbone is not IBackbone staged) return backbone.call(x);
        for (var g = 0; g < staged.LayerGroups.Count; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            x = staged.ForwardGroup(g, x);
        }
        return x;
    }
}
