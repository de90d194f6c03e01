using NotebookKit.Diagnostics;
using NotebookKit.Notebooks;
using NotebookKit.Data;
using NotebookKit.Platform;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests;

public class KitTests
{
    [Fact]
    public void DataPathPrefersNotebookKitDataAndNamesWhereItLookedWhenMissing()
    {
        Assert.Equal(Path.Combine(SharedData.Root, "plants"), Kit.DataPath("plants"));
        var e = Assert.Throws<DataException>(() => Kit.DataPath("no-such-dataset"));
        Assert.Contains("no-such-dataset", e.Message);
        Assert.Contains("datasets download", e.Message);
    }

    [Fact]
    public void AugmentationPresetsParseByNameAndRejectUnknownOnes()
    {
        Assert.Same(Augmentation.Keras, Augmentation.Parse(" Keras "));
        Assert.Same(Augmentation.None, Augmentation.Parse("none"));
        Assert.Same(Augmentation.FastAi, Augmentation.Parse("fastai"));
        Assert.Contains("standard", Assert.Throws<ArgumentException>(() => Augmentation.Parse("heavy")).Message);
    }

    [Fact]
    public void DoctorReportBecomesOneRowPerCheck()
    {
        var report = new DoctorReport([DoctorCheck.Ok("a", "fine"), DoctorCheck.Broken("b", "gone", "run the fix")]);
        var table = report.ToDataFrame();
        Assert.Equal(2, table.Rows.Count);
        Assert.Equal("Broken", table["status"][1]);
        Assert.Equal("run the fix", table["fix"][1]);
        Assert.Contains("problem(s) to fix", report.ToString());
    }
}
