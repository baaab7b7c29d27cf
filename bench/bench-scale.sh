#!/usr/bin/env bash
# The scale benchmark of issue 7: cancu ingest, search and cites against
# Xapian's omindex and quest, on one generated corpus grown in stages (by
# default 1000, 10000 and 100000 plans). See bench/README.md.
#
#   bench/bench-scale.sh [PLANS...]      # e.g. bench/bench-scale.sh 200 1000
#
# At each stage only the new plans are generated and ingested into the two
# growing indexes, then 1000 text queries (cancu search, quest) and 1000
# reference queries (cancu cites) run. Builds cancu in Release in
# build-bench/, works in a temporary folder (removed at the end;
# BENCH_KEEP=1 keeps it), writes bench/results/scale.md and the growth plots
# bench/results/scale-ingest.png and scale-queries.png, then runs
# bench-extract.sh on the first stage's size (BENCH_EXTRACT=0: not).
# Installs what it needs with apt-get (as root, or with sudo).
# Environment: BENCH_SEED (1), BENCH_TEXT_QUERIES (1000),
# BENCH_REF_QUERIES (1000), BENCH_SEARCH_BUDGET and BENCH_CITES_BUDGET
# (1800: seconds a stage's text or reference queries may take, after which
# the rest are not run), BENCH_QUERY_TIMEOUT (600 s), BENCH_TXT (1: ingest
# the first stage's TXT twins too), BENCH_EXTRACT (1), BENCH_KEEP=1,
# BENCH_WORK (a folder for the corpus and indexes: about 1 MB a plan),
# BENCH_DISK_CHECK (1: skip a stage its disk estimate says will not fit),
# BENCH_PEERS_UP_TO (0: omindex and quest run at every stage; N: only at
# stages of at most N plans, cancu alone after); for bench-archive.sh,
# BENCH_SCALE_MD, BENCH_SCALE_JSON (other report paths) and BENCH_SCALE_COMMAND.
set -euo pipefail

sizes=("$@")
if ((${#sizes[@]} == 0)); then sizes=(1000 10000 100000); fi
prev=0
for n in "${sizes[@]}"; do
  case $n in
    '' | *[!0-9]*) echo "usage: $0 [PLANS...] (increasing numbers)" >&2; exit 2 ;;
  esac
  if ((n <= prev)); then
    echo "usage: $0 [PLANS...] (increasing numbers)" >&2
    exit 2
  fi
  prev=$n
done
seed=${BENCH_SEED:-1}
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench
command=${BENCH_SCALE_COMMAND:-"$(env | grep '^BENCH_' | sort | tr '\n' ' ' || true)bench/bench-scale.sh $*"}

# --- what the benchmark needs ------------------------------------------------
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$bench/lib.sh"
# omindex reads DOCX with unzip.
bench_install xapian-omega xapian-tools unzip gnuplot-nox time python3
if [ -x "$root/scripts/install-deps.sh" ]; then
  "$root/scripts/install-deps.sh" # cancu's own build dependencies
fi

# --- cancu in Release ----------------------------------------------------------
echo "bench: building cancu (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
cancu=$build/cancu
source="the tree as it is"
if commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null); then
  source="commit $commit"
  if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    source="$source with uncommitted changes"
  fi
fi
[ -x "$cancu" ] || { echo "bench: $cancu was not built" >&2; exit 1; }

if [ -n "${BENCH_WORK:-}" ]; then mkdir -p "$BENCH_WORK"; fi
bench_tmpdir cancu-scale "${BENCH_WORK:-}"

# --- measure -------------------------------------------------------------------
mkdir -p "$bench/results"
md=${BENCH_SCALE_MD:-$bench/results/scale.md}
json=${BENCH_SCALE_JSON:-$bench/results/scale.json}
png=$bench/results/scale
if [ -n "${BENCH_SCALE_MD:-}" ]; then png=${BENCH_SCALE_MD%.md}; fi
extract_report=
if [ "${BENCH_EXTRACT:-1}" != 0 ]; then
  extract_report=$bench/results/extract.md
fi
echo "bench: ${sizes[*]} plans (seed $seed) in $tmp" >&2
python3 "$bench/scale.py" --sizes "${sizes[@]}" --cancu "$cancu" \
  --work "$tmp" --seed "$seed" \
  --text-queries "${BENCH_TEXT_QUERIES:-1000}" \
  --ref-queries "${BENCH_REF_QUERIES:-1000}" \
  --search-budget "${BENCH_SEARCH_BUDGET:-1800}" \
  --cites-budget "${BENCH_CITES_BUDGET:-1800}" \
  --timeout "${BENCH_QUERY_TIMEOUT:-600}" --txt "${BENCH_TXT:-1}" \
  --disk-check "${BENCH_DISK_CHECK:-1}" \
  --peers-up-to "${BENCH_PEERS_UP_TO:-0}" \
  --md "$md" --json "$json" --png-prefix "$png" \
  --command "$command" --source "$source" --extract-report "$extract_report"
echo "bench: report in $md" >&2

# --- extraction, against pandoc and docx2txt, on the first stage's size --------
if [ -n "$extract_report" ]; then
  echo "bench: bench-extract.sh ${sizes[0]}" >&2
  BENCH_SEED=$seed "$bench/bench-extract.sh" "${sizes[0]}"
fi
