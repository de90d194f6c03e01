using System.Reflection;
using System.Reflection.Emit;

namespace NotebookKit.Tests;

/// <summary>
/// DESIGN.md's three parts and one direction of flow, checked by reflection over every namespace of every kit assembly
/// (root namespace included): each type's signatures, fields, locals and every type, method and field its method bodies
/// name (read from the IL), so a use hidden in a lambda or an async method counts too. Any arrow that points back fails.
/// </summary>
public class NamespaceLayeringTests
{
    /// <summary>The part each namespace belongs to, by longest prefix. A new namespace must be placed here.</summary>
    static readonly (string Prefix, string Part)[] Parts =
    [
        ("NotebookKit.Diagnostics", "Doctor"),
        ("NotebookKit.Platform", "Platform"),
        ("NotebookKit.Data", "Data"),
        ("NotebookKit.Models", "Models"),
        ("NotebookKit.Explainability", "Explainability"),
        ("NotebookKit.Training", "Training"),
        ("NotebookKit.Evaluation", "Evaluation"),
        ("NotebookKit.Visualization", "Visualization"),
        ("NotebookKit.Notebooks", "Course"),
        ("NotebookKit.Cli", "FrontEnd"),
        ("NotebookKit.Interactive", "FrontEnd"),
        ("NotebookKit.Benchmarks", "FrontEnd"),
        ("NotebookKit", "Core"), // the root namespace: records every layer shares (PredictionSet, EpochRecord, Seeds)
    ];

    /// <summary>What each part may use besides itself: Platform below all, the library's layers forward only, the course above the library, the doctor beside the course, front ends on top.</summary>
    static readonly Dictionary<string, string[]> May = new()
    {
        ["Platform"] = [],
        ["Core"] = ["Platform"],
        ["Data"] = ["Platform", "Core"],
        ["Models"] = ["Platform", "Core", "Data"],
        ["Explainability"] = ["Platform", "Core", "Data", "Models"],
        ["Training"] = ["Platform", "Core", "Data", "Models"],
        ["Evaluation"] = ["Platform", "Core", "Data"],
        ["Visualization"] = ["Platform", "Core", "Data", "Evaluation", "Explainability"],
        ["Course"] = ["Platform", "Core", "Data", "Models", "Explainability", "Training", "Evaluation", "Visualization", "Doctor"],
        ["Doctor"] = ["Platform", "Core", "Data", "Models"],
        ["FrontEnd"] = ["Platform", "Core", "Data", "Models", "Explainability", "Training", "Evaluation", "Visualization", "Course", "Doctor"],
    };

    static IEnumerable<Assembly> KitAssemblies() =>
    [
        typeof(NotebookKit.Platform.KitPaths).Assembly,
        typeof(NotebookKit.Cli.Workshop.NativeImports).Assembly,
        typeof(NotebookKit.Interactive.KitKernelExtension).Assembly,
        Assembly.Load("NotebookKit.Bench"),
    ];

    static string? PartOf(string? ns) =>
        ns is null || !(ns == "NotebookKit" || ns.StartsWith("NotebookKit.", StringComparison.Ordinal)) ? null
        : Parts.FirstOrDefault(p => ns == p.Prefix || (p.Prefix != "NotebookKit" && ns.StartsWith(p.Prefix + ".", StringComparison.Ordinal))).Part;

    /// <summary>Outside the kit, what a part may not use: the engine (Evaluation and Visualization take plain records), the console (the engine reports through IProgress).</summary>
    static string? ForbiddenOutside(string part, Type used) => part switch
    {
        "Evaluation" or "Visualization" when used.Namespace?.StartsWith("TorchSharp", StringComparison.Ordinal) == true
            || used.Namespace?.StartsWith("TorchVision", StringComparison.Ordinal) == true => "TorchSharp",
        "Models" or "Training" when used == typeof(Console) => "Console",
        _ => null,
    };

    /// <summary>Every arrow between two parts as "From → To", with one example "type uses type".</summary>
    static Dictionary<string, string> Arrows()
    {
        var arrows = new Dictionary<string, string>();
        foreach (var type in KitAssemblies().SelectMany(a => a.GetTypes()))
        {
            if (PartOf(type.Namespace) is not { } from) continue;
            foreach (var used in Uses(type).Distinct())
            {
                if ((PartOf(used.Namespace) is { } to && to != from && !May[from].Contains(to) ? to : ForbiddenOutside(from, used)) is not { } target) continue;
                arrows.TryAdd($"{from} → {target}", $"{type.FullName} uses {used.FullName}");
            }
        }
        return arrows;
    }

    [Fact]
    public void Every_namespace_of_every_kit_assembly_belongs_to_a_part()
    {
        var namespaces = KitAssemblies().SelectMany(a => a.GetTypes()).Select(t => t.Namespace).OfType<string>().Distinct().ToList();
        Assert.Contains("NotebookKit", namespaces);
        Assert.DoesNotContain(namespaces, n => n.StartsWith("NotebookKit", StringComparison.Ordinal) && PartOf(n) is null);
        Assert.Equal("Core", PartOf("NotebookKit"));
        Assert.Null(PartOf("NotebookKit.Unplaced"));
    }

    [Fact]
    public void No_arrow_points_back()
    {
        var backward = Arrows().Select(a => $"{a.Key}: {a.Value}").ToList();
        Assert.True(backward.Count == 0, "Backward arrows:\n" + string.Join("\n", backward));
    }

    [Fact]
    public void The_reader_sees_uses_inside_lambdas_and_method_bodies()
    {
        // Only a method body names Kit's type here: the IL reader must find it.
        var used = Uses(typeof(BodyOnly)).ToList();
        Assert.Contains(typeof(NotebookKit.Platform.KitPaths), used);
        Assert.Contains(typeof(NotebookKit.Data.FileFingerprint), Uses(typeof(BodyOnly).GetNestedTypes(BindingFlags.NonPublic).Single(t => t.Name.Contains("<>c"))).Concat(used));
    }

    static class BodyOnly
    {
        public static int Length() => NotebookKit.Platform.KitPaths.CacheRoot.Length;
        public static Func<string, object> Lambda() => path => NotebookKit.Data.FileFingerprint.Of(path);
    }

    /// <summary>The types <paramref name="type"/> names: base, interfaces, members' signatures, locals, and what its IL refers to.</summary>
    static IEnumerable<Type> Uses(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<Type> direct = [.. Expand(type.BaseType), .. type.GetInterfaces().SelectMany(Expand)];
        foreach (var t in direct) yield return t;
        foreach (var f in type.GetFields(all)) foreach (var t in Expand(f.FieldType)) yield return t;
        foreach (var p in type.GetProperties(all)) foreach (var t in Expand(p.PropertyType)) yield return t;
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            var signature = m.GetParameters().Select(p => p.ParameterType).Concat(m is MethodInfo mi ? [mi.ReturnType] : []);
            foreach (var t in signature.SelectMany(Expand)) yield return t;
            foreach (var t in Body(m).SelectMany(Expand)) yield return t;
        }
    }

    /// <summary>A type with its element and generic argument types.</summary>
    static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null) yield break;
        if (type.HasElementType) { foreach (var t in Expand(type.GetElementType())) yield return t; yield break; }
        if (type.IsGenericParameter) yield break;
        yield return type;
        if (type.IsGenericType) foreach (var t in type.GetGenericArguments().SelectMany(Expand)) yield return t;
    }

    static readonly Dictionary<short, OpCode> OpCodeByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body's locals and tokens (call, newobj, ldfld, ldtoken, castclass, …) name.</summary>
    static IEnumerable<Type> Body(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        var il = body.GetILAsByteArray() ?? [];
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var op = il[i] == 0xFE ? OpCodeByValue[unchecked((short)(0xFE00 | il[i + 1]))] : OpCodeByValue[il[i]];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    foreach (var t in Resolve(method.Module, BitConverter.ToInt32(il, i), typeArgs, methodArgs)) yield return t;
                    i += 4;
                    break;
                default: i += 4; break; // InlineI, InlineBrTarget, InlineString, InlineSig, ShortInlineR
            }
        }
    }

    static IEnumerable<Type> Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        MemberInfo? member;
        try { member = module.ResolveMember(token, typeArgs, methodArgs); }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or TypeLoadException or BadImageFormatException) { yield break; }
        switch (member)
        {
            case Type t: yield return t; break;
            case FieldInfo f: yield return f.DeclaringType!; yield return f.FieldType; break;
            case MethodInfo m:
                yield return m.DeclaringType!;
                yield return m.ReturnType;
                foreach (var p in m.GetParameters()) yield return p.ParameterType;
                if (m.IsGenericMethod) foreach (var a in m.GetGenericArguments()) yield return a;
                break;
            case ConstructorInfo c:
                yield return c.DeclaringType!;
                foreach (var p in c.GetParameters()) yield return p.ParameterType;
                break;
        }
    }
}
