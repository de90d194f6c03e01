using System.CommandLine;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Models;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>features --model ID [--weights FILE] [--format tsv|npy] IMAGE...</c>: a pretrained network as an embedding. Each
/// image's pre-logits (the input of the last Linear of torchvision's classifier), fp32: tsv to standard output or
/// <c>--out</c> (path, then the features, tab-separated), or npy (rows in image order) with the image paths beside it.
/// </summary>
static class FeaturesCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model id from the zoo", DefaultValueFactory = _ => Pretrained.DefaultId };
        var weights = new Option<string?>("--weights") { Description = "The backbone's weights from a local file (.pth/.pt/.bin state dict, .safetensors or .dat) of the same architecture, instead of the zoo's download" };
        var format = new Option<string>("--format") { Description = "tsv: one line per image, path<TAB>feature 1<TAB>…; npy: a float32 [images, features] array (needs --out)", DefaultValueFactory = _ => "tsv" };
        format.AcceptOnlyFromAmong("tsv", "npy");
        var output = new Option<string?>("--out") { Description = "File to write (a new one; tsv goes to standard output without it). With npy, the image paths go to the same name with .paths.txt" };
        var images = new Argument<string[]>("images") { Description = "Image files", Arity = ArgumentArity.OneOrMore };
        var badInput = new BadInputOptions();
        var command = new Command("features", "Write each image's pre-logits features (an embedding) from a pretrained network") { model, weights, format, output, images };
        badInput.AddTo(command, withEmptyClasses: false);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var npy = parse.GetValue(format) == "npy";
            var outPath = parse.GetValue(output) is { } o ? Path.GetFullPath(o) : null;
            if (npy && outPath is null) throw new ArgumentException("--format npy writes a binary file: give it a name with --out FILE.npy.");
            var pathsFile = outPath is null ? null : Path.ChangeExtension(outPath, ".paths.txt");
            foreach (var target in new[] { outPath, npy ? pathsFile : null }.OfType<string>())
                if (File.Exists(target)) throw new IOException($"'{target}' already exists; choose a new --out file (nothing is overwritten).");

            var skipped = new List<SkippedFile>();
            var paths = ImageFiles.Usable(parse.GetValue(images)!, badInput.Policy(parse), skipped);
            BadInputOptions.List(skipped);
            var rows = FeatureExtraction.Extract(parse.GetValue(model)!, paths, parse.GetValue(weights), cancellationToken: ct);
            if (npy)
            {
                using (var stream = new FileStream(outPath!, FileMode.CreateNew)) NpyWriter.Write(stream, rows);
                File.WriteAllLines(pathsFile!, paths);
                return 0;
            }
            using var writer = outPath is null ? null : new StreamWriter(new FileStream(outPath, FileMode.CreateNew));
            var sink = writer ?? AnsiConsole.Profile.Out.Writer;
            for (var i = 0; i < paths.Count; i++)
                sink.WriteLine(paths[i] + "\t" + string.Join('\t', rows[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
            return 0;
        })));
        return command;
    }
}
