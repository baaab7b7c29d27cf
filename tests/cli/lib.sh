# shellcheck shell=bash
# Variables set here (WRAPPED, KILLED, ...) are read by the sourcing script.
# shellcheck disable=SC2034
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
    if [ -n "${KILL_PID:-}" ]; then
        kill -9 "$KILL_PID" 2>/dev/null || true
        { wait "$KILL_PID" || true; } 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap on_exit EXIT
# A timeout's SIGTERM (or ^C) still cleans up.
trap 'exit 143' TERM
trap 'exit 130' INT

# CANCU_WRAPPER, when set, is a command line put in front of every run of
# the binary (scripts/valgrind.sh sets it to valgrind and its options). The
# tests then run a script that execs the wrapper on the real binary, so
# even runs through 'bash -c', 'ulimit' or another folder go through it.
# WRAPPED says so, for limits that the wrapper's slowness and memory break.
WRAPPED=0
if [ -n "${CANCU_WRAPPER:-}" ]; then
    WRAPPED=1
    CANCU_REAL_BIN=$(realpath "$(command -v "$CANCU_BIN")")
    printf '#!/bin/sh\nexec %s %q "$@"\n' "$CANCU_WRAPPER" "$CANCU_REAL_BIN" \
        >"$TMP/cancu"
    chmod +x "$TMP/cancu"
    CANCU_BIN=$TMP/cancu
fi

# No archive from the environment leaks in; every call names its own.
unset CANCU_ARCHIVE
# The tests do not depend on the caller's locale, nor on a LANGUAGE
# that would turn the messages into Vietnamese (test-gettext.sh sets it).
export LC_ALL=C.UTF-8
unset LANGUAGE

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

# ---------------------------------------------------------------- killing

# now_us: sets NOW_US, wall-clock microseconds (no fork, any locale).
now_us() {
    NOW_US=${EPOCHREALTIME//[!0-9]/}
    NOW_US=$((10#$NOW_US))
}

# sleep_us N: sleep N microseconds, with no fork: 'read -t' on a FIFO
# nobody writes to (opened on fd 9 the first time).
SLEEP_FIFO=
sleep_us() {
    if [ -z "$SLEEP_FIFO" ]; then
        SLEEP_FIFO=$TMP/.never
        mkfifo "$SLEEP_FIFO"
        exec 9<>"$SLEEP_FIFO"
    fi
    read -r -t "$(printf '%d.%06d' $(($1 / 1000000)) $(($1 % 1000000)))" -u 9 _ || true
}

# random_below N: sets RANDOM_VALUE, a random integer in [0, N), from
# bash's RANDOM (assign RANDOM=SEED first for a repeatable sequence).
random_below() {
    RANDOM_VALUE=$(((RANDOM << 15 | RANDOM) % $1))
}

# ms US: microseconds as milliseconds, for messages.
ms() {
    printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

# kill_after DELAY_US OUT ERR COMMAND...: run COMMAND in the background
# with stdout in OUT and stderr in ERR, and SIGKILL it after DELAY_US
# microseconds unless it ends first. Sets KILLED (true when it died of
# SIGKILL, by this or by its own hand) and KILL_RC (its exit status).
KILL_PID=
kill_after() {
    local delay=$1 out=$2 err=$3 deadline step
    shift 3
    now_us
    deadline=$((NOW_US + delay))
    "$@" >"$out" 2>"$err" &
    KILL_PID=$!
    while kill -0 "$KILL_PID" 2>/dev/null; do
        now_us
        [ "$NOW_US" -lt "$deadline" ] || break
        step=$((deadline - NOW_US))
        [ "$step" -le 5000 ] || step=5000
        sleep_us "$step"
    done
    kill -9 "$KILL_PID" 2>/dev/null || true
    KILL_RC=0
    # (The braces keep bash's "Killed" notice off stderr.)
    { wait "$KILL_PID" || KILL_RC=$?; } 2>/dev/null
    KILL_PID=
    if [ "$KILL_RC" -eq 137 ]; then
        KILLED=true
    else
        KILLED=false
    fi
}

# finish: the summary line; the status says whether anything failed.
finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}
