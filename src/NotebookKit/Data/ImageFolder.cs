using SixLabors.ImageSharp;

namespace NotebookKit.Data;

/// <summary>
/// Images in folders named after their class, either already split (<c>train/ val/ [test/]</c>, each holding
/// class folders) or not (class folders directly, then split stratified with a seed).
/// Class order is alphabetical (ordinal), like torchvision's ImageFolder, so it is stable across machines.
/// </summary>
public sealed partial class ImageFolder
{
    static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff" };
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

    /// <summary>Opens a data folder. Throws <see cref="DataException"/> naming the folder and the fix when its layout is unusable.</summary>
    public static ImageFolder Open(string root, SplitFractions? split = null, int seed = 42, BadFilePolicy badFiles = BadFilePolicy.Skip)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataException($"Data folder '{root}' does not exist. Pass a folder holding class folders (cat/, dog/ …) or train/ val/ [test/] split folders.", root);
        var skipped = new List<SkippedFile>();
        var splitDirs = SplitNames.Select(n => Path.Combine(root, n)).Where(Directory.Exists).ToList();
        if (splitDirs.Count > 0 && Directory.Exists(Path.Combine(root, "train")))
        {
            var classes = ClassNames(Path.Combine(root, "train"));
            ImageDataset? Load(string name) => Directory.Exists(Path.Combine(root, name))
                ? new ImageDataset(name, classes, Scan(Path.Combine(root, name), classes, skipped, badFiles, strictClasses: true)) : null;
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
        var samples = Scan(root, all, skipped, badFiles, strictClasses: false);
        var (tr, va, te) = StratifiedSplit(samples, split ?? SplitFractions.Default, seed);
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
        var ds = new ImageDataset(Path.GetFileName(dir), classes, Scan(dir, classes, skipped, badFiles, strictClasses: false));
        if (ds.Count == 0) throw new DataException($"No images found in the class folders of '{dir}'.", dir);
        return ds;
    }

    /// <summary>Class folder names (ordinal order), ignoring hidden folders.</summary>
    static List<string> ClassNames(string dir)
    {
        var names = Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.') && !SplitNames.Contains(n, StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            throw new DataException($"'{dir}' has no class folders. Put each class's images in a folder named after the class, e.g. {dir}/cat/*.jpg and {dir}/dog/*.jpg.", dir);
        return names;
    }

    static List<ImageSample> Scan(string dir, IReadOnlyList<string> classes, List<SkippedFile> skipped, BadFilePolicy policy, bool strictClasses)
    {
        var present = ClassNames(dir);
        if (strictClasses && !present.SequenceEqual(classes))
            throw new DataException($"'{dir}' has classes [{string.Join(", ", present)}] but train/ has [{string.Join(", ", classes)}]. Every split needs the same class folders.", dir);
        var samples = new List<ImageSample>();
        for (var label = 0; label < classes.Count; label++)
        {
            var classDir = Path.Combine(dir, classes[label]);
            if (!Directory.Exists(classDir)) continue;
            foreach (var file in Directory.EnumerateFiles(classDir).Order(StringComparer.Ordinal))
            {
                var reason = Reject(file);
                if (reason is null) { samples.Add(new ImageSample(file, label)); continue; }
                if (policy == BadFilePolicy.Fail && reason != HiddenReason)
                    throw new DataException($"'{file}' cannot be used: {reason}. Remove or fix the file, or skip bad files.", file);
                skipped.Add(new SkippedFile(file, reason));
            }
        }
        return samples;
    }

    const string HiddenReason = "hidden or system file";

    /// <summary>Why a file cannot be used, or null when its header decodes as a supported image.</summary>
    static string? Reject(string file)
    {
        var name = Path.GetFileName(file);
        if (name.StartsWith('.') || name.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase) || name.Equals("desktop.ini", StringComparison.OrdinalIgnoreCase))
            return HiddenReason;
        if (!ImageExtensions.Contains(Path.GetExtension(file)))
            return $"extension '{Path.GetExtension(file)}' is not an image type the kit reads";
        try
        {
            var info = Image.Identify(file);
            return info is null ? "not a recognised image format" : null;
        }
        catch (Exception e) when (e is UnknownImageFormatException or InvalidImageContentException or IOException or NotSupportedException)
        {
            return $"unreadable image ({e.Message})";
        }
    }

    /// <summary>Splits samples per class in the given proportions after a seeded shuffle.</summary>
    public static (List<ImageSample> Train, List<ImageSample> Val, List<ImageSample> Test) StratifiedSplit(IReadOnlyList<ImageSample> samples, SplitFractions f, int seed)
    {
        var rng = new Random(seed);
        List<ImageSample> train = [], val = [], test = [];
        foreach (var group in samples.GroupBy(s => s.Label).OrderBy(g => g.Key))
        {
            var items = group.OrderBy(s => s.Path, StringComparer.Ordinal).ToArray();
            rng.Shuffle(items);
            var nVal = (int)Math.Round(items.Length * f.Val);
            var nTest = (int)Math.Round(items.Length * f.Test);
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
