namespace NotebookKit.Cli.Notebooks;

/// <summary>
/// .NET runtime settings for the processes that run chapters but are not built here (the Jupyter kernel, dotnet-repl);
/// the kit's own executables get the same through Directory.Build.props (<c>TieredPGO</c>). Tiered PGO first re-JITs hot
/// methods into an instrumented tier: the image decoder then spends a short epoch's first seconds there. Without it, a
/// cold 96-photo layer4 epoch in the bench went from 1.23–1.28× its steps' time to 1.00–1.02×.
/// </summary>
static class KernelRuntime
{
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" };

    /// <summary><paramref name="variables"/> plus <see cref="Environment"/>.</summary>
    public static Dictionary<string, string> With(IReadOnlyDictionary<string, string> variables) =>
        new(variables.Concat(Environment));
}
