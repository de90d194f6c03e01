using NotebookKit.Training;

namespace NotebookKit.Tests.Training;

public class GridPivotTests
{
    [Fact]
    public void PivotsRunsIntoStrategyByLearningRateKeepingTheBestScheduleAndMarkingGaps()
    {
        GridRun Run(string s, double lr, string sched, double val) => new(s, lr, sched, val, 0, 1, 1);
        var pivot = GridPivot.Of([
            Run("backbone", 1e-2, "constant", 0.80), Run("backbone", 1e-3, "constant", 0.90), Run("backbone", 1e-3, "one-cycle", 0.93),
            Run("upto:layer3", 1e-3, "constant", 0.95)]);
        Assert.Equal(["backbone", "upto:layer3"], pivot.Rows);
        Assert.Equal(["0.001", "0.01"], pivot.Columns);
        Assert.Equal([0.93, 0.80], pivot.Values[0]);
        Assert.Equal(0.95, pivot.Values[1][0]);
        Assert.True(double.IsNaN(pivot.Values[1][1]));
    }
}
