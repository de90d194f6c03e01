using System.Globalization;

namespace NotebookKit.Cli;

/// <summary>
/// The peak resident memory of a process and all its descendants together (a notebook's dotnet-repl, the kernel it
/// hosts, anything they start), sampled from Linux's /proc while it runs: what a laptop must have free for it. The sum
/// counts pages shared between processes once per process, and a peak shorter than the sampling interval can pass
/// unseen. Elsewhere nothing is measured (<see cref="PeakBytes"/> stays null).
/// </summary>
sealed class ProcessTreeMemory(string procRoot = "/proc", int intervalMs = 100) : IDisposable
{
    readonly CancellationTokenSource stop = new();
    Task? sampling;
    long peak;

    /// <summary>The highest total seen, or null before any sample (or off Linux).</summary>
    public long? PeakBytes => Interlocked.Read(ref peak) is > 0 and var p ? p : null;

    /// <summary>Starts sampling the tree under <paramref name="rootPid"/>; stops on dispose.</summary>
    public void Watch(int rootPid)
    {
        if (!Directory.Exists(procRoot)) return;
        sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var total = Tree(rootPid).Sum(ResidentBytes);
                if (total > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, total);
                try { await Task.Delay(intervalMs, stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    /// <summary><paramref name="root"/> and its descendants, from each process's parent id in /proc/PID/stat.</summary>
    IEnumerable<int> Tree(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || ReadParent(dir) is not { } parent) continue;
            (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
        }
        var pending = new Stack<int>([root]);
        while (pending.TryPop(out var pid))
        {
            yield return pid;
            foreach (var c in children.GetValueOrDefault(pid) ?? []) pending.Push(c);
        }
    }

    static int? ReadParent(string dir)
    {
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
        var stat = TryRead(Path.Combine(dir, "stat"));
        var close = stat?.LastIndexOf(')') ?? -1;
        if (stat is null || close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 1 && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }

    long ResidentBytes(int pid)
    {
        var line = TryRead(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "status"))?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = line?["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.TryParse(kb, CultureInfo.InvariantCulture, out var k) ? k * 1024 : 0;
    }

    // A process can exit between listing and reading: it then counts as nothing.
    static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }

    public void Dispose()
    {
        stop.Cancel();
        sampling?.Wait();
        stop.Dispose();
    }
}
