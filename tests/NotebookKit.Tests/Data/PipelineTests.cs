using NotebookKit.Data;
using NotebookKit.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Tests.Data;

public class PipelineTests
{
    static readonly PreprocessSpec Spec = PreprocessSpec.ImageNet;

    [Fact]
    public void ImageNetNormalisationOfAKnownPixelInRgbOrder()
    {
        var pipeline = new ImagePipeline([], Normalization.ImageNet, 2);
        using var image = new Image<Rgb24>(2, 1, new Rgb24(0, 0, 0));
        image[1, 0] = new Rgb24(255, 128, 0);
        var chw = new float[6];
        pipeline.WriteChw(image, chw);
        // Planes R, G, B; pixel 1 of each plane.
        Assert.Equal((1f - 0.485f) / 0.229f, chw[1], 4);
        Assert.Equal((128f / 255f - 0.456f) / 0.224f, chw[3], 4);
        Assert.Equal(-0.406f / 0.225f, chw[5], 4);
        Assert.Equal(-0.485f / 0.229f, chw[0], 4);
    }

    [Fact]
    public void CaffeNormalisationOfAKnownPixelInBgrOrder()
    {
        var norm = Normalization.MeanSubtractionBgr(104, 117, 123);
        var pipeline = new ImagePipeline([], norm, 1);
        using var image = new Image<Rgb24>(1, 1, new Rgb24(255, 128, 0));
        var chw = new float[3];
        pipeline.WriteChw(image, chw);
        Assert.Equal([0f - 104, 128f - 117, 255f - 123], chw);
        for (var c = 0; c < 3; c++) Assert.Equal(norm.Apply(255, 128, 0, c), chw[c]);
    }

    [Fact]
    public void PresetsDeclareWhetherTheyAreRandom()
    {
        Assert.True(ImagePipeline.ForEval(Spec).IsDeterministic);
        Assert.True(ImagePipeline.ForTrain(Spec, Augmentation.None).IsDeterministic);
        Assert.False(ImagePipeline.ForTrain(Spec, Augmentation.Standard).IsDeterministic);
        Assert.False(ImagePipeline.ForTrain(Spec, Augmentation.Keras).IsDeterministic);
        Assert.Contains("RandomResizedCrop(224, scale=(0.35, 1)", ImagePipeline.ForTrain(Spec, Augmentation.FastAi).ToString());
        Assert.Contains("RandomShear(±0.2°) → RandomZoom(0.8–1.2 per axis) → RandomHorizontalFlip(p=0.5)", ImagePipeline.ForTrain(Spec, Augmentation.Keras).ToString());
    }

    [Theory]
    [InlineData("standard")]
    [InlineData("fastai")]
    [InlineData("keras")]
    public void SameSeedGivesTheSameAugmentedPixelsAndAnotherSeedDoesNot(string preset)
    {
        var pipeline = ImagePipeline.ForTrain(Spec.WithInputSize(64), Augmentation.Parse(preset));
        var photo = SharedData.Photo();
        float[] Load(int seed)
        {
            var chw = new float[3 * 64 * 64];
            pipeline.Load(photo, chw, new Random(seed));
            return chw;
        }
        Assert.Equal(Load(1), Load(1));
        Assert.NotEqual(Load(1), Load(2));
    }

    [Fact]
    public void PreviewGridHoldsNTilesOfTheOutputSize()
    {
        var pipeline = ImagePipeline.ForTrain(Spec.WithInputSize(64), Augmentation.Standard);
        using var grid = AugmentationPreview.Grid(SharedData.Photo(), pipeline, n: 5, seed: 3);
        Assert.Equal((3 * 64 + 2 * 4, 2 * 64 + 4), (grid.Width, grid.Height));
        Assert.Equal(new Rgb24(255, 255, 255), grid[grid.Width - 1, grid.Height - 1]);
        using var again = AugmentationPreview.Grid(SharedData.Photo(), pipeline, n: 5, seed: 3);
        Assert.Equal(grid[100, 30], again[100, 30]);
    }
}
