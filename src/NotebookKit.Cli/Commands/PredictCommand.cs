using System.CommandLine;
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
        var command = new Command("predict", "Predict the class of images with a trained model") { model, images };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var classifier = SavedModel.Load(parse.GetValue(model)!);
            var paths = parse.GetValue(images)!.Select(Path.GetFullPath).ToArray();
            foreach (var p in paths.Where(p => !File.Exists(p)))
                throw new FileNotFoundException($"Image '{p}' does not exist.", p);
            using var learn = Learner.ForInference(classifier);
            var predictions = learn.GetPreds(ImageDataset.Unlabelled(paths, classifier.ClassNames));
            var table = new Table().AddColumns("image", "class", "probability");
            for (var i = 0; i < paths.Length; i++)
            {
                var best = predictions.Predicted[i];
                table.AddRow(Markup.Escape(paths[i]), Markup.Escape(classifier.ClassNames[best]), predictions.Probabilities[i][best].ToString("P1"));
            }
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
