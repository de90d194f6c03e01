using NotebookKit.Diagnostics;
using System.CommandLine;
using NotebookKit.Platform;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>`notebookkit doctor [--fix]`: a table of environment checks; exit code 1 when anything is broken.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var fix = new Option<bool>("--fix")
        {
            Description = "Write a copy of TorchSharp's native library patched for an older libstdc++ into the kit's cache (the NuGet folder stays as restored), then check again",
        };
        var command = new Command("doctor", "Check that this machine can run the kit, and say how to fix what cannot");
        command.Options.Add(fix);
        command.SetAction(parseResult => Show(parseResult.GetValue(fix) ? Doctor.Fix() : Doctor.Run()));
        return command;
    }

    static int Show(DoctorReport report)
    {
        // The Fix column only earns its width when some check has a hint.
        var withFix = report.Checks.Any(c => c.Fix is not null);
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Check", "Status", "Detail");
        if (withFix) table.AddColumn("Fix");
        foreach (var check in report.Checks)
        {
            List<Markup> cells = [new(Markup.Escape(check.Name)), new(Badge(check.Status)), new(Markup.Escape(check.Detail))];
            if (withFix) cells.Add(new Markup(Markup.Escape(check.Fix ?? "")));
            table.AddRow(cells);
        }
        AnsiConsole.Write(table);

        var broken = report.Count(CheckStatus.Broken);
        var summary = $"{report.Count(CheckStatus.Ok)} ok, {report.Count(CheckStatus.Fixed)} fixed, {report.Count(CheckStatus.Warning)} warning(s), {broken} broken";
        AnsiConsole.MarkupLine(report.IsHealthy
            ? $"[green]Ready:[/] {summary}."
            : $"[red]Not ready:[/] {summary}. Follow the Fix column (`notebookkit doctor --fix` writes the kit's patched native library) and see environment.md.");
        return report.IsHealthy ? 0 : 1;
    }

    static string Badge(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[green]OK[/]",
        CheckStatus.Warning => "[yellow]Warning[/]",
        CheckStatus.Fixed => "[blue]Fixed[/]",
        _ => "[red]Broken[/]",
    };
}
