using System.Buffers.Binary;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// Loads weights files into a module by parameter name, strictly: every key of the module must be in the file, every
/// key of the file in the module (except <c>ignoredKeys</c> prefixes), and every shape the same, else a
/// <see cref="StateDictMismatchException"/> lists what differs before anything is loaded (.dat: after, see below).
/// Formats: TorchSharp's <c>.dat</c> (module.save), PyTorch's <c>.pth</c>/<c>.pt</c>/<c>.bin</c> (torch.save of a
/// state dict — zip or legacy — read by TorchSharp.PyBridge) and <c>.safetensors</c>.
/// </summary>
public static class StateDict
{
    public static void Load(nn.Module module, string path, IReadOnlyList<string>? ignoredKeys = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Weights file not found: {path}", path);
        ignoredKeys ??= [];
        var expected = module.state_dict();
        var extension = Path.GetExtension(path).ToLowerInvariant();
        using var _ = no_grad();
        try { LoadAs(extension, module, path, expected, ignoredKeys); }
        catch (Exception e) when (!e.Message.Contains(path, StringComparison.Ordinal) && e is EndOfStreamException or InvalidDataException or IOException or ArgumentException
                                      or FormatException or JsonException or OverflowException or System.Runtime.InteropServices.ExternalException)
        {
            // A truncated or garbled file fails deep in a reader whose message names nothing ("Attempted to read past the end of the stream").
            throw new InvalidDataException($"Weights file '{path}' is damaged or incomplete ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')}). Download or save it again.", e);
        }
    }

    static void LoadAs(string extension, nn.Module module, string path, Dictionary<string, Tensor> expected, IReadOnlyList<string> ignoredKeys)
    {
        switch (extension)
        {
            case ".dat":
            {
                // TorchSharp's format has no key listing without reading the tensors, so load leniently and check after;
                // on a mismatch the module is left partially loaded (rebuild it).
                var loaded = new Dictionary<string, bool>();
                module.load(path, strict: false, loadedParameters: loaded);
                Check(path, expected, loaded.Keys.ToDictionary(k => k, k => expected.TryGetValue(k, out var t) ? t.shape : []), ignoredKeys);
                return;
            }
            case ".safetensors":
            {
                var skip = Check(path, expected, SafetensorsShapes(path), ignoredKeys);
                module.load_safetensors(path, strict: false, skip: skip);
                return;
            }
            case ".pth" or ".pt" or ".bin":
                LoadPyTorch(module, path, expected, ignoredKeys);
                return;
            default:
                throw new NotSupportedException($"{path}: unknown weights format '{extension}'. Use .dat (TorchSharp), .pth/.pt/.bin (PyTorch) or .safetensors.");
        }
    }

    /// <summary>Reads the whole state dict once (PyBridge's unpickler), checks it, then copies each tensor into the module's.</summary>
    static void LoadPyTorch(nn.Module module, string path, IReadOnlyDictionary<string, Tensor> expected, IReadOnlyList<string> ignoredKeys)
    {
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            using (var stream = File.OpenRead(path))
            {
                foreach (System.Collections.DictionaryEntry entry in PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true))
                {
                    if (entry.Key is string key && entry.Value is Tensor tensor) tensors[key] = tensor;
                    else throw new InvalidDataException($"{path} is not a state dict (a mapping from names to tensors): found '{entry.Key}' of type {entry.Value?.GetType().Name ?? "null"}. Save model.state_dict(), not the model or a checkpoint dictionary.");
                }
            }
            Check(path, expected, tensors.ToDictionary(kv => kv.Key, kv => kv.Value.shape), ignoredKeys);
            foreach (var (key, target) in expected) target.copy_(tensors[key]);
        }
        catch (Exception e) when (e is not (StateDictMismatchException or InvalidDataException or IOException))
        {
            throw new InvalidDataException($"{path} could not be read as a PyTorch state dict ({e.Message}). Save it with torch.save(model.state_dict(), path).", e);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>Throws on a mismatch of keys or shapes; returns the file's ignored keys, which the loader must skip.</summary>
    static List<string> Check(string path, IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, long[]> inFile, IReadOnlyList<string> ignoredKeys)
    {
        bool Ignored(string key) => ignoredKeys.Any(key.StartsWith);
        var missing = expected.Keys.Where(k => !inFile.ContainsKey(k)).ToList();
        var unexpected = inFile.Keys.Where(k => !expected.ContainsKey(k) && !Ignored(k)).Order(StringComparer.Ordinal).ToList();
        var shapes = expected.Where(kv => inFile.TryGetValue(kv.Key, out var s) && !s.SequenceEqual(kv.Value.shape))
            .Select(kv => $"{kv.Key} [{string.Join(", ", inFile[kv.Key])}] in the file, [{string.Join(", ", kv.Value.shape)}] in the model").ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || shapes.Count > 0) throw new StateDictMismatchException(path, missing, unexpected, shapes);
        return [.. inFile.Keys.Where(k => !expected.ContainsKey(k))];
    }

    /// <summary>The tensor names and shapes in a safetensors header (8-byte little-endian length, then JSON).</summary>
    static Dictionary<string, long[]> SafetensorsShapes(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (length <= 0 || length > Math.Min(stream.Length - 8, 100_000_000))
            throw new InvalidDataException($"{path} is not a safetensors file (its header length {length} does not fit the file). Download or save it again (safetensors.torch.save_file).");
        var header = new byte[length];
        stream.ReadExactly(header);
        using var json = JsonDocument.Parse(header);
        return json.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
    }
}
