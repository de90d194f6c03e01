using System.Text.Json.Nodes;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

public class NotebookFormatTests
{
    static string Notebook(params string[] cells) =>
        "{\"cells\": [" + string.Join(",", cells) + "], \"metadata\": {\"language_info\": {\"name\": \"polyglot-notebook\"}}, \"nbformat\": 4, \"nbformat_minor\": 4}";

    static string Code(string source, string? id = null) =>
        $"{{\"cell_type\": \"code\", {(id is null ? "" : $"\"id\": \"{id}\", ")}\"execution_count\": null, \"metadata\": {{}}, \"outputs\": [], \"source\": [\"{source}\"]}}";

    static JsonArray Cells(string json) => JsonNode.Parse(json)!["cells"]!.AsArray();

    [Fact]
    public void Gives_every_cell_a_unique_valid_id_from_its_source_and_keeps_existing_ones()
    {
        var formatted = NotebookFormat.Apply(Notebook(Code("a"), Code("same"), Code("same"), Code("b", "kept-1"), Code("c", "bad id!")), "t.ipynb");
        var ids = Cells(formatted).Select(c => (string)c!["id"]!).ToList();
        Assert.Equal("kept-1", ids[3]);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(NotebookFormat.ValidId(), id));
        Assert.Equal(ids[1] + "-2", ids[2]);
        // Stable: the same cells get the same ids in another notebook, and a second pass changes nothing.
        Assert.Equal(ids[0], (string)Cells(NotebookFormat.Apply(Notebook(Code("a")), "u.ipynb"))[0]!["id"]!);
        Assert.Equal(formatted, NotebookFormat.Apply(formatted, "t.ipynb"));
    }

    [Fact]
    public void Sets_nbformat_4_5_and_a_csharp_language_info_without_touching_sources()
    {
        var nb = JsonNode.Parse(NotebookFormat.Apply(Notebook(Code("var x = 1;")), "t.ipynb"))!;
        Assert.Equal(5, (int)nb["nbformat_minor"]!);
        Assert.Equal("C#", (string?)nb["metadata"]!["language_info"]!["name"]);
        Assert.Equal("text/x-csharp", (string?)nb["metadata"]!["language_info"]!["mimetype"]);
        Assert.Equal("var x = 1;", NotebookJson.Source(nb["cells"]![0]));
    }

    [Fact]
    public void An_executed_copy_takes_the_ids_of_its_source_where_the_cells_match()
    {
        var source = NotebookFormat.Apply(Notebook(Code("a", "first"), Code("b", "second")), "s.ipynb");
        var executed = NotebookFormat.Apply(Notebook(Code("a"), Code("b changed")), "out.ipynb", idsFrom: source);
        var ids = Cells(executed).Select(c => (string)c!["id"]!).ToList();
        Assert.Equal("first", ids[0]);
        Assert.NotEqual("second", ids[1]);
        Assert.Matches(NotebookFormat.ValidId(), ids[1]);
    }

    [Fact]
    public void Rejects_what_is_not_a_notebook_naming_the_file()
    {
        Assert.Contains("bad.ipynb is not valid notebook JSON", Assert.Throws<InvalidDataException>(() => NotebookFormat.Apply("{", "bad.ipynb")).Message);
        Assert.Contains("old.ipynb is not an nbformat 4 notebook", Assert.Throws<InvalidDataException>(() => NotebookFormat.Apply("{\"nbformat\": 3, \"cells\": []}", "old.ipynb")).Message);
    }
}
