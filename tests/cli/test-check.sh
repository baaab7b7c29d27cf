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
run "$CANCU_BIN" --archive "$A" registry import "$REGISTRY"
check "the shipped registry imports whole" test "$RC" -eq 0

run "$CANCU_BIN" --archive "$A" check --json "$SAMPLE"
cp "$OUT" "$TMP/check.json"
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
finish
