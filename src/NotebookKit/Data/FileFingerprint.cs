using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace NotebookKit.Data;

/// <summary>
/// What a file is, cheaply: its size plus a hash of its first and last 64 KiB. Path, size and modification time alone
/// miss a photo replaced in place with its old timestamp (<c>cp -p</c>, <c>rsync -t</c>, a restore from backup); reading
/// the whole file would cost as much as decoding it. Web photos are hashed whole. One process hashes a file once per
/// (path, size, modification time); a cache key built from this never serves another file's results.
/// </summary>
public static class FileFingerprint
{
    const int Edge = 64 * 1024;
    static readonly ConcurrentDictionary<(string Path, long Length, long Ticks), string> Known = new();

    /// <summary>A short hex string that changes when the file's size or either end of its content changes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string Of(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"'{path}' does not exist.", path);
        var key = (path, info.Length, info.LastWriteTimeUtc.Ticks);
        return Known.TryGetValue(key, out var known) ? known : Known[key] = Compute(path, info.Length);
    }

    /// <summary>The fingerprint read from disk now, bypassing this process's memory of it.</summary>
    internal static string Compute(string path, long length)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var head = (int)Math.Min(length, Edge);
        var tail = (int)Math.Min(length - head, Edge);
        var buffer = new byte[8 + head + tail];
        BitConverter.TryWriteBytes(buffer.AsSpan(0, 8), length);
        file.ReadExactly(buffer, 8, head);
        if (tail > 0)
        {
            file.Seek(-tail, SeekOrigin.End);
            file.ReadExactly(buffer, 8 + head, tail);
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer))[..32];
    }
}
