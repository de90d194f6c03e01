using System.Diagnostics;

namespace NotebookKit.Benchmarks;

/// <summary>
/// The harness: kit and PyTorch phases alternate (A B A B …), each a fresh process reading the same plan, so slow
/// drift in machine load hits both sides of a pair alike and ratios are only taken within a pair.
/// </summary>
public sealed class PairedBench(BenchPlan plan, Func<string, string, ProcessStartInfo> kitProcess, PytorchReference? reference, IProgress<string>? log = null)
{
    /// <summary>Runs the pairs; <paramref name="afterPair"/> gets the report so far, so a long run interrupted late still leaves numbers.</summary>
    public BenchReport Run(int pairs, Action<BenchReport>? afterPair = null)
    {
        var dir = Directory.CreateTempSubdirectory("notebookkit-bench-");
        try
        {
            var planPath = Path.Combine(dir.FullName, "plan.json");
            var written = plan.PhoneImages > 0 ? plan with { PhoneFiles = PhonePhotos.Write(plan.Files, plan.PhoneImages, Path.Combine(dir.FullName, "phone")) } : plan;
            written.Save(planPath);
            var results = new List<(PhaseResult, PhaseResult?)>();
            var loads = new List<double[]>();
            for (var i = 0; i < pairs; i++)
            {
                loads.Add(ProcessProbe.LoadAverage());
                log?.Report($"pair {i + 1}/{pairs}: load average {loads[^1][0]:F2}");
                var kit = Phase("kit", kitProcess(planPath, Path.Combine(dir.FullName, $"kit{i}.json")), Path.Combine(dir.FullName, $"kit{i}.json"));
                var py = reference is null ? null
                    : Phase("pytorch", reference.StartInfo(planPath, Path.Combine(dir.FullName, $"py{i}.json")), Path.Combine(dir.FullName, $"py{i}.json"));
                results.Add((kit, py));
                if (i + 1 < pairs) afterPair?.Invoke(BenchReportBuilder.Build(plan, results, [.. loads, ProcessProbe.LoadAverage()], MachineInfo.Current()));
            }
            loads.Add(ProcessProbe.LoadAverage());
            return BenchReportBuilder.Build(plan, results, loads, MachineInfo.Current());
        }
        finally { dir.Delete(recursive: true); }
    }

    PhaseResult Phase(string engine, ProcessStartInfo start, string outPath)
    {
        ChildPhase.Run(engine, start, outPath, log);
        return PhaseResult.Load(outPath);
    }
}
