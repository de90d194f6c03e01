namespace NotebookKit.Benchmarks;

/// <summary>Turns the phases of alternating pairs into a <see cref="BenchReport"/>; ratios are only ever taken within a pair.</summary>
public static class BenchReportBuilder
{
    /// <summary>Size the headline numbers are quoted at (when the plan has it).</summary>
    public const int HeadlineSize = 224;

    public static BenchReport Build(BenchPlan plan, IReadOnlyList<(PhaseResult Kit, PhaseResult? Pytorch)> pairs, IReadOnlyList<double[]> loadAverages, MachineInfo machine)
    {
        var keys = pairs[0].Kit.Measurements.Select(m => (m.Workload, m.Size, m.Unit)).Distinct().ToList();
        var rows = keys.Select(k =>
        {
            var kit = new List<double>();
            var py = new List<double>();
            var ratio = new List<double>();
            foreach (var (a, b) in pairs)
            {
                var kv = Find(a, k.Workload, k.Size);
                var pv = b is null ? null : Find(b, k.Workload, k.Size);
                if (kv is double x) kit.Add(x);
                if (pv is double y) py.Add(y);
                if (kv is double x2 && pv is double y2 && x2 > 0 && y2 > 0)
                    ratio.Add(Measurement.HigherIsBetter(k.Unit) ? x2 / y2 : y2 / x2);
            }
            var row = new WorkloadRow(k.Workload, k.Size, k.Unit, Spread.Of(kit)!, Spread.Of(py), Spread.Of(ratio));
            if (WorkloadFlops.PerImage(k.Workload, k.Size) is not { } gflop) return row;
            // Frozen passes run in the frozen layers' arithmetic; training workloads in the trainable layers' (a layer4 step mixes both).
            var peak = WorkloadFlops.IsFrozenPass(k.Workload) ? machine.FrozenPeakGflops : machine.TrainPeakGflops;
            return row with
            {
                KitGflops = row.Kit.Median * gflop,
                PytorchGflops = row.Pytorch?.Median * gflop,
                KitFractionOfPeak = peak > 0 ? row.Kit.Median * gflop / peak : null,
            };
        }).ToList();

        var size = plan.PhoneSize;
        WorkloadRow? Row(string w, int s) => rows.FirstOrDefault(r => r.Workload == w && r.Size == s);
        double KitMedian(string w, int s) => Row(w, s)?.Kit.Median ?? double.NaN;
        // Cache speed-up and RSS growth are kit-only numbers, but still per phase and then the median.
        var cacheSpeedup = Spread.Of([.. pairs.Select(p => Find(p.Kit, "train_layer4_head_cached", size)!.Value / Find(p.Kit, "train_layer4_head", size)!.Value)])!.Median;
        var rssGrowth = Spread.Of([.. pairs.Select(p => Find(p.Kit, "rss_epoch10", 0)!.Value / Find(p.Kit, "rss_epoch2", 0)!.Value - 1)])!.Median;
        // The phone photos' best PyTorch is another workload (Pillow with draft), so its ratio is taken across names, still within each pair.
        var phoneBest = Spread.Of([.. pairs.Select(p => (Kit: Find(p.Kit, "loader_phone", size), Py: p.Pytorch is { } py ? Find(py, "loader_phone_best", size) : null))
            .Where(p => p.Kit > 0 && p.Py > 0).Select(p => p.Kit!.Value / p.Py!.Value)])?.Median;
        var versions = new Dictionary<string, string>(pairs[0].Kit.Versions);
        if (pairs[0].Pytorch is { } first) foreach (var (k, v) in first.Versions) versions["pytorch_" + k] = v;

        return new BenchReport(
            plan.Sizes.ToDictionary(s => s, s => Row("inference", s)?.Ratio?.Median),
            Row("extraction", size)?.Ratio?.Median,
            Row("extraction_best", size)?.Ratio?.Median,
            Row("train_full", size)?.Ratio?.Median,
            Row("extraction", size)?.KitFractionOfPeak,
            Row("epoch_layer4_head", size)?.Ratio?.Median,
            Row("train_layer4_head", size)?.Ratio?.Median,
            Row("loader_1thread", size)?.Ratio?.Median,
            phoneBest,
            KitMedian("loader_overhead", size),
            cacheSpeedup,
            rssGrowth,
            KitMedian("cold_start_first_batch", plan.Sizes[0]),
            machine, versions, KitEpoch.Mode, size, pairs.Count, loadAverages, BenchPlanSummary.Of(plan), rows);
    }

    static double? Find(PhaseResult phase, string workload, int size) =>
        phase.Measurements.FirstOrDefault(m => m.Workload == workload && m.Size == size)?.Value;
}
