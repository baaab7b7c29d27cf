#!/usr/bin/env bash
# The .doc extraction benchmark: cancu extract against antiword and catdoc
# on the Word 97-2003 files of corpora/real/ that cancu reads (the
# fast-saved ones it refuses are left out for all three), and the two of
# corpora/doc/. In one run, alternated rounds: one process a file for
# each tool, and all the files at once (each of the three takes many
# files: one process for all); wall time, throughput, peak RSS and the
# target (issue 18: at least twice antiword's speed).
#
#   bench/bench-doc.sh [ROUNDS]
#
# Builds cancu in Release in build-bench/ and installs antiword, catdoc and
# python3 with apt-get where they are missing (as root, or with sudo).
# Prints a table and writes bench/results/doc.md.
set -euo pipefail

rounds=${1:-5}
case $rounds in
  '' | *[!0-9]*) echo "usage: $0 [ROUNDS]" >&2; exit 2 ;;
esac
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$bench/lib.sh"

bench_install antiword catdoc python3 time
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF -DCANCU_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target cancu-cli >/dev/null

files=()
for f in "$root"/corpora/real/*.doc "$root"/corpora/doc/*.doc; do
  if "$build/cancu" extract "$f" >/dev/null 2>&1; then files+=("$f"); fi
done
((${#files[@]})) || { echo "bench: no readable .doc" >&2; exit 1; }
report=$bench/results/doc.md
floor=$build/floor-doc
cc -std=gnu11 -O2 -o "$floor" "$bench/floor-doc.c" \
  $(pkg-config --cflags --libs libgsf-1)
python3 "$bench/pdf.py" --kind doc --cancu "$build/cancu" --rounds "$rounds" \
  --floor "$floor" --floor-library libgsf \
  --out "$report" "${files[@]}"
cat "$bench/doc-notes.md" >>"$report"
