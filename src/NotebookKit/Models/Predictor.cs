using NotebookKit.Data;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>One image's prediction: the most likely class and every class's probability.</summary>
public sealed record Prediction(string Path, string Class, float Probability, IReadOnlyDictionary<string, float> Probabilities);

/// <summary>Predicts classes of image files with a classifier and its own preprocessing.</summary>
public static class Predictor
{
    public static IReadOnlyList<Prediction> Predict(ImageClassifier model, IReadOnlyList<string> paths, int batchSize = 16)
    {
        var pipeline = ImagePipeline.ForEval(model.Preprocess);
        var device = model.parameters().First().device;
        var size = pipeline.OutputSize;
        var per = 3 * size * size;
        var results = new List<Prediction>();
        foreach (var chunk in paths.Chunk(batchSize))
        {
            var pixels = new float[chunk.Length * per];
            Parallel.For(0, chunk.Length, i => pipeline.Load(chunk[i], pixels.AsSpan(i * per, per), new Random(0)));
            using var scope = NewDisposeScope();
            var probs = model.PredictProbabilities(tensor(pixels, [chunk.Length, 3, size, size]).to(device)).cpu();
            var values = probs.data<float>().ToArray();
            var classes = model.ClassNames.Count;
            for (var i = 0; i < chunk.Length; i++)
            {
                var row = values.AsSpan(i * classes, classes).ToArray();
                var best = Array.IndexOf(row, row.Max());
                results.Add(new Prediction(chunk[i], model.ClassNames[best], row[best],
                    model.ClassNames.Select((c, k) => (c, row[k])).ToDictionary(t => t.c, t => t.Item2)));
            }
        }
        return results;
    }
}
