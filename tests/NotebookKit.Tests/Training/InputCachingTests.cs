using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

/// <summary>With nothing frozen, a deterministic pipeline's decoded images are cached (group −1): later epochs decode nothing.</summary>
[Collection(TorchCollection.Name)]
public class InputCachingTests
{
    static ImageDataset Copies(TempFolder dir, string name, int n, int offset) =>
        new(name, ["cat", "dog"], [.. Enumerable.Range(0, n).Select(i =>
        {
            var path = dir.Combine($"{name}{i}.jpg");
            File.Copy(SharedData.Photo(index: offset + i), path);
            return new ImageSample(path, i % 2);
        })]);

    static Learner Unfrozen(ImageDataset train, ImageDataset val, LearnerOptions options)
    {
        var model = Pretrained.Classifier("lenet5", ["cat", "dog"], pretrained: false, seed: 1);
        var eval = ImagePipeline.ForEval(model.Preprocess);
        return new Learner(model, new DataLoader(train, eval, 2, shuffle: true, seed: 1), new DataLoader(val, eval, 2), options: options);
    }

    [Fact]
    public void LaterEpochsTrainFromTheDecodedImagesWithoutTheFiles()
    {
        using var dir = new TempFolder();
        var (train, val) = (Copies(dir, "train", 4, 0), Copies(dir, "val", 2, 4));
        using var cached = Unfrozen(train, val, new LearnerOptions { Seed = 1, CacheDirectory = dir.Combine("cache") });
        using var plain = Unfrozen(train, val, new LearnerOptions { Seed = 1, CacheFrozenActivations = false });
        var a = cached.Fit(1, 1e-3);
        var b = plain.Fit(1, 1e-3);
        Assert.StartsWith("cached decoded images", cached.TrainingPath);
        Assert.Equal("images, full forward", plain.TrainingPath);
        Assert.Equal(b[0].TrainLoss, a[0].TrainLoss, 5);
        Assert.Equal(b[0].ValLoss, a[0].ValLoss, 5);
        Assert.False(Directory.Exists(dir.Combine("cache")) && Directory.EnumerateFiles(dir.Combine("cache"), "*", SearchOption.AllDirectories).Any(),
            "decoded images stay in memory, never in the activation folder");

        foreach (var s in train.Samples.Concat(val.Samples)) File.Delete(s.Path);
        var again = cached.Fit(1, 1e-3); // served from memory: the photos are gone
        Assert.Single(again);
        Assert.Throws<DataException>(() => plain.Fit(1, 1e-3));
    }

    [Fact]
    public void AugmentedImagesAreNotCached()
    {
        using var dir = new TempFolder();
        var model = Pretrained.Classifier("lenet5", ["cat", "dog"], pretrained: false, seed: 1);
        var train = Copies(dir, "train", 4, 0);
        using var learn = new Learner(model, new DataLoader(train, ImagePipeline.ForTrain(model.Preprocess, Augmentation.Standard), 2, shuffle: true, seed: 1),
            new DataLoader(Copies(dir, "val", 2, 4), ImagePipeline.ForEval(model.Preprocess), 2), options: new LearnerOptions { CacheDirectory = null });
        learn.Fit(1, 1e-3);
        Assert.Equal("images, full forward", learn.TrainingPath);
    }
}
