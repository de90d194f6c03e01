namespace NotebookKit.Cli.Notebooks;

/// <summary>The NotebookKit repository this command runs in, found by walking up to NotebookKit.sln.</summary>
sealed record RepoLayout(string Root)
{
    public string Notebooks => Path.Combine(Root, "notebooks");
    public string Library => Path.Combine(Root, "src", "NotebookKit", "NotebookKit.csproj");

    public static RepoLayout Find(string? start = null)
    {
        for (var dir = new DirectoryInfo(start ?? Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln"))) return new RepoLayout(dir.FullName);
        throw new DirectoryNotFoundException("Run this inside the NotebookKit repository (no NotebookKit.sln found above the current folder).");
    }
}
