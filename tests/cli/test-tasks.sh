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
DOC=$CORPORA_DIR/doc/gialai-sgddt-cchc-2022.doc
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
run "$CANCU_BIN" tasks --json "$DOC"
expect_jq "tasks DOC (Word 97-2003): the same 24 tasks, the same references" \
    "$OUT" \
    '[.tasks[] | {no, references}] == ($f[0].tasks | map({no, references}))' \
    --slurpfile f "$TMP/file.json"

for plan in "$SAMPLE" "$DOCX" "$DOC"; do
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
# --- deadlines as real plans write them (issue 19) ---------------------------
REAL=$CORPORA_DIR/real/vbai-Ke-hoach-CCHC-2026-cua-tinh-Lam-Dong.docx
run "$CANCU_BIN" tasks --json "$REAL"
cp "$OUT" "$TMP/real.json"
check "tasks on the 2026 CCHC plan exits 0" test "$RC" -eq 0
expect_jq "a citation's date (28/5/2015) is no deadline" "$TMP/real.json" \
    '[.tasks[].activities[].deadlines[]
        | select(.end != null and .end < "2020")] | length == 0'
expect_jq "the cell pointing to Điều 17 of a decree is external" \
    "$TMP/real.json" '[.tasks[].activities[]
        | select(.deadline | startswith("Theo Điều"))
        | .deadlines[].kind] == ["external"]'
expect_jq "\"Trước ngày 31/01 năm liền kề\" is 31/01 of the next year" \
    "$TMP/real.json" '[.tasks[].activities[].deadlines[]
        | select(.text | startswith("Trước ngày 31/01"))
        | .end] == ["2027-01-31"]'
expect_jq "\"Trước ngày 05 của tháng liền kề\": 12 months, by the 5th of the next" \
    "$TMP/real.json" '[.tasks[].activities[].deadlines[]
        | select(.text == "Trước ngày 05 của tháng liền kề")][0]
        | .rule == "monthly:day=5,next-month"
          and (.occurrences | length) == 12
          and .occurrences[0].end == "2026-02-05"
          and .occurrences[11].end == "2027-01-05"'
expect_jq "a partner cell of a no-break space names no unit" "$TMP/real.json" \
    '[.tasks[].activities[].partners[] | select(test("^\\s*$"))] | length == 0'
run "$CANCU_BIN" tasks --json "$REAL" --due-within 2026-03
expect_jq "--due-within 2026-03 finds the monthly reports" "$OUT" \
    '[.tasks[].activities[].deadlines[] | .text]
        | index("Trước ngày 05 của tháng liền kề") != null
          and index("Định kỳ hằng tháng") != null'
if [ -n "$ICS_CHECK" ]; then
    run "$CANCU_BIN" tasks "$REAL" --ics "$TMP/real.ics"
    check "--ics on the 2026 plan exits 0" test "$RC" -eq 0
    run "$ICS_CHECK" "$TMP/real.ics"
    check "libical reads the recurring events back" test "$RC" -eq 0
    expect_grep "one event per occurrence: the February report, due 5 March" \
        "$OUT" "20260305 20260306"
    expect_grep "... and the December one, due 5 January of the next year" \
        "$OUT" "20270105 20270106"
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

# --- tasks are exact: identity, tables, header words, letter case ----------
# Numbers repeat: two appendices numbered from 1, bullets numbered from 1
# in each part. The archive keeps every task the file has.
X=$TMP/exact
mkdir -p "$X"
printf '%s\n' "KẾ HOẠCH" "Công tác năm 2023" "Phụ lục I" \
    $'TT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện' \
    $'1\tRà soát theo Nghị định 34/2016/NĐ-CP\tVăn phòng\tQuý I/2023' \
    $'2\tKiểm tra văn bản\tThanh tra\tQuý II/2023' "" "Phụ lục II" \
    $'STT\tNội dung\tCơ quan chủ trì\tThời hạn' \
    $'1\tDuy trì ISO\tVăn phòng\tTrong năm 2023' >"$X/two-tables.txt"
printf '%s\n' "KẾ HOẠCH" "Chuyển đổi số năm 2024" "II. NHIỆM VỤ" \
    "- Nâng cấp mạng nội bộ." "- Triển khai chữ ký số." \
    "III. NỘI DUNG, GIẢI PHÁP" "- Số hóa hồ sơ trước ngày 30/6/2024." \
    >"$X/two-parts.txt"
# A Word plan: a lead column holding the partners; after a page break a
# row of "Ứng dụng ..." (another activity, its own lead); after a blank
# paragraph the same header again, another table.
python3 - "$X/joint.docx" <<'PY'
import sys, zipfile
def cell(t):
    return "<w:tc><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>" % t
def row(*cells):
    return "<w:tr>" + "".join(cell(c) for c in cells) + "</w:tr>"
head = row("TT", "Nội dung nhiệm vụ", "Hoạt động",
           "Đơn vị chủ trì, phối hợp", "Thời hạn", "Ghi chú")
body = ("<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Chuyển đổi số năm 2023</w:t></w:r></w:p>"
        "<w:tbl>" + head + row("1", "Chuyển đổi số", "Nâng cấp mạng",
            "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính", "Quý I/2023", "")
        + "</w:tbl><w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
        "<w:tbl>" + head + row("", "", "Ứng dụng chữ ký số", "Văn phòng",
            "Quý II/2023", "") + "</w:tbl><w:p/>"
        "<w:tbl>" + head + row("1", "Kiểm tra công vụ", "Kiểm tra",
            "Thanh tra", "Quý III/2023", "") + "</w:tbl>")
xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/'
       'wordprocessingml/2006/main"><w:body>' + body + '</w:body></w:document>')
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("word/document.xml", xml)
PY
run "$CANCU_BIN" tasks --json "$X/two-tables.txt"
expect_jq "tasks FILE: two tables from 1, three tasks, told apart" "$OUT" \
    '[.tasks[] | "\(.table).\(.row) \(.no)"] | sort == ["1.2 1", "1.3 2", "2.2 1"]'
run "$CANCU_BIN" tasks --json "$X/two-parts.txt"
expect_jq "tasks FILE: bullets from 1 in each part, told apart" "$OUT" \
    '[.tasks[] | "\(.part).\(.row)"] | sort == ["II.1", "II.2", "III.1"]'
run "$CANCU_BIN" tasks --json "$X/joint.docx"
cp "$OUT" "$X/joint.json"
expect_jq "DOCX: a blank paragraph ends a table, a page break does not" \
    "$X/joint.json" '[.tasks[] | "\(.table) \(.no)"] == ["1 1", "2 1"]'
expect_jq "DOCX: 'Ứng dụng' after a page break is an activity of its own" \
    "$X/joint.json" '.tasks[0].activities | length == 2
        and .[1].activity == "Ứng dụng chữ ký số" and .[1].lead == ["Văn phòng"]
        and .[0].lead == ["Sở Nội vụ"] and .[0].partners == ["Sở Tài chính"]'
"$CANCU_BIN" --archive "$X/a" --quiet ingest "$X" >/dev/null
run "$CANCU_BIN" --archive "$X/a" tasks --json --limit 0
expect_jq "tasks over the archive: every task of every file, none dropped" \
    "$OUT" '.total == 8 and (.tasks | length) == 8
        and ([.tasks[] | "\(.plan) \(.table) \(.part) \(.row)"] | unique
             | length) == 8'
# An area as long as a whole heading (real plans have them) is indexed
# by its start: Xapian takes no term over 245 bytes.
LONG=$(printf 'Triển khai quyết liệt, đồng bộ công tác đấu tranh %.0s' 1 2 3 4 5)
printf '%s\n' "KẾ HOẠCH" "Phòng, chống ma túy năm 2025" "II. NHIỆM VỤ" \
    "1. $LONG" "- Tuyên truyền tại các xã." >"$TMP/long-area.txt"
run "$CANCU_BIN" --archive "$X/long" ingest "$TMP/long-area.txt"
check "a task under a heading of ${#LONG} characters ingests" test "$RC" -eq 0
run "$CANCU_BIN" --archive "$X/long" search --json 'area:"trien khai quyet liet"'
expect_jq "area: finds it by the start of its area" "$OUT" \
    '[.hits[] | select(.kind == "task")] | length == 1'
run "$CANCU_BIN" --archive "$X/a" tasks --json --limit 0 --plan "$X/two-tables.txt"
expect_jq "--plan: that plan's three tasks" "$OUT" \
    '.total == 3 and ([.tasks[].no] | sort) == ["1", "1", "2"]'

# --- tasks page: --limit, --offset, a default page --------------------------
run "$CANCU_BIN" --archive "$A" tasks --json --limit 0
cp "$OUT" "$TMP/all.json"
TOTAL=$(jq '.total' "$TMP/all.json")
check "tasks --limit 0: all of them" \
    test "$(jq '.tasks | length' "$TMP/all.json")" -eq "$TOTAL"
run "$CANCU_BIN" --archive "$A" tasks --json --limit 5 --offset 3
expect_jq "tasks --limit 5 --offset 3: that slice of the whole order" "$OUT" \
    '.total == ($all[0].total) and .offset == 3 and .limit == 5
        and ([.tasks[] | [.plan, .table, .part, .row]]
             == ($all[0].tasks[3:8] | map([.plan, .table, .part, .row])))' \
    --slurpfile all "$TMP/all.json"
paged=""
for offset in $(seq 0 7 "$TOTAL"); do
    run "$CANCU_BIN" --archive "$A" tasks --json --limit 7 --offset "$offset"
    paged="$paged$(jq -r '.tasks[] | "\(.plan):\(.table):\(.part):\(.row) "' \
        "$OUT")"
done
expect_eq "tasks: pages of 7 add up to the whole list" \
    "$(jq -r '.tasks[] | "\(.plan):\(.table):\(.part):\(.row) "' \
        "$TMP/all.json" | tr -d '\n')" "$(printf '%s' "$paged" | tr -d '\n')"
run "$CANCU_BIN" --archive "$A" tasks --json --lead "thanh tra" --limit 2
expect_jq "a filter pages too, and counts all that pass" "$OUT" \
    '(.tasks | length) == 2 and .total == $n' \
    --argjson n "$(jq '[.tasks[] | select(any(.lead[];
        ascii_downcase | contains("thanh tra")))] | length' "$TMP/all.json")"
expect_rc "tasks --limit x is a usage error" 2 \
    "$CANCU_BIN" --archive "$A" tasks --limit x

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

# With more than a page of tasks, a page of 50 and how to see the rest.
run "$CANCU_BIN" --archive "$A" tasks --json --limit 0
TOTAL=$(jq '.total' "$OUT")
check "the archive holds more than a page of tasks" test "$TOTAL" -gt 50
run "$CANCU_BIN" --archive "$A" tasks
expect_grep "tasks: a default page of 50 of them" "$OUT" "50 tasks of $TOTAL"
expect_grep "tasks says how to see the rest" "$OUT" \
    "$((TOTAL - 50)) more tasks: --offset 50"
run "$CANCU_BIN" tasks --help
expect_grep "tasks --help names --limit" "$OUT" "--limit N"

finish
