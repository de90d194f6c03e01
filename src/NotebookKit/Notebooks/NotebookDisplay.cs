namespace NotebookKit.Notebooks;

/// <summary>The current HTML display: set by the notebook kernel extension, null in console programs and tests.</summary>
public static class NotebookDisplay
{
    static volatile IHtmlDisplay? current;

    public static IHtmlDisplay? Current => current;

    /// <summary>True when a notebook front end is attached (the kernel extension has registered its display).</summary>
    public static bool IsNotebook => current is not null;

    /// <summary>Makes <paramref name="display"/> the target of <see cref="Show"/> and <see cref="NotebookProgress"/>; null detaches.</summary>
    public static void Register(IHtmlDisplay? display) => current = display;
}
