using NotebookKit.Diagnostics;
using NotebookKit.Platform;
using Xunit;

using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

public sealed class LibStdCxxTests
{
    [Fact]
    public void HighestGlibcxx_compares_numerically_and_ignores_other_version_families() =>
        Assert.Equal("GLIBCXX_3.4.30", LibStdCxx.HighestGlibcxx(["GLIBCXX_3.4.9", "GLIBCXX_3.4.30", "GLIBCXX_3.4", "CXXABI_1.3.13", "GLIBCXX_3.4.4"]));

    [Fact]
    public void HighestGlibcxx_of_no_GLIBCXX_versions_is_null() => Assert.Null(LibStdCxx.HighestGlibcxx(["CXXABI_1.3", "GLIBC_2.34"]));

    [Theory]
    [InlineData("GLIBCXX_3.4.32", "3.4.32")]
    [InlineData("GLIBCXX_3.4", "3.4")]
    [InlineData("CXXABI_1.3", null)]
    [InlineData("GLIBCXX_DEBUG", null)]
    public void ParseGlibcxx(string version, string? expected) => Assert.Equal(expected, LibStdCxx.ParseGlibcxx(version)?.ToString());

    [Fact]
    public void Find_prefers_LD_LIBRARY_PATH()
    {
        using var temp = new TempFolder();
        temp.File("libstdc++.so.6", MiniElf.Build("libstdc++.so.6", ["GLIBCXX_3.4"]));

        Assert.Equal(Path.Combine(temp.Root, "libstdc++.so.6"), LibStdCxx.Find($"/nonexistent:{temp.Root}"));
    }
}
