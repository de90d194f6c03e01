namespace NotebookKit.Training;

/// <summary>Grid results as a strategy × learning-rate table of validation accuracy (NaN where a cell did not run), ready for a heat map.</summary>
public sealed record GridPivot(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, double[][] Values)
{
    /// <summary>Rows are freeze strategies, columns learning rates; with several schedules, each cell keeps its best run.</summary>
    public static GridPivot Of(IReadOnlyList<GridRun> runs)
    {
        var rows = runs.Select(r => r.Strategy).Distinct().ToList();
        var lrs = runs.Select(r => r.Lr).Distinct().Order().ToList();
        var values = rows.Select(row => lrs.Select(lr =>
            runs.Where(r => r.Strategy == row && r.Lr == lr).Select(r => r.ValAccuracy).DefaultIfEmpty(double.NaN).Max()).ToArray()).ToArray();
        return new GridPivot(rows, [.. lrs.Select(lr => lr.ToString("G3", System.Globalization.CultureInfo.InvariantCulture))], values);
    }
}
