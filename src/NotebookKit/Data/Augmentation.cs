namespace NotebookKit.Data;

/// <summary>
/// A named recipe of training transforms for a model's <see cref="PreprocessSpec"/>; <see cref="ImagePipeline.ForTrain"/>
/// turns it into a pipeline. Printing the pipeline shows the concrete steps.
/// </summary>
public sealed class Augmentation(string name, Func<PreprocessSpec, IReadOnlyList<IImageTransform>> steps)
{
    public string Name { get; } = name;

    /// <summary>The transforms for <paramref name="spec"/>; the last one must produce InputSize × InputSize.</summary>
    public IReadOnlyList<IImageTransform> Steps(PreprocessSpec spec) => steps(spec);

    /// <summary>No augmentation: the evaluation transforms (resize shorter side, centre crop).</summary>
    public static Augmentation None { get; } = new("none", s => [new ResizeShorterSide(s.ResizeSize, s.Interpolation), new CenterCrop(s.InputSize)]);

    /// <summary>torchvision's ImageNet training recipe: RandomResizedCrop(InputSize) and a horizontal flip.</summary>
    public static Augmentation Standard { get; } = new("standard", s => [new RandomResizedCrop(s.InputSize), new RandomHorizontalFlip()]);

    /// <summary>
    /// fastai's fine-tuning crops: RandomResizedCrop keeping at least 35% of the photo (min_scale=0.35) and a
    /// horizontal flip. Gentler than <see cref="Standard"/>'s 8%, which with a few hundred photos often crops the
    /// object away.
    /// </summary>
    public static Augmentation FastAi { get; } = new("fastai", s =>
        [new RandomResizedCrop(s.InputSize, (0.35, 1.0), (3.0 / 4, 4.0 / 3)), new RandomHorizontalFlip()]);

    /// <summary>
    /// The article's Keras ImageDataGenerator(shear_range=0.2, zoom_range=0.2, horizontal_flip=True) with
    /// flow_from_directory(target_size): as in Keras, the image is first resized to the input size, then sheared,
    /// zoomed and flipped (cheaper than warping the full-size photo, and the same order Keras uses).
    /// </summary>
    public static Augmentation Keras { get; } = new("keras", s =>
        [new Resize(s.InputSize), new RandomShear(0.2), new RandomZoom(0.2), new RandomHorizontalFlip()]);

    /// <summary>The preset called <paramref name="name"/> (none, standard, fastai, keras), as the CLI takes it.</summary>
    public static Augmentation Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => None,
        "standard" => Standard,
        "fastai" => FastAi,
        "keras" => Keras,
        _ => throw new ArgumentException($"Augmentation '{name}' is not none, standard, fastai or keras."),
    };

    public override string ToString() => Name;
}
