using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

public class ClassWeightsTests : IDisposable
{
    readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void BalancedIsSamplesOverClassesTimesCount()
    {
        var w = ClassWeights.Balanced.For(["a", "b", "c"], [80, 8, 0]);
        Assert.Equal(88.0 / (2 * 80), w[0], 5);
        Assert.Equal(88.0 / (2 * 8), w[1], 5);
        Assert.Equal(0, w[2]); // no training images: no loss to weigh
    }

    [Fact]
    public void TabFileAndJsonFileGiveTheSameWeights()
    {
        var tsv = temp.File("w.tsv", System.Text.Encoding.UTF8.GetBytes("# weights\nroses\t1\n\ntulips\t5.5\n"));
        var json = temp.File("w.json", System.Text.Encoding.UTF8.GetBytes("{\"tulips\": 5.5, \"roses\": 1}"));
        Assert.Equal([1f, 5.5f], ClassWeights.Parse(tsv).For(["roses", "tulips"], [10, 1]));
        Assert.Equal([1f, 5.5f], ClassWeights.Parse(json).For(["roses", "tulips"], [10, 1]));
        Assert.Same(ClassWeights.Balanced, ClassWeights.Parse("balanced"));
    }

    [Theory]
    [InlineData("roses 1\n", "line 1")]
    [InlineData("roses\t1\nroses\t2\n", "given twice")]
    [InlineData("roses\t-1\n", "positive")]
    [InlineData("{\"roses\": \"x\"}", "not a number")]
    [InlineData("{\"roses\": ", "not valid JSON")]
    [InlineData("\n# nothing\n", "names no class")]
    public void BadFilesAreRefusedNamingTheFile(string content, string why)
    {
        var path = temp.File("bad.txt", System.Text.Encoding.UTF8.GetBytes(content));
        var e = Assert.ThrowsAny<Exception>(() => ClassWeights.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void WeightsMustNameExactlyTheDataClasses()
    {
        var w = ClassWeights.Explicit(new Dictionary<string, double> { ["roses"] = 1, ["tulip"] = 2 });
        var e = Assert.Throws<ArgumentException>(() => w.For(["roses", "tulips"], [1, 1]));
        Assert.Contains("missing: tulips", e.Message);
        Assert.Contains("not a class of the data: tulip", e.Message);
        Assert.Throws<FileNotFoundException>(() => ClassWeights.Parse(temp.PathOf("none.tsv")));
    }

    [Fact]
    public void WeightedLossIsTheWeightedMeanForSoftmaxAndSigmoidHeads()
    {
        using var scope = NewDisposeScope();
        using var softmax = new ClassifierHead(4, 2, HeadSpec.Linear);
        using var sigmoid = new ClassifierHead(4, 2, HeadSpec.ArticleBinary);
        var labels = tensor(new long[] { 0, 1, 1 });
        var weights = tensor(new[] { 3f, 1f });
        foreach (var head in new[] { softmax, sigmoid })
        {
            var logits = head.forward(randn(3, 4, generator: manual_seed(1)));
            var each = Enumerable.Range(0, 3).Select(i => head.Loss(logits[i..(i + 1)], labels[i..(i + 1)]).item<float>()).ToArray();
            var expected = (3 * each[0] + each[1] + each[2]) / 5;
            Assert.Equal(expected, head.Loss(logits, labels, weights).item<float>(), 4);
            Assert.Equal(each.Average(), head.Loss(logits, labels).item<float>(), 4);
        }
    }
}

[Collection(TorchCollection.Name)]
public class ClassWeightedTrainingTests
{
    static IReadOnlyList<EpochRecord> Fit(ClassWeights? weights, List<string>? notes = null)
    {
        using var l = TinyData.Learner(seed: 5, options: new LearnerOptions { Seed = 5, Optimizer = OptimizerSpec.Sgd(), ClassWeights = weights, Log = notes is null ? null : notes.Add });
        l.Freeze();
        var history = l.Fit(2, 0.05);
        Assert.StartsWith("cached", l.TrainingPath); // the weights reach the loss on cached features too
        return history;
    }

    [Fact]
    public void WeightsChangeCachedFeatureTrainingAndEqualWeightsChangeNothing()
    {
        var plain = Fit(null);
        var notes = new List<string>();
        var weighted = Fit(ClassWeights.Explicit(new Dictionary<string, double> { ["cat"] = 9, ["dog"] = 1 }), notes);
        var equal = Fit(ClassWeights.Explicit(new Dictionary<string, double> { ["cat"] = 2, ["dog"] = 2 }));
        Assert.NotEqual(plain[0].TrainLoss, weighted[0].TrainLoss);
        Assert.NotEqual(plain[1].ValLoss, weighted[1].ValLoss);
        Assert.Equal(plain.Select(r => r.ValLoss), equal.Select(r => r.ValLoss), (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Contains(notes, n => n.StartsWith("class weights (cat=9, dog=1): cat 9, dog 1"));
    }
}
