using System.Collections;
using System.Reflection;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Models;

/// <summary>
/// PyTorch's <c>setattr(parent, name, module)</c> for TorchSharp 0.107, which has no public way to replace a registered
/// child. A module's forward calls its C# fields and a Sequential its own list, so the replacement goes there, and into
/// the registry that <c>named_children</c> and state dicts read, under the same name and at the same place.
/// </summary>
public static class ModuleTree
{
    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
    static readonly FieldInfo Registry = typeof(nn.Module).GetField("_internal_submodules", Instance)
        ?? throw new MissingFieldException("TorchSharp's Module no longer has _internal_submodules; ModuleTree needs updating for this version.");
    static readonly FieldInfo SequentialModules = typeof(Sequential).GetField("_modules", Instance)
        ?? throw new MissingFieldException("TorchSharp's Sequential no longer has _modules; ModuleTree needs updating for this version.");
    static readonly FieldInfo SequentialNames = typeof(Sequential).GetField("_names", Instance)
        ?? throw new MissingFieldException("TorchSharp's Sequential no longer has _names; ModuleTree needs updating for this version.");

    /// <summary>Where each module under <paramref name="root"/> hangs: its parent and its name there (a module shared by two parents is listed under both).</summary>
    public static ILookup<nn.Module, (nn.Module Parent, string Name)> Parents(nn.Module root)
    {
        var edges = new List<(nn.Module Child, nn.Module Parent, string Name)>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        void Walk(nn.Module parent)
        {
            if (!seen.Add(parent)) return;
            foreach (var (name, child) in parent.named_children())
            {
                edges.Add((child, parent, name));
                Walk(child);
            }
        }
        Walk(root);
        return edges.ToLookup(e => e.Child, e => (e.Parent, e.Name), (IEqualityComparer<nn.Module>)ReferenceEqualityComparer.Instance);
    }

    /// <summary>
    /// Puts <paramref name="replacement"/> where child <paramref name="name"/> of <paramref name="parent"/> is; returns the
    /// module it replaced. The parent must keep that child in a field (as every module made with RegisterComponents does)
    /// whose type accepts the replacement, or be a Sequential.
    /// </summary>
    public static nn.Module Replace(nn.Module parent, string name, nn.Module<Tensor, Tensor> replacement)
    {
        var current = parent.named_children().FirstOrDefault(c => c.name == name).module
            ?? throw new ArgumentException($"{parent.GetName()} has no child '{name}'.", nameof(name));
        if (parent is Sequential)
        {
            var names = (IList<string>)SequentialNames.GetValue(parent)!;
            ((IList)SequentialModules.GetValue(parent)!)[names.IndexOf(name)] = replacement;
        }
        else
        {
            var field = Fields(parent.GetType()).FirstOrDefault(f => ReferenceEquals(f.GetValue(parent), current))
                ?? throw new NotSupportedException($"{parent.GetType().Name} keeps its child '{name}' outside its fields, so it cannot be replaced.");
            if (!field.FieldType.IsInstanceOfType(replacement))
                throw new NotSupportedException($"{parent.GetType().Name}.{field.Name} is declared {field.FieldType.Name}; declare it Module<Tensor, Tensor> so the module can be replaced.");
            field.SetValue(parent, replacement);
        }
        var registry = (IDictionary<string, nn.Module>)Registry.GetValue(parent)!;
        if (registry.ContainsKey(name)) registry[name] = replacement;
        return current;
    }

    static IEnumerable<FieldInfo> Fields(Type? type)
    {
        for (; type is not null && type != typeof(nn.Module); type = type.BaseType)
            foreach (var f in type.GetFields(Instance | BindingFlags.DeclaredOnly))
                if (typeof(nn.Module).IsAssignableFrom(f.FieldType) || f.FieldType.IsAssignableFrom(typeof(nn.Module)))
                    yield return f;
    }
}

/// <summary>
/// Module replacements made on a model for a while (an execution plan's): disposing puts every original back, in
/// reverse order, and frees what the stand-ins own. The stand-ins themselves are never disposed as modules, because they
/// hold the originals' parameters, which a module's Dispose would free.
/// </summary>
public sealed class ModuleSwaps : IDisposable
{
    readonly List<(nn.Module Parent, string Name, nn.Module Original, StandIn Replacement)> swaps = [];
    Action? restored;

    public int Count => swaps.Count;

    /// <summary>Runs <paramref name="action"/> once the originals are back.</summary>
    public ModuleSwaps OnRestore(Action action)
    {
        restored += action;
        return this;
    }

    /// <summary>Replaces <paramref name="original"/> by <paramref name="replacement"/> wherever it hangs in <paramref name="parents"/>.</summary>
    public void Replace(ILookup<nn.Module, (nn.Module Parent, string Name)> parents, nn.Module original, StandIn replacement)
    {
        foreach (var (parent, name) in parents[original])
            swaps.Add((parent, name, ModuleTree.Replace(parent, name, replacement), replacement));
    }

    public void Dispose()
    {
        for (var i = swaps.Count - 1; i >= 0; i--)
            ModuleTree.Replace(swaps[i].Parent, swaps[i].Name, (nn.Module<Tensor, Tensor>)swaps[i].Original);
        foreach (var r in swaps.Select(s => s.Replacement).Distinct(ReferenceEqualityComparer.Instance).Cast<StandIn>()) r.Release();
        swaps.Clear();
        var then = restored;
        restored = null;
        then?.Invoke();
    }
}
