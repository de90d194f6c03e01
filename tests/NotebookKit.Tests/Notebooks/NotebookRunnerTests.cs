using NotebookKit.Cli.Notebooks;

namespace NotebookKit.Tests.Notebooks;

public class NotebookRunnerTests
{
    [Fact]
    public void ClaimsHeldCountsEveryPrintedClaimInStreamsAndDisplays()
    {
        const string executed = """
            {"cells": [
              {"cell_type": "code", "source": ["Lesson.ExpectAbove(…)"], "outputs": [
                {"output_type": "stream", "name": "stdout", "text": ["Claim held: A beats B — 91% vs 83%\n", "Claim held: ", "C\n"]}]},
              {"cell_type": "markdown", "source": ["Claim held: prose is not output"]},
              {"cell_type": "code", "source": ["x"], "outputs": [
                {"output_type": "display_data", "data": {"text/html": "<p>Claim held: D</p>", "text/plain": ["Claim held: D"]}},
                {"output_type": "stream", "name": "stdout", "text": "Claim failed: E"}]}
            ]}
            """;
        Assert.Equal(3, NotebookRunner.ClaimsHeld(executed));
    }
}
