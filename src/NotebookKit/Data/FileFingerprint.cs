using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using NotebookKit.Platform;

namespace NotebookKit.Data;

/// <summary>What a file holds, proved cheaply: its size, modification time and a content fingerprint.</summary>
/// <param name="Fingerprint">Changes with the size or with either end of the content (see <see cref="FileFingerprint"/>).</param>
/// <param name="Stamp">
/// The OS's stamp of the file, taken before its content was read (so the content is never older than the stamp), or
/// null where the OS keeps none. While a later stamp equals it (<see cref="FileStamp.Proves"/>), the fingerprint holds.
/// </param>
readonly record struct FileIdentity(long Length, long Ticks, string Fingerprint, FileStamp? Stamp = null);

/// <summary>
/// What a file is, cheaply: its size plus a hash of its first and last 4 KiB (the whole file up to 8 KiB). Path, size and
/// modification time alone miss a photo replaced in place with its old timestamp (<c>cp -p</c>, <c>rsync -t</c>, a
/// restore from backup); another photo differs at both ends (its metadata at the head, its last pixels at the tail),
/// while reading the whole file would cost as much as checking it. Where the OS keeps a <see cref="FileStamp"/> (a change
/// time no program can set back), an equal stamp proves the content unchanged and the file is not opened at all; the kit
/// remembers identities with their stamps across processes (<see cref="FileChecks"/>) and within one (here). Without
/// stamps (Windows), a process reads a file once per (path, size, modification time).
/// </summary>
public static class FileFingerprint
{
    const int Edge = 4 * 1024;
    static readonly string EmptyContent = Hash(0, new byte[8]);
    /// <summary>This process's identities by path.</summary>
    static readonly ConcurrentDictionary<string, FileIdentity> Known = new(StringComparer.Ordinal);

    /// <summary>A short hex string that changes when the file's size or either end of its content changes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Of(string path) =>
        Identify(path)?.Fingerprint ?? throw new FileNotFoundException($"'{path}' does not exist.", path);

    /// <inheritdoc cref="Identify(string, FileIdentity?, out bool)"/>
    internal static FileIdentity? Identify(string path) => Identify(path, null, out _);

    /// <summary>
    /// The identity of what <paramref name="path"/> holds (a link's target), or null when it does not exist. When the
    /// file's stamp is proved unchanged since <paramref name="remembered"/> (or since this process last read it), that
    /// identity is returned and the file is not opened; else its content is read (<paramref name="read"/>). A 0-byte file
    /// is never opened — FIFOs, sockets and devices report 0 bytes too, and opening a FIFO blocks — so all of them share
    /// the fingerprint of empty content.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    internal static FileIdentity? Identify(string path, FileIdentity? remembered, out bool read)
    {
        read = false;
        if (FileMetadata.Of(path) is not { } stamp) return IdentifyWithoutStamp(path, ref read);
        if (stamp.Length == 0) return new FileIdentity(0, DateTime.UnixEpoch.Ticks + stamp.Modified / 100, EmptyContent, stamp);
        if (remembered is { Stamp: { } before } && before.Proves(stamp)) return Known[path] = remembered.Value;
        if (Known.TryGetValue(path, out var known) && known.Stamp is { } seen && seen.Proves(stamp)) return known;
        read = true;
        return Known[path] = Read(path) with { Stamp = stamp };
    }

    /// <summary>.NET's view where the OS gives no stamp (Windows; a FIFO or device; a missing file): one lstat, then the content.</summary>
    static FileIdentity? IdentifyWithoutStamp(string path, ref bool read)
    {
        // A symlink's own length is that of its target's name, so its target is judged.
        FileSystemInfo info = new FileInfo(path);
        if (info.Exists && info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) info = target;
        if (!info.Exists || info is not FileInfo file) return null;
        var ticks = file.LastWriteTimeUtc.Ticks;
        if (file.Length == 0) return new FileIdentity(0, ticks, EmptyContent);
        if (Known.TryGetValue(path, out var known) && known.Stamp is null && known.Length == file.Length && known.Ticks == ticks) return known;
        read = true;
        return Known[path] = Read(path);
    }

    /// <summary>The identity read from disk now (without a stamp), bypassing what the kit remembers of it.</summary>
    internal static FileIdentity Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        var ticks = File.GetLastWriteTimeUtc(handle).Ticks;
        Span<byte> content = stackalloc byte[8 + 2 * Edge];
        var whole = length <= 2 * Edge;
        var head = (int)(whole ? length : Edge);
        ReadExactly(handle, content.Slice(8, head), 0);
        if (!whole) ReadExactly(handle, content.Slice(8 + Edge, Edge), length - Edge);
        return new FileIdentity(length, ticks, Hash(length, content[..(8 + (whole ? head : 2 * Edge))]));
    }

    static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        for (var done = 0; done < buffer.Length;)
        {
            var n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0) throw new EndOfStreamException("the file shrank while it was read.");
            done += n;
        }
    }

    /// <summary>SHA-256 of <paramref name="lengthAndContent"/> once its first 8 bytes hold <paramref name="length"/>.</summary>
    static string Hash(long length, Span<byte> lengthAndContent)
    {
        BitConverter.TryWriteBytes(lengthAndContent[..8], length);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(lengthAndContent, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }
}
