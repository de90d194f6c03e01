namespace NotebookKit.Training;

/// <summary>
/// A freezing strategy by name, as the CLI and the experiment grid take it:
/// <c>none</c> (everything trains), <c>backbone</c> (only the head trains), <c>upto:GROUP</c> (GROUP and every
/// group before it frozen, e.g. upto:layer3 trains layer4 + head), <c>from:GROUP</c> (train GROUP onwards).
/// </summary>
public sealed record FreezeSpec(string Text)
{
    public static FreezeSpec None { get; } = new("none");
    public static FreezeSpec Backbone { get; } = new("backbone");
    public static FreezeSpec UpTo(string group) => new($"upto:{group}");
    public static FreezeSpec From(string group) => new($"from:{group}");

    public static FreezeSpec Parse(string text)
    {
        var spec = new FreezeSpec(text.Trim().ToLowerInvariant());
        if (spec.Text is not ("none" or "backbone") && !spec.Text.StartsWith("upto:", StringComparison.Ordinal) && !spec.Text.StartsWith("from:", StringComparison.Ordinal))
            throw new ArgumentException($"Freeze strategy '{text}' is not none, backbone, upto:GROUP or from:GROUP (groups: stem, layer1 … layer4).");
        return spec;
    }

    /// <summary>How many leading groups this strategy freezes in <paramref name="learner"/>.</summary>
    public int FrozenCount(Learner learner) => Text switch
    {
        "none" => 0,
        "backbone" => learner.Groups.Count - 1,
        _ when Text.StartsWith("upto:", StringComparison.Ordinal) => Checked(learner, learner.GroupIndex(Text[5..]) + 1),
        _ => learner.GroupIndex(Text[5..]),
    };

    public void ApplyTo(Learner learner) => learner.FreezeTo(FrozenCount(learner));

    static int Checked(Learner learner, int count) => count < learner.Groups.Count ? count
        : throw new ArgumentException("upto:head would freeze everything; the head always trains.");

    public override string ToString() => Text;
}
