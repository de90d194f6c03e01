namespace NotebookKit.Evaluation;

/// <summary>A two-sided confidence interval, e.g. the 95% percentile bootstrap interval of a metric.</summary>
public sealed record ConfidenceInterval(double Low, double High, double Level = 0.95)
{
    public bool Contains(double value) => value >= Low && value <= High;

    public override string ToString() => FormattableString.Invariant($"[{Low:0.000}, {High:0.000}]");
}
