using System.Security.Cryptography;
using NotebookKit.Platform;

namespace NotebookKit.Models;

/// <summary>
/// A published weights file: where to download it and its SHA-256. torchvision names its files after the first
/// 8 hex digits of the SHA-256 (resnet18-f37072fd.pth) and checks only that prefix; when the full digest is known
/// we store and check all 64 digits, otherwise the prefix. <see cref="IgnoredKeys"/> are state-dict key prefixes the
/// file has but the backbone deliberately lacks (the dropped ImageNet classifier, GoogLeNet's auxiliary heads).
/// </summary>
public sealed record WeightsFile(string Url, string Sha256, IReadOnlyList<string> IgnoredKeys)
{
    public string FileName => Path.GetFileName(new Uri(Url).AbsolutePath);

    /// <summary>Where the file is (or will be) in the kit's weights cache.</summary>
    public string CachePath => CachePathIn(KitPaths.WeightsCache);

    /// <summary>Where the file is (or will be) in <paramref name="cacheDirectory"/>.</summary>
    public string CachePathIn(string cacheDirectory) => Path.Combine(cacheDirectory, FileName);

    public bool IsCached => File.Exists(CachePath);

    /// <summary>True when the full 64-digit digest is known; false when only torchvision's 8-digit prefix is.</summary>
    public bool HasFullDigest => Sha256.Length == 64;

    /// <summary>Whether <paramref name="path"/>'s SHA-256 matches (fully, or by prefix when only the prefix is known).</summary>
    public bool Matches(string path) => Sha256Of(path).StartsWith(Sha256, StringComparison.OrdinalIgnoreCase);

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
