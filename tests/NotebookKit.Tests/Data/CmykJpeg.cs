namespace NotebookKit.Tests.Data;

/// <summary>
/// Writes a minimal baseline Adobe CMYK JPEG: 8×8 pixels of one colour (ImageSharp 2.1's encoder cannot write CMYK;
/// asking it for JpegColorType.Cmyk silently produces YCbCr). One block per component holding only a DC coefficient,
/// quantisation 1, Huffman tables with just the codes needed.
/// </summary>
public static class CmykJpeg
{
    /// <summary>The four stored component bytes, in Adobe's inverted convention (255 = no ink).</summary>
    public static byte[] Solid(byte c, byte m, byte y, byte k)
    {
        var o = new List<byte> { 0xFF, 0xD8 };
        void Segment(byte marker, params byte[] body)
        {
            o.AddRange([0xFF, marker, (byte)((body.Length + 2) >> 8), (byte)(body.Length + 2)]);
            o.AddRange(body);
        }
        // APP14 "Adobe", version 100, flags 0, transform 0 (CMYK stored as is).
        Segment(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]);
        Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        Segment(0xC0, [8, 0, 8, 0, 8, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        // DC table 0: categories 0–11 all with 4-bit codes (code = category); AC table 0: only EOB, code "0".
        var dcCounts = new byte[16];
        dcCounts[3] = 12;
        Segment(0xC4, [0x00, .. dcCounts, .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        var acCounts = new byte[16];
        acCounts[0] = 1;
        Segment(0xC4, [0x10, .. acCounts, 0x00]);
        Segment(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);

        var bits = new List<bool>();
        void Put(int value, int count)
        {
            for (var i = count - 1; i >= 0; i--) bits.Add(((value >> i) & 1) == 1);
        }
        foreach (var v in new[] { c, m, y, k })
        {
            // A flat block's DC coefficient is 8 × (value − 128).
            var dc = 8 * (v - 128);
            var category = dc == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(dc));
            Put(category, 4);
            Put(dc >= 0 ? dc : dc + (1 << category) - 1, category);
            Put(0, 1); // EOB
        }
        while (bits.Count % 8 != 0) bits.Add(true);
        for (var i = 0; i < bits.Count; i += 8)
        {
            var b = (byte)bits.Skip(i).Take(8).Aggregate(0, (acc, bit) => acc << 1 | (bit ? 1 : 0));
            o.Add(b);
            if (b == 0xFF) o.Add(0x00);
        }
        o.AddRange([0xFF, 0xD9]);
        return [.. o];
    }
}
