using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

/// <summary>Two separable Gaussian clouds in 16-d (class 1 shifted by 1.5 on its first 4 features), classes alternating.</summary>
public static class Blobs
{
    /// <param name="flipped">A sample whose label is set to the other class: a label error to find.</param>
    public static FeatureSet Make(int n, int seed, int? flipped = null)
    {
        var rng = new Random(seed);
        var x = new float[n * 16];
        var y = new long[n];
        for (var i = 0; i < n; i++)
        {
            var truth = i % 2;
            y[i] = i == flipped ? 1 - truth : truth;
            for (var j = 0; j < 16; j++) x[i * 16 + j] = (float)(rng.NextDouble() - 0.5) + (truth == 1 && j < 4 ? 1.5f : 0f);
        }
        return new FeatureSet(tensor(x, [n, 16]), tensor(y));
    }
}
