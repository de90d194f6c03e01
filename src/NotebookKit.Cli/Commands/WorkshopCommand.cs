using System.CommandLine;
using System.Runtime.InteropServices;
using NotebookKit.Cli.Notebooks;
using NotebookKit.Cli.Workshop;
using NotebookKit.Models;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>workshop pack DIR [--rid …] [--datasets NAME|PATH …] [--models ID …]</c> (with a network, once) and
/// <c>workshop install DIR</c> (what scripts/setup.sh --offline runs on each laptop after building).
/// </summary>
static class WorkshopCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("dir") { Description = "The bundle folder (new, empty, or an older bundle to replace); outside the repository" };
        var rids = Many("--rid", "Runtimes to carry libtorch for, comma-separated: linux-x64, win-x64, osx-arm64 (default: this machine's)");
        var datasets = Many("--datasets", "Datasets: catalog names (downloaded if needed), names the notebooks find, or folders");
        var models = Many("--models", $"Models whose pretrained weights to carry (default: {Pretrained.DefaultId})");
        var pack = new Command("pack", "Write a folder with everything a laptop needs to set the kit up with no network") { dir, rids, datasets, models };
        pack.SetAction((parse, ct) => Task.FromResult(CliErrors.Run(() =>
        {
            var options = new PackOptions(
                Values(parse.GetValue(rids)) is { Count: > 0 } r ? r : [RuntimeInformation.RuntimeIdentifier],
                Values(parse.GetValue(datasets)),
                Values(parse.GetValue(models)) is { Count: > 0 } m ? m : [Pretrained.DefaultId]);
            if (options.Datasets.Count == 0) AnsiConsole.MarkupLine("[yellow]No datasets packed[/] (--datasets cats-dogs plants, or folders): the laptops will need their own photos.");
            var parts = WorkshopPacker.Pack(RepoLayout.Find(), parse.GetValue(dir)!, options, line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
            var table = new Table().AddColumn("part").AddColumn(new TableColumn("MB").RightAligned()).AddColumn("what");
            foreach (var p in parts) table.AddRow(Markup.Escape(p.Name), $"{p.Bytes / 1e6:N0}", Markup.Escape(p.Detail));
            table.AddRow("[bold]total[/]", $"[bold]{parts.Sum(p => p.Bytes) / 1e6:N0}[/]", Markup.Escape(Path.GetFullPath(parse.GetValue(dir)!)));
            AnsiConsole.Write(table);
            return 0;
        })));

        var installDir = new Argument<string>("dir") { Description = "A bundle written by 'workshop pack'" };
        var install = new Command("install", "Copy a bundle's weights into the kit's cache and its datasets into data/ (scripts/setup.sh --offline runs this)") { installDir };
        install.SetAction(parse => CliErrors.Run(() =>
        {
            foreach (var line in WorkshopInstaller.Install(RepoLayout.Find(), parse.GetValue(installDir)!)) AnsiConsole.MarkupLineInterpolated($"[green]✓[/] {line}");
            return 0;
        }));

        return new Command("workshop", "Prepare a bundle once with a network, then set up laptops with none") { pack, install };
    }

    static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };

    /// <summary>Values given as separate tokens, comma-separated, or both.</summary>
    static List<string> Values(string[]? given) =>
        (given ?? []).SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
}
