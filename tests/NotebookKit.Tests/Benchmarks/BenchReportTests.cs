using System.Text.Json;
using NotebookKit.Benchmarks;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Benchmarks;

public class BenchReportTests
{
    /// <summary>A plan small enough for a unit test: every workload once on a few real photos at 64 px.</summary>
    static BenchPlan TinyPlan()
    {
        var train = Photos.CatsDogs(4).Train;
        return new BenchPlan([.. train.Samples.Select(s => s.Path)], [.. train.Samples.Select(s => s.Label)], [64], BatchSize: 4,
            LoaderImages: 4, InferenceBatches: 1, TrainSteps: 1, HeadSteps: 2, EpochImages: 4, RssRows: 8, RssEpochs: [1, 2, 5, 10], Lr: 1e-3, HeadLr: 1e-3, Seed: 1);
    }

    [Fact]
    public void JsonReportHasTheContractKeysWithAndWithoutAReference()
    {
        using var dir = new TempFolder();
        var tiny = TinyPlan();
        var plan = tiny with { PhoneImages = 2, PhoneFiles = PhonePhotos.Write(tiny.Files, 2, dir.Combine("phone")) };
        var kit = KitPhase.Run(plan);
        // A stand-in reference phase: the same numbers under the other engine's name, so every ratio is computable
        // (Pillow with draft, PyTorch's best on phone photos, as fast as the kit's phone loader: ratio 1).
        var phone = kit.Measurements.Single(m => m.Workload == "loader_phone");
        var reference = kit with { Engine = "pytorch", Versions = new Dictionary<string, string> { ["torch"] = "test" }, Measurements = [.. kit.Measurements, phone with { Workload = "loader_phone_best" }] };

        foreach (var (phase, expectRatios) in new[] { ((PhaseResult?)null, false), (reference, true) })
        {
            var path = dir.Combine($"bench-{expectRatios}.json");
            BenchReportBuilder.Build(plan, [(kit, phase)], [[0.5, 0.5, 0.5]], MachineInfo.Current()).Save(path);
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;

            foreach (var key in new[] { "end_to_end_vs_pytorch", "step_vs_pytorch", "extraction_vs_pytorch", "full_step_vs_pytorch", "loader_1thread_vs_pytorch", "loader_phone_vs_pytorch_best" })
                Assert.Equal(expectRatios ? JsonValueKind.Number : JsonValueKind.Null, root.GetProperty(key).ValueKind);
            foreach (var key in new[] { "loader_overhead", "partial_cache_speedup", "rss_growth_epoch2_to_10", "cold_start_seconds" })
                Assert.Equal(JsonValueKind.Number, root.GetProperty(key).ValueKind);
            if (expectRatios) Assert.Equal(1.0, root.GetProperty("step_vs_pytorch").GetDouble(), 6);
            if (expectRatios) Assert.Equal(1.0, root.GetProperty("loader_phone_vs_pytorch_best").GetDouble(), 6);
            // Achieved GFLOP/s over the nominal peak: a fraction in (0, 1] when the clock is known.
            if (MachineInfo.Current().FrozenPeakGflops > 0)
                Assert.InRange(root.GetProperty("fraction_of_peak_extraction").GetDouble(), 1e-6, 1.0);

            var machine = root.GetProperty("machine");
            Assert.Equal(JsonValueKind.Number, machine.GetProperty("cores").ValueKind);
            Assert.Equal(JsonValueKind.String, machine.GetProperty("cpu_model").ValueKind);

            var rows = root.GetProperty("workloads").EnumerateArray().ToList();
            var names = rows.Select(r => r.GetProperty("workload").GetString()).ToHashSet();
            Assert.Superset(new HashSet<string?> { "loader_1thread", "loader_all_threads", "loader_phone", "inference", "extraction", "extraction_best", "train_full", "train_layer4_head",
                "train_layer4_head_cached", "train_head_cached", "epoch_layer4_head", "loader_overhead", "rss_epoch10", "cold_start_first_batch" }, names);
            Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r.GetProperty("kit").GetProperty("median").ValueKind));
            var extraction = rows.Single(r => r.GetProperty("workload").GetString() == "extraction");
            Assert.True(extraction.GetProperty("kit_gflops").GetDouble() > 0);
        }
    }

    [Fact]
    public void WorkloadArithmeticFollowsTheLayersEachWorkloadRuns()
    {
        // The kit's ResNet [2,2,2,3] at 224 px: about 2 GMACs (torchvision's resnet18 [2,2,2,2] is 1.81), so about 4 GFLOP a forward pass.
        var full = WorkloadFlops.PerImage("extraction", 224)!.Value;
        Assert.InRange(full, 3.8, 4.1);
        var prefix = WorkloadFlops.PerImage("partial_cache_build", 224)!.Value;
        var layer4 = full - prefix;
        Assert.InRange(layer4 / full, 0.25, 0.5); // layer4's three blocks at 7×7 are a third of the network's arithmetic
        Assert.Equal(3 * full, WorkloadFlops.PerImage("train_full", 224)!.Value, 6);
        Assert.Equal(3 * layer4, WorkloadFlops.PerImage("train_layer4_head_cached", 224)!.Value, 6);
        Assert.Null(WorkloadFlops.PerImage("loader_1thread", 224));
    }
}
