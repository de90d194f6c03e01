using System.Text.Json.Nodes;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

/// <summary>
/// The executed copies <c>notebooks run</c> writes to artifacts/notebooks (CI runs this test again after
/// <c>notebooks run --quick</c>): no progress frame that is not final, no kernel chatter, a picture for every chart.
/// </summary>
public class ExecutedNotebookOutputsTests
{
    static readonly string Folder = Path.Combine(RepoLayout.Find(AppContext.BaseDirectory).Root, "artifacts", "notebooks");

    static string[] Executed() => Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal).ToArray() : [];

    /// <summary>Skips, saying why, when no notebook has been executed in this clone.</summary>
    sealed class WhenExecutedFactAttribute : FactAttribute
    {
        public WhenExecutedFactAttribute()
        {
            if (Executed().Length == 0)
                Skip = $"no executed notebooks in {Folder}: run `dotnet run --project src/NotebookKit.Cli -c Release -- notebooks run --quick` first (CI does, then runs this test)";
        }
    }

    [WhenExecutedFact]
    public void Executed_notebooks_show_only_final_progress_no_kernel_chatter_and_charts_that_render_without_scripts()
    {
        var problems = Executed()
            .SelectMany(path => NotebookOutputs.Problems((JsonObject)JsonNode.Parse(File.ReadAllText(path))!).Select(p => $"{Path.GetFileName(path)} {p}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
