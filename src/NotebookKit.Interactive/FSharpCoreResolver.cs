using System.Reflection;
using System.Runtime.Loader;

namespace NotebookKit.Interactive;

/// <summary>
/// Plotly.NET 6 is compiled against FSharp.Core 10.1, but the notebook kernel has already loaded its own
/// (older) FSharp.Core, so the first chart fails with FileNotFoundException. F# keeps FSharp.Core backward
/// compatible, so answering any FSharp.Core request with the loaded copy is safe.
/// </summary>
static class FSharpCoreResolver
{
    const string Name = "FSharp.Core";
    static int installed;

    /// <summary>The already-loaded FSharp.Core when <paramref name="requested"/> asks for FSharp.Core (any version), else null.</summary>
    public static Assembly? Resolve(AssemblyName requested, IEnumerable<Assembly> loaded) =>
        string.Equals(requested.Name, Name, StringComparison.OrdinalIgnoreCase)
            ? loaded.FirstOrDefault(a => string.Equals(a.GetName().Name, Name, StringComparison.OrdinalIgnoreCase))
            : null;

    /// <summary>Hooks <see cref="Resolve"/> into the default load context once per process.</summary>
    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (_, name) => Resolve(name, AppDomain.CurrentDomain.GetAssemblies());
    }
}
