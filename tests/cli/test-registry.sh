#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end tests of 'cancu registry': importing the shipped registry and
# files with bad rows, show (with --as-of) and list, exit codes, and the
# registry travelling with a copy of the archive. Run as:
#   bash test-registry.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

A=$TMP/archive
REGISTRY=$CORPORA_DIR/registry/vn-legal-status.tsv
ND16=$(printf '16/2015/N\xc4\x90-CP')   # 16/2015/NĐ-CP, Đ = U+0110
ND60=$(printf '60/2021/N\xc4\x90-CP')
ND29=$(printf '29/2023/N\xc4\x90-CP')
ND108=$(printf '108/2014/N\xc4\x90-CP')

# ---------------------------------------------------------------- usage

expect_rc "registry --help exits 0" 0 "$CANCU_BIN" registry --help
expect_grep "registry --help prints its usage" "$OUT" "usage: cancu registry"
expect_rc "registry without a subcommand exits 2" 2 cn "$A" registry
expect_rc "an unknown subcommand exits 2" 2 cn "$A" registry frobnicate
expect_rc "show without a document exits 2" 2 cn "$A" registry show
expect_rc "--as-of with list exits 2" 2 cn "$A" registry list --as-of 2021
expect_rc "show with no archive yet answers from the built-in registry" 0 \
    cn "$TMP/missing" registry show "$ND16"
expect_grep "... where 16/2015/NĐ-CP is replaced by 60/2021/NĐ-CP" "$OUT" \
    "replaced by $ND60 from 2021-08-15"
expect_grep "... saying where that comes from" "$OUT" \
    "the registry shipped with cancu (vn-legal-status.tsv:"
check "reading a missing archive does not create it" test ! -e "$TMP/missing"
expect_rc "show --as-of today works" 0 \
    cn "$TMP/missing" registry show "$ND16" --as-of today
expect_grep "... as of the clock's date" "$OUT" "as of $(date +%F): replaced"
expect_rc "show --as-of with an impossible day exits 2" 2 \
    cn "$TMP/missing" registry show "$ND16" --as-of 30/02/2021
expect_rc "list with no archive lists the built-in registry" 0 \
    cn "$TMP/missing" registry list
check "... all 25 records, each marked shipped" \
    test "$(grep -c ' shipped ' "$OUT")" -eq 25

# ---------------------------------------------------------------- import

expect_rc "import of the shipped registry exits 0" 0 \
    cn "$A" registry import "$REGISTRY"
expect_grep "every shipped row is imported" "$OUT" \
    "25 added, 0 updated, 0 unchanged, 0 rejected"
expect_rc "import of the same file again exits 0" 0 \
    cn "$A" registry import --json "$REGISTRY"
cp "$OUT" "$TMP/again.json"
expect_jq "the same file again is all unchanged" "$TMP/again.json" \
    '.unchanged == 25 and .added == 0 and .updated == 0 and .rejected == 0'

# ---------------------------------------------------------------- show

expect_rc "show of a replaced decree exits 0" 0 \
    cn "$A" registry show 16/2015/ND-CP --as-of 2021-12-15
expect_grep "show names the replacement and its date" "$OUT" \
    "replaced by $ND60 from 2021-08-15"
expect_grep "show gives the standing as of the date" "$OUT" \
    "as of 2021-12-15: replaced by $ND60 from 2021-08-15"
expect_grep "show gives the source" "$OUT" "https://vietlawonline.com/"

run cn "$A" registry show "$ND16" --as-of 2021-06-01 --json
cp "$OUT" "$TMP/16-june.json"
expect_jq "16/2015 was in force on 2021-06-01" "$TMP/16-june.json" \
    '.entries | length == 1 and .[0].id == $id and .[0].confidence == "verified"
     and .[0].as_of.status == "in-force"' --arg id "$ND16"

run cn "$A" registry show "$ND108" --as-of 2021-12 --json
cp "$OUT" "$TMP/108-2021.json"
expect_jq "108/2014 was amended twice in December 2021" "$TMP/108-2021.json" \
    '.entries[0].as_of | .status == "amended" and (.amended_by | length) == 2'
run cn "$A" registry show "$ND108" --as-of 2024-01-01 --json
cp "$OUT" "$TMP/108-2024.json"
expect_jq "108/2014 was replaced by 29/2023 on 2024-01-01" "$TMP/108-2024.json" \
    '.entries[0].as_of | .status == "replaced" and .replaced_by == $by
     and .replaced_on == "2023-07-20"' --arg by "$ND29"

run cn "$A" registry show 18-NQ/TW --json
cp "$OUT" "$TMP/18.json"
expect_jq "a Party number without its year finds its candidates" "$TMP/18.json" \
    '[.entries[].id] == ["18-NQ/TW:2017"]'

expect_rc "an unknown document exits 2" 2 cn "$A" registry show 999/2099/ND-CP
expect_grep "an unknown document is named on stderr" "$ERR" "999/2099"
expect_rc "a date that is not a date exits 2" 2 \
    cn "$A" registry show "$ND16" --as-of 2021-02-30

# ---------------------------------------------------------------- bad rows

{
    printf '# One good row, one bad.\n'
    printf 'id\ttype\tissuer\tsigned\tin_force\ttitle\tstatus\treplaced_by\t'
    printf 'replaced_on\tamended_by\trepealed_on\texpired_on\tsource\tconfidence\n'
    printf '12/2019/ND-CP\t\t\t2019-13-01\t\t\tunknown\t\t\t\t\t\t\tpartial\n'
    printf '13/2019/ND-CP\t\t\t2019-02-01\t\t\tunknown\t\t\t\t\t\t\tpartial\n'
} >"$TMP/bad.tsv"
expect_rc "a file with a bad row exits 2" 2 cn "$A" registry import "$TMP/bad.tsv"
expect_grep "the bad row is named with its line" "$ERR" \
    "bad.tsv:3: signed: date '2019-13-01' is not a date"
expect_grep "the good row is counted" "$OUT" \
    "1 added, 0 updated, 0 unchanged, 1 rejected"
expect_rc "the good row was imported" 0 cn "$A" registry show 13/2019/ND-CP
expect_rc "the bad row was not" 2 cn "$A" registry show 12/2019/ND-CP

run cn "$A" registry list --json
cp "$OUT" "$TMP/list.json"
expect_jq "list gives every record" "$TMP/list.json" '.entries | length == 26'
expect_rc "list exits 0" 0 cn "$A" registry list
expect_grep "list counts the records" "$OUT" "26 records"

# ---------------------------------------------------------------- copies

cp -r "$A" "$TMP/copy"
expect_rc "a copy of the archive carries the registry" 0 \
    cn "$TMP/copy" registry show "$ND16" --json
cp "$OUT" "$TMP/copy.json"
expect_jq "the copy has the same record" "$TMP/copy.json" \
    '.entries[0].replaced_by == $by' --arg by "$ND60"

# The registry lives beside the plans without disturbing them.
expect_rc "ingest into an archive with a registry exits 0" 0 \
    cn "$A" ingest "$SAMPLE"
expect_rc "verify still passes" 0 cn "$A" verify
run cn "$A" registry list --json
cp "$OUT" "$TMP/list2.json"
expect_jq "the registry is intact after ingest" "$TMP/list2.json" \
    '.entries | length == 26'

finish
