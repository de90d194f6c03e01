using NotebookKit.Platform;

namespace NotebookKit.Diagnostics.Checks;

/// <summary>Exceptions that mean "this file is missing, locked or not the ELF we expected", not a bug.</summary>
internal static class ReadErrors
{
    public static bool Is(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException or IndexOutOfRangeException;
}
