using System.Text.Json.Nodes;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

/// <summary>The rules for a saved notebook's outputs, and the chatter <c>notebooks run</c> strips, on outputs as dotnet-repl writes them.</summary>
public class NotebookOutputsTests
{
    static JsonObject Display(string mime, string text) => new() { ["output_type"] = "display_data", ["data"] = new JsonObject { [mime] = new JsonArray(text) }, ["metadata"] = new JsonObject() };

    static JsonObject Notebook(params JsonObject[] outputs) => new()
    {
        ["nbformat"] = 4,
        ["cells"] = new JsonArray(new JsonObject { ["cell_type"] = "code", ["source"] = "#r \"nuget: NotebookKit, 0.1.0-local\"", ["outputs"] = new JsonArray(outputs) }),
    };

    static JsonObject Install(string state, string packages) => Display("text/html", $"<div><div></div><div><strong>{state}</strong><ul><li><span>{packages}</span></li></ul></div></div>");

    [Fact]
    public void Install_frames_and_extension_lines_are_stripped_and_the_final_install_state_stays()
    {
        var nb = Notebook(Install("Installing Packages", "NotebookKit."), Install("Installing Packages", "NotebookKit.."),
            Install("Installed Packages", "NotebookKit, 0.1.0-local"),
            Display("text/plain", "Loading extensions from `/root/.nuget/packages/microsoft.data.analysis/0.21.1/interactive-extensions/dotnet/Microsoft.Data.Analysis.Interactive.dll`"),
            Display("text/plain", "Loading extensions from `/root/.nuget/packages/notebookkit/0.1.0-local/interactive-extensions/dotnet/NotebookKit.Interactive.dll`"),
            Display("text/plain", "hello"));
        Assert.Equal(4, NotebookOutputs.Problems(nb).Count);

        Assert.Equal(4, NotebookOutputs.StripKernelChatter(nb));
        var left = nb["cells"]![0]!["outputs"]!.AsArray().Select(o => string.Concat(o!["data"]!.AsObject().First().Value!.AsArray().Select(l => (string?)l))).ToList();
        Assert.Equal(2, left.Count);
        Assert.Contains("Installed Packages", left[0]);
        Assert.Equal("hello", left[1]);
        Assert.Empty(NotebookOutputs.Problems(nb));
    }

    [Fact]
    public void Text_that_is_not_a_notebook_is_left_for_the_format_check_to_report()
    {
        Assert.Equal("{ not json", NotebookOutputs.WithoutKernelChatter("{ not json"));
        var clean = Notebook(Display("text/plain", "hello")).ToJsonString();
        Assert.Same(clean, NotebookOutputs.WithoutKernelChatter(clean));
    }

    [Fact]
    public void A_live_progress_frame_is_a_problem_and_a_fits_final_state_is_not()
    {
        Assert.Equal(["cell 1: a progress frame that is not final"],
            NotebookOutputs.Problems(Notebook(Display("text/html", "<div class=\"nbk-progress\" style=\"font:12px sans-serif\"><progress value=\"1\" max=\"30\"></progress></div>"))));
        Assert.Empty(NotebookOutputs.Problems(Notebook(Display("text/html", "<div class=\"nbk-summary\"><p>✓ done: 3 epochs</p></div>"), Display("text/html", ""))));
    }

    [Fact]
    public void A_plotly_chart_needs_a_picture_that_renders_without_scripts()
    {
        const string plotly = "<div><div id=\"a\"></div><script type=\"text/javascript\">Plotly.newPlot('a', [], {});</script></div>";
        Assert.Equal(["cell 1: a Plotly chart with no picture that renders without scripts"], NotebookOutputs.Problems(Notebook(Display("text/html", plotly))));
        var fragment = NotebookKit.Visualization.ChartHtml.Fragment(NotebookKit.Visualization.TrainingCharts.LearningRateSchedule([0, 1], [0.1, 0.01]));
        Assert.Empty(NotebookOutputs.Problems(Notebook(Display("text/html", fragment))));
        var withSvg = Display("text/html", plotly);
        withSvg["data"]!["image/svg+xml"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        Assert.Empty(NotebookOutputs.Problems(Notebook(withSvg)));
    }
}
