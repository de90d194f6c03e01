using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>
/// A short digest of modules' weights and buffers, so caches keyed by it tell a pretrained backbone from a
/// randomly initialised or fine-tuned copy of the same architecture.
/// </summary>
public static class WeightsFingerprint
{
    public static string Of(nn.Module module) => Of([module]);

    /// <summary>The digest of several modules in order (e.g. the layer groups of a frozen prefix).</summary>
    public static string Of(IEnumerable<nn.Module> modules)
    {
        using var _ = no_grad();
        var text = new StringBuilder();
        var m = 0;
        foreach (var module in modules)
        {
            foreach (var (name, t) in module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                using var scope = NewDisposeScope();
                var f = t.to_type(ScalarType.Float64);
                text.Append(m).Append('.').Append(name).Append(':').Append(string.Join("x", t.shape)).Append(':')
                    .Append(f.sum().item<double>().ToString("R", CultureInfo.InvariantCulture)).Append(':')
                    .Append(f.abs().sum().item<double>().ToString("R", CultureInfo.InvariantCulture)).Append('|');
            }
            m++;
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
