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
    /// <summary>Class folders that hold no usable image, accepted because the folder was opened with allowEmptyClasses.</summary>
    public IReadOnlyList<string> EmptyClassFolders { get; }
    /// <summary>Suspicious pictures (see <see cref="OddPictures"/>) kept in the splits, with the reason; opened with skipOddPictures they are in <see cref="Skipped"/> instead.</summary>
    public IReadOnlyList<SkippedFile> Odd { get; }
    /// <summary>Files decoded by this open, and files whose check was remembered from an earlier one.</summary>
    public FolderCheckStats Checks { get; }
    /// <summary>Notes from opening that are not about the data, such as a check cache that was ignored.</summary>
    public IReadOnlyList<string> Notes { get; }

    ImageFolder(string root, IReadOnlyList<string> classes, ImageDataset train, ImageDataset val, ImageDataset? test, IReadOnlyList<SkippedFile> skipped, bool preSplit,
        IReadOnlyList<string> emptyClassFolders, Scanner scan)
    {
        (Root, Classes, Train, Val, Test, Skipped, IsPreSplit, EmptyClassFolders) = (root, classes, train, val, test, skipped, preSplit, emptyClassFolders);
        (Odd, Checks, Notes, sizes) = (scan.Odd, scan.Checks.Stats, scan.Checks.Warnings, scan.Sizes);
    }

    readonly IReadOnlyDictionary<string, (int Width, int Height)> sizes;

    /// <summary>The size as stored of a file this open checked, without reading it again.</summary>
    internal (int Width, int Height)? SizeOf(string path) => sizes.TryGetValue(path, out var size) ? size : null;

    /// <summary>
    /// Opens a data folder. An unsplit folder is split per class by <paramref name="split"/> fractions, or by fixed
    /// per-class <paramref name="counts"/> when given. Throws <see cref="DataException"/> naming the folder and the fix
    /// when its layout is unusable. Every file is decoded once here, so a file that cannot become a training image
    /// is found (and skipped or reported by <paramref name="badFiles"/>) before any training starts; what it found is
    /// remembered in the kit's cache, so reopening an unchanged folder decodes nothing. Suspicious pictures (see
    /// <see cref="OddPictures"/>) are kept and named in <see cref="Odd"/>, or left out into <see cref="Skipped"/> with
    /// <paramref name="skipOddPictures"/>. A class folder left without images (in any split) is an error unless
    /// <paramref name="allowEmptyClasses"/>; then it is listed in <see cref="EmptyClassFolders"/>. <paramref name="progress"/>
    /// follows the checking, which <paramref name="cancellationToken"/> stops within a file.
    /// </summary>
    public static ImageFolder Open(string root, SplitFractions? split = null, int seed = Seeds.Default, BadFilePolicy badFiles = BadFilePolicy.Skip, SplitCounts? counts = null,
        bool allowEmptyClasses = false, bool skipOddPictures = false, IProgress<FolderCheckProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (split is not null && counts is not null)
            throw new ArgumentException("Give split fractions or split counts, not both.", nameof(counts));
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataException($"Data folder '{root}' does not exist. Pass a folder holding class folders (cat/, dog/ …) or train/ val/ [test/] split folders.", root);
        var skipped = new List<SkippedFile>();
        var empty = new List<string>();
        var scan = new Scanner(FileChecks.Load(root, Platform.KitPaths.FileChecksCache), skipped, empty, badFiles, skipOddPictures, progress, cancellationToken);
        var splitDirs = SplitNames.Select(n => Path.Combine(root, n)).Where(Directory.Exists).ToList();
        if (splitDirs.Count > 0 && Directory.Exists(Path.Combine(root, "train")))
        {
            var classes = ClassNames(Path.Combine(root, "train"));
            ImageDataset? Load(string name) => Directory.Exists(Path.Combine(root, name))
                ? new ImageDataset(name, classes, scan.Scan(Path.Combine(root, name), classes, splitOfTrain: true)) : null;
            var train = Load("train")!;
            var val = Load("val");
            var test = Load("test");
            scan.Checks.Save();
            if (val is null)
            {
                // No val/ folder: hold out part of train, stratified, so validation never touches test.
                var parts = StratifiedSplit(train.Samples, new SplitFractions(0.9, 0.1, 0), seed);
                train = new ImageDataset("train", classes, parts.Train);
                val = new ImageDataset("val", classes, parts.Val);
            }
            return Checked(new ImageFolder(root, classes, train, val, test, skipped, true, empty, scan), allowEmptyClasses);
        }
        var all = ClassNames(root);
        var samples = scan.Scan(root, all, splitOfTrain: false);
        scan.Checks.Save();
        var (tr, va, te) = counts is null ? StratifiedSplit(samples, split ?? SplitFractions.Default, seed) : StratifiedSplit(samples, counts, seed);
        return Checked(new ImageFolder(root, all, new("train", all, tr), new("val", all, va), te.Count > 0 ? new("test", all, te) : null, skipped, false, empty, scan), allowEmptyClasses);
    }

    /// <summary>
    /// Opens a folder used only for evaluation: a split root (its test/ split) or class folders (all images). Files
    /// left out under <see cref="BadFilePolicy.Skip"/> are added to <paramref name="skipped"/> when given. A class
    /// folder without usable images is an error unless <paramref name="allowEmptyClasses"/>, as in <see cref="Open"/>.
    /// </summary>
    public static ImageDataset OpenForEvaluation(string root, BadFilePolicy badFiles = BadFilePolicy.Fail, List<SkippedFile>? skipped = null, bool allowEmptyClasses = false,
        bool skipOddPictures = false, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new DataException($"Data folder '{root}' does not exist.", root);
        var dir = Directory.Exists(Path.Combine(root, "test")) ? Path.Combine(root, "test") : root;
        var classes = ClassNames(dir);
        skipped ??= [];
        var empty = new List<string>();
        var scan = new Scanner(FileChecks.Load(root, Platform.KitPaths.FileChecksCache), skipped, empty, badFiles, skipOddPictures, null, cancellationToken);
        var ds = new ImageDataset(Path.GetFileName(dir), classes, scan.Scan(dir, classes, splitOfTrain: false));
        scan.Checks.Save();
        if (ds.Count == 0) throw new DataException($"No usable images in the class folders of '{dir}' ({skipped.Count(s => s.Reason != HiddenReason)} files skipped).", dir);
        if (empty is [var first, ..] && !allowEmptyClasses)
            throw new DataException($"Class folder '{first}' holds no usable images: its class would be scored on nothing. Add images, remove the folder, or {AllowEmptyHint}.", first);
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

    /// <summary>How a caller of the library leaves bad files out; front ends replace it with their own flag.</summary>
    public const string SkipHint = "open the folder with BadFilePolicy.Skip to leave such files out";

    /// <summary>How a caller of the library accepts empty class folders; front ends replace it with their own flag.</summary>
    public const string AllowEmptyHint = "open the folder with allowEmptyClasses: true to go on with a warning";

    /// <summary>The reason given for hidden files and folders (<see cref="IsHidden"/>); never an error under <see cref="BadFilePolicy.Fail"/>.</summary>
    public const string HiddenReason = "hidden or system file";

    /// <summary>Why a file is not even a candidate image (hidden, or not an image extension), or null; candidates are then checked.</summary>
    static string? Reject(string file)
    {
        if (IsHidden(Path.GetFileName(file))) return HiddenReason;
        if (!ImageDecoder.Extensions.Contains(Path.GetExtension(file)))
            return $"extension '{Path.GetExtension(file)}' is not an image type the kit reads";
        return null;
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

    static ImageFolder Checked(ImageFolder f, bool allowEmptyClasses)
    {
        if (f.EmptyClassFolders is [var first, ..] && !allowEmptyClasses)
        {
            var skippedThere = f.Skipped.Count(s => Path.GetDirectoryName(s.Path) == first && s.Reason != HiddenReason);
            throw new DataException($"Class folder '{first}' holds no usable images{(skippedThere > 0 ? $" ({skippedThere} files skipped)" : "")}" +
                $"{(f.EmptyClassFolders.Count > 1 ? $", nor do {f.EmptyClassFolders.Count - 1} more" : "")}: a class without images trains nothing. " +
                $"Add images, remove the folder, or {AllowEmptyHint}.", first);
        }
        if (f.Train.Count == 0)
            throw new DataException($"'{f.Root}' has class folders but no readable training images ({f.Skipped.Count} files skipped).", f.Root);
        if (f.Classes.Count < 2)
            throw new DataException($"'{f.Root}' has only one class ('{f.Classes[0]}'). A classifier needs at least two class folders.", f.Root);
        return f;
    }

    public override string ToString() =>
        $"ImageFolder {Root}\n  classes: {string.Join(", ", Classes)}\n  {Train}\n  {Val}" + (Test is null ? "" : $"\n  {Test}") + (Skipped.Count > 0 ? $"\n  skipped: {Skipped.Count} files" : "")
        + string.Concat(EmptyClassFolders.Select(d => $"\n  warning: class folder {d} holds no usable images"))
        + string.Concat(Odd.Take(MaxOddListed).Select(o => $"\n  warning: {o.Path}: {o.Reason}"))
        + (Odd.Count > MaxOddListed ? $"\n  warning: {Odd.Count - MaxOddListed} more suspicious pictures (see Odd)" : "")
        + string.Concat(Notes.Select(n => $"\n  note: {n}"));

    const int MaxOddListed = 10;
}

/// <summary>Fractions of each class that go to train, val and test when a folder is not split already.</summary>
public sealed record SplitFractions(double Train, double Val, double Test)
{
    public static SplitFractions Default { get; } = new(0.8, 0.1, 0.1);
}

/// <summary>Images of each class that go to val and test when a folder is not split already; the rest go to train.</summary>
public sealed record SplitCounts(int Val, int Test);
