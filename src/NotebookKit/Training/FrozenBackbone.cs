using TorchSharp;
using NotebookKit.Data;
using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>The outcome of <see cref="FrozenBackbone.Fit"/>: history, and test predictions when the data has a test split.</summary>
public sealed record FrozenBackboneResult(IReadOnlyList<EpochRecord> History, PredictionSet Validation, PredictionSet? Test);

/// <summary>
/// Transfer learning by feature extraction (the article's case study): the pretrained backbone stays frozen,
/// its features are computed once per split (and cached on disk), and only the new head trains.
/// </summary>
public static class FrozenBackbone
{
    public static FrozenBackboneResult Fit(ImageClassifier model, ImageFolder data, HeadTrainingOptions options, Device? device = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        device ??= CPU;
        model.to(device);
        foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false;
        var pipeline = ImagePipeline.ForEval(model.Preprocess);
        FeatureSet Features(ImageDataset ds) => FeatureExtractor.ExtractCached(model.Entry.Id, model.BackboneModule,
            new DataLoader(ds, pipeline, batchSize: 32), device, progress, "features " + ds.Name, cancellationToken: cancellationToken);

        using var train = Features(data.Train);
        using var val = Features(data.Val);
        using var test = data.Test is null ? null : Features(data.Test);
        var history = HeadTrainer.Fit(model.Head, train, val, options, progress, cancellationToken);
        return new FrozenBackboneResult(history,
            Inference.PredictFromFeatures(model, data.Val, val),
            test is null ? null : Inference.PredictFromFeatures(model, data.Test!, test));
    }
}
