namespace NotebookKit;

/// <summary>
/// Derives sub-seeds (per epoch, per image, per worker) from one user seed. Unlike HashCode.Combine,
/// which is randomised per process, the result is the same on every run and machine.
/// </summary>
public static class Seeds
{
    /// <summary>The one default seed of the kit: splits, shuffling, augmentation, initialisation, bootstrap.</summary>
    public const int Default = 42;

    public static int Mix(int seed, int a, int b = 0)
    {
        ulong h = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL;
        h = SplitMix(h ^ (uint)a);
        h = SplitMix(h ^ (uint)b);
        return (int)(h >> 33);
    }

    static ulong SplitMix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
