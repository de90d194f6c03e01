using NotebookKit.Models;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// Out-of-fold class probabilities from heads on cached features (k-fold cross-validation): each sample is
/// predicted by a head that never trained on it, so a wrong label cannot be memorised — what
/// <see cref="Evaluation.LabelIssues"/> needs to spot it. Folds are stratified and seeded; inside each, one
/// training fold is held back for the head's best-epoch choice, so the predicted fold is never looked at.
/// </summary>
public static class OutOfFold
{
    /// <param name="views">The features of the same samples, one set per view (e.g. plain and mirrored):
    /// heads train on every view and predictions average them.</param>
    public static float[][] Probabilities(HeadSpec spec, int classes, IReadOnlyList<FeatureSet> views, HeadTrainingOptions options, int folds = 5)
    {
        if (views.Count == 0) throw new ArgumentException("At least one view of the features is needed.", nameof(views));
        if (folds < 3) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Use at least 3 folds: one predicted, one for the head's epoch choice, one or more to train on.");
        if (views[0].Count < folds) throw new ArgumentException($"{views[0].Count} samples cannot fill {folds} folds: use fewer folds or more data.", nameof(views));
        var fold = Assign(views[0].LabelArray(), folds, options.Seed);
        var probabilities = new float[fold.Length][];
        for (var f = 0; f < folds; f++)
        {
            var held = (f + 1) % folds;
            using var trainSet = Rows(views, fold, i => i != f && i != held);
            using var valSet = Rows([views[0]], fold, i => i == held);
            var seed = Seeds.Mix(options.Seed, f);
            manual_seed(seed); // the head's initial weights too, so the result never depends on what ran before
            using var head = new ClassifierHead(views[0].FeatureCount, classes, spec);
            HeadTrainer.Fit(head, trainSet, valSet, options with { Seed = seed });
            var predicted = Enumerable.Range(0, fold.Length).Where(i => fold[i] == f).ToArray();
            foreach (var i in predicted) probabilities[i] = new float[classes];
            using var rows = tensor(predicted.Select(i => (long)i).ToArray());
            foreach (var view in views)
            {
                using var x = view.Features.index_select(0, rows);
                var p = Inference.HeadProbabilities(head, x);
                for (var k = 0; k < predicted.Length; k++)
                    for (var c = 0; c < classes; c++) probabilities[predicted[k]][c] += p[k][c] / views.Count;
            }
        }
        return probabilities;
    }

    /// <summary>Fold of each sample: every class dealt round-robin over the folds in a seeded order.</summary>
    internal static int[] Assign(int[] labels, int folds, int seed)
    {
        var order = Enumerable.Range(0, labels.Length).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[labels.Length];
        foreach (var group in order.GroupBy(i => labels[i]))
        {
            var k = 0;
            foreach (var i in group) fold[i] = k++ % folds;
        }
        return fold;
    }

    static FeatureSet Rows(IReadOnlyList<FeatureSet> views, int[] fold, Func<int, bool> keep)
    {
        using var scope = NewDisposeScope();
        var idx = tensor(Enumerable.Range(0, fold.Length).Where(i => keep(fold[i])).Select(i => (long)i).ToArray());
        var x = cat([.. views.Select(v => v.Features.index_select(0, idx))], 0);
        var y = cat([.. views.Select(v => v.Labels.index_select(0, idx))], 0);
        return new FeatureSet(x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}
