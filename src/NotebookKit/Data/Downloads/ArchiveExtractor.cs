using System.Formats.Tar;
using System.IO.Compression;
using NotebookKit.Platform;

namespace NotebookKit.Data.Downloads;

/// <summary>Bounds on what one archive may unpack to, against zip bombs and runaway archives.</summary>
public sealed record ExtractionLimits(long MaxTotalBytes = 20L << 30, int MaxFiles = 500_000)
{
    public static ExtractionLimits Default { get; } = new();
}

/// <summary>What an extraction wrote, and which entries it left out (links, devices) with the reason.</summary>
public sealed record ExtractionResult(int Files, long Bytes, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Unpacks .tar.gz/.tgz/.tar/.zip safely: every entry must land inside the target folder (no absolute paths, no
/// <c>..</c> escapes), symbolic and hard links are never created, and total size and file count are bounded.
/// A violation throws <see cref="DataException"/>; the caller discards the partial output.
/// </summary>
public static class ArchiveExtractor
{
    public static ExtractionResult Extract(string archive, string target, ExtractionLimits? limits = null, IProgress<DownloadProgress>? progress = null)
    {
        limits ??= ExtractionLimits.Default;
        target = Path.GetFullPath(target);
        Directory.CreateDirectory(target);
        var state = new State(archive, target, limits, progress);
        if (LooksLikeWebPage(archive))
            throw new DataException($"'{archive}' is a web page (HTML), not an archive: the URL points to a page, a login or an error. Delete it and check the URL.", archive);
        try { ExtractByExtension(archive, state); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or NotSupportedException)
        {
            throw new DataException($"Archive '{archive}' is damaged or truncated ({e.Message.TrimEnd('.')}).", archive, e);
        }
        return new ExtractionResult(state.Files, state.Bytes, state.Skipped);
    }

    static bool LooksLikeWebPage(string archive)
    {
        using var file = File.OpenRead(archive);
        var head = new byte[512];
        var text = System.Text.Encoding.ASCII.GetString(head, 0, file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)).TrimStart().ToLowerInvariant();
        return text.StartsWith("<!doctype html") || text.StartsWith("<html") || text.StartsWith("<?xml") || text.StartsWith("<head");
    }

    static void ExtractByExtension(string archive, State state)
    {
        var name = archive.ToLowerInvariant();
        if (name.EndsWith(".tar.gz") || name.EndsWith(".tgz"))
        {
            using var file = File.OpenRead(archive);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            ExtractTar(gzip, state);
        }
        else if (name.EndsWith(".tar"))
        {
            using var file = File.OpenRead(archive);
            ExtractTar(file, state);
        }
        else if (name.EndsWith(".zip"))
        {
            using var zip = ZipFile.OpenRead(archive);
            ExtractZip(zip, state);
        }
        else throw new DataException($"'{archive}' is not a .tar.gz, .tgz, .tar or .zip archive.", archive);
    }

    sealed class State(string archive, string target, ExtractionLimits limits, IProgress<DownloadProgress>? progress)
    {
        public int Files;
        public long Bytes;
        public readonly List<SkippedFile> Skipped = [];

        /// <summary>The full output path of an entry, refusing anything that would leave the target folder.</summary>
        public string PathOf(string entryName)
        {
            var full = Path.GetFullPath(Path.Combine(target, entryName));
            if (entryName.Contains('\0') || Path.IsPathRooted(entryName) || !(full + Path.DirectorySeparatorChar).StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new DataException($"Archive '{archive}' has an entry '{entryName}' that would be written outside '{target}'. Refusing to extract a damaged or malicious archive.", archive);
            return full;
        }

        public void Write(string entryName, Stream data)
        {
            if (Path.GetFileName(entryName) is "" or "." or "..")
            {
                PathOf(entryName);
                Skipped.Add(new SkippedFile(entryName, "file entry without a file name ('.', '..' or a trailing slash), not extracted"));
                return;
            }
            if (++Files > limits.MaxFiles)
                throw new DataException($"Archive '{archive}' holds more than {limits.MaxFiles:N0} files. Refusing to extract; raise ExtractionLimits.MaxFiles if you trust it.", archive);
            var path = PathOf(entryName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var output = new FileStream(path, FileMode.Create, FileAccess.Write);
            var buffer = new byte[81920];
            int n;
            while ((n = data.Read(buffer)) > 0)
            {
                // Counted while copying: header sizes can lie, written bytes cannot.
                Bytes += n;
                if (Bytes > limits.MaxTotalBytes)
                    throw new DataException($"Archive '{archive}' unpacks to more than {limits.MaxTotalBytes:N0} bytes. Refusing to extract; raise ExtractionLimits.MaxTotalBytes if you trust it.", archive);
                output.Write(buffer, 0, n);
            }
            if (Files % 200 == 0) progress?.Report(new DownloadProgress(Path.GetFileName(archive), DownloadStage.Extracting, Files, null));
        }
    }

    static void ExtractTar(Stream stream, State state)
    {
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry() is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(state.PathOf(entry.Name));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    state.Write(entry.Name, entry.DataStream ?? Stream.Null);
                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    state.PathOf(entry.Name);
                    state.Skipped.Add(new SkippedFile(entry.Name, $"link to '{entry.LinkName}' not extracted (links could point outside the dataset)"));
                    break;
                default:
                    state.Skipped.Add(new SkippedFile(entry.Name, $"tar entry type {entry.EntryType} not extracted"));
                    break;
            }
        }
    }

    static void ExtractZip(ZipArchive zip, State state)
    {
        const int UnixFileType = 0xF000, UnixSymlink = 0xA000;
        foreach (var entry in zip.Entries)
        {
            if (entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\'))
                Directory.CreateDirectory(state.PathOf(entry.FullName));
            else if (((entry.ExternalAttributes >> 16) & UnixFileType) == UnixSymlink)
            {
                state.PathOf(entry.FullName);
                state.Skipped.Add(new SkippedFile(entry.FullName, "symbolic link not extracted (links could point outside the dataset)"));
            }
            else
            {
                using var data = entry.Open();
                state.Write(entry.FullName, data);
            }
        }
    }
}
