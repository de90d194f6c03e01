using static TorchSharp.torch;

namespace NotebookKit.Benchmarks;

/// <summary>
/// Resident memory across a longer training run: a head on cached features (train-split sized) for the planned
/// epochs. Growth between epoch 2 and 10 would mean tensors escaping their dispose scopes.
/// </summary>
static class KitMemory
{
    public static IEnumerable<Measurement> Measure(BenchPlan plan)
    {
        manual_seed(plan.Seed);
        using var features = randn(plan.RssRows, 512);
        using var labels = randint(0, 2, [plan.RssRows]);
        using var head = nn.Linear(512, 2);
        using var optimizer = optim.Adam(head.parameters(), plan.HeadLr);
        var marks = new List<Measurement>();
        var last = plan.RssEpochs.Max();
        for (var epoch = 1; epoch <= last; epoch++)
        {
            for (var start = 0; start < plan.RssRows; start += plan.BatchSize)
            {
                using var scope = NewDisposeScope();
                var len = Math.Min(plan.BatchSize, plan.RssRows - start);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(head.forward(features.narrow(0, start, len)), labels.narrow(0, start, len));
                loss.backward();
                optimizer.step();
            }
            if (plan.RssEpochs.Contains(epoch)) marks.Add(new Measurement($"rss_epoch{epoch}", 0, ProcessProbe.RssMegabytes(), Measurement.Megabytes));
        }
        return marks;
    }
}
