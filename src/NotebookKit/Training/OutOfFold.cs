using NotebookKit.Data;

namespace NotebookKit.Training;

/// <summary>
/// Out-of-fold class probabilities (k-fold cross-validation): each photo is predicted by a learner that never trained
/// on it, so a wrong label cannot be memorised — what <see cref="Evaluation.LabelIssues"/> needs to spot it. Folds are
/// stratified and seeded; inside each, one training fold is held back as validation (for a best-epoch choice such as
/// <c>SaveBest(Monitored.ValAccuracy)</c>), so the predicted fold is never looked at. Each fold is the learner's own
/// recipe on other data: same model (a fresh head per fold), options, freezing, views and activation store, so with a
/// frozen backbone the folds train from features already cached.
/// </summary>
public static class OutOfFold
{
    /// <param name="learner">The template: its model, freezing and training loader's views and batch size are used; its head's weights are restored after.</param>
    /// <param name="data">The photos to predict, e.g. every split (<see cref="ImageDataset.Concat"/>).</param>
    /// <param name="fit">How each fold trains, e.g. <c>l =&gt; l.Fit(10, 1e-3, callbacks: [new SaveBest(Monitored.ValAccuracy)])</c>.</param>
    /// <param name="tta">Average each photo with its mirror image when predicting.</param>
    public static PredictionSet GetPreds(Learner learner, ImageDataset data, Action<Learner> fit, int folds = 5, bool tta = false)
    {
        if (folds < 3) throw new ArgumentOutOfRangeException(nameof(folds), folds, "Use at least 3 folds: one predicted, one for the epoch choice, one or more to train on.");
        if (data.Count < folds) throw new ArgumentException($"{data.Count} samples cannot fill {folds} folds: use fewer folds or more data.", nameof(data));
        var fold = Assign([.. data.Samples.Select(s => s.Label)], folds, learner.Options.Seed);
        var probabilities = new float[data.Count][];
        using var start = ModelSnapshot.Take(learner.Model);
        try
        {
            for (var f = 0; f < folds; f++)
            {
                var held = (f + 1) % folds;
                int[] Where(Func<int, bool> keep) => [.. Enumerable.Range(0, fold.Length).Where(i => keep(fold[i]))];
                var (trainRows, heldRows, predicted) = (Where(i => i != f && i != held), Where(i => i == held), Where(i => i == f));
                learner.Model.ResetHead(Seeds.Mix(learner.Options.Seed, f)); // the result never depends on what ran before
                using var foldLearner = learner.WithData(
                    learner.Train.WithDataset(data.Select(trainRows, $"fold {f + 1}/{folds} train")),
                    learner.Val.WithDataset(data.Select(heldRows, $"fold {f + 1}/{folds} held out")));
                fit(foldLearner);
                var p = foldLearner.GetPreds(data.Select(predicted, $"fold {f + 1}/{folds}"), tta);
                for (var k = 0; k < predicted.Length; k++) probabilities[predicted[k]] = p.Probabilities[k];
            }
        }
        finally { start.RestoreInto(learner.Model); }
        return new PredictionSet(data.Classes, [.. data.Samples.Select(s => s.Path)], [.. data.Samples.Select(s => s.Label)], probabilities);
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
}
