#!/usr/bin/env bash
# jq filters are single-quoted on purpose.
# shellcheck disable=SC2016
# End-to-end: 'cancu check' on the sample against the shipped registry,
# as of the plan's date and as of another; exit codes; search expanding
# the abbreviations a plan defines.
set -euo pipefail
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

A=$TMP/archive
REGISTRY=$CORPORA_DIR/registry/vn-legal-status.tsv

"$CANCU_BIN" --archive "$A" --quiet ingest "$SAMPLE" >/dev/null
# A new archive knows the shipped registry without any import.
run "$CANCU_BIN" --archive "$A" check --json "$SAMPLE"
expect_jq "a fresh archive: 16/2015/NĐ-CP replaced, from the shipped registry" \
    "$OUT" '[.findings[] | select(.id == "16/2015/NĐ-CP" and .kind == "replaced"
        and (.record.origin | startswith("vn-legal-status.tsv:")))] | length >= 1'
cp "$OUT" "$TMP/fresh.json"
run "$CANCU_BIN" --archive "$A" registry import "$REGISTRY"
check "the shipped registry imports whole" test "$RC" -eq 0

run "$CANCU_BIN" --archive "$A" check --json "$SAMPLE"
cp "$OUT" "$TMP/check.json"
expect_jq "importing the shipped file changes no finding" "$TMP/check.json" \
    '[.findings[] | "\(.kind) \(.id) \(.where.line)"] | sort
     == ($f[0].findings | map("\(.kind) \(.id) \(.where.line)") | sort)' \
    --slurpfile f "$TMP/fresh.json"
check "check exits 1: findings at warning" test "$RC" -eq 1
expect_jq "judged as of the plan's own date" "$TMP/check.json" \
    '.as_of == "2021-12"'
expect_jq "16/2015/NĐ-CP replaced by 60/2021/NĐ-CP before the plan's date" \
    "$TMP/check.json" '[.findings[] | select(.id == "16/2015/NĐ-CP"
        and .kind == "replaced" and .severity == "warning"
        and .suggestion == "60/2021/NĐ-CP"
        and (.detail | contains("2021-08-15"))
        and (.detail_vi | length > 0))] | length >= 1'
expect_jq "138/2002/NĐ-CP is a year mismatch, 138/2020 suggested" \
    "$TMP/check.json" '[.findings[] | select(.id == "138/2002/NĐ-CP"
        and .kind == "year-mismatch" and .suggestion == "138/2020/NĐ-CP")]
        | length >= 1'
expect_jq "106/NĐ-CP is a missing year" "$TMP/check.json" \
    '[.findings[] | select(.kind == "missing-year" and .text == "106/NĐ-CP")]
     | length >= 1'
expect_jq "nothing against 60/2021/NĐ-CP" "$TMP/check.json" \
    '[.findings[] | select(.id == "60/2021/NĐ-CP")] | length == 0'
expect_jq "108/2014/NĐ-CP in force but amended when the plan was written" \
    "$TMP/check.json" '[.findings[] | select(.id == "108/2014/NĐ-CP")
        | .kind] | unique == ["amended"]'
expect_jq "every finding has its place" "$TMP/check.json" \
    'all(.findings[]; .where.line > 0)'
expect_jq "a finding in the task table names its task" "$TMP/check.json" \
    '[.findings[] | select(.where.section == "Phụ lục")]
     | length > 0 and all(.where.task | test("^[0-9]+$"))'

run "$CANCU_BIN" --archive "$A" check --json --as-of 2024-01-01 "$SAMPLE"
expect_jq "as of 2024-01-01, 108/2014/NĐ-CP is replaced by 29/2023/NĐ-CP" \
    "$OUT" '[.findings[] | select(.id == "108/2014/NĐ-CP"
        and .kind == "replaced" and .suggestion == "29/2023/NĐ-CP"
        and .as_of == "2024-01-01")] | length >= 1'

ID=$("$CANCU_BIN" --archive "$A" docs --json | jq -r '.documents[0].id')
run "$CANCU_BIN" --archive "$A" check --json "${ID:0:10}"
expect_jq "check PLAN-ID finds what check FILE finds" "$OUT" \
    '[.findings[] | "\(.kind) \(.id)"] | sort
     == ($f[0].findings | map("\(.kind) \(.id)") | sort)' \
    --slurpfile f "$TMP/check.json"
run "$CANCU_BIN" --archive "$A" check --all
check "check --all exits 1" test "$RC" -eq 1

printf 'KẾ HOẠCH\nKiểm tra năm 2023\nNghị định số 60/2021/NĐ-CP ngày 21/6/2021\n' \
    >"$TMP/clean.txt"
run "$CANCU_BIN" --archive "$A" check "$TMP/clean.txt"
check "a plan citing only what is in force exits 0" test "$RC" -eq 0

# Abbreviations the plan defines, both ways.
run "$CANCU_BIN" --archive "$A" search --json TTHC --limit 100
cp "$OUT" "$TMP/abbr.json"
expect_jq "TTHC finds the passages written out, 'thủ tục hành chính'" \
    "$TMP/abbr.json" '[.hits[].text | select(contains("TTHC") | not)
        | select(contains("thủ tục hành chính"))] | length >= 1'
run "$CANCU_BIN" --archive "$A" search --json thu tuc hanh chinh --limit 100
expect_jq "'thu tuc hanh chinh' finds passages that say TTHC only" "$OUT" \
    '[.hits[].text | select(contains("TTHC"))
        | select(contains("thủ tục hành chính") | not)] | length >= 1'

# The graph of legal bases: the plan cites, the registry's relations.
run "$CANCU_BIN" --archive "$A" graph --format json
cp "$OUT" "$TMP/graph.json"
check "graph exits 0" test "$RC" -eq 0
expect_jq "the plan cites 60/2021/NĐ-CP" "$TMP/graph.json" \
    '[.edges[] | select(.kind == "cites" and .to == "60/2021/NĐ-CP")]
     | length == 1'
expect_jq "29/2023/NĐ-CP replaces 108/2014/NĐ-CP, from the registry" \
    "$TMP/graph.json" '[.edges[] | select(.from == "29/2023/NĐ-CP"
        and .to == "108/2014/NĐ-CP" and .kind == "replaces")] | length == 1'
expect_jq "every edge joins two nodes" "$TMP/graph.json" \
    '(.nodes | map(.id)) as $ids
     | all(.edges[]; (.from as $f | $ids | index($f)) != null
                    and (.to as $t | $ids | index($t)) != null)'
run "$CANCU_BIN" --archive "$A" graph
check "graph in DOT names the replacement edge" \
    grep -q '"29/2023/NĐ-CP" -> "108/2014/NĐ-CP"' "$OUT"
run "$CANCU_BIN" --archive "$A" graph --format png
check "graph refuses an unknown format with exit 2" test "$RC" -eq 2
# 'cites' says what the registry knows: what replaced it, what it replaced.
run "$CANCU_BIN" --archive "$A" cites --json "ND 108/2014"
expect_jq "cites 108/2014: replaced by 29/2023/NĐ-CP, per the registry" "$OUT" \
    '[.relations[] | select(.kind == "replaces" and .origin == "registry"
        and .source == "29/2023/NĐ-CP" and .target == "108/2014/NĐ-CP"
        and .date == "2023-07-20")] | length == 1'
expect_jq "cites 108/2014: the match carries its registry status" "$OUT" \
    '.matches[0].status == "replaced"'
run "$CANCU_BIN" --archive "$A" cites --json "nghi dinh 60/2021"
expect_jq "cites 60/2021: it replaces 16/2015/NĐ-CP" "$OUT" \
    '[.relations[] | select(.kind == "replaces" and .source == "60/2021/NĐ-CP"
        and .target == "16/2015/NĐ-CP")] | length == 1'
run "$CANCU_BIN" --archive "$A" cites --json "ND 29/2023"
expect_jq "cites 29/2023, cited by no plan: the registry's match, no plan" \
    "$OUT" '([.matches[] | select(.id == "29/2023/NĐ-CP" and .plans == 0)]
        | length == 1) and (.tasks | length == 0)'
expect_jq "cites 29/2023: it replaced 108/2014/NĐ-CP, which the plan cites" \
    "$OUT" '[.relations[] | select(.kind == "replaces"
        and .target == "108/2014/NĐ-CP")] | length == 1'
# A number that is not unique: the plans say "18-NQ/TW", the registry
# "18-NQ/TW:2017". Both cites and graph must see they are one document.
run "$CANCU_BIN" --archive "$A" cites --json 18-NQ/TW
expect_jq "cites 18-NQ/TW: the registry's record (signed 2017-10-25)" "$OUT" \
    '.matches[0].date == "2017-10-25" and .matches[0].status == "unknown"'
printf 'id\ttype\tissuer\tsigned\tin_force\ttitle\tstatus\treplaced_by\t%s\n' \
    'replaced_on	amended_by	repealed_on	expired_on	source	confidence' \
    >"$TMP/party.tsv"
printf '18-NQ/TW:2017\tNghị quyết\tTrung ương Đảng\t2017-10-25\t\t\t%s\n' \
    'amended	 	 	99-NQ/TW:2030	 	 	https://example.org/test	verified' \
    >>"$TMP/party.tsv"
run "$CANCU_BIN" --archive "$A" registry import "$TMP/party.tsv"
check "a registry row for 18-NQ/TW:2017 imports" test "$RC" -eq 0
run "$CANCU_BIN" --archive "$A" graph --format json
expect_jq "graph joins the registry's 18-NQ/TW:2017 to the plans' 18-NQ/TW" \
    "$OUT" '[.edges[] | select(.kind == "amends" and .to == "18-NQ/TW")]
        | length == 1'

# Dates as people write them; an impossible one is a usage error.
run "$CANCU_BIN" --archive "$A" check --json --as-of 01/08/2023 "$SAMPLE"
expect_jq "--as-of 01/08/2023 reads as 2023-08-01" "$OUT" \
    '.as_of == "2023-08-01" and all(.findings[]; .as_of == "2023-08-01")'
run "$CANCU_BIN" --archive "$A" check --as-of 2023-02-30 "$SAMPLE"
check "--as-of 2023-02-30 is a usage error (exit 2)" test "$RC" -eq 2
check "... saying why" grep -q "not a" "$ERR"
run "$CANCU_BIN" --archive "$A" check --as-of 31/02/2023 "$SAMPLE"
check "--as-of 31/02/2023 is a usage error (exit 2)" test "$RC" -eq 2
run "$CANCU_BIN" --archive "$A" check --json --as-of today "$SAMPLE"
expect_jq "--as-of today is the clock's date" "$OUT" \
    '.as_of == $today' --arg today "$(date +%F)"

# The text an officer reads: Vietnamese first, warnings before the rest.
run "$CANCU_BIN" --archive "$A" check "$SAMPLE"
check "the text output heads the warnings in Vietnamese" \
    grep -q "^CẢNH BÁO" "$OUT"
check "... and says what to cite instead" \
    grep -q "nên dẫn / cite instead: 60/2021/NĐ-CP" "$OUT"
check "warnings come before the information" \
    test "$(grep -n '^CẢNH BÁO' "$OUT" | cut -d: -f1)" -lt \
    "$(grep -n '^THÔNG TIN' "$OUT" | cut -d: -f1)"

# check --all: each plan with its own as-of date, findings carrying it.
cat >"$TMP/plan-2019.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ NỘI VỤ
Số: 7/KH-SNV
Gia Lai, ngày 10 tháng 3 năm 2019

KẾ HOẠCH
Tinh giản biên chế năm 2019

Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ;
PLAN
"$CANCU_BIN" --archive "$A" --quiet ingest "$TMP/plan-2019.txt" >/dev/null
run "$CANCU_BIN" --archive "$A" check --all --json
expect_jq "check --all: one entry a plan, each as of its own date" "$OUT" \
    '(.plans | length) == 2 and ([.plans[].as_of] | sort) == ["2019-03-10", "2021-12"]'
expect_jq "check --all: every finding names its plan" "$OUT" \
    'all(.findings[]; .plan | length == 64)'
run "$CANCU_BIN" --archive "$A" check --all
check "check --all text: a heading per plan" \
    test "$(grep -c '^== ' "$OUT")" -eq 2

# Replacements followed to the document in force; a cited date picks
# the record of a number used again; a name enacted twice by its year.
cat >"$TMP/dates.tsv" <<'TSV'
id	type	issuer	signed	in_force	title	status	replaced_by	replaced_on	amended_by	repealed_on	expired_on	source	confidence
01/2010/TT-BNV	Thông tư	Bộ Nội vụ	2010-01-05	2010-03-01		replaced	02/2015/TT-BNV	2015-07-01				https://example.org/a	verified
02/2015/TT-BNV	Thông tư	Bộ Nội vụ	2015-05-10	2015-07-01		replaced	03/2020/TT-BNV	2020-09-01				https://example.org/b	verified
03/2020/TT-BNV	Thông tư	Bộ Nội vụ	2020-07-15	2020-09-01		in-force						https://example.org/c	verified
Luật Ngân sách nhà nước:2002	Luật	Quốc hội	2002-12-16	2004-01-01		replaced	Luật Ngân sách nhà nước:2015	2017-01-01				https://example.org/d	verified
Luật Ngân sách nhà nước:2015	Luật	Quốc hội	2015-06-25	2017-01-01		in-force						https://example.org/e	verified
15-NQ/TW:2012	Nghị quyết	Ban Chấp hành Trung ương	2012-06-01			repealed				2020-01-01		https://example.org/f	verified
TSV
run "$CANCU_BIN" --archive "$A" registry import "$TMP/dates.tsv"
check "the dates registry imports" test "$RC" -eq 0
cat >"$TMP/plan-2025.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ TÀI CHÍNH
Số: 12/KH-STC
Gia Lai, ngày 05 tháng 3 năm 2025

KẾ HOẠCH
Quản lý ngân sách năm 2025

Căn cứ Luật Ngân sách nhà nước năm 2015;
Căn cứ Thông tư số 01/2010/TT-BNV ngày 05/01/2010 của Bộ Nội vụ;
Căn cứ Nghị quyết số 15-NQ/TW ngày 10/5/2022 của Ban Chấp hành Trung ương;
PLAN
run "$CANCU_BIN" --archive "$A" check --json "$TMP/plan-2025.txt"
cp "$OUT" "$TMP/c2025.json"
expect_jq "a chain of replacements is followed to the one in force" \
    "$TMP/c2025.json" '[.findings[] | select(.id == "01/2010/TT-BNV"
        and .kind == "replaced" and .suggestion == "03/2020/TT-BNV"
        and .chain == ["02/2015/TT-BNV", "03/2020/TT-BNV"])] | length == 1'
expect_jq "the 2015 budget law, cited with its year, is not 'replaced'" \
    "$TMP/c2025.json" '[.findings[] | select(.id | startswith("Luật Ngân sách"))
        | select(.kind == "replaced")] | length == 0'
expect_jq "15-NQ/TW of 2022 is not the 2012 resolution the registry holds" \
    "$TMP/c2025.json" '[.findings[] | select(.id == "15-NQ/TW")
        | .kind] == ["unknown"]'
cat >"$TMP/plan-2010.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ TÀI CHÍNH
Số: 3/KH-STC
Gia Lai, ngày 05 tháng 3 năm 2010

KẾ HOẠCH
Quản lý ngân sách năm 2010

Căn cứ Luật Ngân sách nhà nước;
PLAN
run "$CANCU_BIN" --archive "$A" check --json "$TMP/plan-2010.txt"
expect_jq "a 2010 plan citing the budget law by name: the 2002 law, in force then" \
    "$OUT" '[.findings[] | select(.kind == "replaced")] | length == 0'
run "$CANCU_BIN" --archive "$A" check --json --as-of 2020-01-01 "$TMP/plan-2010.txt"
expect_jq "... and replaced by the 2015 law as of 2020" "$OUT" \
    '[.findings[] | select(.kind == "replaced"
        and .record == {"id": "Luật Ngân sách nhà nước:2002", "origin": .record.origin}
        and .suggestion == "Luật Ngân sách nhà nước:2015")] | length == 1'
# References typed as people type them: cites, tasks --cites, registry show.
cat >"$TMP/typed.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ NỘI VỤ
Số: 9/KH-SNV
Gia Lai, ngày 10 tháng 3 năm 2024

KẾ HOẠCH
Quản lý biên chế năm 2024

Căn cứ Thông tư liên tịch số 47/2009/TTLT-BTC-BNV ngày 11/3/2009 của Bộ Tài chính, Bộ Nội vụ;
Căn cứ Chỉ thị số 14-CT/TW ngày 12/7/2022 của Ban Bí thư;
Căn cứ Luật Viên chức ngày 15 tháng 11 năm 2010;
PLAN
"$CANCU_BIN" --archive "$A" --quiet ingest "$TMP/typed.txt" >/dev/null
for typed in "TTLT 47/2009" "thông tư liên tịch 47/2009" "thong tu lien tich 47/2009"; do
    run "$CANCU_BIN" --archive "$A" cites --json "$typed"
    expect_jq "cites '$typed' finds 47/2009/TTLT-BTC-BNV" "$OUT" \
        '[.matches[].id] | index("47/2009/TTLT-BTC-BNV") != null'
done
run "$CANCU_BIN" --archive "$A" cites --json "Chỉ thị 14"
expect_jq "cites 'Chỉ thị 14' finds the Party's 14-CT/TW" "$OUT" \
    '[.matches[].id] | index("14-CT/TW") != null'
for typed in "luat vien chuc" "Luật viên chức" "LUẬT VIÊN CHỨC"; do
    run "$CANCU_BIN" --archive "$A" cites --json "$typed"
    expect_jq "cites '$typed' finds Luật Viên chức" "$OUT" \
        '[.matches[].id] | index("Luật Viên chức") != null'
done
run "$CANCU_BIN" --archive "$A" tasks --json --cites "luat vien chuc"
check "tasks --cites 'luat vien chuc' exits 0" test "$RC" -eq 0
run "$CANCU_BIN" --archive "$A" cites --json \
    "nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ"
expect_jq "cites a citation pasted with its date: 60/2021/NĐ-CP" "$OUT" \
    '[.matches[].id] | index("60/2021/NĐ-CP") != null'
for typed in "" "   " "/" "abc"; do
    run "$CANCU_BIN" --archive "$A" cites "$typed"
    check "cites '$typed' is a usage error (exit 2)" test "$RC" -eq 2
    check "... saying why" grep -q "write a number" "$ERR"
done
run "$CANCU_BIN" --archive "$A" tasks --cites "/"
check "tasks --cites '/' is a usage error (exit 2)" test "$RC" -eq 2
for typed in "ND 108/2014" "nd 108/2014" "nghi dinh 108/2014" "108/2014/ND-CP"; do
    run "$CANCU_BIN" --archive "$A" registry show --json "$typed"
    expect_jq "registry show '$typed' finds 108/2014/NĐ-CP" "$OUT" \
        '[.entries[].id] == ["108/2014/NĐ-CP"]'
done
run "$CANCU_BIN" --archive "$A" registry show --json "18-NQ/TW:2017"
expect_jq "registry show with the year of a Party number" "$OUT" \
    '[.entries[].id] | index("18-NQ/TW:2017") != null'
run "$CANCU_BIN" --archive "$A" registry show "/"
check "registry show '/' is a usage error (exit 2)" test "$RC" -eq 2

# A law of the real corpus is the record of its name too, with its year
# (the name was enacted in 1996 and 2003): 'Luật này thay thế Luật hợp
# tác xã năm 1996' ends the 1996 law, not the 2003 one.
L=$TMP/laws
"$CANCU_BIN" --archive "$L" --quiet ingest \
    "$CORPORA_DIR/real/vip-2004-19Z9A_Luat_hop_tac_xasuadoi.groundtruth.txt" >/dev/null
cat >"$TMP/coop-2001.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ KẾ HOẠCH VÀ ĐẦU TƯ
Số: 4/KH-SKHĐT
Gia Lai, ngày 10 tháng 3 năm 2001

KẾ HOẠCH
Phát triển hợp tác xã năm 2001

Căn cứ Luật Hợp tác xã năm 1996;
PLAN
sed -e 's/năm 2001/năm 2010/' -e 's/Luật Hợp tác xã năm 1996/Luật Hợp tác xã/' \
    "$TMP/coop-2001.txt" >"$TMP/coop-2010.txt"
run "$CANCU_BIN" --archive "$L" check --json "$TMP/coop-2001.txt"
expect_jq "a 2001 plan citing the 1996 law: in force then" "$OUT" \
    '[.findings[] | select(.kind == "replaced")] | length == 0'
run "$CANCU_BIN" --archive "$L" check --json --as-of today "$TMP/coop-2001.txt"
expect_jq "... replaced by the 2003 law (18/2003/QH11) from 2004-07-01 today" \
    "$OUT" '[.findings[] | select(.kind == "replaced"
        and .suggestion == "18/2003/QH11" and .ended_on == "2004-07-01")]
        | length == 1'
run "$CANCU_BIN" --archive "$L" check --json --as-of today "$TMP/coop-2010.txt"
expect_jq "a 2010 plan citing the name alone: the 2003 law, never replaced by itself" \
    "$OUT" '[.findings[] | select(.kind == "replaced")] | length == 0'
run "$CANCU_BIN" --archive "$L" registry show --json "Luật Hợp tác xã:2003"
expect_jq "the 2003 law's record is its own text" "$OUT" \
    '.entries[0].provenance == "mined" and (.entries[0].text | endswith("groundtruth.txt"))'

run "$CANCU_BIN" --archive "$A" cites --json "18-NQ/TW:2017"
check "cites with the year of a Party number exits 0" test "$RC" -eq 0
expect_jq "... and names that record" "$OUT" \
    '[.matches[].id] | (index("18-NQ/TW") != null or index("18-NQ/TW:2017") != null)'

# A number that carries its year is that document, whatever the plan's
# own date says (here a date before it: the text's problem, not a
# document missing from the registry).
cat >"$TMP/early.txt" <<'PLAN'
UBND TỈNH GIA LAI
SỞ NỘI VỤ
Số: 2/KH-SNV
Gia Lai, ngày 10 tháng 3 năm 2020

KẾ HOẠCH
Tinh giản biên chế năm 2020

Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ;
Căn cứ Nghị định số 29/2023/NĐ-CP của Chính phủ;
PLAN
run "$CANCU_BIN" --archive "$A" check --json "$TMP/early.txt"
expect_jq "29/2023/NĐ-CP cited by a plan dated before it is still its record" \
    "$OUT" '[.findings[] | select(.id == "29/2023/NĐ-CP" and .kind == "unknown")]
        | length == 0'

finish
