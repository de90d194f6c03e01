using NotebookKit.Data;
using NotebookKit.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Explainability;

/// <summary>
/// Grad-CAM (Selvaraju et al., 2017): which regions of an image drove a class score. The activations A of the
/// last convolutional layer group (layer4 of a ResNet) are weighted by the mean gradient of the class logit over
/// each channel; relu(Σ_k w_k·A_k) is upsampled to the input size and scaled to [0, 1].
/// </summary>
public static class GradCam
{
    /// <summary>Grad-CAM maps of a batch of preprocessed images [N,3,H,W] (or one image [3,H,W]).</summary>
    /// <param name="targetClasses">Class index to explain per image; null explains each image's predicted class.</param>
    /// <param name="layer">Name of the backbone layer group whose output is used; null takes the last one (e.g. "layer4").</param>
    public static IReadOnlyList<GradCamResult> Compute(ImageClassifier model, Tensor images, IReadOnlyList<int>? targetClasses = null, string? layer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        using var single = images.dim() == 3 ? images.unsqueeze(0) : null;
        var batch = single ?? images;
        if (batch.dim() != 4 || batch.shape[1] != 3)
            throw new ArgumentException($"Expected preprocessed images [N,3,H,W] or [3,H,W], got [{string.Join(",", images.shape)}].", nameof(images));
        var n = (int)batch.shape[0];
        if (targetClasses is not null && targetClasses.Count != n)
            throw new ArgumentException($"{targetClasses.Count} target classes for {n} images.", nameof(targetClasses));
        if (targetClasses?.FirstOrDefault(c => c < 0 || c >= model.ClassNames.Count, -1) is int bad and >= 0)
            throw new ArgumentException($"Target class {bad} is out of range: the model has {model.ClassNames.Count} classes.", nameof(targetClasses));

        var hooked = HookedModule(model, layer);
        Tensor? activations = null;
        // The hook hands over the layer's output before the backbone's dispose scope ends; detaching it from every
        // scope keeps the handle alive until this method disposes it (the autograd graph holds its own reference).
        // Returning null keeps the layer's output unchanged.
        var hook = hooked.register_forward_hook((_, _, output) => { activations = output.DetachFromDisposeScope(); return null!; });
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var grad = enable_grad();
            using var scope = NewDisposeScope();
            var device = model.parameters().First().device;
            // Requiring the input's gradient puts the activations on the autograd graph even when the backbone is frozen.
            var x = batch.detach().to(device).requires_grad_(true);
            var logits = model.forward(x);
            using var a = activations ?? throw new InvalidOperationException($"The hooked layer group ({layer ?? "the last"}) was not run by the model's forward pass.");
            var probabilities = model.Head.Probabilities(logits.detach()).cpu();
            var predicted = probabilities.argmax(1).data<long>().Select(p => (int)p).ToArray();
            var targets = targetClasses?.ToArray() ?? predicted;
            var score = ClassScores(model.Head, logits, targets).sum();

            var gradients = torch.autograd.grad([score], [a])[0];
            var weights = gradients.mean([2, 3], keepdim: true);
            var cam = nn.functional.relu((weights * a).sum(1, keepdim: true));
            var height = batch.shape[2];
            var width = batch.shape[3];
            var upsampled = nn.functional.interpolate(cam, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
            var flat = upsampled.reshape(n, -1);
            var min = flat.amin([1], keepdim: true);
            var range = flat.amax([1], keepdim: true) - min;
            // A flat map (no positive evidence anywhere) stays all zero instead of dividing by zero.
            var normalised = ((flat - min) / range.clamp_min(1e-12)).cpu();
            var values = normalised.data<float>().ToArray();
            var probs = probabilities.data<float>().ToArray();
            var classes = model.ClassNames.Count;
            var size = (int)(height * width);
            return [.. Enumerable.Range(0, n).Select(i => new GradCamResult(
                "", null,
                new HeatMap((int)width, (int)height, values.AsSpan(i * size, size).ToArray()),
                model.ClassNames[targets[i]],
                probs[i * classes + targets[i]],
                model.ClassNames[predicted[i]]))];
        }
        finally
        {
            hook.remove();
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Grad-CAM of image files, decoded by the <see cref="DataLoader"/> and preprocessed as the model predicts
    /// (its test size: resize, centre crop, normalise).
    /// </summary>
    /// <param name="targetClass">Class name to explain in every image; null explains each image's predicted class.</param>
    /// <param name="preprocess">Another spec to predict with (e.g. a test size chosen on validation); default the model's.</param>
    public static IReadOnlyList<GradCamResult> Explain(ImageClassifier model, IReadOnlyList<string> paths, string? targetClass = null, string? layer = null,
        PreprocessSpec? preprocess = null, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(paths);
        var spec = (preprocess ?? model.Preprocess).ForTest();
        var loader = new DataLoader(ImageDataset.Unlabelled(paths, model.ClassNames), ImagePipeline.ForEval(spec), batchSize);
        var results = new List<GradCamResult>();
        foreach (var batch in loader.Epoch())
        {
            using (batch)
            {
                int[]? targets = targetClass is null ? null : [.. Enumerable.Repeat(ClassIndex(model, targetClass), batch.Count)];
                var maps = Compute(model, batch.Images, targets, layer);
                results.AddRange(maps.Select((r, k) => r with { Path = paths[batch.Indices[k]], Preprocess = spec }));
            }
        }
        return results;
    }

    /// <summary>Grad-CAM of one image file (see the overload for several files).</summary>
    public static GradCamResult Explain(ImageClassifier model, string path, string? targetClass = null, string? layer = null) =>
        Explain(model, [path], targetClass, layer)[0];

    static int ClassIndex(ImageClassifier model, string name)
    {
        for (var i = 0; i < model.ClassNames.Count; i++)
            if (model.ClassNames[i] == name) return i;
        throw new ArgumentException($"'{name}' is not one of the model's classes ({string.Join(", ", model.ClassNames)}).", nameof(name));
    }

    /// <summary>The logit of each sample's target class; a sigmoid head has one logit, whose negation scores class 0.</summary>
    static Tensor ClassScores(ClassifierHead head, Tensor logits, int[] targets)
    {
        if (head.Spec.Sigmoid)
        {
            var sign = tensor(targets.Select(t => t == 1 ? 1f : -1f).ToArray(), device: logits.device);
            return logits.squeeze(1) * sign;
        }
        var index = tensor(targets.Select(t => (long)t).ToArray(), device: logits.device).unsqueeze(1);
        return logits.gather(1, index).squeeze(1);
    }

    /// <summary>The last module of the chosen backbone layer group: its output is the feature map Grad-CAM weighs.</summary>
    static nn.Module<Tensor, Tensor> HookedModule(ImageClassifier model, string? layer)
    {
        var groups = model.Backbone.LayerGroups;
        var group = layer is null ? groups[^1]
            : groups.FirstOrDefault(g => g.Name == layer)
              ?? throw new ArgumentException($"The backbone has no layer group '{layer}'; it has {string.Join(", ", groups.Select(g => g.Name))}.", nameof(layer));
        return group.Modules[^1] as nn.Module<Tensor, Tensor>
            ?? throw new NotSupportedException($"Layer group '{group.Name}' ends in a module without a tensor → tensor forward; Grad-CAM cannot hook it.");
    }
}
