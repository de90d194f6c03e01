// Classifies images with a model exported by `notebookkit export --model RUNDIR --onnx FILE`, using ONNX Runtime alone.
// Everything it needs is in the file: the labels and the resize/crop in its metadata, the normalisation in the graph.
// Usage: dotnet run --project samples/OnnxPredict -- MODEL.onnx IMAGE...   Output: path<TAB>class<TAB>probability per image.
using System.Globalization;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: OnnxPredict MODEL.onnx IMAGE...");
    return 2;
}
foreach (var file in args.Where(f => !File.Exists(f)))
{
    Console.Error.WriteLine($"error: '{file}' does not exist.");
    return 2;
}

using var session = new InferenceSession(args[0]);
var meta = session.ModelMetadata.CustomMetadataMap;
if (!meta.TryGetValue("labels", out var labelsJson) || meta.GetValueOrDefault("interpolation") is not ("bilinear" or "bicubic"))
{
    Console.Error.WriteLine($"error: '{args[0]}' was not written by 'notebookkit export' (no labels, or no bilinear/bicubic interpolation in its metadata).");
    return 2;
}
var resampler = meta["interpolation"] == "bilinear" ? KnownResamplers.Triangle : KnownResamplers.Bicubic;
var labels = JsonSerializer.Deserialize<string[]>(labelsJson)!;
var size = int.Parse(meta["input_size"], CultureInfo.InvariantCulture);
var resize = int.Parse(meta["resize_shorter_side"], CultureInfo.InvariantCulture);

foreach (var path in args.Skip(1))
{
    var input = new DenseTensor<float>([1, 3, size, size]);
    using (var image = Image.Load<Rgb24>(path))
    {
        // The kit's evaluation transform: upright, shorter side to `resize` (with the metadata's interpolation), centre `size`×`size` crop.
        image.Mutate(x => x.AutoOrient());
        var scale = (double)resize / Math.Min(image.Width, image.Height);
        var (w, h) = (Math.Max(resize, (int)Math.Round(image.Width * scale)), Math.Max(resize, (int)Math.Round(image.Height * scale)));
        image.Mutate(x => x.Resize(w, h, resampler).Crop(new Rectangle((w - size) / 2, (h - size) / 2, size, size)));
        for (var y = 0; y < size; y++)
        for (var x = 0; x < size; x++)
        {
            var p = image[x, y];
            (input[0, 0, y, x], input[0, 1, y, x], input[0, 2, y, x]) = (p.R, p.G, p.B); // RGB, 0–255: the graph normalises
        }
    }
    using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
    var probabilities = results.Single(r => r.Name == "probabilities").AsEnumerable<float>().ToArray();
    var best = Array.IndexOf(probabilities, probabilities.Max());
    Console.WriteLine($"{Path.GetFullPath(path)}\t{labels[best]}\t{probabilities[best].ToString("0.######", CultureInfo.InvariantCulture)}");
}
return 0;
