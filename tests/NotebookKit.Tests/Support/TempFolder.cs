using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace NotebookKit.Tests.Support;

/// <summary>A throw-away folder for generated test images, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("nbk-data-").FullName;

    public string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    public string Combine(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>Creates the parent folders of <paramref name="relative"/> and returns its full path.</summary>
    public string File(string relative)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="relative"/> and returns its full path.</summary>
    public string File(string relative, byte[] content)
    {
        var path = File(relative);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a <see cref="Noise"/> image (format from the extension).</summary>
    public string Image(string relative, int width = 40, int height = 30, int seed = 0)
    {
        using var image = Noise(width, height, seed);
        var path = File(relative);
        image.Save(path);
        return path;
    }

    /// <summary>
    /// A 9×8 grid of random colour blocks, the dHash thumbnail's own grid, so different seeds give images whose
    /// perceptual hashes differ in about half their bits.
    /// </summary>
    public static Image<Rgb24> Noise(int width, int height, int seed)
    {
        var rng = new Random(seed);
        var image = new Image<Rgb24>(width, height);
        var blocks = new Rgb24[9, 8];
        for (var by = 0; by < 8; by++)
            for (var bx = 0; bx < 9; bx++)
                blocks[bx, by] = new Rgb24((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                image[x, y] = blocks[x * 9 / width, y * 8 / height];
        return image;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
