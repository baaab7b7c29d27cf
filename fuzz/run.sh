#!/usr/bin/env bash
# Build the harnesses with clang in build-fuzz and run each for
# SECONDS_PER_HARNESS (default 60) on a copy of its seeds. Exits non-zero
# when any harness finds a crash, leak or timeout; the input that did it is
# left in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=build-fuzz

CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCANCU_BUILD_FUZZ=ON -DCANCU_BUILD_TESTS=OFF -DCANCU_BUILD_CLI=OFF \
  -DCANCU_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2
fuzz/make-seeds.sh "$build/seeds"
mkdir -p "$build/artifacts"

declare -A max_len=([fuzz_docx]=200000 [fuzz_pdf]=100000 [fuzz_doc]=200000
                    [fuzz_txt]=65536
                    [fuzz_references]=16384 [fuzz_deadlines]=512
                    [fuzz_query]=512 [fuzz_vbpl]=16384)
# poppler's system fonts: fontconfig's caches live until exit
# (scripts/lsan.supp names them, and nothing of cancu's).
export CANCU_READER_DIR=$PWD/$build/cancu-readers
export LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
status=0
for harness in fuzz_docx fuzz_pdf fuzz_doc fuzz_txt fuzz_references fuzz_deadlines fuzz_query \
  fuzz_vbpl
do
  echo "== $harness: ${seconds}s"
  if ! "$build/fuzz/$harness" -max_total_time="$seconds" \
      -max_len="${max_len[$harness]}" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 \
      -artifact_prefix="$build/artifacts/$harness-" \
      "$build/seeds/$harness" >"$build/$harness.log" 2>&1; then
    echo "$harness failed; see $build/$harness.log" >&2
    tail -n 40 "$build/$harness.log" >&2
    status=1
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' \
    "$build/$harness.log" || true
done
exit $status
