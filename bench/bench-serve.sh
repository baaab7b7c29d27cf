#!/usr/bin/env bash
# The load bench of `cancu serve`: 16 clients over an archive of generated
# plans for 60 s, loopback only, while an ingest commits beside the
# server. See bench/README.md.
#
#   bench/bench-serve.sh [PLANS [SECONDS]]     (default 1000 plans, 60 s)
#
# Builds cancu in Release in build-bench/, generates the plans (and 100
# more to ingest during the run) in a temporary folder, prints a table
# and writes bench/results/serve.md. Installs what it needs with apt-get
# (as root, or with sudo).
set -euo pipefail

plans=${1:-1000}
seconds=${2:-60}
for n in "$plans" "$seconds"; do
  case $n in
    '' | *[!0-9]*) echo "usage: $0 [PLANS [SECONDS]]" >&2; exit 2 ;;
  esac
done
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
build=$root/build-bench

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$bench/lib.sh"
bench_install python3
"$root/scripts/install-deps.sh" --build-only

echo "bench-serve: building cancu (Release) in $build" >&2
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
  -DCANCU_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "bench-serve: generating $plans plans and 100 to ingest beside" >&2
python3 "$bench/gen-corpus" --quiet --txt --count "$plans" --out "$work/plans"
python3 "$bench/gen-corpus" --quiet --count 100 --start "$plans" \
  --seed 7 --out "$work/extra"
mkdir -p "$work/txt"
mv "$work"/plans/*.txt "$work/txt/"
echo "bench-serve: ingesting" >&2
"$build/cancu" --archive "$work/archive" --quiet ingest "$work/plans" >/dev/null
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$bench/serve.py" --cancu "$build/cancu" --archive "$work/archive" \
  --txt "$work/txt" --extra "$work/extra" --plans "$plans" \
  --seconds "$seconds" --port "$port" --out "$bench/results/serve.md"
