using System.CommandLine;
using System.Globalization;
using NotebookKit.Models;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>predict --model RUNDIR IMAGE...</c>: the most likely class of each image, with its probability.</summary>
static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Folder written by 'train --out'", Required = true };
        var images = new Argument<string[]>("images") { Description = "Image files", Arity = ArgumentArity.OneOrMore };
        var format = new Option<string>("--format") { Description = "table, or tsv for scripts: one line per image, path<TAB>class<TAB>probability (0–1)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "tsv");
        var command = new Command("predict", "Predict the class of images with a trained model") { model, images, format };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var classifier = SavedModel.Load(parse.GetValue(model)!);
            var paths = parse.GetValue(images)!.Select(Path.GetFullPath).ToArray();
            foreach (var p in paths.Where(p => !File.Exists(p)))
                throw new FileNotFoundException($"Image '{p}' does not exist.", p);
            var predictions = Predictor.Predict(classifier, paths);
            if (parse.GetValue(format) == "tsv")
            {
                foreach (var r in predictions)
                    AnsiConsole.Profile.Out.Writer.WriteLine($"{r.Path}\t{r.Class}\t{r.Probability.ToString("0.######", CultureInfo.InvariantCulture)}");
                return 0;
            }
            var table = new Table().AddColumns("image", "class", "probability");
            foreach (var r in predictions)
                table.AddRow(Markup.Escape(r.Path), Markup.Escape(r.Class), r.Probability.ToString("P1"));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
