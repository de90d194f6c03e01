using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NotebookKit.Platform;

namespace NotebookKit.Data;

/// <summary>What checking one file found: null <see cref="Reason"/> when it decodes, with its size as stored (before EXIF rotation).</summary>
readonly record struct FileCheck(string? Reason, int Width, int Height);

/// <summary>How many files an open decoded, and how many it answered from the check cache.</summary>
/// <param name="Reread">Of the remembered files, those whose ends were read to prove them unchanged: their metadata
/// changed (a <c>touch</c>, a copy of the same bytes), or the OS keeps none that proves it (Windows).</param>
public sealed record FolderCheckStats(int Decoded, int Remembered, int Reread);

/// <summary>Progress of checking a folder's files: <paramref name="Done"/> of <paramref name="Total"/> in <paramref name="Folder"/>.</summary>
public sealed record FolderCheckProgress(string Folder, int Done, int Total);

/// <summary>
/// The results of checking a data folder's files, remembered in the kit's cache (<see cref="Platform.KitPaths.FileChecksCache"/>)
/// so that reopening an unchanged folder decodes nothing and, where the OS keeps a <see cref="Platform.FileStamp"/>, opens
/// no file either. An entry holds for a file while its stamp is unchanged, or else while its size and
/// <see cref="FileFingerprint"/> are (then its stamp is renewed), so a replaced or edited photo is checked again. A cache
/// file that cannot be read or written is ignored with one warning: the cache only saves time, never changes a result.
/// </summary>
sealed class FileChecks
{
    /// <summary>Bump when the decoder's verdicts change: files of another version are left alone, never misread.</summary>
    const string Version = "v4"; // v2: JPEGs checked by libjpeg-turbo at 1/8 scale; v3: fingerprints of 4 KiB ends; v4: OS stamps
    /// <summary>Cache files not written for this long belong to folders gone or forgotten.</summary>
    static readonly TimeSpan Unused = TimeSpan.FromDays(30);

    internal sealed record Entry(string Path, long Length, long Ticks, string Fingerprint, FileStamp? Stamp, string? Reason, int Width, int Height)
    {
        public FileIdentity Identity() => new(Length, Ticks, Fingerprint, Stamp);
    }
    internal sealed record Contents(string Format, string Root, List<Entry> Entries);

    readonly string root, file;
    readonly Dictionary<string, Entry> known = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Entry> seen = new(StringComparer.Ordinal);
    readonly List<string> warnings = [];
    int decoded, remembered, reread, restamped;

    FileChecks(string root, string file) => (this.root, this.file) = (root, file);

    /// <summary>Notes on the cache itself (ignored or unsaved): at most one per problem.</summary>
    public IReadOnlyList<string> Warnings => warnings;
    public FolderCheckStats Stats => new(decoded, remembered, reread);

    /// <summary>The remembered checks of the folder <paramref name="root"/> (a full path), from <paramref name="directory"/>.</summary>
    public static FileChecks Load(string root, string directory)
    {
        var checks = new FileChecks(root, FileOf(root, directory));
        try
        {
            if (!File.Exists(checks.file)) return checks;
            var contents = JsonSerializer.Deserialize(File.ReadAllBytes(checks.file), FileChecksJson.Default.Contents);
            if (contents is null || contents.Format != Version || contents.Root != root || contents.Entries is null)
                throw new JsonException("not a file-check cache of this folder");
            foreach (var e in contents.Entries)
                if (e?.Path is not null && e.Fingerprint is not null) checks.known[e.Path] = e;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            checks.known.Clear();
            checks.warnings.Add($"ignored the file-check cache '{checks.file}' ({e.Message.ReplaceLineEndings(" ")}); every file is checked again.");
        }
        return checks;
    }

    /// <summary>The cache file of the folder <paramref name="root"/>: one per folder, so opening one never rewrites another's.</summary>
    internal static string FileOf(string root, string directory) =>
        Path.Combine(directory, $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..24]}.{Version}.json");

    /// <summary>The check of <paramref name="path"/>: remembered when the file is unchanged, else decoded now.</summary>
    public FileCheck Check(string path, CancellationToken cancellationToken)
    {
        var old = known.GetValueOrDefault(path);
        var key = Key(path, old?.Identity(), out var read);
        if (key is { } k && old is not null && old.Length == k.Length && old.Fingerprint == k.Fingerprint)
        {
            Interlocked.Increment(ref remembered);
            if (read) Interlocked.Increment(ref reread);
            var renewed = old with { Ticks = k.Ticks, Stamp = k.Stamp };
            if (renewed != old) Interlocked.Increment(ref restamped);
            seen[path] = renewed;
            return new FileCheck(old.Reason, old.Width, old.Height);
        }
        var reason = ImageDecoder.Verify(path, out var size, cancellationToken);
        Interlocked.Increment(ref decoded);
        if (key is { } fresh && ImageDecoder.IsLasting(reason)) seen[path] = new Entry(path, fresh.Length, fresh.Ticks, fresh.Fingerprint, fresh.Stamp, reason, size.Width, size.Height);
        return new FileCheck(reason, size.Width, size.Height);
    }

    /// <summary>
    /// The identity of what <paramref name="path"/> holds (a link's target; unread when <paramref name="remembered"/> is
    /// proved current), or null for what is not remembered: missing or unreadable files, and 0-byte ones, which may be
    /// FIFOs or devices (never opened).
    /// </summary>
    static FileIdentity? Key(string path, FileIdentity? remembered, out bool read)
    {
        read = false;
        try
        {
            return FileFingerprint.Identify(path, remembered, out read) is { Length: > 0 } identity ? identity : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the checks of the files seen in this open (so deleted files drop out), when anything changed.</summary>
    public void Save()
    {
        if (decoded == 0 && restamped == 0 && seen.Count == known.Count) return;
        var temp = $"{file}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            var directory = Path.GetDirectoryName(file)!;
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(new Contents(Version, root, [.. seen.Values.OrderBy(e => e.Path, StringComparer.Ordinal)]), FileChecksJson.Default.Contents));
            File.Move(temp, file, overwrite: true); // atomic: a reader in another process sees the old file or the new one
            foreach (var stale in new DirectoryInfo(directory).EnumerateFiles("*.json").Where(f => DateTime.UtcNow - f.LastWriteTimeUtc > Unused))
                stale.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            warnings.Add($"could not save the file-check cache '{file}' ({e.Message.ReplaceLineEndings(" ")}); the next open checks every file again.");
        }
    }
}

/// <summary>The cache file's serializer, generated at build time: a reopen reads thousands of entries without reflection.</summary>
[JsonSerializable(typeof(FileChecks.Contents))]
sealed partial class FileChecksJson : JsonSerializerContext;
