#!/usr/bin/env bash
# The floors of issue 16: the least any design on Xapian 1.4 glass and ICU
# can do while keeping what cancu's answers need, against omindex, quest
# and cancu on the same generated plans, in one run.
#
#   bench/floor-archive.sh
#
# Builds cancu in Release (build-bench/, as bench-scale.sh) and the floor
# programs (floor-index.cc, floor-search.cc with ICU and without, g++
# against libxapian), generates the plans (gen-corpus --seed 1 --txt: the
# DOCX in one folder, their TXT twins in another), builds omindex's
# database from the DOCX folder as bench-scale.sh does and cancu's archive
# (`cancu ingest`, which compacts), then floor.py measures: the size floor
# and its variants (bytes per table), the search floor (callgrind
# instructions and wall time of alternated runs, one process a query, the
# bench's text queries) and the ingest floor (the TXT folder, alternated
# runs). Prints the tables and writes bench/results/floor.md; the figures
# and what they say are in bench/results/archive-findings.md ("Floors").
# Environment: FLOOR_PLANS (200), FLOOR_SEED (1), FLOOR_QUERIES (300, wall),
# FLOOR_CALLGRIND_QUERIES (40), FLOOR_INGEST_ROUNDS (3), FLOOR_SKIP (any
# of: size search ingest; size is needed by search), BENCH_KEEP=1 keeps
# the scratch folder.
set -euo pipefail

bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench
plans=${FLOOR_PLANS:-200}
seed=${FLOOR_SEED:-1}

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$bench/lib.sh"
bench_install xapian-omega xapian-tools libxapian-dev libicu-dev zlib1g-dev \
  g++ pkg-config valgrind python3
if [ -x "$root/scripts/install-deps.sh" ]; then
  "$root/scripts/install-deps.sh"
fi

bench_tmpdir cancu-floor

echo "bench: building cancu (Release) in $build and the floor programs" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null
mkdir -p "$tmp/bin"
# The flags are words (xapian-config prints two lines).
# shellcheck disable=SC2207
xapian=($(xapian-config --cxxflags --libs))
# shellcheck disable=SC2207
icu=($(pkg-config --cflags --libs icu-uc))
# shellcheck disable=SC2207
zlib=($(pkg-config --cflags --libs zlib))
cxx=(g++ -O2 -std=c++17 -Wall -Wextra -Werror)
"${cxx[@]}" -o "$tmp/bin/floor-index" "$bench/floor-index.cc" "${xapian[@]}" \
  "${icu[@]}" "${zlib[@]}"
"${cxx[@]}" -o "$tmp/bin/floor-search" "$bench/floor-search.cc" \
  "${xapian[@]}" "${icu[@]}" "${zlib[@]}"
"${cxx[@]}" -DFLOOR_NO_ICU -o "$tmp/bin/floor-search-noicu" \
  "$bench/floor-search.cc" "${xapian[@]}" "${zlib[@]}"

echo "bench: $plans plans (seed $seed) in $tmp" >&2
"$bench/gen-corpus" --seed "$seed" --count "$plans" --txt --out "$tmp/gen" \
  --quiet
# The chunks' dictionary: the text of 3 plans of another seed.
"$bench/gen-corpus" --seed "$((seed + 1))" --count 3 --txt --out "$tmp/dict" \
  --quiet
cat "$tmp"/dict/*.txt >"$tmp/dict.txt"
mkdir -p "$tmp/corpus/s1" "$tmp/txt/s1"
mv "$tmp"/gen/*.docx "$tmp/corpus/s1/"
mv "$tmp"/gen/*.txt "$tmp/txt/s1/"
echo "bench: omindex and cancu ingest the DOCX folder" >&2
omindex --no-delete --db "$tmp/omega-db" --url / "$tmp/corpus" s1 >/dev/null
"$build/cancu" --archive "$tmp/archive" --quiet ingest "$tmp/corpus/s1"

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
{
  echo "Written by \`bench/floor-archive.sh\` on $(date -u '+%Y-%m-%d %H:%M:%S UTC'), cancu at $commit;"
  echo "Xapian $(xapian-config --version | awk '{print $NF}'), omindex and quest $(quest --version | head -1 | awk '{print $NF}'),"
  echo "ICU $(pkg-config --modversion icu-uc); $plans plans of \`gen-corpus --seed $seed\`; $(nproc) cores."
  echo
} >"$tmp/floor.md"
read -r -a skip <<<"${FLOOR_SKIP:-}"
python3 "$bench/floor.py" --txt-dir "$tmp/txt/s1" --omega-db "$tmp/omega-db" \
  --archive "$tmp/archive" --cancu "$build/cancu" --quest "$(command -v quest)" \
  --omindex "$(command -v omindex)" --floor-index "$tmp/bin/floor-index" \
  --floor-search "$tmp/bin/floor-search" \
  --floor-search-noicu "$tmp/bin/floor-search-noicu" --work "$tmp" \
  --dict "$tmp/dict.txt" --seed "$seed" --queries "${FLOOR_QUERIES:-300}" \
  --callgrind-queries "${FLOOR_CALLGRIND_QUERIES:-40}" \
  --ingest-rounds "${FLOOR_INGEST_ROUNDS:-3}" --skip "${skip[@]}" \
  --md "$tmp/floor-tables.md"
mkdir -p "$bench/results"
cat "$tmp/floor.md" "$tmp/floor-tables.md" >"$bench/results/floor.md"
echo "bench: report in $bench/results/floor.md" >&2
