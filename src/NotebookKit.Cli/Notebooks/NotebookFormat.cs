using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Cli.Notebooks;

/// <summary>
/// Puts a notebook into the shape today's Jupyter expects, without touching any cell's source: nbformat 4.5 cell ids
/// and a <c>language_info</c> that front ends know (VS Code writes "polyglot-notebook", for which classic Notebook
/// requests a CodeMirror mode that does not exist). Written as nbformat writes (sorted keys, one-space indent), so
/// re-applying it after someone edits a notebook changes only what was missing.
/// </summary>
static partial class NotebookFormat
{
    /// <summary>What the .NET kernel reports in its kernel_info reply, minus the C# version that changes with the SDK.</summary>
    public static JsonObject LanguageInfo() => new()
    {
        ["file_extension"] = ".cs",
        ["mimetype"] = "text/x-csharp",
        ["name"] = "C#",
        ["pygments_lexer"] = "csharp",
    };

    /// <summary>nbformat 4.5's rule for a cell id.</summary>
    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    public static partial Regex ValidId();

    static readonly JsonSerializerOptions Writer = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The formatted notebook text; equal to <paramref name="json"/> when it is already formatted.</summary>
    /// <param name="idsFrom">
    /// The notebook this one was executed from (dotnet-repl drops cell ids): a cell without an id takes the id of the
    /// cell at the same position there when their sources match.
    /// </param>
    /// <exception cref="InvalidDataException">The text is not an nbformat 4 notebook.</exception>
    public static string Apply(string json, string fileName, string? idsFrom = null)
    {
        var nb = Parse(json, fileName);
        var cells = (JsonArray)nb["cells"]!;
        if (idsFrom is not null)
        {
            var original = (JsonArray)Parse(idsFrom, fileName)["cells"]!;
            for (var i = 0; i < Math.Min(cells.Count, original.Count); i++)
                if (cells[i] is JsonObject cell && cell["id"] is null && NotebookJson.Source(cell) == NotebookJson.Source(original[i]) && (string?)original[i]?["id"] is { } id)
                    cell["id"] = id;
        }

        nb["nbformat_minor"] = Math.Max(5, (int?)nb["nbformat_minor"] ?? 0);
        var metadata = nb["metadata"] as JsonObject ?? new JsonObject();
        nb["metadata"] = metadata;
        metadata["language_info"] = LanguageInfo();
        AssignIds(cells);
        return Sorted(nb)!.ToJsonString(Writer) + "\n";
    }

    static JsonObject Parse(string json, string fileName)
    {
        JsonObject nb;
        try { nb = JsonNode.Parse(json) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{fileName} is not valid notebook JSON ({e.Message}): restore it from git or re-save it in a notebook editor."); }
        if ((int?)nb["nbformat"] != 4 || nb["cells"] is not JsonArray)
            throw new InvalidDataException($"{fileName} is not an nbformat 4 notebook: re-save it in a current notebook editor.");
        return nb;
    }

    /// <summary>
    /// Keeps every valid, unique id (so ids survive edits) and gives the other cells one made from a hash of their
    /// source: two people adding the same cell get the same id, and no random value churns the file.
    /// </summary>
    static void AssignIds(JsonArray cells)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<JsonObject>();
        foreach (var cell in cells.OfType<JsonObject>())
            if ((string?)cell["id"] is { } id && ValidId().IsMatch(id) && taken.Add(id)) { }
            else pending.Add(cell);
        foreach (var cell in pending)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NotebookJson.Source(cell))));
            var id = hash[..8];
            for (var n = 2; !taken.Add(id); n++) id = $"{hash[..8]}-{n}";
            cell["id"] = id;
        }
    }

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(e => Sorted(e))]),
        _ => node?.DeepClone(),
    };
}
