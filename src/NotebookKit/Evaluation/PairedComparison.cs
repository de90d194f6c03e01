namespace NotebookKit.Evaluation;

/// <summary>
/// Two models' predictions on the same photos compared pair by pair (McNemar's exact test): only the photos one gets
/// right and the other wrong carry evidence, so a gap of a few photos on a small test split is often noise.
/// </summary>
/// <param name="OnlyA">Photos A gets right and B wrong.</param>
/// <param name="OnlyB">Photos B gets right and A wrong.</param>
/// <param name="PValue">Two-sided exact binomial p-value of OnlyA vs OnlyB under "equally good".</param>
public sealed record PairedComparison(double AccuracyA, double AccuracyB, int OnlyA, int OnlyB, double PValue)
{
    /// <summary>Accuracy of A minus that of B, in percentage points.</summary>
    public double GainPoints => 100 * (AccuracyA - AccuracyB);
    public bool Significant(double alpha = 0.05) => PValue < alpha;

    /// <summary>McNemar's exact test of <paramref name="a"/> against <paramref name="b"/> (same photos, same order).</summary>
    public static PairedComparison Of(PredictionSet a, PredictionSet b)
    {
        if (!a.Paths.SequenceEqual(b.Paths) || !a.Labels.SequenceEqual(b.Labels))
            throw new ArgumentException("A paired comparison needs predictions for the same photos with the same labels.", nameof(b));
        var (pa, pb) = (a.Predicted, b.Predicted);
        int onlyA = 0, onlyB = 0;
        for (var i = 0; i < a.Labels.Length; i++)
        {
            var (ra, rb) = (pa[i] == a.Labels[i], pb[i] == b.Labels[i]);
            if (ra && !rb) onlyA++;
            else if (rb && !ra) onlyB++;
        }
        return new PairedComparison(a.Accuracy, b.Accuracy, onlyA, onlyB, ExactPValue(onlyA, onlyB));
    }

    /// <summary>2·P(X ≤ min(b, c)) for X ~ Binomial(b + c, ½), capped at 1.</summary>
    internal static double ExactPValue(int b, int c)
    {
        var n = b + c;
        if (n == 0) return 1;
        var k = Math.Min(b, c);
        double logHalf = n * Math.Log(0.5), sum = 0, logChoose = 0;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0) logChoose += Math.Log(n - i + 1) - Math.Log(i);
            sum += Math.Exp(logChoose + logHalf);
        }
        return Math.Min(1, 2 * sum);
    }

    /// <summary>"1 photo", "3 photos".</summary>
    internal static string Photos(int n) => n == 1 ? "1 photo" : FormattableString.Invariant($"{n} photos");

    public override string ToString() => FormattableString.Invariant(
        $"{100 * AccuracyA:0.0}% vs {100 * AccuracyB:0.0}% ({GainPoints:+0.0;-0.0;0.0} points; {Photos(OnlyA)} only A gets right, {OnlyB} only B; McNemar {(PValue < 0.001 ? "p < 0.001" : $"p = {PValue:0.###}")})");
}
