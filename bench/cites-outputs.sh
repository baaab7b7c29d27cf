#!/bin/sh
# The text and --json output of 'cancu cites' for a fixed set of
# references, one file each, into OUT: run before and after a change and
# diff the two folders. Usage: cites-outputs.sh CANCU ARCHIVE OUT
set -eu
cancu=$1 archive=$2 out=$3
mkdir -p "$out"
n=0
while IFS= read -r line; do
    [ -n "$line" ] || continue
    n=$((n + 1))
    # A line is the arguments, split on '|': options first, then the ref.
    old_ifs=$IFS
    IFS='|'
    # shellcheck disable=SC2086
    set -- $line
    IFS=$old_ifs
    "$cancu" --archive "$archive" cites "$@" >"$out/$n.txt" 2>&1 || echo "exit $?" >>"$out/$n.txt"
    "$cancu" --archive "$archive" --json cites "$@" >"$out/$n.json" 2>&1 || echo "exit $?" >>"$out/$n.json"
done <<'REFS'
ND 107/2020
Luật Cán bộ, công chức
Luật Viên chức
59/2012/NĐ-CP
nghi dinh 60/2021
62/2020/NĐ-CP
18-NQ/TW
108/2014/NĐ-CP
TCVN ISO 9001:2015
32/2020/NĐ-CP
106/2020/NĐ-CP
19-NQ/TW
602/QĐ-UBND
602/QĐ-UBND Gia Lai
ISO 9001:2015
45/2020/NĐ-CP
39-NQ/TW
120/2020/NĐ-CP
90/2020/NĐ-CP
130/2005/NĐ-CP
06/2020/TT-BNV
924/QĐ-UBND
115/2020/NĐ-CP
258/QĐ-UBND
113/2018/NĐ-CP
NĐ 108/2020
43/2006/NĐ-CP
26/CT-TTg
1847/QĐ-TTg
76/NQ-CP
06/QĐ-TTg
138/2002/NĐ-CP
16/2015/NĐ-CP
106/NĐ-CP
29/2023/NĐ-CP
NĐ 60
ND 999/2099
--limit|0|ND 107/2020
--limit|5|--offset|630|ND 107/2020
--limit|3|--offset|2|18-NQ/TW
--limit|0|29/2023/NĐ-CP
--limit|50|Luật Viên chức
REFS
echo "$n refs"
