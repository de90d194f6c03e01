using NotebookKit.Models;

namespace NotebookKit.Tests.Models;

public class ArchitectureProfileTests
{
    /// <summary>The live measurement agrees with the published numbers the zoo records (and so with torchvision's).</summary>
    [Theory]
    [InlineData("lenet5", 84L)]
    [InlineData("alexnet", 4096L)]
    [InlineData("googlenet", 1024L)]
    public void MeasuresPublishedParametersMacsAndTheFeatureShape(string id, long features)
    {
        var entry = Pretrained.Get(id);
        var profile = ArchitectureProfile.Measure(id);
        Assert.Equal([1L, features], profile.FeatureShape);
        Assert.Equal(entry.Metadata.Parameters, profile.Parameters);
        Assert.InRange(profile.Macs / 1e9, entry.Metadata.GFlops * 0.99, entry.Metadata.GFlops * 1.01);
        Assert.Equal(entry.OriginalClasses, profile.OriginalClasses);
    }

    [Fact]
    public void TableHasOneRowPerProfileWithoutAnIndexOfItsOwn()
    {
        var table = ArchitectureProfile.Table([ArchitectureProfile.Measure("lenet5")]);
        Assert.Equal(["model", "input", "features", "classes", "parameters", "GMACs"], table.Columns.Select(c => c.Name));
        Assert.Equal("[1, 3, 32, 32]", table["input"][0]);
        Assert.Equal(62_006L, table["parameters"][0]);
    }
}
