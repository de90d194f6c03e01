using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

public class AppExporterTests
{
    static string Notebook(params (string Kind, string Source)[] cells) =>
        "{\"cells\":[" + string.Join(",", cells.Select(c =>
            $"{{\"cell_type\":\"{c.Kind}\",\"metadata\":{{}},\"source\":{System.Text.Json.JsonSerializer.Serialize(c.Source)}{(c.Kind == "code" ? ",\"outputs\":[]" : "")}}}")) + "]}";

    [Fact]
    public void TurnsMarkdownIntoCommentsHoistsUsingsAndDisplaysTrailingExpressions()
    {
        var app = AppExporter.Export(Notebook(
            ("markdown", "# Title\n\nSome text."),
            ("code", "#r \"nuget: NotebookKit, 0.1.0-local\""),
            ("code", "using NotebookKit;\nusing static System.Math;"),
            ("code", "var x = Max(1, 2);\nx + 1"),
            ("code", "if (x > 1)\n{\n    Console.WriteLine(x);\n}")), "01-demo.ipynb");

        var lines = app.Split('\n');
        Assert.StartsWith("#:project ../../src/NotebookKit/NotebookKit.csproj", lines[0]);
        var firstCode = Array.FindIndex(lines, l => l.StartsWith("var x"));
        Assert.True(Array.IndexOf(lines, "using NotebookKit;") < firstCode);
        Assert.True(Array.IndexOf(lines, "using static System.Math;") < firstCode);
        Assert.Contains("// # Title", lines);
        Assert.Contains("// Some text.", lines);
        Assert.Contains($"{AppExporter.DisplayCall}(x + 1);", lines);
        Assert.Contains("}", lines);
        Assert.DoesNotContain(lines, l => l.Contains("#r "));
    }

    /// <summary>A trailing comment does not make a statement an expression, nor hide one; "//" in a string is no comment.</summary>
    [Fact]
    public void ATrailingCommentIsKeptBesideTheCodeItFollows()
    {
        var app = AppExporter.Export(Notebook(
            ("code", "var learn = new object();\n(learn as IDisposable)?.Dispose(); // done: frees it"),
            ("code", "var url = \"http://example.org\";\nurl + \"//x\" // shown"),
            ("code", "var path = \"p\";\npath + @\"a\"\"//b\"")), "09-demo.ipynb");

        var lines = app.Split('\n');
        Assert.Contains("(learn as IDisposable)?.Dispose(); // done: frees it", lines);
        Assert.Contains($"{AppExporter.DisplayCall}(url + \"//x\"); // shown", lines);
        Assert.Contains($"{AppExporter.DisplayCall}(path + @\"a\"\"//b\");", lines);
    }

    [Fact]
    public void RefusesKernelDirectivesAnAppCannotRun()
    {
        var e = Assert.Throws<InvalidDataException>(() => AppExporter.Export(Notebook(("code", "#!fsharp\nlet x = 1")), "02-x.ipynb"));
        Assert.Contains("02-x.ipynb", e.Message);
    }

    [Fact]
    public void NamesTheFailingCellOfAnExecutedNotebook()
    {
        var executed = "{\"cells\":[{\"cell_type\":\"code\",\"source\":[\"var a = 1;\"],\"outputs\":[]}," +
                       "{\"cell_type\":\"code\",\"source\":[\"throw new Exception(\\\"boom\\\");\\n\",\"// more\"],\"outputs\":[{\"output_type\":\"error\",\"ename\":\"Error\",\"evalue\":\"System.Exception: boom\\n   at x\"}]}]}";
        var failures = NotebookRunner.FailedCells(executed);
        Assert.Equal(["cell 2 (throw new Exception(\"boom\");): System.Exception: boom"], failures);
    }
}
