namespace NotebookKit.Tests.Support;

/// <summary>A fact that needs root (mounting a tmpfs); skipped, saying why, for everyone else.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: mounts a tmpfs to fill a real file system";
        else if (Environment.UserName != "root") Skip = "needs root: mounts a tmpfs to fill a real file system (run the tests as root, e.g. in CI's container)";
    }
}

/// <summary>A fact about the real program on Linux (signals through kill(2), /dev/full, newlines in file names); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: kill(2) signals, /dev/full and newlines in file names";
    }
}

/// <summary>The theory form of <see cref="LinuxFactAttribute"/>.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux: kill(2) signals";
    }
}

/// <summary>A fact about glibc's allocator (mallopt, resident memory from /proc); skipped elsewhere.</summary>
public sealed class GlibcFactAttribute : FactAttribute
{
    public GlibcFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux with glibc: it sets and measures glibc's allocator";
    }
}
