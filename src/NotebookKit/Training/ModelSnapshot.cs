using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>A detached copy of a module's state dict (parameters and buffers such as BatchNorm running statistics).</summary>
public sealed class ModelSnapshot : IDisposable
{
    readonly Dictionary<string, Tensor> state;

    ModelSnapshot(Dictionary<string, Tensor> state) => this.state = state;

    public static ModelSnapshot Take(nn.Module module) =>
        new(module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone()));

    public void RestoreInto(nn.Module module)
    {
        using var _ = no_grad();
        module.load_state_dict(state);
    }

    /// <summary>Whether <paramref name="module"/>'s state equals this snapshot exactly (every element, every tensor).</summary>
    public bool Matches(nn.Module module) => module.state_dict().All(kv => state.TryGetValue(kv.Key, out var t) && t.shape.SequenceEqual(kv.Value.shape) && t.eq(kv.Value).all().item<bool>());

    public void Dispose()
    {
        foreach (var t in state.Values) t.Dispose();
        state.Clear();
    }
}
