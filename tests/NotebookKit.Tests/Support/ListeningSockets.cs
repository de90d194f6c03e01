using System.Globalization;
using System.Net;

namespace NotebookKit.Tests.Support;

/// <summary>The TCP sockets a process tree listens on, read from /proc (Linux): /proc/net/tcp* matched to the processes' socket inodes.</summary>
static class ListeningSockets
{
    const string Listen = "0A";

    public static IReadOnlyList<IPEndPoint> Of(int rootPid)
    {
        var inodes = Tree(rootPid).SelectMany(SocketInodes).ToHashSet();
        var sockets = new List<IPEndPoint>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length > 9 && f[3] == Listen && inodes.Contains(f[9])) sockets.Add(Parse(f[1]));
            }
        return sockets;
    }

    /// <summary>"0100007F:0800" → 127.0.0.1:2048; IPv6 addresses are four little-endian 32-bit words.</summary>
    public static IPEndPoint Parse(string local)
    {
        var (hex, port) = (local[..local.IndexOf(':')], int.Parse(local[(local.IndexOf(':') + 1)..], NumberStyles.HexNumber));
        var bytes = Convert.FromHexString(hex);
        for (var word = 0; word < bytes.Length; word += 4) Array.Reverse(bytes, word, 4);
        return new IPEndPoint(new IPAddress(bytes), port);
    }

    public static bool IsLoopback(IPEndPoint endpoint) =>
        IPAddress.IsLoopback(endpoint.Address.IsIPv4MappedToIPv6 ? endpoint.Address.MapToIPv4() : endpoint.Address);

    static IEnumerable<string> SocketInodes(int pid)
    {
        string[] links;
        try { links = Directory.GetFiles($"/proc/{pid}/fd"); } catch (IOException) { yield break; } catch (UnauthorizedAccessException) { yield break; }
        foreach (var link in links)
        {
            string? target;
            try { target = new FileInfo(link).LinkTarget; } catch (IOException) { continue; }
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) yield return target[8..^1];
        }
    }

    /// <summary>The process and all its descendants (parent ids from /proc/PID/stat).</summary>
    static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++) tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        return tree;
    }
}
