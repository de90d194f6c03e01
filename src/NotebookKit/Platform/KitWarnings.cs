using System.Collections.Concurrent;

namespace NotebookKit.Platform;

/// <summary>
/// Where the library reports what it worked around (a damaged cache file, an unwritable cache folder): one line each,
/// to stderr unless a front end sets <see cref="Sink"/>. The same line is reported once per process.
/// </summary>
public static class KitWarnings
{
    static readonly ConcurrentDictionary<string, bool> Said = new();

    /// <summary>Receives each warning line; stderr by default (stdout stays the command's data).</summary>
    public static Action<string> Sink { get; set; } = line => Console.Error.WriteLine(line);

    public static void Warn(string line)
    {
        if (Said.TryAdd(line, true)) Sink("warning: " + line);
    }
}
