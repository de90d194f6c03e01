#!/usr/bin/env bash
# One-time (and idempotent) set-up: restore packages and tools, then let the doctor repair the platform.
#   bash scripts/setup.sh                     from nuget.org
#   bash scripts/setup.sh --offline BUNDLE    from a workshop bundle only ('notebookkit workshop pack'), no network;
#                                             also installs its weights and datasets and the notebook feed
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "setup: $*" >&2; exit 2; }
bundle=""
case "${1:-}" in
  "") ;;
  --offline) [ -d "${2:-}" ] || fail "usage: bash scripts/setup.sh --offline BUNDLE_DIR (a folder written by 'notebookkit workshop pack')"
             bundle=$(cd "$2" && pwd) ;;
  *) fail "usage: bash scripts/setup.sh [--offline BUNDLE_DIR]" ;;
esac

if [ -n "$bundle" ]; then
  # Nothing may reach for the network: first-run notices, telemetry, workload update checks, the kernel's telemetry.
  export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT=1
  [ -f "$bundle/bundle.json" ] || fail "$bundle is not a finished workshop bundle (no bundle.json): make one with 'notebookkit workshop pack DIR'."
  rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
  grep -qx "$rid" "$bundle/runtimes.txt" ||
    fail "$bundle carries libtorch for $(paste -sd, "$bundle/runtimes.txt") only; this machine is $rid. Pack again with --rid $(paste -sd, "$bundle/runtimes.txt"),$rid."
  echo "checking $bundle against its SHA256SUMS"
  if command -v sha256sum >/dev/null; then sums=(sha256sum); else sums=(shasum -a 256); fi
  (cd "$bundle" && "${sums[@]}" --quiet -c SHA256SUMS) ||
    fail "$bundle is incomplete or damaged (the files above are missing or differ): copy the whole folder again."
  # Restore from the bundle alone: this clone's NuGet.config (git-ignored) clears every other source.
  source=$(printf '%s' "$bundle/packages" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g; s/"/\&quot;/g')
  cat > NuGet.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<!-- Written by the offline setup (scripts/setup.sh): packages come from the workshop bundle only. Delete this file to use nuget.org again. -->
<configuration>
  <packageSources>
    <clear />
    <add key="workshop" value="$source" />
  </packageSources>
</configuration>
XML
elif [ -f NuGet.config ] && grep -q "Written by the offline setup" NuGet.config; then
  echo "setup: NuGet.config (from an offline set-up) limits restore to a workshop bundle; delete it to use nuget.org again." >&2
fi

# A registered notebook feed whose folder is gone would fail every restore (NU1301): recreate the folder.
feed=$(dotnet nuget list source --format detailed 2>/dev/null | grep -A1 "NotebookKit-local" | tail -n 1 | xargs || true)
if [ -n "$feed" ] && [ "${feed#/}" != "$feed" ]; then mkdir -p "$feed"; fi
dotnet restore NotebookKit.sln
dotnet tool restore
# The doctor writes a copy of TorchSharp's native library patched for an older libstdc++ (GLIBCXX, see environment.md)
# into the kit's cache, which the kit loads where the original does not; the NuGet packages folder stays as restored.
# It installs no OS packages: its "JPEG decoding" line names the one that makes decoding faster on x64 Linux
# (libturbojpeg0 on Debian/Ubuntu, turbojpeg on Fedora) when it is missing.
dotnet build src/NotebookKit.Cli -c Release --no-restore
cli=(dotnet run --project src/NotebookKit.Cli -c Release --no-build --)
if [ -n "$bundle" ]; then "${cli[@]}" workshop install "$bundle"; fi
"${cli[@]}" doctor --fix
if [ -n "$bundle" ]; then "${cli[@]}" notebooks setup; fi
