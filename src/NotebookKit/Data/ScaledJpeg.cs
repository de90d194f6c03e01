namespace NotebookKit.Data;

/// <summary>
/// What a JPEG costs to decode straight to 1/2, 1/4 or 1/8 of its size in the DCT domain (libjpeg-turbo, through a
/// <see cref="JpegBackend"/>), so a 12-megapixel phone photo bound for a 256-pixel resize never exists at full size:
/// the scale to use, the memory and the scan count <see cref="ImageDecoder"/> checks before any decode. See
/// docs/decoding.md for the choice of library.
/// </summary>
static class ScaledJpeg
{
    /// <summary>
    /// The largest of 8, 4, 2 that divides a <paramref name="width"/>×<paramref name="height"/> JPEG while its shorter
    /// side stays at least <paramref name="minShorterSide"/> (libjpeg rounds scaled sizes up), else 1.
    /// </summary>
    public static int Denominator(int width, int height, int minShorterSide)
    {
        var shorter = Math.Min(width, height);
        foreach (var d in (ReadOnlySpan<int>)[8, 4, 2])
            if (Scaled(shorter, d) >= minShorterSide) return d;
        return 1;
    }

    /// <summary>A side of <paramref name="length"/> pixels at 1/<paramref name="denominator"/> scale: libjpeg rounds up.</summary>
    public static int Scaled(int length, int denominator) => (length + denominator - 1) / denominator;

    /// <summary>
    /// Peak bytes of a decode to <paramref name="scaled"/>: <see cref="DecodeBudget.Estimate"/> at that size, plus, for a
    /// progressive JPEG, libjpeg's coefficient buffers, which hold every block of the full image whatever the scale
    /// (2 bytes per coefficient, up to 3 planes at full resolution).
    /// </summary>
    public static long Estimate((int Width, int Height) full, (int Width, int Height) scaled, Stream stream) =>
        DecodeBudget.Estimate(scaled.Width, scaled.Height, stream.Length) + (IsProgressive(stream) ? (long)full.Width * full.Height * 6 : 0);

    /// <summary>
    /// Scans a JPEG may have. Decoding time grows with file size times scans, and a crafted progressive file of many
    /// tiny scans takes minutes (libjpeg-turbo's own tools cap it, at 500, the same way). Real files have at most a few dozen.
    /// </summary>
    public const int MaxScans = 256;

    /// <summary>
    /// Start-of-scan markers in <paramref name="file"/>. Entropy-coded data never holds FF DA (a coded FF is followed by
    /// 00), so every one is a scan; one inside an embedded thumbnail counts too, which only errs on the safe side.
    /// </summary>
    public static int Scans(ReadOnlySpan<byte> file)
    {
        var count = 0;
        for (int i; (i = file.IndexOf([(byte)0xFF, (byte)0xDA])) >= 0; file = file[(i + 2)..]) count++;
        return count;
    }

    /// <summary>
    /// Whether <paramref name="file"/> is a progressive JPEG whose scans leave some coefficient short of full precision
    /// (no scan with Al = 0 covers it): a file cut after a few scans, with an end marker, decodes without complaint, its
    /// missing coefficients estimated by libjpeg's block smoothing, which libjpeg-turbo 2.1 and 3.1 do differently.
    /// A structure that cannot be walked counts as incomplete; a sequential (baseline) file never is.
    /// </summary>
    public static bool IsIncompleteProgressive(ReadOnlySpan<byte> file)
    {
        Span<ulong> arrived = stackalloc ulong[256]; // per component id: the coefficients (bit k = zigzag index k) at full precision
        ReadOnlySpan<byte> ids = [];
        for (var i = 2; ;)
        {
            if (i + 2 > file.Length || file[i] != 0xFF) return true;
            var marker = file[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte before a marker
            if (marker == 0xD9) break;
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) { i += 2; continue; }
            if (i + 4 > file.Length) return true;
            var length = (file[i + 2] << 8) | file[i + 3];
            if (length < 2 || i + 2 + length > file.Length) return true;
            var segment = file.Slice(i + 4, length - 2);
            i += 2 + length;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (marker is not (0xC2 or 0xC6 or 0xCA or 0xCE)) return false;
                if (segment.Length < 6 || segment.Length < 6 + 3 * segment[5]) return true;
                ids = segment.Slice(6, 3 * segment[5]);
            }
            else if (marker == 0xDA)
            {
                if (segment.Length < 1 || segment.Length < 4 + 2 * segment[0]) return true;
                var (count, first, last, low) = (segment[0], segment[1 + 2 * segment[0]], segment[2 + 2 * segment[0]], segment[3 + 2 * segment[0]] & 0x0F);
                if (first > last || last > 63) return true;
                if (low == 0)
                    for (var c = 0; c < count; c++)
                        arrived[segment[1 + 2 * c]] |= (last == 63 ? ulong.MaxValue : (1UL << (last + 1)) - 1) & ~((1UL << first) - 1);
                // The entropy-coded data runs to the next marker: FF followed by neither a stuffed 00 nor a restart marker.
                while (true)
                {
                    var next = file[i..].IndexOf((byte)0xFF);
                    if (next < 0 || i + next + 1 >= file.Length) return true;
                    i += next;
                    if (file[i + 1] is not (0x00 or (>= 0xD0 and <= 0xD7))) break;
                    i += 2;
                }
            }
        }
        if (ids.IsEmpty) return true;
        for (var c = 0; c < ids.Length; c += 3)
            if (arrived[ids[c]] != ulong.MaxValue) return true;
        return false;
    }

    /// <summary>
    /// Whether the frame header is progressive (SOF2, SOF6, SOF10, SOF14), found by walking the marker segments from
    /// the start; a header that cannot be walked counts as progressive, the costlier assumption.
    /// </summary>
    static bool IsProgressive(Stream stream)
    {
        stream.Position = 2; // after SOI, which the header check has seen
        Span<byte> head = stackalloc byte[4];
        while (stream.Read(head) == 4)
        {
            if (head[0] != 0xFF) return true;
            var marker = head[1];
            if (marker is 0xC2 or 0xC6 or 0xCA or 0xCE) return true;
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC) return false;
            var length = (head[2] << 8) | head[3];
            if (length < 2) return true;
            stream.Seek(length - 2, SeekOrigin.Current);
        }
        return true;
    }
}
