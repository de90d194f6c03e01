using System.Text.RegularExpressions;

namespace NotebookKit.Tests;

/// <summary>
/// Where training and the bench live, and that Evaluation and Visualization expose no torch types. The direction of
/// flow between namespaces is <see cref="NamespaceLayeringTests"/>.
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

    /// <summary>Source without comments (line, block and XML doc), so only code counts.</summary>
    internal static string Code(string source) => Regex.Replace(source, @"//.*?$|/\*.*?\*/", "", RegexOptions.Multiline | RegexOptions.Singleline);

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
