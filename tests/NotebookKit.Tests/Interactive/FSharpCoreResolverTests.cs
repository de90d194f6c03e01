using System.Reflection;
using NotebookKit.Interactive;

namespace NotebookKit.Tests.Interactive;

public class FSharpCoreResolverTests
{
    static readonly Assembly FSharpCore = typeof(Microsoft.FSharp.Core.Unit).Assembly;

    [Fact]
    public void A_request_for_a_newer_FSharp_Core_gets_the_loaded_one()
    {
        var requested = new AssemblyName("FSharp.Core, Version=99.1.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a");
        Assert.Same(FSharpCore, FSharpCoreResolver.Resolve(requested, [typeof(object).Assembly, FSharpCore]));
    }

    [Fact]
    public void Other_assemblies_and_a_missing_FSharp_Core_are_left_to_the_runtime()
    {
        Assert.Null(FSharpCoreResolver.Resolve(new AssemblyName("Plotly.NET"), [FSharpCore]));
        Assert.Null(FSharpCoreResolver.Resolve(new AssemblyName("FSharp.Core"), [typeof(object).Assembly]));
    }
}
