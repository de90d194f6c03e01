using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Loads weights files into a module by parameter name, strictly: every key of the module must be in the file and
/// every key of the file in the module (except <c>ignoredKeys</c> prefixes), else a
/// <see cref="StateDictMismatchException"/> lists both sides before anything is loaded (.dat: after, see below).
/// Formats: TorchSharp's <c>.dat</c> (module.save), PyTorch's <c>.pth</c>/<c>.pt</c>/<c>.bin</c> (torch.save of a
/// state dict, read by TorchSharp.PyBridge) and <c>.safetensors</c>.
/// </summary>
public static class StateDict
{
    public static void Load(nn.Module module, string path, IReadOnlyList<string>? ignoredKeys = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: {path}", path);
        ignoredKeys ??= [];
        var expected = module.state_dict().Keys.ToList();
        var extension = Path.GetExtension(path).ToLowerInvariant();
        using var _ = no_grad();
        if (extension == ".dat")
        {
            // TorchSharp's format has no key listing without reading the tensors, so load leniently and check after;
            // on a mismatch the module is left partially loaded (rebuild it).
            var loaded = new Dictionary<string, bool>();
            module.load(path, strict: false, loadedParameters: loaded);
            Check(path, expected, loaded.Keys, ignoredKeys);
            return;
        }
        var keys = extension switch
        {
            ".pth" or ".pt" or ".bin" => PyTorchKeys(path),
            ".safetensors" => SafetensorsKeys(path),
            _ => throw new NotSupportedException($"{path}: unknown weights format '{extension}'. Use .dat (TorchSharp), .pth/.pt/.bin (PyTorch) or .safetensors."),
        };
        var skip = Check(path, expected, keys, ignoredKeys);
        if (extension == ".safetensors") module.load_safetensors(path, strict: false, skip: skip);
        else module.load_py(path, strict: false, skip: skip);
    }

    /// <summary>Throws on a mismatch; returns the file's ignored keys, which the loader must skip.</summary>
    static List<string> Check(string path, IReadOnlyCollection<string> expected, IEnumerable<string> inFile, IReadOnlyList<string> ignoredKeys)
    {
        var fileKeys = inFile.ToHashSet();
        bool Ignored(string key) => ignoredKeys.Any(key.StartsWith);
        var missing = expected.Where(k => !fileKeys.Contains(k)).ToList();
        var expectedSet = expected.ToHashSet();
        var unexpected = fileKeys.Where(k => !expectedSet.Contains(k) && !Ignored(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0) throw new StateDictMismatchException(path, missing, unexpected);
        return [.. fileKeys.Where(k => !expectedSet.Contains(k))];
    }

    /// <summary>The keys of a torch.save'd state dict, without reading its tensors.</summary>
    static IEnumerable<string> PyTorchKeys(string path)
    {
        using var stream = File.OpenRead(path);
        return PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: true).Keys.Cast<string>().ToList();
    }

    /// <summary>The tensor names in a safetensors header (8-byte little-endian length, then JSON).</summary>
    static IEnumerable<string> SafetensorsKeys(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var header = new byte[checked((int)BinaryPrimitives.ReadInt64LittleEndian(lengthBytes))];
        stream.ReadExactly(header);
        using var json = JsonDocument.Parse(header);
        return [.. json.RootElement.EnumerateObject().Select(p => p.Name).Where(n => n != "__metadata__")];
    }
}
