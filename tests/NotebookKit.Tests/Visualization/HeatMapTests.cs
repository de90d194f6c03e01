using NotebookKit.Explainability;
using NotebookKit.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Tests.Visualization;

public class HeatMapTests
{
    [Fact]
    public void Mass_fraction_of_a_half()
    {
        var left = new HeatMap(4, 2, [1, 1, 0, 0, 1, 1, 0, 0]);
        Assert.Equal(1.0, left.MassFraction(0, 0, 2, 2));
        Assert.Equal(0.0, left.MassFraction(2, 0, 2, 2));
        Assert.Equal(0.5, new HeatMap(2, 2, [1, 1, 1, 1]).MassFraction(0, 0, 1, 2));
        Assert.Equal(0.0, new HeatMap(1, 1, [0]).MassFraction(0, 0, 1, 1));
        Assert.Equal(1f, left[1, 1]);
    }

    [Fact]
    public void Size_must_match_the_values()
    {
        Assert.Throws<ArgumentException>(() => new HeatMap(3, 3, new float[8]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeatMap(0, 3, []));
    }

    [Fact]
    public void Jet_runs_from_dark_blue_through_green_to_dark_red()
    {
        Assert.Equal(new Rgb24(0, 0, 128), HeatMapOverlay.Jet(0));
        Assert.Equal(new Rgb24(128, 255, 128), HeatMapOverlay.Jet(0.5f));
        Assert.Equal(new Rgb24(128, 0, 0), HeatMapOverlay.Jet(1));
        Assert.Equal(HeatMapOverlay.Jet(1), HeatMapOverlay.Jet(7));
    }

    [Fact]
    public void Blend_colours_only_where_the_map_is_high()
    {
        using var grey = new Image<Rgb24>(8, 8, new Rgb24(100, 100, 100));
        var map = new HeatMap(2, 1, [0, 1]); // cold left half, hot right half
        using var blended = HeatMapOverlay.Blend(grey, map, alpha: 0.5);

        Assert.Equal((8, 8), (blended.Width, blended.Height));
        Assert.Equal(new Rgb24(100, 100, 100), blended[0, 4]);
        Assert.True(blended[7, 4].R > 100 && blended[7, 4].B < 100, $"right edge should turn red, got {blended[7, 4]}");
        Assert.Equal(new Rgb24(100, 100, 100), grey[7, 4]);

        using var untouched = HeatMapOverlay.Blend(grey, map, alpha: 0);
        Assert.Equal(new Rgb24(100, 100, 100), untouched[7, 4]);
    }

    [Fact]
    public void Render_draws_the_map_at_its_own_size()
    {
        using var image = HeatMapOverlay.Render(new HeatMap(3, 2, [0, 0.5f, 1, 1, 0.5f, 0]));
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(HeatMapOverlay.Jet(1), image[2, 0]);
    }
}
