#!/usr/bin/env bash
# The main job: train a cats-vs-dogs classifier from the offline ImageNet ResNet, then evaluate it.
# Chapter 6's best frozen recipe: the article's head (Dense(256) + sigmoid, Adam 1e-3, batch 32, 10 epochs) on a
# 288 px input, trained on every photo and its mirror image and predicting with both (flip TTA); the epoch with the
# best validation accuracy is kept. The backbone runs once per photo and view; the head trains on cached features.
# Usage: scripts/demo.sh [DATA_DIR] [RUN_DIR]   (DATA_DIR: train/ val/ test/ split folders, or class folders)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}/cats-dogs}"
run="${2:-runs/cats-dogs-$(date +%Y%m%d-%H%M%S)}"
bash scripts/setup.sh
cli=(dotnet run --project src/NotebookKit.Cli -c Release --no-build --)
"${cli[@]}" train --data "$data" --out "$run" --freeze backbone --head article --image-size 288 --tta \
  --optimizer adam --lr 1e-3 --batch-size 32 --epochs 10 --schedule constant --monitor val_accuracy
"${cli[@]}" evaluate --model "$run" --data "$data" --tta --json "$run/evaluation.json"
