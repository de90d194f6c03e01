using System.Text;

namespace NotebookKit.Cli;

/// <summary>Writes a float32 matrix as NumPy's .npy (format 1.0, little-endian, C order), readable by numpy.load.</summary>
static class NpyWriter
{
    public static void Write(Stream stream, IReadOnlyList<float[]> rows)
    {
        var columns = rows.Count == 0 ? 0 : rows[0].Length;
        if (rows.Any(r => r.Length != columns)) throw new ArgumentException("Every row needs the same length.", nameof(rows));
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Count}, {columns}), }}";
        // Magic, version 1.0, header length; the header is space-padded so the data starts on a 64-byte boundary.
        var padded = header.PadRight((10 + header.Length + 1 + 63) / 64 * 64 - 10 - 1) + "\n";
        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write((byte)0x93);
        writer.Write("NUMPY"u8);
        writer.Write((byte)1);
        writer.Write((byte)0);
        writer.Write((ushort)padded.Length);
        writer.Write(Encoding.ASCII.GetBytes(padded));
        foreach (var row in rows)
            foreach (var v in row) writer.Write(v); // BinaryWriter writes little-endian on every platform
    }
}
