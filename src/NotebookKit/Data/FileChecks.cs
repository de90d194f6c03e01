using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
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
/// so that reopening an unchanged folder decodes nothing and, where the OS keeps a <see cref="FileStamp"/>, opens no file
/// either. An entry holds for a file while its stamp is unchanged, or else while its size and <see cref="FileFingerprint"/>
/// are (then its stamp is renewed), so a replaced or edited photo is checked again. The cache is one checksummed binary
/// file per folder (<see cref="ChecksummedFile"/>): a reopen of 20,000 files reads it in a few milliseconds, where JSON
/// took a large part of the reopen. A cache file that cannot be read or written is ignored with one warning: the cache
/// only saves time, never changes a result.
/// </summary>
sealed class FileChecks
{
    /// <summary>Bump when the decoder's verdicts or the layout change: files of another version are left alone, never misread.</summary>
    const string Version = "v4"; // v2: JPEGs checked by libjpeg-turbo at 1/8 scale; v3: fingerprints of 4 KiB ends; v4: OS stamps, binary
    static readonly byte[] Magic = Encoding.ASCII.GetBytes($"NKCHECKS{Version}\n");
    /// <summary>Cache files not written for this long belong to folders gone or forgotten.</summary>
    static readonly TimeSpan Unused = TimeSpan.FromDays(30);
    /// <summary>A save writes <c>FILE.PID.tmp</c>: two opens of one folder in this process take turns.</summary>
    static readonly Lock Saving = new();

    internal sealed record Entry(string Path, long Length, long Ticks, string Fingerprint, FileStamp? Stamp, string? Reason, int Width, int Height)
    {
        public FileIdentity Identity() => new(Length, Ticks, Fingerprint, Stamp);
    }

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
        if (!File.Exists(checks.file)) return checks;
        if (ChecksummedFile.Verify(checks.file, Magic, stream => checks.Read(new BinaryReader(stream, Encoding.UTF8))) is { } problem)
        {
            checks.known.Clear();
            checks.warnings.Add($"ignored the file-check cache '{checks.file}' ({problem}); every file is checked again.");
        }
        return checks;
    }

    /// <summary>The cache file of the folder <paramref name="root"/>: one per folder, so opening one never rewrites another's.</summary>
    internal static string FileOf(string root, string directory) =>
        Path.Combine(directory, $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..24]}.{Version}.bin");

    void Read(BinaryReader r)
    {
        if (r.ReadString() != root) throw new InvalidDataException("not the file-check cache of this folder");
        var count = r.ReadInt32();
        if (count < 0) throw new InvalidDataException($"{count} entries");
        for (var i = 0; i < count; i++)
        {
            var (path, length, ticks, fingerprint) = (r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadString());
            FileStamp? stamp = r.ReadBoolean() ? new FileStamp(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadBoolean()) : null;
            var reason = r.ReadBoolean() ? r.ReadString() : null;
            known[path] = new Entry(path, length, ticks, fingerprint, stamp, reason, r.ReadInt32(), r.ReadInt32());
        }
    }

    void Write(BinaryWriter w, IReadOnlyCollection<Entry> entries)
    {
        w.Write(root);
        w.Write(entries.Count);
        foreach (var e in entries)
        {
            w.Write(e.Path);
            w.Write(e.Length);
            w.Write(e.Ticks);
            w.Write(e.Fingerprint);
            w.Write(e.Stamp.HasValue);
            if (e.Stamp is { } s)
            {
                w.Write(s.Length);
                w.Write(s.Modified);
                w.Write(s.Changed);
                w.Write(s.Inode);
                w.Write(s.Device);
                w.Write(s.Settled);
            }
            w.Write(e.Reason is not null);
            if (e.Reason is { } reason) w.Write(reason);
            w.Write(e.Width);
            w.Write(e.Height);
        }
        w.Flush();
    }

    /// <summary>The check of <paramref name="path"/>: remembered when the file is unchanged, else decoded now.</summary>
    public FileCheck Check(string path, CancellationToken cancellationToken)
    {
        var old = known.GetValueOrDefault(path);
        var key = Key(path, old?.Identity(), out var read);
        if (key is { } k && old is not null && old.Length == k.Length && old.Fingerprint == k.Fingerprint)
        {
            Interlocked.Increment(ref remembered);
            if (read) Interlocked.Increment(ref reread);
            var same = k.Stamp == old.Stamp && k.Ticks == old.Ticks; // size and fingerprint are equal: only these may differ
            if (!same) Interlocked.Increment(ref restamped);
            seen[path] = same ? old : old with { Ticks = k.Ticks, Stamp = k.Stamp };
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
        try
        {
            var entries = seen.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
            lock (Saving) ChecksummedFile.Write(file, Magic, stream => Write(new BinaryWriter(new BufferedStream(stream, 1 << 16), Encoding.UTF8), entries));
            foreach (var stale in new DirectoryInfo(Path.GetDirectoryName(file)!).EnumerateFiles().Where(f => DateTime.UtcNow - f.LastWriteTimeUtc > Unused))
                stale.Delete();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"could not save the file-check cache '{file}' ({e.Message.ReplaceLineEndings(" ")}); the next open checks every file again.");
        }
    }
}
