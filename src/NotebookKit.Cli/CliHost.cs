using System.CommandLine;
using System.Runtime.InteropServices;
using NotebookKit.Platform;

namespace NotebookKit.Cli;

/// <summary>
/// Runs a parsed command with the guarantees every command shares: a parse error is one line and exit code 2 (no
/// help dump); Ctrl+C or SIGTERM cancels the work, a second one (or a cancel that does not finish within
/// <see cref="GracePeriod"/>) ends the process at once with 130 after deleting the temporary files of unfinished
/// writes; and an exception nobody expected prints one line and the path of a log file holding the details, never a
/// stack trace. The grace period is short: a user who pressed Ctrl+C waits for nothing, and no output is ever
/// half-written (every file is renamed into place when complete).
/// </summary>
static class CliHost
{
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(0.8);
    public const int Cancelled = 130, InternalError = 70;
    static int handlerInstalled;

    public static int Run(RootCommand root, string[] args)
    {
        using var cancel = new CancellationTokenSource();
        var signals = 0;
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            if (Interlocked.Increment(ref signals) > 1) Quit();
            Console.Error.WriteLine("stopping… (press Ctrl+C again to quit at once)");
            cancel.Cancel();
            _ = Task.Delay(GracePeriod).ContinueWith(_ => Quit(), TaskScheduler.Default);
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        // A background thread's exception ends the process whatever we do; this still leaves one line and a log.
        if (Interlocked.Exchange(ref handlerInstalled, 1) == 0)
            AppDomain.CurrentDomain.UnhandledException += (_, e) => LastResort(e.ExceptionObject as Exception ?? new Exception(e.ExceptionObject?.ToString()), args);
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors is [var first, ..])
            {
                var command = parse.CommandResult.Command;
                var usage = command == root ? "notebookkit --help" : $"notebookkit {string.Join(' ', Path(command, root))} --help";
                CliErrors.Line($"error: {Terminal.Safe(first.Message.ReplaceLineEndings(" "))} (see '{usage}')");
                return 2;
            }
            return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false }, cancel.Token)
                .GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            CliErrors.Line("cancelled");
            return Cancelled;
        }
        catch (Exception e)
        {
            return LastResort(e, args);
        }
    }

    /// <summary>
    /// Ends the process now. Environment.Exit would run libtorch's static destructors while its worker threads are
    /// still computing, which crashes (SIGSEGV); _exit skips them. Nothing is lost: run folders and checkpoints are
    /// only ever renamed into place when complete.
    /// </summary>
    static void Quit()
    {
        OutputLocation.RemoveUnfinished();
        Console.Error.WriteLine("stopped.");
        try { Console.Out.Flush(); } catch (IOException) { } // a closed stdout must not keep us from exiting
        if (OperatingSystem.IsWindows()) Environment.Exit(Cancelled);
        ExitNow(Cancelled);
    }

    [DllImport("libc", EntryPoint = "_exit")]
    static extern void ExitNow(int status);

    static IEnumerable<string> Path(Command command, RootCommand root)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault()) names.Insert(0, c.Name);
        return names;
    }

    /// <summary>Writes the exception to a log file and prints one line naming it; returns the exit code.</summary>
    public static int LastResort(Exception e, string[] args)
    {
        var log = WriteLog(e, args);
        var what = Terminal.Safe(e.Message.ReplaceLineEndings(" "));
        Console.Error.WriteLine($"error: unexpected {e.GetType().Name}: {what}");
        Console.Error.WriteLine(log is null ? "(the details could not be written to a log file)" : $"details: {log} — please include this file when reporting the problem.");
        return InternalError;
    }

    static string? WriteLog(Exception e, string[] args)
    {
        foreach (var folder in new[] { System.IO.Path.Combine(KitPaths.CacheRoot, "logs"), System.IO.Path.GetTempPath() })
        {
            try
            {
                Directory.CreateDirectory(folder);
                var path = System.IO.Path.Combine(folder, $"notebookkit-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
                File.WriteAllText(path, $"notebookkit {string.Join(' ', args)}\n{DateTime.UtcNow:O} {RuntimeInformation.OSDescription} {RuntimeInformation.FrameworkDescription}\n\n{e}\n");
                return path;
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException) { }
        }
        return null;
    }
}
