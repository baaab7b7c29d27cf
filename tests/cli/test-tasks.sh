#!/usr/bin/env bash
# jq filters are single-quoted on purpose.
# shellcheck disable=SC2016
# End-to-end: 'cancu tasks' on the sample, in a file and in an archive:
# filters by reference typed any way, unit, area and deadline; the
# iCalendar file read back by libical.
set -euo pipefail
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

ICS_CHECK=${4:-}
DOCX=$CORPORA_DIR/default/gialai-sgddt-cchc-2022.docx
A=$TMP/archive

run "$CANCU_BIN" tasks --json "$SAMPLE"
cp "$OUT" "$TMP/file.json"
check "tasks FILE exits 0" test "$RC" -eq 0
expect_jq "tasks FILE: the sample's 24 tasks" "$TMP/file.json" \
    '.tasks | length == 24'
run "$CANCU_BIN" tasks --json "$DOCX"
expect_jq "tasks DOCX: the same 24 tasks, the same references" "$OUT" \
    '[.tasks[] | {no, references}] == ($f[0].tasks | map({no, references}))' \
    --slurpfile f "$TMP/file.json"

for plan in "$SAMPLE" "$DOCX"; do
    run "$CANCU_BIN" extract --json "$plan"
    expect_jq "$(basename "$plan"): the plan's header, the blank day kept out" \
        "$OUT" '.plan == {"issuer": "Sở Giáo dục và Đào tạo",
            "number": "/KH-SGDĐT", "place": "Gia Lai", "date": "2021-12",
            "title": "Cải cách hành chính năm 2022", "year": 2022}'
    expect_jq "$(basename "$plan"): paragraphs of II.3 know their heading" \
        "$OUT" '[.blocks[] | select(.section == "II.3") | .heading] | unique
            == ["3. Cải cách tổ chức bộ máy"]'
done

# A real decree: its own identity read from its header, and the
# relations it states about itself given it as their source.
DECREE=$CORPORA_DIR/real/tnt-171-2025-ND-CP.txt
run "$CANCU_BIN" refs --json "$DECREE"
expect_jq "refs --json: a decree's identity and its self-relations" "$OUT" \
    '.document.number == "171/2025/NĐ-CP"
        and .document.identity.type == "Nghị định"
        and .document.identity.in_force == "2025-07-01"
        and ([.relations[] | select(.kind == "repeals") | .source] | unique)
            == ["171/2025/NĐ-CP"]'
A2=$TMP/archive-decree
"$CANCU_BIN" --archive "$A2" --quiet ingest "$DECREE" >/dev/null
run "$CANCU_BIN" --archive "$A2" docs --json
expect_jq "docs --json: the decree's identity kept in the archive" "$OUT" \
    '.documents[0] | .title == "Quy định về đào tạo, bồi dưỡng công chức"
        and .type == "Nghị định" and .issuer == "CHÍNH PHỦ"
        and .date == "2025-06-30" and .in_force == "2025-07-01"'

"$CANCU_BIN" --archive "$A" --quiet ingest "$SAMPLE" >/dev/null
run "$CANCU_BIN" --archive "$A" docs --json
expect_jq "docs --json: the plan's header kept in the archive" "$OUT" \
    '.documents[0] | .issuer == "Sở Giáo dục và Đào tạo"
        and .number == "/KH-SGDĐT" and .place == "Gia Lai" and .year == 2022'
for typed in "60/2021/NĐ-CP" "nghị định 60/2021/NĐ-CP" "nghi dinh 60/2021" \
             "ND 60/2021" "NĐ 60"; do
    run "$CANCU_BIN" --archive "$A" tasks --json --cites "$typed"
    expect_jq "--cites '$typed' finds task 12 alone" "$OUT" \
        '[.tasks[].no] == ["12"]'
done
# A circular's code names its ministry; typed without it, the type word
# and the number and year are enough.
for typed in "thông tư 06/2020" "Thông tư số 06/2020" "thong tu 06/2020" \
             "TT 06/2020" "06/2020"; do
    run "$CANCU_BIN" --archive "$A" cites --json "$typed"
    expect_jq "cites '$typed' matches 06/2020/TT-BNV" "$OUT" \
        '[.matches[].id] == ["06/2020/TT-BNV"] and (.passages | length) >= 1'
done
for typed in "nghị định 06/2020" "ND 06/2020"; do
    run "$CANCU_BIN" --archive "$A" cites --json "$typed"
    expect_jq "cites '$typed' is not the circular" "$OUT" \
        '[.matches[].id] | index("06/2020/TT-BNV") == null'
done
# cites pages the plans citing a document, newest first, and still
# counts them all; its cost follows the page, not the archive.
P="$TMP/paging"
mkdir -p "$P"
for y in 2019 2020 2021 2022 2023; do
    printf '%s\n' "UBND TỈNH GIA LAI" "KẾ HOẠCH" "Cải cách hành chính năm $y" \
        "Gia Lai, ngày 10 tháng 01 năm $y" \
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ." \
        >"$P/plan-$y.txt"
done
"$CANCU_BIN" --archive "$TMP/paged" --quiet ingest "$P" >/dev/null
run "$CANCU_BIN" --archive "$TMP/paged" cites --json --limit 2 "ND 61/2018"
expect_jq "cites --limit 2: the two newest of five plans" "$OUT" \
    '.plans_total == 5 and ([.plans[].date] == ["2023-01-10", "2022-01-10"])
        and ([.passages[].plan_date] | unique) == ["2022-01-10", "2023-01-10"]
        and .matches[0].plans == 5'
run "$CANCU_BIN" --archive "$TMP/paged" cites --json --limit 2 --offset 4 \
    "ND 61/2018"
expect_jq "cites --offset 4: the oldest" "$OUT" \
    '[.plans[].date] == ["2019-01-10"] and .plans_total == 5'
run "$CANCU_BIN" --archive "$TMP/paged" cites --json --limit 0 "ND 61/2018"
expect_jq "cites --limit 0: all five" "$OUT" '(.plans | length) == 5'
run "$CANCU_BIN" --archive "$TMP/paged" cites --limit 2 "ND 61/2018"
expect_grep "cites says how to see the rest" "$OUT" \
    "3 more plans cite it: --offset 2"
expect_rc "cites --limit x is a usage error" 2 \
    "$CANCU_BIN" --archive "$TMP/paged" cites --limit x "ND 61/2018"
# Plans of one date: the one loaded last comes first, on every page.
for n in 2 1; do
    printf '%s\n' "UBND TỈNH GIA LAI" "SỞ SỐ $n" "KẾ HOẠCH" \
        "Cải cách hành chính năm 2023" "Gia Lai, ngày 10 tháng 01 năm 2023" \
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ." \
        >"$TMP/same-date-$n.txt"
    "$CANCU_BIN" --archive "$TMP/paged" --quiet ingest "$TMP/same-date-$n.txt" \
        >/dev/null
done
run "$CANCU_BIN" --archive "$TMP/paged" cites --json --limit 0 "ND 61/2018"
expect_jq "cites: of plans of one date, the one loaded last first" "$OUT" \
    '.plans_total == 7 and ([.plans[].date] | .[0:3]) ==
        ["2023-01-10", "2023-01-10", "2023-01-10"]
        and (.plans[0].path | endswith("same-date-1.txt"))
        and (.plans[1].path | endswith("same-date-2.txt"))'
first=$(jq -r '[.plans[].id] | join(" ")' "$OUT")
paged=""
for offset in 0 1 2 3 4 5 6; do
    run "$CANCU_BIN" --archive "$TMP/paged" cites --json --limit 1 \
        --offset "$offset" "ND 61/2018"
    paged="$paged${paged:+ }$(jq -r '.plans[0].id' "$OUT")"
done
expect_eq "cites: pages of one plan add up to the whole list" "$first" "$paged"

run "$CANCU_BIN" --archive "$A" tasks --json --cites "107/2020"
expect_jq "--cites 107/2020 finds task 6 through its continued row" "$OUT" \
    '[.tasks[].no] == ["6"]'
run "$CANCU_BIN" --archive "$A" tasks --json --cites "18-NQ/TW"
expect_jq "--cites 18-NQ/TW finds task 6" "$OUT" '[.tasks[].no] == ["6"]'
run "$CANCU_BIN" --archive "$A" tasks --json --cites "Luật Viên chức"
expect_jq "--cites 'Luật Viên chức' finds task 8" "$OUT" \
    '[.tasks[].no] == ["8"]'
run "$CANCU_BIN" --archive "$A" tasks --json --lead "phong to chuc can bo"
expect_jq "--lead without accents finds Phòng Tổ chức cán bộ's tasks" "$OUT" \
    '(.tasks | length) >= 4 and all(.tasks[]; .lead | index("Phòng Tổ chức cán bộ") != null)'
run "$CANCU_BIN" --archive "$A" tasks --json --area "tai chinh cong"
expect_jq "--area finds tasks 12 and 13" "$OUT" \
    '([.tasks[].no] | sort) == ["12", "13"]'
run "$CANCU_BIN" --archive "$A" tasks --json --due-within 2022-Q1
expect_jq "--due-within 2022-Q1: every task has a deadline ending in it" \
    "$OUT" '(.tasks | length) > 0 and all(.tasks[];
        [.activities[].deadlines[].end // empty
         | select(. >= "2022-01-01" and . <= "2022-03-31")] | length > 0)'
run "$CANCU_BIN" --archive "$A" tasks --json --due-before 2021-12-31
expect_jq "--due-before 2021-12-31 finds tasks 1, 3, 5, 20" "$OUT" \
    '([.tasks[].no] | sort) == ["1", "20", "3", "5"]'
run "$CANCU_BIN" --archive "$A" tasks --json
expect_jq "tasks are sorted by their earliest deadline" "$OUT" \
    '[.tasks[] | [.activities[].deadlines[].end // empty] | min // "9999"]
     as $d | $d == ($d | sort)'
run "$CANCU_BIN" --archive "$A" tasks --due-within 2022-13
check "a malformed period exits 2" test "$RC" -eq 2

if [ -n "$ICS_CHECK" ]; then
    run "$CANCU_BIN" --archive "$A" tasks --cites "60/2021" --ics "$TMP/t.ics"
    check "--ics exits 0" test "$RC" -eq 0
    run "$ICS_CHECK" "$TMP/t.ics"
    check "libical reads the iCalendar file back" test "$RC" -eq 0
    check "one event per dated activity deadline of task 12" \
        test "$(head -n 1 "$OUT")" = 2
    expect_grep "the events end on the deadline's day (DTEND the day after)" \
        "$OUT" "20220131 20220201"
fi
# --- cites: tasks and passages resting on a document ------------------------
run "$CANCU_BIN" --archive "$A" cites --json 107/2020
cp "$OUT" "$TMP/cites.json"
check "cites exits 0" test "$RC" -eq 0
expect_jq "cites 107/2020 finds task 6" "$TMP/cites.json" \
    '[.tasks[].no] == ["6"]'
expect_jq "cites 107/2020 finds the passage of section II.3, highlighted" \
    "$TMP/cites.json" '[.passages[] | select(.section == "II.3")
     | .snippet | contains("<mark>107/2020/NĐ-CP</mark>")] | any'
expect_jq "cites 107/2020 matches one document" "$TMP/cites.json" \
    '[.matches[].id] == ["107/2020/NĐ-CP"]'
"$CANCU_BIN" --archive "$A" --quiet ingest "$CORPORA_DIR/gold" >/dev/null
run "$CANCU_BIN" --archive "$A" cites --json 602/QĐ-UBND
expect_jq "cites 602/QĐ-UBND lists the candidates of two provinces" "$OUT" \
    '[.matches[].key] | sort == ["602/QĐ-UBND@Gia Lai:2021",
                                  "602/QĐ-UBND@Kon Tum:2021"]'
run "$CANCU_BIN" --archive "$A" cites --json 602/QĐ-UBND Kon Tum
expect_jq "cites '602/QĐ-UBND Kon Tum' keeps Kon Tum's" "$OUT" \
    '[.matches[].key] == ["602/QĐ-UBND@Kon Tum:2021"]
     and all(.passages[]; .plan_path | endswith("kontum-cchc-2023.txt"))'
run "$CANCU_BIN" --archive "$A" cites --json 16/2015/NĐ-CP
expect_jq "cites names what replaces it, as a text of the archive says" \
    "$OUT" '[.relations[] | "\(.source) \(.kind) \(.target)"]
     | index("60/2021/NĐ-CP replaces 16/2015/NĐ-CP") != null'

# --- search: tasks are hits too; field filters --------------------------------
# Two plans, so that plan: has something to leave out.
"$CANCU_BIN" --archive "$A" --quiet ingest "$DOCX" >/dev/null
run "$CANCU_BIN" --archive "$A" tasks --json --lead "thanh tra"
LEAD_TASKS=$(jq '.tasks | length' "$OUT")
check "some tasks are led by Thanh tra" test "$LEAD_TASKS" -gt 0
run "$CANCU_BIN" --archive "$A" search --json 'lead:"thanh tra"' --limit 100
expect_jq "lead:\"thanh tra\" finds exactly the tasks Thanh tra leads" "$OUT" \
    "([.hits[] | select(.kind == \"task\")] | length == $LEAD_TASKS)
     and all(.hits[]; .kind == \"task\")"
run "$CANCU_BIN" --archive "$A" tasks --json --area "cai cach the che"
AREA_TASKS=$(jq '.tasks | length' "$OUT")
run "$CANCU_BIN" --archive "$A" search --json 'area:"cai cach the che"' \
    --limit 100
expect_jq "area: without accents finds the area's tasks" "$OUT" \
    "(.hits | length == $AREA_TASKS) and $AREA_TASKS > 0"
run "$CANCU_BIN" --archive "$A" search --json 'cites:107/2020' --limit 100
expect_jq "cites:107/2020 finds task 6 and the passage of II.3" "$OUT" \
    '([.hits[] | select(.kind == "task")] | length >= 1)
     and ([.hits[] | select(.section == "II.3")] | length >= 1)'
run "$CANCU_BIN" --archive "$A" search --json year:2022 bien che
expect_jq "year:2022 keeps the 2022 plan" "$OUT" '.hits | length > 0'
run "$CANCU_BIN" --archive "$A" search --json year:2019 bien che
expect_jq "year:2019 leaves it out" "$OUT" '.hits | length == 0'
PLAN=$("$CANCU_BIN" --archive "$A" docs --json | jq -r '.documents[0].id')
run "$CANCU_BIN" --archive "$A" search --json "plan:${PLAN:0:12}" bien che
expect_jq "plan:ID keeps that plan's passages only" "$OUT" \
    "(.hits | length > 0) and all(.hits[]; .plan == \"$PLAN\")"
run "$CANCU_BIN" --archive "$A" search --json plan:000000000000 bien che
check "plan: of no plan is a usage error naming it" \
    grep -q "no plan with id or path '000000000000'" "$ERR"

finish
