#!/bin/sh
# Instructions (valgrind's Ir) one 'cancu cites' takes for each reference
# given on standard input, one a line (options and the ref split on '|'),
# then their median. Usage: cites-instructions.sh CANCU ARCHIVE [--json]
set -eu
cancu=$1 archive=$2 json=${3:-}
counts=$(mktemp)
while IFS= read -r line; do
    [ -n "$line" ] || continue
    old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086
    set -- $line
    IFS=$old_ifs
    ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$cancu" --archive "$archive" $json cites "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    printf '%12s  %s\n' "$ir" "$line"
    echo "$ir" >>"$counts"
done
sort -n "$counts" | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%12d  median of %d\n", m, NR }'
rm -f "$counts"
