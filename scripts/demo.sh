#!/usr/bin/env bash
# The main job: train a cats-vs-dogs classifier from the offline ImageNet ResNet, then evaluate it.
# Usage: scripts/demo.sh [DATA_DIR] [RUN_DIR]   (DATA_DIR: train/ val/ test/ split folders, or class folders)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}/cats-dogs}"
run="${2:-runs/cats-dogs-$(date +%Y%m%d-%H%M%S)}"
bash scripts/setup.sh
cli=(dotnet run --project src/NotebookKit.Cli -c Release --no-build --)
"${cli[@]}" train --data "$data" --out "$run" --freeze backbone --epochs 5
"${cli[@]}" evaluate --model "$run" --data "$data" --json "$run/evaluation.json"
