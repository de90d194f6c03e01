using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

/// <summary>
/// Prose never contradicts output. In the committed notebooks: a percentage in the prose is a marked reference
/// (full mode, a dated run, an exercise's expected range), never a run's result, and every "N epochs instead of M" has
/// its <c>Kit.Pick(M, N)</c> in the code. In the executed copies <c>notebooks run</c> leaves in artifacts/notebooks
/// (quick or full): the data sizes the first cell states are the sizes the run printed, and no claim failed.
/// </summary>
public partial class NotebookStatementTests
{
    static readonly RepoLayout Repo = RepoLayout.Find(AppContext.BaseDirectory);

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var nb in Directory.GetFiles(Repo.Notebooks, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(nb));
        return data;
    }

    static JsonArray Cells(string path) => JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
    static string Source(JsonNode cell) => string.Concat(cell["source"]!.AsArray().Select(s => (string?)s));
    static IEnumerable<string> Markdown(JsonArray cells) => cells.Where(c => (string?)c!["cell_type"] == "markdown").Select(c => Source(c!));
    static string Code(JsonArray cells) => string.Join("\n", cells.Where(c => (string?)c!["cell_type"] == "code").Select(c => Source(c!)));

    static string Outputs(JsonArray cells) => string.Join("\n", cells.Where(c => (string?)c!["cell_type"] == "code")
        .SelectMany(c => c!["outputs"]!.AsArray())
        .Select(o => o!["text"] is JsonArray t ? string.Concat(t.Select(s => (string?)s))
            : o["data"]?["text/plain"] is JsonArray p ? string.Concat(p.Select(s => (string?)s)) : ""));

    [GeneratedRegex(@"\d+(\.\d+)?\s?%")] private static partial Regex Percent();
    [GeneratedRegex(@"reference|full mode|full-mode|[Ee]xpected|claim|chance|at least|interval|the figures are|published|Keras measures", RegexOptions.None)] private static partial Regex Marked();
    [GeneratedRegex(@"(\d+) epochs instead of (\d+)")] private static partial Regex EpochsInsteadOf();
    [GeneratedRegex(@"keeps (\d+) training photos per class instead of (\d+)")] private static partial Regex TrainInsteadOf();
    [GeneratedRegex(@"(\d+) per class for training and (\d+) per class for validation and test \(instead of\s+(\d+), (\d+) and (\d+)\)")] private static partial Regex AllInsteadOf();
    [GeneratedRegex(@"[Vv]alidation and test keep all their photos \((\d+) per class\)")] private static partial Regex EvalAll();
    [GeneratedRegex(@"^\s*(train|val|test): \d+ images, (.+)$", RegexOptions.Multiline)] private static partial Regex SplitLine();

    [Theory, MemberData(nameof(Notebooks))]
    public void PercentagesInTheProseAreMarkedReferences(string name)
    {
        foreach (var paragraph in Markdown(Cells(Path.Combine(Repo.Notebooks, name))).SelectMany(m => m.Split("\n\n")))
            if (Percent().IsMatch(paragraph))
                Assert.True(Marked().IsMatch(paragraph), $"{name}: a percentage in prose that is not marked as a reference (full mode, a dated run, an expected range); print run results from code instead:\n{paragraph}");
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void StatedEpochsAreTheCodes(string name)
    {
        var cells = Cells(Path.Combine(Repo.Notebooks, name));
        var code = Code(cells);
        foreach (Match m in EpochsInsteadOf().Matches(Regex.Replace(Markdown(cells).First(), @"\s+", " ")))
            Assert.Contains($"Kit.Pick({m.Groups[2].Value}, {m.Groups[1].Value})", code);
    }

    /// <summary>Per split, the photos per class the first cell states for (quick, full) mode; null where it states none.</summary>
    static Dictionary<string, (int Quick, int Full)> StatedSizes(string intro)
    {
        intro = Regex.Replace(intro, @"\s+", " ");
        var sizes = new Dictionary<string, (int, int)>();
        if (AllInsteadOf().Match(intro) is { Success: true } all)
        {
            int G(int i) => int.Parse(all.Groups[i].Value);
            sizes["train"] = (G(1), G(3));
            (sizes["val"], sizes["test"]) = ((G(2), G(4)), (G(2), G(5)));
        }
        if (TrainInsteadOf().Match(intro) is { Success: true } train)
            sizes["train"] = (int.Parse(train.Groups[1].Value), int.Parse(train.Groups[2].Value));
        if (EvalAll().Match(intro) is { Success: true } eval)
            sizes["val"] = sizes["test"] = (int.Parse(eval.Groups[1].Value), int.Parse(eval.Groups[1].Value));
        return sizes;
    }

    [Theory, MemberData(nameof(Notebooks))]
    public void AnExecutedCopyAgreesWithWhatItsProseStates(string name)
    {
        var sizes = StatedSizes(Markdown(Cells(Path.Combine(Repo.Notebooks, name))).First());
        var executed = Path.Combine(Repo.Root, "artifacts", "notebooks", name);
        if (!File.Exists(executed)) return; // nothing executed yet: `notebooks run` writes the copies this checks
        var output = Outputs(Cells(executed));
        Assert.DoesNotContain("Claim failed", output);
        var printed = SplitLine().Matches(output).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key,
            g => g.First().Groups[2].Value.Split(", ").Select(c => int.Parse(c[(c.LastIndexOf(' ') + 1)..])).ToArray());
        bool? quick = null;
        foreach (var (split, (quickSize, fullSize)) in sizes)
        {
            if (!printed.TryGetValue(split, out var counts)) continue;
            var mode = counts.All(c => c == quickSize) ? true : counts.All(c => c == fullSize) ? false : (bool?)null;
            Assert.True(mode is not null, $"{name}: the prose states {quickSize} {split} photos per class in quick mode and {fullSize} in full mode; the run printed {string.Join(", ", counts)}");
            if (quickSize != fullSize)
            {
                Assert.True(quick is null || quick == mode, $"{name}: the printed {split} sizes belong to the other mode than the splits before it");
                quick = mode;
            }
        }
    }

    [Fact]
    public void TheSizeStatementsAreRead()
    {
        var sizes = StatedSizes("**Quick mode** keeps 12 training photos per class instead of 80; validation and test keep all their photos (20 per class).");
        Assert.Equal((12, 80), sizes["train"]);
        Assert.Equal((20, 20), sizes["test"]);
        var one = StatedSizes("shrinks the photos to 40 per class for training and 20 per class for validation and test (instead of\n400, 100 and 100)");
        Assert.Equal((20, 100), one["val"]);
    }
}
