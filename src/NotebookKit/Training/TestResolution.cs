using NotebookKit.Data;
using NotebookKit.Models;

namespace NotebookKit.Training;

/// <summary>
/// FixRes (Touvron et al., 2019): a CNN trained on random crops at 224 px often classifies better at a larger test
/// input. Try sizes on the validation split and keep the best, so the test split is used once, at the end.
/// </summary>
public static class TestResolution
{
    /// <summary>
    /// Validation accuracy at each input side, in the given order; leaves <paramref name="model"/>'s preprocessing
    /// at the most accurate size (the first listed wins a tie).
    /// </summary>
    public static IReadOnlyList<(int Size, double Accuracy)> Choose(ImageClassifier model, ImageDataset validation, params IReadOnlyList<int> sizes)
    {
        if (sizes.Count == 0) throw new ArgumentException("Give at least one input size.", nameof(sizes));
        var trials = new List<(int Size, double Accuracy)>();
        foreach (var size in sizes)
        {
            model.Preprocess = model.Preprocess.WithInputSize(size);
            trials.Add((size, Inference.Predict(model, validation).Accuracy));
        }
        model.Preprocess = model.Preprocess.WithInputSize(trials.MaxBy(t => t.Accuracy).Size);
        return trials;
    }
}
