using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)] // seeds torch's global generator
public class OutOfFoldTests
{
    static readonly HeadTrainingOptions Options = new(Epochs: 8, LearningRate: 0.05, BatchSize: 16, Seed: 3);

    [Fact]
    public void A_flipped_label_gets_a_low_out_of_fold_probability_and_is_the_one_issue()
    {
        using var features = Blobs.Make(100, 5, flipped: 0);
        var p = OutOfFold.Probabilities(HeadSpec.Linear, 2, [features], Options);

        Assert.Equal(100, p.Length);
        Assert.All(p, row => Assert.Equal(1.0, row.Sum(), 4));
        var labels = features.LabelArray();
        Assert.True(p[0][labels[0]] < 0.2, $"the flipped sample keeps {p[0][labels[0]]:F3} for its wrong label");
        Assert.True(Enumerable.Range(1, 99).Count(i => p[i][labels[i]] > 0.5) >= 95, "the clean samples are predicted right");
        var issues = NotebookKit.Evaluation.LabelIssues.Find(["a", "b"], [.. Enumerable.Range(0, 100).Select(i => $"{i}")], labels, p);
        Assert.Equal("0", issues.First().Id);
    }

    [Fact]
    public void The_result_depends_on_the_seed_only_not_on_what_ran_before()
    {
        using var features = Blobs.Make(40, 5, flipped: 0);
        manual_seed(1);
        var a = OutOfFold.Probabilities(HeadSpec.Linear, 2, [features, features], Options);
        manual_seed(2);
        var b = OutOfFold.Probabilities(HeadSpec.Linear, 2, [features, features], Options);
        var c = OutOfFold.Probabilities(HeadSpec.Linear, 2, [features, features], Options with { Seed = 4 });
        Assert.Equal(a.SelectMany(r => r), b.SelectMany(r => r));
        Assert.NotEqual(a.SelectMany(r => r), c.SelectMany(r => r));
    }

    [Fact]
    public void Folds_are_stratified_and_seeded()
    {
        int[] labels = [.. Enumerable.Range(0, 53).Select(i => i < 40 ? 0 : 1)];
        var fold = OutOfFold.Assign(labels, 5, seed: 7);
        Assert.Equal(fold, OutOfFold.Assign(labels, 5, seed: 7));
        Assert.NotEqual(fold, OutOfFold.Assign(labels, 5, seed: 8));
        foreach (var c in new[] { 0, 1 })
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, 53).Count(i => labels[i] == c && fold[i] == f)).ToArray();
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"class {c}: {string.Join(",", perFold)}");
        }
    }

    [Fact]
    public void Needs_three_folds_a_view_and_a_sample_per_fold()
    {
        using var features = Blobs.Make(20, 5, flipped: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => OutOfFold.Probabilities(HeadSpec.Linear, 2, [features], Options, folds: 2));
        Assert.Throws<ArgumentException>(() => OutOfFold.Probabilities(HeadSpec.Linear, 2, [], Options));
        Assert.Throws<ArgumentException>(() => OutOfFold.Probabilities(HeadSpec.Linear, 2, [features], Options, folds: 21));
    }

    [Fact]
    public void Finds_a_cat_photo_filed_under_dog_among_real_photos()
    {
        // Real photos in one folder split per class; the first cat is copied into dog/ as well.
        using var dir = new TempFolder();
        foreach (var cls in new[] { "cat", "dog" })
            for (var i = 0; i < 12; i++)
                File.Copy(SharedData.Photo("cats-dogs", "train", cls, i), dir.File($"{cls}/{i}.jpg"));
        File.Copy(SharedData.Photo("cats-dogs", "train", "cat", 0), dir.File("dog/misfiled.jpg"));
        var data = ImageFolder.Open(dir.Root, seed: 1);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 3);

        var oof = FrozenBackbone.OutOfFold(model, data, new HeadTrainingOptions(Epochs: 20, LearningRate: 1e-2, BatchSize: 8, Seed: 3), folds: 5);

        Assert.Equal(data.Train.Count + data.Val.Count + (data.Test?.Count ?? 0), oof.Paths.Length);
        Assert.EndsWith("misfiled.jpg", oof.TopLosses(1)[0].Id);
        var issue = Assert.Single(oof.LabelIssues(), x => x.Id.EndsWith("misfiled.jpg"));
        Assert.Equal(("dog", "cat"), (issue.Given, issue.Suggested));
    }
}
