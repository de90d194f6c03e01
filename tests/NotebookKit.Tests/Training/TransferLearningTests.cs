using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)] // seeds torch's global generator
public class TransferLearningTests
{
    [Fact]
    public void HeadOnlyTrainingRunsOnCachedFeaturesOnOneThreadAndIsDeterministic()
    {
        using var dir = new TempFolder();
        var data = Photos.CatsDogs(perClass: 8);
        (IReadOnlyList<EpochRecord> History, string Path, int Threads) Run()
        {
            var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 3, inputSize: 64);
            using var learn = Learner.FromFolder(model, data, batchSize: 4, options: new LearnerOptions { Seed = 3, CacheDirectory = dir.Combine("cache") });
            learn.Freeze();
            var threads = 0;
            var history = learn.Fit(4, 1e-2, callbacks: [new Hook(batchEnd: (_, _) => threads = get_num_threads())]);
            return (history, learn.TrainingPath, threads);
        }
        var before = get_num_threads();
        var a = Run();
        var b = Run();
        Assert.StartsWith("cached layer4 activations", a.Path); // the whole backbone frozen: pooled features
        Assert.Equal(1, a.Threads);
        Assert.Equal(before, get_num_threads()); // restored after the fit
        Assert.Equal(a.History.Select(e => e.ValLoss), b.History.Select(e => e.ValLoss));
        Assert.True(a.History[^1].TrainLoss < a.History[0].TrainLoss);
    }

    [Fact]
    public void SigmoidHeadGivesTwoColumnProbabilitiesThatSumToOne()
    {
        var head = new ClassifierHead(16, 2, HeadSpec.ArticleBinary);
        using var x = randn(5, 16);
        using var logits = head.forward(x);
        Assert.Equal([5L, 1L], logits.shape);
        using var p = head.Probabilities(logits);
        Assert.Equal([5L, 2L], p.shape);
        Assert.True(p.sum(1).allclose(ones(5)));
    }

    [Fact]
    public void AFrozenBackboneLearnsCatsVsDogsFromAFewRealPhotosAndStaysUntouched()
    {
        var data = Photos.CatsDogs(perClass: 8);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 1);
        var before = model.BackboneModule.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        using var learn = Learner.FromFolder(model, data, batchSize: 8, options: new LearnerOptions { Seed = 1, Optimizer = OptimizerSpec.Adam() });
        learn.Freeze();
        using var best = new SaveBest(Monitored.ValAccuracy);
        learn.Fit(15, 3e-3, callbacks: [best]);
        var test = learn.GetPreds(data.Test!);
        Assert.True(test.Accuracy >= 0.75, $"test accuracy {test.Accuracy} on {test.Labels.Length} photos");
        Assert.InRange(best.BestEpoch, 1, 15);
        foreach (var (name, value) in model.BackboneModule.state_dict())
            Assert.True(value.allclose(before[name], rtol: 0, atol: 0), $"backbone tensor {name} changed");
    }

    [Fact]
    public void SavedModelRoundTripGivesTheSamePredictionsAndRefusesToOverwrite()
    {
        using var dir = new TempFolder();
        var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], new HeadSpec(8, 0.5), pretrained: false, seed: 5);
        var photos = ImageDataset.Unlabelled([SharedData.Photo(cls: "cat"), SharedData.Photo(cls: "dog")], model.ClassNames);
        using var before = Learner.ForInference(model);
        var expected = before.GetPreds(photos);

        var runDir = dir.Combine("run");
        SavedModel.Save(model, runDir, new Dictionary<string, string> { ["epochs"] = "3" });
        var loaded = SavedModel.Load(runDir);
        using var after = Learner.ForInference(loaded);
        var actual = after.GetPreds(photos);

        Assert.Equal(["cat", "dog"], loaded.ClassNames);
        Assert.Equal(model.Preprocess, loaded.Preprocess);
        Assert.Equal("3", SavedModel.ReadInfo(runDir).Options["epochs"]);
        Assert.Equal([-1, -1], actual.Labels);
        for (var i = 0; i < 2; i++)
            Assert.Equal(expected.Probabilities[i][1], actual.Probabilities[i][1], 5);
        Assert.Throws<IOException>(() => SavedModel.Save(model, runDir));
        Assert.Single(Directory.GetDirectories(dir.Root)); // no staging folder left behind
    }

    [Fact]
    public void ALearnerWithoutDataPredictsButCannotTrain()
    {
        using var learn = Learner.ForInference(Pretrained.Classifier("resnet-cntk", ["cat", "dog"], pretrained: false, inputSize: 64));
        var e = Assert.Throws<InvalidOperationException>(() => learn.Fit(1, 1e-3));
        Assert.Contains("Learner.ForInference", e.Message);
        Assert.Throws<DataException>(() => learn.GetPreds(new ImageDataset("x", ["a", "b"], [])));
    }
}
