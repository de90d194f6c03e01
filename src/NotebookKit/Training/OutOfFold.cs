using NotebookKit.Models;
using NotebookKit.Platform;
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
        using var threads = TorchThreads.Use(1); // small heads: see HeadTrainer
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
            foreach (var view in views)
            {
                var p = Predict(head, view, predicted);
                for (var k = 0; k < predicted.Length; k++)
                    for (var c = 0; c < classes; c++) probabilities[predicted[k]][c] += p[k * classes + c] / views.Count;
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

    /// <summary>The head's probabilities for <paramref name="rows"/> of a view, flattened row by row.</summary>
    static float[] Predict(ClassifierHead head, FeatureSet view, int[] rows)
    {
        head.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var x = view.Features.index_select(0, tensor(rows.Select(i => (long)i).ToArray()));
        return head.Probabilities(head.forward(x)).contiguous().data<float>().ToArray();
    }
}
