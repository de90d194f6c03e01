using System.Text.RegularExpressions;

namespace NotebookKit.Tests;

/// <summary>
/// DESIGN.md's one direction of flow, Data → Models → Training → Evaluation → Visualization, each rule a test: a layer
/// must not name a layer downstream of it (or an engine it should not know), in code — comments are left out, so a
/// doc reference is fine. Front ends (CLI, notebooks, the kernel extension) are outside the library.
/// </summary>
public class LayeringTests
{
    static string Repo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("NotebookKit.sln not found above the test output folder.");
    }

    static string Library => Path.Combine(Repo(), "src", "NotebookKit");

    /// <summary>A layer's namespace used in code: <c>using NotebookKit.X</c>, <c>NotebookKit.X.</c> or (inside the library) <c>X.</c> as a qualifier.</summary>
    static string Uses(params string[] layers) => $@"\b(using\s+NotebookKit\.({string.Join("|", layers)})\b|(?<![\w.])(NotebookKit\.)?({string.Join("|", layers)})\.[A-Z])";

    public static TheoryData<string, string> Rules => new()
    {
        { "Data", Uses("Models", "Training", "Evaluation", "Explainability", "Visualization", "Notebooks") + @"|(?<![\w.])Kit\." },
        { "Models", Uses("Training", "Evaluation", "Explainability", "Visualization", "Notebooks") + @"|(?<![\w.])Kit\.|\bConsole\." },
        { "Training", Uses("Evaluation", "Explainability", "Visualization", "Notebooks") + @"|(?<![\w.])Kit\.|\bConsole\." },
        { "Evaluation", @"\b(TorchSharp|TorchVision)\b|" + Uses("Models", "Training", "Explainability", "Visualization", "Notebooks") },
        { "Explainability", Uses("Training", "Evaluation", "Visualization", "Notebooks") },
        { "Visualization", @"\b(TorchSharp|TorchVision)\b|" + Uses("Models", "Training", "Notebooks") },
    };

    /// <summary>Source without comments (line, block and XML doc), so only code counts.</summary>
    internal static string Code(string source) => Regex.Replace(source, @"//.*?$|/\*.*?\*/", "", RegexOptions.Multiline | RegexOptions.Singleline);

    internal static string[] Offenders(IEnumerable<(string Name, string Source)> files, string forbidden) =>
        [.. files.Where(f => Regex.IsMatch(Code(f.Source), forbidden, RegexOptions.Multiline)).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_layer_uses_nothing_downstream(string layer, string forbidden)
    {
        var files = Directory.GetFiles(Path.Combine(Library, layer), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        Assert.Empty(Offenders(files.Select(f => (Path.GetFileName(f), File.ReadAllText(f))), forbidden));
    }

    [Fact]
    public void The_rules_catch_a_breach_and_ignore_comments()
    {
        var training = Rules.Single(r => (string)r[0] == "Training")[1].ToString()!;
        (string, string)[] files =
        [
            ("Uses.cs", "using NotebookKit.Evaluation;\nclass A {}"),
            ("Qualified.cs", "class B { object R(PredictionSet p) => Evaluation.LabelIssues.Find(p); }"),
            ("Kit.cs", "class C { int S = Kit.Seed; }"),
            ("Comment.cs", "/// <see cref=\"Evaluation.LabelIssues\"/>\n// uses Kit.Seed\nclass D { int S = Seeds.Default; }"),
        ];
        Assert.Equal(["Uses.cs", "Qualified.cs", "Kit.cs"], Offenders(files, training));
    }

    [Fact]
    public void Only_the_learner_trains_and_the_bench_harness_is_not_in_the_library()
    {
        var files = Directory.GetFiles(Library, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var training = files.Where(f => Regex.IsMatch(Code(File.ReadAllText(f)), @"\.backward\(\)")).Select(f => Path.GetRelativePath(Library, f)).ToArray();
        Assert.Equal([Path.Combine("Training", "Learner.cs")], training);
        Assert.False(Directory.Exists(Path.Combine(Library, "Benchmarks")));
        Assert.DoesNotContain(files, f => Path.GetFileName(f) is "HeadTrainer.cs" or "Predictor.cs" or "LoaderBenchmark.cs" or "InferenceBenchmark.cs");
    }

    [Fact]
    public void Public_signatures_of_evaluation_and_visualization_use_no_torch_types()
    {
        var types = typeof(NotebookKit.Evaluation.ClassificationReport).Assembly.GetTypes()
            .Where(t => t.Namespace is "NotebookKit.Evaluation" or "NotebookKit.Visualization");
        var leaks = types.SelectMany(t => t.GetMembers())
            .SelectMany(m => m switch
            {
                System.Reflection.MethodInfo mi => mi.GetParameters().Select(p => p.ParameterType).Append(mi.ReturnType),
                System.Reflection.PropertyInfo pi => [pi.PropertyType],
                _ => [],
            })
            .Where(t => t.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true)
            .ToArray();
        Assert.Empty(leaks);
    }
}
