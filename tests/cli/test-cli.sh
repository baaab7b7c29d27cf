#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end tests of the cancu command line: ingest (added, unchanged,
# updated, bad input, other encodings), docs, search, rm, verify, extract,
# usage and exit codes. Run as:
#   bash test-cli.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

A=$TMP/archive
mkdir -p "$TMP/files"

# Vietnamese spellings whose difference is invisible on screen, written
# as bytes. The sample writes "chuẩn hoá" (the tone mark on the a).
CHUAN_HOA_QUERY=$(printf 'chu\xe1\xba\xa9n h\xc3\xb3a')   # chuẩn hóa, ó = U+00F3
CHUAN_HOA_SAMPLE=$(printf 'chu\xe1\xba\xa9n ho\xc3\xa1')  # chuẩn hoá, á = U+00E1
ND_CP_ETH=$(printf 'N\xc3\x90-CP')                        # Ð = U+00D0, Icelandic eth
ND_CP=$(printf 'N\xc4\x90-CP')                            # Đ = U+0110, Vietnamese d
TINH_GIAN=$(printf 'tinh gi\xe1\xba\xa3n bi\xc3\xaan ch\xe1\xba\xbf') # tinh giản biên chế

# ---------------------------------------------------------------- usage

expect_rc "--version exits 0" 0 "$CANCU_BIN" --version
if grep -Eq '^cancu [0-9]+\.[0-9]+\.[0-9]+' "$OUT"; then
    pass "--version prints 'cancu X.Y.Z'"
else
    fail "--version prints 'cancu X.Y.Z'" "got: $(head -c 200 "$OUT")"
fi

expect_rc "--help exits 0" 0 "$CANCU_BIN" --help
expect_grep "--help prints the usage" "$OUT" "usage: cancu"
for command in ingest search docs rm extract check graph registry cites tasks \
    refs verify compact; do
    expect_rc "$command --help exits 0" 0 "$CANCU_BIN" "$command" --help
    expect_grep "$command --help prints its usage" "$OUT" "usage: cancu $command"
done

expect_rc "an unknown command exits 2" 2 "$CANCU_BIN" --archive "$A" frobnicate
expect_grep "an unknown command is named on stderr" "$ERR" "frobnicate"
expect_rc "no command at all exits 2" 2 "$CANCU_BIN"
expect_rc "an unknown option exits 2" 2 "$CANCU_BIN" --archive "$A" docs --frobnicate

# Reading an archive that does not exist is an archive error, and
# creates nothing.
for command in docs verify "search plan"; do
    # shellcheck disable=SC2086 # "search plan" is two words on purpose
    expect_rc "$command on a missing archive exits 3" 3 cn "$TMP/missing" $command
done
check "reading a missing archive does not create it" test ! -e "$TMP/missing"
expect_rc "search on a missing archive exits 3 with --json too" 3 \
    cn "$TMP/missing" search plan --json

# ---------------------------------------------------------------- ingest

expect_rc "ingest of the sample exits 0" 0 cn "$A" ingest "$SAMPLE"
if grep -Eq "^added +[0-9a-f]{12} +$SAMPLE +\(UTF-8\)\$" "$OUT"; then
    pass "ingest reports the sample 'added' with its id, path and encoding"
else
    fail "ingest reports the sample 'added' with its id, path and encoding" \
         "got: $(cat "$OUT")"
fi
expect_grep "ingest prints the summary" "$OUT" \
    "1 added, 0 updated, 0 unchanged, 0 failed"
SHORT_ID=$(awk '$1 == "added" { print $2; exit }' "$OUT")

expect_rc "ingest of the same sample again exits 0" 0 \
    cn "$A" ingest --json "$SAMPLE"
cp "$OUT" "$TMP/again.json"
expect_jq "the same sample again is 'unchanged'" "$TMP/again.json" \
    '.files | length == 1 and .[0].result == "unchanged"'
expect_jq "the JSON summary counts 1 unchanged, 0 added" "$TMP/again.json" \
    '.unchanged == 1 and .added == 0 and .updated == 0 and .failed == 0'
expect_jq "the JSON report gives a 64-hex id, format and encoding" \
    "$TMP/again.json" \
    '.files[0] | (.id | test("^[0-9a-f]{64}$")) and .format == "txt"
                 and .encoding == "UTF-8" and .path == $p' --arg p "$SAMPLE"
SID=$(jq -r '.files[0].id' "$TMP/again.json")
expect_eq "the short id printed is the start of the full id" \
    "${SID:0:12}" "$SHORT_ID"

expect_rc "docs --json exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/docs1.json"
expect_jq "docs lists exactly 1 plan after two ingests of the sample" \
    "$TMP/docs1.json" '.documents | length == 1'
expect_jq "docs gives the sample's id and path" "$TMP/docs1.json" \
    '.documents[0] | .id == $id and .path == $p' --arg id "$SID" --arg p "$SAMPLE"
expect_jq "docs gives the sample's title" "$TMP/docs1.json" \
    '.documents[0].title == "Cải cách hành chính năm 2022"'
expect_jq "docs gives the sample's date, format and encoding" "$TMP/docs1.json" \
    '.documents[0] | .date == "2021-12" and .format == "txt" and .encoding == "UTF-8"'
expect_jq "docs counts the sample's parts" "$TMP/docs1.json" \
    '.documents[0] | .size > 0 and .paragraphs > 0 and .tables > 0
                     and .passages > 0 and .references > 0'
expect_jq "docs gives when it was ingested, ISO 8601 UTC" "$TMP/docs1.json" \
    '.documents[0].ingested | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")'

expect_rc "docs exits 0" 0 cn "$A" docs
expect_grep "docs shows the short id" "$OUT" "${SID:0:12}"
expect_grep "docs shows the title" "$OUT" "Cải cách hành chính năm 2022"

expect_rc "verify exits 0" 0 cn "$A" verify
expect_grep "verify says the archive is whole with 1 plan" "$OUT" \
    "archive is whole: 1 plan"

# Global options are accepted after the command, and from the environment.
expect_rc "global options after the command" 0 "$CANCU_BIN" docs --json --archive "$A"
expect_same "global options after the command give the same listing" \
    "$OUT" "$TMP/docs1.json"
run env CANCU_ARCHIVE="$A" "$CANCU_BIN" docs --json
expect_same "\$CANCU_ARCHIVE names the archive" "$OUT" "$TMP/docs1.json"
mkdir "$TMP/cwd"
cp "$SAMPLE" "$TMP/cwd/plan.txt"
run sh -c 'cd "$1" && "$2" -q ingest plan.txt' sh "$TMP/cwd" "$CANCU_BIN"
check "the default archive is ./cancu-archive" \
    test "$RC" -eq 0 -a -d "$TMP/cwd/cancu-archive"
expect_rc "--quiet ingest exits 0" 0 cn "$A" --quiet ingest "$SAMPLE"
check "--quiet ingest prints nothing" test ! -s "$OUT" -a ! -s "$ERR"

# ---------------------------------------------------------------- update

# A copy at another path: its content differs from the start, since a
# plan is identified by its content.
COPY=$TMP/files/copy.txt
{ cat "$SAMPLE"; printf '\n\nKế hoạch bổ sung số 1: khảo sát tại Kilimanjaro.\n'; } >"$COPY"
expect_rc "ingest of a changed copy exits 0" 0 cn "$A" ingest --json "$COPY"
cp "$OUT" "$TMP/copy1.json"
expect_jq "the changed copy is 'added'" "$TMP/copy1.json" \
    '.files[0].result == "added" and .added == 1'
COPY_ID1=$(jq -r '.files[0].id' "$TMP/copy1.json")
check "the changed copy has an id of its own" test "$COPY_ID1" != "$SID"
check "2 plans after the copy" test "$(plan_count "$A")" -eq 2

printf '\nKế hoạch bổ sung số 2: khảo sát tại Valparaiso.\n' >>"$COPY"
expect_rc "ingest of the copy, edited, exits 0" 0 cn "$A" ingest --json "$COPY"
cp "$OUT" "$TMP/copy2.json"
expect_jq "the edited copy is 'updated'" "$TMP/copy2.json" \
    '.files[0].result == "updated" and .updated == 1 and .added == 0'
COPY_ID=$(jq -r '.files[0].id' "$TMP/copy2.json")
check "the edited copy has a new id" test "$COPY_ID" != "$COPY_ID1"
expect_rc "docs after the update exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/docs2.json"
expect_jq "still 2 plans after the update" "$TMP/docs2.json" '.documents | length == 2'
expect_jq "docs lists the sample and the new copy, not the old copy" \
    "$TMP/docs2.json" \
    '[.documents[].id] | sort == ([$s, $c] | sort) and (index($old) | not)' \
    --arg s "$SID" --arg c "$COPY_ID" --arg old "$COPY_ID1"
expect_jq "the new copy keeps its path" "$TMP/docs2.json" \
    '.documents[] | select(.id == $c) | .path == $p' \
    --arg c "$COPY_ID" --arg p "$COPY"
expect_rc "search for the new paragraph exits 0" 0 cn "$A" search --json Valparaiso
expect_jq "the new paragraph is found, in the new copy" "$OUT" \
    '.total == 1 and .hits[0].plan == $c' --arg c "$COPY_ID"
expect_rc "search for the replaced text exits 0" 0 cn "$A" search --json Kilimanjaro
expect_jq "the new copy still has the first addition" "$OUT" \
    '.total == 1 and .hits[0].plan == $c' --arg c "$COPY_ID"
expect_rc "verify after the update exits 0" 0 cn "$A" verify
expect_grep "verify counts 2 plans" "$OUT" "archive is whole: 2 plans"

# Compacting answers the same, in no more room.
cn "$A" search --json 'tinh gian bien che' >"$TMP/before-compact.json"
cn "$A" docs --json >"$TMP/docs-before-compact.json"
expect_rc "compact exits 0" 0 cn "$A" compact --json
expect_jq "compact reports the archive no larger" "$OUT" \
    '.ok and .bytes_after > 0 and .bytes_after <= .bytes_before'
cn "$A" search --json 'tinh gian bien che' >"$TMP/after-compact.json"
cn "$A" docs --json >"$TMP/docs-after-compact.json"
expect_same "search answers the same after compact" \
    "$TMP/before-compact.json" "$TMP/after-compact.json"
expect_same "docs lists the same after compact" \
    "$TMP/docs-before-compact.json" "$TMP/docs-after-compact.json"
expect_rc "compact in text exits 0" 0 cn "$A" compact
if grep -Eq '^archive compacted: [0-9]+\.[0-9] MB to [0-9]+\.[0-9] MB$' "$OUT"; then
    pass "compact says what it did"
else
    fail "compact says what it did" "got: $(head -c 200 "$OUT")"
fi
check "compact leaves only the database in the archive folder" \
    test "$(ls "$A")" = xapian
expect_rc "compact with an argument exits 2" 2 cn "$A" compact extra
expect_rc "compact of a missing archive exits 3" 3 cn "$TMP/missing-c" compact
expect_rc "verify after compact exits 0" 0 cn "$A" verify

# ---------------------------------------------------------------- encodings

# The same text in other encodings and forms normalizes to the same plan.
U16=$TMP/files/utf16le-bom.txt
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$SAMPLE"; } >"$U16"
BOM=$TMP/files/utf8-bom.txt
{ printf '\xef\xbb\xbf'; cat "$SAMPLE"; } >"$BOM"
CRLF=$TMP/files/crlf.txt
sed 's/$/\r/' "$SAMPLE" >"$CRLF"
NFD=$TMP/files/nfd.txt
if command -v uconv >/dev/null 2>&1; then
    uconv -f UTF-8 -t UTF-8 -x nfd "$SAMPLE" >"$NFD"
else
    python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFD",
    open(sys.argv[1], encoding="utf-8").read()).encode("utf-8"))' "$SAMPLE" >"$NFD"
fi
check "the UTF-16LE copy differs from the sample" test "$(head -c 2 "$U16" | od -An -tx1 | tr -d ' ')" = fffe
check "the CRLF copy has CRs" grep -q $'\r' "$CRLF"
check "the NFD copy differs from the sample" \
    test "$(cmp -s "$SAMPLE" "$NFD"; echo $?)" -eq 1

for variant in "$U16:UTF-16LE" "$BOM:UTF-8" "$CRLF:UTF-8" "$NFD:UTF-8"; do
    file=${variant%:*} encoding=${variant##*:} name=${variant%:*}
    name=${name##*/}
    expect_rc "ingest of $name exits 0" 0 cn "$A" ingest --json "$file"
    expect_jq "$name is the sample, unchanged ($encoding)" "$OUT" \
        '.files[0] | .result == "unchanged" and .id == $id and .encoding == $e' \
        --arg id "$SID" --arg e "$encoding"
done
expect_rc "docs after the variants exits 0" 0 cn "$A" docs --json
expect_same "the variants left the listing as it was" "$OUT" "$TMP/docs2.json"

# Into an archive of their own: the first is added with the sample's id.
A2=$TMP/archive-variants
expect_rc "ingest of the 4 variants into a fresh archive exits 0" 0 \
    cn "$A2" ingest --json "$U16" "$BOM" "$CRLF" "$NFD"
expect_jq "in a fresh archive: 1 added, 3 unchanged, all the sample's id" "$OUT" \
    '.added == 1 and .unchanged == 3 and ([.files[].id] | unique == [$id])' \
    --arg id "$SID"

# ---------------------------------------------------------------- bad input

BIN=$TMP/files/binary.txt
{
    printf '\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00'
    for _ in 1 2 3 4; do
        for byte in $(seq 0 255); do
            printf '%b' "\\x$(printf %02x "$byte")"
        done
    done
} >"$BIN"
NUL=$TMP/files/nul-byte.txt
printf 'Kế hoạch cải cách\0 hành chính năm 2022\n' >"$NUL"
LATIN=$TMP/files/invalid-utf8.txt
printf 'K\xe1 ho\xe1ch caf\xc3\x28 n\xe3m 2022\n' >"$LATIN"
EMPTY=$TMP/files/empty.txt
: >"$EMPTY"
check "the binary file has NUL bytes" test "$(tr -d '\000' <"$BIN" | wc -c)" -lt "$(wc -c <"$BIN")"
check "the invalid UTF-8 file is not UTF-8" test "$(iconv -f UTF-8 -t UTF-8 "$LATIN" >/dev/null 2>&1; echo $?)" -ne 0

expect_rc "docs before the bad files exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/before.json"
archive_digest "$A" >"$TMP/before.digest"

for file in "$BIN" "$NUL" "$LATIN" "$EMPTY"; do
    name=${file##*/}
    expect_rc "ingest of $name exits 2" 2 cn "$A" ingest "$file"
    if [ "$(wc -l <"$ERR")" -eq 1 ] && grep -q "^cancu: $file: ." "$ERR"; then
        pass "$name: one line on stderr, 'cancu: PATH: reason'"
    else
        fail "$name: one line on stderr, 'cancu: PATH: reason'" \
             "stderr: $(head -c 300 "$ERR")"
    fi
    expect_grep "$name: the summary counts 1 failed" "$OUT" \
        "0 added, 0 updated, 0 unchanged, 1 failed"
    expect_rc "ingest --json of $name exits 2" 2 cn "$A" ingest --json "$file"
    expect_jq "$name: the JSON report says error" "$OUT" \
        '.failed == 1 and .added == 0 and (.files | length == 1)
         and .files[0].result == "error" and .files[0].path == $p
         and (.files[0].error | type == "string" and length > 0)' --arg p "$file"
done
expect_rc "docs after the bad files exits 0" 0 cn "$A" docs --json
expect_same "the bad files left the listing as it was" "$OUT" "$TMP/before.json"
archive_digest "$A" >"$TMP/after.digest"
expect_same "the bad files left the archive's files byte for byte" \
    "$TMP/before.digest" "$TMP/after.digest"
expect_rc "verify after the bad files exits 0" 0 cn "$A" verify

# A bad file among good ones: the good one is loaded, the status is 2.
GOOD=$TMP/files/good.txt
{ cat "$SAMPLE"; printf '\n\nKế hoạch bổ sung số 3: khảo sát tại Timbuktu.\n'; } >"$GOOD"
expect_rc "ingest of a good and a bad file exits 2" 2 cn "$A" ingest --json "$GOOD" "$EMPTY"
expect_jq "the good file is added, the bad one fails" "$OUT" \
    '.added == 1 and .failed == 1 and ([.files[].result] | sort == ["added", "error"])'
GOOD_ID=$(jq -r '.files[] | select(.result == "added") | .id' "$OUT")
check "3 plans after the good file" test "$(plan_count "$A")" -eq 3

# A folder: only *.txt, *.docx, *.doc and *.pdf are read, recursively, hidden
# entries not.
mkdir -p "$TMP/folder/sub" "$TMP/folder/.hidden"
{ cat "$SAMPLE"; printf '\nKế hoạch số 101.\n'; } >"$TMP/folder/sub/plan-101.txt"
{ cat "$SAMPLE"; printf '\nKế hoạch số 102.\n'; } >"$TMP/folder/plan-102.txt"
{ cat "$SAMPLE"; printf '\nKế hoạch số 103.\n'; } >"$TMP/folder/notes.md"
{ cat "$SAMPLE"; printf '\nKế hoạch số 104.\n'; } >"$TMP/folder/.hidden/plan-104.txt"
cp "$CORPORA_DIR/pdf/gialai-sgddt-cchc-2022.pdf" "$TMP/folder/sub/PLAN.PDF"
cp "$CORPORA_DIR/doc/gialai-sgddt-cchc-2022.doc" "$TMP/folder/sub/PLAN.DOC"
A3=$TMP/archive-folder
expect_rc "ingest of a folder exits 0" 0 cn "$A3" ingest --json "$TMP/folder"
expect_jq "the folder gives its 2 .txt files, its PDF and its .doc, recursively" "$OUT" \
    '.added == 4 and ([.files[].path] | sort == ([$a, $b, $c, $d] | sort))' \
    --arg a "$TMP/folder/sub/plan-101.txt" --arg b "$TMP/folder/plan-102.txt" \
    --arg c "$TMP/folder/sub/PLAN.PDF" --arg d "$TMP/folder/sub/PLAN.DOC"

# A scanned PDF: refused in one line without --ocr, archive unchanged;
# recognised with it, and shown as OCR in docs.
A4=$TMP/archive-scan
SCAN=$CORPORA_DIR/scan/gialai-sgddt-cchc-2022-p1.pdf
expect_rc "a scanned PDF without --ocr exits 2" 2 cn "$A4" ingest "$SCAN"
check "it says to read it with --ocr" grep -q -- "--ocr" "$ERR"
expect_rc "the same with --ocr exits 0" 0 cn "$A4" --ocr ingest --json "$SCAN"
expect_jq "the scanned PDF is added" "$OUT" '.added == 1'
expect_rc "docs after the OCR ingest exits 0" 0 cn "$A4" docs --json
expect_jq "docs marks it as recognised" "$OUT" \
    '.documents[0].format == "pdf" and .documents[0].encoding == "OCR"'
expect_rc "cites 602/QĐ-UBND finds the scan" 0 cn "$A4" cites --json "602/QĐ-UBND"
expect_jq "the recognised plan cites it" "$OUT" '.plans_total == 1'

# ---------------------------------------------------------------- search

expect_rc "search tinh gian bien che exits 0" 0 \
    cn "$A" search --json tinh gian bien che
cp "$OUT" "$TMP/s1.json"
expect_jq "tinh gian bien che: echoes the query" "$TMP/s1.json" \
    '.query == "tinh gian bien che" and .offset == 0'
expect_jq "tinh gian bien che: found" "$TMP/s1.json" '.total >= 1 and (.hits | length >= 1)'
expect_jq "tinh gian bien che: a hit's text has 'tinh giản biên chế'" "$TMP/s1.json" \
    'any(.hits[]; .text | contains($w))' --arg w "$TINH_GIAN"
expect_jq "tinh gian bien che: the snippets mark the match" "$TMP/s1.json" \
    'all(.hits[]; .snippet | contains("<mark>"))'
expect_jq "tinh gian bien che: a marked snippet of the accented words" "$TMP/s1.json" \
    'any(.hits[]; .snippet | test("<mark>[^<]*" + $w))' --arg w "$TINH_GIAN"
expect_jq "hits name their plan, title, path, section, kind, line, score" "$TMP/s1.json" \
    'all(.hits[]; (.plan | test("^[0-9a-f]{64}$")) and .plan_title != null
         and (.path | type == "string") and (.section | type == "string")
         and (.kind | type == "string") and (.line | type == "number")
         and (.score | type == "number"))'

expect_rc "search 'chuẩn hóa' exits 0" 0 cn "$A" search --json "$CHUAN_HOA_QUERY"
expect_jq "chuẩn hóa: found" "$OUT" '.total >= 1'
expect_jq "chuẩn hóa: finds the passage spelled 'chuẩn hoá'" "$OUT" \
    'any(.hits[]; .text | contains($w))' --arg w "$CHUAN_HOA_SAMPLE"
expect_jq "chuẩn hóa: that passage's snippet marks the words" "$OUT" \
    'any(.hits[]; (.text | contains($w)) and (.snippet | contains("<mark>" + $w)))' \
    --arg w "$CHUAN_HOA_SAMPLE"

expect_rc "search 'NÐ-CP' typed with U+00D0 exits 0" 0 cn "$A" search --json "$ND_CP_ETH"
expect_jq "NÐ-CP: found" "$OUT" '.total >= 1'
expect_jq "NÐ-CP: a hit's text has 'NĐ-CP' (U+0110)" "$OUT" \
    'any(.hits[]; .text | contains($w))' --arg w "$ND_CP"
expect_jq "NÐ-CP: the snippets mark the match" "$OUT" \
    'any(.hits[]; .snippet | contains("<mark>"))'

expect_rc "search without --json exits 0" 0 cn "$A" search tinh gian bien che
expect_grep "search prints the plan's short id" "$OUT" "${SID:0:12}"
check "search prints no <mark> markup" bash -c '! grep -q "<mark>" "$1"' _ "$OUT"

expect_rc "search for a word found nowhere exits 0" 0 cn "$A" search --json xyzzyplugh
expect_jq "a word found nowhere: total 0, no hits" "$OUT" '.total == 0 and .hits == []'

expect_rc "search --limit 1 exits 0" 0 cn "$A" search --json --limit 1 "$TINH_GIAN"
cp "$OUT" "$TMP/l1.json"
expect_rc "search --limit 20 exits 0" 0 cn "$A" search --json --limit 20 "$TINH_GIAN"
cp "$OUT" "$TMP/l20.json"
expect_rc "search --offset 1 --limit 1 exits 0" 0 \
    cn "$A" search --json --offset 1 --limit 1 "$TINH_GIAN"
cp "$OUT" "$TMP/o1.json"
expect_jq "there are several hits to page through" "$TMP/l20.json" \
    '.total >= 2 and (.hits | length >= 2)'
expect_jq "--limit 1 gives one hit, the first" "$TMP/l1.json" \
    '.hits | length == 1 and .[0] == $all[0].hits[0]' --slurpfile all "$TMP/l20.json"
expect_jq "--offset 1 --limit 1 gives the second hit" "$TMP/o1.json" \
    '.offset == 1 and (.hits | length == 1) and .hits[0] == $all[0].hits[1]' \
    --slurpfile all "$TMP/l20.json"
expect_rc "search --limit with no number exits 2" 2 cn "$A" search --limit
expect_rc "search --limit abc exits 2" 2 cn "$A" search --limit abc plan

# Passages spelled exactly as typed rank first, whatever the ingest order.
plan_text() {
    printf 'KẾ HOẠCH\nCải cách hành chính năm 2023\n\nI. MỤC TIÊU\n\n'
    printf '1. Tiếp tục %s quy trình nghiệp vụ của các phòng chuyên môn.\n' "$1"
}
plan_text "$CHUAN_HOA_QUERY" >"$TMP/files/accented.txt"
plan_text "chuan hoa" >"$TMP/files/plain.txt"
R1=$TMP/archive-rank1
R2=$TMP/archive-rank2
expect_rc "ingest of the unaccented, then the accented plan" 0 \
    cn "$R1" ingest --json "$TMP/files/plain.txt" "$TMP/files/accented.txt"
ACCENTED_ID=$(jq -r '.files[1].id' "$OUT")
PLAIN_ID=$(jq -r '.files[0].id' "$OUT")
expect_rc "ingest of the accented, then the unaccented plan" 0 \
    cn "$R2" ingest -q "$TMP/files/accented.txt" "$TMP/files/plain.txt"
expect_rc "search 'chuẩn hóa' in both plans exits 0" 0 \
    cn "$R1" search --json "$CHUAN_HOA_QUERY"
expect_jq "'chuẩn hóa' finds both plans, the accented one first" "$OUT" \
    '.total == 2 and .hits[0].plan == $a and .hits[1].plan == $p' \
    --arg a "$ACCENTED_ID" --arg p "$PLAIN_ID"
expect_rc "search 'chuan hoa' in both plans exits 0" 0 cn "$R2" search --json chuan hoa
expect_jq "'chuan hoa' finds both plans, the unaccented one first" "$OUT" \
    '.total == 2 and .hits[0].plan == $p and .hits[1].plan == $a' \
    --arg a "$ACCENTED_ID" --arg p "$PLAIN_ID"

# A passage as typed ranks first across plans: one plan has the phrase
# without accents in one paragraph and its accented words, many times,
# in others; the other has the phrase as typed once, among 40 paragraphs.
long_plan() {  # TITLE K PARAGRAPH-K SCATTER(yes/no)
    printf 'KẾ HOẠCH\n%s\n\nI. NHIỆM VỤ\n\n' "$1"
    for k in $(seq 1 40); do
        case $4:$k in
        *:"$2") printf '%d. %s\n' "$k" "$3" ;;
        yes:*[05]) printf '%d. Tiếp tục tinh giản bộ máy, tinh giản đầu mối.\n' "$k" ;;
        yes:*[27]) printf '%d. Quản lý biên chế được giao, biên chế sự nghiệp.\n' "$k" ;;
        *:*[13579]) printf '%d. Nâng cao chất lượng đội ngũ cán bộ, công chức.\n' "$k" ;;
        *) printf '%d. Công khai kết quả giải quyết hồ sơ của người dân.\n' "$k" ;;
        esac
    done
}
long_plan "Sắp xếp bộ máy" 4 "Xây dựng đề án tinh gian bien che của đơn vị." \
    yes >"$TMP/files/scattered.txt"
long_plan "Tổ chức bộ máy" 23 "Thực hiện $TINH_GIAN theo lộ trình." no \
    >"$TMP/files/typed.txt"
R3=$TMP/archive-rank3
expect_rc "ingest of a plan with the words scattered, one with them typed" 0 \
    cn "$R3" ingest --json "$TMP/files/scattered.txt" "$TMP/files/typed.txt"
TYPED_ID=$(jq -r '.files[1].id' "$OUT")
SCATTERED_ID=$(jq -r '.files[0].id' "$OUT")
expect_rc "search '$TINH_GIAN' across the two plans exits 0" 0 \
    cn "$R3" search --json "$TINH_GIAN"
expect_jq "'$TINH_GIAN' ranks the passage as typed first" "$OUT" \
    '.total == 2 and .hits[0].plan == $t and .hits[1].plan == $s
     and (.hits[1].text | test("tinh gian bien che"))' \
    --arg t "$TYPED_ID" --arg s "$SCATTERED_ID"
expect_rc "search --offset 1 --limit 1 '$TINH_GIAN' exits 0" 0 \
    cn "$R3" search --json --offset 1 --limit 1 "$TINH_GIAN"
expect_jq "its second page is the folded passage" "$OUT" \
    '(.hits | length) == 1 and .hits[0].plan == $s' --arg s "$SCATTERED_ID"
expect_rc "search 'tinh gian bien che' across the two plans exits 0" 0 \
    cn "$R3" search --json tinh gian bien che
expect_jq "'tinh gian bien che' finds both, the unaccented passage first" \
    "$OUT" '.total == 2 and .hits[0].plan == $s and .hits[1].plan == $t' \
    --arg t "$TYPED_ID" --arg s "$SCATTERED_ID"

# ---------------------------------------------------------------- rm

expect_rc "docs before rm exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/before-rm.json"
expect_rc "rm of an unknown path exits 2" 2 cn "$A" rm "$TMP/files/no-such-plan.txt"
check "rm of an unknown path says so on stderr" test -s "$ERR"
expect_rc "rm of an unknown id exits 2" 2 cn "$A" rm 0000000000000000000000000000000000000000000000000000000000000000
expect_rc "rm of a known and an unknown plan exits 2" 2 \
    cn "$A" rm "$COPY_ID" "$TMP/files/no-such-plan.txt"
expect_rc "rm of a 5-digit prefix exits 2" 2 cn "$A" rm "${COPY_ID:0:5}"
expect_rc "docs after the failed rm's exits 0" 0 cn "$A" docs --json
expect_same "the failed rm's removed nothing" "$OUT" "$TMP/before-rm.json"
expect_rc "search after the failed rm's exits 0" 0 cn "$A" search --json Valparaiso
expect_jq "the plan a failed rm named still has its passages" "$OUT" \
    '.total == 1 and .hits[0].plan == $c' --arg c "$COPY_ID"
expect_rc "verify after the failed rm's exits 0" 0 cn "$A" verify

expect_rc "rm by a 6-digit id prefix exits 0" 0 cn "$A" rm "${COPY_ID:0:6}"
expect_grep "rm names the plan it removed" "$OUT" "$COPY_ID"
expect_rc "rm by path exits 0" 0 cn "$A" rm --json "$GOOD"
expect_jq "rm --json lists the removed id" "$OUT" '.removed == [$id]' --arg id "$GOOD_ID"
expect_rc "docs after rm exits 0" 0 cn "$A" docs --json
expect_jq "only the sample is left" "$OUT" \
    '[.documents[].id] == [$id]' --arg id "$SID"
expect_rc "rm of a removed plan exits 2" 2 cn "$A" rm "$COPY_ID"
expect_rc "search after rm exits 0" 0 cn "$A" search --json Valparaiso
expect_jq "the removed plan's passages are not found" "$OUT" '.total == 0'
expect_rc "verify after rm exits 0" 0 cn "$A" verify
expect_grep "verify counts 1 plan after rm" "$OUT" "archive is whole: 1 plan"
expect_rc "a removed plan can be ingested again" 0 cn "$A" ingest --json "$COPY"
expect_jq "the plan ingested again is 'added' with its id" "$OUT" \
    '.files[0].result == "added" and .files[0].id == $id' --arg id "$COPY_ID"

# ---------------------------------------------------------------- extract

expect_rc "extract of the sample exits 0" 0 "$CANCU_BIN" extract "$SAMPLE"
expect_grep "extract prints the title" "$OUT" "Cải cách hành chính năm 2022"
expect_rc "extract --json of the sample exits 0" 0 "$CANCU_BIN" extract --json "$SAMPLE"
expect_jq "extract --json gives the id, title and blocks" "$OUT" \
    '.id == $id and .title == "Cải cách hành chính năm 2022"
     and (.blocks | length > 0) and (.references | length > 0)' --arg id "$SID"
expect_rc "extract of the UTF-16 copy exits 0" 0 "$CANCU_BIN" extract --json "$U16"
expect_jq "extract of the UTF-16 copy gives the same id" "$OUT" '.id == $id' --arg id "$SID"
expect_rc "extract of an empty file exits 2" 2 "$CANCU_BIN" extract "$EMPTY"
expect_rc "extract of several files, one bad, exits 2" 2 \
    "$CANCU_BIN" extract --json "$SAMPLE" "$EMPTY" "$U16"
expect_jq "extract --json of several: one JSON line per readable file" "$OUT" \
    'length == 2 and all(.[]; .plan.year == 2022)' --slurp
check "extract --json of several: the two good ones, in order" \
    test "$(jq -r .id "$OUT" | tr '\n' ' ')" = "$SID $SID "
expect_grep "extract of several names the bad one" "$ERR" "$(basename "$EMPTY")"
expect_rc "extract of several as text" 0 "$CANCU_BIN" extract "$SAMPLE" "$U16"
check "extract of several as text: a '==> FILE <==' line for each" \
    test "$(grep -c '^==> .* <==$' "$OUT")" -eq 2
expect_rc "extract of a missing file exits 2" 2 "$CANCU_BIN" extract "$TMP/files/no-such.txt"

# --- progress on a terminal, silence when piped -----------------------------
if command -v script >/dev/null 2>&1; then
    PROG=$TMP/progress
    script -qec "'$CANCU_BIN' --archive '$TMP/progress-archive' ingest '$SAMPLE'" \
        /dev/null >"$PROG" 2>&1 || true
    if grep -qE '1/1 files +[0-9.]+ MB/s' "$PROG"; then
        pass "ingest on a terminal shows files done of total and MB/s"
    else
        fail "ingest on a terminal shows files done of total and MB/s" \
            "$(head -c 300 "$PROG")"
    fi
    "$CANCU_BIN" --archive "$TMP/progress-archive2" ingest "$SAMPLE" \
        >"$OUT" 2>"$ERR"
    if grep -q 'MB/s' "$OUT" "$ERR"; then
        fail "ingest piped shows no progress" "$(cat "$OUT" "$ERR")"
    else
        pass "ingest piped shows no progress"
    fi
    script -qec "'$CANCU_BIN' --archive '$TMP/progress-archive3' --quiet ingest '$SAMPLE'" \
        /dev/null >"$PROG" 2>&1 || true
    if grep -q 'MB/s' "$PROG"; then
        fail "--quiet on a terminal shows no progress" "$(cat "$PROG")"
    else
        pass "--quiet on a terminal shows no progress"
    fi
fi

# --- refs: the references of a file and of a plan in the archive ----------
REFS_ARCHIVE=$TMP/refs-archive
run "$CANCU_BIN" refs --json "$SAMPLE"
cp "$OUT" "$TMP/refs-file.json"
check "refs FILE exits 0" test "$RC" -eq 0
expect_jq "refs FILE: 16/2015/NĐ-CP, 60/2021/NĐ-CP with its date, 18-NQ/TW" \
    "$TMP/refs-file.json" '[.references[].id] as $ids
     | ($ids | index("16/2015/NĐ-CP")) != null
       and ($ids | index("18-NQ/TW")) != null
       and ([.references[] | select(.id == "60/2021/NĐ-CP") | .date]
            | index("2021-06-21")) != null'
expect_jq "refs FILE: the year typo and the missing year are problems" \
    "$TMP/refs-file.json" '[.problems[] | "\(.kind) \(.id)"] as $p
     | ($p | index("year-mismatch 138/2002/NĐ-CP")) != null
       and ($p | index("missing-year 106/2020/NĐ-CP")) != null'
expect_jq "refs FILE: 32/2020/NĐ-CP amends 59/2012/NĐ-CP" \
    "$TMP/refs-file.json" '[.relations[] | "\(.source) \(.kind) \(.target)"]
     | index("32/2020/NĐ-CP amends 59/2012/NĐ-CP") != null'
"$CANCU_BIN" --archive "$REFS_ARCHIVE" --quiet ingest "$SAMPLE" >/dev/null
run "$CANCU_BIN" --archive "$REFS_ARCHIVE" refs --json "${SID:0:10}"
cp "$OUT" "$TMP/refs-plan.json"
check "refs PLAN-ID exits 0" test "$RC" -eq 0
expect_jq "refs PLAN-ID gives what refs FILE gives" "$TMP/refs-plan.json" \
    '[.references[].key] == [$f[0].references[].key]
     and .problems == $f[0].problems and .relations == $f[0].relations' \
    --slurpfile f "$TMP/refs-file.json"
run "$CANCU_BIN" --archive "$REFS_ARCHIVE" refs ffffff
check "refs of an unknown plan exits 2" test "$RC" -eq 2


# The PDF, OCR and .doc readers are modules the library loads on the first
# such file (ingest/readers.h): a command that reads none never maps
# poppler, Tesseract or libgsf, and without the modules such a file gets
# one line naming what is missing while the others read as before.
PDF_SAMPLE=$CORPORA_DIR/pdf/gialai-sgddt-cchc-2022.pdf
TXT_SAMPLE=$CORPORA_DIR/default/gialai-sgddt-cchc-2022.txt
LD_DEBUG=files "$CANCU_BIN" extract "$TXT_SAMPLE" >/dev/null 2>"$TMP/ld-txt"
LD_DEBUG=files "$CANCU_BIN" extract "$PDF_SAMPLE" >/dev/null 2>"$TMP/ld-pdf"
check "extract of a TXT loads no PDF, OCR or .doc library" \
    bash -c "! grep -qE 'libpoppler|libtesseract|libgsf' '$TMP/ld-txt'"
expect_grep "extract of a PDF loads poppler" "$TMP/ld-pdf" "libpoppler"
# The DOCX reader too: libzip (and its libcrypto) and libxml2.
DOCX_SAMPLE=$CORPORA_DIR/default/gialai-sgddt-cchc-2022.docx
LD_DEBUG=files "$CANCU_BIN" extract "$DOCX_SAMPLE" >/dev/null 2>"$TMP/ld-docx"
check "extract of a TXT loads no libzip or libxml2" \
    bash -c "! grep -qE 'libzip|libxml2' '$TMP/ld-txt'"
expect_grep "extract of a DOCX loads libzip" "$TMP/ld-docx" "libzip"
expect_grep "extract of a DOCX loads libxml2" "$TMP/ld-docx" "libxml2"
check "extract of a DOCX loads no PDF, OCR or .doc library" \
    bash -c "! grep -qE 'libpoppler|libtesseract|libgsf' '$TMP/ld-docx'"
check "extract of a PDF with a text layer loads no Tesseract" \
    bash -c "! grep -q libtesseract '$TMP/ld-pdf'"
mkdir -p "$TMP/moved"
cp "$CANCU_BIN" "$TMP/moved/cancu"
if [ ! -e /usr/local/lib/cancu-readers ] && [ ! -e /usr/lib/cancu-readers ]; then
    expect_rc "a PDF without the reader module exits 2" 2 \
        env -u CANCU_READER_DIR "$TMP/moved/cancu" extract "$PDF_SAMPLE"
    expect_eq "its message is one line" "$(wc -l <"$ERR")" 1
    expect_grep "its message names the module" "$ERR" "PDF reader (pdf.so)"
    expect_rc "a TXT reads without the modules" 0 \
        env -u CANCU_READER_DIR "$TMP/moved/cancu" extract "$TXT_SAMPLE"
    expect_rc "a DOCX without the reader module exits 2" 2 \
        env -u CANCU_READER_DIR "$TMP/moved/cancu" extract "$DOCX_SAMPLE"
    expect_eq "its message is one line" "$(wc -l <"$ERR")" 1
    expect_grep "its message names the module" "$ERR" "DOCX reader (docx.so)"
fi

finish
