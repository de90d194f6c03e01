using Microsoft.Data.Analysis;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics;

/// <summary>How one doctor check came out. Only <see cref="Broken"/> keeps the kit from working.</summary>
public enum CheckStatus { Ok, Warning, Fixed, Broken }

/// <summary>One line of the doctor's report; <paramref name="Fix"/> says what to do when it is not OK.</summary>
public sealed record DoctorCheck(string Name, CheckStatus Status, string Detail, string? Fix = null)
{
    public static DoctorCheck Ok(string name, string detail, string? fix = null) => new(name, CheckStatus.Ok, detail, fix);
    public static DoctorCheck Warning(string name, string detail, string fix) => new(name, CheckStatus.Warning, detail, fix);
    public static DoctorCheck Broken(string name, string detail, string fix) => new(name, CheckStatus.Broken, detail, fix);
}

/// <summary>Every check the doctor ran, in order.</summary>
public sealed record DoctorReport(IReadOnlyList<DoctorCheck> Checks)
{
    public bool IsHealthy => Checks.All(c => c.Status != CheckStatus.Broken);

    public int Count(CheckStatus status) => Checks.Count(c => c.Status == status);

    /// <summary>One row per check (check, status, detail, fix), for a notebook table.</summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn("check", Checks.Select(c => c.Name)),
        new StringDataFrameColumn("status", Checks.Select(c => c.Status.ToString())),
        new StringDataFrameColumn("detail", Checks.Select(c => c.Detail)),
        new StringDataFrameColumn("fix", Checks.Select(c => c.Fix ?? "")));

    public override string ToString() =>
        string.Join(Environment.NewLine, Checks.Select(c => $"{c.Status,-8} {c.Name}: {c.Detail}" + (c.Fix is null || c.Status == CheckStatus.Ok ? "" : $" — fix: {c.Fix}")))
        + Environment.NewLine + (IsHealthy ? "Ready." : $"{Count(CheckStatus.Broken)} problem(s) to fix: run 'notebookkit doctor --fix'.");
}
