using System.Text.Json.Nodes;

namespace NotebookKit.Cli.Notebooks;

/// <summary>
/// What an executed notebook may hold in its outputs, and the kernel chatter <c>notebooks run</c> strips from the copy
/// it writes. The chatter cannot be prevented from the kit: .NET Interactive shows "Installing Packages" (redrawn every
/// half second while <c>#r "nuget: …"</c> restores) and "Loading extensions from `…`" (for every package with a kernel
/// extension, Microsoft.Data.Analysis' too) before any NotebookKit code runs. Jupyter and VS Code replace the install
/// message in place, so they keep only its final "Installed Packages" state; dotnet-repl saves every redraw as an
/// output of its own. The final state stays; the frames and the extension lines go.
/// </summary>
static class NotebookOutputs
{
    const string InstallingFrame = "Installing Packages";
    static readonly string[] ExtensionChatter = ["Loading extensions from ", "Loading extension script from "];

    /// <summary><paramref name="json"/> without kernel chatter; unchanged when it is not a notebook (<see cref="NotebookFormat"/> says why).</summary>
    public static string WithoutKernelChatter(string json)
    {
        JsonObject? notebook;
        try { notebook = JsonNode.Parse(json) as JsonObject; }
        catch (System.Text.Json.JsonException) { return json; }
        return notebook is not null && StripKernelChatter(notebook) > 0 ? notebook.ToJsonString() : json;
    }

    /// <summary>Removes package-install frames and extension-loading lines from every code cell; the number removed.</summary>
    public static int StripKernelChatter(JsonObject notebook)
    {
        var removed = 0;
        foreach (var outputs in CodeCellOutputs(notebook))
            for (var i = outputs.Count - 1; i >= 0; i--)
                if (IsKernelChatter(outputs[i]))
                {
                    outputs.RemoveAt(i);
                    removed++;
                }
        return removed;
    }

    static bool IsKernelChatter(JsonNode? output)
    {
        var texts = Texts(output).ToList();
        return texts.Any(t => t.Contains(InstallingFrame, StringComparison.Ordinal))
            || texts.Any(t => ExtensionChatter.Any(c => t.Contains(c, StringComparison.Ordinal)));
    }

    /// <summary>
    /// "cell N: problem" for each output a learner should not see in a saved notebook: a progress frame that is not a
    /// final state, kernel chatter, or a Plotly chart with no picture that renders without scripts.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonObject notebook)
    {
        var problems = new List<string>();
        var cells = notebook["cells"]?.AsArray() ?? [];
        for (var c = 0; c < cells.Count; c++)
        {
            if (cells[c]?["outputs"] is not JsonArray outputs) continue;
            foreach (var output in outputs)
            {
                var texts = Texts(output).ToList();
                var html = Text(output, "text/html") ?? "";
                if (html.Contains("class=\"nbk-progress\"", StringComparison.Ordinal)) problems.Add($"cell {c + 1}: a progress frame that is not final");
                if (IsKernelChatter(output)) problems.Add($"cell {c + 1}: kernel chatter ({First(texts)})");
                if (html.Contains("Plotly.newPlot(", StringComparison.Ordinal) && !HasStaticPicture(output!, html))
                    problems.Add($"cell {c + 1}: a Plotly chart with no picture that renders without scripts");
            }
        }
        return problems;
    }

    /// <summary>An &lt;img&gt;/&lt;svg&gt; fallback in the HTML itself, or an image representation of the output.</summary>
    static bool HasStaticPicture(JsonNode output, string html) =>
        html.Contains("class=\"nbk-chart-fallback\"", StringComparison.Ordinal) && (html.Contains("<img ", StringComparison.Ordinal) || html.Contains("<svg", StringComparison.Ordinal))
        || Text(output, "image/svg+xml") is { Length: > 0 } || Text(output, "image/png") is { Length: > 0 };

    static IEnumerable<JsonArray> CodeCellOutputs(JsonObject notebook) =>
        (notebook["cells"]?.AsArray() ?? []).Where(c => (string?)c?["cell_type"] == "code").Select(c => c?["outputs"]).OfType<JsonArray>();

    /// <summary>Every text an output shows: its stream text and each textual representation.</summary>
    static IEnumerable<string> Texts(JsonNode? output)
    {
        if (output is null) yield break;
        if (Joined(output["text"]) is { } stream) yield return stream;
        if (output["data"] is JsonObject data)
            foreach (var (mime, value) in data)
                if (mime.StartsWith("text/", StringComparison.Ordinal) && Joined(value) is { } text) yield return text;
    }

    static string? Text(JsonNode? output, string mime) => Joined(output?["data"]?[mime]);

    // nbformat allows a string or a list of lines.
    static string? Joined(JsonNode? value) => value switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => null,
    };

    static string First(IReadOnlyList<string> texts)
    {
        var line = texts.Count == 0 ? "" : texts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        return line.Length <= 60 ? line : line[..60] + "…";
    }
}
