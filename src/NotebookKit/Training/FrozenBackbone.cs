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
        data.RequireValidation();
        Freeze(model, device);
        var train = Views(model, data.Train, options, progress, cancellationToken);
        var val = Views(model, data.Val, options, progress, cancellationToken);
        var test = data.Test is null ? null : Views(model, data.Test, options, progress, cancellationToken);
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

    /// <summary>
    /// Out-of-fold predictions for every photo of every split (<see cref="Training.OutOfFold"/>): each photo is predicted
    /// by a head of <paramref name="model"/>'s kind trained, with <paramref name="options"/>, on the other folds. The
    /// features come from the same cache as <see cref="Fit"/>'s, so after a Fit this costs only the heads' training.
    /// Feed it to <see cref="PredictionSetInterpretation.LabelIssues"/> to find photos whose label looks wrong.
    /// </summary>
    public static PredictionSet OutOfFold(ImageClassifier model, ImageFolder data, HeadTrainingOptions options, int folds = 5, Device? device = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        Freeze(model, device);
        ImageDataset[] splits = [data.Train, data.Val, .. data.Test is null ? Array.Empty<ImageDataset>() : [data.Test]];
        var perSplit = splits.Select(ds => Views(model, ds, options, progress, cancellationToken)).ToList();
        try
        {
            var views = Enumerable.Range(0, perSplit[0].Length).Select(v => FeatureSet.Concat([.. perSplit.Select(s => s[v])])).ToList();
            try
            {
                var probabilities = Training.OutOfFold.Probabilities(model.Head.Spec, model.ClassNames.Count, views, options, folds);
                var samples = splits.SelectMany(s => s.Samples).ToList();
                return new PredictionSet(model.ClassNames, [.. samples.Select(s => s.Path)], [.. samples.Select(s => s.Label)], probabilities);
            }
            finally { foreach (var v in views) v.Dispose(); }
        }
        finally { foreach (var f in perSplit.SelectMany(s => s)) f.Dispose(); }
    }

    static void Freeze(ImageClassifier model, Device? device)
    {
        model.to(device ?? CPU);
        foreach (var p in model.BackboneModule.parameters()) p.requires_grad = false;
    }

    /// <summary>The cached features of a split: the plain view, and the mirrored one when the options ask for it.</summary>
    static FeatureSet[] Views(ImageClassifier model, ImageDataset ds, HeadTrainingOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        options.Mirror
            ? [FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken),
               FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken, ImagePipeline.ForEvalMirrored(model.Preprocess), "mirrored features")]
            : [FeatureExtractor.ExtractCached(model, ds, progress, cancellationToken)];
}
