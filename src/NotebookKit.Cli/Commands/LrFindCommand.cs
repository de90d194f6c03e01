using System.CommandLine;
using System.Globalization;
using System.Text;
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
        var command = new Command("lr-find", "Find a learning rate: exponential sweep, smoothed loss, fastai's valley suggestion (weights are restored)") { steps, startLr, endLr, csv, ArgumentRules.Overwrite() };
        setup.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            using var learner = setup.Build(parse, setup.OpenData(parse));
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
                CliOutput.Write(path, sb.ToString());
            }
            return 0;
        })));
        return command;
    }
}
