#!/usr/bin/env bash
# The workshop bundle for real: pack for linux-x64, then a fresh clone with an empty HOME and NuGet packages folder
# sets itself up from the bundle alone and runs chapter 2 in quick mode, both with no network at all (unshare -n:
# a network namespace without interfaces; needs root, as CI runs). Data: NOTEBOOKKIT_DATA, else ../shared/datasets.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${NOTEBOOKKIT_DATA:-$(cd .. && pwd)/shared/datasets}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
budget=1500000000   # bytes a linux-x64 bundle may take

dotnet run --project src/NotebookKit.Cli -c Release -- workshop pack "$work/bundle" --rid linux-x64 --datasets "$data/cats-dogs"
size=$(du -sb "$work/bundle" | cut -f1)
echo "bundle: $(( size / 1000000 )) MB for linux-x64 (budget $(( budget / 1000000 )) MB)"
[ "$size" -le "$budget" ] || { echo "workshop test: the bundle outgrew its budget" >&2; exit 1; }

git clone --quiet . "$work/clone"
mkdir -p "$work/home"
# The laptop: nothing restored, no kit cache, no data but the bundle's, no network.
laptop=(env -u NOTEBOOKKIT_DATA -u NOTEBOOKKIT_CACHE -u XDG_CACHE_HOME HOME="$work/home" NUGET_PACKAGES="$work/home/nuget" unshare -n)
cd "$work/clone"

# A damaged copy must stop before anything is restored, naming what is missing.
cp -al "$work/bundle" "$work/damaged" && rm "$work/damaged/packages/"libtorch-cpu-linux-x64.*.nupkg
if "${laptop[@]}" bash scripts/setup.sh --offline "$work/damaged" > "$work/damaged.log" 2>&1; then
  echo "workshop test: setup accepted a bundle without libtorch" >&2; exit 1
fi
grep -q "libtorch-cpu-linux-x64" "$work/damaged.log" && grep -q "incomplete or damaged" "$work/damaged.log" ||
  { cat "$work/damaged.log" >&2; echo "workshop test: no clear message for a damaged bundle" >&2; exit 1; }
echo "damaged bundle refused: $(tail -n 1 "$work/damaged.log")"

"${laptop[@]}" bash scripts/setup.sh --offline "$work/bundle"
# The offline setup just packed the library into the notebook feed (notebooks setup): no second pack.
"${laptop[@]}" dotnet run --project src/NotebookKit.Cli -c Release --no-build -- notebooks run --quick --no-setup 02
echo "workshop test passed"
