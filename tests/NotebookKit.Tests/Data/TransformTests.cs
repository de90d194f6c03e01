using NotebookKit.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Data;

public class TransformTests
{
    static readonly Rgb24 Grey = new(50, 50, 50), Marker = new(250, 10, 10);
    static readonly Random Rng = new(0);

    static Image<Rgb24> Marked(int width, int height, int x, int y)
    {
        var image = new Image<Rgb24>(width, height, Grey);
        image[x, y] = Marker;
        return image;
    }

    [Fact]
    public void HorizontalFlipMovesAMarkedPixelToTheMirroredColumn()
    {
        using var image = new RandomHorizontalFlip(1).Apply(Marked(10, 8, 2, 3), Rng);
        Assert.Equal(Marker, image[7, 3]);
        Assert.Equal(Grey, image[2, 3]);
        using var kept = new RandomHorizontalFlip(0).Apply(Marked(10, 8, 2, 3), Rng);
        Assert.Equal(Marker, kept[2, 3]);
    }

    [Fact]
    public void MirrorViewAlwaysFlipsAndKeepsAPipelineDeterministic()
    {
        using var image = new HorizontalFlip().Apply(Marked(10, 8, 2, 3), Rng);
        Assert.Equal(Marker, image[7, 3]);
        Assert.True(ImagePipeline.ForEvalMirrored(PreprocessSpec.ImageNet).IsDeterministic);
        Assert.IsType<HorizontalFlip>(ImagePipeline.ForEvalMirrored(PreprocessSpec.ImageNet).Transforms[^1]);
    }

    [Fact]
    public void VerticalFlipMovesAMarkedPixelToTheMirroredRow()
    {
        using var image = new RandomVerticalFlip(1).Apply(Marked(10, 8, 2, 3), Rng);
        Assert.Equal(Marker, image[2, 4]);
        Assert.Equal(Grey, image[2, 3]);
    }

    [Fact]
    public void FlipWithHalfProbabilityFlipsAboutHalfTheTime()
    {
        var rng = new Random(7);
        var flips = 0;
        for (var i = 0; i < 400; i++)
        {
            using var image = new RandomHorizontalFlip().Apply(Marked(4, 1, 0, 0), rng);
            if (image[3, 0] == Marker) flips++;
        }
        Assert.InRange(flips, 160, 240);
    }

    [Fact]
    public void CenterCropPicksTheCentre()
    {
        using var image = new CenterCrop(4).Apply(Marked(10, 8, 3, 2), Rng);
        Assert.Equal((4, 4), (image.Width, image.Height));
        Assert.Equal(Marker, image[0, 0]);
    }

    [Fact]
    public void ResizeShorterSideUpscalesKeepingTheAspectRatio()
    {
        using var image = new ResizeShorterSide(224).Apply(new Image<Rgb24>(100, 50), Rng);
        Assert.Equal((448, 224), (image.Width, image.Height));
    }

    [Fact]
    public void InterpolationTravelsFromTheSpecIntoTheResizeAndItsCacheKey()
    {
        // A checkerboard: bicubic and bilinear resampling give different pixels, so the pipeline text (the cache key) differs too.
        static Image<Rgb24> Board()
        {
            var board = new Image<Rgb24>(40, 40);
            for (var y = 0; y < 40; y++)
                for (var x = 0; x < 40; x++) board[x, y] = (x / 3 + y / 3) % 2 == 0 ? new Rgb24(255, 255, 255) : new Rgb24(0, 0, 0);
            return board;
        }
        using var bicubic = new ResizeShorterSide(64).Apply(Board(), Rng); // bicubic is the default
        using var bilinear = new ResizeShorterSide(64, Interpolation.Bilinear).Apply(Board(), Rng);
        Assert.Contains(Enumerable.Range(0, 64), x => bicubic[x, 20] != bilinear[x, 20]);

        var spec = PreprocessSpec.ImageNet with { Interpolation = Interpolation.Bilinear };
        Assert.Equal(new ResizeShorterSide(256, Interpolation.Bilinear), ImagePipeline.ForEval(spec).Transforms[0]);
        Assert.NotEqual(ImagePipeline.ForEval(PreprocessSpec.ImageNet).ToString(), ImagePipeline.ForEval(spec).ToString());
        Assert.Contains("bilinear", spec.ToString());
        Assert.Contains("bicubic", PreprocessSpec.ImageNet.ToString());
    }

    [Fact]
    public void ResizeIsExactAndIgnoresTheAspectRatio()
    {
        using var image = new Resize(30, 20).Apply(new Image<Rgb24>(100, 50), Rng);
        Assert.Equal((30, 20), (image.Width, image.Height));
    }

    [Fact]
    public void RandomResizedCropBoxesStayInsideAndRespectScaleAndRatio()
    {
        var crop = new RandomResizedCrop(16, (0.25, 0.5), (0.5, 2));
        var rng = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var box = crop.SampleBox(200, 100, rng);
            Assert.True(box.X >= 0 && box.Y >= 0 && box.Right <= 200 && box.Bottom <= 100, box.ToString());
            Assert.InRange(box.Width * box.Height / 20000.0, 0.23, 0.52);
            Assert.InRange((double)box.Width / box.Height, 0.45, 2.2);
        }
        using var image = crop.Apply(new Image<Rgb24>(200, 100), rng);
        Assert.Equal((16, 16), (image.Width, image.Height));
        Assert.Equal(new Rectangle(0, 0, 50, 50), new RandomResizedCrop(8, (1, 1), (1, 1)).SampleBox(50, 50, rng));
    }

    [Fact]
    public void RotationBy90DegreesTurnsAPointRightOfCentreToAboveIt()
    {
        using var image = Marked(21, 21, 15, 10);
        RandomRotation.Rotate(image, 90);
        Assert.Equal(Marker, image[10, 5]);
        Assert.Equal(Grey, image[15, 10]);
    }

    [Fact]
    public void RotationRepeatsEdgePixelsInTheCornersLikeKerasNearestFill()
    {
        using var image = new Image<Rgb24>(21, 21, Grey);
        RandomRotation.Rotate(image, 45);
        Assert.Equal(Grey, image[0, 0]);
    }

    [Fact]
    public void ZoomBelowOneZoomsInAndAboveOneZoomsOut()
    {
        using var zoomIn = Marked(21, 21, 11, 10);
        RandomZoom.Zoom(zoomIn, 0.5, 0.5);
        Assert.Equal(Marker, zoomIn[12, 10]);
        using var zoomOut = Marked(21, 21, 12, 10);
        RandomZoom.Zoom(zoomOut, 2, 2);
        Assert.Equal(Marker, zoomOut[11, 10]);
    }

    [Fact]
    public void ShearKeepsTheCentreColumnAndSlidesTheOthersInProportionToX()
    {
        using var image = new Image<Rgb24>(21, 21, Grey);
        for (var x = 0; x < 21; x++) image[x, 10] = Marker;
        RandomShear.Shear(image, 30);
        // Column x reads row y − sin(30°)·(x − 10): the marked row stays at 10 in the centre, moves to 13 at x = 16 and 7 at x = 4.
        Assert.Equal(Marker, image[10, 10]);
        Assert.Equal(Marker, image[16, 13]);
        Assert.Equal(Marker, image[4, 7]);
        Assert.Equal(Grey, image[16, 10]);
    }

    [Fact]
    public void KerasShearRangeOfPointTwoIsAlmostANoOp()
    {
        using var image = TempFolder.Noise(32, 32, 1);
        using var copy = image.Clone();
        new RandomShear(0.2).Apply(copy, new Random(1));
        // ±0.2° moves no pixel by more than 0.06 px here, so no channel changes by more than ~15 levels.
        var maxChange = 0;
        for (var y = 0; y < 32; y++)
            for (var x = 0; x < 32; x++)
                maxChange = Math.Max(maxChange, Math.Max(Math.Abs(image[x, y].R - copy[x, y].R), Math.Abs(image[x, y].G - copy[x, y].G)));
        Assert.InRange(maxChange, 0, 20);
    }

    [Fact]
    public void ColorJitterExtremesGiveBlackMeanGreyAndGreyscale()
    {
        using var black = TempFolder.Noise(8, 8, 1);
        ColorJitter.AdjustBrightness(black, 0);
        Assert.Equal(new Rgb24(0, 0, 0), black[3, 3]);

        using var flat = new Image<Rgb24>(2, 1);
        flat[0, 0] = new Rgb24(0, 0, 0);
        flat[1, 0] = new Rgb24(200, 200, 200);
        ColorJitter.AdjustContrast(flat, 0);
        Assert.Equal(new Rgb24(100, 100, 100), flat[0, 0]);
        Assert.Equal(new Rgb24(100, 100, 100), flat[1, 0]);

        using var grey = new Image<Rgb24>(1, 1, new Rgb24(255, 0, 0));
        ColorJitter.AdjustSaturation(grey, 0);
        Assert.Equal(new Rgb24(76, 76, 76), grey[0, 0]);

        using var same = TempFolder.Noise(8, 8, 2);
        using var reference = same.Clone();
        ColorJitter.AdjustBrightness(same, 1);
        ColorJitter.AdjustContrast(same, 1);
        ColorJitter.AdjustSaturation(same, 1);
        Assert.Equal(reference[5, 5], same[5, 5]);
    }

    [Fact]
    public void TransformsPrintReadably()
    {
        Assert.Equal("RandomResizedCrop(224, scale=(0.08, 1), ratio=(0.75, 1.33))", new RandomResizedCrop(224).ToString());
        Assert.Equal("RandomHorizontalFlip(p=0.5)", new RandomHorizontalFlip().ToString());
        Assert.Equal("RandomZoom(0.8–1.2 per axis)", new RandomZoom(0.2).ToString());
        Assert.Equal("ColorJitter(brightness=0.4, contrast=0.4, saturation=0.4)", new ColorJitter(0.4, 0.4, 0.4).ToString());
        Assert.Equal("Resize(224x224)", new Resize(224).ToString());
    }
}
