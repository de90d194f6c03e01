#!/usr/bin/env bash
# From notebook to app, checked end to end: train a small cats-vs-dogs run, export it to ONNX, then classify photos it
# never saw (the test split) with samples/OnnxPredict (ONNX Runtime only) and with OpenCV's dnn (a second runtime),
# comparing both with `predict --format tsv`; ONNX's checker validates the file.
# Usage: scripts/onnx-check.sh [DATA]   (default: $NOTEBOOKKIT_DATA/cats-dogs, else ../shared/datasets/cats-dogs)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}/cats-dogs}"
if ! /usr/bin/python3 -c "import onnx, cv2" 2>/dev/null; then
  if [ "$(id -u)" != 0 ]; then echo "error: the check needs Debian's python3-onnx and python3-opencv: sudo apt-get install python3-onnx python3-opencv" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-onnx python3-opencv >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli=(dotnet run --project src/NotebookKit.Cli -c Release --no-build --)

"${cli[@]}" train --data "$data" --out "$work/run" --freeze backbone --epochs 2 | tail -n 3
"${cli[@]}" export --model "$work/run" --onnx "$work/cats-dogs.onnx"
mapfile -t photos < <(find "$data/test/cat" -type f | sort | head -n 6; find "$data/test/dog" -type f | sort | head -n 6)
"${cli[@]}" predict --model "$work/run" --format tsv "${photos[@]}" > "$work/predict.tsv"
dotnet run --project samples/OnnxPredict -c Release -- "$work/cats-dogs.onnx" "${photos[@]}" > "$work/sample.tsv"

# The sample resizes exactly as the kit does but decodes JPEGs with ImageSharp, not libjpeg-turbo (pixels a level or two
# apart): same classes, probabilities within 0.01; OpenCV decodes and resizes its own way (0.05).
paste "$work/predict.tsv" "$work/sample.tsv" | awk -F'\t' '
  { d = $3 - $6; if (d < 0) d = -d; if (d > max) max = d; if ($1 != $4 || $2 != $5 || d > 0.01) { bad++; print "FAIL " $0 } }
  END { printf "samples/OnnxPredict (ONNX Runtime) vs predict: %d/%d agree, max |dp| = %.2g\n", NR - bad, NR, max; exit (bad > 0 || NR == 0) }'
/usr/bin/python3 scripts/onnx-crosscheck.py "$work/cats-dogs.onnx" "$work/predict.tsv"
