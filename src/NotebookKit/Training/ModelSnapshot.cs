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

    /// <summary>Writes the snapshot (names and tensors) for <see cref="Load"/>.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(state.Count);
        foreach (var (name, tensor) in state)
        {
            writer.Write(name);
            tensor.Save(writer);
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/> for a module shaped like <paramref name="like"/>.</summary>
    public static ModelSnapshot Load(BinaryReader reader, nn.Module like)
    {
        var template = like.state_dict();
        var count = reader.ReadInt32();
        var state = new Dictionary<string, Tensor>();
        try
        {
            using var _ = no_grad();
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                if (!template.TryGetValue(name, out var shape)) throw new InvalidDataException($"the saved weights have a tensor '{name}' this model lacks");
                var tensor = shape.detach().clone();
                state[name] = tensor;
                tensor.Load(reader);
            }
            return new ModelSnapshot(state);
        }
        catch
        {
            foreach (var t in state.Values) t.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var t in state.Values) t.Dispose();
        state.Clear();
    }
}
