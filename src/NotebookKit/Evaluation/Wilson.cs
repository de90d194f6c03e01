namespace NotebookKit.Evaluation;

/// <summary>
/// The Wilson score interval of a proportion (e.g. accuracy = correct / n). Unlike the bootstrap or the normal
/// approximation it does not collapse to a point at 0% or 100%: 20 of 20 right gives [0.839, 1.000], not [1, 1].
/// </summary>
public static class Wilson
{
    public static ConfidenceInterval Interval(int successes, int n, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, n);
        var z = level switch { 0.95 => 1.959963984540054, 0.99 => 2.5758293035489, 0.9 => 1.6448536269514722, _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Use 0.9, 0.95 or 0.99.") };
        double p = (double)successes / n, z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new ConfidenceInterval(Math.Max(0, centre - half), Math.Min(1, centre + half), level);
    }
}
