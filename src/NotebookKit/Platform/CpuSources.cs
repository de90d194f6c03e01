using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace NotebookKit.Platform;

/// <summary>
/// The real answers behind <see cref="CpuFeatures.Current"/>: CPUID on x64 (every OS), the OS on Arm. Everything here
/// only asks; the decoding lives in <see cref="Cpuid"/>, <see cref="ArmFeatures"/> and <see cref="CpuFeatures.Parse"/>,
/// which tests feed with recorded answers.
/// </summary>
static class CpuSources
{
    const string CpuInfo = "/proc/cpuinfo";

    public static CpuFeatures ThisMachine()
    {
        // The clock only /proc/cpuinfo gives (the bench's peak); elsewhere it stays unknown.
        var linux = OperatingSystem.IsLinux() ? CpuFeatures.Read(CpuInfo) : null;
        if (X86Base.IsSupported)
        {
            static CpuidResult Ask(int leaf, int subleaf)
            {
                var (a, b, c, d) = X86Base.CpuId(leaf, subleaf);
                return new CpuidResult((uint)a, (uint)b, (uint)c, (uint)d);
            }
            var (model, flags) = Cpuid.Decode(Ask);
            var (vendor, family, number) = Cpuid.Identify(Ask);
            return new(model, flags, linux?.Mhz) { Vendor = vendor, Family = family, ModelNumber = number };
        }
        if (OperatingSystem.IsMacOS()) return ArmFeatures.FromSysctl(SysctlNumber, SysctlText);
        if (OperatingSystem.IsWindows()) return ArmFeatures.FromWindows(f => IsProcessorFeaturePresent((uint)f), Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER"));
        return linux ?? CpuFeatures.Unknown;
    }

    static long? SysctlNumber(string name)
    {
        // The FEAT_* keys are 32-bit ints; reading into 8 zeroed bytes serves both widths on a little-endian CPU.
        var value = new byte[8];
        nint size = value.Length;
        return sysctlbyname(name, value, ref size, 0, 0) == 0 ? BitConverter.ToInt64(value) : null;
    }

    static string? SysctlText(string name)
    {
        nint size = 0;
        if (sysctlbyname(name, null, ref size, 0, 0) != 0 || size <= 0) return null;
        var value = new byte[size];
        return sysctlbyname(name, value, ref size, 0, 0) == 0 ? Encoding.UTF8.GetString(value, 0, (int)size).TrimEnd('\0').Trim() : null;
    }

    [DllImport("libc", EntryPoint = "sysctlbyname", CharSet = CharSet.Ansi, BestFitMapping = false)]
    static extern int sysctlbyname(string name, byte[]? value, ref nint size, nint newValue, nint newSize);

    [DllImport("kernel32.dll")]
    [return: MarshalAs(UnmanagedType.Bool)]
    static extern bool IsProcessorFeaturePresent(uint feature);
}
