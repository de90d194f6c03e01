namespace NotebookKit.Data.Downloads;

/// <summary>How a downloaded archive's files get their class.</summary>
public enum LabelRule
{
    /// <summary>The archive already has one folder per class (torchvision ImageFolder layout).</summary>
    Folders,
    /// <summary>Flat files named <c>Class_Name_123.jpg</c>: the class is the text before the last '_' (Oxford-IIIT Pet breeds).</summary>
    FileNamePrefix,
    /// <summary>Flat files whose first letter's case picks one of two classes (Oxford-IIIT Pet: capitalised = cat, lower case = dog).</summary>
    FileNameCase,
}

/// <summary>One downloadable dataset of <c>data/catalog.json</c>.</summary>
/// <param name="Sha256">Expected SHA-256 of the archive (lower-case hex), or null when nobody has vouched for one yet.</param>
/// <param name="ArchiveRoot">Folder inside the archive that holds the images (or the class folders); null for the archive's top.</param>
/// <param name="CaseClasses">For <see cref="LabelRule.FileNameCase"/>: the class of capitalised names, then of lower-case names.</param>
public sealed record DatasetEntry(
    string Name, string Title, string Url, string? Sha256, long? SizeBytes,
    string License, string? LicenseUrl, string Homepage, string Description,
    string? ArchiveRoot, LabelRule Labels = LabelRule.Folders, string[]? CaseClasses = null)
{
    /// <summary>File name the archive is cached under (from the URL's path).</summary>
    public string ArchiveFileName => Path.GetFileName(new Uri(Url).AbsolutePath) is { Length: > 0 } n ? n : Name + ".archive";

    public override string ToString() => $"{Name}: {Title} ({License})";
}
