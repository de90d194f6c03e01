#!/usr/bin/env bash
# Installs Debian's PyTorch + torchvision into an isolated prefix for bench/pytorch_reference.py.
# Nothing is installed system-wide: the .debs are unpacked with dpkg -x, so the system never gets a
# libtorch that could shadow TorchSharp's. Only the shared libraries actually needed to import torch
# and torchvision are unpacked: missing sonames (ldd) are matched against the candidate packages'
# file lists. Idempotent: a second run only verifies the import.
# Usage: bench/install-pytorch-reference.sh [PREFIX]   (default ~/.cache/notebookkit/pytorch-ref)
# Needs: apt-get update done once; runs with the system python /usr/bin/python3 (Debian 3.11).
set -euo pipefail

PREFIX=${1:-${NOTEBOOKKIT_PYTORCH_REF:-$HOME/.cache/notebookkit/pytorch-ref}}
ROOT=$PREFIX/root
DEBS=$PREFIX/debs
PY=/usr/bin/python3
# Python-level needs of `import torch, torchvision` that Debian's python3 lacks by default (requests: torchvision.datasets).
# OpenBLAS: Debian's libtorch links the generic libblas.so.3, and where the system's is the unoptimised reference BLAS
# (libblas3) every Linear layer is about 16 times slower (ViT, Swin and ConvNeXt are mostly Linear); the prefix's copy
# comes first on LD_LIBRARY_PATH.
LIBRARY_PACKAGES=(libopenblas0-pthread)
BASE_PACKAGES=(python3-torch python3-torchvision libtorch1.13 python3-numpy python3-typing-extensions python3-pil
    python3-requests python3-urllib3 python3-idna python3-certifi python3-charset-normalizer python3-chardet "${LIBRARY_PACKAGES[@]}")
mkdir -p "$ROOT" "$DEBS"

say() { echo "[pytorch-ref] $*" >&2; }

write_env() {
    local libdirs
    libdirs=$(find "$ROOT" -name '*.so*' \( -type f -o -type l \) -printf '%h\n' | grep -v '/dist-packages/' | sort -u | paste -sd: -)
    # Written aside and renamed: a test or bench sourcing env.sh meanwhile reads the old file or the new one, never half.
    cat > "$PREFIX/env.sh.tmp" <<ENV
# Source in a subshell (or prefix one command) only: it points python at the isolated PyTorch.
export PYTHONPATH="$ROOT/usr/lib/python3/dist-packages:$ROOT/usr/lib/python3.11/dist-packages\${PYTHONPATH:+:\$PYTHONPATH}"
export LD_LIBRARY_PATH="$libdirs\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
ENV
    mv "$PREFIX/env.sh.tmp" "$PREFIX/env.sh"
}

check_import() {
    ( source "$PREFIX/env.sh" && "$PY" -c 'import torch, torchvision, PIL; print(f"torch {torch.__version__}, torchvision {torchvision.__version__}, Pillow {PIL.__version__}")' ) 2>/dev/null
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# A prefix made before a library joined LIBRARY_PACKAGES imports fine without it: it is completed, not skipped.
libraries_present() {
    local p
    for p in "${LIBRARY_PACKAGES[@]}"; do installed "$p" || grep -qxF "$p" "$PREFIX/unpacked.txt" 2>/dev/null || return 1; done
}

if [[ -f $PREFIX/env.sh ]] && libraries_present && versions=$(check_import); then
    say "already installed in $PREFIX: $versions"
    exit 0
fi

fetch() { # download one package's .deb into $DEBS unless present; prints its path
    local pkg=$1 deb
    deb=$(ls "$DEBS"/"${pkg}"_*.deb 2>/dev/null | head -1 || true)
    if [[ -z $deb ]]; then
        (cd "$DEBS" && apt-get download "$pkg" >/dev/null 2>&1) || return 1
        deb=$(ls "$DEBS"/"${pkg}"_*.deb | head -1)
        say "downloaded $(basename "$deb")"
    fi
    echo "$deb"
}

# What is unpacked already survives between runs in $PREFIX/unpacked.txt.
declare -A extracted=()
[[ -f $PREFIX/unpacked.txt ]] && while read -r p; do extracted[$p]=1; done < "$PREFIX/unpacked.txt"
extract() {
    local pkg=$1 deb
    [[ -n ${extracted[$pkg]:-} ]] && return 0
    deb=$(fetch "$pkg") || { say "cannot download $pkg"; return 1; }
    dpkg -x "$deb" "$ROOT"
    extracted[$pkg]=1
    echo "$pkg" >> "$PREFIX/unpacked.txt"
    say "unpacked $pkg"
}

for p in "${BASE_PACKAGES[@]}"; do
    # Pillow can come from the system (python3-pil is not libtorch); unpack it only when missing.
    if [[ $p == python3-pil ]] && "$PY" -c 'import PIL' 2>/dev/null; then continue; fi
    if [[ $p == python3-* && $p != python3-torch* ]] && "$PY" -c "import ${p#python3-}" 2>/dev/null; then continue; fi
    installed "$p" || extract "$p"
done

missing_sonames() {
    write_env
    ( source "$PREFIX/env.sh"
      find "$ROOT" -name '*.so*' -type f -exec ldd {} \; 2>/dev/null | awk '/not found/ {print $1}' | sort -u )
}

# Resolve missing shared libraries: candidates are the not-installed Depends of what is unpacked (first
# alternative only: later ones, e.g. libqt5gui5-gles, provide the same soname built differently);
# a candidate is unpacked only when its file list provides a missing soname.
for round in $(seq 1 12); do
    mapfile -t missing < <(missing_sonames)
    ((${#missing[@]} == 0)) && break
    say "round $round: ${#missing[@]} missing libraries"
    mapfile -t candidates < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances "${!extracted[@]}" 2>/dev/null \
        | awk '/Depends:/ { if (!alt) print $2; alt = ($1 == "|Depends:") }' | grep -v '^<' | sort -u)
    progress=0
    for c in "${candidates[@]}"; do
        [[ -n ${extracted[$c]:-} ]] && continue
        installed "$c" && continue
        deb=$(fetch "$c") || continue
        files=$(dpkg -c "$deb" | awk '{print $6}' | xargs -n1 basename 2>/dev/null)
        for s in "${missing[@]}"; do
            if grep -qxF "$s" <<<"$files"; then extract "$c"; progress=1; break; fi
        done
    done
    ((progress)) || { say "unresolved: ${missing[*]}"; exit 1; }
done

write_env
# Byte-compiled once here: the tests start the reference a dozen times, and its python (PYTHONDONTWRITEBYTECODE in
# many environments) would otherwise compile torch's ~1,000 modules on every start.
"$PY" -m compileall -q -j 0 "$ROOT/usr/lib/python3/dist-packages" > /dev/null || say "byte-compiling failed: the reference runs, only slower to start"
if versions=$(check_import); then
    say "ready in $PREFIX: $versions"
    say "run: (source $PREFIX/env.sh && $PY bench/pytorch_reference.py --help)"
else
    say "import failed; details:"
    ( source "$PREFIX/env.sh" && "$PY" -c 'import torch, torchvision' ) || true
    exit 1
fi
