using System.Text.Json.Nodes;

namespace NotebookKit.Cli.Notebooks;

/// <summary>The outcome of executing one notebook headless; <paramref name="PeakResidentBytes"/> of the whole process tree (Linux only).</summary>
sealed record NotebookRun(string Notebook, string Output, bool Passed, TimeSpan Elapsed, IReadOnlyList<string> Failures, long? PeakResidentBytes = null, int ClaimsHeld = 0);

/// <summary>
/// Executes notebooks with dotnet-repl (pinned in the tool manifest) and writes executed copies into an
/// output folder — never over the sources, and without the kernel's chatter (<see cref="NotebookOutputs"/>). The
/// working folder is notebooks/, as in VS Code.
/// </summary>
static class NotebookRunner
{
    public static NotebookRun Run(RepoLayout repo, string notebook, string outputDir, bool quick, TimeSpan timeout, CancellationToken ct = default)
    {
        Directory.CreateDirectory(outputDir);
        var output = Path.Combine(outputDir, Path.GetFileName(notebook));
        if (File.Exists(output)) File.Delete(output);
        var env = KernelRuntime.With(new Dictionary<string, string> { ["NOTEBOOKKIT_QUICK"] = quick ? "1" : "0" });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ProcessResult result;
        long? peak;
        using (var memory = new ProcessTreeMemory())
        {
            result = ProcessResult.Run("dotnet", ReplArguments(notebook, output), repo.Notebooks, timeout, env, ct, memory.Watch);
            peak = memory.PeakBytes;
        }
        // The executed copy, like its source, opens in Jupyter without nbformat warnings, and without the kernel's chatter.
        if (File.Exists(output))
            File.WriteAllText(output, NotebookFormat.Apply(NotebookOutputs.WithoutKernelChatter(File.ReadAllText(output)), output, idsFrom: File.ReadAllText(notebook)));
        var executed = File.Exists(output) ? File.ReadAllText(output) : null;
        var failures = executed is null ? [] : FailedCells(executed);
        if (result.TimedOut) failures = [.. failures, $"timed out after {timeout.TotalMinutes:F0} min"];
        else if (result.ExitCode != 0 && failures.Count == 0) failures = [$"dotnet-repl exited {result.ExitCode}: {Tail(result.Output)}"];
        return new NotebookRun(notebook, output, result.ExitCode == 0 && failures.Count == 0, clock.Elapsed, failures, peak, executed is null ? 0 : ClaimsHeld(executed));
    }

    /// <summary>
    /// The dotnet-repl command line (run from inside the repository). dotnet-repl talks to its kernel in-process and
    /// opens no HTTP API, so nothing listens on the network while a notebook runs; a test checks that.
    /// </summary>
    public static string[] ReplArguments(string notebook, string output) =>
        ["tool", "run", "dotnet-repl", "--", "--run", notebook, "--exit-after-run", "--output-path", output, "--output-format", "ipynb"];

    /// <summary>"cell N: first line of the cell — error" for every cell whose outputs hold an error.</summary>
    public static IReadOnlyList<string> FailedCells(string executedNotebookJson)
    {
        var cells = JsonNode.Parse(executedNotebookJson)?["cells"]?.AsArray() ?? [];
        var list = new List<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var error = cells[i]?["outputs"]?.AsArray().FirstOrDefault(o => (string?)o?["output_type"] == "error");
            if (error is null) continue;
            var source = NotebookJson.Source(cells[i]);
            var firstLine = source.Split('\n')[0].Trim();
            var message = ((string?)error["evalue"] ?? "").Split('\n')[0];
            list.Add($"cell {i + 1} ({firstLine}): {message}");
        }
        return list;
    }

    /// <summary>How many of the lesson's checks printed "Claim held:" in the executed copy's outputs.</summary>
    public static int ClaimsHeld(string executedNotebookJson) =>
        (JsonNode.Parse(executedNotebookJson)?["cells"]?.AsArray() ?? [])
            .SelectMany(c => c?["outputs"]?.AsArray() ?? [])
            .Select(o => Text(o?["text"]) ?? Text(o?["data"]?["text/plain"]) ?? "")
            .Sum(text => CountOf(text, "Claim held:"));

    /// <summary>A notebook text field: one string, or a list of lines.</summary>
    static string? Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => null,
    };

    static int CountOf(string text, string what)
    {
        var (n, i) = (0, 0);
        while ((i = text.IndexOf(what, i, StringComparison.Ordinal)) >= 0) (n, i) = (n + 1, i + what.Length);
        return n;
    }

    static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(10));
}
