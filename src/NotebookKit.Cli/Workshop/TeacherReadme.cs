namespace NotebookKit.Cli.Workshop;

/// <summary>The README.md a bundle carries for the teacher.</summary>
static class TeacherReadme
{
    public static string Text(BundleManifest m) => $"""
        # NotebookKit workshop bundle

        Packed from NotebookKit {m.Commit} on {m.CreatedUtc:yyyy-MM-dd} for **{string.Join(", ", m.Runtimes)}**, with
        weights for {List(m.Models.Keys)} and the datasets {List(m.Datasets)}. Everything a laptop needs to set the kit up
        with no network: copy this whole folder (a USB stick is fine) next to a clone of the repository at that commit.

        On each laptop (the .NET 10 SDK must be installed already):

        ```sh
        bash scripts/setup.sh --offline /path/to/this/folder          # Linux, macOS
        pwsh scripts/setup.ps1 -Offline C:\path\to\this\folder        # Windows
        ```

        The setup checks this folder against `SHA256SUMS`, restores, builds and registers the notebook feed and the
        notebook tools from `packages/` only (it writes a `NuGet.config` in the clone that clears every other source;
        delete that file to use nuget.org again), copies `weights/` into the kit's cache and `datasets/` into the
        clone's `data/`, and runs the doctor. It stops with a clear message when this bundle lacks the laptop's runtime.
        Then: `dotnet run --project src/NotebookKit.Cli -c Release -- notebooks run --quick 02`, or open `notebooks/`
        in VS Code.

        | folder | what |
        |---|---|
        | `packages/` | {m.Packages} NuGet packages: the solution's, the notebooks' `#r` lines', the notebook tools, libtorch for {string.Join(", ", m.Runtimes)} |
        | `weights/` | converted pretrained weights |
        | `datasets/` | photos, one folder per dataset |
        | `notebooks/` | the chapters, without outputs |

        """;

    static string List(IEnumerable<string> items) => items.Any() ? string.Join(", ", items) : "none";
}
