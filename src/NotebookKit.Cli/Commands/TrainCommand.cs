using System.CommandLine;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Evaluation;
using NotebookKit.Models;
using NotebookKit.Training;
using NotebookKit.Training.Callbacks;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>train --data DIR --out RUNDIR</c>: a pretrained backbone, a new head, a saved model with its metrics.</summary>
static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Image folder: train/ val/ [test/] split folders, or class folders directly", Required = true };
        var output = new Option<string>("--out") { Description = "New folder for the trained model, its metadata and metrics", Required = true };
        var model = new Option<string>("--model") { Description = "Model id from the zoo", DefaultValueFactory = _ => Pretrained.DefaultId };
        var freeze = new Option<string>("--freeze") { Description = "What stays frozen: backbone (only the head trains, on cached features), none, upto:GROUP, from:GROUP", DefaultValueFactory = _ => "backbone" };
        var lrSpread = new Option<double>("--lr-spread") { Description = "Discriminative rates: slice(lr/N, lr) from the first group to the head; 1 = one rate", DefaultValueFactory = _ => 1 };
        var optimizer = new Option<string>("--optimizer") { Description = "adamw, adam, sgd or sgd-nesterov (engine path)", DefaultValueFactory = _ => "adamw" };
        var schedule = new Option<string>("--schedule") { Description = "constant, one-cycle, cosine, step:EPOCHS[:GAMMA], exponential:GAMMA, cosine-restarts:EPOCHS[:MULT]", DefaultValueFactory = _ => "one-cycle" };
        var warmup = new Option<double>("--warmup") { Description = "Linear warm-up epochs before the schedule", DefaultValueFactory = _ => 0 };
        var patience = new Option<int?>("--patience") { Description = "Stop when validation loss has not improved for N epochs" };
        var augment = new Option<string>("--augment") { Description = "Training augmentation: none, standard (random resized crop + flip), fastai (crops keeping ≥35% + flip) or keras (shear, zoom, flip)", DefaultValueFactory = _ => "none" };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted run from its checkpoint file" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save a checkpoint here after every epoch (engine path)" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs", DefaultValueFactory = _ => 10 };
        var lr = new Option<double>("--lr") { Description = "Learning rate (Adam)", DefaultValueFactory = _ => 1e-3 };
        var batchSize = new Option<int>("--batch-size") { Description = "Mini-batch size", DefaultValueFactory = _ => 64 };
        var imageSize = new Option<int?>("--image-size") { Description = "Input size in pixels (default: the model's, 224)" };
        var head = new Option<string>("--head") { Description = "'linear', or 'mlp:N' for Dense(N, relu) + dropout 0.5 + output", DefaultValueFactory = _ => "linear" };
        var seed = new Option<int>("--seed") { Description = "Seed for splits, shuffling and initialisation", DefaultValueFactory = _ => 42 };
        var device = new Option<string>("--device") { Description = "cpu, cuda, cuda:N or auto", DefaultValueFactory = _ => "auto" };
        var tta = new Option<bool>("--tta") { Description = "Flip test-time augmentation: average each photo with its mirror image (cached path: the head also trains on mirrored features)" };
        var badInput = new BadInputOptions();
        var command = new Command("train", "Train a classifier on an image folder from a pretrained backbone") { data, output, model, freeze, epochs, lr, lrSpread, optimizer, schedule, warmup, patience, augment, resume, checkpoint, batchSize, imageSize, head, tta, seed, device };
        badInput.AddTo(command);
        command.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any())
                throw new IOException($"'{outDir}' already exists and is not empty. Choose a new --out folder or delete the old run.");
            var freezeSpec = FreezeSpec.Parse(parse.GetValue(freeze)!);
            var augmentation = Augmentation.Parse(parse.GetValue(augment)!);
            var seedValue = parse.GetValue(seed);
            var folder = badInput.Open(parse, parse.GetValue(data)!, seedValue);

            var headSpec = ParseHead(parse.GetValue(head)!);
            var classifier = Pretrained.Classifier(parse.GetValue(model)!, folder.Classes, headSpec, seed: seedValue, inputSize: parse.GetValue(imageSize));
            var ttaValue = parse.GetValue(tta);
            var deviceValue = DeviceChoice.Resolve(parse.GetValue(device));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var settings = new Dictionary<string, string>
            {
                ["data"] = folder.Root, ["freeze"] = freezeSpec.Text, ["augment"] = parse.GetValue(augment)!, ["epochs"] = I(parse.GetValue(epochs)),
                ["lr"] = I(parse.GetValue(lr)), ["batch_size"] = I(parse.GetValue(batchSize)), ["seed"] = I(seedValue),
                ["tta"] = ttaValue ? "flip" : "none",
            };
            // The fast path: a frozen backbone and no augmentation means features can be computed once and cached.
            var cachedHead = freezeSpec == FreezeSpec.Backbone && augmentation == Augmentation.None && parse.GetValue(resume) is null && parse.GetValue(patience) is null
                && parse.GetValue(checkpoint) is null;
            var (history, evaluatedSet, evaluatedName) = cachedHead
                ? TrainHead(classifier, folder, new HeadTrainingOptions(parse.GetValue(epochs), parse.GetValue(lr), parse.GetValue(batchSize), Seed: seedValue, Mirror: ttaValue), deviceValue, ct)
                : TrainWithLearner(classifier, folder, freezeSpec, augmentation, ttaValue, parse, deviceValue, ct,
                    (epochs, lr, lrSpread, optimizer, schedule, warmup, patience, resume, checkpoint, batchSize, seed));
            settings["evaluated_split"] = evaluatedName;
            settings["trainer"] = cachedHead ? "cached features + head" : "learner";

            var report = ClassificationReport.Compute(evaluatedSet.Classes, evaluatedSet.Labels, evaluatedSet.Predicted, evaluatedSet.Probabilities);
            if (parse.GetValue(resume) is { } resumedFrom) settings["resumed_from"] = Path.GetFullPath(resumedFrom);
            var files = new Dictionary<string, string>
            {
                ["metrics.json"] = report.ToJson(indented: true),
                ["history.csv"] = HistoryCsv.Format(history),
            };
            if (folder.Skipped.Count > 0) files["skipped.csv"] = SkippedCsv.Format(folder.Skipped);
            SavedModel.Save(classifier, outDir, settings, files);
            AnsiConsole.WriteLine();
            AnsiConsole.MarkupLineInterpolated($"[bold]{evaluatedName} split[/] ({evaluatedSet.Labels.Length} images)");
            AnsiConsole.WriteLine(report.ToText());
            AnsiConsole.MarkupLineInterpolated($"[green]saved[/] {Terminal.Safe(outDir)}  ({clock.Elapsed.TotalSeconds:F0}s)");
            return 0;
        })));
        return command;
    }

    static string I<T>(T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    static (IReadOnlyList<EpochRecord>, PredictionSet, string) TrainHead(ImageClassifier model, ImageFolder folder, HeadTrainingOptions options, TorchSharp.torch.Device device, CancellationToken ct)
    {
        var result = ConsoleProgress.Run(p => FrozenBackbone.Fit(model, folder, options, device, p, ct));
        return (result.History, result.Test ?? result.Validation, result.Test is null ? "validation" : "test");
    }

    static (IReadOnlyList<EpochRecord>, PredictionSet, string) TrainWithLearner(ImageClassifier model, ImageFolder folder, FreezeSpec freeze, Augmentation augmentation, bool tta,
        ParseResult parse, TorchSharp.torch.Device device, CancellationToken ct,
        (Option<int> Epochs, Option<double> Lr, Option<double> Spread, Option<string> Optimizer, Option<string> Schedule, Option<double> Warmup,
         Option<int?> Patience, Option<string?> Resume, Option<string?> Checkpoint, Option<int> BatchSize, Option<int> Seed) o)
    {
        var options = new LearnerOptions
        {
            Seed = parse.GetValue(o.Seed), Device = device, Optimizer = OptimizerSpec.Parse(parse.GetValue(o.Optimizer)!),
            Log = line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"),
        };
        var train = augmentation == Augmentation.None ? null : ImagePipeline.ForTrain(model.Preprocess, augmentation);
        using var learn = Learner.FromFolder(model, folder, train, parse.GetValue(o.BatchSize), options);
        freeze.ApplyTo(learn);
        AnsiConsole.WriteLine(ModelInspector.Inspect(model).ToString());
        if (parse.GetValue(o.Resume) is { } resumeFrom)
        {
            var frozenByFlags = learn.FrozenCount;
            ResumeConflicts.Check(learn.LoadCheckpoint(resumeFrom), resumeFrom, learn, frozenByFlags, parse.GetValue(o.Seed), parse.GetValue(o.Epochs));
        }
        var lr = parse.GetValue(o.Lr);
        var spread = parse.GetValue(o.Spread);
        LearningRates rates = spread > 1 ? LearningRates.Slice(lr / spread, lr) : lr;
        var schedule = LrScheduleParser.Parse(parse.GetValue(o.Schedule)!, learn.StepsPerEpoch, parse.GetValue(o.Warmup));
        using var saveBest = new SaveBest();
        var callbacks = new List<ICallback> { saveBest };
        if (parse.GetValue(o.Patience) is int p) callbacks.Add(new EarlyStopping(p));
        if (parse.GetValue(o.Checkpoint) is { } path) callbacks.Add(new Checkpointing(path));
        ConsoleProgress.Run(progress =>
        {
            learn.Progress = progress;
            return learn.Fit(parse.GetValue(o.Epochs), rates, schedule, "fit", callbacks, ct);
        });
        var history = learn.History.ToList(); // a resumed run's history includes the epochs before the interruption
        var evaluated = folder.Test ?? folder.Val;
        return (history, ConsoleProgress.Run(p => Inference.Predict(model, evaluated, progress: p, cancellationToken: ct, tta: tta)), folder.Test is null ? "validation" : "test");
    }

    static HeadSpec ParseHead(string text) => text switch
    {
        "linear" => HeadSpec.Linear,
        _ when text.StartsWith("mlp:", StringComparison.Ordinal) && int.TryParse(text[4..], out var hidden) && hidden > 0 => new HeadSpec(hidden, 0.5),
        _ => throw new ArgumentException($"--head '{text}' is not 'linear' or 'mlp:N' (e.g. mlp:256)."),
    };
}
