using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NotebookKit.Platform;

/// <summary>
/// Removes what killed runs leave beside an output: <c>NAME.partial-PID</c> staging folders and <c>NAME.PID.tmp</c>
/// files, whose process is no longer running. A live process's files are left alone.
/// </summary>
public static partial class StaleFiles
{
    /// <summary>Deletes the leftovers of dead processes next to <paramref name="path"/>; returns what was removed.</summary>
    public static IReadOnlyList<string> RemoveBeside(string path)
    {
        path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(path);
        return Remove(Path.GetDirectoryName(path), name + ".*", entry => entry[name.Length..]);
    }

    /// <summary>Deletes the leftovers of dead processes anywhere in <paramref name="folder"/> (e.g. a cache table's shards).</summary>
    public static IReadOnlyList<string> RemoveIn(string folder) =>
        Remove(folder, "*", entry => Path.GetExtension(entry) == ".tmp" ? Path.GetExtension(Path.GetFileNameWithoutExtension(entry)) + ".tmp" : Path.GetExtension(entry));

    static List<string> Remove(string? folder, string pattern, Func<string, string> suffix)
    {
        var removed = new List<string>();
        if (folder is null || !Directory.Exists(folder)) return removed;
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, pattern))
        {
            var match = Leftover().Match(suffix(Path.GetFileName(entry)));
            if (!match.Success || IsRunning(int.Parse(match.Groups["pid"].Value))) continue;
            try
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
                removed.Add(entry);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // someone else's file: not ours to force
        }
        return removed;
    }

    [GeneratedRegex(@"^\.(partial-(?<pid>\d{1,9})|(?<pid>\d{1,9})\.tmp)$")]
    private static partial Regex Leftover();

    static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
