namespace NotebookKit.Tests.Support;

/// <summary>The shared real photos (never copied into the repo): NOTEBOOKKIT_DATA, else ../shared/datasets beside the repo.</summary>
public static class SharedData
{
    public static string Root { get; } = Find();

    public static string CatsDogs => Path.Combine(Root, "cats-dogs");
    public static string Plants => Path.Combine(Root, "plants");

    /// <summary>A real photo of the given class and split.</summary>
    public static string Photo(string dataset = "cats-dogs", string split = "test", string cls = "cat", int index = 0) =>
        Directory.GetFiles(Path.Combine(Root, dataset, split, cls)).Order(StringComparer.Ordinal).ElementAt(index);

    static string Find()
    {
        if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_DATA") is { Length: > 0 } env && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("Shared datasets not found: set NOTEBOOKKIT_DATA to a folder holding cats-dogs/ and plants/.");
    }
}
