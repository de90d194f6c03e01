using System.Diagnostics;

namespace NotebookKit.Tests.Support;

/// <summary>
/// A small real file system (Linux tmpfs) for full-disk and read-only tests: writes fail the way they fail on a full
/// USB stick, which no mock reproduces. Needs root; <see cref="RootFactAttribute"/> skips the test otherwise.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    public string Root { get; }

    public Tmpfs(string size, bool readOnly = false)
    {
        Root = Directory.CreateTempSubdirectory("nbk-tmpfs-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={size}{(readOnly ? ",ro" : "")}", "tmpfs", Root);
    }

    public string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Fills the file system to the last byte.</summary>
    public void Fill()
    {
        try
        {
            using var f = File.Create(Combine("filler"));
            var block = new byte[64 * 1024];
            while (true) f.Write(block);
        }
        catch (IOException) { }
    }

    public void Dispose()
    {
        Run("umount", "-l", Root);
        Directory.Delete(Root);
    }

    static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {err}");
    }
}
