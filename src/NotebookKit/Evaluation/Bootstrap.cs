namespace NotebookKit.Evaluation;

/// <summary>
/// Percentile bootstrap over samples: resample (true, predicted) pairs with replacement and re-score. Used for F1,
/// which has no closed-form interval; accuracy, a proportion, gets the <see cref="Wilson"/> interval.
/// </summary>
internal static class Bootstrap
{
    /// <summary>Intervals for each class's F1, from a seeded <see cref="Random"/> so equal seeds give equal intervals.</summary>
    public static ConfidenceInterval[] F1Intervals(
        int classCount, int[] yTrue, int[] yPred, int samples, int seed, double level = 0.95)
    {
        int n = yTrue.Length;
        var random = new Random(seed);
        var f1s = new double[classCount][];
        for (int c = 0; c < classCount; c++) f1s[c] = new double[samples];

        var tp = new int[classCount];
        var fp = new int[classCount];
        var fn = new int[classCount];
        for (int b = 0; b < samples; b++)
        {
            Array.Clear(tp);
            Array.Clear(fp);
            Array.Clear(fn);
            for (int k = 0; k < n; k++)
            {
                int i = random.Next(n);
                int t = yTrue[i], p = yPred[i];
                if (t == p) tp[t]++;
                else { fp[p]++; fn[t]++; }
            }
            for (int c = 0; c < classCount; c++) f1s[c][b] = ClassificationMath.F1(tp[c], fp[c], fn[c]);
        }

        double alpha = (1 - level) / 2;
        ConfidenceInterval Interval(double[] values) =>
            new(Percentile(values, alpha), Percentile(values, 1 - alpha), level);
        return [.. f1s.Select(Interval)];
    }

    /// <summary>Linear-interpolated percentile (numpy's default method); sorts <paramref name="values"/> in place.</summary>
    internal static double Percentile(double[] values, double q)
    {
        Array.Sort(values);
        double position = q * (values.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, values.Length - 1);
        return values[lower] + (position - lower) * (values[upper] - values[lower]);
    }
}
