using System.Text.Json.Nodes;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

/// <summary>The committed notebooks: clean, Polyglot-ready, valid nbformat 4.5, short cells, and their file-based apps in sync.</summary>
public class NotebookHygieneTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var nb in Directory.GetFiles(Repo.Notebooks, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(nb));
        return data;
    }

    static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Notebooks, name)))!;

    static IEnumerable<(int Index, string Source)> CodeCells(JsonNode nb) =>
        nb["cells"]!.AsArray().Select((c, i) => (c, i)).Where(t => (string?)t.c!["cell_type"] == "code")
            .Select(t => (t.i + 1, string.Concat(t.c!["source"]!.AsArray().Select(s => (string?)s))));

    [Theory, MemberData(nameof(Notebooks))]
    public void IsCommittedWithoutOutputs(string name)
    {
        foreach (var cell in Load(name)["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code"))
        {
            Assert.Empty(cell!["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        }
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void HasPolyglotMetadataForCSharp(string name)
    {
        var nb = Load(name);
        Assert.Equal(".net-csharp", (string?)nb["metadata"]!["kernelspec"]!["name"]);
        Assert.Equal("csharp", (string?)nb["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        foreach (var cell in nb["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code"))
            Assert.Equal("csharp", (string?)cell!["metadata"]!["polyglot_notebook"]!["kernelName"]);
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void IsValidForTodaysJupyter(string name)
    {
        var text = File.ReadAllText(Path.Combine(Repo.Notebooks, name));
        var nb = JsonNode.Parse(text)!;
        Assert.Equal(5, (int)nb["nbformat_minor"]!);
        var ids = nb["cells"]!.AsArray().Select(c => (string?)c!["id"] ?? "").ToList();
        Assert.All(ids, id => Assert.Matches(NotebookFormat.ValidId(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        // A name front ends know: "polyglot-notebook" (what VS Code writes) makes classic Notebook request a missing mode.
        Assert.Equal("C#", (string?)nb["metadata"]!["language_info"]!["name"]);
        Assert.True(NotebookFormat.Apply(text, name) == text, $"{name} is not formatted: run 'notebookkit notebooks format'");
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void LoadsTheLibraryFirstAndKeepsUsingsInTheirOwnCell(string name)
    {
        var cells = CodeCells(Load(name)).ToList();
        Assert.Equal($"#r \"nuget: NotebookKit, {NotebookPackage.Version}\"", cells[0].Source.Trim());
        foreach (var (index, source) in cells.Where(c => c.Source.Contains("using ", StringComparison.Ordinal)))
        {
            var lines = source.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("//")).ToList();
            if (lines.Any(l => l.StartsWith("using ") && l.EndsWith(';') && !l.Contains('(')))
                Assert.True(lines.All(l => l.StartsWith("using ")), $"{name} cell {index}: using directives belong in a cell of their own");
        }
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void KeepsCodeCellsShort(string name)
    {
        foreach (var (index, source) in CodeCells(Load(name)))
        {
            var lines = source.Split('\n').Count(l => l.Trim().Length > 0);
            Assert.True(lines <= 10, $"{name} cell {index} has {lines} lines: logic belongs in the library, cells stay 3–10 lines");
        }
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void HasAFileBasedAppInSync(string name)
    {
        var app = Path.Combine(Repo.Notebooks, "apps", AppExporter.AppFileName(name));
        Assert.True(File.Exists(app), $"{app} is missing: run 'notebookkit notebooks export-apps'");
        Assert.Equal(AppExporter.Export(File.ReadAllText(Path.Combine(Repo.Notebooks, name)), name), File.ReadAllText(app));
    }
}
