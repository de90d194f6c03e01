using System.CommandLine;
using NotebookKit.Cli.Notebooks;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary><c>notebooks setup | run [--quick] [NAMES…] [--out DIR] | format | export-apps | run-apps</c>.</summary>
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
                AnsiConsole.MarkupLine((r.Passed ? "[green]passed[/] " : "[red]FAILED[/] ") + Markup.Escape($"{Path.GetFileName(nb)} ({r.Elapsed.TotalSeconds:F0}s{(r.PeakResidentBytes is { } peak ? $", peak {peak / 1e9:F2} GB resident" : "")}, {r.ClaimsHeld} claims held) → {r.Output}"));
                foreach (var f in r.Failures) AnsiConsole.MarkupLineInterpolated($"    [red]{f}[/]");
                if (!r.Passed) failed++;
            }
            AnsiConsole.WriteLine($"notebooks: {selected.Count - failed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        })));

        var check = new Option<bool>("--check") { Description = "Only verify the committed apps match the notebooks (exit 1 if not)" };
        var export = new Command("export-apps", "Regenerate notebooks/apps/*.cs, the file-based app of every notebook") { check };
        export.SetAction(parse => CliErrors.Run(() =>
        {
            var repo = RepoLayout.Find();
            var stale = 0;
            foreach (var nb in Select(repo, []))
            {
                var target = Path.Combine(repo.Notebooks, "apps", AppExporter.AppFileName(nb));
                var text = AppExporter.Export(File.ReadAllText(nb), Path.GetFileName(nb));
                var same = File.Exists(target) && File.ReadAllText(target) == text;
                if (parse.GetValue(check)) { if (!same) { stale++; AnsiConsole.MarkupLineInterpolated($"[red]out of date[/] {target}"); } continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                if (!same) File.WriteAllText(target, text);
                AnsiConsole.MarkupLineInterpolated($"{(same ? "unchanged" : "wrote")} {target}");
            }
            if (stale > 0) AnsiConsole.MarkupLine("Run 'notebookkit notebooks export-apps' and commit the result.");
            return stale == 0 ? 0 : 1;
        }));

        var formatCheck = new Option<bool>("--check") { Description = "Only verify the notebooks are formatted (exit 1 if not)" };
        var format = new Command("format", "Give every cell an nbformat 4.5 id and set language_info to C# (sources untouched)") { formatCheck };
        format.SetAction(parse => CliErrors.Run(() =>
        {
            var stale = 0;
            foreach (var nb in Select(RepoLayout.Find(), []))
            {
                var text = File.ReadAllText(nb);
                var formatted = NotebookFormat.Apply(text, nb);
                if (formatted == text) { AnsiConsole.MarkupLineInterpolated($"unchanged {nb}"); continue; }
                if (parse.GetValue(formatCheck)) { stale++; AnsiConsole.MarkupLineInterpolated($"[red]not formatted[/] {nb}"); continue; }
                File.WriteAllText(nb, formatted);
                AnsiConsole.MarkupLineInterpolated($"formatted {nb}");
            }
            if (stale > 0) AnsiConsole.MarkupLine("Run 'notebookkit notebooks format' and commit the result.");
            return stale == 0 ? 0 : 1;
        }));

        var appQuick = new Option<bool>("--quick") { Description = "Small data and few epochs (NOTEBOOKKIT_QUICK=1)" };
        var appNames = new Argument<string[]>("names") { Description = "Apps to run (prefixes such as 06); all when omitted", Arity = ArgumentArity.ZeroOrMore };
        var runApps = new Command("run-apps", "Run the file-based apps (dotnet run notebooks/apps/NN-name.cs): every chapter without .NET Interactive") { appQuick, timeout, appNames };
        runApps.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var repo = RepoLayout.Find();
            var apps = Directory.GetFiles(Path.Combine(repo.Notebooks, "apps"), "*.cs").Order(StringComparer.Ordinal)
                .Where(a => (parse.GetValue(appNames) ?? []) is var n && (n.Length == 0 || n.Any(x => Path.GetFileName(a).StartsWith(x, StringComparison.OrdinalIgnoreCase)))).ToList();
            var failed = 0;
            foreach (var app in apps)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var r = ProcessResult.Run("dotnet", ["run", app], repo.Root, TimeSpan.FromMinutes(parse.GetValue(timeout)),
                    new Dictionary<string, string> { ["NOTEBOOKKIT_QUICK"] = parse.GetValue(appQuick) ? "1" : "0" }, ct);
                var ok = r.ExitCode == 0 && !r.TimedOut;
                AnsiConsole.MarkupLine((ok ? "[green]passed[/] " : "[red]FAILED[/] ") + Markup.Escape($"{Path.GetFileName(app)} ({clock.Elapsed.TotalSeconds:F0}s)"));
                if (!ok) { failed++; AnsiConsole.WriteLine(string.Join('\n', r.Output.Split('\n').TakeLast(25))); }
            }
            AnsiConsole.WriteLine($"apps: {apps.Count - failed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        })));

        return new Command("notebooks", "Prepare and execute the notebook series, and its file-based apps") { setup, run, format, export, runApps };
    }

    static List<string> Select(RepoLayout repo, string[] names)
    {
        var all = Directory.GetFiles(repo.Notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (names.Length == 0) return all;
        return names.Select(n => all.FirstOrDefault(p => Path.GetFileName(p).StartsWith(n, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No notebook in {repo.Notebooks} matches '{n}'.")).ToList();
    }
}
