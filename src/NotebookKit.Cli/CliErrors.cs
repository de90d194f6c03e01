using NotebookKit.Data;
using Spectre.Console;

namespace NotebookKit.Cli;

/// <summary>Turns the kit's input errors into one clear line and exit code 2; anything else is a bug and keeps its stack trace.</summary>
static class CliErrors
{
    public static int Run(Func<int> command)
    {
        try { return command(); }
        catch (Exception e) when (e is DataException or FileNotFoundException or DirectoryNotFoundException or IOException or InvalidDataException or ArgumentException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]cancelled[/]");
            return 130;
        }
    }
}
