using NotebookKit.Data;

namespace NotebookKit.Cli;

/// <summary>
/// Turns the kit's input errors into one clear line and exit code 2. Anything else is a bug: it reaches
/// <see cref="CliHost"/>'s last-resort handler, which logs the details and still prints one line.
/// </summary>
static class CliErrors
{
    public static int Run(Func<int> command)
    {
        try { return command(); }
        catch (AggregateException e) when (e.Flatten().InnerExceptions is [var only] && IsInputError(only))
        {
            return Report(only);
        }
        catch (Exception e) when (IsInputError(e))
        {
            return Report(e);
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException)))
        {
            Line("cancelled");
            return CliHost.Cancelled;
        }
    }

    static bool IsInputError(Exception e) =>
        e is DataException or FileNotFoundException or DirectoryNotFoundException or IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException;

    static int Report(Exception e)
    {
        Line(IsConsoleFailure(e)
            ? $"error: the output could not be written to standard output ({Message(e).TrimEnd('.')}): it is closed or its device is full. Redirect it to a file with space, or to /dev/null."
            : $"error: {Message(e)}");
        return 2;
    }

    /// <summary>A write to stdout failed (closed, a full device): say so, not the bare "Access denied" or "No space" of the console stream.</summary>
    static bool IsConsoleFailure(Exception e) => e is IOException or UnauthorizedAccessException && e.StackTrace?.Contains("System.ConsolePal", StringComparison.Ordinal) == true;

    /// <summary>
    /// Writes one line of an error or warning to stderr, unwrapped (Spectre.Console would break a long message at the
    /// console width): stdout carries only what the command produces, so <c>predict --format tsv … &gt; p.tsv</c> stays data.
    /// </summary>
    public static void Line(string text) => Console.Error.WriteLine(text);

    /// <summary>One safe line, with the library's API hints replaced by the command line's flags.</summary>
    public static string Message(Exception e) => Terminal.Safe(e.Message
        .Replace(ImageFolder.SkipHint, "pass --skip-bad-files to leave such files out")
        .Replace(ImageFolder.AllowEmptyHint, "pass --allow-empty-classes to go on with a warning")
        .ReplaceLineEndings(" "));
}
