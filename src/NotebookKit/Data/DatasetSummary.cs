using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Analysis;

namespace NotebookKit.Data;

/// <summary>A train image and a val/test image whose perceptual hashes are within the distance limit: likely the same photo.</summary>
public sealed record NearDuplicate(string TrainPath, string OtherPath, string OtherSplit, int Distance);

/// <summary>
/// What is in an <see cref="ImageFolder"/>, as tables a notebook displays: images per class and split, image
/// sizes per split, skipped files and why, warnings, and near-duplicate photos shared by train and val/test
/// (leakage: the model is then tested on photos it trained on).
/// </summary>
public sealed class DatasetSummary
{
    /// <summary>Rows: classes. Columns: class, train, val, test, total.</summary>
    public required DataFrame ImagesPerClass { get; init; }
    /// <summary>Rows: splits. Columns: split, images, min/median/max width and height (as stored, before EXIF rotation), smaller_than_input.</summary>
    public required DataFrame Sizes { get; init; }
    /// <summary>Columns: path, reason.</summary>
    public required DataFrame Skipped { get; init; }
    /// <summary>Suspicious pictures kept in the splits (see <see cref="OddPictures"/>). Columns: path, reason.</summary>
    public required DataFrame Suspicious { get; init; }
    public required IReadOnlyList<NearDuplicate> NearDuplicates { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Imbalance warning threshold: the largest class over the smallest.</summary>
    public const double ImbalanceRatio = 1.5;
    /// <summary>Classes with fewer images than this in total get a warning.</summary>
    public const int TinyClass = 10;

    /// <summary>
    /// Summarises <paramref name="folder"/> for a model taking <paramref name="inputSize"/> pixels. The leakage check
    /// decodes every image; pass <paramref name="maxHashDistance"/> null to skip it.
    /// </summary>
    public static DatasetSummary Create(ImageFolder folder, int inputSize = 224, int? maxHashDistance = 4)
    {
        var splits = new[] { folder.Train, folder.Val, folder.Test }.OfType<ImageDataset>().ToList();
        var warnings = new List<string>();
        var perClass = ClassTable(folder, splits, warnings);
        var sizes = SizeTable(folder, splits, inputSize, warnings);
        if (folder.Skipped.Count > 0)
            warnings.Add($"{folder.Skipped.Count} files skipped: " + string.Join("; ", folder.Skipped.GroupBy(s => s.Reason).Select(g => $"{g.Count()} × {g.Key}")) + ".");
        if (folder.Odd.Count > 0)
            warnings.Add($"{folder.Odd.Count} suspicious picture(s) kept (shorter side under {OddPictures.MinSide} px or aspect ratio beyond {OddPictures.MaxAspect}:1), e.g. " +
                string.Join("; ", folder.Odd.Take(3).Select(o => $"{o.Path} ({o.Reason})")) + $". Check them, or {OddHint}.");
        warnings.AddRange(folder.Notes);
        var duplicates = maxHashDistance is { } d ? FindNearDuplicates(folder, d) : [];
        if (duplicates.Count > 0)
            warnings.Add($"{duplicates.Count} train image(s) are near-duplicates of val/test images (hash distance ≤ {maxHashDistance}): evaluation scores will be optimistic. Remove one of each pair.");
        return new DatasetSummary { ImagesPerClass = perClass, Sizes = sizes, Skipped = Table(folder.Skipped), Suspicious = Table(folder.Odd), NearDuplicates = duplicates, Warnings = warnings };
    }

    /// <summary>How a caller of the library leaves suspicious pictures out; front ends replace it with their own flag.</summary>
    public const string OddHint = "open the folder with skipOddPictures: true to leave them out";

    static DataFrame Table(IReadOnlyList<SkippedFile> files) => new(
        new StringDataFrameColumn("path", files.Select(s => s.Path)),
        new StringDataFrameColumn("reason", files.Select(s => s.Reason)));

    static DataFrame ClassTable(ImageFolder folder, List<ImageDataset> splits, List<string> warnings)
    {
        var counts = splits.ToDictionary(s => s.Name, s => s.ClassCounts());
        int[] Counts(string split) => counts.TryGetValue(split, out var c) ? c : new int[folder.Classes.Count];
        var total = folder.Classes.Select((_, i) => counts.Values.Sum(c => c[i])).ToArray();
        for (var i = 0; i < folder.Classes.Count; i++)
        {
            var name = folder.Classes[i];
            var present = splits.Where(s => counts[s.Name][i] > 0).Select(s => s.Name).ToList();
            if (total[i] == 0) warnings.Add($"Class '{name}' has no images (empty folder?). Add images or remove the folder.");
            else if (total[i] < TinyClass) warnings.Add($"Class '{name}' has only {total[i]} images; aim for at least {TinyClass}, ideally 100+.");
            if (present.Count == 1 && splits.Count(s => s.Count > 0) > 1)
                warnings.Add($"Class '{name}' has images in {present[0]} only: it cannot be {(present[0] == "train" ? "evaluated" : "learned")}.");
        }
        warnings.AddRange(ImbalanceWarnings(folder));
        return new DataFrame(
            new StringDataFrameColumn("class", folder.Classes),
            new Int32DataFrameColumn("train", Counts("train")),
            new Int32DataFrameColumn("val", Counts("val")),
            new Int32DataFrameColumn("test", Counts("test")),
            new Int32DataFrameColumn("total", total));
    }

    /// <summary>How a caller of the library weighs classes; front ends replace it with their own flag.</summary>
    public const string ClassWeightsHint = "train with LearnerOptions { ClassWeights = ClassWeights.Balanced } (or BalancedSampler = true)";

    /// <summary>
    /// One warning per split whose largest class has over <see cref="ImbalanceRatio"/> times the images of its smallest;
    /// for train/ it names the fix (<see cref="ClassWeightsHint"/>), since a small class is otherwise outvoted in the loss.
    /// </summary>
    public static IReadOnlyList<string> ImbalanceWarnings(ImageFolder folder)
    {
        var warnings = new List<string>();
        foreach (var split in new[] { folder.Train, folder.Val, folder.Test }.OfType<ImageDataset>().Where(s => s.Count > 0))
        {
            var c = split.ClassCounts();
            int max = c.Max(), min = c.Where(n => n > 0).DefaultIfEmpty(0).Min();
            if (min > 0 && (double)max / min > ImbalanceRatio)
                warnings.Add($"{split.Name}: class imbalance, '{folder.Classes[Array.IndexOf(c, max)]}' has {max} images and '{folder.Classes[Array.IndexOf(c, min)]}' {min} ({(double)max / min:0.0}×). Watch per-class recall" +
                    (split == folder.Train ? $"; to keep the small class from being outvoted, {ClassWeightsHint}." : "."));
        }
        return warnings;
    }

    static DataFrame SizeTable(ImageFolder folder, List<ImageDataset> splits, int inputSize, List<string> warnings)
    {
        var table = new DataFrame(
            new StringDataFrameColumn("split"), new Int32DataFrameColumn("images"),
            new Int32DataFrameColumn("min_width"), new DoubleDataFrameColumn("median_width"), new Int32DataFrameColumn("max_width"),
            new Int32DataFrameColumn("min_height"), new DoubleDataFrameColumn("median_height"), new Int32DataFrameColumn("max_height"),
            new Int32DataFrameColumn("smaller_than_input"));
        foreach (var split in splits.Where(s => s.Count > 0))
        {
            var sizes = new (int Width, int Height)[split.Count];
            // The open already read every size; only a split built some other way is read again.
            Parallel.For(0, split.Count, i => sizes[i] = folder.SizeOf(split.Samples[i].Path) ?? ImageDecoder.Identify(split.Samples[i].Path));
            var w = sizes.Select(s => s.Width).Order().ToArray();
            var h = sizes.Select(s => s.Height).Order().ToArray();
            var small = sizes.Count(s => Math.Min(s.Width, s.Height) < inputSize);
            table.Append([split.Name, split.Count, w[0], Median(w), w[^1], h[0], Median(h), h[^1], small], inPlace: true);
            if (small > 0)
                warnings.Add($"{split.Name}: {small} of {split.Count} images have a shorter side below the model's {inputSize} px and will be upscaled.");
        }
        return table;
    }

    static double Median(int[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;

    /// <summary>Pairs (train, val/test) whose dHash differs in at most <paramref name="maxDistance"/> of 64 bits.</summary>
    public static IReadOnlyList<NearDuplicate> FindNearDuplicates(ImageFolder folder, int maxDistance = 4)
    {
        var others = new[] { folder.Val, folder.Test }.OfType<ImageDataset>().Where(d => d.Count > 0).ToList();
        var all = others.Prepend(folder.Train).SelectMany(d => d.Samples).Select(s => s.Path).Distinct().ToList();
        var hashes = new ConcurrentDictionary<string, ulong>();
        Parallel.ForEach(all, p => hashes[p] = PerceptualHash.DHash(p));
        var pairs = new List<NearDuplicate>();
        foreach (var other in others)
            foreach (var o in other.Samples)
                foreach (var t in folder.Train.Samples)
                {
                    var distance = PerceptualHash.Distance(hashes[t.Path], hashes[o.Path]);
                    if (distance <= maxDistance) pairs.Add(new NearDuplicate(t.Path, o.Path, other.Name, distance));
                }
        return pairs.OrderBy(p => p.Distance).ThenBy(p => p.TrainPath, StringComparer.Ordinal).ToList();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Images per class").AppendLine(Format(ImagesPerClass)).AppendLine().AppendLine("Image sizes").AppendLine(Format(Sizes)).AppendLine();
        if (Skipped.Rows.Count > 0) sb.AppendLine("Skipped files").AppendLine(Format(Skipped)).AppendLine();
        if (Suspicious.Rows.Count > 0) sb.AppendLine("Suspicious pictures (kept)").AppendLine(Format(Suspicious)).AppendLine();
        foreach (var d in NearDuplicates.Take(20)) sb.AppendLine($"near-duplicate (distance {d.Distance}): {d.TrainPath} ~ {d.OtherSplit}: {d.OtherPath}");
        foreach (var w in Warnings) sb.AppendLine("warning: " + w);
        return sb.ToString();
    }

    /// <summary>Columns padded to their widest cell (DataFrame.ToString cuts cells at a fixed width).</summary>
    static string Format(DataFrame table)
    {
        var columns = table.Columns.Select(c => (IReadOnlyList<string>)[c.Name, .. Enumerable.Range(0, (int)c.Length).Select(i => Convert.ToString(c[i], System.Globalization.CultureInfo.InvariantCulture) ?? "")]).ToList();
        var widths = columns.Select(c => c.Max(s => s.Length)).ToList();
        var lines = Enumerable.Range(0, (int)table.Rows.Count + 1)
            .Select(r => string.Join("  ", columns.Select((c, i) => i == 0 ? c[r].PadRight(widths[i]) : c[r].PadLeft(widths[i]))).TrimEnd());
        return string.Join(Environment.NewLine, lines);
    }
}
