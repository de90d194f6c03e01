using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace NotebookKit.Models.Onnx;

/// <summary>
/// An ONNX graph under construction: nodes in topological order, weights as initializers, every value named
/// uniquely. Knows nothing about modules; <see cref="OnnxModuleWriter"/> decides what to add.
/// </summary>
sealed class OnnxGraph
{
    readonly GraphProto graph = new();
    readonly HashSet<string> names = [];

    public OnnxGraph(string name) => graph.Name = name;

    /// <summary>A float32 weight, copied from <paramref name="value"/> (moved to the CPU first).</summary>
    public string Initializer(string name, Tensor value)
    {
        using var cpu = value.detach().cpu().to_type(ScalarType.Float32).contiguous();
        var proto = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Float };
        proto.Dims.AddRange(cpu.shape);
        proto.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(cpu.data<float>().ToArray().AsSpan()));
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    public string Initializer(string name, float[] values, params long[] shape)
    {
        using var t = tensor(values, shape);
        return Initializer(name, t);
    }

    /// <summary>A rank-0 float32 constant, added once per name.</summary>
    public string Scalar(string name, float value)
    {
        if (names.Contains(name)) return name;
        var proto = new TensorProto { Name = Unique(name, exact: true), DataType = (int)TensorProto.Types.DataType.Float };
        proto.FloatData.Add(value);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    public string Int64Initializer(string name, params long[] values)
    {
        var proto = new TensorProto { Name = Unique(name), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A rank-0 int64 constant (a Gather index that drops its axis), added once per value.</summary>
    public string Int64Scalar(long value)
    {
        var name = $"index_{value}";
        if (names.Contains(name)) return name;
        var proto = new TensorProto { Name = Unique(name, exact: true), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Int64Data.Add(value);
        graph.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>Adds a node with one output, named <paramref name="output"/> or after the operator.</summary>
    public string Node(string op, IEnumerable<string> inputs, IEnumerable<AttributeProto>? attributes = null, string? output = null)
    {
        var node = new NodeProto { OpType = op, Name = Unique(op + "_" + graph.Node.Count) };
        node.Input.AddRange(inputs);
        node.Output.Add(output is null ? Unique(node.Name + "_out") : Unique(output, exact: true));
        if (attributes is not null) node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return node.Output[0];
    }

    /// <summary>A float32 graph input or output; null dimensions are symbolic (<c>N</c>).</summary>
    public void Input(string name, params long?[] shape) => graph.Input.Add(ValueInfo(Unique(name, exact: true), shape));

    public void Output(string name, params long?[] shape) => graph.Output.Add(ValueInfo(name, shape));

    public ModelProto ToModel(long opset, string producerVersion, string docString, IReadOnlyDictionary<string, string> metadata)
    {
        var model = new ModelProto
        {
            IrVersion = 7, // the IR version that opset 13 came with; every runtime reading opset 13 reads it
            ProducerName = "NotebookKit",
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        foreach (var (key, value) in metadata) model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    /// <summary>
    /// An int attribute. OnnxSharp's protobuf classes are proto3, which writes a 0 as "no value": readers that check
    /// for the value (OpenCV) then reject the node, so a 0 is refused here; leave such an attribute out (0 is ONNX's default).
    /// </summary>
    public static AttributeProto Int(string name, long value) => value != 0
        ? new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value }
        : throw new ArgumentOutOfRangeException(nameof(value), $"ONNX attribute '{name}' = 0 would be written without its value; omit it instead.");

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, IEnumerable<long> values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    static ValueInfoProto ValueInfo(string name, long?[] shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        foreach (var d in shape)
            tensorType.Shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }

    string Unique(string name, bool exact = false)
    {
        if (names.Add(name)) return name;
        if (exact) throw new InvalidOperationException($"ONNX value name '{name}' is used twice.");
        for (var i = 1; ; i++)
            if (names.Add($"{name}_{i}")) return $"{name}_{i}";
    }
}
