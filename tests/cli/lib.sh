# shellcheck shell=bash
# Shared helpers for the end-to-end tests of the cancu binary.
# Sourced by test-*.sh, which are run as:
#   bash SCRIPT CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY

if [ "$#" -lt 2 ]; then
    echo "usage: bash ${0##*/} CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY" >&2
    exit 2
fi

CANCU_BIN=$1
CORPORA_DIR=$2
SAMPLE=$CORPORA_DIR/default/gialai-sgddt-cchc-2022.txt

for tool in "$CANCU_BIN" jq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "${0##*/}: cannot run '$tool'" >&2
        exit 2
    fi
done
if [ ! -f "$SAMPLE" ]; then
    echo "${0##*/}: missing sample plan $SAMPLE" >&2
    exit 2
fi

# Everything a test makes lives here and goes away at exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cancu-e2e.XXXXXX")
# Extra cleanup a script can add (e.g. stopping a background process).
cleanup_hook() { :; }
on_exit() {
    cleanup_hook || true
    rm -rf "$TMP"
}
trap on_exit EXIT
# A timeout's SIGTERM (or ^C) still cleans up.
trap 'exit 143' TERM
trap 'exit 130' INT

# No archive from the environment leaks in; every call names its own.
unset CANCU_ARCHIVE
# The tests do not depend on the caller's locale.
export LC_ALL=C.UTF-8

PASSED=0
FAILED=0
OUT=$TMP/.stdout
ERR=$TMP/.stderr
RC=0

pass() {
    PASSED=$((PASSED + 1))
    echo "ok - $1"
}

# fail DESCRIPTION [DETAIL...]: a failed check, with diagnostic lines.
fail() {
    local desc=$1 line
    shift
    FAILED=$((FAILED + 1))
    echo "not ok - $desc"
    for line in "$@"; do
        printf '#   %s\n' "$line"
    done
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
    local desc=$1
    shift
    if "$@"; then
        pass "$desc"
    else
        fail "$desc" "command failed: $*"
    fi
}

# run COMMAND...: run it, stdout into $OUT, stderr into $ERR, status in $RC.
run() {
    RC=0
    "$@" >"$OUT" 2>"$ERR" || RC=$?
}

# Show what the last run printed, for a failed check.
last_output() {
    local f
    for f in "$OUT" "$ERR"; do
        [ -s "$f" ] || continue
        echo "${f##*/.}:"
        head -n 8 "$f" | sed 's/^/    /'
    done
}

# expect_rc DESCRIPTION STATUS COMMAND...: run COMMAND, expect STATUS.
expect_rc() {
    local desc=$1 want=$2
    shift 2
    run "$@"
    if [ "$RC" -eq "$want" ]; then
        pass "$desc"
    else
        local details
        mapfile -t details < <(last_output)
        fail "$desc" "exit status $RC, expected $want: $*" "${details[@]}"
    fi
}

# expect_jq DESCRIPTION FILE FILTER [jq args...]: FILE holds one JSON
# value and FILTER on it yields exactly 'true'.
expect_jq() {
    local desc=$1 file=$2 filter=$3 result
    shift 3
    result=$(jq "$@" "$filter" "$file" 2>&1) || true
    if [ "$result" = true ]; then
        pass "$desc"
    else
        fail "$desc" "jq filter gave '$(head -c 100 <<<"$result")': $filter" \
             "on: $(head -c 300 "$file" | tr '\n' ' ')"
    fi
}

# expect_same DESCRIPTION FILE1 FILE2: both hold the same, non-empty text.
expect_same() {
    if [ -s "$2" ] && cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "$(diff "$2" "$3" 2>&1 | head -n 6 | tr '\n' ' ')"
    fi
}

# expect_grep DESCRIPTION FILE PATTERN: fixed string PATTERN in FILE.
expect_grep() {
    local desc=$1 file=$2 pattern=$3
    if grep -qF -- "$pattern" "$file"; then
        pass "$desc"
    else
        fail "$desc" "'$pattern' not in: $(head -c 300 "$file" | tr '\n' ' ')"
    fi
}

# expect_eq DESCRIPTION ACTUAL EXPECTED: equal and not empty.
expect_eq() {
    if [ -n "$3" ] && [ "$2" = "$3" ]; then
        pass "$1"
    else
        fail "$1" "got:      '$2'" "expected: '$3'"
    fi
}

# cn ARCHIVE ARGS...: the cancu binary on archive ARCHIVE.
cn() {
    local archive=$1
    shift
    "$CANCU_BIN" --archive "$archive" "$@"
}

# plan_count ARCHIVE: the number of plans 'docs --json' lists, or -1.
plan_count() {
    local json
    if json=$(cn "$1" docs --json 2>/dev/null); then
        jq -r '.documents | length' <<<"$json" 2>/dev/null || echo -1
    else
        echo -1
    fi
}

# archive_digest DIR: one line per file of the archive with its checksum;
# nothing when there is no such folder.
archive_digest() {
    if [ -d "$1" ]; then
        (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z |
            xargs -0 -r sha256sum)
    fi
}

# finish: the summary line; the status says whether anything failed.
finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
