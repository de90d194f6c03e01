using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace NotebookKit.Data;

/// <summary>What a file holds, proved cheaply: its size, modification time and a content fingerprint.</summary>
/// <param name="Fingerprint">Changes with the size or with either end of the content (see <see cref="FileFingerprint"/>).</param>
readonly record struct FileIdentity(long Length, long Ticks, string Fingerprint);

/// <summary>
/// What a file is, cheaply: its size plus a hash of its first and last 4 KiB (the whole file up to 8 KiB). Path, size and
/// modification time alone miss a photo replaced in place with its old timestamp (<c>cp -p</c>, <c>rsync -t</c>, a
/// restore from backup); another photo differs at both ends (its metadata at the head, its last pixels at the tail),
/// while reading the whole file would cost as much as checking it. Size, time and content come from one open handle,
/// so they describe the same file. One process reads a file once per (path, size, modification time).
/// </summary>
public static class FileFingerprint
{
    const int Edge = 4 * 1024;
    static readonly ConcurrentDictionary<(string Path, long Length, long Ticks), FileIdentity> Known = new();

    /// <summary>A short hex string that changes when the file's size or either end of its content changes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Of(string path) =>
        Identify(path)?.Fingerprint ?? throw new FileNotFoundException($"'{path}' does not exist.", path);

    /// <summary>
    /// The identity of what <paramref name="path"/> holds (a link's target), or null when it does not exist. A 0-byte
    /// file is never opened — FIFOs, sockets and devices report 0 bytes too, and opening a FIFO blocks — so all of them
    /// share the fingerprint of empty content.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    internal static FileIdentity? Identify(string path)
    {
        // One lstat for a regular file; a symlink's own length is that of its target's name, so its target is judged.
        FileSystemInfo info = new FileInfo(path);
        if (info.Exists && info.Attributes.HasFlag(FileAttributes.ReparsePoint) && info.ResolveLinkTarget(returnFinalTarget: true) is { } target) info = target;
        if (!info.Exists || info is not FileInfo file) return null;
        var ticks = file.LastWriteTimeUtc.Ticks;
        if (file.Length == 0) return new FileIdentity(0, ticks, Hash(0, stackalloc byte[8]));
        if (Known.TryGetValue((path, file.Length, ticks), out var known)) return known;
        var read = Read(path);
        return Known[(path, read.Length, read.Ticks)] = read;
    }

    /// <summary>The identity read from disk now, bypassing this process's memory of it.</summary>
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
