using System.CommandLine;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>train --data DIR --out RUNDIR</c>: a pretrained backbone, a new head, a saved model with its metrics.</summary>
static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Image folder: train/ val/ [test/] split folders, or class folders directly", Required = true };
        var output = new Option<string>("--out") { Description = "New folder for the trained model, its metadata and metrics", Required = true };
        var model = new Option<string>("--model") { Description = "Model id from the zoo", DefaultValueFactory = _ => Pretrained.DefaultId };
        var freeze = new Option<string>("--freeze") { Description = "What stays frozen: 'backbone' trains only the new head on cached features", DefaultValueFactory = _ => "backbone" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 10 };
        var lr = new Option<double>("--lr") { Description = "Learning rate (Adam)", DefaultValueFactory = _ => 1e-3 };
        var batchSize = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => 64 };
        var imageSize = new Option<int?>("--image-size") { Description = "Input size in pixels (default: the model's, 224)" };
        var head = new Option<string>("--head") { Description = "'linear', or 'mlp:N' for Dense(N, relu) + dropout 0.5 + output", DefaultValueFactory = _ => "linear" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits, shuffling and initialisation", DefaultValueFactory = _ => 42 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        var skipBad = new Option<bool>("--skip-bad-files") { Description = "Leave out unreadable images (listed) instead of stopping" };
        var command = new Command("train", "Train a classifier on an image folder from a pretrained backbone") { data, output, model, freeze, epochs, lr, batchSize, imageSize, head, seed, device, skipBad };
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new IOException($"'{outDir}' already exists and is not empty. Choose a new --out folder or delete the old run.");
            if (parse.GetValue(freeze) != "backbone")
                throw new ArgumentException($"--freeze '{parse.GetValue(freeze)}' is not supported yet; use 'backbone'.");
            var seedValue = parse.GetValue(seed);
            var folder = ImageFolder.Open(parse.GetValue(data)!, seed: seedValue, badFiles: parse.GetValue(skipBad) ? BadFilePolicy.Skip : BadFilePolicy.Fail);
            AnsiConsole.WriteLine(folder.ToString());
            foreach (var s in folder.Skipped) AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {s.Path}: {s.Reason}");

            var headSpec = ParseHead(parse.GetValue(head)!);
            var classifier = Pretrained.Classifier(parse.GetValue(model)!, folder.Classes, headSpec, seed: seedValue);
            if (parse.GetValue(imageSize) is int size) classifier = new ImageClassifier(classifier.Entry, classifier.BackboneModule, folder.Classes, headSpec, classifier.Preprocess.WithInputSize(size));
            var options = new HeadTrainingOptions(parse.GetValue(epochs), parse.GetValue(lr), parse.GetValue(batchSize), Seed: seedValue);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = ConsoleProgress.Run(p => FrozenBackbone.Fit(classifier, folder, options, DeviceChoice.Resolve(parse.GetValue(device)), p, ct));

            var evaluated = result.Test ?? result.Validation;
            var report = ClassificationReport.Compute(evaluated.Classes, evaluated.Labels, evaluated.Predicted, evaluated.Probabilities);
            var settings = new Dictionary<string, string>
            {
                ["data"] = folder.Root, ["freeze"] = "backbone", ["epochs"] = options.Epochs.ToString(CultureInfo.InvariantCulture),
                ["lr"] = options.LearningRate.ToString(CultureInfo.InvariantCulture), ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
                ["seed"] = seedValue.ToString(CultureInfo.InvariantCulture), ["evaluated_split"] = result.Test is null ? "val" : "test",
            };
            SavedModel.Save(classifier, outDir, settings, new Dictionary<string, string>
            {
                ["metrics.json"] = report.ToJson(indented: true),
                ["history.csv"] = HistoryCsv.Format(result.History),
            });
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLineInterpolated($"[bold]{(result.Test is null ? "validation" : "test")} split[/] ({evaluated.Labels.Length} images)");
            AnsiConsole.WriteLine(report.ToText());
            AnsiConsole.MarkupLineInterpolated($"[green]saved[/] {outDir}  ({clock.Elapsed.TotalSeconds:F0}s)");
            return 0;
        })));
        return command;
    }

    static HeadSpec ParseHead(string text) => text switch
    {
        "linear" => HeadSpec.Linear,
        _ when text.StartsWith("mlp:", StringComparison.Ordinal) && int.TryParse(text[4..], out var hidden) && hidden > 0 => new HeadSpec(hidden, 0.5),
        _ => throw new ArgumentException($"--head '{text}' is not 'linear' or 'mlp:N' (e.g. mlp:256)."),
    };
}
