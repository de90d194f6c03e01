using NotebookKit.Visualization;

namespace NotebookKit.Explainability;

/// <summary>Where the model looked when scoring one image for one class.</summary>
/// <param name="Path">The image file (empty for tensors passed in directly).</param>
/// <param name="Map">Grad-CAM map at the model's input size, normalised to [0, 1].</param>
/// <param name="TargetClass">The class whose score was explained.</param>
/// <param name="Probability">The model's probability of <paramref name="TargetClass"/>.</param>
/// <param name="PredictedClass">The model's most probable class.</param>
public sealed record GradCamResult(string Path, HeatMap Map, string TargetClass, double Probability, string PredictedClass);
