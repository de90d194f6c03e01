namespace NotebookKit.Training;

/// <summary>Settings of <see cref="Learner.FindLr"/> (fastai's lr_find defaults).</summary>
/// <param name="Smoothing">Weight of the past in the exponential moving average of the loss (debiased, as fastai).</param>
/// <param name="DivergenceFactor">The sweep stops once the smoothed loss exceeds this many times its minimum.</param>
public sealed record LrFinderOptions(double StartLr = 1e-7, double EndLr = 10, int Steps = 100, double Smoothing = 0.98, double DivergenceFactor = 4);

/// <summary>
/// The LR finder's curve and suggestions. <see cref="Suggestion"/> is fastai's default "valley": the rate two
/// thirds of the way down the longest descending stretch of the smoothed loss — more robust than
/// <see cref="Steepest"/> (where the loss falls fastest per log-lr step, fastai's former default) and than
/// <see cref="MinimumOver10"/> (the rate of the lowest loss divided by 10).
/// </summary>
public sealed record LrFinderResult(double[] LearningRates, double[] Losses, double[] SmoothedLosses, double Steepest, double Valley, double MinimumOver10, bool Diverged)
{
    public double Suggestion => Valley;
}

/// <summary>The suggestion rules of fastai's lr_find, on the smoothed curve.</summary>
public static class LrSuggestions
{
    /// <summary>fastai's valley: longest strictly decreasing subsequence, then 2/3 of the way along it (index start + ⌊len/3⌋ + ⌊len/6⌋).</summary>
    public static int Valley(IReadOnlyList<double> losses)
    {
        var n = losses.Count;
        var lds = Enumerable.Repeat(1, n).ToArray();
        int maxStart = 0, maxEnd = 0;
        for (var i = 1; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1) lds[i] = lds[j] + 1;
                if (lds[maxEnd] < lds[i]) { maxEnd = i; maxStart = maxEnd - lds[maxEnd]; }
            }
        }
        var sections = (maxEnd - maxStart) / 3.0;
        return Math.Clamp(maxStart + (int)sections + (int)(sections / 2), 0, n - 1);
    }

    /// <summary>Index of the most negative slope of loss against log(lr).</summary>
    public static int Steepest(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        var best = 0;
        var bestSlope = double.PositiveInfinity;
        for (var i = 0; i + 1 < losses.Count; i++)
        {
            var slope = (losses[i + 1] - losses[i]) / (Math.Log(lrs[i + 1]) - Math.Log(lrs[i]));
            if (slope < bestSlope) (bestSlope, best) = (slope, i);
        }
        return best;
    }
}
