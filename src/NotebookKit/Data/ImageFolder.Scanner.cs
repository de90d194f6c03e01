using System.Collections.Concurrent;

namespace NotebookKit.Data;

public sealed partial class ImageFolder
{
    /// <summary>
    /// One open's walk over split and class folders: lists candidate files, checks them (remembered checks from
    /// <see cref="FileChecks"/>, the rest decoded one file per core), and sorts each into a split, <see cref="Skipped"/>
    /// or <see cref="Odd"/>.
    /// </summary>
    sealed class Scanner(FileChecks checks, List<SkippedFile> skipped, List<string> empty, BadFilePolicy policy, bool skipOdd,
        IProgress<FolderCheckProgress>? progress, CancellationToken cancellationToken)
    {
        public FileChecks Checks { get; } = checks;
        public List<SkippedFile> Odd { get; } = [];
        public ConcurrentDictionary<string, (int Width, int Height)> Sizes { get; } = new(StringComparer.Ordinal);

        public List<ImageSample> Scan(string dir, IReadOnlyList<string> classes, bool splitOfTrain)
        {
            // A val/test split may lack a class (the summary warns) but may not add one the model never trains on.
            var extra = splitOfTrain ? ClassNames(dir, allowNone: true).Except(classes).ToList() : [];
            if (extra.Count > 0)
                throw new DataException($"'{dir}' has class folders [{string.Join(", ", extra)}] that train/ lacks. Every class needs training images: add them to train/ or remove the folders.", dir);
            var candidates = new List<(string Path, int Label)>();
            for (var label = 0; label < classes.Count; label++)
            {
                var classDir = Path.Combine(dir, classes[label]);
                if (!Directory.Exists(classDir)) continue;
                // Not recursive, so a symlink loop below a class folder cannot make the scan hang; sub-folders are reported.
                foreach (var sub in Directory.EnumerateDirectories(classDir).Order(StringComparer.Ordinal))
                    Skip(sub, IsHidden(Path.GetFileName(sub)) ? HiddenReason
                        : new DirectoryInfo(sub).LinkTarget is not null ? "directory symlink inside a class folder (not followed)"
                        : "folder inside a class folder (images must sit directly in the class folder)");
                foreach (var file in Directory.EnumerateFiles(classDir).Order(StringComparer.Ordinal))
                {
                    if (Reject(file) is { } reason) Skip(file, reason);
                    else candidates.Add((file, label));
                }
            }
            // Decoded in full, one file per core: what only a decoder finds (a GIF without image data, a CMYK TIFF)
            // is then reported here, before training, instead of stopping an epoch half-way.
            var results = new FileCheck[candidates.Count];
            var done = 0;
            var every = Math.Max(1, candidates.Count / 200);
            progress?.Report(new FolderCheckProgress(dir, 0, candidates.Count));
            Parallel.For(0, candidates.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            {
                results[i] = Checks.Check(candidates[i].Path, cancellationToken);
                var n = Interlocked.Increment(ref done);
                if (n % every == 0 || n == candidates.Count) progress?.Report(new FolderCheckProgress(dir, n, candidates.Count));
            });
            var samples = new List<ImageSample>();
            for (int label = 0, i = 0; label < classes.Count; label++)
            {
                var before = samples.Count;
                for (; i < candidates.Count && candidates[i].Label == label; i++) // listed class by class
                {
                    var (path, check) = (candidates[i].Path, results[i]);
                    if (check.Reason is { } reason) { Skip(path, reason); continue; }
                    if (OddPictures.Reason(check.Width, check.Height) is { } odd)
                    {
                        if (skipOdd) { skipped.Add(new SkippedFile(path, odd)); continue; }
                        Odd.Add(new SkippedFile(path, odd));
                    }
                    Sizes[path] = (check.Width, check.Height);
                    samples.Add(new ImageSample(path, label));
                }
                var classDir = Path.Combine(dir, classes[label]);
                if (samples.Count == before && Directory.Exists(classDir)) empty.Add(classDir);
            }
            return samples;
        }

        void Skip(string path, string reason)
        {
            if (policy == BadFilePolicy.Fail && reason != HiddenReason)
                throw new DataException($"'{path}' cannot be used: {reason}. Remove or fix it, or {SkipHint}.", path);
            skipped.Add(new SkippedFile(path, reason));
        }
    }
}
