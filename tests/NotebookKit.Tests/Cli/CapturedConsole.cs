using Spectre.Console;

namespace NotebookKit.Tests.Cli;

/// <summary>Runs a command in-process with its output and its errors (stderr) captured into one text, in the order written.</summary>
static class CapturedConsole
{
    public static (int Exit, string Output) Run(Func<int> command)
    {
        var writer = new StringWriter();
        var previous = AnsiConsole.Console;
        var previousError = Console.Error;
        Console.SetError(writer);
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, Interactive = InteractionSupport.No });
        try { return (command(), writer.ToString()); }
        finally { AnsiConsole.Console = previous; Console.SetError(previousError); }
    }
}
