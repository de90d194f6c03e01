namespace NotebookKit.Data;

public sealed partial class ImageFolder
{
    /// <summary>This folder's classes, skipped and odd files and notes, with other splits.</summary>
    ImageFolder(ImageFolder of, ImageDataset train, ImageDataset val, ImageDataset? test)
    {
        (Root, Classes, Train, Val, Test, Skipped, IsPreSplit, EmptyClassFolders) = (of.Root, of.Classes, train, val, test, of.Skipped, of.IsPreSplit, of.EmptyClassFolders);
        (Odd, Checks, Notes, sizes) = (of.Odd, of.Checks, of.Notes, of.sizes);
    }

    /// <summary>A seeded, stratified subset: at most <paramref name="trainPerClass"/> training images per class, <paramref name="evalPerClass"/> for val and test.</summary>
    public ImageFolder Subset(int trainPerClass, int evalPerClass, int seed = Seeds.Default) =>
        new(this, Train.Take(trainPerClass, seed), Val.Take(evalPerClass, seed), Test?.Take(evalPerClass, seed));

    /// <summary>
    /// This folder with <paramref name="className"/>'s training images cut to <paramref name="fraction"/> of them (at least
    /// one, a seeded choice), val and test untouched: an unbalanced variant, to show what a small class suffers and what
    /// class weights or balanced sampling give back.
    /// </summary>
    public ImageFolder WithFewer(string className, double fraction, int seed = Seeds.Default)
    {
        var label = Classes.ToList().IndexOf(className);
        if (label < 0) throw new ArgumentException($"'{className}' is not a class of '{Root}' ({string.Join(", ", Classes)}).", nameof(className));
        if (fraction is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Keep a fraction in (0, 1] of the class's training images.");
        var mine = Train.Samples.Where(s => s.Label == label).OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(mine);
        var kept = mine.Take(Math.Max(1, (int)Math.Round(mine.Length * fraction))).ToHashSet();
        var train = new ImageDataset(Train.Name, Classes, [.. Train.Samples.Where(s => s.Label != label || kept.Contains(s))]);
        return new(this, train, Val, Test);
    }
}
