using System.Text.Json;
using System.Text.Json.Serialization;

namespace NotebookKit.Evaluation;

public sealed partial record ClassificationReport
{
    // The CLI contract fixes the first five keys and their order; everything after them is optional extra detail.
    private sealed record ReportDto(
        double Accuracy,
        double MacroF1,
        string[] Classes,
        Dictionary<string, ClassDto> PerClass,
        int[][] ConfusionMatrix,
        double? WeightedF1 = null,
        int? SampleCount = null,
        AveragedMetrics? MacroAvg = null,
        AveragedMetrics? WeightedAvg = null,
        ConfidenceInterval? AccuracyCi = null,
        int? BootstrapSamples = null,
        IReadOnlyDictionary<int, double>? TopKAccuracy = null,
        double? LogLoss = null,
        RocCurve? Roc = null,
        PrecisionRecallCurve? PrecisionRecall = null);

    private sealed record ClassDto(double Precision, double Recall, double F1, int Support, ConfidenceInterval? F1Ci = null);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // The first ROC threshold is +∞ (as in scikit-learn); it is written as the string "Infinity".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions IndentedJsonOptions = new(JsonOptions) { WriteIndented = true };

    /// <summary>
    /// Serialises to the CLI contract: {"accuracy", "macro_f1", "classes", "per_class": {name: {"precision", "recall", "f1", "support"}}, "confusion_matrix"},
    /// followed by extra snake_case fields (intervals, averages, top-k, log loss, curves) when present.
    /// </summary>
    public string ToJson(bool indented = false)
    {
        var dto = new ReportDto(
            Accuracy,
            MacroF1,
            Classes.ToArray(),
            PerClass.ToDictionary(m => m.Name, m => new ClassDto(m.Precision, m.Recall, m.F1, m.Support, m.F1Interval), StringComparer.Ordinal),
            ConfusionMatrix,
            WeightedAverage.F1,
            SampleCount,
            MacroAverage,
            WeightedAverage,
            AccuracyInterval,
            BootstrapSamples > 0 ? BootstrapSamples : null,
            TopKAccuracy,
            LogLoss,
            Roc,
            PrecisionRecall);
        return JsonSerializer.Serialize(dto, indented ? IndentedJsonOptions : JsonOptions);
    }

    /// <summary>Reads <see cref="ToJson"/> output back. Only the five contract keys are required; missing averages are recomputed.</summary>
    /// <exception cref="ArgumentException">A contract key is missing or inconsistent (e.g. a class without a per_class entry).</exception>
    public static ClassificationReport FromJson(string json)
    {
        ReportDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<ReportDto>(json, JsonOptions)
                ?? throw new ArgumentException("json is the literal null.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"json is not a classification report: {e.Message}", nameof(json), e);
        }
        if (dto.Classes is null || dto.PerClass is null || dto.ConfusionMatrix is null)
            throw new ArgumentException("json lacks one of \"classes\", \"per_class\", \"confusion_matrix\".", nameof(json));
        LabelChecks.Classes(dto.Classes);
        if (dto.ConfusionMatrix.Length != dto.Classes.Length || dto.ConfusionMatrix.Any(r => r is null || r.Length != dto.Classes.Length))
            throw new ArgumentException($"confusion_matrix must be {dto.Classes.Length}×{dto.Classes.Length}.", nameof(json));

        var perClass = dto.Classes.Select(name =>
            dto.PerClass.TryGetValue(name, out var m)
                ? new ClassMetrics(name, m.Precision, m.Recall, m.F1, m.Support, m.F1Ci)
                : throw new ArgumentException($"per_class has no entry for class '{name}'.", nameof(json))).ToArray();

        return new ClassificationReport(
            dto.Classes,
            dto.SampleCount ?? dto.ConfusionMatrix.Sum(r => r.Sum()),
            dto.Accuracy,
            perClass,
            dto.MacroAvg ?? Average(perClass, weighted: false),
            dto.WeightedAvg ?? Average(perClass, weighted: true),
            dto.ConfusionMatrix,
            dto.AccuracyCi,
            dto.BootstrapSamples ?? 0,
            dto.TopKAccuracy,
            dto.LogLoss,
            dto.Roc,
            dto.PrecisionRecall);
    }
}
