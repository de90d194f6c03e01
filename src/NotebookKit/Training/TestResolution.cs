using NotebookKit.Data;

namespace NotebookKit.Training;

/// <summary>The validation accuracy at each test input size tried, and the preprocessing with the best one.</summary>
public sealed record TestSizeChoice(IReadOnlyList<(int Size, double Accuracy)> Trials, PreprocessSpec Preprocess)
{
    public int Size => Preprocess.TestInputSize ?? Preprocess.InputSize;
}

/// <summary>
/// FixRes (Touvron et al., 2019): a CNN trained on random crops at 224 px often classifies better at a larger test
/// input. Try sizes on the validation split and keep the best, so the test split is used once, at the end.
/// </summary>
public static class TestResolution
{
    /// <summary>
    /// Validation accuracy of <paramref name="learner"/>'s model at each test input side, in the given order (the first
    /// listed wins a tie). The model is not changed: predict with the returned <see cref="TestSizeChoice.Preprocess"/>
    /// (<c>learn.GetPreds(data.Test, preprocess: choice.Preprocess)</c>).
    /// </summary>
    public static TestSizeChoice Choose(Learner learner, ImageDataset validation, params IReadOnlyList<int> sizes)
    {
        if (sizes.Count == 0) throw new ArgumentException("Give at least one input size.", nameof(sizes));
        var spec = learner.Model.Preprocess;
        var trials = sizes.Distinct().Select(size => (size, learner.GetPreds(validation, preprocess: spec.WithTestInputSize(size)).Accuracy)).ToList();
        return new TestSizeChoice(trials, spec.WithTestInputSize(trials.MaxBy(t => t.Item2).size));
    }

    /// <summary>
    /// The test input side at which objects look as large as in the training crops of <paramref name="train"/>, to the
    /// nearest multiple of 32 (FixRes' apparent-object-size argument, for square photos). A crop keeping a fraction s of
    /// the area, s uniform in [a, b], magnifies by 1/√s, on average 2 / (√a + √b); the test transform shrinks by the
    /// resize/crop ratio of <paramref name="spec"/> (256/224). torchvision's crops (a = 0.08) give 306 → 320 px at 224,
    /// fastai's (a = 0.35) 246 → 256: gentler crops, a smaller gap. Without a random resized crop, the training size.
    /// </summary>
    public static int Matched(ImagePipeline train, PreprocessSpec spec)
    {
        if (train.Transforms.OfType<RandomResizedCrop>().LastOrDefault() is not { Scale: var (min, max) } crop) return train.OutputSize;
        var magnification = 2 / (Math.Sqrt(min) + Math.Sqrt(max));
        var side = crop.Size * magnification * spec.InputSize / spec.ResizeSize;
        return (int)Math.Round(side / 32) * 32;
    }
}
