namespace NotebookKit.Evaluation;

/// <summary>Input validation shared by the metrics: every failure names the argument and the offending index.</summary>
internal static class LabelChecks
{
    public static void Classes(IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count == 0) throw new ArgumentException("classes is empty: at least one class name is needed.", nameof(classes));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in classes)
        {
            if (string.IsNullOrEmpty(c)) throw new ArgumentException("classes contains an empty name.", nameof(classes));
            if (!seen.Add(c)) throw new ArgumentException($"classes contains '{c}' twice.", nameof(classes));
        }
    }

    public static void Labels(int[] labels, int classCount, string name)
    {
        ArgumentNullException.ThrowIfNull(labels, name);
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"{name}[{i}] = {labels[i]} is outside 0..{classCount - 1} ({classCount} classes).", name);
    }

    public static void SameLength(int expected, int actual, string name, string reference)
    {
        if (expected != actual)
            throw new ArgumentException($"{name} has length {actual} but {reference} has length {expected}.", name);
    }

    /// <summary>Rows must be probability vectors (softmax outputs): a row of logits is the usual mistake.</summary>
    public static void Probabilities(float[][] probabilities, int sampleCount, int classCount, string name)
    {
        SameLength(sampleCount, probabilities.Length, name, "yTrue");
        for (int i = 0; i < probabilities.Length; i++)
        {
            var row = probabilities[i] ?? throw new ArgumentException($"{name}[{i}] is null.", name);
            if (row.Length != classCount)
                throw new ArgumentException($"{name}[{i}] has {row.Length} entries but there are {classCount} classes.", name);
            double sum = 0;
            foreach (var p in row)
            {
                if (!float.IsFinite(p) || p < 0 || p > 1)
                    throw new ArgumentException($"{name}[{i}] contains {p}, which is not a probability (apply softmax to logits).", name);
                sum += p;
            }
            if (Math.Abs(sum - 1) > 1e-3)
                throw new ArgumentException($"{name}[{i}] sums to {sum:0.####}, expected 1 (apply softmax to logits).", name);
        }
    }
}
