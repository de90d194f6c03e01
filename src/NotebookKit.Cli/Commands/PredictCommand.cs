using System.CommandLine;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>predict --model RUNDIR IMAGE...</c>: the most likely class of each image, with its probability.</summary>
static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Folder written by 'train --out'", Required = true };
        var images = new Argument<string[]>("images") { Description = "Image files", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table, or tsv for scripts: one line per image, path<TAB>class<TAB>probability (0–1); a backslash, tab, newline or other control character in a name is written \\\\, \\t, \\n, \\r or \\xNN", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "tsv");
        var badInput = new BadInputOptions();
        var command = new Command("predict", "Predict the class of images with a trained model") { model, images, format };
        badInput.AddTo(command, withEmptyClasses: false);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var classifier = SavedModel.Load(parse.GetValue(model)!);
            var skipped = new List<SkippedFile>();
            var paths = ImageFiles.Usable(parse.GetValue(images)!, badInput.Policy(parse), skipped);
            BadInputOptions.List(skipped);
            using var learn = Learner.ForInference(classifier);
            var predictions = learn.GetPreds(ImageDataset.Unlabelled(paths, classifier.ClassNames), cancellationToken: ct);
            if (parse.GetValue(format) == "tsv")
            {
                for (var i = 0; i < paths.Count; i++)
                {
                    var top = predictions.Predicted[i];
                    AnsiConsole.Profile.Out.Writer.WriteLine($"{Tsv.Field(paths[i])}\t{Tsv.Field(classifier.ClassNames[top])}\t{predictions.Probabilities[i][top].ToString("0.######", CultureInfo.InvariantCulture)}");
                }
                return 0;
            }
            var table = new Table().AddColumns("image", "class", "probability");
            for (var i = 0; i < paths.Count; i++)
            {
                var best = predictions.Predicted[i];
                table.AddRow(Markup.Escape(Terminal.Safe(paths[i])), Markup.Escape(Terminal.Safe(classifier.ClassNames[best])), predictions.Probabilities[i][best].ToString("P1"));
            }
            AnsiConsole.Write(table);
            return 0;
        })));
        return command;
    }
}
