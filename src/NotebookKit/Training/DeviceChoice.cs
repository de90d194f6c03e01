using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>Picks the compute device: "cpu", "cuda", "cuda:N" or "auto" (CUDA when a CUDA TorchSharp package and a GPU are present).</summary>
public static class DeviceChoice
{
    public static Device Resolve(string? name = "auto")
    {
        name = string.IsNullOrWhiteSpace(name) ? "auto" : name.Trim().ToLowerInvariant();
        if (name == "auto") return cuda.is_available() ? CUDA : CPU;
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !cuda.is_available())
            throw new ArgumentException($"Device '{name}' was asked for, but CUDA is not available: this build uses the TorchSharp-cpu package or no GPU is present. See environment.md, 'Using a GPU'.");
        return new Device(name);
    }
}
