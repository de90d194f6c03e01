using NotebookKit.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Platform;

public class OutputLocationTests
{
    [Fact]
    public void WritableNewLocationsPassAndNothingIsCreated()
    {
        using var dir = new TempFolder();
        OutputLocation.CheckFolder(dir.Combine("a", "b", "run"), "--out");
        OutputLocation.CheckFile(dir.Combine("x", "report.json"), "--json");
        OutputLocation.CheckOutsideData(dir.Combine("run"), dir.Combine("data"), "--out");
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Root));
    }

    [Fact]
    public void EachImpossibleLocationIsNamed()
    {
        using var dir = new TempFolder();
        var file = dir.File("f", [1]);
        Assert.Contains("is a file", Assert.Throws<IOException>(() => OutputLocation.CheckFolder(file, "--out")).Message);
        Assert.Contains($"'{file}' is a file, not a folder", Assert.Throws<IOException>(() => OutputLocation.CheckFolder(Path.Combine(file, "run"), "--out")).Message);
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => OutputLocation.CheckFile(dir.Root, "--csv")).Message);
        Assert.Contains("inside the data folder", Assert.Throws<IOException>(() => OutputLocation.CheckOutsideData(dir.Combine("data", "run"), dir.Combine("data") + "/", "--out")).Message);
        Assert.Contains("not writable", Assert.Throws<IOException>(() => OutputLocation.CheckFolder("/proc/1/run", "--out")).Message);
    }
}
