using NotebookKit.Evaluation;

namespace NotebookKit.Tests.Evaluation;

public class LabelIssuesTests
{
    static readonly string[] Classes = ["cat", "dog", "fox"];

    [Fact]
    public void Flags_samples_another_class_confidently_claims_least_self_confident_first()
    {
        // Thresholds (mean own-class probability): cat (0.9+0.8+0.1)/3 = 0.6, dog (0.9+0.7+0.3)/3 ≈ 0.633, fox 0.9.
        string[] ids = ["c1", "c2", "c3", "d1", "d2", "d3", "f1"];
        int[] labels = [0, 0, 0, 1, 1, 1, 2];
        float[][] p =
        [
            [0.9f, 0.1f, 0.0f],
            [0.8f, 0.1f, 0.1f],
            [0.1f, 0.85f, 0.05f],  // a "cat" the model gives to dog, above dog's threshold
            [0.05f, 0.9f, 0.05f],
            [0.25f, 0.7f, 0.05f],  // unsure, but its own class is the confident one
            [0.7f, 0.3f, 0.0f],    // a "dog" that reaches cat's threshold
            [0.0f, 0.1f, 0.9f],
        ];
        var issues = LabelIssues.Find(Classes, ids, labels, p);
        Assert.Equal(["c3", "d3"], issues.Select(i => i.Id));
        Assert.Equal(("cat", "dog"), (issues[0].Given, issues[0].Suggested));
        Assert.Equal(0.1, issues[0].GivenProbability, 5);
        Assert.Equal(0.85, issues[0].SuggestedProbability, 5);
        Assert.Equal(("dog", "cat"), (issues[1].Given, issues[1].Suggested));
        Assert.Equal("c3: filed under cat (10.0%), looks like dog (85.0%)", issues[0].ToString().Replace(" %", "%"));
    }

    [Fact]
    public void Thresholds_are_each_class_mean_probability_on_its_own_samples()
    {
        int[] labels = [0, 0, 1];
        float[][] p = [[0.9f, 0.1f, 0f], [0.5f, 0.5f, 0f], [0.2f, 0.8f, 0f]];
        var t = LabelIssues.Thresholds(3, labels, p);
        Assert.Equal(0.7, t[0], 5);
        Assert.Equal(0.8, t[1], 5);
        Assert.Equal(double.PositiveInfinity, t[2]);
        var set = new PredictionSet(Classes, ["a", "b", "c"], labels, p);
        Assert.Equal("cat ≥ 0.70, dog ≥ 0.80", set.LabelThresholds());
    }

    [Fact]
    public void Below_every_threshold_is_not_an_issue_and_a_class_nobody_carries_is_never_suggested()
    {
        // No sample is labelled fox, so fox has no threshold, however probable the model finds it.
        int[] labels = [0, 0, 1, 1];
        float[][] p = [[0.9f, 0.1f, 0.0f], [0.01f, 0.0f, 0.99f], [0.1f, 0.9f, 0.0f], [0.4f, 0.6f, 0.0f]];
        Assert.Empty(LabelIssues.Find(Classes, ["a", "b", "c", "d"], labels, p));
    }

    [Fact]
    public void Rejects_logits_and_mismatched_lengths()
    {
        var logits = Assert.Throws<ArgumentException>(() => LabelIssues.Find(Classes, ["a"], [0], [[2.0f, -1.0f, 0.5f]]));
        Assert.Contains("softmax", logits.Message);
        Assert.Throws<ArgumentException>(() => LabelIssues.Find(Classes, ["a", "b"], [0], [[1f, 0f, 0f]]));
    }
}
