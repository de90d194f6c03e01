using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)] // seeds torch's global generator
public class TransferLearningTests
{
    [Fact]
    public void HeadTrainingIsDeterministicAndLearnsSeparableFeatures()
    {
        using var train = Blobs.Make(128, 1);
        using var val = Blobs.Make(64, 2);
        IReadOnlyList<EpochRecord> Run()
        {
            manual_seed(3);
            var head = new ClassifierHead(16, 2, HeadSpec.Linear);
            return HeadTrainer.Fit(head, train, val, new HeadTrainingOptions(Epochs: 8, LearningRate: 0.05, BatchSize: 16, Seed: 3));
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.Select(e => e.ValLoss), b.Select(e => e.ValLoss));
        Assert.True(a[^1].ValAccuracy > 0.9, $"val accuracy {a[^1].ValAccuracy}");
        Assert.True(a[^1].TrainLoss < a[0].TrainLoss);
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
    public void FrozenBackboneLearnsCatsVsDogsFromAFewRealPhotosAndLeavesTheBackboneUntouched()
    {
        var data = Photos.CatsDogs(perClass: 8);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 1);
        var before = model.BackboneModule.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var result = FrozenBackbone.Fit(model, data, new HeadTrainingOptions(Epochs: 15, LearningRate: 3e-3, BatchSize: 8, Seed: 1));
        Assert.NotNull(result.Test);
        Assert.True(result.Test!.Accuracy >= 0.75, $"test accuracy {result.Test.Accuracy} on {result.Test.Labels.Length} photos");
        foreach (var (name, value) in model.BackboneModule.state_dict())
            Assert.True(value.allclose(before[name], rtol: 0, atol: 0), $"backbone tensor {name} changed");
    }

    [Fact]
    public void SavedModelRoundTripGivesTheSamePredictionsAndRefusesToOverwrite()
    {
        using var dir = new TempFolder();
        var model = Pretrained.Classifier("resnet-cntk", ["cat", "dog"], new HeadSpec(8, 0.5), pretrained: false, seed: 5);
        var photos = new[] { SharedData.Photo(cls: "cat"), SharedData.Photo(cls: "dog") };
        var expected = Predictor.Predict(model, photos);

        var runDir = dir.Combine("run");
        SavedModel.Save(model, runDir, new Dictionary<string, string> { ["epochs"] = "3" });
        var loaded = SavedModel.Load(runDir);
        var actual = Predictor.Predict(loaded, photos);

        Assert.Equal(["cat", "dog"], loaded.ClassNames);
        Assert.Equal(model.Preprocess, loaded.Preprocess);
        Assert.Equal("3", SavedModel.ReadInfo(runDir).Options["epochs"]);
        for (var i = 0; i < photos.Length; i++)
            Assert.Equal(expected[i].Probabilities["dog"], actual[i].Probabilities["dog"], 5);
        Assert.Throws<IOException>(() => SavedModel.Save(model, runDir));
        Assert.Single(Directory.GetDirectories(dir.Root)); // no staging folder left behind
    }

    [Fact]
    public void FeatureCacheServesIdenticalFeaturesAndNoticesAChangedFile()
    {
        using var dir = new TempFolder();
        var cache = dir.Combine("cache");
        {
            var files = Enumerable.Range(0, 2).Select(i =>
            {
                var path = dir.Combine($"img{i}.jpg");
                File.Copy(SharedData.Photo(index: i), path);
                return new ImageSample(path, i);
            }).ToList();
            var ds = new ImageDataset("tiny", ["a", "b"], files);
            var backbone = CntkResNet.Create();
            var loader = new DataLoader(ds, ImagePipeline.ForEval(CntkResNet.Preprocess.WithInputSize(64)), batchSize: 2);
            using var first = FeatureExtractor.ExtractCached("test", backbone, loader, cacheDirectory: cache);
            using var second = FeatureExtractor.ExtractCached("test", backbone, loader, cacheDirectory: cache);
            Assert.True(first.Features.allclose(second.Features, rtol: 0, atol: 0));
            Assert.Single(Directory.GetFiles(cache));

            using var other = FeatureExtractor.ExtractCached("test", CntkResNet.Create(), loader, cacheDirectory: cache);
            Assert.False(first.Features.allclose(other.Features, rtol: 0, atol: 0)); // new random weights, new key
            File.Delete(Directory.GetFiles(cache).OrderBy(File.GetLastWriteTimeUtc).Last());

            File.Copy(SharedData.Photo(index: 5), files[0].Path, overwrite: true);
            File.SetLastWriteTimeUtc(files[0].Path, DateTime.UtcNow.AddMinutes(1));
            using var third = FeatureExtractor.ExtractCached("test", backbone, loader, cacheDirectory: cache);
            Assert.False(first.Features.allclose(third.Features, rtol: 0, atol: 0));
            Assert.Equal(2, Directory.GetFiles(cache).Length);
        }
    }

    [Fact]
    public void FeatureSetRowsAndClassNamesFollowSampleOrder()
    {
        using var set = new FeatureSet(tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2]), tensor(new long[] { 1, 0, 1 }));
        var rows = set.Rows();
        Assert.Equal([3f, 4f], rows[1]);
        Assert.Equal(["dog", "cat", "dog"], set.ClassNames(["cat", "dog"]));
    }
}
