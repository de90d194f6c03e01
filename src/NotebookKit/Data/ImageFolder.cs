namespace NotebookKit.Data;

/// <summary>
/// Images in folders named after their class, either already split (<c>train/ val/ [test/]</c>, each holding
/// class folders) or not (class folders directly, then split stratified with a seed).
/// Class order is alphabetical (ordinal), like torchvision's ImageFolder, so it is stable across machines.
/// </summary>
public sealed partial class ImageFolder
{
    static readonly string[] SplitNames = ["train", "val", "test"];

    public string Root { get; }
    public IReadOnlyList<string> Classes { get; }
    public ImageDataset Train { get; }
    public ImageDataset Val { get; }
    public ImageDataset? Test { get; }
    /// <summary>Files found but not used, with the reason.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }
    /// <summary>True when the folder came already split into train/val/test.</summary>
    public bool IsPreSplit { get; }

    ImageFolder(string root, IReadOnlyList<string> classes, ImageDataset train, ImageDataset val, ImageDataset? test, IReadOnlyList<SkippedFile> skipped, bool preSplit)
        => (Root, Classes, Train, Val, Test, Skipped, IsPreSplit) = (root, classes, train, val, test, skipped, preSplit);

    /// <summary>
    /// Opens a data folder. An unsplit folder is split per class by <paramref name="split"/> fractions, or by fixed
    /// per-class <paramref name="counts"/> when given. Throws <see cref="DataException"/> naming the folder and the fix
    /// when its layout is unusable.
    /// </summary>
    public static ImageFolder Open(string root, SplitFractions? split = null, int seed = Seeds.Default, BadFilePolicy badFiles = BadFilePolicy.Skip, SplitCounts? counts = null)
    {
        if (split is not null && counts is not null)
            throw new ArgumentException("Give split fractions or split counts, not both.", nameof(counts));
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataException($"Data folder '{root}' does not exist. Pass a folder holding class folders (cat/, dog/ …) or train/ val/ [test/] split folders.", root);
        var skipped = new List<SkippedFile>();
        var splitDirs = SplitNames.Select(n => Path.Combine(root, n)).Where(Directory.Exists).ToList();
        if (splitDirs.Count > 0 && Directory.Exists(Path.Combine(root, "train")))
        {
            var classes = ClassNames(Path.Combine(root, "train"));
            ImageDataset? Load(string name) => Directory.Exists(Path.Combine(root, name))
                ? new ImageDataset(name, classes, Scan(Path.Combine(root, name), classes, skipped, badFiles, splitOfTrain: true)) : null;
            var train = Load("train")!;
            var val = Load("val");
            var test = Load("test");
            if (val is null)
            {
                // No val/ folder: hold out part of train, stratified, so validation never touches test.
                var parts = StratifiedSplit(train.Samples, new SplitFractions(0.9, 0.1, 0), seed);
                train = new ImageDataset("train", classes, parts.Train);
                val = new ImageDataset("val", classes, parts.Val);
            }
            return Checked(new ImageFolder(root, classes, train, val, test, skipped, true));
        }
        var all = ClassNames(root);
        var samples = Scan(root, all, skipped, badFiles, splitOfTrain: false);
        var (tr, va, te) = counts is null ? StratifiedSplit(samples, split ?? SplitFractions.Default, seed) : StratifiedSplit(samples, counts, seed);
        return Checked(new ImageFolder(root, all, new("train", all, tr), new("val", all, va), te.Count > 0 ? new("test", all, te) : null, skipped, false));
    }

    /// <summary>Opens a folder used only for evaluation: a split root (its test/ split) or class folders (all images).</summary>
    public static ImageDataset OpenForEvaluation(string root, BadFilePolicy badFiles = BadFilePolicy.Fail)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataException($"Data folder '{root}' does not exist.", root);
        var dir = Directory.Exists(Path.Combine(root, "test")) ? Path.Combine(root, "test") : root;
        var classes = ClassNames(dir);
        var skipped = new List<SkippedFile>();
        var ds = new ImageDataset(Path.GetFileName(dir), classes, Scan(dir, classes, skipped, badFiles, splitOfTrain: false));
        if (ds.Count == 0) throw new DataException($"No images found in the class folders of '{dir}'.", dir);
        return ds;
    }

    /// <summary>Dot-files and the clutter of file managers and zip tools: .DS_Store, Thumbs.db, desktop.ini, __MACOSX.</summary>
    static bool IsHidden(string name) =>
        name.StartsWith('.') || name is "__MACOSX" || name.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase) || name.Equals("desktop.ini", StringComparison.OrdinalIgnoreCase);

    /// <summary>Class folder names (ordinal order), ignoring hidden folders.</summary>
    static List<string> ClassNames(string dir, bool allowNone = false)
    {
        var names = Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Where(n => !IsHidden(n) && !SplitNames.Contains(n, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0 && !allowNone)
            throw new DataException($"'{dir}' has no class folders. Put each class's images in a folder named after the class, e.g. {dir}/cat/*.jpg and {dir}/dog/*.jpg.", dir);
        return names;
    }

    static List<ImageSample> Scan(string dir, IReadOnlyList<string> classes, List<SkippedFile> skipped, BadFilePolicy policy, bool splitOfTrain)
    {
        // A val/test split may lack a class (the summary warns) but may not add one the model never trains on.
        var extra = splitOfTrain ? ClassNames(dir, allowNone: true).Except(classes).ToList() : [];
        if (extra.Count > 0)
            throw new DataException($"'{dir}' has class folders [{string.Join(", ", extra)}] that train/ lacks. Every class needs training images: add them to train/ or remove the folders.", dir);
        var samples = new List<ImageSample>();
        for (var label = 0; label < classes.Count; label++)
        {
            var classDir = Path.Combine(dir, classes[label]);
            if (!Directory.Exists(classDir)) continue;
            // Not recursive, so a symlink loop below a class folder cannot make the scan hang; sub-folders are reported.
            foreach (var sub in Directory.EnumerateDirectories(classDir).Order(StringComparer.Ordinal))
                Skip(skipped, policy, sub, IsHidden(Path.GetFileName(sub)) ? HiddenReason
                    : new DirectoryInfo(sub).LinkTarget is not null ? "directory symlink inside a class folder (not followed)"
                    : "folder inside a class folder (images must sit directly in the class folder)");
            foreach (var file in Directory.EnumerateFiles(classDir).Order(StringComparer.Ordinal))
            {
                var reason = Reject(file);
                if (reason is null) samples.Add(new ImageSample(file, label));
                else Skip(skipped, policy, file, reason);
            }
        }
        return samples;
    }

    static void Skip(List<SkippedFile> skipped, BadFilePolicy policy, string path, string reason)
    {
        if (policy == BadFilePolicy.Fail && reason != HiddenReason)
            throw new DataException($"'{path}' cannot be used: {reason}. Remove or fix it, or open the folder with BadFilePolicy.Skip.", path);
        skipped.Add(new SkippedFile(path, reason));
    }

    /// <summary>The reason given for hidden files and folders (<see cref="IsHidden"/>); never an error under <see cref="BadFilePolicy.Fail"/>.</summary>
    public const string HiddenReason = "hidden or system file";

    /// <summary>Why a file cannot be used, or null when its header decodes as a supported image.</summary>
    static string? Reject(string file)
    {
        if (IsHidden(Path.GetFileName(file))) return HiddenReason;
        if (!ImageDecoder.Extensions.Contains(Path.GetExtension(file)))
            return $"extension '{Path.GetExtension(file)}' is not an image type the kit reads";
        return ImageDecoder.Check(file, out _);
    }

    /// <summary>Splits samples per class in the given proportions after a seeded shuffle.</summary>
    public static (List<ImageSample> Train, List<ImageSample> Val, List<ImageSample> Test) StratifiedSplit(IReadOnlyList<ImageSample> samples, SplitFractions f, int seed) =>
        StratifiedSplit(samples, n => ((int)Math.Round(n * f.Val), (int)Math.Round(n * f.Test)), seed);

    /// <summary>Splits samples per class with fixed val/test counts per class after a seeded shuffle; the rest trains.</summary>
    public static (List<ImageSample> Train, List<ImageSample> Val, List<ImageSample> Test) StratifiedSplit(IReadOnlyList<ImageSample> samples, SplitCounts c, int seed) =>
        StratifiedSplit(samples, n => n > c.Val + c.Test ? (c.Val, c.Test)
            : throw new DataException($"A class has {n} images, too few for {c.Val} val + {c.Test} test images per class and some to train on. Lower the counts or use SplitFractions.", ""), seed);

    static (List<ImageSample>, List<ImageSample>, List<ImageSample>) StratifiedSplit(IReadOnlyList<ImageSample> samples, Func<int, (int Val, int Test)> sizes, int seed)
    {
        var rng = new Random(seed);
        List<ImageSample> train = [], val = [], test = [];
        foreach (var group in samples.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            // Sorting first makes the shuffle independent of the file system's enumeration order.
            var items = group.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
            rng.Shuffle(items);
            var (nVal, nTest) = sizes(items.Length);
            test.AddRange(items.Take(nTest));
            val.AddRange(items.Skip(nTest).Take(nVal));
            train.AddRange(items.Skip(nTest + nVal));
        }
        return (train, val, test);
    }

    static ImageFolder Checked(ImageFolder f)
    {
        if (f.Train.Count == 0)
            throw new DataException($"'{f.Root}' has class folders but no readable training images ({f.Skipped.Count} files skipped).", f.Root);
        if (f.Classes.Count < 2)
            throw new DataException($"'{f.Root}' has only one class ('{f.Classes[0]}'). A classifier needs at least two class folders.", f.Root);
        return f;
    }

    public override string ToString() =>
        $"ImageFolder {Root}\n  classes: {string.Join(", ", Classes)}\n  {Train}\n  {Val}" + (Test is null ? "" : $"\n  {Test}") + (Skipped.Count > 0 ? $"\n  skipped: {Skipped.Count} files" : "");
}

/// <summary>Fractions of each class that go to train, val and test when a folder is not split already.</summary>
public sealed record SplitFractions(double Train, double Val, double Test)
{
    public static SplitFractions Default { get; } = new(0.8, 0.1, 0.1);
}

/// <summary>Images of each class that go to val and test when a folder is not split already; the rest go to train.</summary>
public sealed record SplitCounts(int Val, int Test);
