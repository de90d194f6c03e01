using System.Globalization;

namespace NotebookKit.Benchmarks;

/// <summary>Process facts from /proc, read the same way as the Python reference reads them.</summary>
public static class ProcessProbe
{
    // USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every Linux ABI .NET runs on.
    const double ClockTicksPerSecond = 100;

    /// <summary>Seconds since this process started (kernel start time, so it includes runtime start-up).</summary>
    public static double AgeSeconds()
    {
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], CultureInfo.InvariantCulture);
        var stat = File.ReadAllText("/proc/self/stat");
        // Fields after the parenthesised command name (which may contain spaces); starttime is field 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var startTicks = long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
        return uptime - startTicks / ClockTicksPerSecond;
    }

    /// <summary>Resident set size (VmRSS) in megabytes.</summary>
    public static double RssMegabytes() => StatusMegabytes("VmRSS:");

    /// <summary>Peak resident set size (VmHWM) of this process so far, in megabytes.</summary>
    public static double PeakRssMegabytes() => StatusMegabytes("VmHWM:");

    static double StatusMegabytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>1-, 5- and 15-minute load averages.</summary>
    public static double[] LoadAverage() =>
        [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(s => double.Parse(s, CultureInfo.InvariantCulture))];
}
