using System.Runtime.InteropServices;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;
using NotebookKit.Tests.Training;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Platform;

/// <summary>Runs alone (the torch collection), so the process's resident memory is this test's.</summary>
[Collection(TorchCollection.Name)]
public sealed class NativeHeapTests
{
    /// <summary>
    /// The pattern of a training step under glibc's dynamic threshold: a freed 16 MB block raises the mmap threshold to
    /// 16 MB, so the next 4 MB tensors come from an arena, and one still alive above them keeps all of them resident
    /// after they are freed (about 150 MB here). With the threshold fixed each is its own mapping and goes back when freed.
    /// </summary>
    [GlibcFact]
    public void Freed_tensors_go_back_to_the_os_even_after_a_large_block_was_freed()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is not { Length: > 0 })
            Assert.True(NativeHeap.KeepLargeBlocksMapped(), "mallopt(M_MMAP_THRESHOLD) was refused");
        NativeHeap.Trim();
        var holes = FillFreeArenaChunks();
        try
        {
            using (var large = ones(4L << 20)) Assert.Equal(4L << 20, large.sum().item<float>());
            var before = Resident();
            var blocks = Enumerable.Range(0, 40).Select(_ => ones(1L << 20)).ToList(); // 4 MB each, written, so resident
            var grown = Resident() - before;
            foreach (var b in blocks.SkipLast(1)) b.Dispose();
            var kept = Resident() - before;
            blocks[^1].Dispose();
            Assert.True(grown > 120 << 20, $"the blocks were not resident ({grown >> 20} MB): the test measures nothing");
            Assert.True(kept < 40 << 20, $"{kept >> 20} MB of 39 freed 4 MB tensors are still resident while one allocated after them lives");
        }
        finally { foreach (var h in holes) h.Dispose(); }
    }

    /// <summary>
    /// malloc serves a request from a free arena chunk that fits before it looks at the mmap threshold at all, and earlier
    /// tests in this process leave such chunks (trimmed, so not resident, but still free: the suite failed once with 148 MB
    /// of them). Unwritten 4 MB tensors take them until one is mapped instead (mallinfo2's mapped bytes grow), so the
    /// blocks measured after come from the policy under test (fresh mappings, or the arena's top), not from the suite's history.
    /// The caller disposes them after measuring.
    /// </summary>
    static List<Tensor> FillFreeArenaChunks()
    {
        var held = new List<Tensor>();
        while (held.Count < 10_000)
        {
            var mapped = MappedBytes();
            held.Add(empty(1L << 20));
            if (MappedBytes() - mapped >= 4 << 20) return held;
        }
        foreach (var h in held) h.Dispose();
        throw new InvalidOperationException("40 GB of 4 MB requests and none was mapped: the mmap threshold is not in force");
    }

    /// <summary>Bytes in chunks mapped on their own (hblkhd): mallinfo2 from glibc 2.33, mallinfo's 32-bit count before.</summary>
    static long MappedBytes()
    {
        try { return (long)mallinfo2().hblkhd; }
        catch (EntryPointNotFoundException) { return mallinfo().hblkhd; }
    }

    [StructLayout(LayoutKind.Sequential)]
    struct MallInfo2 { public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }

    [StructLayout(LayoutKind.Sequential)]
    struct MallInfo { public int arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost; }

    [DllImport("libc")]
    static extern MallInfo2 mallinfo2();

    [DllImport("libc")]
    static extern MallInfo mallinfo();

    /// <summary>
    /// Inside <see cref="NativeHeap.ForwardPassScope"/> a step's blocks are reused by the next step instead of being mapped and
    /// faulted in again: the second step takes a fraction of the first one's page faults (mapped afresh, both would take
    /// about 40,960). <see cref="NativeHeap.Trim"/> gives the blocks back afterwards.
    /// </summary>
    [GlibcFact]
    public void A_steps_blocks_are_reused_by_the_next_step_and_trimmed_after()
    {
        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 }) return; // the user's own setting wins; nothing of the kit's to test
        Assert.True(NativeHeap.KeepLargeBlocksMapped(), "mallopt(M_MMAP_THRESHOLD) was refused");
        NativeHeap.Trim();
        var holes = FillFreeArenaChunks(); // else a step's blocks could come from other free chunks than the last step's (the suite failed once so)
        var before = Resident();
        long Step()
        {
            var faults = MinorFaults();
            using var _ = NativeHeap.ForwardPassScope();
            var blocks = Enumerable.Range(0, 40).Select(_ => ones(1L << 20)).ToList(); // 4 MB each, written: 40,960 pages
            foreach (var b in blocks) b.Dispose();
            return MinorFaults() - faults;
        }
        var first = Step();
        var second = Step();
        Assert.True(first > 30_000, $"the first step took {first} page faults: its blocks were not fresh memory, the test measures nothing");
        Assert.True(second < first / 4, $"the second step took {second} page faults, the first {first}: its blocks were mapped again, not reused");
        NativeHeap.Trim();
        var after = Resident() - before;
        foreach (var h in holes) h.Dispose();
        Assert.True(after < 40 << 20, $"{after >> 20} MB of the steps' freed blocks are still resident after the trim");
    }

    /// <summary>Minor page faults of this process so far (/proc/self/stat, field 10).</summary>
    static long MinorFaults() => long.Parse(File.ReadAllText("/proc/self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[7]);

    static long Resident()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("/proc/self/status has no VmRSS line");
    }
}
