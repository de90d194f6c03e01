namespace NotebookKit.Training;

/// <summary>
/// A freezing strategy by name, as the CLI and the experiment grid take it, in the kit's one convention (fastai's
/// freeze_to): <c>none</c> (everything trains), <c>backbone</c> (only the head trains), <c>from:GROUP</c> (GROUP and
/// every group after it train; the groups before it are frozen — <see cref="Learner.FreezeTo(string)"/>).
/// </summary>
public sealed record FreezeSpec(string Text)
{
    public static FreezeSpec None { get; } = new("none");
    public static FreezeSpec Backbone { get; } = new("backbone");
    /// <summary>Train <paramref name="group"/> onwards: <c>From("layer4")</c> freezes stem … layer3.</summary>
    public static FreezeSpec From(string group) => new($"from:{group}");

    public static FreezeSpec Parse(string text)
    {
        var spec = new FreezeSpec(text.Trim().ToLowerInvariant());
        if (spec.Text.StartsWith("upto:", StringComparison.Ordinal))
            throw new ArgumentException($"Freeze strategy '{text}': 'upto:' is gone (it froze the named group too, unlike freeze_to). " +
                "Name the first group that trains instead: from:GROUP (e.g. upto:layer3 is from:layer4).");
        if (spec.Text is not ("none" or "backbone") && !spec.Text.StartsWith("from:", StringComparison.Ordinal))
            throw new ArgumentException($"Freeze strategy '{text}' is not none, backbone or from:GROUP (the first group that trains, e.g. from:layer4).");
        return spec;
    }

    /// <summary>How many leading groups this strategy freezes in <paramref name="learner"/>.</summary>
    public int FrozenCount(Learner learner) => Text switch
    {
        "none" => 0,
        "backbone" => learner.Groups.Count - 1,
        _ => learner.GroupIndex(Text[5..]),
    };

    public void ApplyTo(Learner learner) => learner.FreezeTo(FrozenCount(learner));

    public override string ToString() => Text;
}
