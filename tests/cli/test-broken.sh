#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end tests of cancu on hostile and broken files: the committed
# fixtures of corpora/broken/ and the large ones scripts/make-broken-corpus.sh
# makes. Each must be refused by 'ingest' and 'extract' with exit 2 and one
# line on stderr, 'cancu: FILE: reason', within 60 s and bounded memory,
# leaving the archive as it was. Run as:
#   bash test-broken.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BROKEN=$CORPORA_DIR/broken
GENERATE=$CORPORA_DIR/../scripts/make-broken-corpus.sh
A=$TMP/archive
LARGE=$TMP/large

# Limits on one run of cancu on one file.
TIME_LIMIT=60
VMEM_LIMIT_KB=$((2 << 20)) # ulimit -v: 2 GiB of address space
RSS_LIMIT_KB=$((1 << 20))  # peak resident memory: 1 GiB

# AddressSanitizer reserves terabytes of address space: no ulimit -v there,
# and its shadow memory and quarantine need a looser bound on RSS.
ASAN=0
if grep -aq __asan_init "$CANCU_BIN" 2>/dev/null; then
    ASAN=1
    RSS_LIMIT_KB=$((3 << 20))
fi
# Under a wrapper (valgrind) the run is many times slower and the wrapper
# itself takes address space and memory: only a loose bound on time.
if [ "$WRAPPED" -eq 1 ]; then
    ASAN=1
    TIME_LIMIT=$((TIME_LIMIT * 20))
    RSS_LIMIT_KB=$((8 << 20))
fi
TIME_BIN=
if [ -x /usr/bin/time ]; then
    TIME_BIN=/usr/bin/time
fi

# Known problems in cancu: the fixture's checks that fail are reported as
# 'not ok ... # TODO' and not counted, until cancu is fixed and the entry
# removed. Keyed by fixture name.
declare -A KNOWN=()
TODO=
TODOS=0
eval "lib_$(declare -f fail)"
fail() {
    if [ -n "$TODO" ]; then
        TODOS=$((TODOS + 1))
        echo "not ok - $1 # TODO $TODO"
        shift
        local line
        for line in "$@"; do
            printf '#   %s\n' "$line"
        done
    else
        lib_fail "$@"
    fi
}

# Any of /etc/passwd's first line in an output means an external entity
# was read.
PASSWD_LINE=$(head -n 1 /etc/passwd 2>/dev/null || true)
RSS_KB=

# limited COMMAND...: run COMMAND as run does, within the time limit and,
# but under ASan, the address-space limit; its peak RSS in $RSS_KB when
# /usr/bin/time is there.
limited() {
    local rss_file=$TMP/.rss
    RC=0
    RSS_KB=
    rm -f "$rss_file"
    (
        if [ "$ASAN" -eq 0 ]; then
            ulimit -v "$VMEM_LIMIT_KB"
        fi
        if [ -n "$TIME_BIN" ]; then
            exec "$TIME_BIN" -f '%M' -o "$rss_file" timeout "$TIME_LIMIT" "$@"
        else
            exec timeout "$TIME_LIMIT" "$@"
        fi
    ) >"$OUT" 2>"$ERR" || RC=$?
    if [ -s "$rss_file" ]; then
        RSS_KB=$(tail -n 1 "$rss_file")
    fi
}

# check_bounds DESC: the last limited run ended in time and within memory.
check_bounds() {
    local desc=$1
    if [ "$RC" -eq 124 ]; then
        fail "$desc: done within ${TIME_LIMIT} s" "timed out"
    elif [ "$RC" -gt 128 ]; then
        fail "$desc: done within ${TIME_LIMIT} s and memory" \
            "killed by signal $((RC - 128))" "$(head -c 300 "$ERR")"
    elif [ -n "$RSS_KB" ] && [ "$RSS_KB" -gt "$RSS_LIMIT_KB" ]; then
        fail "$desc: peak memory under $((RSS_LIMIT_KB / 1024)) MiB" \
            "peak RSS $((RSS_KB / 1024)) MiB"
    else
        pass "$desc: done within ${TIME_LIMIT} s${RSS_KB:+, peak RSS $((RSS_KB / 1024)) MiB}"
    fi
}

# check_error DESC FILE PATTERN: stderr of the last run is one line
# 'cancu: FILE: ...' (FILE as given or resolved) matching the extended
# regular expression PATTERN (case-insensitive); /etc/passwd is nowhere.
check_error() {
    local desc=$1 file=$2 pattern=$3 line real
    real=$(realpath "$file")
    line=$(head -n 1 "$ERR")
    # One newline, at the very end.
    if [ "$(wc -l <"$ERR")" -ne 1 ] ||
        [ "$(head -n 1 "$ERR" | wc -c)" -ne "$(wc -c <"$ERR")" ]; then
        fail "$desc: exactly one line on stderr" \
            "$(wc -l <"$ERR") lines: $(head -c 300 "$ERR" | tr '\n' '|')"
    elif [[ $line != "cancu: $file: "* && $line != "cancu: $real: "* ]]; then
        fail "$desc: stderr is 'cancu: $file: reason'" "got: ${line:0:300}"
    elif ! grep -Eiq -- "$pattern" "$ERR"; then
        fail "$desc: the error says /$pattern/" "got: ${line:0:300}"
    else
        pass "$desc: one line, '${line:0:160}'"
    fi
    if [ -n "$PASSWD_LINE" ] && grep -qF -- "$PASSWD_LINE" "$OUT" "$ERR"; then
        fail "$desc: /etc/passwd shows nowhere" "found in the output"
    fi
}

# refuse FILE PATTERN: ingest and extract both refuse FILE, cleanly.
refuse() {
    local file=$1 pattern=$2 name=${1##*/}
    TODO=${KNOWN[$name]-}

    limited "$CANCU_BIN" --archive "$A" ingest "$file"
    if [ "$RC" -eq 2 ]; then
        pass "ingest $name: exit 2"
    else
        local details
        mapfile -t details < <(last_output)
        fail "ingest $name: exit 2" "exit status $RC" "${details[@]}"
    fi
    check_error "ingest $name" "$file" "$pattern"
    check_bounds "ingest $name"

    # Nothing of it reached the archive.
    run cn "$A" docs --json
    if [ "$RC" -eq 0 ] && cmp -s "$OUT" "$TMP/before.json" &&
        archive_digest "$A" | cmp -s - "$TMP/before.digest"; then
        pass "ingest $name: the archive is as it was"
    else
        fail "ingest $name: the archive is as it was" \
            "docs exit $RC: $(diff "$TMP/before.json" "$OUT" | head -n 4 | tr '\n' ' ')"
        # Start the next fixture from the state it expects.
        rm -rf "$A"
        cp -a "$TMP/archive-copy" "$A"
    fi

    limited "$CANCU_BIN" extract "$file"
    if [ "$RC" -eq 2 ]; then
        pass "extract $name: exit 2"
    else
        fail "extract $name: exit 2" "exit status $RC: $(head -c 200 "$ERR")"
    fi
    check_error "extract $name" "$file" "$pattern"
    check_bounds "extract $name"
    TODO=
}

# ---------------------------------------------------------------- setup

expect_rc "ingest of the sample exits 0" 0 cn "$A" ingest "$SAMPLE"
expect_rc "docs --json exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/before.json"
expect_jq "the archive holds the sample" "$TMP/before.json" '.documents | length == 1'
archive_digest "$A" >"$TMP/before.digest"
cp -a "$A" "$TMP/archive-copy"
if [ "$ASAN" -eq 1 ]; then
    echo "# AddressSanitizer or valgrind: no ulimit -v, RSS bound $((RSS_LIMIT_KB >> 10)) MiB"
fi
if [ -z "$TIME_BIN" ]; then
    echo "# /usr/bin/time not found (Debian package 'time'): peak RSS not measured"
fi

# ---------------------------------------------------------------- committed

# Each committed fixture with what cancu's error must say.
declare -A EXPECT=(
    [empty.txt]='empty'
    [empty.docx]='empty'
    [binary-junk.txt]='binary'
    [binary-controls.txt]='binary'
    [random-high-bytes.txt]='not UTF-8'
    [utf16-lone-surrogate.txt]='not valid UTF-16'
    [pdf-renamed.docx]='no text'
    [png-renamed.docx]='binary|PNG|image'
    [word97.doc]='corrupt \.doc: the FIB'
    [word97-renamed.docx]='corrupt \.doc: the FIB'
    [doc-piece-outside.doc]='piece 1 of the piece table points outside'
    [doc-pieces-repeat.doc]='pieces hold more text than'
    [doc-clx-outside.doc]='piece table lies outside the table stream'
    [doc-no-table.doc]='table stream 1Table is missing'
    [doc-encrypted.doc]='encrypted'
    [doc-fast-saved.doc]='fast-saved'
    [doc-word95.doc]='Word 6\.0/95'
    [doc-papx-outside.doc]='formatting lies outside'
    [doc-truncated.doc]='corrupt or truncated compound file'
    [doc-root-sibling.doc]='root directory entry has siblings'
    [excel97.doc]='no WordDocument stream'
    [encrypted.docx]='encrypted'
    [truncated.docx]='truncated'
    [crc-mismatch.docx]='corrupt.*CRC'
    [corrupt-deflate.docx]='corrupt'
    [zip-password.docx]='password|encrypted'
    [spreadsheet.docx]='word/document\.xml'
    [not-well-formed.docx]='not well-formed'
    [xml-truncated.docx]='not well-formed'
    [xxe-file.docx]='DTD'
    [xxe-http.docx]='DTD'
    [billion-laughs.docx]='DTD'
    [billion-laughs-late.docx]='DTD|entit'
    [xxe-file-late.docx]='DTD|entit'
    [xxe-utf16.docx]='DTD|entit'
    [billion-laughs-utf16.docx]='DTD|entit'
    [quadratic-blowup-utf16.docx]='DTD|entit'
    [deep-nesting.docx]='nested'
    [no-text.docx]='no text'
    [empty-table.docx]='no text'
    # Many tiny paragraphs: the paragraph limit may stop it before the
    # inflation ratio does; either is a clean refusal.
    [zip-bomb-small.docx]='zip bomb|paragraphs'
    # Headers claiming 4096 bytes: the ratio is measured on bytes read.
    [sizes-lie.docx]='zip bomb'
    [truncated.pdf]='not a readable PDF'
    [malformed-xref.pdf]='not a readable PDF'
    [deep-nesting.pdf]='page 1 cannot be read'
    [huge-page-count.pdf]='2001 pages, over the limit'
    [page-count-lie.pdf]='no pages|cannot be read'
    [glyph-bomb.pdf]='over 40000 glyphs'
    [encrypted.pdf]='encrypted'
    [scanned.pdf]='scanned.*no text layer'
    [no-text.pdf]='no text'
    [zip-renamed.pdf]='word/document\.xml'
)
# Files cancu may load or refuse, as long as it does so cleanly.
TOLERATED=(zip-slip.docx nesting-edge.docx doc-pages-repeat.doc)

# Every fixture is listed, and every listed fixture is there.
listed=$(printf '%s\n' "${!EXPECT[@]}" "${TOLERATED[@]}" README.md | LC_ALL=C sort)
present=$(find "$BROKEN" -maxdepth 1 -type f -printf '%f\n' | LC_ALL=C sort)
expect_eq "corpora/broken holds exactly the fixtures this test knows" \
    "$present" "$listed"

while IFS= read -r name; do
    if [ -f "$BROKEN/$name" ]; then
        refuse "$BROKEN/$name" "${EXPECT[$name]}"
    fi
done < <(printf '%s\n' "${!EXPECT[@]}" | LC_ALL=C sort)

# All of them in one run, with a good plan among them: the good one is
# loaded, each bad one named once, and the exit status is 2.
mkdir -p "$TMP/mixed"
for name in "${!EXPECT[@]}"; do
    cp "$BROKEN/$name" "$TMP/mixed/"
done
{ cat "$SAMPLE"; printf '\nKế hoạch bổ sung: khảo sát tại Ushuaia.\n'; } >"$TMP/mixed/good.txt"
cp -a "$TMP/archive-copy" "$TMP/archive-mixed"
limited "$CANCU_BIN" --archive "$TMP/archive-mixed" ingest --json "$TMP/mixed"
cp "$OUT" "$TMP/mixed.json"
cp "$ERR" "$TMP/mixed.err"
check "a folder of broken files and a good one: exit 2" test "$RC" -eq 2
# Folders give *.txt, *.docx, *.doc and *.pdf.
WANT_FAILED=0
for name in "${!EXPECT[@]}"; do
    case $name in
    *.txt | *.docx | *.doc | *.pdf) [ -n "${KNOWN[$name]-}" ] || WANT_FAILED=$((WANT_FAILED + 1)) ;;
    esac
done
expect_jq "the folder: the good plan added, every broken file an error" \
    "$TMP/mixed.json" \
    '.added >= 1 and .failed == $n
     and ([.files[] | select(.result == "added") | .path | endswith("/good.txt")] | any)' \
    --argjson n "$WANT_FAILED"
expect_eq "the folder: one line on stderr for each error" \
    "$(wc -l <"$TMP/mixed.err")" "$(jq '.failed' "$TMP/mixed.json")"
expect_rc "verify after the folder exits 0" 0 cn "$TMP/archive-mixed" verify

# ---------------------------------------------------------------- tolerated

# Zip entries named to escape the folder: cancu extracts nothing to disk,
# so no 'x' or 'evil' appears next to the file, the archive, the working
# folder or their parents.
escape_candidates() {
    local dir
    for dir in "$@"; do
        while :; do
            printf '%s\n' "$dir/x" "$dir/evil"
            if [ "$dir" = / ] || [ -z "$dir" ]; then
                break
            fi
            dir=$(dirname "$dir")
        done
    done
    echo /etc/evil
}
existing() {
    local f
    while IFS= read -r f; do
        if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi
    done
}

mkdir -p "$TMP/slip/a/b/c" "$TMP/slip/files/d"
# These runs change folder: the binary by an absolute path.
CANCU_ABS=$(command -v "$CANCU_BIN")
if [[ $CANCU_ABS != /* ]]; then
    CANCU_ABS=$(realpath "$CANCU_ABS")
fi
for name in "${TOLERATED[@]}"; do
    file=$TMP/slip/files/d/$name
    cp "$BROKEN/$name" "$file"
    archive=$TMP/slip/a/archive
    rm -rf "$archive"
    cp -a "$TMP/archive-copy" "$archive"
    cwd=$TMP/slip/a/b/c
    escape_candidates "$cwd" "$archive" "${file%/*}" "$PWD" | sort -u >"$TMP/candidates"
    existing <"$TMP/candidates" >"$TMP/exists-before"

    for command in ingest extract; do
        if [ "$command" = ingest ]; then
            limited bash -c 'cd "$1" && shift && exec "$@"' _ "$cwd" \
                "$CANCU_ABS" --archive "$archive" ingest "$file"
        else
            limited bash -c 'cd "$1" && shift && exec "$@"' _ "$cwd" \
                "$CANCU_ABS" extract "$file"
        fi
        case $RC in
        0)
            if [ "$command" = extract ] || [ ! -s "$ERR" ]; then
                pass "$command $name: loaded (exit 0)"
            else
                fail "$command $name: exit 0 says nothing on stderr" "$(head -c 300 "$ERR")"
            fi
            ;;
        2) check_error "$command $name: refused" "$file" '.' ;;
        *) fail "$command $name: exit 0 or 2" "exit status $RC: $(head -c 300 "$ERR")" ;;
        esac
        check_bounds "$command $name"
    done
    existing <"$TMP/candidates" >"$TMP/exists-after"
    echo end >>"$TMP/exists-before"
    echo end >>"$TMP/exists-after"
    expect_same "$name: no file written outside (no new x or evil)" \
        "$TMP/exists-before" "$TMP/exists-after"
    expect_rc "verify after $name exits 0" 0 cn "$archive" verify
done

# ---------------------------------------------------------------- large

declare -A EXPECT_LARGE=(
    [zip-bomb.docx]='zip bomb'
    [inflate-past-256mib.docx]='past the limit'
    [parts-past-256mib.docx]='past the limit .* a file'
    [many-entries.docx]='entries.*limit'
    [long-line-50mb.txt]='line 1 .*limit'
    [over-64mib.txt]='over the limit'
    [over-64mib.docx]='over the limit'
)
if [ ! -f "$GENERATE" ]; then
    fail "the large files' generator is there" "missing: $GENERATE"
elif ! bash "$GENERATE" "$LARGE" >"$OUT" 2>"$ERR"; then
    mapfile -t details < <(last_output)
    fail "make-broken-corpus.sh makes the large files" "${details[@]}"
else
    pass "make-broken-corpus.sh makes the large files"
    while IFS= read -r name; do
        if [ -f "$LARGE/$name" ]; then
            refuse "$LARGE/$name" "${EXPECT_LARGE[$name]}"
        else
            fail "make-broken-corpus.sh makes $name" "not in $LARGE"
        fi
    done < <(printf '%s\n' "${!EXPECT_LARGE[@]}" | LC_ALL=C sort)
    rm -rf "$LARGE"
fi

expect_rc "verify at the end exits 0" 0 cn "$A" verify
expect_grep "verify at the end counts the sample alone" "$OUT" "archive is whole: 1 plan"

if [ "$TODOS" -gt 0 ]; then
    echo "# $TODOS checks failed on known problems (TODO)"
fi
finish
