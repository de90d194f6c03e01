using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using NotebookKit.Notebooks;

namespace NotebookKit.Interactive;

/// <summary>
/// Loaded by .NET Interactive from the package's interactive-extensions/dotnet folder when a notebook runs
/// <c>#r "nuget: NotebookKit, …"</c>: fixes FSharp.Core binding for Plotly.NET, routes the kit's HTML to the
/// notebook and registers formatters for charts, tensors, images, datasets, reports and histories.
/// </summary>
public sealed class KitKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Kernel kernel)
    {
        // First, before any Plotly.NET type is touched: registering the chart formatter loads Plotly.NET.
        FSharpCoreResolver.Install();
        NotebookDisplay.Register(KernelHtmlDisplay.ForHost());
        RegisterFormatters();
        return Task.CompletedTask;
    }

    // Kept out of OnLoadAsync so the JIT resolves Plotly.NET's types only after the resolver is installed.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static void RegisterFormatters() => KitFormatters.Register();
}
