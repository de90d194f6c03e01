using System.Text;
using NotebookKit.Diagnostics;
using NotebookKit.Diagnostics.Checks;
using NotebookKit.Platform;

namespace NotebookKit.Tests.Platform;

/// <summary>The doctor's JPEG line: which libjpeg-turbo decodes, and the fix where the slow one is used for want of the fast.</summary>
public class JpegDecodingCheckTests
{
    [Fact]
    public void The_os_library_is_named_with_its_version()
    {
        var check = JpegDecodingCheck.Run(null, (true, "/usr/lib/x86_64-linux-gnu/libturbojpeg.so.0.2.0", "2.1.5"), "linux-x64");
        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal("the OS's libturbojpeg (libjpeg-turbo 2.1.5, /usr/lib/x86_64-linux-gnu/libturbojpeg.so.0.2.0), files it reports damaged go to SkiaSharp's (chosen automatically)", check.Detail);
        Assert.StartsWith("the OS's libturbojpeg, files", JpegDecodingCheck.Run("turbojpeg", (true, null, null), "osx-arm64").Detail);
    }

    [Fact]
    public void Without_libturbojpeg_x64_linux_gets_a_warning_with_the_install_command()
    {
        var check = JpegDecodingCheck.Run(null, (false, null, null), "linux-x64");
        Assert.Equal(CheckStatus.Warning, check.Status);
        Assert.Contains("2–3x slower", check.Detail);
        Assert.Contains("apt-get install libturbojpeg0", check.Fix);
        Assert.Contains("dnf install turbojpeg", check.Fix);
        // Elsewhere SkiaSharp's is the expected one (its Arm builds have NEON); a user who chose it is not warned either.
        Assert.Equal(CheckStatus.Ok, JpegDecodingCheck.Run(null, (false, null, null), "osx-arm64").Status);
        var chosen = JpegDecodingCheck.Run("skia", (true, null, null), "linux-x64");
        Assert.Equal((CheckStatus.Ok, "SkiaSharp's libjpeg-turbo (NOTEBOOKKIT_JPEG_DECODER=skia)"), (chosen.Status, chosen.Detail));
    }

    [Fact]
    public void A_setting_that_cannot_be_honoured_is_a_warning_naming_the_fix()
    {
        var unknown = JpegDecodingCheck.Run("fast", (true, null, null), "linux-x64");
        Assert.Equal(CheckStatus.Warning, unknown.Status);
        Assert.Contains("Unset NOTEBOOKKIT_JPEG_DECODER", unknown.Fix);
        var missing = JpegDecodingCheck.Run("turbojpeg", (false, null, null), "win-x64");
        Assert.Equal(CheckStatus.Warning, missing.Status);
        Assert.Contains("apt-get install libturbojpeg0", missing.Fix);
    }

    [Fact]
    public void The_version_is_read_from_the_string_libjpeg_turbo_carries()
    {
        Assert.Equal("2.1.5", TurboJpeg.VersionIn(Encoding.ASCII.GetBytes("\0\0libjpeg-turbo version 2.1.5 (build 20230203)\0Copyright")));
        Assert.Null(TurboJpeg.VersionIn(Encoding.ASCII.GetBytes("no such string")));
        if (TurboJpeg.IsAvailable && OperatingSystem.IsLinux())
            Assert.Matches(@"^\d+\.\d+\.\d+$", TurboJpeg.Describe().Version ?? "none");
    }
}
