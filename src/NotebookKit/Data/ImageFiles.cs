namespace NotebookKit.Data;

/// <summary>Loose image files (not a class folder), checked under a <see cref="BadFilePolicy"/> like a folder's files.</summary>
public static class ImageFiles
{
    /// <summary>
    /// The files of <paramref name="paths"/> that decode (fully, bounded as <see cref="ImageDecoder.Verify"/>), in order.
    /// Under <see cref="BadFilePolicy.Fail"/> the first that does not throws <see cref="DataException"/> naming it; under
    /// <see cref="BadFilePolicy.Skip"/> it is added to <paramref name="skipped"/>. Having no usable file is an error either way.
    /// </summary>
    public static IReadOnlyList<string> Usable(IReadOnlyList<string> paths, BadFilePolicy policy, List<SkippedFile>? skipped = null)
    {
        var full = paths.Select(Path.GetFullPath).ToArray();
        var reasons = new string?[full.Length];
        Parallel.For(0, full.Length, i => reasons[i] = Directory.Exists(full[i]) ? "a folder, not an image file" : ImageDecoder.Verify(full[i]));
        var usable = new List<string>();
        for (var i = 0; i < full.Length; i++)
        {
            if (reasons[i] is null) { usable.Add(full[i]); continue; }
            if (policy == BadFilePolicy.Fail)
                throw new DataException($"'{full[i]}' cannot be used: {reasons[i]}. Leave it out, or {ImageFolder.SkipHint}.", full[i]);
            skipped?.Add(new SkippedFile(full[i], reasons[i]!));
        }
        return usable.Count > 0 ? usable
            : throw new DataException($"None of the {full.Length} files given can be used as an image.", full.FirstOrDefault() ?? "");
    }
}
