using System.CommandLine;
using NotebookKit.Cli.Notebooks;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>notebooks setup</c> and <c>notebooks run [--quick] [NAMES…] [--out DIR]</c>.</summary>
static class NotebooksCommand
{
    public static Command Create()
    {
        var setup = new Command("setup", "Pack the library for notebooks (#r \"nuget: NotebookKit, " + NotebookPackage.Version + "\") and register its local feed");
        setup.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            foreach (var line in NotebookPackage.Setup(RepoLayout.Find(), ct)) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {line}");
            return 0;
        })));

        var quick = new Option<bool>("--quick") { Description = "Small data and few epochs (NOTEBOOKKIT_QUICK=1), as CI runs them" };
        var output = new Option<string?>("--out") { Description = "Folder for the executed copies (default: artifacts/notebooks)" };
        var noSetup = new Option<bool>("--no-setup") { Description = "Skip packing the library first" };
        var timeout = new Option<int>("--timeout") { Description = "Minutes allowed per notebook", DefaultValueFactory = _ => 20 };
        var names = new Argument<string[]>("names") { Description = "Notebooks to run (file names or prefixes such as 06); all when omitted", Arity = ArgumentArity.ZeroOrMore };
        var run = new Command("run", "Execute notebooks headless and keep executed copies with their outputs") { quick, output, noSetup, timeout, names };
        run.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var repo = RepoLayout.Find();
            if (!parse.GetValue(noSetup))
                foreach (var line in NotebookPackage.Setup(repo, ct)) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {line}");
            var selected = Select(repo, parse.GetValue(names) ?? []);
            var outDir = Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(repo.Root, "artifacts", "notebooks"));
            var failed = 0;
            foreach (var nb in selected)
            {
                var r = NotebookRunner.Run(repo, nb, outDir, parse.GetValue(quick), TimeSpan.FromMinutes(parse.GetValue(timeout)), ct);
                AnsiConsole.MarkupLine((r.Passed ? "[green]passed[/] " : "[red]FAILED[/] ") + Markup.Escape($"{Path.GetFileName(nb)} ({r.Elapsed.TotalSeconds:F0}s) → {r.Output}"));
                foreach (var f in r.Failures) AnsiConsole.MarkupLineInterpolated($"    [red]{f}[/]");
                if (!r.Passed) failed++;
            }
            AnsiConsole.WriteLine($"notebooks: {selected.Count - failed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        })));

        return new Command("notebooks", "Prepare and execute the notebook series") { setup, run };
    }

    static List<string> Select(RepoLayout repo, string[] names)
    {
        var all = Directory.GetFiles(repo.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (names.Length == 0) return all;
        return names.Select(n => all.FirstOrDefault(p => Path.GetFileName(p).StartsWith(n, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No notebook in {repo.Notebooks} matches '{n}'.")).ToList();
    }
}
