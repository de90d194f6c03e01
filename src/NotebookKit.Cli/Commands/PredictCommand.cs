using System.CommandLine;
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
        var command = new Command("predict", "Predict the class of images with a trained model") { model, images };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var classifier = SavedModel.Load(parse.GetValue(model)!);
            var paths = parse.GetValue(images)!.Select(Path.GetFullPath).ToArray();
            foreach (var p in paths.Where(p => !File.Exists(p)))
                throw new FileNotFoundException($"Image '{p}' does not exist.", p);
            var table = new Table().AddColumns("image", "class", "probability");
            foreach (var r in Predictor.Predict(classifier, paths))
                table.AddRow(Markup.Escape(r.Path), Markup.Escape(r.Class), r.Probability.ToString("P1"));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
