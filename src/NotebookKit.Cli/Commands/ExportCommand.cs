using System.CommandLine;
using NotebookKit.Models;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>export --model RUNDIR --onnx FILE</c>: a trained run as one ONNX file for any ONNX runtime (see samples/OnnxPredict).</summary>
static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Folder written by 'train --out'", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (input: RGB 0–255, resized and centre-cropped; output: probabilities)", Required = true };
        var command = new Command("export", "Export a trained model to ONNX (opset 13), its preprocessing and labels inside") { model, onnx, ArgumentRules.Overwrite() };
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            using var classifier = SavedModel.Load(parse.GetValue(model)!);
            var info = classifier.ExportOnnx(parse.GetValue(onnx)!, ct);
            AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {Terminal.Safe(info.Path)}");
            AnsiConsole.WriteLine(Terminal.Safe(info.ToString(), keepNewlines: true));
            return 0;
        })));
        return command;
    }
}
