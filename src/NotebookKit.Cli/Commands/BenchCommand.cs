using NotebookKit.Notebooks;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NotebookKit.Benchmarks;
using NotebookKit.Data;
using Spectre.Console;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>bench [--quick] [--json FILE] [--data DIR] [--pairs N]</c>: the kit against the PyTorch reference, in
/// alternating processes. The hidden <c>--phase-plan/--phase-out</c> form is one kit phase, started by the harness;
/// <c>--folder-phase/--folder-data/--phase-out</c> one child of <c>--folders</c>.
/// </summary>
static class BenchCommand
{
    public static Command Create()
    {
        var quick = new Option<bool>("--quick") { Description = "Smoke run for CI: tiny counts, one pair, PyTorch only if installed, no thresholds" };
        var json = new Option<string?>("--json") { Description = "Write the report (contract keys + per-workload table) to this JSON file" };
        var data = new Option<string?>("--data") { Description = "Image folder with train/ (default: the cats-dogs dataset)" };
        var pairs = new Option<int?>("--pairs") { Description = "Alternating kit/PyTorch pairs (default 3, quick 1)" };
        var growth = new Option<bool>("--growth") { Description = "Instead: how cost grows with images (100/400/1,600 distinct photos of cats-dogs and plants) and input size (160/224/288), kit only" };
        var folderSizes = new Option<string?>("--folder-sizes") { Description = "With --folders: which folders, e.g. 1000,5000,500phone (default 1000,5000,20000,500phone; a trailing 'open' measures the two opens only)" };
        var folders = new Option<bool>("--folders") { Description = "Instead: cost against folder size — first and second open, feature pass, head epoch, cache size and peak memory for 1,000/5,000/20,000 generated web-size photos and 500 phone-size ones, kit only" };
        var phasePlan = new Option<string?>("--phase-plan") { Hidden = true };
        var folderPhase = new Option<string?>("--folder-phase") { Hidden = true };
        var folderData = new Option<string?>("--folder-data") { Hidden = true };
        var phaseOut = new Option<string?>("--phase-out") { Hidden = true };
        var command = new Command("bench", "Measure loader, inference and training speed against a PyTorch reference") { quick, json, data, pairs, growth, folders, folderSizes, phasePlan, phaseOut, folderPhase, folderData };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            if (parse.GetValue(phasePlan) is { } planFile)
            {
                KitPhase.Run(BenchPlan.Load(planFile), new Progress<string>(Console.Error.WriteLine)).Save(parse.GetValue(phaseOut) ?? throw new ArgumentException("--phase-out is required with --phase-plan."));
                return 0;
            }
            if (parse.GetValue(folderPhase) is { } phase)
            {
                var result = FolderBench.Phase(phase, parse.GetValue(folderData) ?? throw new ArgumentException("--folder-data is required with --folder-phase."), Kit.Seed,
                    new Progress<string>(Console.Error.WriteLine));
                File.WriteAllText(parse.GetValue(phaseOut) ?? throw new ArgumentException("--phase-out is required with --folder-phase."),
                    System.Text.Json.JsonSerializer.Serialize(result, BenchJson.Options));
                return 0;
            }
            var isQuick = parse.GetValue(quick);
            if (parse.GetValue(folders))
            {
                var catsDogs = ImageFolder.Open(Kit.DataPath("cats-dogs"), seed: Kit.Seed);
                var sources = new[] { catsDogs.Train, catsDogs.Val, catsDogs.Test }.OfType<ImageDataset>().SelectMany(s => s.Samples).ToList();
                FolderCase[] cases = isQuick ? [new(24, Phone: false), new(6, Phone: true)]
                    : FolderCase.ParseList(parse.GetValue(folderSizes) ?? "1000,5000,20000,500phone");
                var costs = FolderBench.Run(cases, sources, catsDogs.Classes, args => KitProcess(["bench", .. args]), Kit.Seed, new Progress<string>(AnsiConsole.WriteLine));
                PrintFolders(costs);
                if (parse.GetValue(json) is { } foldersPath) File.WriteAllText(foldersPath, System.Text.Json.JsonSerializer.Serialize(costs, BenchJson.Options));
                return 0;
            }
            if (parse.GetValue(growth))
            {
                // Every split of both datasets: 1,800 distinct photos, so no count repeats a photo (a repeat would be served from the store).
                var photos = new[] { "cats-dogs", "plants" }.Select(d => ImageFolder.Open(Kit.DataPath(d), seed: Kit.Seed))
                    .SelectMany(f => new[] { f.Train, f.Val, f.Test }.OfType<ImageDataset>().SelectMany(s => s.Samples))
                    .Select((s, i) => new ImageSample(s.Path, i % 2)).ToList();
                int[] counts = isQuick ? [8, 16] : [100, 400, 1600];
                int[] sizes = isQuick ? [64] : [160, 224, 288];
                var points = GrowthBench.Run(photos, counts, sizes, new Progress<string>(AnsiConsole.WriteLine));
                if (parse.GetValue(json) is { } growthPath) File.WriteAllText(growthPath, System.Text.Json.JsonSerializer.Serialize(points, BenchJson.Options));
                return 0;
            }
            var train = ImageFolder.Open(parse.GetValue(data) ?? Kit.DataPath("cats-dogs"), seed: Kit.Seed).Train.Take(isQuick ? 4 : 64, Kit.Seed);
            string[] files = [.. train.Samples.Select(s => s.Path)];
            int[] labels = [.. train.Samples.Select(s => s.Label)];
            var plan = isQuick ? BenchPlan.Quick(files, labels) : BenchPlan.Full(files, labels);
            var reference = PytorchReference.Find(out var reason);
            if (reference is null)
            {
                if (!isQuick) throw new FileNotFoundException(reason + " (or use --quick for a kit-only smoke run).");
                AnsiConsole.MarkupLineInterpolated($"[yellow]{reason}[/]; kit only");
            }
            var progress = new Progress<string>(line => AnsiConsole.WriteLine(line));
            var jsonPath = parse.GetValue(json);
            var report = new PairedBench(plan, (planPath, outPath) => KitProcess(["bench", "--phase-plan", planPath, "--phase-out", outPath]), reference, progress).Run(parse.GetValue(pairs) ?? (isQuick ? 1 : 3), partial =>
            {
                if (jsonPath is not null) partial.Save(jsonPath);
            });
            Print(report);
            if (jsonPath is { } path)
            {
                report.Save(path);
                AnsiConsole.MarkupLineInterpolated($"[green]wrote[/] {Path.GetFullPath(path)}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>This same CLI as a child process (through dotnet when it runs as a .dll).</summary>
    static ProcessStartInfo KitProcess(List<string> args)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") args.Insert(0, Assembly.GetEntryAssembly()!.Location);
        return new ProcessStartInfo(host, args);
    }

    static void PrintFolders(IReadOnlyList<FolderCost> costs)
    {
        var table = new Table().AddColumns("photos", "size", "first open s", "second open s", "second/first", "feature pass s", "head epoch s", "cache MB", "peak RSS MB");
        static string F(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
        static string O(double? v) => v is { } d ? F(d) : "–";
        foreach (var c in costs)
            table.AddRow($"{c.Images:N0} + {c.ValImages:N0} val", c.Phone ? "phone" : "web", F(c.FirstOpenSeconds), F(c.SecondOpenSeconds),
                (c.SecondOpenSeconds / c.FirstOpenSeconds).ToString("P1", CultureInfo.InvariantCulture), O(c.FeaturePassSeconds), O(c.HeadEpochSeconds), O(c.CacheMb), F(c.PeakRssMb));
        AnsiConsole.Write(table);
    }

    static void Print(BenchReport r)
    {
        var table = new Table().AddColumns("workload", "size", "unit", "kit (median)", "PyTorch (median)", "ratio median", "ratio min–max", "kit GFLOP/s", "of peak");
        static string F(double v) => v.ToString(v >= 100 ? "F0" : v >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);
        foreach (var w in r.Workloads)
            table.AddRow(w.Workload, w.Size == 0 ? "" : w.Size.ToString(CultureInfo.InvariantCulture), w.Unit, F(w.Kit.Median),
                w.Pytorch is { } p ? F(p.Median) : "–", w.Ratio is { } q ? F(q.Median) : "–", w.Ratio is { } m ? $"{F(m.Min)}–{F(m.Max)}" : "–",
                w.KitGflops is { } g ? F(g) : "–", w.KitFractionOfPeak is { } f ? f.ToString("P1", CultureInfo.InvariantCulture) : "–");
        AnsiConsole.Write(table);
        var mc = r.Machine;
        AnsiConsole.WriteLine($"{mc.CpuModel} ({mc.CpuFlags}), {mc.Cores} cores at {mc.Mhz:F0} MHz; nominal peak {mc.PeakGflopsFp32:F0} GFLOP/s fp32, {mc.PeakGflopsBf16:F0} bf16; frozen layers {mc.FrozenPrecision}, trainable layers {mc.TrainPrecision}");
        AnsiConsole.WriteLine($"inference vs PyTorch {string.Join(", ", r.InferenceVsPytorch.Select(kv => $"{Opt(kv.Value)} at {kv.Key}px"))}");
        AnsiConsole.WriteLine($"extraction vs PyTorch {Opt(r.ExtractionVsPytorch)} (vs its best variant {Opt(r.ExtractionVsPytorchBest)}), {(r.FractionOfPeakExtraction is { } fp ? fp.ToString("P1", CultureInfo.InvariantCulture) : "n/a")} of peak; " +
            $"full step vs PyTorch {Opt(r.FullStepVsPytorch)}");
        AnsiConsole.WriteLine($"end-to-end vs PyTorch {Opt(r.EndToEndVsPytorch)}, step vs PyTorch {Opt(r.StepVsPytorch)} ({r.EndToEndMode}, {r.HeadlineSize}px), " +
            $"loader overhead {r.LoaderOverhead:F2}x, partial-cache speed-up {r.PartialCacheSpeedup:F2}x, RSS growth epoch 2→10 {r.RssGrowthEpoch2To10:P1}, cold start {r.ColdStartSeconds:F2} s");
        AnsiConsole.WriteLine($"load average per pair: {string.Join("  ", r.LoadAverages.Select(l => l[0].ToString("F2", CultureInfo.InvariantCulture)))}");
        static string Opt(double? v) => v is double d ? d.ToString("F2", CultureInfo.InvariantCulture) + "x" : "n/a";
    }
}
