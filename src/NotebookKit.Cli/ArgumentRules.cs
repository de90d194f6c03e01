using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using NotebookKit.Data;
using NotebookKit.Models;
using NotebookKit.Platform;
using NotebookKit.Training;

namespace NotebookKit.Cli;

/// <summary>
/// Validates every argument of the training and inference commands while parsing, so a bad value stops with one
/// line and exit code 2 before any data is read or any model built. Rules are keyed by option name (one place for
/// all commands), and output locations are checked here too: a run must never learn at its end that it cannot save.
/// </summary>
static class ArgumentRules
{
    static readonly HashSet<string> Checked = ["train", "evaluate", "predict", "lr-find", "grid", "download", "export", "features", "pack"];

    /// <summary>The options that name a file the command writes; checked together (they need --overwrite, --resume and --data).</summary>
    static readonly HashSet<string> FileOutputs = ["--checkpoint", "--json", "--csv", "--onnx"];

    /// <summary>The one <c>--overwrite</c> flag: lets a command replace an existing output file that is no run's file, checkpoint or FIFO.</summary>
    public static Option<bool> Overwrite() =>
        new("--overwrite") { Description = "Replace an existing output file (never a file of a saved run, a checkpoint, a FIFO or device, or anything inside --data)" };

    /// <summary>Adds the validators to <paramref name="command"/> and its sub-commands.</summary>
    public static void Apply(Command command)
    {
        foreach (var sub in command.Subcommands) Apply(sub);
        if (!Checked.Contains(command.Name)) return;
        foreach (var option in command.Options)
            if (RuleFor(command.Name, option) is { } rule)
                option.Validators.Add(result =>
                {
                    if (result.Implicit) return;
                    try { rule(result); }
                    catch (Exception e) when (e is ArgumentException or IOException) { result.AddError(e.Message); }
                    catch (InvalidOperationException) { } // the value did not convert: the parser reports that itself
                });
        command.Validators.Add(result =>
        {
            try { CheckOutputs(command, result); }
            catch (Exception e) when (e is ArgumentException or IOException) { result.AddError(e.Message); }
        });
    }

    static Action<OptionResult>? RuleFor(string command, Option option) => (option.Name, option) switch
    {
        ("--epochs" or "--batch-size" or "--steps", Option<int> o) => r => Positive(o.Name, r.GetValueOrDefault<int>()),
        ("--patience", Option<int?> o) => r => NonNegative(o.Name, r.GetValueOrDefault<int?>() ?? 0),
        ("--lr" or "--start-lr" or "--end-lr", Option<double> o) => r => PositiveFinite(o.Name, r.GetValueOrDefault<double>()),
        ("--lr", Option<string> o) => r => { foreach (var v in List(r.GetValueOrDefault<string>())) PositiveFinite(o.Name, Number(o.Name, v)); },
        ("--warmup", Option<double> o) => r => NonNegativeFinite(o.Name, r.GetValueOrDefault<double>()),
        ("--lr-spread", Option<double> o) => r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (!double.IsFinite(v) || v < 1) throw new ArgumentException($"--lr-spread {Show(v)} must be at least 1 (1 = one rate for every group, 10 = the first group gets lr/10).");
        },
        ("--image-size", Option<int?> o) => r => ImageSize(r.GetValueOrDefault<int?>()),
        ("--device", _) => r => Device(r.GetValueOrDefault<string>()),
        ("--freeze", _) => r => FreezeSpec.Parse(r.GetValueOrDefault<string>() ?? ""),
        ("--strategies", _) => r => { foreach (var v in List(r.GetValueOrDefault<string>())) FreezeSpec.Parse(v); },
        ("--augment", _) => r => Augmentation.Parse(r.GetValueOrDefault<string>() ?? ""),
        ("--optimizer", _) => r => OptimizerSpec.Parse(r.GetValueOrDefault<string>() ?? ""),
        ("--monitor", _) => r => Monitored.Parse(r.GetValueOrDefault<string>() ?? ""),
        ("--model", _) when command is "train" or "lr-find" or "grid" or "features" => r => Pretrained.Get(r.GetValueOrDefault<string>() ?? ""),
        ("--model", _) => r => ExistingFolder("--model", r.GetValueOrDefault<string>()),
        ("--schedule", _) => r => { foreach (var v in List(r.GetValueOrDefault<string>())) LrScheduleParser.Parse(v, stepsPerEpoch: 1); },
        ("--resume", _) => r => ExistingFile("--resume", r.GetValueOrDefault<string?>()),
        ("--weights", _) => r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
                throw new ArgumentException($"--weights '{Path.GetFullPath(path)}' is not a file. Pass a .pth/.pt/.bin (PyTorch state dict), .safetensors or .dat weights file.");
        },
        ("--out", _) when command is "features" => null, // a file: checked with the other file outputs
        ("--out" or "--to", _) => r => OutputLocation.CheckFolder(r.GetValueOrDefault<string?>() ?? "", option.Name),
        _ => null,
    };

    /// <summary>
    /// Every output file against the one rule (<see cref="OutputLocation.CheckFile"/>: kind, run files, checkpoints,
    /// --overwrite; the checkpoint a run resumes from may be saved over), and every output against the data folder,
    /// which the next run would read back as images or a class.
    /// </summary>
    static void CheckOutputs(Command command, CommandResult result)
    {
        var overwrite = command.Options.FirstOrDefault(o => o.Name == "--overwrite") is Option<bool> o && result.GetValue(o);
        var resume = command.Options.FirstOrDefault(o => o.Name == "--resume") is Option<string?> r ? result.GetValue(r) : null;
        var outputs = command.Options.Where(o => FileOutputs.Contains(o.Name) || (o.Name == "--out" && command.Name == "features"));
        foreach (var option in outputs)
            if (Given(result, option) is { } path)
                OutputLocation.CheckFile(path, option.Name, overwrite, replaceable: resume);
        if (command.Options.FirstOrDefault(o => o.Name == "--data") is not Option<string> data || result.GetValue(data) is not { Length: > 0 } dataPath) return;
        foreach (var option in command.Options.Where(o => o.Name == "--out" || FileOutputs.Contains(o.Name)))
            if (Given(result, option) is { } path)
                OutputLocation.CheckOutsideData(path, dataPath, option.Name);
    }

    static string? Given(CommandResult result, Option option) =>
        result.GetResult(option) is { Implicit: false } r && r.GetValueOrDefault<string?>() is { Length: > 0 } path ? path : null;

    static IEnumerable<string> List(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries) is var parts && parts.Any(p => p.Length == 0)
            ? throw new ArgumentException($"'{text}' has an empty item: separate values with single commas.")
            : parts;

    static double Number(string name, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new ArgumentException($"{name} '{text}' is not a number.");

    static string Show(double v) => v.ToString(CultureInfo.InvariantCulture);

    static void Positive(string name, int v)
    {
        if (v <= 0) throw new ArgumentException($"{name} {v} must be a positive whole number.");
    }

    static void NonNegative(string name, int v)
    {
        if (v < 0) throw new ArgumentException($"{name} {v} must be 0 or more.");
    }

    static void PositiveFinite(string name, double v)
    {
        if (!double.IsFinite(v) || v <= 0) throw new ArgumentException($"{name} {Show(v)} must be a positive, finite number (e.g. 1e-3).");
    }

    static void NonNegativeFinite(string name, double v)
    {
        if (!double.IsFinite(v) || v < 0) throw new ArgumentException($"{name} {Show(v)} must be 0 or a positive, finite number of epochs.");
    }

    /// <summary>Below 32 px the backbone's five stride-2 stages leave nothing; above 1024 px one batch of images alone needs gigabytes.</summary>
    public const int MinImageSize = 32, MaxImageSize = 1024;

    static void ImageSize(int? v)
    {
        if (v is < MinImageSize or > MaxImageSize) throw new ArgumentException($"--image-size {v} must be between {MinImageSize} and {MaxImageSize} pixels (the model's default is 224).");
    }

    static void Device(string? name)
    {
        var n = (name ?? "").Trim().ToLowerInvariant();
        var valid = n is "auto" or "cpu" or "cuda" || (n.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(n[5..], NumberStyles.None, CultureInfo.InvariantCulture, out _));
        if (!valid) throw new ArgumentException($"--device '{name}' is not a device this kit knows: use auto, cpu, cuda or cuda:N (e.g. cuda:0).");
    }

    static void ExistingFolder(string name, string? path)
    {
        if (string.IsNullOrEmpty(path) || !Directory.Exists(path))
            throw new ArgumentException($"{name} '{path}' is not a folder. Pass the --out folder of a finished 'train' run.");
    }

    static void ExistingFile(string name, string? path)
    {
        if (string.IsNullOrEmpty(path)) throw new ArgumentException($"{name} needs a checkpoint file.");
        if (Directory.Exists(path)) throw new ArgumentException($"{name} '{Path.GetFullPath(path)}' is a folder, not a checkpoint file. Pass the file given to --checkpoint.");
        if (!File.Exists(path)) throw new ArgumentException($"{name} '{Path.GetFullPath(path)}' does not exist. Pass the file given to --checkpoint of the interrupted run.");
    }
}
