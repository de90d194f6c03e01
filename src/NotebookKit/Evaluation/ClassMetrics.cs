namespace NotebookKit.Evaluation;

/// <summary>Precision, recall and F1 of one class, with its support (number of true samples).</summary>
/// <param name="F1Interval">Bootstrap confidence interval of <see cref="F1"/>; null when no bootstrap was run.</param>
public sealed record ClassMetrics(
    string Name,
    double Precision,
    double Recall,
    double F1,
    int Support,
    ConfidenceInterval? F1Interval = null);

/// <summary>A macro or support-weighted average over classes, as in scikit-learn's "macro avg" / "weighted avg" rows.</summary>
public sealed record AveragedMetrics(double Precision, double Recall, double F1, int Support);
