using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Cli.Notebooks;

/// <summary>
/// Turns a notebook into a .NET 10 file-based app (<c>dotnet run notebooks/apps/NN-name.cs</c>), so every chapter
/// runs without .NET Interactive too. Markdown becomes comments; <c>using</c> lines move to the top (C# requires it);
/// the <c>#r "nuget: NotebookKit…"</c> line becomes a <c>#:project</c> reference; a cell's trailing expression, which
/// a notebook would display, is printed (<see cref="DisplayCall"/>: tables and reports print as text). Rich output goes through the
/// library's Show.*, which renders inline in a kernel and as an HTML page (path printed) in an app.
/// </summary>
static partial class AppExporter
{
    public const string DisplayCall = "Console.WriteLine";

    static readonly string[] Header =
    [
        "#:project ../../src/NotebookKit/NotebookKit.csproj",
        // Natives for this machine only (libtorch for every OS would be copied otherwise), hard-linked, not copied.
        "#:property RuntimeIdentifier=$(NETCoreSdkRuntimeIdentifier)",
        "#:property SelfContained=false",
        "#:property CreateHardLinksForCopyLocalIfPossible=true",
        "#:property PublishAot=false",
        // As Directory.Build.props, for an app copied out of the repository (a workshop bundle).
        "#:property TieredPGO=false",
    ];

    public static string AppFileName(string notebookPath) => Path.GetFileNameWithoutExtension(notebookPath) + ".cs";

    public static string Export(string notebookJson, string notebookFileName)
    {
        var cells = JsonNode.Parse(notebookJson)?["cells"]?.AsArray() ?? throw new InvalidDataException($"{notebookFileName} has no cells.");
        var usings = new List<string>();
        var body = new StringBuilder();
        foreach (var cell in cells)
        {
            var source = NotebookJson.Source(cell).Replace("\r\n", "\n");
            var lines = source.Split('\n');
            if ((string?)cell?["cell_type"] == "markdown")
            {
                foreach (var line in lines) body.Append(line.Length == 0 ? "//" : "// " + line).Append('\n');
                body.Append('\n');
                continue;
            }
            var code = new List<string>();
            foreach (var line in lines)
            {
                var trimmed = line.Trim();
                if (trimmed.StartsWith("#r \"nuget: NotebookKit", StringComparison.Ordinal)) continue;
                if (trimmed.StartsWith("#r ", StringComparison.Ordinal) || trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal))
                    throw new InvalidDataException($"{notebookFileName}: '{trimmed}' is a kernel directive an app cannot run; reference packages through the library instead.");
                if (UsingDirective().IsMatch(line)) { if (!usings.Contains(trimmed)) usings.Add(trimmed); continue; }
                code.Add(line);
            }
            while (code.Count > 0 && code[^1].Trim().Length == 0) code.RemoveAt(code.Count - 1);
            if (code.Count == 0) continue;
            var last = code[^1].Trim();
            var (statement, comment) = SplitTrailingComment(last);
            if (IsTrailingExpression(statement))
                code[^1] = code[^1][..code[^1].IndexOf(last, StringComparison.Ordinal)] + $"{DisplayCall}({statement});" + (comment.Length > 0 ? " " + comment : "");
            foreach (var line in code) body.Append(line).Append('\n');
            body.Append('\n');
        }
        var text = new StringBuilder();
        foreach (var h in Header) text.Append(h).Append('\n');
        text.Append($"// Generated from notebooks/{notebookFileName} by 'notebookkit notebooks export-apps'. Edit the notebook, then regenerate.\n");
        foreach (var u in usings) text.Append(u).Append('\n');
        text.Append('\n').Append(body.ToString().TrimEnd('\n')).Append('\n');
        return text.ToString();
    }

    /// <summary>
    /// <paramref name="line"/> without its trailing <c>//</c> comment, and the comment: <c>x.Dispose(); // why</c> is a
    /// statement, not an expression to display. A <c>//</c> inside a string or character literal is not a comment.
    /// </summary>
    static (string Code, string Comment) SplitTrailingComment(string line)
    {
        char? quote = null;
        var verbatim = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\' && !verbatim) i++;
                else if (c == q && verbatim && i + 1 < line.Length && line[i + 1] == q) i++;
                else if (c == q) quote = null;
            }
            else if (c is '"' or '\'') (quote, verbatim) = (c, i > 0 && line[i - 1] == '@' || i > 1 && line[i - 1] == '$' && line[i - 2] == '@');
            else if (c == '/' && i + 1 < line.Length && line[i + 1] == '/') return (line[..i].TrimEnd(), line[i..]);
        }
        return (line, "");
    }

    /// <summary>A final line a notebook would display: an expression, not a statement, comment or block end.</summary>
    static bool IsTrailingExpression(string line) =>
        line.Length > 0 && !line.EndsWith(';') && !line.EndsWith('}') && !line.EndsWith('{') && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith('#');

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>]+)?\s*;\s*$")]
    private static partial Regex UsingDirective();
}
