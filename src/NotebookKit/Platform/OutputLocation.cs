namespace NotebookKit.Platform;

/// <summary>
/// Checks, before any work, that an output can be written where it was asked for: not over a file or folder of the
/// wrong kind, not below a file, in a writable folder (permissions, read-only file systems), and not inside the data.
/// Each failure is an <see cref="IOException"/> whose message names the path and the option.
/// </summary>
public static class OutputLocation
{
    /// <summary>A folder the command will create (e.g. a run folder).</summary>
    public static void CheckFolder(string path, string what)
    {
        var full = Full(path, what);
        if (File.Exists(full)) throw new IOException($"{what} '{full}' is a file; it needs a folder. Choose another path.");
        ProbeWritable(NearestExistingFolder(full, what), full, what);
    }

    /// <summary>A file the command will write (e.g. a checkpoint or a report).</summary>
    public static void CheckFile(string path, string what)
    {
        var full = Full(path, what);
        if (Directory.Exists(full)) throw new IOException($"{what} '{full}' is a folder; it needs a file name, e.g. {Path.Combine(full, "report.json")}.");
        ProbeWritable(NearestExistingFolder(Path.GetDirectoryName(full)!, what), full, what);
    }

    /// <summary>An output inside the data folder would be scanned by the next run (a phantom class named after the run).</summary>
    public static void CheckOutsideData(string path, string dataRoot, string what)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataRoot));
        if (full == data || full.StartsWith(data + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new IOException($"{what} '{full}' is inside the data folder '{data}': the next run would read it as images or a class. Write it outside the data folder.");
    }

    static string Full(string path, string what) =>
        string.IsNullOrWhiteSpace(path) ? throw new IOException($"{what} needs a path.") : Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The deepest existing ancestor of <paramref name="path"/> (itself included); a file on the way makes the path impossible.</summary>
    static string NearestExistingFolder(string path, string what)
    {
        for (var dir = path; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir)) return dir;
            if (File.Exists(dir)) throw new IOException($"{what} '{path}' cannot be created: '{dir}' is a file, not a folder. Choose another path.");
        }
        throw new IOException($"{what} '{path}' has no existing parent folder.");
    }

    /// <summary>Writes and deletes a probe file: the only check that also catches read-only mounts, ACLs and quotas.</summary>
    static void ProbeWritable(string folder, string target, string what)
    {
        var probe = Path.Combine(folder, $".notebookkit-write-probe-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{what} '{target}' cannot be written: folder '{folder}' is not writable ({e.Message.TrimEnd('.')}). Choose a writable location.", e);
        }
    }
}
