namespace NotebookKit.Visualization;

/// <summary>
/// Principal component analysis for looking at feature spaces, named like scikit-learn's PCA attributes.
/// Components come from power iteration on the covariance (applied matrix-free as Xᵀ(Xv), so wide embeddings
/// never build a d×d matrix), with deflation by re-orthogonalising against earlier components.
/// Deterministic: fixed start vectors, and each component's largest-magnitude entry is made positive.
/// </summary>
/// <param name="Mean">Per-feature mean removed before projection.</param>
/// <param name="Components">Unit principal axes, largest variance first.</param>
/// <param name="ExplainedVariance">Variance along each axis (sample covariance, n − 1).</param>
/// <param name="ExplainedVarianceRatio">Each axis's share of the total variance.</param>
public sealed record Pca(double[] Mean, double[][] Components, double[] ExplainedVariance, double[] ExplainedVarianceRatio)
{
    private const int MaxIterations = 1000;
    private const double Tolerance = 1e-12;

    /// <summary>Fits the first <paramref name="components"/> axes of <paramref name="data"/> (rows = samples).</summary>
    /// <exception cref="ArgumentException">Fewer than two rows, ragged rows, non-finite values, or more components than features.</exception>
    public static Pca Fit(float[][] data, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 2) throw new ArgumentException("data needs at least two rows.", nameof(data));
        int d = data[0]?.Length ?? 0;
        if (d == 0) throw new ArgumentException("data rows are empty.", nameof(data));
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] is null || data[i].Length != d)
                throw new ArgumentException($"data[{i}] has {data[i]?.Length ?? 0} features but data[0] has {d}.", nameof(data));
            if (data[i].Any(v => !float.IsFinite(v))) throw new ArgumentException($"data[{i}] contains a non-finite value.", nameof(data));
        }
        if (components < 1 || components > d)
            throw new ArgumentException($"components is {components}; it must be between 1 and the feature count {d}.", nameof(components));

        int n = data.Length;
        var mean = new double[d];
        foreach (var row in data)
            for (int j = 0; j < d; j++) mean[j] += row[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        var x = data.Select(row => row.Select((v, j) => v - mean[j]).ToArray()).ToArray();
        double total = x.Sum(row => row.Sum(v => v * v)) / (n - 1);

        var random = new Random(0);
        var axes = new List<double[]>();
        var variances = new List<double>();
        for (int k = 0; k < components; k++)
        {
            var v = Enumerable.Range(0, d).Select(_ => random.NextDouble() - 0.5).ToArray();
            Orthonormalise(v, axes);
            for (int iteration = 0; iteration < MaxIterations; iteration++)
            {
                var w = Covariance(x, v);
                Orthonormalise(w, axes);
                // No variance left outside earlier axes: any orthogonal unit vector will do.
                if (w.All(value => value == 0)) break;
                bool converged = 1 - Math.Abs(Dot(v, w)) < Tolerance;
                v = w;
                if (converged) break;
            }
            int largest = Enumerable.Range(0, d).MaxBy(j => Math.Abs(v[j]));
            if (v[largest] < 0) v = v.Select(value => -value).ToArray();
            axes.Add(v);
            variances.Add(Dot(v, Covariance(x, v)));
        }

        return new Pca(mean, axes.ToArray(), variances.ToArray(),
            variances.Select(v => total == 0 ? 0 : v / total).ToArray());
    }

    /// <summary>Fits and projects the same data: <c>Fit(data, components).Transform(data)</c>.</summary>
    public static double[][] FitTransform(float[][] data, int components = 2) => Fit(data, components).Transform(data);

    /// <summary>Projects rows onto the components: (x − mean)·componentₖ.</summary>
    /// <exception cref="ArgumentException">A row's length differs from the fitted feature count.</exception>
    public double[][] Transform(float[][] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Select((row, i) =>
        {
            if (row is null || row.Length != Mean.Length)
                throw new ArgumentException($"data[{i}] has {row?.Length ?? 0} features; the PCA was fitted on {Mean.Length}.", nameof(data));
            var centred = row.Select((v, j) => v - Mean[j]).ToArray();
            return Components.Select(axis => Dot(centred, axis)).ToArray();
        }).ToArray();
    }

    /// <summary>Cv = Xᵀ(Xv) / (n − 1) for centred X.</summary>
    private static double[] Covariance(double[][] x, double[] v)
    {
        var result = new double[v.Length];
        foreach (var row in x)
        {
            double projection = Dot(row, v);
            for (int j = 0; j < v.Length; j++) result[j] += projection * row[j];
        }
        for (int j = 0; j < v.Length; j++) result[j] /= x.Length - 1;
        return result;
    }

    /// <summary>Gram–Schmidt against the found axes, then scale to unit length (a zero vector stays zero).</summary>
    private static void Orthonormalise(double[] v, List<double[]> axes)
    {
        foreach (var axis in axes)
        {
            double projection = Dot(v, axis);
            for (int j = 0; j < v.Length; j++) v[j] -= projection * axis[j];
        }
        double norm = Math.Sqrt(Dot(v, v));
        if (norm < 1e-300) { Array.Clear(v); return; }
        for (int j = 0; j < v.Length; j++) v[j] /= norm;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++) sum += a[j] * b[j];
        return sum;
    }
}
