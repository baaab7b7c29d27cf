#!/usr/bin/env bash
# End-to-end: the command line in Vietnamese (po/vi.po through gettext).
# With a Vietnamese locale, help texts, messages (the library's too,
# cancu_error_last()) and text headings are Vietnamese; otherwise
# English; exit codes and --json output are the same byte for byte in
# both, a library error's text that the JSON carries (ingest's "error"
# of a file it could not read) included. The catalog translates every
# message the sources mark, none fuzzy. Run as:
#   bash test-gettext.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
#
# glibc honours LANGUAGE=vi whenever the locale is not "C", so
# LANGUAGE=vi with LC_ALL=C.UTF-8 (always there) stands for a
# Vietnamese locale; LANG=vi_VN.UTF-8 is tried too, with the system's
# locale or one localedef builds for the test.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PO_DIR=$(cd "$CORPORA_DIR/../po" && pwd)
SRC_DIR=$(dirname "$PO_DIR")
A=$TMP/archive
unset CANCU_LOCALEDIR

vi() { LANGUAGE=vi LC_ALL=C.UTF-8 "$@"; }
en() { LANGUAGE='' LC_ALL=C LANG=C "$@"; }

# ---------------------------------------------------------------- help

expect_rc "--help in Vietnamese exits 0" 0 vi "$CANCU_BIN" --help
expect_grep "--help is Vietnamese" "$OUT" \
    "cách dùng: cancu [--archive THƯ-MỤC]"
expect_grep "the command table's summaries are Vietnamese" "$OUT" \
    "ingest    nạp tệp hoặc thư mục kế hoạch vào kho lưu trữ"
expect_rc "--help with LANG=C exits 0" 0 en "$CANCU_BIN" --help
expect_grep "--help with LANG=C is English" "$OUT" \
    "usage: cancu [--archive DIR]"
expect_grep "the summaries with LANG=C are English" "$OUT" \
    "ingest    load plan files or folders into the archive"
# Only a Vietnamese locale switches: LANGUAGE alone, in the C locale, not.
expect_rc "LANGUAGE=vi in the C locale exits 0" 0 \
    env LANGUAGE=vi LC_ALL=C "$CANCU_BIN" --help
expect_grep "LANGUAGE=vi in the C locale stays English" "$OUT" "usage: cancu"

for command in ingest search docs rm extract check graph registry cites tasks \
    refs verify serve; do
    expect_rc "$command --help in Vietnamese exits 0" 0 \
        vi "$CANCU_BIN" "$command" --help
    expect_grep "$command --help is Vietnamese" "$OUT" \
        "cách dùng: cancu $command"
done

# LANG=vi_VN.UTF-8: the system's locale when generated, else one built
# here from glibc's sources (Debian's locales package) and found through
# LOCPATH.
LOCALE_PATH=()
if ! locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\?8' &&
    command -v localedef >/dev/null && mkdir -p "$TMP/locales" &&
    localedef -i vi_VN -f UTF-8 "$TMP/locales/vi_VN.UTF-8" >/dev/null 2>&1
then
    LOCALE_PATH=("LOCPATH=$TMP/locales")
fi
if locale -a 2>/dev/null | grep -qix 'vi_VN\.utf-\?8' ||
    [ "${#LOCALE_PATH[@]}" -gt 0 ]; then
    expect_rc "--help with LANG=vi_VN.UTF-8 exits 0" 0 \
        env -u LANGUAGE -u LC_ALL "${LOCALE_PATH[@]}" LANG=vi_VN.UTF-8 \
        "$CANCU_BIN" --help
    expect_grep "--help with LANG=vi_VN.UTF-8 is Vietnamese" "$OUT" \
        "cách dùng: cancu"
    expect_rc "an error with LANG=vi_VN.UTF-8 exits 2" 2 \
        env -u LANGUAGE -u LC_ALL "${LOCALE_PATH[@]}" LANG=vi_VN.UTF-8 \
        "$CANCU_BIN" --archive "$A" frobnicate
    expect_grep "an error with LANG=vi_VN.UTF-8 is Vietnamese" "$ERR" \
        "không có lệnh 'frobnicate'"
    # The language is LC_MESSAGES's: set to C, the words are English.
    expect_rc "LC_MESSAGES=C under LANG=vi_VN.UTF-8 exits 0" 0 \
        env -u LANGUAGE -u LC_ALL "${LOCALE_PATH[@]}" LANG=vi_VN.UTF-8 \
        LC_MESSAGES=C "$CANCU_BIN" --help
    expect_grep "LC_MESSAGES=C under LANG=vi_VN.UTF-8 is English" "$OUT" \
        "usage: cancu"
else
    echo "# skip: LANG=vi_VN.UTF-8 (no such locale, and localedef cannot make it)"
fi

# ---------------------------------------------------------------- errors

expect_rc "an unknown command in Vietnamese exits 2" 2 \
    vi "$CANCU_BIN" --archive "$A" frobnicate
expect_grep "the unknown command's message is Vietnamese" "$ERR" \
    "cancu: không có lệnh 'frobnicate' (xem 'cancu --help')"
expect_rc "an unknown command with LANG=C exits 2" 2 \
    en "$CANCU_BIN" --archive "$A" frobnicate
expect_grep "the unknown command's message with LANG=C is English" "$ERR" \
    "cancu: unknown command 'frobnicate' (see 'cancu --help')"
expect_rc "an unknown option in Vietnamese exits 2" 2 \
    vi "$CANCU_BIN" --archive "$A" docs --frobnicate
expect_grep "the unknown option's message is Vietnamese" "$ERR" \
    "docs: không có tùy chọn '--frobnicate'"
expect_rc "a bad count in Vietnamese exits 2" 2 \
    vi "$CANCU_BIN" --archive "$A" search --limit x plan
expect_grep "the bad count's message is Vietnamese" "$ERR" \
    "--limit nhận một số nguyên, không nhận 'x'"
expect_rc "a missing operand in Vietnamese exits 2" 2 \
    vi "$CANCU_BIN" --archive "$A" ingest
expect_grep "the missing operand's message is Vietnamese" "$ERR" \
    "ingest: hãy nêu ít nhất một tệp hoặc thư mục"
expect_rc "a missing archive in Vietnamese exits 3, as in English" 3 \
    vi "$CANCU_BIN" --archive "$TMP/missing" docs

# The library's messages (cancu_error_last(), translated in the same
# text domain by cancu_error__set): Vietnamese with the Vietnamese
# locale, the English text unchanged otherwise, the exit code the same.
# both_languages DESC RC VIETNAMESE ENGLISH COMMAND...
both_languages() {
    local desc=$1 want=$2 vi_text=$3 en_text=$4
    shift 4
    expect_rc "$desc in Vietnamese exits $want" "$want" vi "$@"
    expect_grep "$desc is Vietnamese" "$ERR" "cancu: $vi_text"
    if grep -qF -- "$en_text" "$ERR"; then
        fail "$desc has no English left" "$(head -c 300 "$ERR")"
    else
        pass "$desc has no English left"
    fi
    expect_rc "$desc with LANG=C exits $want" "$want" en "$@"
    expect_grep "$desc with LANG=C is English" "$ERR" "cancu: $en_text"
}
both_languages "the library's missing archive" 3 \
    "không có kho lưu trữ tại $TMP/missing (hãy tạo bằng lệnh 'cancu ingest')" \
    "no archive at $TMP/missing (create one with 'cancu ingest')" \
    "$CANCU_BIN" --archive "$TMP/missing" docs
BROKEN=$CORPORA_DIR/broken
both_languages "a file that is not a plan" 2 \
    "$BROKEN/binary-junk.txt: a program (ELF), không phải kế hoạch; cancu đọc DOCX, DOC, PDF và TXT" \
    "$BROKEN/binary-junk.txt: a program (ELF), not a plan; cancu reads DOCX, DOC, PDF and TXT" \
    "$CANCU_BIN" extract "$BROKEN/binary-junk.txt"
both_languages "an empty file" 2 \
    "$BROKEN/empty.txt: tệp rỗng" "$BROKEN/empty.txt: file is empty" \
    "$CANCU_BIN" extract "$BROKEN/empty.txt"
both_languages "an encrypted DOCX" 2 \
    "$BROKEN/encrypted.docx: tệp Office đã mã hóa (có mật khẩu); hãy lưu lại thành bản không có mật khẩu trước đã" \
    "$BROKEN/encrypted.docx: encrypted (password-protected) Office file; save it without a password first" \
    "$CANCU_BIN" extract "$BROKEN/encrypted.docx"
# The readers loaded as modules (PDF, Word 97-2003, DOCX) translate too.
both_languages "an encrypted PDF (the PDF module)" 2 \
    "$BROKEN/encrypted.pdf: tệp PDF đã mã hóa (cần mật khẩu); hãy lưu lại thành bản không có mật khẩu trước đã" \
    "$BROKEN/encrypted.pdf: encrypted PDF (it needs a password); save it without one first" \
    "$CANCU_BIN" extract "$BROKEN/encrypted.pdf"
both_languages "a Word 95 file (the Word 97-2003 module)" 2 \
    "$BROKEN/doc-word95.doc: văn bản Word 6.0/95 hoặc cũ hơn (nFib 101); hãy lưu lại dưới dạng .docx trước đã" \
    "$BROKEN/doc-word95.doc: a Word 6.0/95 or older document (nFib 101); save it as .docx first" \
    "$CANCU_BIN" extract "$BROKEN/doc-word95.doc"
# Formatted arguments stay as given: a DOCX's part and zlib's words.
both_languages "a corrupt DOCX (the DOCX module)" 2 \
    "$BROKEN/corrupt-deflate.docx: tệp DOCX bị hỏng: word/document.xml:" \
    "$BROKEN/corrupt-deflate.docx: corrupt DOCX: word/document.xml:" \
    "$CANCU_BIN" extract "$BROKEN/corrupt-deflate.docx"
expect_rc "a library error with LANGUAGE=vi in the C locale exits 2" 2 \
    env LANGUAGE=vi LC_ALL=C "$CANCU_BIN" extract "$BROKEN/empty.txt"
expect_grep "a library error with LANGUAGE=vi in the C locale stays English" \
    "$ERR" "cancu: $BROKEN/empty.txt: file is empty"

# ------------------------------------------------------- text headings

expect_rc "ingest in Vietnamese exits 0" 0 vi cn "$A" ingest "$SAMPLE"
expect_grep "the ingest summary is Vietnamese" "$OUT" \
    "1 đã thêm, 0 cập nhật, 0 không đổi, 0 lỗi"
if grep -Eq "^đã thêm +[0-9a-f]{12} +$SAMPLE" "$OUT"; then
    pass "the plan's ingest line is Vietnamese"
else
    fail "the plan's ingest line is Vietnamese" "got: $(head -c 300 "$OUT")"
fi
# Padded to 9 characters, as the English words are, not to 9 bytes.
if grep -Eq "^đã thêm   [0-9a-f]{12}  $SAMPLE" "$OUT"; then
    pass "the Vietnamese word is padded by characters"
else
    fail "the Vietnamese word is padded by characters" "got: $(head -c 300 "$OUT")"
fi
expect_rc "ingest again in Vietnamese exits 0" 0 vi cn "$A" ingest "$SAMPLE"
if grep -Eq "^không đổi [0-9a-f]{12}  $SAMPLE" "$OUT"; then
    pass "an unchanged plan's line is Vietnamese"
else
    fail "an unchanged plan's line is Vietnamese" "got: $(head -c 300 "$OUT")"
fi
# A legal status in the user's words in 'registry show' (the shipped
# registry's first replaced record); --json keeps the library's word.
REPLACED=$(cn "$A" registry list --json |
    jq -r '[.entries[] | select(.status == "replaced")][0].id')
expect_rc "registry show in Vietnamese exits 0" 0 \
    vi cn "$A" registry show "$REPLACED"
expect_grep "the status in registry show is Vietnamese" "$OUT" \
    "tình trạng  bị thay thế bởi"
expect_rc "registry show with LANG=C exits 0" 0 \
    en cn "$A" registry show "$REPLACED"
expect_grep "the status in registry show with LANG=C is English" "$OUT" \
    "status      replaced by"
expect_rc "docs in Vietnamese exits 0" 0 vi cn "$A" docs
check "the docs count is Vietnamese (no plural)" grep -qx "1 kế hoạch" "$OUT"
expect_rc "docs with LANG=C exits 0" 0 en cn "$A" docs
check "the docs count with LANG=C is English" grep -qx "1 plan" "$OUT"
expect_rc "verify in Vietnamese exits 0" 0 vi cn "$A" verify
expect_grep "verify's line is Vietnamese" "$OUT" \
    "kho lưu trữ toàn vẹn: 1 kế hoạch"
expect_rc "tasks in Vietnamese exits 0" 0 vi cn "$A" tasks --limit 1
expect_grep "the tasks' count is Vietnamese" "$OUT" "nhiệm vụ: --offset 1"

# The library's errors about the archive's contents.
both_languages "a missing plan id" 2 \
    "không có kế hoạch nào có mã hoặc đường dẫn 'ffffffffffff'" \
    "no plan with id or path 'ffffffffffff'" \
    cn "$A" refs ffffffffffff
both_languages "a date that is no day" 2 \
    "check: --as-of: 31/02/2023 không phải là một ngày có thật" \
    "check: --as-of: 31/02/2023 is not a day" \
    cn "$A" check --as-of 31/02/2023 "$SAMPLE"
both_languages "an empty reference" 2 \
    "dẫn chiếu trống: hãy viết số hiệu ('ND 60/2021', '18-NQ/TW') hoặc tên ('Luật Viên chức')" \
    "the reference is empty: write a number ('ND 60/2021', '18-NQ/TW') or a name ('Luật Viên chức')" \
    cn "$A" cites " "
both_languages "a bad due date" 2 \
    "due-before nhận một ngày YYYY-MM-DD, không nhận 'x'" \
    "due-before takes a date YYYY-MM-DD, not 'x'" \
    cn "$A" tasks --due-before x

# ------------------------------------------- machine output: identical

# Each command's --json output and exit code, in both languages.
same_json() {
    local desc=$1
    shift
    local vi_rc=0 en_rc=0
    vi "$@" >"$TMP/vi.json" 2>/dev/null || vi_rc=$?
    en "$@" >"$TMP/en.json" 2>/dev/null || en_rc=$?
    if [ "$vi_rc" -eq "$en_rc" ] && [ -s "$TMP/en.json" ] &&
        cmp -s "$TMP/vi.json" "$TMP/en.json"; then
        pass "$desc: --json and exit code the same in both languages"
    else
        fail "$desc: --json and exit code the same in both languages" \
            "exit $vi_rc (vi), $en_rc (C)" \
            "$(diff "$TMP/vi.json" "$TMP/en.json" | head -n 5)"
    fi
}
same_json "docs" cn "$A" docs --json
same_json "search" cn "$A" search --json --facets "kế hoạch"
same_json "tasks" cn "$A" tasks --json
same_json "refs" cn "$A" refs --json "$SAMPLE"
same_json "check" cn "$A" check --json "$SAMPLE"
same_json "cites" cn "$A" cites --json "22/2021/NĐ-CP"
same_json "registry list" cn "$A" registry list --json
same_json "graph" cn "$A" graph --format json
same_json "verify" cn "$A" verify --json
same_json "registry show" cn "$A" registry show --json "$REPLACED"
same_json "extract" "$CANCU_BIN" extract --json "$SAMPLE"
# The ingest report of a plan already there: unchanged in both.
same_json "ingest" cn "$A" ingest --json "$SAMPLE"
# A library error under --json: the same exit code and (empty) output.
same_error_json() {
    local desc=$1
    shift
    local vi_rc=0 en_rc=0
    vi "$@" >"$TMP/vi.json" 2>/dev/null || vi_rc=$?
    en "$@" >"$TMP/en.json" 2>/dev/null || en_rc=$?
    if [ "$vi_rc" -eq "$en_rc" ] && [ "$en_rc" -ne 0 ] &&
        cmp -s "$TMP/vi.json" "$TMP/en.json"; then
        pass "$desc: --json and exit code the same in both languages"
    else
        fail "$desc: --json and exit code the same in both languages" \
            "exit $vi_rc (vi), $en_rc (C)" \
            "$(diff "$TMP/vi.json" "$TMP/en.json" | head -n 5)"
    fi
}
same_error_json "refs of a missing plan" cn "$A" refs --json ffffffffffff
same_error_json "extract of a file that is not a plan" \
    "$CANCU_BIN" extract --json "$BROKEN/binary-junk.txt"
same_error_json "docs of a missing archive" \
    "$CANCU_BIN" --archive "$TMP/missing" docs --json
# A file ingest cannot read: its "error" in the report stays English
# while the line on stderr is Vietnamese.
same_error_json "ingest of a file that is not a plan" \
    cn "$A" ingest --json "$BROKEN/binary-junk.txt"
if grep -q '"error"' "$TMP/en.json" && ! grep -q 'không' "$TMP/vi.json"; then
    pass "ingest --json: the failed file's error is in English in both"
else
    fail "ingest --json: the failed file's error is in English in both" \
        "$(head -c 300 "$TMP/vi.json")"
fi
VI_ERR=$(vi cn "$A" ingest --json "$BROKEN/binary-junk.txt" 2>&1 >/dev/null || true)
EN_ERR=$(en cn "$A" ingest --json "$BROKEN/binary-junk.txt" 2>&1 >/dev/null || true)
if [ -n "$VI_ERR" ] && [ "$VI_ERR" != "$EN_ERR" ]; then
    pass "ingest --json: the line on stderr follows the language"
else
    fail "ingest --json: the line on stderr follows the language" "$VI_ERR"
fi

# ---------------------------------------------------------------- catalog

# Found beside the program (the build tree), through $CANCU_LOCALEDIR,
# and not at all for a program moved away from it (then English).
BUILD=$(dirname "$(realpath "$(command -v "$1")")")
mkdir -p "$TMP/moved"
cp "$(realpath "$(command -v "$1")")" "$TMP/moved/cancu"
run env LANGUAGE=vi LC_ALL=C.UTF-8 "$TMP/moved/cancu" frobnicate
if ls /usr/local/share/locale/vi/LC_MESSAGES/cancu.mo \
    /usr/share/locale/vi/LC_MESSAGES/cancu.mo >/dev/null 2>&1; then
    echo "# skip: a moved cancu without its catalog (one is installed)"
else
    expect_grep "a moved cancu without its catalog prints English" "$ERR" \
        "unknown command 'frobnicate'"
fi
run env LANGUAGE=vi LC_ALL=C.UTF-8 CANCU_LOCALEDIR="$BUILD/locale" \
    "$TMP/moved/cancu" frobnicate
expect_grep "CANCU_LOCALEDIR names the catalog's folder" "$ERR" \
    "không có lệnh 'frobnicate'"

# Every message translated, none fuzzy, format strings matching.
for tool in msgfmt xgettext msgcmp; do
    check "$tool is there (Debian's gettext)" command -v "$tool"
done
run msgfmt --check -c --statistics -o /dev/null "$PO_DIR/vi.po"
expect_eq "msgfmt --check -c accepts po/vi.po" "$RC" 0
if grep -Eq '^[0-9]+ translated messages?\.$' "$ERR"; then
    pass "po/vi.po has no untranslated or fuzzy message"
else
    fail "po/vi.po has no untranslated or fuzzy message" "$(cat "$ERR")"
fi
# The catalog is up to date with the sources: every string they mark
# has its translation (else: cmake --build BUILD --target cancu-pot).
run xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
    --keyword=ngettext:1,2 --keyword=cancu_error__set:2 \
    --flag=cancu_error__set:2:c-format --directory="$SRC_DIR" \
    --files-from="$PO_DIR/POTFILES" --output="$TMP/fresh.pot"
expect_eq "xgettext reads the sources of po/POTFILES" "$RC" 0
run msgcmp "$PO_DIR/vi.po" "$TMP/fresh.pot"
if [ "$RC" -eq 0 ]; then
    pass "po/vi.po translates every message the sources mark"
else
    fail "po/vi.po translates every message the sources mark" \
        "$(head -n 6 "$ERR")"
fi
# Every CLI source that marks messages is in po/POTFILES.
unlisted=""
for f in "$SRC_DIR"/cli/*.c "$SRC_DIR"/cli/serve/main.c \
    "$SRC_DIR"/cli/serve/serve.c; do
    rel=${f#"$SRC_DIR"/}
    if grep -q '_("' "$f" && ! grep -qx "$rel" "$PO_DIR/POTFILES"; then
        unlisted="$unlisted $rel"
    fi
done
expect_eq "every source that marks messages is in po/POTFILES" \
    "${unlisted:-none}" none
# Every library source that records a message is in po/POTFILES.
unlisted=""
while IFS= read -r f; do
    rel=${f#"$SRC_DIR"/}
    if grep -q 'cancu_error__set(' "$f" && [ "$rel" != util/status.c ] &&
        [ "$rel" != ingest/reader-stubs.c ] &&
        ! grep -qx "$rel" "$PO_DIR/POTFILES"; then
        unlisted="$unlisted $rel"
    fi
done < <(find "$SRC_DIR/ingest" "$SRC_DIR/index" "$SRC_DIR/query" \
    "$SRC_DIR/util" -name '*.c' -o -name '*.cc')
expect_eq "every library source that records messages is in po/POTFILES" \
    "${unlisted:-none}" none

finish
