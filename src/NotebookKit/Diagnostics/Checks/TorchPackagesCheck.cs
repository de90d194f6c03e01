using TorchSharp;

using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Which TorchSharp and libtorch packages are restored, and which TorchSharp this app runs.</summary>
internal static class TorchPackagesCheck
{
    const string Name = "TorchSharp packages";
    const string RestoreHint = "Run `dotnet build` in the repository to restore the packages.";

    public static DoctorCheck Run(DoctorOptions o)
    {
        var torchSharp = Packages.Versions(o.PackagesRoot, "torchsharp");
        var libtorch = Packages.Libtorch(o.PackagesRoot, o.RuntimeIdentifier);
        var detail = $"TorchSharp {Join(torchSharp)} (this app: {typeof(torch).Assembly.GetName().Version}); "
                     + (libtorch.Count == 0 ? $"no libtorch for {o.RuntimeIdentifier}" : string.Join(", ", libtorch.Select(l => $"{l.Id} {l.Version}")));
        if (torchSharp.Count == 0) return DoctorCheck.Broken(Name, $"TorchSharp not restored in {o.PackagesRoot}; {detail}", RestoreHint);
        return libtorch.Count == 0 ? DoctorCheck.Broken(Name, detail, RestoreHint) : DoctorCheck.Ok(Name, detail);
    }

    static string Join(IReadOnlyList<string> versions) => versions.Count == 0 ? "none" : string.Join(", ", versions);
}
