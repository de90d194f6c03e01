using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)] // seeds torch's global generator
public class OutOfFoldTests
{
    /// <summary>Real photos in one folder, 12 per class, and a frozen pretrained backbone (64 px unless the test needs real accuracy): the folds train heads on cached features.</summary>
    static (Learner Learn, ImageDataset All) Setup(TempFolder dir, bool misfiled, int seed = 3, int? inputSize = 64)
    {
        foreach (var cls in new[] { "cat", "dog" })
            for (var i = 0; i < 12; i++)
                File.Copy(SharedData.Photo("cats-dogs", "train", cls, i), dir.File($"{cls}/{i}.jpg"));
        if (misfiled) File.Copy(SharedData.Photo("cats-dogs", "train", "cat", 0), dir.File("dog/misfiled.jpg"));
        var data = ImageFolder.Open(dir.Root, seed: 1);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 3, inputSize: inputSize);
        var learn = Learner.FromFolder(model, data, batchSize: 8, options: new LearnerOptions { Seed = seed, Optimizer = OptimizerSpec.Adam(), CacheDirectory = dir.Combine("cache") });
        learn.Freeze();
        return (learn, ImageDataset.Concat("all", data.Train, data.Val, data.Test!));
    }

    static void Recipe(Learner l) => l.Fit(20, 1e-2, callbacks: [new SaveBest(Monitored.ValAccuracy)]);

    [Fact]
    public void Finds_a_cat_photo_filed_under_dog_among_real_photos()
    {
        using var dir = new TempFolder();
        var (learn, all) = Setup(dir, misfiled: true, inputSize: null);
        using var _ = learn;
        var headBefore = learn.Model.Head.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        var oof = OutOfFold.GetPreds(learn, all, Recipe, folds: 5);

        Assert.Equal(all.Count, oof.Paths.Length);
        Assert.All(oof.Probabilities, row => Assert.Equal(1.0, row.Sum(), 4));
        Assert.EndsWith("misfiled.jpg", oof.TopLosses(1)[0].Id);
        var issue = Assert.Single(oof.LabelIssues(), x => x.Id.EndsWith("misfiled.jpg"));
        Assert.Equal(("dog", "cat"), (issue.Given, issue.Suggested));
        foreach (var (name, value) in learn.Model.Head.state_dict())
            Assert.True(Tensors.Same(value, headBefore[name]), $"the template's head {name} was not restored");
    }

    [Fact]
    public void The_result_depends_on_the_seed_only_not_on_what_ran_before()
    {
        using var dir = new TempFolder();
        var (learn, all) = Setup(dir, misfiled: false);
        using var _ = learn;
        manual_seed(1);
        var a = OutOfFold.GetPreds(learn, all, Recipe, folds: 3);
        manual_seed(2);
        var b = OutOfFold.GetPreds(learn, all, Recipe, folds: 3);
        Assert.Equal(a.Probabilities.SelectMany(r => r), b.Probabilities.SelectMany(r => r));

        using var dir2 = new TempFolder();
        var (other, all2) = Setup(dir2, misfiled: false, seed: 4);
        using var __ = other;
        var c = OutOfFold.GetPreds(other, all2, Recipe, folds: 3);
        Assert.NotEqual(a.Probabilities.SelectMany(r => r), c.Probabilities.SelectMany(r => r));
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
    public void Needs_three_folds_and_a_sample_per_fold()
    {
        using var dir = new TempFolder();
        var (learn, all) = Setup(dir, misfiled: false);
        using var _ = learn;
        Assert.Throws<ArgumentOutOfRangeException>(() => OutOfFold.GetPreds(learn, all, Recipe, folds: 2));
        Assert.Throws<ArgumentException>(() => OutOfFold.GetPreds(learn, all.Select([0, 1, 2]), Recipe, folds: 5));
    }
}
