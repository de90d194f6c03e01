#!/usr/bin/env bash
# The kit's whole test suite: unit tests, then every notebook executed headless in quick mode (in fp32) and every
# generated app (in the machine's default arithmetic).
# Data: NOTEBOOKKIT_DATA, else ../shared/datasets beside the repository (see data/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
export NOTEBOOKKIT_DATA="${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}"
started=$(date +%s)
# Seconds since the start, after each part, so a slow run says where its time went.
took() { echo "test.sh: $1 done at $(( $(date +%s) - started )) s"; }
bash scripts/setup.sh
took setup

log=$(mktemp)
set +e
# setup.sh restored the whole solution: no second restore here.
dotnet test tests/NotebookKit.Tests -c Release --no-restore 2>&1 | tee "$log" | grep -v "warning NU1603"
status=${PIPESTATUS[0]}
set -e
# dotnet test's own summary is not a line CI reads; restate it plainly.
summary=$(grep -E "^(Passed|Failed)!" "$log" | tail -1 || true)
passed=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$summary"); failed=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$summary")
echo "unit tests: ${passed:-0} passed, ${failed:-0} failed"
rm -f "$log"
[ "$status" -eq 0 ] || exit "$status"
took "unit tests"

# setup.sh built the CLI and dotnet test above rebuilt what changed: no third up-to-date check per command.
cli=(dotnet run --project src/NotebookKit.Cli -c Release --no-build --)
# Both arithmetics on every run: the notebooks in fp32, as most workshop laptops compute, and the generated apps
# below in this machine's default (bf16 where the CPU has it natively).
NOTEBOOKKIT_FROZEN_PRECISION=fp32 NOTEBOOKKIT_TRAIN_PRECISION=fp32 "${cli[@]}" notebooks run --quick
took notebooks
# The executed copies' outputs: final progress only, no kernel chatter, a picture for every chart (skipped above, before they existed).
dotnet test tests/NotebookKit.Tests -c Release --no-build --filter "FullyQualifiedName~ExecutedNotebookOutputsTests" 2>&1 | grep -v "warning NU1603"
# Every chapter again without .NET Interactive: the generated file-based apps.
"${cli[@]}" notebooks run-apps --quick
took apps
