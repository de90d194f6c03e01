#!/usr/bin/env bash
# Chapters through a real Jupyter client: `notebookkit jupyter install` registers the .NET kernel, nbconvert executes
# copies of the chapters in a folder outside the repository (quick mode), and headless Chromium loads their HTML
# export — with require.js on the page, as Debian's nbconvert writes it — and counts the plots that drew.
# Needs (Debian): jupyter-client python3-ipykernel jupyter-nbconvert python3-notebook chromium libjs-requirejs.
# Usage: scripts/jupyter-check.sh [CHAPTER...]   (default: 02 05; run after `notebookkit notebooks setup`)
set -euo pipefail
cd "$(dirname "$0")/.."
export NOTEBOOKKIT_DATA="${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}" NOTEBOOKKIT_QUICK=1
requirejs=/usr/share/javascript/requirejs/require.min.js
for tool in jupyter chromium; do command -v "$tool" >/dev/null || { echo "jupyter-check: no $tool; on Debian: apt-get install jupyter-client python3-ipykernel jupyter-nbconvert python3-notebook chromium libjs-requirejs" >&2; exit 2; }; done
[ -f "$requirejs" ] || { echo "jupyter-check: no $requirejs; on Debian: apt-get install libjs-requirejs" >&2; exit 2; }

dotnet run --project src/NotebookKit.Cli -c Release --no-build -- jupyter install
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chapters=("$@"); [ ${#chapters[@]} -gt 0 ] || chapters=(02 05)
failed=0
for chapter in "${chapters[@]}"; do
  for source in notebooks/"$chapter"*.ipynb; do
    [ -f "$source" ] || { echo "FAILED $chapter: no notebooks/$chapter*.ipynb"; failed=$((failed + 1)); continue; }
    name=$(basename "$source" .ipynb)
    cp "$source" "$work/"
    start=$(date +%s)
    # Execute once (keeping the outputs), then export that notebook: the HTML is what a reader of the saved outputs sees.
    if ! (cd "$work" && jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=900 "$name.ipynb" --output "$name.out.ipynb" > "$name.log" 2>&1 \
          && jupyter nbconvert --to html --HTMLExporter.require_js_url="file://$requirejs" "$name.out.ipynb" --output "$name.html" >> "$name.log" 2>&1); then
      echo "FAILED $name: jupyter nbconvert"; tail -n 30 "$work/$name.log"; failed=$((failed + 1)); continue
    fi
    problems=()
    if grep -qiE "MissingIDFieldWarning|nbformat.*warn" "$work/$name.log"; then problems+=("nbformat warning: $(grep -iE -m1 "MissingIDFieldWarning|nbformat.*warn" "$work/$name.log")"); fi
    grep -q "src=\"file://$requirejs\"" "$work/$name.html" || problems+=("require.js is not on the exported page")
    # Every chart output also carries its text/plain summary, for viewers that run no scripts.
    charts=$(python3 -c 'import json,sys
outs=[o for c in json.load(open(sys.argv[1]))["cells"] for o in c.get("outputs",[]) if "Plotly.newPlot(" in "".join(o.get("data",{}).get("text/html",""))]
print(len(outs), sum("text/plain" in o["data"] for o in outs))' "$work/$name.out.ipynb")
    read -r expected summarised <<<"$charts"
    [ "$expected" -gt 0 ] || problems+=("no chart outputs")
    [ "$summarised" -eq "$expected" ] || problems+=("$summarised of $expected charts carry a text/plain summary")
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run \
      --user-data-dir="$profile" --enable-logging=stderr --v=0 --virtual-time-budget=20000 --dump-dom "file://$work/$name.html" > "$work/$name.dom" 2> "$work/$name.chromium.log" || true
    rm -rf "$profile"
    drawn=$(grep -o '<div class="plot-container plotly"' "$work/$name.dom" | wc -l)
    surfaces=$(grep -o '<svg class="main-svg"' "$work/$name.dom" | wc -l)
    [ "$drawn" -eq "$expected" ] && [ "$surfaces" -ge "$expected" ] || problems+=("$drawn of $expected charts drew ($surfaces .main-svg surfaces)")
    # Each chart's static picture (shown where scripts do not run) is removed once the live chart draws.
    left=$(grep -c 'class="nbk-chart-fallback"' "$work/$name.dom" || true)
    [ "$left" -eq 0 ] || problems+=("static chart pictures left beside the live charts")
    if grep -q "Mismatched anonymous define" "$work/$name.chromium.log"; then problems+=("require.js rejected plotly.js (Mismatched anonymous define)"); fi
    if [ ${#problems[@]} -eq 0 ]; then
      echo "passed $name ($(( $(date +%s) - start )) s): $drawn of $expected charts drew with require.js on the page ($surfaces .main-svg), all with a text summary"
    else
      echo "FAILED $name:"; printf '    %s\n' "${problems[@]}"; failed=$((failed + 1))
    fi
  done
done
echo "jupyter-check: $failed failed"
[ "$failed" -eq 0 ]
