using System.Security.Cryptography;
using System.Text;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Runs a frozen backbone over a dataset once and keeps the features: with the whole backbone frozen and a
/// deterministic transform, every epoch would recompute the same numbers, so training the head on cached
/// features gives identical results at a fraction of the cost.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>Features of every image of <paramref name="loader"/>'s dataset, in dataset order.</summary>
    public static FeatureSet Extract(nn.Module<Tensor, Tensor> backbone, DataLoader loader, Device? device = null,
        IProgress<TrainingProgress>? progress = null, string stage = "features", CancellationToken cancellationToken = default)
    {
        if (!loader.Pipeline.IsDeterministic)
            throw new InvalidOperationException("Feature caching needs a deterministic pipeline: random augmentation would give different features every epoch. Use the evaluation pipeline, or fine-tune with augmentation instead.");
        device ??= CPU;
        var wasTraining = backbone.training;
        backbone.eval();
        try
        {
            using var _ = no_grad();
            var n = loader.Dataset.Count;
            var parts = new List<Tensor>();
            var done = 0;
            foreach (var batch in loader.Epoch(0, cancellationToken))
            {
                using var scope = NewDisposeScope();
                using (batch)
                {
                    var f = backbone.forward(batch.Images.to(device)).cpu();
                    parts.Add(f.MoveToOuterDisposeScope());
                }
                done += batch.Count;
                progress?.Report(new TrainingProgress(stage, done, n));
            }
            var features = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            var labels = tensor(loader.Dataset.Samples.Select(s => (long)s.Label).ToArray());
            return new FeatureSet(features, labels);
        }
        finally { backbone.train(wasTraining); }
    }

    /// <summary>
    /// Like <see cref="Extract"/> but keeps the result on disk, keyed by the model id, a fingerprint of its weights,
    /// the pipeline and every file's path, size and modification time, so a changed image or a different
    /// (e.g. random-init) backbone is never served stale features.
    /// </summary>
    public static FeatureSet ExtractCached(string modelId, nn.Module<Tensor, Tensor> backbone, DataLoader loader, Device? device = null,
        IProgress<TrainingProgress>? progress = null, string stage = "features", string? cacheDirectory = null, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(cacheDirectory ?? Path.Combine(KitPaths.CacheRoot, "features"), CacheKey(modelId + "@" + WeightsFingerprint.Of(backbone), loader) + ".bin");
        if (File.Exists(path))
        {
            try
            {
                var cached = FeatureSet.Load(path);
                progress?.Report(new TrainingProgress(stage + " (cached)", cached.Count, cached.Count));
                return cached;
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or ArgumentException)
            {
                File.Delete(path); // a torn or foreign file: recompute
            }
        }
        var set = Extract(backbone, loader, device, progress, stage, cancellationToken);
        set.Save(path);
        return set;
    }

    /// <summary>
    /// The cached backbone features of <paramref name="dataset"/> under <paramref name="model"/>'s own preprocessing,
    /// or under <paramref name="pipeline"/> (e.g. the mirrored view) when given.
    /// </summary>
    public static FeatureSet ExtractCached(ImageClassifier model, ImageDataset dataset, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, ImagePipeline? pipeline = null, string stage = "features") =>
        ExtractCached(model.Entry.Id, model.BackboneModule, new DataLoader(dataset, pipeline ?? ImagePipeline.ForEval(model.Preprocess), batchSize: 32),
            model.parameters().First().device, progress, stage + " " + dataset.Name, cancellationToken: cancellationToken);

    static string CacheKey(string modelId, DataLoader loader)
    {
        var text = new StringBuilder().Append(modelId).Append('|').Append(loader.Pipeline).Append('|');
        foreach (var s in loader.Dataset.Samples)
        {
            var info = new FileInfo(s.Path);
            text.Append(s.Path).Append(':').Append(s.Label).Append(':').Append(info.Length).Append(':').Append(info.LastWriteTimeUtc.Ticks).Append('|');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..24];
    }
}
