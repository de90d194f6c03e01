using TorchSharp;
using NotebookKit.Data;
using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>The outcome of <see cref="FrozenBackbone.Fit"/>: history, and test predictions when the data has a test split.</summary>
public sealed record FrozenBackboneResult(IReadOnlyList<EpochRecord> History, PredictionSet Validation, PredictionSet? Test);

/// <summary>
/// Transfer learning by feature extraction (the article's case study): the pretrained backbone stays frozen,
/// its features are computed once per split and view (and cached on disk), and only the new head trains.
/// </summary>
public static class FrozenBackbone
{
    public static FrozenBackboneResult Fit(ImageClassifier model, ImageFolder data, HeadTrainingOptions options, Device? device = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        device ??= CPU;
        model.to(device);
        foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false;
        FeatureSet[] Features(ImageDataset ds) => options.Mirror
            ? [FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken),
               FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken, ImagePipeline.ForEvalMirrored(model.Preprocess), "mirrored features")]
            : [FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken)];

        var train = Features(data.Train);
        var val = Features(data.Val);
        var test = data.Test is null ? null : Features(data.Test);
        try
        {
            using var trainSet = FeatureSet.Concat(train);
            var history = HeadTrainer.Fit(model.Head, trainSet, val[0], options, progress, cancellationToken);
            PredictionSet Predict(ImageDataset ds, FeatureSet[] f) => PredictionSet.Average([.. f.Select(v => Inference.PredictFromFeatures(model, ds, v))]);
            return new FrozenBackboneResult(history, Predict(data.Val, val), test is null ? null : Predict(data.Test!, test));
        }
        finally
        {
            foreach (var f in train.Concat(val).Concat(test ?? [])) f.Dispose();
        }
    }
}
