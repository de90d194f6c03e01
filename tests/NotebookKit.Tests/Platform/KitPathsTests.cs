using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

/// <summary>Where the kit's cache and the NuGet folder are on each OS, from a given environment (Windows' paths joined with this OS's separator).</summary>
public class KitPathsTests
{
    static Func<string, string?> Env(params (string Name, string Value)[] set) => name => set.FirstOrDefault(s => s.Name == name).Value;

    [Fact]
    public void WindowsKeepsTheCacheInLocalAppData()
    {
        var local = Path.Combine("C:", "Users", "ada", "AppData", "Local");
        Assert.Equal(Path.Combine(local, "notebookkit"), KitPaths.CacheRootFor(Env(), windows: true, local, Path.Combine("C:", "Users", "ada")));
    }

    [Fact]
    public void LinuxAndMacOsUseDotCacheUnlessXdgSaysOtherwise()
    {
        Assert.Equal(Path.Combine("/home/ada", ".cache", "notebookkit"), KitPaths.CacheRootFor(Env(), windows: false, "", "/home/ada"));
        Assert.Equal(Path.Combine("/xdg", "notebookkit"), KitPaths.CacheRootFor(Env(("XDG_CACHE_HOME", "/xdg")), windows: false, "", "/home/ada"));
    }

    [Fact]
    public void NotebookkitCacheWinsEverywhereAndAnEmptyValueCountsAsUnset()
    {
        Assert.Equal("D:/kit", KitPaths.CacheRootFor(Env(("NOTEBOOKKIT_CACHE", "D:/kit"), ("XDG_CACHE_HOME", "/xdg")), windows: true, "L", "H"));
        Assert.Equal(Path.Combine("L", "notebookkit"), KitPaths.CacheRootFor(Env(("NOTEBOOKKIT_CACHE", ""), ("XDG_CACHE_HOME", "")), windows: true, "L", "H"));
    }

    [Fact]
    public void TheNuGetFolderIsUnderTheProfileUnlessNuGetPackagesIsSet()
    {
        var profile = Path.Combine("C:", "Users", "ada");
        Assert.Equal(Path.Combine(profile, ".nuget", "packages"), KitPaths.NuGetPackagesRootFor(Env(), profile));
        Assert.Equal("E:/packages", KitPaths.NuGetPackagesRootFor(Env(("NUGET_PACKAGES", "E:/packages")), profile));
    }

    [Fact]
    public void ThePatchedCopyLivesInTheKitsCacheNamedByTheOriginalsContent()
    {
        using var temp = new NotebookKit.Tests.Support.TempFolder();
        var a = temp.File("a/libLibTorchSharp.so", [1, 2, 3]);
        var b = temp.File("b/libLibTorchSharp.so", [1, 2, 3]);
        var other = temp.File("c/libLibTorchSharp.so", [4]);
        var cache = temp.PathOf("cache");
        Assert.Equal(NativeLibraries.PatchedCopy(a, cache), NativeLibraries.PatchedCopy(b, cache));
        Assert.NotEqual(NativeLibraries.PatchedCopy(a, cache), NativeLibraries.PatchedCopy(other, cache));
        Assert.StartsWith(cache + Path.DirectorySeparatorChar, NativeLibraries.PatchedCopy(a, cache));
        Assert.EndsWith(Path.Combine("", "libLibTorchSharp.so"), NativeLibraries.PatchedCopy(a, cache));
    }
}
