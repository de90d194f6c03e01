namespace NotebookKit.Training;

/// <summary>A model's class probabilities for a labelled dataset: the plain record evaluation works on.</summary>
public sealed record PredictionSet(IReadOnlyList<string> Classes, string[] Paths, int[] Labels, float[][] Probabilities)
{
    /// <summary>The most probable class of each sample.</summary>
    public int[] Predicted => [.. Probabilities.Select(p => Array.IndexOf(p, p.Max()))];

    public double Accuracy => Labels.Length == 0 ? 0 : Labels.Zip(Predicted).Count(t => t.First == t.Second) / (double)Labels.Length;
}
