using System.Text.RegularExpressions;
using Xunit;

namespace NotebookKit.Tests.Visualization;

/// <summary>Evaluation and Visualization take plain arrays and records: they must not reach back into TorchSharp or the training engine.</summary>
public class LayeringTests
{
    private static string SourceFolder(string layer)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln")))
                return Path.Combine(dir.FullName, "src", "NotebookKit", layer);
        throw new DirectoryNotFoundException("NotebookKit.sln not found above the test output folder.");
    }

    [Theory]
    [InlineData("Evaluation", @"\b(TorchSharp|TorchVision|NotebookKit\.(Models|Training|Visualization))\b")]
    [InlineData("Visualization", @"\b(TorchSharp|TorchVision|NotebookKit\.(Models|Training))\b")]
    public void Layer_does_not_reference_upstream_engines(string layer, string forbidden)
    {
        var files = Directory.GetFiles(SourceFolder(layer), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offenders = files.Where(f => Regex.IsMatch(File.ReadAllText(f), forbidden)).Select(Path.GetFileName).ToArray();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Public_signatures_of_both_layers_use_no_torch_types()
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
