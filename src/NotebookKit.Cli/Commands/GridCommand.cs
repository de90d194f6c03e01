using System.CommandLine;
using System.Globalization;
using NotebookKit.Training;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>grid --data DIR --strategies backbone,from:layer4 --lr 1e-3,3e-3 --schedule one-cycle,cosine --epochs 3</c>:
/// every combination from the same pretrained start, reusing cached activations, as one table (and CSV),
/// compared on validation; the chosen run alone is scored on the test split.
/// </summary>
static class GridCommand
{
    public static Command Create()
    {
        var setup = new LearnerArguments();
        var lrs = new Option<string>("--lr") { Description = "Comma-separated learning rates (the head's)", DefaultValueFactory = _ => "1e-3" };
        var schedules = new Option<string>("--schedule") { Description = "Comma-separated: constant, one-cycle, cosine, step:EPOCHS[:GAMMA], exponential:GAMMA, cosine-restarts:EPOCHS[:MULT]", DefaultValueFactory = _ => "one-cycle" };
        var strategies = new Option<string>("--strategies") { Description = "Comma-separated freeze strategies (overrides --freeze)", DefaultValueFactory = _ => "backbone,from:layer4" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run", DefaultValueFactory = _ => 3 };
        var lrMult = new Option<double>("--lr-spread") { Description = "Discriminative spread: slice(lr/N, lr) over the groups; 1 = one rate", DefaultValueFactory = _ => 1 };
        var warmup = new Option<double>("--warmup") { Description = "Linear warm-up epochs before each schedule", DefaultValueFactory = _ => 0 };
        var csv = new Option<string?>("--csv") { Description = "Also write the table as CSV to this file" };
        var command = new Command("grid", "Compare freeze strategies × learning rates × schedules on the same data") { lrs, schedules, strategies, epochs, lrMult, warmup, csv, ArgumentRules.Overwrite() };
        setup.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            using var learner = setup.Build(parse, setup.OpenData(parse));
            var rates = parse.GetValue(lrs)!.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var scheduleList = parse.GetValue(schedules)!.Split(',').Select(s => LrScheduleParser.Parse(s, learner.StepsPerEpoch, parse.GetValue(warmup))).ToList();
            var freezeList = parse.GetValue(strategies)!.Split(',').Select(FreezeSpec.Parse).ToList();
            var table = new Table().AddColumns("strategy", "lr", "schedule", "val acc", "val loss", "epochs", "seconds");
            var runs = ConsoleProgress.Run(p =>
            {
                learner.Progress = p;
                return ExperimentGrid.Run(learner, freezeList, rates, scheduleList, parse.GetValue(epochs), parse.GetValue(lrMult),
                    r => AnsiConsole.MarkupLineInterpolated($"  {r.Strategy} lr {r.Lr:G3} {r.Schedule}: val {r.ValAccuracy:P1} ({r.Seconds:F0}s)"), cancellationToken: ct);
            });
            foreach (var r in runs)
                table.AddRow(Markup.Escape(r.Strategy), r.Lr.ToString("G3", CultureInfo.InvariantCulture), Markup.Escape(r.Schedule), r.ValAccuracy.ToString("P1"),
                    r.ValLoss.ToString("F4", CultureInfo.InvariantCulture), r.Epochs.ToString(CultureInfo.InvariantCulture), r.Seconds.ToString("F0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            var chosen = ExperimentGrid.Chosen(runs);
            var testLine = learner.Test is { } test
                ? $"; test, once: {learner.GetPreds(test.Dataset, cancellationToken: ct).Accuracy:P1}"
                : "";
            AnsiConsole.MarkupLineInterpolated($"chosen on validation: {chosen.Strategy} at lr {chosen.Lr:G3}, {chosen.Schedule} ({chosen.ValAccuracy:P1}){testLine}");
            if (parse.GetValue(csv) is { } path)
            {
                using var csvText = new MemoryStream(); // SaveCsv closes the stream it is given
                Microsoft.Data.Analysis.DataFrame.SaveCsv(ExperimentGrid.ToDataFrame(runs), csvText);
                CliOutput.Write(path, csvText.ToArray());
            }
            return 0;
        })));
        return command;
    }
}
