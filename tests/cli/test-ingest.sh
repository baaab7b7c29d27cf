#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end: ingest keeps every plan. A cell too long for a term, a
# file changed to content another file has, files cancu does not read,
# and a kill mid-ingest: no plan is lost, nothing is reported added that
# is not in the archive, and nothing is passed over in silence.
# Run as: bash test-ingest.sh CANCU_BINARY CORPORA_DIR
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ------------------------------------------------ a cell longer than a term

# Six small plans with a task table; the fourth has a lead unit and an
# area of about 300 characters, as real plans have.
LONG=$TMP/long
mkdir -p "$LONG"
unit='Sở Nội vụ phối hợp với Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh'
long_unit="$unit; $unit; $unit"
for n in 1 2 3 4 5 6; do
    lead="Văn phòng Sở, tổ $n"
    area='Cải cách thể chế'
    if [ "$n" = 4 ]; then
        lead=$long_unit
        area="Lĩnh vực $long_unit"
    fi
    {
        printf 'SỞ NỘI VỤ\nKẾ HOẠCH\nThực hiện nhiệm vụ năm 2026, đợt %s\n' "$n"
        printf 'Căn cứ Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ.\n'
        printf 'PHỤ LỤC\nSTT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n'
        printf 'I\t%s\n1\tTriển khai nhiệm vụ đợt %s\t%s\tTrong năm 2026\n' \
            "$area" "$n" "$lead"
    } >"$LONG/plan-$n.txt"
done
check "the long cell is over 300 bytes" test "${#long_unit}" -gt 300

A=$TMP/a-long
expect_rc "six plans, one with a 300-character lead cell: exit 0" 0 \
    cn "$A" ingest --json "$LONG"
expect_jq "all six are added, none failed" "$OUT" \
    '.added == 6 and .failed == 0'
check "all six are in the archive" test "$(plan_count "$A")" -eq 6
run cn "$A" tasks --json --lead "ban quan ly du an dau tu"
expect_jq "tasks --lead finds the long lead unit" "$OUT" \
    '[.tasks[].plan_path] == ["'"$LONG"'/plan-4.txt"]'
run cn "$A" search --json 'area:"linh vuc so noi vu" nhiem vu'
expect_jq "search area: finds the long area" "$OUT" \
    '[.hits[].path] | unique == ["'"$LONG"'/plan-4.txt"]'
run cn "$A" search --json 'lead:"cong nghiep tinh" nhiem vu'
expect_jq "search lead: finds the long lead unit by a later part of it" \
    "$OUT" '[.hits[].path] | unique == ["'"$LONG"'/plan-4.txt"]'
expect_rc "the same ingest again: exit 0" 0 cn "$A" ingest --json "$LONG"
expect_jq "... and all six unchanged" "$OUT" '.unchanged == 6'
expect_rc "verify: every plan whole" 0 cn "$A" verify

# ---------------------------------------- an update to content known elsewhere

U=$TMP/update
mkdir -p "$U"
printf 'KẾ HOẠCH\nTinh giản biên chế năm 2026\n' >"$U/a.txt"
printf 'KẾ HOẠCH\nQuản lý ngân sách năm 2026\n' >"$U/b.txt"
A=$TMP/a-update
cn "$A" --quiet ingest "$U" >/dev/null
cp "$U/b.txt" "$U/a.txt"
expect_rc "a.txt changed to b.txt's content: exit 0" 0 \
    cn "$A" ingest --json "$U/a.txt"
expect_jq "... reported updated" "$OUT" '.updated == 1'
run cn "$A" search --json "tinh gian bien che"
expect_jq "... and a.txt's old words are gone" "$OUT" '.hits | length == 0'
check "... one plan left" test "$(plan_count "$A")" -eq 1

# ----------------------------------------------- files cancu does not read

S=$TMP/mixed
mkdir -p "$S/sub"
cp "$SAMPLE" "$S/plan.txt"
printf 'II*\0' >"$S/scan.tif"
printf 'x' >"$S/sub/old.ppt"
printf 'x' >"$S/sub/table.XLSX"
printf 'x' >"$S/README"
A=$TMP/a-mixed
expect_rc "a folder with one plan and four other files: exit 0" 0 \
    cn "$A" ingest "$S"
expect_grep "the summary counts the skipped files" "$OUT" \
    "1 added, 0 updated, 0 unchanged, 0 failed, 4 skipped"
expect_grep "... by extension" "$OUT" ".tif 1"
run cn "$A" ingest --verbose "$S"
expect_grep "--verbose names each skipped file" "$ERR" "$S/sub/old.ppt"
run cn "$A" ingest --json "$S"
expect_jq "--json lists them" "$OUT" \
    '.skipped.count == 4 and (.skipped.files | length) == 4
        and .skipped.by_extension[".xlsx"] == 1'
mkdir -p "$TMP/empty" "$TMP/no-plans"
printf 'x' >"$TMP/no-plans/notes.odt"
expect_rc "an empty folder: exit 0" 0 cn "$A" ingest "$TMP/empty"
expect_grep "... and it says so" "$ERR" "no DOCX, DOC, PDF or TXT file in this folder"
expect_rc "a folder without a plan: exit 0" 0 cn "$A" ingest "$TMP/no-plans"
expect_grep "... says so, with the files it skipped" "$ERR" \
    "no DOCX, DOC, PDF or TXT file in this folder (other files skipped)"

# --------------------------------------- added means committed, even if killed

K=$TMP/kill
mkdir -p "$K"
for ((n = 1; n <= 60; n++)); do
    {
        cat "$SAMPLE"
        printf '\nĐợt bổ sung số %d.\n' "$n"
    } >"$K/plan-$(printf %02d "$n").txt"
done
# How long a whole ingest takes here, to spread the kills over it.
now_us; start=$NOW_US
cn "$TMP/a-timing" --quiet ingest "$K" >/dev/null
now_us; full=$((NOW_US - start))
lost=0
kills=0
for ((i = 1; i <= 8; i++)); do
    A=$TMP/a-kill-$i
    cn "$A" ingest "$TMP/empty" >/dev/null 2>&1
    delay=$((full * i / 9))
    kill_after "$delay" "$TMP/kill.out" "$TMP/kill.err" \
        "$CANCU_BIN" --archive "$A" ingest "$K"
    [ "$KILLED" = true ] && kills=$((kills + 1))
    cn "$A" docs --json | jq -r '.documents[].path' | sort >"$TMP/kept"
    grep -E '^(added|updated) ' "$TMP/kill.out" | awk '{print $3}' |
        sort >"$TMP/said" || true
    missing=$(comm -23 "$TMP/said" "$TMP/kept" | wc -l)
    lost=$((lost + missing))
done
echo "# $kills of 8 ingests killed mid-way"
check "every plan printed as added is in the archive after a kill" \
    test "$lost" -eq 0

finish
