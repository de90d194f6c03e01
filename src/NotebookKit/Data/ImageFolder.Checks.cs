namespace NotebookKit.Data;

public sealed partial class ImageFolder
{
    /// <summary>
    /// This folder, when it has validation images; training needs them every epoch. Throws <see cref="DataException"/>
    /// naming the folder and the fix otherwise (an empty val/, or every val image skipped), instead of a tensor error later.
    /// </summary>
    public ImageFolder RequireValidation()
    {
        if (Val.Count > 0) return this;
        var val = Path.Combine(Root, "val");
        throw IsPreSplit && Directory.Exists(val)
            ? new DataException($"'{val}' holds no usable images ({Skipped.Count(s => s.Path.StartsWith(val + Path.DirectorySeparatorChar, StringComparison.Ordinal) && s.Reason != HiddenReason)} files skipped). " +
                "Add images to its class folders, or remove val/ so that 10% of train/ is held out for validation.", val)
            : new DataException($"'{Root}' has too few images to hold out a validation split ({Train.Count} training images). Add images, or give a larger validation fraction.", Root);
    }
}
