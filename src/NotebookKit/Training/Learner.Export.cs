using NotebookKit.Models;

namespace NotebookKit.Training;

public sealed partial class Learner
{
    /// <summary>The trained model as an ONNX file for any ONNX runtime; see <see cref="OnnxExport"/>.</summary>
    public OnnxExportInfo ExportOnnx(string path, CancellationToken cancellationToken = default) => Model.ExportOnnx(path, cancellationToken);
}
