namespace NotebookKit;

/// <summary>
/// A model's class probabilities for a dataset: the plain record evaluation works on. It lives in the root namespace
/// like <see cref="EpochRecord"/>: Training emits it, Evaluation and Visualization read it. Labels are −1 for images
/// whose class is unknown (predictions of new photos).
/// </summary>
public sealed record PredictionSet(IReadOnlyList<string> Classes, string[] Paths, int[] Labels, float[][] Probabilities)
{
    /// <summary>The most probable class of each sample.</summary>
    public int[] Predicted => [.. Probabilities.Select(p => Array.IndexOf(p, p.Max()))];

    public double Accuracy => Labels.Length == 0 ? 0 : Labels.Zip(Predicted).Count(t => t.First == t.Second) / (double)Labels.Length;

    /// <summary>
    /// The mean of several models' or views' probabilities for the same samples: test-time augmentation
    /// averages a photo's views, an ensemble averages models.
    /// </summary>
    public static PredictionSet Average(params IReadOnlyList<PredictionSet> sets)
    {
        if (sets.Count == 0) throw new ArgumentException("Nothing to average.", nameof(sets));
        var first = sets[0];
        foreach (var s in sets.Skip(1))
            if (!s.Paths.SequenceEqual(first.Paths) || !s.Classes.SequenceEqual(first.Classes))
                throw new ArgumentException("Only predictions for the same samples and classes can be averaged.", nameof(sets));
        var mean = first.Probabilities.Select((_, i) =>
            Enumerable.Range(0, first.Classes.Count).Select(c => sets.Average(s => s.Probabilities[i][c])).Select(v => (float)v).ToArray()).ToArray();
        return first with { Probabilities = mean };
    }
}
