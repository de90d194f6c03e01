using System.Collections.Concurrent;

namespace NotebookKit.Data;

/// <summary>
/// Remembers, for the life of the process, which files decoded in full, by path, length and modification time: a
/// notebook or test run opens the same folders many times, and only a changed file needs decoding again.
/// </summary>
static class VerifiedImages
{
    static readonly ConcurrentDictionary<(string Path, long Length, long Ticks), byte> Good = new();

    /// <summary><see cref="ImageDecoder.Verify"/>, answered from memory for a file that decoded before and has not changed since.</summary>
    public static string? Verify(string path)
    {
        var info = new FileInfo(path);
        var key = (path, info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc.Ticks : 0);
        if (info.Exists && info.LinkTarget is null && Good.ContainsKey(key)) return null;
        var reason = ImageDecoder.Verify(path);
        if (reason is null && info.LinkTarget is null) Good.TryAdd(key, 0);
        return reason;
    }
}
