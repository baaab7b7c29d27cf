#!/usr/bin/env bash
# The DOCX extraction benchmark: cancu extract against pandoc, docx2txt and
# the floor (inflate word/document.xml, stream-parse it with libxml2), on a
# generated corpus of COUNT plans (default 500). See bench/README.md.
#
#   bench/bench-extract.sh [COUNT]
#
# Builds cancu in Release in build-bench/, generates the corpus in a
# temporary folder (removed at the end; BENCH_KEEP=1 keeps it), measures,
# prints a table and writes bench/results/extract.md. When cancu misses a
# target, profiles it with perf and adds where its time goes to the report.
# Installs what it needs with apt-get (as root, or with sudo).
# Environment: BENCH_SEED (1), BENCH_PANDOC_FILES (50), BENCH_TIMED_FILES
# (0: time every file; set it for 10k and more), BENCH_CHECK_FILES (2000),
# BENCH_KEEP=1, BENCH_PROFILE=1 to profile even when every target is met,
# BENCH_EXTRACT_MD (the report's path), BENCH_EXTRACT_JSON (a copy of the results).
set -euo pipefail

count=${1:-500}
case $count in
  '' | *[!0-9]*) echo "usage: $0 [COUNT]" >&2; exit 2 ;;
esac
seed=${BENCH_SEED:-1}
pandoc_files=${BENCH_PANDOC_FILES:-50}
timed_files=${BENCH_TIMED_FILES:-0}
check_files=${BENCH_CHECK_FILES:-2000}
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench
command="$(env | grep '^BENCH_' | sort | tr '\n' ' ' || true)bench/bench-extract.sh $*"

# --- what the benchmark needs ------------------------------------------------
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$bench/lib.sh"
packages=(pandoc docx2txt unzip libxml2-utils time python3)
# perf, for the profile; only when it is not there at all.
command -v perf >/dev/null || packages+=(linux-perf)
bench_install "${packages[@]}"
if [ -x "$root/scripts/install-deps.sh" ]; then
  "$root/scripts/install-deps.sh" # cancu's own build dependencies
fi

# --- cancu in Release, and the floor -------------------------------------------
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

bench_tmpdir cancu-bench

cc -std=gnu11 -O2 -o "$tmp/floor" "$bench/floor.c" \
  $(pkg-config --cflags --libs libzip libxml-2.0)

# --- the corpus ----------------------------------------------------------------
echo "bench: generating $count plans (seed $seed) in $tmp/corpus" >&2
start=$(date +%s%N)
python3 "$bench/gen-corpus" --seed "$seed" --count "$count" \
  --out "$tmp/corpus" --txt
gen_seconds=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
# One plan 20 times the sample's size, to see memory against size.
python3 "$bench/gen-corpus" --seed "$seed" --start 1000000 --count 1 \
  --scale 20 --out "$tmp/large" --quiet
large=$(ls "$tmp"/large/*.docx)

# --- measure -------------------------------------------------------------------
mkdir -p "$bench/results"
md=${BENCH_EXTRACT_MD:-$bench/results/extract.md}
set +e
python3 "$bench/measure.py" --corpus "$tmp/corpus" --cancu "$cancu" \
  --floor "$tmp/floor" --work "$tmp" --pandoc-files "$pandoc_files" \
  --timed-files "$timed_files" --check-files "$check_files" \
  --seed "$seed" --large "$large" --json "$tmp/results.json" --md "$md" \
  --command "$command" --gen-seconds "$gen_seconds" --source "$source"
rc=$?
set -e
[ $rc -eq 0 ] || { echo "bench: measuring failed ($rc)" >&2; exit $rc; }

met=$(python3 -c 'import json,sys; print(int(json.load(open(sys.argv[1]))["targets_met"]))' \
  "$tmp/results.json")
if [ -n "${BENCH_EXTRACT_JSON:-}" ]; then cp "$tmp/results.json" "$BENCH_EXTRACT_JSON"; fi

# --- where cancu's time goes, when it misses a target ------------------------------
# (head closes its pipes early: no pipefail from here on.)
set +o pipefail
if { [ "$met" = 0 ] || [ -n "${BENCH_PROFILE:-}" ]; } && command -v perf >/dev/null; then
  echo "bench: profiling cancu extract with perf" >&2
  ls "$tmp"/corpus/*.docx | head -n 200 >"$tmp/profile-files.txt"
  if perf record -q -F 2999 -g -o "$tmp/perf.data" -- \
      xargs -n 1 "$cancu" extract <"$tmp/profile-files.txt" \
      >/dev/null 2>"$tmp/perf.err"; then
    {
      echo
      echo "## Profile"
      echo
      echo "cancu missed a target (or BENCH_PROFILE was set): \`perf record -g\` over"
      echo "\`cancu extract\` of $(wc -l <"$tmp/profile-files.txt") corpus files, one process each."
      echo "Samples of the cancu processes only."
      echo
      echo "### By shared object"
      echo
      echo "(ld-linux: dynamic linking at start-up; kernel: exec, mmap, page faults.)"
      echo
      echo '```'
      # --sort comm,...: perf drops the objects that xargs shares with
      # cancu (libc, ld-linux, the kernel) when filtering with --comm.
      perf report -i "$tmp/perf.data" --no-children --sort comm,dso -g none \
        --stdio 2>/dev/null | grep -E '^ +[0-9.]+% +cancu ' | head -n 14
      echo '```'
      echo
      echo "### Top functions (self time)"
      echo
      echo '```'
      perf report -i "$tmp/perf.data" --no-children --sort comm,dso,sym \
        -g none --stdio 2>/dev/null | grep -E '^ +[0-9.]+% +cancu ' |
        head -n 40
      echo '```'
    } >>"$md"
    echo "bench: profile added to $md" >&2
  else
    echo "bench: perf record failed: $(tail -n 3 "$tmp/perf.err")" >&2
  fi
fi
# Instructions (callgrind), which the machine's load does not change: cancu
# and the floor on the corpus's median plan, and where cancu's go.
if { [ "$met" = 0 ] || [ -n "${BENCH_PROFILE:-}" ]; } &&
    command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null; then
  echo "bench: counting instructions with callgrind" >&2
  median=$(ls -S "$tmp"/corpus/*.docx | sed -n "$(((count + 1) / 2))p")
  cg() { # OUT COMMAND...: instructions executed
    local out=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" \
      >/dev/null 2>"$out.err" || true
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$out.err" | tail -n 1
  }
  cg_tree() { # caller|calling FUNCTION: one function's callers or callees
    callgrind_annotate --tree="$1" --threshold=100 "$tmp/cg.cancu" 2>/dev/null |
      awk -v fn="$2" -v mode="$1" '
        function is_fn(line) { return line ~ ("\\* .*[:]" fn " ") }
        mode == "caller" && / < / { buf = buf $0 "\n"; next }
        mode == "caller" && is_fn($0) { printf "%s%s\n", buf, $0; exit }
        mode == "caller" { buf = ""; next }
        is_fn($0) { p = 1 }
        p && /^$/ { exit }
        p' |
      awk '{ n = $1; gsub(",", "", n); print n "\t" $0 }' | sort -rn |
      cut -f2- | sed -e 's/ \[\/.*\/\([^/]*\)\]$/ [\1]/' -e 's/???://'
  }
  ir_cancu=$(cg "$tmp/cg.cancu" "$cancu" extract "$median")
  ir_floor=$(cg "$tmp/cg.floor" "$tmp/floor" "$median")
  ir_sax=$(cg "$tmp/cg.sax" "$tmp/floor" --sax "$median")
  ir_start=$(cg "$tmp/cg.start" "$cancu" --version)
  {
    echo
    echo "## Instructions (callgrind)"
    echo
    echo "On the corpus's median plan, $(basename "$median") ($(stat -c %s "$median") B):"
    echo
    echo "| program | instructions | × floor-c |"
    echo "|---|---:|---:|"
    for row in "cancu extract:$ir_cancu" "cancu --version (start-up alone):$ir_start" \
        "floor-c (xmlReader):$ir_floor" "floor-sax (SAX2):$ir_sax"; do
      n=${row##*:}
      awk -v l="${row%:*}" -v n="$n" -v f="$ir_floor" \
        'BEGIN { printf "| %s | %d | %.2f |\n", l, n, (f ? n / f : 0) }'
    done
    echo
    echo "cancu extract, inclusive (a function with all it calls), top 40:"
    echo
    echo '```'
    callgrind_annotate --inclusive=yes "$tmp/cg.cancu" 2>/dev/null |
      sed -n '/file:function/,$p' | sed '1,2d' | head -n 40 |
      sed -e 's/ \[\/.*\/\([^/]*\)\]$/ [\1]/' -e 's/???://'
    echo '```'
    echo
    echo "cancu extract, self (exclusive), top 25:"
    echo
    echo '```'
    callgrind_annotate "$tmp/cg.cancu" 2>/dev/null |
      sed -n '/file:function/,$p' | sed '1,2d' | head -n 25 |
      sed -e 's/ \[\/.*\/\([^/]*\)\]$/ [\1]/' -e 's/???://'
    echo '```'
    # Who calls the costliest function, and what the main stages call.
    top=$(callgrind_annotate "$tmp/cg.cancu" 2>/dev/null |
      sed -n '/file:function/,$p' | sed -n '3p' | sed 's/.*://; s/ \[.*//')
    echo
    echo "Callers of the costliest function ($top):"
    echo
    echo '```'
    cg_tree caller "$top" | head -n 10
    echo '```'
    for fn in cancu_document_open_buffer cancu_document__finish \
        cancu_docx__walk on_node; do
      out=$(cg_tree calling "$fn" | head -n 12)
      [ -n "$out" ] || continue
      echo
      echo "What $fn calls:"
      echo
      echo '```'
      echo "$out"
      echo '```'
    done
  } >>"$md"
  echo "bench: instruction counts added to $md" >&2
fi
echo "bench: report in $md" >&2
