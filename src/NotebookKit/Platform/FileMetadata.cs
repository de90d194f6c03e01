using System.Runtime.InteropServices;

namespace NotebookKit.Platform;

/// <summary>
/// What the OS keeps about a regular file, read without opening it: size, modification and status-change times (ns
/// since 1970), inode and device. The change time (ctime) is set by the kernel on every write, truncation, rename over
/// the name, or time change, and no call sets it back (<c>cp -p</c>, <c>rsync -t</c>, <c>touch -d</c> cannot), so an
/// equal stamp proves the content unchanged — once <see cref="Settled"/>.
/// </summary>
/// <param name="Settled">
/// The change time was older than the file system's timestamp granularity when the stamp was taken. A write in the same
/// tick as the last one leaves every time equal, so a younger stamp proves nothing until it is taken again later.
/// </param>
public readonly record struct FileStamp(long Length, long Modified, long Changed, ulong Inode, ulong Device, bool Settled)
{
    /// <summary>
    /// True when <paramref name="now"/> (a later stamp of the same path) proves the file still holds what it held when this
    /// one was taken. A later stamp with the same times is settled too, unless the clock went back: then it proves nothing.
    /// </summary>
    public bool Proves(FileStamp now) => Settled && this == now;
}

/// <summary>
/// Reads <see cref="FileStamp"/>s: Linux's <c>statx</c> (glibc 2.28+; <c>struct statx</c> has one layout on every
/// architecture), macOS's <c>stat</c> with 64-bit inodes. Windows has no change time that no program can set, so there
/// (and wherever the call is missing or refused) there is no stamp and callers read the content instead.
/// </summary>
public static class FileMetadata
{
    /// <summary>Whole-second times (ext3, HFS+, FAT's 2 s, some network shares) leave a write this long after another unseen.</summary>
    static readonly TimeSpan CoarseGrain = TimeSpan.FromSeconds(2);
    /// <summary>Finer times come from the kernel's clock tick (at most 10 ms); the rest is margin.</summary>
    internal static readonly TimeSpan FineGrain = TimeSpan.FromMilliseconds(100);
    const ushort TypeMask = 0xF000, RegularFile = 0x8000;
    const int ENOSYS = 38, EPERM = 1;
    static bool unavailable = !OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS();

    /// <summary>
    /// The stamp of the regular file <paramref name="path"/> names (a link's target), or null: no such file, not a regular
    /// file (a directory, FIFO or device), or no stamp on this OS.
    /// </summary>
    public static FileStamp? Of(string path)
    {
        var takenAt = DateTime.UtcNow; // before the call: a change after it leaves a newer time
        if (Stat(path) is not { } s || (s.Mode & TypeMask) != RegularFile) return null;
        var grain = s.Changed % 1_000_000_000 == 0 ? CoarseGrain : FineGrain;
        var settled = s.Changed < (takenAt - DateTime.UnixEpoch - grain).Ticks * 100;
        return new FileStamp(s.Length, s.Modified, s.Changed, s.Inode, s.Device, settled);
    }

    /// <summary>Whether <paramref name="path"/> (a link's target) is a regular file, or null when it is missing or this OS cannot tell.</summary>
    public static bool? IsRegular(string path) => Stat(path) is { } s ? (s.Mode & TypeMask) == RegularFile : null;

    readonly record struct Status(ushort Mode, long Length, long Modified, long Changed, ulong Inode, ulong Device);

    static Status? Stat(string path)
    {
        if (unavailable) return null;
        try
        {
            if (OperatingSystem.IsLinux())
            {
                if (statx(-100 /* AT_FDCWD */, path, 0 /* follow links */, StatxWanted, out var x) == 0)
                    return (x.Mask & StatxWanted) == StatxWanted
                        ? new Status(x.Mode, (long)x.Size, Nanoseconds(x.MtimeSec, x.MtimeNsec), Nanoseconds(x.CtimeSec, x.CtimeNsec), x.Ino, (ulong)x.DevMajor << 32 | x.DevMinor)
                        : null;
            }
            else if ((RuntimeInformation.ProcessArchitecture == Architecture.X64 ? stat_x64(path, out var m) : stat_arm64(path, out m)) == 0)
                return new Status(m.Mode, m.Size, Nanoseconds(m.MtimeSec, m.MtimeNsec), Nanoseconds(m.CtimeSec, m.CtimeNsec), m.Ino, (uint)m.Dev);
            if (Marshal.GetLastPInvokeError() is ENOSYS or EPERM) unavailable = true; // an old kernel, or a sandbox that forbids the call
            return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            unavailable = true; // glibc before 2.28, or another libc without statx
            return null;
        }
    }

    static long Nanoseconds(long seconds, long nanoseconds) => seconds * 1_000_000_000 + nanoseconds;

    const uint StatxWanted = 0x1 /* TYPE */ | 0x40 /* MTIME */ | 0x80 /* CTIME */ | 0x100 /* INO */ | 0x200 /* SIZE */;

    /// <summary><c>struct statx</c> from linux/stat.h (uapi): 256 bytes, the same on every architecture.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    struct Statx
    {
        [FieldOffset(0)] public uint Mask;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Ino;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(96)] public long CtimeSec;
        [FieldOffset(104)] public uint CtimeNsec;
        [FieldOffset(112)] public long MtimeSec;
        [FieldOffset(120)] public uint MtimeNsec;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;
    }

    /// <summary>
    /// macOS's <c>struct stat</c> with 64-bit inodes (<c>__DARWIN_STRUCT_STAT64</c> in the SDK's sys/stat.h): 144 bytes,
    /// the same on arm64 and x64. On x64 the plain <c>stat</c> symbol still has 32-bit inodes; <c>stat$INODE64</c> is this one.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    struct DarwinStat
    {
        [FieldOffset(0)] public int Dev;
        [FieldOffset(4)] public ushort Mode;
        [FieldOffset(8)] public ulong Ino;
        [FieldOffset(48)] public long MtimeSec;
        [FieldOffset(56)] public long MtimeNsec;
        [FieldOffset(64)] public long CtimeSec;
        [FieldOffset(72)] public long CtimeNsec;
        [FieldOffset(96)] public long Size;
    }

    [DllImport("libc", SetLastError = true)]
    static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out Statx buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    static extern int stat_arm64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out DarwinStat buffer);

    [DllImport("libc", EntryPoint = "stat$INODE64", SetLastError = true)]
    static extern int stat_x64([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out DarwinStat buffer);
}
