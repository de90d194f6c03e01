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
        var folder = Path.GetDirectoryName(path);
        if (folder is null || !Directory.Exists(folder)) return [];
        var name = Path.GetFileName(path);
        var removed = new List<string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder, name + ".*"))
        {
            var match = Leftover().Match(Path.GetFileName(entry)[name.Length..]);
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
