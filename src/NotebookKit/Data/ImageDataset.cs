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
        foreach (var s in Samples) if (s.Label >= 0) counts[s.Label]++;
        return counts;
    }

    /// <summary>A seeded, stratified subset with at most <paramref name="perClass"/> images per class (quick runs).</summary>
    public ImageDataset Take(int perClass, int seed = Seeds.Default)
    {
        var rng = new Random(seed);
        var picked = Samples.GroupBy(s => s.Label)
            .SelectMany(g => g.OrderBy(_ => rng.Next()).Take(perClass))
            .OrderBy(s => s.Label).ThenBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
        return new ImageDataset(Name, Classes, picked);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (a fold, a subset).</summary>
    public ImageDataset Select(IEnumerable<int> indices, string? name = null) => new(name ?? Name, Classes, [.. indices.Select(i => Samples[i])]);

    /// <summary>Several datasets with the same classes as one, in order (e.g. every split, for out-of-fold predictions).</summary>
    public static ImageDataset Concat(string name, params IReadOnlyList<ImageDataset> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("Nothing to concatenate.", nameof(parts));
        if (parts.Any(p => !p.Classes.SequenceEqual(parts[0].Classes)))
            throw new ArgumentException("Only datasets with the same classes can be concatenated.", nameof(parts));
        return new(name, parts[0].Classes, [.. parts.SelectMany(p => p.Samples)]);
    }

    /// <summary>Image files whose classes are unknown (label −1), to predict with a model of <paramref name="classes"/>.</summary>
    public static ImageDataset Unlabelled(IEnumerable<string> paths, IReadOnlyList<string> classes, string name = "images") =>
        new(name, classes, [.. paths.Select(p => new ImageSample(p, ImageSample.NoLabel))]);

    public override string ToString() =>
        $"{Name}: {Count} images, " + string.Join(", ", Classes.Zip(ClassCounts(), (c, n) => $"{c} {n}"));
}
