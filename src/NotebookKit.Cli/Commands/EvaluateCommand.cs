using System.CommandLine;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>evaluate --model RUNDIR --data DIR [--json FILE]</c>: scores a saved model on a split root (its test/) or class folders.</summary>
static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Folder written by 'train --out'", Required = true };
        var data = new Option<string>("--data") { Description = "A split root (test/ is used) or a folder of class folders", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file" };
        var badInput = new BadInputOptions();
        var tta = new Option<bool>("--tta") { Description = "Flip test-time augmentation: average each photo with its mirror image" };
        var overwrite = ArgumentRules.Overwrite();
        var command = new Command("evaluate", "Evaluate a trained model on labelled images") { model, data, json, tta, overwrite };
        badInput.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var classifier = SavedModel.Load(parse.GetValue(model)!);
            var skipped = new List<SkippedFile>();
            var dataset = ImageFolder.OpenForEvaluation(parse.GetValue(data)!, badInput.Policy(parse), skipped, parse.GetValue(badInput.AllowEmptyClasses),
                skipOddPictures: parse.GetValue(badInput.SkipBadFiles), cancellationToken: ct);
            BadInputOptions.List(skipped);
            using var learn = Learner.ForInference(classifier);
            var predictions = ConsoleProgress.Run(p =>
            {
                learn.Progress = p;
                return learn.GetPreds(dataset, parse.GetValue(tta), cancellationToken: ct);
            });
            var report = predictions.Report();
            AnsiConsole.WriteLine(Terminal.Safe(report.ToText(), keepNewlines: true));
            if (parse.GetValue(json) is { } path) CliOutput.Write(path, report.ToJson(indented: true));
            return 0;
        })));
        return command;
    }
}
