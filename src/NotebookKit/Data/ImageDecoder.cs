using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace NotebookKit.Data;

/// <summary>
/// Decodes image files to 8-bit RGB, upright (EXIF orientation applied), transparency flattened onto white,
/// greyscale and 16-bit images converted. Decoding goes through a dedicated
/// ImageSharp <see cref="Configuration"/> that knows only the formats below (crafted GIF/TIFF files are a known
/// attack surface of ImageSharp 2.x), decodes only the first frame of GIF/TIFF, and refuses images whose header
/// claims more than <see cref="MaxPixels"/> pixels before any pixel is allocated. PNG metadata is not read (compressed
/// text chunks can inflate to gigabytes), every decode reserves its memory from <see cref="DecodeBudget"/> and is
/// abandoned after <see cref="DecodeTimeout"/>, and any exception a decoder throws becomes the file's reason.
/// JPEG pixels, once the header checks pass, come from libjpeg-turbo (the OS's or SkiaSharp's, <see cref="JpegBackend"/>),
/// which can decode straight to the size a caller needs (<see cref="ScaledJpeg"/>); its time is bounded by a scan limit
/// instead (a native decode cannot be abandoned).
/// </summary>
public static class ImageDecoder
{
    /// <summary>Images claiming more pixels than this are refused before decoding (decompression bombs).</summary>
    public const long MaxPixels = 80_000_000;

    /// <summary>
    /// Pixels per byte of file beyond which a large image is refused unread. The densest real encodings (LZW or deflate
    /// of a flat colour, a 1-bit palette) stay below about 10,000; tiny files declaring huge canvases go far beyond.
    /// </summary>
    public const long MaxPixelsPerByte = 20_000;

    /// <summary>Frames an animated GIF may have; the decoder stops reading after the first one anyway.</summary>
    public const uint MaxFrames = 1;

    /// <summary>The formats the kit decodes, by file extension.</summary>
    public static IReadOnlySet<string> Extensions { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { ".jpg", ".jpeg", ".png", ".bmp", ".webp", ".gif", ".tif", ".tiff" };

    /// <summary>
    /// The restricted configuration, internal so nobody can add formats back. Single-threaded per image: the <see cref="DataLoader"/> already decodes one image
    /// per core, and nested row parallelism only adds scheduling overhead.
    /// </summary>
    internal static Configuration Configuration => Restricted.Instance;

    /// <summary>Built at the first decode, not when a folder is listed: a reopen that decodes nothing never pays for it.</summary>
    static class Restricted
    {
        public static readonly Configuration Instance = CreateConfiguration();
    }

    static Configuration CreateConfiguration()
    {
        var config = new Configuration(
            new JpegConfigurationModule(), new PngConfigurationModule(), new BmpConfigurationModule(),
            new GifConfigurationModule(), new TiffConfigurationModule(), new WebpConfigurationModule())
        { MaxDegreeOfParallelism = 1 };
        config.ImageFormatsManager.SetDecoder(GifFormat.Instance, new GifDecoder { DecodingMode = FrameDecodingMode.First, MaxFrames = MaxFrames });
        config.ImageFormatsManager.SetDecoder(TiffFormat.Instance, new TiffDecoder { DecodingMode = FrameDecodingMode.First });
        // PNG text and profile chunks (zTXt, iTXt) are deflated and may inflate to gigabytes; nothing here needs them.
        // JPEG keeps its metadata: EXIF orientation lives there, and its segments are at most 64 KiB each.
        config.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
        return config;
    }

    /// <summary>A non-JPEG decode that takes longer than this is abandoned and the file refused (crafted files can be slow to decode).</summary>
    public static TimeSpan DecodeTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads the header only: size and format. Throws <see cref="DataException"/> for a file the kit cannot use.</summary>
    public static (int Width, int Height) Identify(string path)
    {
        var reason = Check(path, out var size);
        return reason is null ? size : throw new DataException($"'{path}' cannot be used: {reason}. Remove or replace the file.", path);
    }

    /// <summary>
    /// Why a file cannot be used, judged from its header alone, or null (then <paramref name="size"/> holds the size
    /// as stored, before EXIF rotation). Files of 0 bytes are never opened: FIFOs, sockets and devices report 0 bytes
    /// too, and opening a FIFO blocks until someone writes to it.
    /// </summary>
    public static string? Check(string path, out (int Width, int Height) size) => Inspect(path, out size, out _, out _);

    static string? Inspect(string path, out (int Width, int Height) size, out IImageFormat? format, out ImageMetadata? metadata)
    {
        size = default;
        format = null;
        metadata = null;
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists) return NameCanBeDecoded(path) ? "file not found" : NotUtf8Reason;
            // A symlink's own length is that of its target's name: judge what it points to (a link to /dev/zero is a device).
            if (file.LinkTarget is not null && file.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target) file = target;
            if (!file.Exists) return "symbolic link to a file that does not exist";
            if (file.Length == 0) return "0 bytes: an empty file, or not a regular file (a FIFO, socket or device), so it was not opened";
            using var stream = File.OpenRead(path);
            var info = Image.Identify(Configuration, stream, out format);
            if (info is null || format is null) return "not a recognised image format (JPEG, PNG, BMP, GIF, TIFF, WebP)";
            if (info.Width <= 0 || info.Height <= 0) return $"header claims an impossible size {info.Width}x{info.Height}";
            if ((long)info.Width * info.Height > MaxPixels)
                return $"header claims {info.Width}x{info.Height} pixels, over the {MaxPixels:N0}-pixel limit";
            if ((long)info.Width * info.Height > 1_000_000 && (long)info.Width * info.Height / file.Length > MaxPixelsPerByte)
                return $"header claims {info.Width}x{info.Height} pixels but the file holds only {file.Length:N0} bytes: no photo compresses that far (a decompression bomb?)";
            if (format is JpegFormat && !HasEndOfImage(stream)) return "truncated JPEG (no end-of-image marker)";
            size = (info.Width, info.Height);
            metadata = info.Metadata;
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException || e.GetType() == typeof(IOException)) // a read error, not a short file (EndOfStreamException)
        {
            return $"{NotReadNow} ({OneLine(e)})";
        }
        catch (Exception e) when (IsFileFault(e))
        {
            return $"unreadable image ({OneLine(e)})";
        }
    }

    const string NotReadNow = "could not be read", TooSlow = "decoding took longer than", OverBudget = "decode budget";

    /// <summary>
    /// False for verdicts that depend on the moment rather than the file (a read error, a decode that ran out of time
    /// on a busy machine, a budget set by the memory available): those are not worth remembering.
    /// </summary>
    internal static bool IsLasting(string? reason) =>
        reason is null || !(reason.StartsWith(NotReadNow, StringComparison.Ordinal) || reason.StartsWith(TooSlow, StringComparison.Ordinal) || reason.EndsWith(OverBudget, StringComparison.Ordinal));

    /// <summary>
    /// Why a file cannot become a training image, found by decoding it (bounded in time and memory), or null when it
    /// decodes. A JPEG is decoded at its smallest scale: libjpeg-turbo still reads every entropy-coded byte, so a
    /// corrupt scan is found at a fraction of the cost, by the same decoder that reads it later at any scale.
    /// </summary>
    public static string? Verify(string path, CancellationToken cancellationToken = default) => Verify(path, out _, cancellationToken);

    /// <summary><see cref="Verify(string, CancellationToken)"/>, also giving the size as stored (before EXIF rotation) when it decodes.</summary>
    internal static string? Verify(string path, out (int Width, int Height) size, CancellationToken cancellationToken = default)
    {
        var reason = TryLoad(path, 1, out var image, out size, cancellationToken);
        image?.Dispose();
        return reason;
    }

    /// <summary>The reason given for a file whose name is not valid UTF-8: .NET cannot even open it by name.</summary>
    public const string NotUtf8Reason = "the file name is not valid UTF-8, so it cannot be opened by name; rename it (e.g. convmv -f latin1 -t utf8)";

    /// <summary>On Linux, undecodable bytes in a name come back as U+FFFD, and that string names no file.</summary>
    static bool NameCanBeDecoded(string path) => !Path.GetFileName(path).Contains('\uFFFD');

    /// <summary>
    /// Whatever a decoder throws on a hostile file is that file's fault: ImageSharp 2.1 also throws
    /// InvalidOperationException, ArgumentException, IndexOutOfRangeException or OutOfMemoryException on crafted input.
    /// Only cancellation by the caller is not.
    /// </summary>
    static bool IsFileFault(Exception e) => e is not (DataException or OperationCanceledException or StackOverflowException or AccessViolationException);

    static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim();

    /// <summary>
    /// ImageSharp 2.1 decodes a truncated JPEG without error, filling the missing part with black, so truncation is
    /// caught here: the EOI marker must be in the last 64 KiB (cameras and phones may append trailers after it).
    /// </summary>
    static bool HasEndOfImage(Stream stream)
    {
        var tail = new byte[(int)Math.Min(stream.Length, 64 * 1024)];
        stream.Seek(-tail.Length, SeekOrigin.End);
        stream.ReadExactly(tail);
        return tail.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xD9]) >= 0;
    }

    /// <summary>Composites a transparent image onto white; dropping alpha would show whatever RGB hides under it (often black).</summary>
    static Image<Rgb24> Flatten(Image<Rgba32> image)
    {
        using (image)
        {
            image.Mutate(x => x.BackgroundColor(Color.White));
            return image.CloneAs<Rgb24>();
        }
    }

    /// <summary>Decodes <paramref name="path"/> to upright RGB at full size. Throws <see cref="DataException"/> naming the file when it cannot.</summary>
    public static Image<Rgb24> Load(string path) => Load(path, null);

    /// <summary>
    /// Decodes <paramref name="path"/> to upright RGB whose shorter side is at least <paramref name="minShorterSide"/>
    /// when the file is that big: a JPEG is decoded at the smallest DCT scale (1/2, 1/4, 1/8) that keeps it so, other
    /// formats and null in full. The caller still resizes to its exact size (the model's interpolation). Throws
    /// <see cref="DataException"/> naming the file when it cannot be decoded.
    /// </summary>
    public static Image<Rgb24> Load(string path, int? minShorterSide)
    {
        var reason = TryLoad(path, minShorterSide, out var image, out _);
        return image ?? throw new DataException($"'{path}' cannot be used: {reason}. Remove or replace the file.", path);
    }

    /// <summary>The decoded image, or null and the reason. Memory is reserved from <see cref="DecodeBudget"/> first; time is bounded by <see cref="DecodeTimeout"/>.</summary>
    static string? TryLoad(string path, int? minShorterSide, out Image<Rgb24>? image, out (int Width, int Height) size, CancellationToken cancellationToken = default)
    {
        image = null;
        var reason = Inspect(path, out size, out var format, out var metadata);
        if (reason is not null) return reason;
        // Chosen outside the try: a JPEG_DECODER setting that cannot be honoured is the user's to fix, not a file's fault.
        var jpeg = format is JpegFormat ? JpegBackend.Current : null;
        try
        {
            using var stream = File.OpenRead(path);
            var denominator = format is JpegFormat && minShorterSide is { } target ? ScaledJpeg.Denominator(size.Width, size.Height, target) : 1;
            var scaled = (ScaledJpeg.Scaled(size.Width, denominator), ScaledJpeg.Scaled(size.Height, denominator));
            var bytes = format is JpegFormat ? ScaledJpeg.Estimate(size, scaled, stream) : DecodeBudget.Estimate(size.Width, size.Height, stream.Length);
            using var reservation = DecodeBudget.Reserve(bytes, cancellationToken);
            if (reservation is null)
                return $"decoding {scaled.Item1}x{scaled.Item2} pixels needs about {bytes >> 20:N0} MB, over the {DecodeBudget.Bytes >> 20:N0} MB {OverBudget}";
            if (jpeg is not null)
            {
                // libjpeg-turbo cannot be interrupted, so instead of a timeout the one input that makes it slow (scan
                // count times size) is refused before it starts.
                var file = new byte[stream.Length];
                stream.Position = 0;
                stream.ReadExactly(file);
                var scans = ScaledJpeg.Scans(file);
                if (scans > ScaledJpeg.MaxScans) return $"JPEG with {scans:N0} scans, over the limit of {ScaledJpeg.MaxScans} (real photos have a few dozen at most; many scans make decoding very slow)";
                cancellationToken.ThrowIfCancellationRequested();
                image = jpeg.Decode(file, denominator, size);
                image.Metadata.ExifProfile = metadata?.ExifProfile?.DeepClone(); // the orientation, for AutoOrient below
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(DecodeTimeout);
                try
                {
                    // Other formats may have alpha (ImageSharp 2.1's header info does not say reliably), so they are flattened.
                    image = Flatten(Image.LoadAsync<Rgba32>(Configuration, stream, timeout.Token).GetAwaiter().GetResult());
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    return $"{TooSlow} {DecodeTimeout.TotalSeconds:F0} s";
                }
            }
            image.Mutate(x => x.AutoOrient());
            return null;
        }
        catch (Exception e) when (IsFileFault(e))
        {
            image?.Dispose();
            image = null;
            return $"could not be decoded ({OneLine(e)})";
        }
    }
}
