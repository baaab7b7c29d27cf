#!/usr/bin/env bash
# The PDF extraction benchmark: `cancu extract` against `pdftotext
# -layout` (poppler-utils), the same files, in one run both one process
# a file and all the files at once (cancu in one process, pdftotext once
# a file: it takes one). See bench/README.md.
#
#   bench/bench-pdf.sh [ROUNDS]
#
# Files: the PDFs of corpora/real that cancu reads and the fixtures of
# corpora/pdf. Builds cancu in Release in build-bench/, prints a table
# and writes bench/results/pdf.md. Installs what it
# needs with apt-get (as root, or with sudo).
set -euo pipefail

rounds=${1:-5}
case $rounds in
  '' | *[!0-9]*) echo "usage: $0 [ROUNDS]" >&2; exit 2 ;;
esac
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$bench/lib.sh"
bench_install poppler-utils python3 time
"$root/scripts/install-deps.sh"

echo "bench: building cancu (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

shopt -s nullglob
files=()
for f in "$root"/corpora/real/*.pdf "$root"/corpora/pdf/*.pdf; do
  # Scans and unreadable text layers are refused: nothing to compare.
  if "$build/cancu" extract "$f" >/dev/null 2>&1; then files+=("$f"); fi
done
((${#files[@]})) || { echo "bench: no readable PDF" >&2; exit 1; }
# A scan cancu refuses at its first page: what starting it and loading
# its PDF reader cost.
scanned=$root/corpora/real/vbai-17026.pdf
report=$bench/results/pdf.md
floor=$build/floor-pdf
cc -std=gnu11 -O2 -o "$floor" "$bench/floor-pdf.c" \
  $(pkg-config --cflags --libs poppler-glib)
python3 "$bench/pdf.py" --kind pdf --cancu "$build/cancu" --rounds "$rounds" \
  --floor "$floor" --floor-library poppler-glib \
  --scanned "$scanned" --out "$report" "${files[@]}"
cat "$bench/pdf-notes.md" >>"$report"
