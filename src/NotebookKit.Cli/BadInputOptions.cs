using System.CommandLine;
using NotebookKit.Data;
using Spectre.Console;

namespace NotebookKit.Cli;

/// <summary>
/// The one bad-input policy of every command that reads images (train, evaluate, predict, lr-find, grid): without
/// --skip-bad-files the first unusable file stops the command before any work with one line naming it; with it,
/// every unusable file is left out and listed with its reason.
/// </summary>
sealed class BadInputOptions
{
    public Option<bool> SkipBadFiles { get; } = new("--skip-bad-files") { Description = "Leave out files that cannot become images, and suspicious pictures (under 32 px, beyond 10:1), each listed with its reason, instead of stopping" };
    public Option<bool> AllowEmptyClasses { get; } = new("--allow-empty-classes") { Description = "Warn instead of stopping when a class folder holds no usable image" };

    public void AddTo(Command command, bool withEmptyClasses = true)
    {
        command.Options.Add(SkipBadFiles);
        if (withEmptyClasses) command.Options.Add(AllowEmptyClasses);
    }

    public BadFilePolicy Policy(ParseResult parse) => parse.GetValue(SkipBadFiles) ? BadFilePolicy.Skip : BadFilePolicy.Fail;

    /// <summary>
    /// Opens a training folder under the policy (--skip-bad-files also leaves suspicious pictures out) with a progress bar,
    /// and prints its summary, every skipped file and every empty class.
    /// </summary>
    public ImageFolder Open(ParseResult parse, string root, int seed, CancellationToken cancellationToken = default)
    {
        var folder = ConsoleProgress.Run(progress => ImageFolder.Open(root, seed: seed, badFiles: Policy(parse), allowEmptyClasses: parse.GetValue(AllowEmptyClasses),
            skipOddPictures: parse.GetValue(SkipBadFiles), progress: new CheckProgress(progress),
            cancellationToken: cancellationToken));
        AnsiConsole.WriteLine(Terminal.Safe(folder.ToString(), keepNewlines: true));
        List(folder.Skipped);
        return folder;
    }

    /// <summary>Prints each skipped file (hidden files only as a count) and a total.</summary>
    public static void List(IReadOnlyList<SkippedFile> skipped)
    {
        var hidden = skipped.Count(s => s.Reason == ImageFolder.HiddenReason);
        foreach (var s in skipped.Where(s => s.Reason != ImageFolder.HiddenReason))
            CliErrors.Line($"skipped {Terminal.Safe(s.Path)}: {Terminal.Safe(s.Reason)}");
        if (skipped.Count > hidden)
            CliErrors.Line($"{skipped.Count - hidden} files skipped{(hidden > 0 ? $" (and {hidden} hidden or system files ignored)" : "")}");
    }

    /// <summary>Shows a folder's checking as a bar per split, reported on the checking threads (System.Progress would post late to the thread pool).</summary>
    sealed class CheckProgress(IProgress<Training.TrainingProgress> bars) : IProgress<FolderCheckProgress>
    {
        public void Report(FolderCheckProgress value) => bars.Report(new($"checking {Path.GetFileName(value.Folder)}", value.Done, value.Total));
    }
}
