using System.CommandLine;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>train --data DIR --out RUNDIR</c>: a pretrained backbone, a new head, a saved model with its metrics. One engine:
/// with the backbone frozen and no augmentation the learner trains the head on cached features (seconds per epoch).
/// </summary>
static class TrainCommand
{
    public static Command Create()
    {
        var setup = new LearnerArguments(defaultBatchSize: 64);
        var output = new Option<string>("--out") { Description = "New folder for the trained model, its metadata and metrics", Required = true };
        var lrSpread = new Option<double>("--lr-spread") { Description = "Discriminative rates: slice(lr/N, lr) from the first group to the head; 1 = one rate", DefaultValueFactory = _ => 1 };
        var schedule = new Option<string>("--schedule") { Description = "constant, one-cycle, cosine, step:EPOCHS[:GAMMA], exponential:GAMMA, cosine-restarts:EPOCHS[:MULT]", DefaultValueFactory = _ => "one-cycle" };
        var warmup = new Option<double>("--warmup") { Description = "Linear warm-up epochs before the schedule", DefaultValueFactory = _ => 0 };
        var patience = new Option<int?>("--patience") { Description = "Stop when the monitored quantity has not improved for N epochs" };
        var monitor = new Option<string>("--monitor") { Description = "What picks the epoch whose weights are kept (and early stopping watches): val_loss or val_accuracy", DefaultValueFactory = _ => "val_loss" };
        var augment = new Option<string>("--augment") { Description = "Training augmentation: none, standard (random resized crop + flip), fastai (crops keeping ≥35% + flip) or keras (shear, zoom, flip)", DefaultValueFactory = _ => "none" };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted run from its checkpoint file" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save a checkpoint here after every epoch" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 10 };
        var lr = new Option<double>("--lr") { Description = "Learning rate (the head's)", DefaultValueFactory = _ => 1e-3 };
        var tta = new Option<bool>("--tta") { Description = "Flip test-time augmentation: average each photo with its mirror image (without --augment, training also sees every photo mirrored)" };
        var command = new Command("train", "Train a classifier on an image folder from a pretrained backbone") { output, epochs, lr, lrSpread, schedule, warmup, patience, monitor, augment, resume, checkpoint, tta, ArgumentRules.Overwrite() };
        setup.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new IOException($"'{outDir}' already exists and is not empty. Choose a new --out folder or delete the old run.");
            var augmentation = Augmentation.Parse(parse.GetValue(augment)!);
            var watched = Monitored.Parse(parse.GetValue(monitor)!);
            var ttaValue = parse.GetValue(tta);
            var folder = setup.OpenData(parse, ct);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var learn = setup.Build(parse, folder, augmentation, mirror: ttaValue);
            AnsiConsole.WriteLine(ModelInspector.Inspect(learn.Model).ToString());
            if (parse.GetValue(resume) is { } resumeFrom)
            {
                var frozenByFlags = learn.FrozenCount;
                ResumeConflicts.Check(learn.LoadCheckpoint(resumeFrom), resumeFrom, learn, frozenByFlags, setup.Seed(parse), parse.GetValue(epochs));
            }

            var rate = parse.GetValue(lr);
            var spread = parse.GetValue(lrSpread);
            LearningRates rates = spread > 1 ? LearningRates.Slice(rate / spread, rate) : rate;
            var lrSchedule = LrScheduleParser.Parse(parse.GetValue(schedule)!, learn.StepsPerEpoch, parse.GetValue(warmup));
            using var saveBest = new SaveBest(watched);
            var callbacks = new List<ICallback> { saveBest };
            if (parse.GetValue(patience) is int p) callbacks.Add(new EarlyStopping(p, watched));
            if (parse.GetValue(checkpoint) is { } path) callbacks.Add(new Checkpointing(path));
            ConsoleProgress.Run(progress =>
            {
                learn.Progress = progress;
                return learn.Fit(parse.GetValue(epochs), rates, lrSchedule, "fit", callbacks, ct);
            });
            var history = learn.History.ToList(); // a resumed run's history includes the epochs before the interruption
            AnsiConsole.MarkupLineInterpolated($"[grey]trained from {learn.TrainingPath}; kept epoch {saveBest.BestEpoch} (best {watched})[/]");

            var evaluated = folder.Test ?? folder.Val;
            var evaluatedName = folder.Test is null ? "validation" : "test";
            var predictions = ConsoleProgress.Run(progress =>
            {
                learn.Progress = progress;
                return learn.GetPreds(evaluated, ttaValue, cancellationToken: ct);
            });
            var report = predictions.Report();
            var settings = new Dictionary<string, string>
            {
                ["data"] = folder.Root, ["freeze"] = setup.FreezeText(parse), ["augment"] = parse.GetValue(augment)!, ["epochs"] = I(parse.GetValue(epochs)),
                ["lr"] = I(rate), ["batch_size"] = I(setup.BatchSize(parse)), ["seed"] = I(setup.Seed(parse)), ["monitor"] = watched.Name,
                ["best_epoch"] = I(saveBest.BestEpoch), ["tta"] = ttaValue ? "flip" : "none", ["training_inputs"] = learn.TrainingPath, ["evaluated_split"] = evaluatedName,
            };
            if (parse.GetValue(resume) is { } resumedFrom) settings["resumed_from"] = Path.GetFullPath(resumedFrom);
            var files = new Dictionary<string, string>
            {
                ["metrics.json"] = report.ToJson(indented: true),
                ["history.csv"] = HistoryCsv.Format(history),
            };
            if (folder.Skipped.Count > 0) files["skipped.csv"] = SkippedCsv.Format(folder.Skipped);
            SavedModel.Save(learn.Model, outDir, settings, files);
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLineInterpolated($"[bold]{evaluatedName} split[/] ({predictions.Labels.Length} images)");
            AnsiConsole.WriteLine(report.ToText());
            AnsiConsole.MarkupLineInterpolated($"[green]saved[/] {Terminal.Safe(outDir)}  ({clock.Elapsed.TotalSeconds:F0}s)");
            return 0;
        })));
        return command;
    }

    static string I<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
