using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>One step of an image pipeline. Random steps draw only from <paramref name="rng"/>, so a seed fixes the pixels.</summary>
public interface IImageTransform
{
    Image<Rgb24> Apply(Image<Rgb24> image, Random rng);
}
