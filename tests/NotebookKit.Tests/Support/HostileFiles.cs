using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;

namespace NotebookKit.Tests.Support;

/// <summary>Crafted files that are valid enough to pass a header check and hostile to a decoder, built byte by byte.</summary>
public static class HostileFiles
{
    /// <summary>A PNG of <paramref name="width"/>×<paramref name="height"/> grey RGB pixels, with extra chunks before IDAT.</summary>
    public static byte[] Png(int width, int height, params (string Type, byte[] Data)[] extra)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(ms, "IHDR", ihdr);
        foreach (var (type, data) in extra) Chunk(ms, type, data);
        var raw = new byte[height * (1 + 3 * width)];
        for (var y = 0; y < height; y++) raw.AsSpan(y * (1 + 3 * width) + 1, 3 * width).Fill(0x80);
        Chunk(ms, "IDAT", Zlib(raw));
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>An 8×8 PNG whose zTXt (or iTXt) text inflates to <paramref name="inflatedBytes"/> bytes.</summary>
    public static byte[] TextBombPng(long inflatedBytes, bool international)
    {
        var zeros = new byte[1 << 20];
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            for (long done = 0; done < inflatedBytes; done += zeros.Length) z.Write(zeros);
        byte[] head = international ? [.. "Comment"u8, 0, 1, 0, 0, 0] : [.. "Comment"u8, 0, 0];
        return Png(8, 8, (international ? "iTXt" : "zTXt", [.. head, .. compressed.ToArray()]));
    }

    /// <summary>A 70-byte BMP whose height is −2147483647.</summary>
    public static byte[] NegativeHeightBmp()
    {
        var b = new byte[70];
        "BM"u8.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), -2147483647);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        return b;
    }

    /// <summary>A GIF whose screen and image declare <paramref name="size"/>², with <paramref name="lzw"/> as its whole image data (none when null).</summary>
    public static byte[] Gif(int size, byte[]? lzw)
    {
        using var ms = new MemoryStream();
        ms.Write("GIF89a"u8);
        void U16(int v) { ms.WriteByte((byte)v); ms.WriteByte((byte)(v >> 8)); }
        U16(size);
        U16(size);
        ms.Write([0x80, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF]); // global table of two colours
        if (lzw is not null)
        {
            ms.WriteByte((byte)',');
            U16(0); U16(0); U16(size); U16(size);
            ms.WriteByte(0);
            ms.Write(lzw);
        }
        ms.WriteByte((byte)';');
        return ms.ToArray();
    }

    /// <summary>A 35-byte GIF declaring 8900×8900 pixels (a clear code, one pixel, end of data).</summary>
    public static byte[] HugeTinyGif() => Gif(8900, [0x02, 0x02, 0x4C, 0x01, 0x00]);

    /// <summary>A 1×1 GIF with a valid header and no image at all.</summary>
    public static byte[] NoDataGif() => Gif(1, null);

    /// <summary>A 1×1 TIFF with photometric interpretation 5 (Separated, i.e. CMYK), which ImageSharp 2.1 does not decode.</summary>
    public static byte[] CmykTiff()
    {
        (ushort Tag, ushort Type, uint Value)[] entries =
            [(256, 4, 1), (257, 4, 1), (258, 3, 8), (259, 3, 1), (262, 3, 5), (273, 4, 8 + 2 + 12 * 9 + 4), (277, 3, 4), (278, 4, 1), (279, 4, 4)];
        var b = new byte[8 + 2 + 12 * entries.Length + 4 + 4];
        "II*\0"u8.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(8), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = b.AsSpan(10 + 12 * i);
            BinaryPrimitives.WriteUInt16LittleEndian(at, entries[i].Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(at[2..], entries[i].Type);
            BinaryPrimitives.WriteUInt32LittleEndian(at[4..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(at[8..], entries[i].Value);
        }
        b.AsSpan(b.Length - 4).Fill(0x40);
        return b;
    }

    /// <summary>Writes one PNG chunk (length, type, data, CRC).</summary>
    internal static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. head.AsSpan(4), .. data]));
        s.Write(crc);
    }

    static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    static byte[] Zlib(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return ms.ToArray();
    }

    /// <summary>Creates a FIFO (Linux/macOS): the file kind that blocks whoever opens it for reading.</summary>
    public static void MakeFifo(string path)
    {
        if (mkfifo(path, 0x1A4) != 0) throw new IOException($"mkfifo {path} failed ({Marshal.GetLastPInvokeError()})");
    }

    /// <summary>Creates a file whose name is raw bytes (e.g. Latin-1, not valid UTF-8) inside <paramref name="folder"/>.</summary>
    public static void MakeRawNamedFile(string folder, byte[] name, byte[] content)
    {
        byte[] path = [.. Encoding.UTF8.GetBytes(folder + "/"), .. name, 0];
        var fd = creat(path, 0x1A4);
        if (fd < 0) throw new IOException($"creat failed ({Marshal.GetLastPInvokeError()})");
        var written = write(fd, content, content.Length);
        close(fd);
        if (written != content.Length) throw new IOException("short write");
    }

    [DllImport("libc", SetLastError = true)] static extern int mkfifo(string path, uint mode);
    [DllImport("libc", SetLastError = true)] static extern int creat(byte[] path, uint mode);
    [DllImport("libc", SetLastError = true)] static extern nint write(int fd, byte[] buffer, nint count);
    [DllImport("libc")] static extern int close(int fd);
}
