using System.Text;
using NotebookKit.Platform;
using Spectre.Console;

namespace NotebookKit.Cli;

/// <summary>Writes a command's output file whole or not at all (see <see cref="OutputLocation.WriteFile"/>) and says where.</summary>
static class CliOutput
{
    public static void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    public static void Write(string path, byte[] content)
    {
        var full = Path.GetFullPath(path);
        OutputLocation.WriteFile(full, stream => stream.Write(content));
        AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {Terminal.Safe(full)}");
    }
}
