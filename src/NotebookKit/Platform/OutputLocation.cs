using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// The one rule for where the kit may write, checked before any work: not over a file or folder of the wrong kind,
/// not over a FIFO, device or socket, not over a file of a saved run (model.json, model.dat …) or a checkpoint, not
/// over any other existing file unless the user said <c>--overwrite</c>, not below a file, in a writable folder
/// (permissions, read-only file systems), and not inside the data. Each failure is an <see cref="IOException"/>
/// whose message names the path, the option and the fix. <see cref="WriteFile"/> then writes atomically.
/// </summary>
public static class OutputLocation
{
    /// <summary>The files a saved run consists of: an output must never land on one (the run would become unloadable).</summary>
    public static readonly IReadOnlySet<string> RunFiles = new HashSet<string>(StringComparer.Ordinal) { "model.json", "model.dat", "metrics.json", "history.csv", "skipped.csv" };

    /// <summary>The first bytes of a checkpoint file (see Learner.SaveCheckpoint).</summary>
    public static ReadOnlySpan<byte> CheckpointMagic => "NKCKPT1\n"u8;

    /// <summary>A folder the command will create (e.g. a run folder).</summary>
    public static void CheckFolder(string path, string what)
    {
        var full = Full(path, what);
        if (File.Exists(full)) throw new IOException($"{what} '{full}' is a file; it needs a folder. Choose another path.");
        ProbeWritable(NearestExistingFolder(full, what), full, what);
    }

    /// <summary>
    /// A file the command will write (e.g. a checkpoint or a report). <paramref name="overwrite"/> allows replacing an
    /// existing regular file that belongs to no saved run; <paramref name="replaceable"/> is a file this command may
    /// replace anyway (the checkpoint a run resumes from and keeps saving to).
    /// </summary>
    public static void CheckFile(string path, string what, bool overwrite = false, string? replaceable = null)
    {
        var full = Full(path, what);
        if (Directory.Exists(full)) throw new IOException($"{what} '{full}' is a folder; it needs a file name, e.g. {Path.Combine(full, "report.json")}.");
        var target = Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full : full;
        if (RunFiles.Contains(Path.GetFileName(target)) && File.Exists(Path.Combine(Path.GetDirectoryName(target)!, "model.json")))
            throw new IOException($"{what} '{full}' is a file of the saved run in '{Path.GetDirectoryName(target)}'; writing it would change or break the run. Choose a file outside the run folder.");
        if (Exists(full))
        {
            if (!IsRegular(full))
                throw new IOException($"{what} '{full}' is not a regular file (a FIFO, socket or device); the kit never replaces one. Choose a new file name.");
            var isReplaceable = replaceable is not null && Same(full, replaceable);
            if (!isReplaceable && what != "--checkpoint" && IsCheckpoint(target))
                throw new IOException($"{what} '{full}' is a training checkpoint; replacing it would lose that run's progress. Choose a new file name.");
            if (!overwrite && !isReplaceable)
                throw new IOException($"{what} '{full}' already exists. Choose a new file name, or pass --overwrite to replace it.");
            if (PhotoKind(target) is { } kind)
                throw new IOException($"{what} '{full}' is a photo ({kind}); the kit never replaces a photo, even with --overwrite. Choose a new file name.");
        }
        ProbeWritable(NearestExistingFolder(Path.GetDirectoryName(full)!, what), full, what);
    }

    /// <summary>An output inside the data folder would be scanned by the next run (a phantom class named after the run).</summary>
    public static void CheckOutsideData(string path, string dataRoot, string what)
    {
        var full = Resolved(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)));
        var data = Resolved(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot)));
        if (full == data || full.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"{what} '{full}' is inside the data folder '{data}': the next run would read it as images or a class. Write it outside the data folder.");
    }

    /// <summary>
    /// Writes <paramref name="path"/> whole or not at all: into <c>PATH.PID.tmp</c> beside it (flushed to disk), then
    /// renamed over it. Whatever fails on the way (a full disk, a cancel, a serializer's exception) removes the
    /// temporary file, so no half-written output and no leftover ever stays. <paramref name="cancellationToken"/> is
    /// checked at every write <paramref name="write"/> makes and before the rename.
    /// </summary>
    public static void WriteFile(string path, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        StaleFiles.RemoveBeside(path);
        var tmp = $"{path}.{Environment.ProcessId}.tmp";
        InFlight.TryAdd(tmp, 0);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(cancellationToken.CanBeCanceled ? new CancellingStream(stream, cancellationToken) : stream);
                stream.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
        finally { InFlight.TryRemove(tmp, out _); }
    }

    static readonly ConcurrentDictionary<string, byte> InFlight = new();

    /// <summary>
    /// Deletes the temporary files of writes still in progress: for a process about to end at once (a second Ctrl+C,
    /// a cancel past its grace period), so that even a forced exit leaves nothing half-written behind.
    /// </summary>
    public static void RemoveUnfinished()
    {
        foreach (var tmp in InFlight.Keys) TryDelete(tmp);
    }

    /// <summary>Deletes <paramref name="path"/> if it can; used on failure paths where a second error must not hide the first.</summary>
    public static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    static string Full(string path, string what) =>
        string.IsNullOrWhiteSpace(path) ? throw new IOException($"{what} needs a path.") : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The path with every symbolic link on the way resolved (a link into the data is inside the data).</summary>
    static string Resolved(string path)
    {
        var missing = new Stack<string>();
        var dir = path;
        while (dir is not null && !Path.Exists(dir))
        {
            missing.Push(Path.GetFileName(dir));
            dir = Path.GetDirectoryName(dir);
        }
        return dir is null ? path : Path.Combine([RealPath(dir), .. missing]);
    }

    static string RealPath(string path)
    {
        if (OperatingSystem.IsWindows()) return path;
        var p = realpath(path, IntPtr.Zero);
        if (p == IntPtr.Zero) return path;
        try { return Marshal.PtrToStringUTF8(p) ?? path; }
        finally { free(p); }
    }

    static bool Same(string a, string b) => Resolved(Path.GetFullPath(a)) == Resolved(Path.GetFullPath(b));

    static bool Exists(string path) => File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>The image format <paramref name="path"/>'s first bytes announce, or null: no report or model is worth a photo.</summary>
    static string? PhotoKind(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[12];
            var n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..n];
            if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "JPEG";
            if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return "PNG";
            if (head.StartsWith("GIF8"u8)) return "GIF";
            if (n == 12 && head.StartsWith("RIFF"u8) && head[8..].SequenceEqual("WEBP"u8)) return "WebP";
            if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8)) return "TIFF";
            // "BM" alone starts ordinary text too; a bitmap also states its own length.
            if (n >= 6 && head.StartsWith("BM"u8) && BitConverter.ToUInt32(head[2..6]) == file.Length) return "BMP";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    static bool IsCheckpoint(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[8];
            return file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(CheckpointMagic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>
    /// Whether <paramref name="path"/> (following links) is a regular file. .NET shows FIFOs and devices as files, and
    /// renaming over one would replace it; Linux and macOS report the file type (<see cref="FileMetadata"/>). Elsewhere
    /// a FIFO or device shows a length of 0 under /dev; Windows has neither in its file system.
    /// </summary>
    public static bool IsRegular(string path) =>
        FileMetadata.IsRegular(path) ?? !(path.StartsWith("/dev/", StringComparison.Ordinal) && new FileInfo(path).Length == 0);

    [DllImport("libc", SetLastError = true)]
    static extern IntPtr realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr resolved);

    [DllImport("libc")]
    static extern void free(IntPtr p);

    /// <summary>The deepest existing ancestor of <paramref name="path"/> (itself included); a file on the way makes the path impossible.</summary>
    static string NearestExistingFolder(string path, string what)
    {
        for (var dir = path; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return dir;
            if (File.Exists(dir)) throw new IOException($"{what} '{path}' cannot be created: '{dir}' is a file, not a folder. Choose another path.");
        }
        throw new IOException($"{what} '{path}' has no existing parent folder.");
    }

    /// <summary>Writes and deletes a probe file: the only check that also catches read-only mounts, ACLs and quotas.</summary>
    static void ProbeWritable(string folder, string target, string what)
    {
        var probe = Path.Combine(folder, $".notebookkit-write-probe-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{what} '{target}' cannot be written: folder '{folder}' is not writable ({e.Message.TrimEnd('.')}). Choose a writable location.", e);
        }
    }
}
