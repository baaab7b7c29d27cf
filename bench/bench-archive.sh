#!/usr/bin/env bash
# The storage benchmark of issue 16: cancu against omindex, quest and
# docx2txt on 200 and 1,000 generated plans (by default), side by side in
# one run, with the ratios and the issue's targets, met or missed.
#
#   bench/bench-archive.sh [PLANS...]      # default: 200 1000
#
# The measuring is bench-scale.sh's (scale.py: DOCX ingest, archive bytes,
# text queries against quest, reference queries, start-up, peak RSS; the
# first stage's TXT twins) and bench-extract.sh's (measure.py: extract
# against docx2txt, on the first stage's size). bench/archive.py reads both
# results, prints the table of ratios and writes bench/results/archive.md
# (keeping bench/results/archive-findings.md, the profile notes, below it).
# Installs what it needs with apt-get (through bench/lib.sh).
# Environment: as bench-scale.sh's; BENCH_EXTRACT=0 skips extract.
set -euo pipefail

sizes=("$@")
if ((${#sizes[@]} == 0)); then sizes=(200 1000); fi
bench=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cancu-archive.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
command="$(env | grep '^BENCH_' | sort | tr '\n' ' ' || true)bench/bench-archive.sh $*"

# bench-scale.sh installs omindex, quest and cancu's build dependencies and
# builds cancu in Release; its report goes to the scratch folder.
BENCH_EXTRACT=0 BENCH_TXT=1 BENCH_SCALE_MD="$tmp/scale.md" \
  BENCH_SCALE_JSON="$bench/results/archive.json" \
  BENCH_SCALE_COMMAND="$command" "$bench/bench-scale.sh" "${sizes[@]}"

extract_json=
if [ "${BENCH_EXTRACT:-1}" != 0 ]; then
  extract_json=$tmp/extract.json
  BENCH_EXTRACT_MD="$tmp/extract.md" BENCH_EXTRACT_JSON="$extract_json" \
    "$bench/bench-extract.sh" "${sizes[0]}"
fi

python3 "$bench/archive.py" --scale-json "$bench/results/archive.json" \
  --extract-json "$extract_json" --md "$bench/results/archive.md" \
  --findings "$bench/results/archive-findings.md"
echo "bench: report in $bench/results/archive.md" >&2
