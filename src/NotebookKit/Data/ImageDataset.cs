namespace NotebookKit.Data;

/// <summary>A list of labelled image files sharing one class list (one split of an <see cref="ImageFolder"/>).</summary>
public sealed class ImageDataset(string name, IReadOnlyList<string> classes, IReadOnlyList<ImageSample> samples)
{
    public string Name { get; } = name;
    public IReadOnlyList<string> Classes { get; } = classes;
    public IReadOnlyList<ImageSample> Samples { get; } = samples;
    public int Count => Samples.Count;

    /// <summary>Number of images per class, in class order.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Classes.Count];
        foreach (var s in Samples) counts[s.Label]++;
        return counts;
    }

    /// <summary>A seeded, stratified subset with at most <paramref name="perClass"/> images per class (quick runs).</summary>
    public ImageDataset Take(int perClass, int seed = 42)
    {
        var rng = new Random(seed);
        var picked = Samples.GroupBy(s => s.Label)
            .SelectMany(g => g.OrderBy(_ => rng.Next()).Take(perClass))
            .OrderBy(s => s.Label).ThenBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
        return new ImageDataset(Name, Classes, picked);
    }

    public override string ToString() =>
        $"{Name}: {Count} images, " + string.Join(", ", Classes.Zip(ClassCounts(), (c, n) => $"{c} {n}"));
}
