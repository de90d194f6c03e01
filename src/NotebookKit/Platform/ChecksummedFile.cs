using System.Security.Cryptography;

namespace NotebookKit.Platform;

/// <summary>
/// A cache file that proves its contents: <c>magic · SHA-256 · length · payload</c>. The payload (and so every
/// dtype, shape and count it states) is verified before anyone parses it, so flipped bytes, a torn write or a
/// foreign file are reported as damaged instead of being trained on or crashing a reader. Written to a temporary
/// file and renamed into place; a failed write (a full disk, a read-only folder) leaves no temporary file behind.
/// </summary>
public static class ChecksummedFile
{
    const int HashLength = 32, HeaderExtra = HashLength + sizeof(long);

    /// <summary>Writes <paramref name="payload"/>'s bytes under <paramref name="magic"/> (a format tag: bump it when the payload's layout changes).</summary>
    /// <exception cref="IOException">The file could not be written; nothing was left behind.</exception>
    public static void Write(string path, ReadOnlySpan<byte> magic, Action<Stream> payload)
    {
        var tag = magic.ToArray();
        OutputLocation.WriteFile(path, stream =>
        {
            stream.Write(tag);
            stream.Write(new byte[HeaderExtra]);
            using (var hashing = new HashingStream(stream))
            {
                payload(hashing);
                stream.Position = tag.Length;
                stream.Write(hashing.Hash());
                stream.Write(BitConverter.GetBytes(hashing.Length));
            }
            stream.Seek(0, SeekOrigin.End);
        });
    }

    /// <summary>
    /// Hands the start of <paramref name="path"/>'s payload to <paramref name="read"/> without verifying the checksum (an
    /// index read before deciding whether the whole file is needed; <see cref="Verify"/> before trusting the rest). Returns
    /// null when the format tag and length are right and <paramref name="read"/> succeeded, else why not.
    /// </summary>
    public static string? Peek(string path, ReadOnlySpan<byte> magic, Action<Stream> read) => Open(path, magic, verify: false, read);

    /// <summary>
    /// Verifies <paramref name="path"/> and hands its payload to <paramref name="read"/>. Returns null when it is
    /// intact, else why it is not (wrong format tag, wrong length, wrong checksum, or what <paramref name="read"/> threw).
    /// </summary>
    public static string? Verify(string path, ReadOnlySpan<byte> magic, Action<Stream> read) => Open(path, magic, verify: true, read);

    static string? Open(string path, ReadOnlySpan<byte> magic, bool verify, Action<Stream> read)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);
            var header = new byte[magic.Length + HeaderExtra];
            if (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.AsSpan(0, magic.Length).SequenceEqual(magic))
                return "not a cache file of this kit version";
            var length = BitConverter.ToInt64(header, magic.Length + HashLength);
            if (length != file.Length - header.Length) return $"{file.Length - header.Length} bytes of payload where {length} were written (a torn or truncated file)";
            if (verify)
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 20];
                for (int n; (n = file.Read(buffer)) > 0;) sha.AppendData(buffer, 0, n);
                if (!sha.GetHashAndReset().AsSpan().SequenceEqual(header.AsSpan(magic.Length, HashLength))) return "its checksum does not match its contents (changed or damaged bytes)";
            }
            file.Position = header.Length;
            read(file);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or FormatException or InvalidOperationException or System.Runtime.InteropServices.ExternalException)
        {
            return e.Message.ReplaceLineEndings(" ");
        }
    }
}
