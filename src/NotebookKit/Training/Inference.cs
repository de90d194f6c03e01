using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>Class probabilities of a whole dataset, from images or from cached features.</summary>
public static class Inference
{
    /// <summary>
    /// Runs the full model over every image of <paramref name="dataset"/> (eval mode, no gradients). With
    /// <paramref name="tta"/> each photo is also seen mirrored and the two probabilities are averaged
    /// (fastai's tta, flips only): twice the compute, and a photo and its mirror image get the same answer.
    /// </summary>
    public static PredictionSet Predict(ImageClassifier model, ImageDataset dataset, int batchSize = 32,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, bool tta = false)
    {
        CheckClasses(model, dataset);
        var plain = Predict(model, dataset, ImagePipeline.ForEval(model.Preprocess), batchSize, progress, "predict " + dataset.Name, cancellationToken);
        return tta
            ? PredictionSet.Average(plain, Predict(model, dataset, ImagePipeline.ForEvalMirrored(model.Preprocess), batchSize, progress, "predict mirrored " + dataset.Name, cancellationToken))
            : plain;
    }

    static PredictionSet Predict(ImageClassifier model, ImageDataset dataset, ImagePipeline pipeline, int batchSize,
        IProgress<TrainingProgress>? progress, string stage, CancellationToken cancellationToken)
    {
        var loader = new DataLoader(dataset, pipeline, batchSize);
        var device = model.parameters().First().device;
        var probs = new float[dataset.Count][];
        var done = 0;
        foreach (var batch in loader.Epoch(0, cancellationToken))
        {
            using (batch)
            using (var p = model.PredictProbabilities(batch.Images.to(device)))
                Scatter(p, batch.Indices, probs);
            done += batch.Count;
            progress?.Report(new TrainingProgress(stage, done, dataset.Count));
        }
        return Result(model, dataset, probs);
    }

    /// <summary>Runs only the head over features already extracted from <paramref name="dataset"/> in dataset order.</summary>
    public static PredictionSet PredictFromFeatures(ImageClassifier model, ImageDataset dataset, FeatureSet features, int batchSize = 256)
    {
        CheckClasses(model, dataset);
        return Result(model, dataset, HeadProbabilities(model.Head, features.Features, batchSize));
    }

    /// <summary>
    /// Class probabilities of <paramref name="head"/> for feature rows [N,F], one array per row, in eval mode without
    /// gradients; the head's mode is restored after.
    /// </summary>
    internal static float[][] HeadProbabilities(ClassifierHead head, Tensor features, int batchSize = 256)
    {
        using var threads = TorchThreads.Use(1); // small matrix products: see HeadTrainer
        var wasTraining = head.training;
        head.eval();
        try
        {
            using var _ = no_grad();
            var device = head.parameters().First().device;
            var n = (int)features.shape[0];
            var probs = new float[n][];
            for (var start = 0; start < n; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(batchSize, n - start);
                var p = head.Probabilities(head.forward(features.narrow(0, start, len).to(device)));
                Scatter(p, [.. Enumerable.Range(start, len)], probs);
            }
            return probs;
        }
        finally { head.train(wasTraining); }
    }

    static void Scatter(Tensor probabilities, int[] indices, float[][] into)
    {
        using var cpu = probabilities.cpu();
        var values = cpu.data<float>().ToArray();
        var c = (int)cpu.shape[1];
        for (var i = 0; i < indices.Length; i++) into[indices[i]] = values.AsSpan(i * c, c).ToArray();
    }

    static PredictionSet Result(ImageClassifier model, ImageDataset ds, float[][] probs) =>
        new(model.ClassNames, [.. ds.Samples.Select(s => s.Path)], [.. ds.Samples.Select(s => s.Label)], probs);

    static void CheckClasses(ImageClassifier model, ImageDataset dataset)
    {
        if (!model.ClassNames.SequenceEqual(dataset.Classes))
            throw new DataException($"The data's classes [{string.Join(", ", dataset.Classes)}] differ from the model's [{string.Join(", ", model.ClassNames)}]. " +
                "Evaluate on a folder with the same class folders the model was trained on.", dataset.Name);
    }
}
