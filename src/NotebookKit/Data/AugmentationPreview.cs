using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>Shows what a pipeline does to one photo: N augmented versions side by side, for a notebook to display.</summary>
public static class AugmentationPreview
{
    /// <summary>
    /// A grid of <paramref name="n"/> versions of <paramref name="path"/> (before normalisation), about square,
    /// with a 4-pixel white gap. Version i draws from Seeds.Mix(seed, 0, i), so the grid is reproducible.
    /// </summary>
    public static Image<Rgb24> Grid(string path, ImagePipeline pipeline, int n = 9, int seed = Seeds.Default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        const int gap = 4;
        var size = pipeline.OutputSize;
        var cols = (int)Math.Ceiling(Math.Sqrt(n));
        var rows = (n + cols - 1) / cols;
        var grid = new Image<Rgb24>(ImageDecoder.Configuration, cols * size + (cols - 1) * gap, rows * size + (rows - 1) * gap, new Rgb24(255, 255, 255));
        using var original = pipeline.Decode(path);
        for (var i = 0; i < n; i++)
        {
            using var tile = pipeline.Transform(original.Clone(), new Random(Seeds.Mix(seed, 0, i)));
            var at = new Point(i % cols * (size + gap), i / cols * (size + gap));
            grid.Mutate(x => x.DrawImage(tile, at, 1f));
        }
        return grid;
    }
}
