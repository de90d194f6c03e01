using System.Diagnostics;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

public class FileMetadataTests
{
    /// <summary>Long enough for a stamp of a file written now to be <see cref="FileStamp.Settled"/> on a file system with fine times.</summary>
    internal static void Settle() => Thread.Sleep(FileMetadata.FineGrain * 2);

    static FileStamp StampOf(string path) => FileMetadata.Of(path) ?? throw new InvalidOperationException($"no stamp for '{path}'");

    [StampFact]
    public void The_stamp_agrees_with_dotnet_and_the_stat_command()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", new byte[12_345]);
        var time = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(path, time);
        var stamp = StampOf(path);
        Assert.Equal(12_345, stamp.Length);
        Assert.Equal(time.Ticks, DateTime.UnixEpoch.Ticks + stamp.Modified / 100);
        // Inode and change time as the OS's own stat command prints them: the struct's offsets are right.
        var (inode, changed) = OperatingSystem.IsMacOS() ? ("%i", "%c") : ("%i", "%Z");
        var printed = Run("stat", OperatingSystem.IsMacOS() ? "-f" : "-c", $"{inode} {changed}", path).Split(' ');
        Assert.Equal(ulong.Parse(printed[0]), stamp.Inode);
        Assert.Equal(long.Parse(printed[1]), stamp.Changed / 1_000_000_000);
        Assert.NotEqual(0UL, stamp.Device);
        Assert.Equal(stamp.Device, StampOf(tmp.File("b.jpg", [1])).Device);
    }

    [StampFact]
    public void A_rewrite_with_its_old_size_and_time_changes_the_stamp()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", new byte[5000]);
        var time = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc); // .NET sets times to 100 ns; so do it before as after
        File.SetLastWriteTimeUtc(path, time);
        Settle();
        var before = StampOf(path);
        Assert.True(before.Settled);
        File.WriteAllBytes(path, Enumerable.Repeat((byte)7, 5000).ToArray()); // what cp -p or rsync -t leaves
        File.SetLastWriteTimeUtc(path, time);
        var after = StampOf(path);
        Assert.Equal((before.Length, before.Modified, before.Inode), (after.Length, after.Modified, after.Inode));
        Assert.False(before.Proves(after));
        Assert.True(after.Changed > before.Changed);
    }

    [StampFact]
    public void A_rename_over_the_name_changes_the_inode()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", new byte[5000]);
        var other = tmp.File("b.jpg", new byte[5000]);
        File.SetLastWriteTimeUtc(other, File.GetLastWriteTimeUtc(path));
        Settle();
        var before = StampOf(path);
        File.Move(other, path, overwrite: true);
        var after = StampOf(path);
        Assert.NotEqual(before.Inode, after.Inode);
        Assert.False(before.Proves(after));
    }

    [StampFact]
    public void A_fresh_stamp_proves_nothing_until_it_settles()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("a.jpg", new byte[100]);
        var written = Stopwatch.StartNew();
        var fresh = StampOf(path);
        if (written.Elapsed < FileMetadata.FineGrain) // (a loaded machine may pause this thread longer)
            Assert.False(fresh.Settled);
        Assert.False((fresh with { Settled = false }).Proves(fresh));
        Settle();
        var later = StampOf(path);
        Assert.True(later.Settled);
        Assert.True(later.Proves(StampOf(path)));
        Assert.Equal(fresh with { Settled = true }, later);
    }

    [StampFact]
    public void Only_regular_files_have_stamps_and_links_are_followed()
    {
        using var tmp = new TempFolder();
        var target = tmp.File("photos/a.jpg", new byte[300]);
        var link = tmp.PathOf("link.jpg");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(StampOf(target), StampOf(link));
        Assert.True(FileMetadata.IsRegular(link));
        Assert.Null(FileMetadata.Of(tmp.PathOf("photos")));
        Assert.False(FileMetadata.IsRegular(tmp.PathOf("photos")));
        Assert.Null(FileMetadata.Of(tmp.PathOf("missing.jpg")));
        Assert.Null(FileMetadata.IsRegular(tmp.PathOf("missing.jpg")));
        var fifo = tmp.PathOf("pipe.jpg");
        HostileFiles.MakeFifo(fifo);
        Assert.Null(FileMetadata.Of(fifo));
    }

    static string Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}

/// <summary>A fact about the OS's file stamps: they exist on Linux (statx) and macOS (stat); Windows keeps none (the kit reads fingerprints there).</summary>
public sealed class StampFactAttribute : FactAttribute
{
    public StampFactAttribute()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) Skip = "needs Linux or macOS: Windows keeps no change time a program cannot set, so there is no stamp";
    }
}
