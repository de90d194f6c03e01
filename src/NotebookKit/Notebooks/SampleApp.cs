using System.Diagnostics;
using System.Globalization;

namespace NotebookKit.Notebooks;

/// <summary>One line of the sample app's output: an image, the class it chose and that class's probability.</summary>
public sealed record AppPrediction(string Path, string Class, float Probability)
{
    public string FileName => System.IO.Path.GetFileName(Path);
}

/// <summary>
/// Runs the repository's <c>samples/OnnxPredict</c>, the program a reader would write after the course (ONNX Runtime
/// and ImageSharp, no TorchSharp, no kit), so a chapter can show its output next to the kit's.
/// </summary>
public static class SampleApp
{
    const string Project = "samples/OnnxPredict/OnnxPredict.csproj";

    /// <summary>
    /// Classifies <paramref name="images"/> with the exported <paramref name="onnxPath"/>: builds the sample (a no-op when it
    /// is up to date), then runs the built program itself. <c>dotnet run</c> would stay alive beside it, and a build
    /// server would stay after it: on a laptop that is memory the chapter needs.
    /// </summary>
    public static IReadOnlyList<AppPrediction> OnnxPredict(string onnxPath, IReadOnlyList<string> images)
    {
        var program = Dotnet(["build", FindProject(), "-c", "Release", "--disable-build-servers", "-t:Build", "-getProperty:TargetPath"], "could not be built")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        var output = Dotnet([program, Path.GetFullPath(onnxPath), .. images.Select(Path.GetFullPath)], "failed");
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Select(f => new AppPrediction(f[0], f[1], float.Parse(f[2], CultureInfo.InvariantCulture)))];
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and returns its output; a non-zero exit throws, with what it printed.</summary>
    static string Dotnet(IEnumerable<string> arguments, string failure)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start 'dotnet'.");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"samples/OnnxPredict {failure} (exit {process.ExitCode}): {(errors.Result + output).Trim()}");
        return output;
    }

    /// <summary>The sample's project, walking up from the working directory as <see cref="Kit.DataPath"/> does.</summary>
    static string FindProject()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, Project))) return Path.Combine(dir.FullName, Project);
        throw new FileNotFoundException($"{Project} was not found above '{Directory.GetCurrentDirectory()}'. Run the notebook from inside the NotebookKit repository.", Project);
    }
}
