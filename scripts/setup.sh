#!/usr/bin/env bash
# One-time (and idempotent) set-up: restore packages and tools, then let the doctor repair the platform.
set -euo pipefail
cd "$(dirname "$0")/.."
# A registered notebook feed whose folder is gone would fail every restore (NU1301): recreate the folder.
feed=$(dotnet nuget list source --format detailed 2>/dev/null | grep -A1 "NotebookKit-local" | tail -n 1 | xargs || true)
if [ -n "$feed" ] && [ "${feed#/}" != "$feed" ]; then mkdir -p "$feed"; fi
dotnet restore NotebookKit.sln
dotnet tool restore
# The doctor patches the restored TorchSharp natives (GLIBCXX, see environment.md) before anything loads them;
# later builds copy the patched library into their output folders.
dotnet build src/NotebookKit.Cli -c Release --no-restore
dotnet run --project src/NotebookKit.Cli -c Release --no-build -- doctor --fix
