using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Tests.Support;
using NotebookKit.Training;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Tests.Training;

[Collection(TorchCollection.Name)] // seeds torch's global generator
public class TestTimeAugmentationTests
{
    // 112 px input resizes to 128 and crops 16 px off each side: a centre crop that commutes with mirroring.
    const int Input = 112, Side = 128;

    /// <summary>Train/val/test folders of block-noise images; test/a holds a photo and its exact mirror image.</summary>
    static ImageFolder MirrorPair(TempFolder dir)
    {
        var seed = 0;
        foreach (var split in new[] { "train", "val", "test" })
            foreach (var cls in new[] { "a", "b" })
                for (var i = 0; i < (split == "train" ? 4 : 2); i++)
                    dir.Image($"{split}/{cls}/{i}.png", Side, Side, seed++);
        using var mirror = Image.Load(dir.PathOf("test/a/0.png"));
        mirror.Mutate(x => x.Flip(FlipMode.Horizontal));
        mirror.Save(dir.File("test/a/0-mirrored.png"));
        return ImageFolder.Open(dir.Root);
    }

    static float[] Row(PredictionSet set, string fileName) => set.Probabilities[Array.FindIndex(set.Paths, p => Path.GetFileName(p) == fileName)];

    [Fact]
    public void FlipTtaGivesAPhotoAndItsMirrorImageTheSameAnswer()
    {
        using var dir = new TempFolder();
        var data = MirrorPair(dir);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 3, inputSize: Input);

        using var learn = Learner.ForInference(model);
        var plain = learn.GetPreds(data.Test!);
        Assert.NotEqual(Row(plain, "0.png")[0], Row(plain, "0-mirrored.png")[0], 4); // so the check below can fail
        var tta = learn.GetPreds(data.Test!, tta: true);
        Assert.Equal(Row(tta, "0.png"), Row(tta, "0-mirrored.png"), (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void MirroredFeaturesTrainOnBothOrientationsAndMakePredictionsMirrorInvariant()
    {
        using var dir = new TempFolder();
        var data = MirrorPair(dir);
        PredictionSet Fit(bool mirror, List<string>? notes = null)
        {
            using var dir2 = new TempFolder();
            using var learn = Learner.FromFolder(Pretrained.Classifier("resnet-cntk", data.Classes, seed: 3, inputSize: Input), data, batchSize: 4, mirror: mirror,
                options: new LearnerOptions { Seed = 3, Optimizer = OptimizerSpec.Adam(), CacheDirectory = dir2.Root, Log = notes is null ? null : notes.Add });
            learn.Freeze();
            learn.Fit(3, 1e-2);
            return learn.GetPreds(data.Test!, tta: mirror);
        }
        var plain = Fit(mirror: false);
        Assert.NotEqual(Row(plain, "0.png")[0], Row(plain, "0-mirrored.png")[0], 4); // so the check below can fail

        var notes = new List<string>();
        var mirrored = Fit(mirror: true, notes);

        Assert.Contains(notes, n => n.StartsWith("train: cached layer4 activations of 16 images (2 views)")); // 8 photos, each twice
        Assert.Contains(notes, n => n.StartsWith("predict test: cached layer4 activations of 10 images (2 views)"));
        Assert.Equal(Row(mirrored, "0.png"), Row(mirrored, "0-mirrored.png"), (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void AverageMeansProbabilitiesPerSampleAndRefusesDifferentSamples()
    {
        var a = new PredictionSet(["x", "y"], ["1.jpg", "2.jpg"], [0, 1], [[0.9f, 0.1f], [0.2f, 0.8f]]);
        var b = a with { Probabilities = [[0.5f, 0.5f], [0.6f, 0.4f]] };

        var mean = PredictionSet.Average(a, b);

        Assert.Equal([0.7f, 0.3f], mean.Probabilities[0], (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal([0.4f, 0.6f], mean.Probabilities[1], (x, y) => Math.Abs(x - y) < 1e-6);
        Assert.Equal([0, 1], mean.Predicted);
        Assert.Throws<ArgumentException>(() => PredictionSet.Average(a, a with { Paths = ["1.jpg", "3.jpg"] }));
    }

    [Fact]
    public void TestResolutionKeepsTheMostAccurateSizeOnValidation()
    {
        var data = Photos.CatsDogs(perClass: 4);
        var model = Pretrained.Classifier("resnet-cntk", data.Classes, seed: 2, inputSize: 64);

        using var learn = Learner.ForInference(model);

        var choice = TestResolution.Choose(learn, data.Val, 64, 96);

        Assert.Equal([64, 96], choice.Trials.Select(t => t.Size));
        foreach (var (size, accuracy) in choice.Trials)
            Assert.Equal(learn.GetPreds(data.Val, preprocess: model.Preprocess.WithTestInputSize(size)).Accuracy, accuracy);
        var best = choice.Trials.First(t => t.Accuracy == choice.Trials.Max(u => u.Accuracy)).Size;
        Assert.Equal(best, choice.Size);
        Assert.Equal(64, model.Preprocess.InputSize); // the model is not changed
        Assert.Equal(64, choice.Preprocess.InputSize); // validation during training keeps the training size
        Assert.Equal(best, choice.Preprocess.ForTest().InputSize);
        Assert.Throws<ArgumentException>(() => TestResolution.Choose(learn, data.Val));
    }

    [Theory]
    [InlineData("fastai", 224, 256)] // 224 · 2/(√0.35 + 1) · 224/256 = 246
    [InlineData("standard", 224, 320)] // 224 · 2/(√0.08 + 1) · 224/256 = 306
    [InlineData("fastai", 288, 320)] // 316
    [InlineData("none", 224, 224)]
    [InlineData("keras", 224, 224)] // no random resized crop: objects keep their training size
    public void MatchedTestSizeFollowsTheTrainingCrops(string augmentation, int inputSize, int expected)
    {
        var spec = PreprocessSpec.ImageNet.WithInputSize(inputSize);
        Assert.Equal(expected, TestResolution.Matched(ImagePipeline.ForTrain(spec, Augmentation.Parse(augmentation)), spec));
    }

    [Fact]
    public void InputSizeTravelsWithTheModelIntoEveryPipeline()
    {
        var model = Pretrained.Classifier("resnet-cntk", ["a", "b"], pretrained: false, inputSize: 288);
        Assert.Equal(288, model.Preprocess.InputSize);
        Assert.Equal(329, model.Preprocess.ResizeSize);
        Assert.Equal(288, ImagePipeline.ForEvalMirrored(model.Preprocess).OutputSize);
        Assert.Contains("input_size 16", Assert.Throws<ArgumentException>(() => Pretrained.Classifier("resnet-cntk", ["a", "b"], pretrained: false, inputSize: 16)).Message);
    }
}
