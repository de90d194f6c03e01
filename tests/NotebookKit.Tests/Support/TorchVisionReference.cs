using System.Collections.Concurrent;
using System.Diagnostics;

namespace NotebookKit.Tests.Support;

/// <summary>
/// Debian's torchvision 0.14, installed by bench/install-pytorch-reference.sh into an isolated prefix, running
/// tests/reference/torchvision_reference.py; its environment (env.sh) applies to that process only.
/// </summary>
static class TorchVisionReference
{
    const string Script = "tests/reference/torchvision_reference.py";

    static string Prefix =>
        Environment.GetEnvironmentVariable("NOTEBOOKKIT_PYTORCH_REF") is { Length: > 0 } p ? p
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "notebookkit", "pytorch-ref");

    /// <summary>Why the reference cannot run here, or null when it can.</summary>
    public static string? Missing =>
        !File.Exists(Path.Combine(Prefix, "env.sh")) ? $"torchvision reference not installed in {Prefix} (run bench/install-pytorch-reference.sh)"
        : ScriptPath is null ? $"{Script} not found above {AppContext.BaseDirectory}"
        : null;

    static string? ScriptPath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, Script))) return Path.Combine(dir.FullName, Script);
            return null;
        }
    }

    /// <summary>
    /// The input each architecture is checked at: small where adaptive pooling allows, Swin at 112 px (masked shifted
    /// windows, an odd merge, a padded last stage), ViT-B/16 at its fixed 224 px (one image); and the prefix of
    /// torchvision's last Linear in its state dict.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (int Size, int Batch, string Classifier)> Inputs = new Dictionary<string, (int, int, string)>
    {
        ["mobilenet_v3_large"] = (64, 2, "classifier.3."),
        ["convnext_tiny"] = (64, 2, "classifier.2."),
        ["regnet_y_800mf"] = (64, 2, "fc."),
        ["efficientnet_v2_s"] = (64, 2, "classifier.1."),
        ["swin_t"] = (112, 2, "head."),
        ["vit_b_16"] = (224, 1, "heads.head."),
    };

    /// <summary>The architectures checked against torchvision, for the theories that take one each.</summary>
    public static TheoryData<string> Architectures() => [.. Inputs.Keys];

    const int Seed = 7;
    static readonly ConcurrentDictionary<string, Lazy<string>> Models = new();
    static readonly Lazy<string> ModelsFolder = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("nbk-tv-reference-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    });

    /// <summary>
    /// torchvision's <paramref name="id"/> with seeded random weights (the script's <c>logits</c> command at
    /// <see cref="Inputs"/>): the folder holding ID.pth and ID-io.pth, made once per test run and shared by every test
    /// that needs that architecture's weights. Read-only for the tests.
    /// </summary>
    public static string Model(string id) => Models.GetOrAdd(id, _ => new Lazy<string>(() =>
    {
        var (size, batch, _) = Inputs[id];
        var folder = Path.Combine(ModelsFolder.Value, id);
        Directory.CreateDirectory(folder);
        Run("logits", id, "--size", $"{size}", "--batch", $"{batch}", "--seed", $"{Seed}", "--out", folder);
        return folder;
    })).Value;

    /// <summary>Runs the script with <paramref name="arguments"/>; throws with its stderr when it fails (20 minutes allowed: ViT-B/16 on a busy two-core machine).</summary>
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/bash", ["-c", "source \"$0\" && exec /usr/bin/python3 \"$@\"", Path.Combine(Prefix, "env.sh"), ScriptPath!, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"torchvision reference {string.Join(' ', arguments)} took over 20 minutes.");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"torchvision reference {string.Join(' ', arguments)} failed:\n{stderr.Result}");
    }
}

/// <summary>A theory that runs only where the torchvision reference is installed, and says so when skipped.</summary>
public sealed class TorchVisionTheoryAttribute : TheoryAttribute
{
    public TorchVisionTheoryAttribute()
    {
        if (TorchVisionReference.Missing is { } reason) Skip = reason;
    }
}
