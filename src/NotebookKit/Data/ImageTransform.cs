using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Data;

/// <summary>One step of an image pipeline. Random steps draw only from <paramref name="rng"/>, so a seed fixes the pixels.</summary>
public interface IImageTransform
{
    /// <summary>Transforms <paramref name="image"/>, in place or into a new image (then the input is disposed).</summary>
    Image<Rgb24> Apply(Image<Rgb24> image, Random rng);

    /// <summary>True when the step draws random numbers. Unknown steps count as random, the safe assumption.</summary>
    bool IsRandom => true;

    /// <summary>
    /// The shorter side an input of this step needs to give the same result as the full photo, when the step comes
    /// first in a pipeline; the decoder may then deliver less (<see cref="ImagePipeline.DecodeSize"/>). Null: the whole photo.
    /// </summary>
    int? SourceSize => null;
}
