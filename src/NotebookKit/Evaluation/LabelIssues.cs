namespace NotebookKit.Evaluation;

/// <summary>A sample whose given label the model confidently disagrees with.</summary>
public sealed record LabelIssue(string Id, string Given, string Suggested, double GivenProbability, double SuggestedProbability)
{
    public override string ToString() => $"{Id}: filed under {Given} ({GivenProbability:P1}), looks like {Suggested} ({SuggestedProbability:P1})";
}

/// <summary>
/// Finds likely label errors by confident learning (Northcutt, Jiang and Chuang, JAIR 2021; the cleanlab method):
/// class k's threshold is the mean probability of k over the samples labelled k, and a sample labelled y is suspect
/// when, among the classes whose probability reaches their threshold, the most probable one is not y. Use
/// out-of-fold probabilities (<see cref="Training.OutOfFold"/>): a model that trained on a sample has learned its
/// label, right or wrong. A suspect is a photo to look at, not a verdict.
/// </summary>
public static class LabelIssues
{
    /// <summary>The suspects, the least confident in their given label first.</summary>
    public static IReadOnlyList<LabelIssue> Find(IReadOnlyList<string> classes, IReadOnlyList<string> ids, int[] labels, float[][] probabilities)
    {
        LabelChecks.Classes(classes);
        LabelChecks.SameLength(labels.Length, ids.Count, nameof(ids), nameof(labels));
        LabelChecks.Labels(labels, classes.Count, nameof(labels));
        LabelChecks.Probabilities(probabilities, labels.Length, classes.Count, nameof(probabilities));
        var thresholds = Thresholds(classes.Count, labels, probabilities);

        var issues = new List<LabelIssue>();
        for (var i = 0; i < labels.Length; i++)
        {
            var p = probabilities[i];
            var confident = Enumerable.Range(0, classes.Count).Where(k => p[k] >= thresholds[k]).ToList();
            if (confident.Count == 0) continue;
            var best = confident.MaxBy(k => p[k]);
            if (best != labels[i]) issues.Add(new LabelIssue(ids[i], classes[labels[i]], classes[best], p[labels[i]], p[best]));
        }
        return [.. issues.OrderBy(x => x.GivenProbability)];
    }

    /// <summary>
    /// Each class's bar, the mean probability of class k over the samples labelled k (what <see cref="Find"/> compares
    /// with). A class nobody carries has no bar (infinity): it can never be suggested.
    /// </summary>
    public static double[] Thresholds(int classes, int[] labels, float[][] probabilities) =>
        [.. Enumerable.Range(0, classes).Select(k =>
        {
            var own = Enumerable.Range(0, labels.Length).Where(i => labels[i] == k).ToList();
            return own.Count == 0 ? double.PositiveInfinity : own.Average(i => (double)probabilities[i][k]);
        })];
}
