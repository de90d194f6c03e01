using NotebookKit.Data;

namespace NotebookKit.Explainability;

/// <summary>Where the model looked when scoring one image for one class.</summary>
/// <param name="Path">The image file (empty for tensors passed in directly).</param>
/// <param name="Preprocess">How the file was prepared for the model (null for tensors passed in): overlays redo it to show what the model saw.</param>
/// <param name="Map">Grad-CAM map at the model's input size, normalised to [0, 1].</param>
/// <param name="TargetClass">The class whose score was explained.</param>
/// <param name="Probability">The model's probability of <paramref name="TargetClass"/>.</param>
/// <param name="PredictedClass">The model's most probable class.</param>
public sealed record GradCamResult(string Path, PreprocessSpec? Preprocess, HeatMap Map, string TargetClass, double Probability, string PredictedClass);
