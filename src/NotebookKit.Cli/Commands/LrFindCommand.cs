using System.CommandLine;
using System.Globalization;
using System.Text;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>lr-find --data DIR [--freeze …] [--optimizer …]</c>: the LR range test, its suggestions and (optionally) the curve as CSV.</summary>
static class LrFindCommand
{
    public static Command Create()
    {
        var setup = new LearnerArguments();
        var steps = new Option<int>("--steps") { Description = "Sweep length in steps", DefaultValueFactory = _ => 100 };
        var startLr = new Option<double>("--start-lr") { Description = "First learning rate", DefaultValueFactory = _ => 1e-7 };
        var endLr = new Option<double>("--end-lr") { Description = "Last learning rate", DefaultValueFactory = _ => 10 };
        var csv = new Option<string?>("--csv") { Description = "Write the curve (lr, loss, smoothed_loss) to this file" };
        var command = new Command("lr-find", "Find a learning rate: exponential sweep, smoothed loss, fastai's valley suggestion (weights are restored)") { steps, startLr, endLr, csv };
        setup.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            using var learner = setup.Build(parse);
            var result = ConsoleProgress.Run(p =>
            {
                learner.Progress = p;
                return learner.FindLr(new LrFinderOptions(parse.GetValue(startLr), parse.GetValue(endLr), parse.GetValue(steps)), ct);
            });
            var table = new Table().AddColumns("suggestion", "learning rate");
            table.AddRow("valley (suggested)", result.Valley.ToString("G3", CultureInfo.InvariantCulture));
            table.AddRow("steepest descent", result.Steepest.ToString("G3", CultureInfo.InvariantCulture));
            table.AddRow("minimum / 10", result.MinimumOver10.ToString("G3", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLineInterpolated($"{result.LearningRates.Length} steps{(result.Diverged ? ", stopped when the loss diverged" : "")}; frozen: {learner.FrozenCount} of {learner.Groups.Count} groups ({learner.TrainingPath}).");
            if (parse.GetValue(csv) is { } path)
            {
                var sb = new StringBuilder("lr,loss,smoothed_loss\n");
                for (var i = 0; i < result.LearningRates.Length; i++)
                    sb.AppendLine(FormattableString.Invariant($"{result.LearningRates[i]:G6},{result.Losses[i]:G6},{result.SmoothedLosses[i]:G6}"));
                File.WriteAllText(Path.GetFullPath(path), sb.ToString());
                AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {Path.GetFullPath(path)}");
            }
            return 0;
        })));
        return command;
    }
}

/// <summary>The options lr-find and grid share: data, model, freezing, optimizer, batch and image size, seed, device.</summary>
sealed class LearnerArguments
{
    readonly Option<string> data = new("--data") { Description = "Image folder: train/ val/ [test/] split folders, or class folders directly", Required = true };
    readonly Option<string> model = new("--model") { Description = "Model id from the zoo", DefaultValueFactory = _ => Pretrained.DefaultId };
    readonly Option<string> freeze = new("--freeze") { Description = "none | backbone | upto:GROUP | from:GROUP (groups: stem, layer1 … layer4)", DefaultValueFactory = _ => "backbone" };
    readonly Option<string> optimizer = new("--optimizer") { Description = "sgd | sgd-nesterov | adam | adamw", DefaultValueFactory = _ => "adamw" };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => 32 };
    readonly Option<int?> imageSize = new("--image-size") { Description = "Input size in pixels (default: the model's, 224)" };
    readonly Option<int> seed = new("--seed") { Description = "Seed for splits, shuffling and initialisation", DefaultValueFactory = _ => 42 };
    readonly Option<string> device = new("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
    readonly BadInputOptions badInput = new();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { data, model, freeze, optimizer, batchSize, imageSize, seed, device }) command.Options.Add(o);
        badInput.AddTo(command);
    }

    /// <summary>A learner on the folder with a linear head, frozen as asked, logging its notes to the console.</summary>
    public Learner Build(ParseResult parse)
    {
        var seedValue = parse.GetValue(seed);
        var folder = badInput.Open(parse, parse.GetValue(data)!, seedValue);
        var classifier = Pretrained.Classifier(parse.GetValue(model)!, folder.Classes, HeadSpec.Linear, seed: seedValue);
        if (parse.GetValue(imageSize) is int size)
            classifier = new ImageClassifier(classifier.Entry, classifier.BackboneModule, folder.Classes, HeadSpec.Linear, classifier.Preprocess.WithInputSize(size));
        var options = new LearnerOptions
        {
            Optimizer = OptimizerSpec.Parse(parse.GetValue(optimizer)!),
            Seed = seedValue,
            Device = DeviceChoice.Resolve(parse.GetValue(device)),
            Log = note => AnsiConsole.MarkupLineInterpolated($"[grey]{note}[/]"),
        };
        var learner = Learner.FromFolder(classifier, folder, batchSize: parse.GetValue(batchSize), options: options);
        FreezeSpec.Parse(parse.GetValue(freeze)!).ApplyTo(learner);
        return learner;
    }
}
