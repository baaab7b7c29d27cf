#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end test of the archive's write lock: while another process
# (hold-archive) holds the archive open for writing, cancu's writers fail
# with exit 3 and say so, its readers keep working, and once the holder
# lets go (closing, or killed) writing works again. Run as:
#   bash test-lock.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HOLD_BIN=${3:?usage: test-lock.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY}
LOCKED_MESSAGE="archive is locked by another cancu process"

A=$TMP/archive
HOLD_PID=
HOLD_FD_OPEN=false

cleanup_hook() {
    if [ "$HOLD_FD_OPEN" = true ]; then
        exec 7>&-
    fi
    if [ -n "$HOLD_PID" ]; then
        kill -9 "$HOLD_PID" 2>/dev/null || true
        { wait "$HOLD_PID" || true; } 2>/dev/null
    fi
}

# start_holder: hold-archive on $A with its stdin on a FIFO kept open on
# fd 7; passes when it prints "ready" within 60 s.
start_holder() {
    local fifo=$TMP/hold.fifo i
    rm -f "$fifo" "$TMP/hold.out" "$TMP/hold.err"
    mkfifo "$fifo"
    "$HOLD_BIN" "$A" <"$fifo" >"$TMP/hold.out" 2>"$TMP/hold.err" &
    HOLD_PID=$!
    # Opening the write end waits for the holder to open the read end.
    exec 7>"$fifo"
    HOLD_FD_OPEN=true
    for ((i = 0; i < 600; i++)); do
        if grep -qx ready "$TMP/hold.out"; then
            return 0
        fi
        if ! kill -0 "$HOLD_PID" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    return 1
}

# release_holder: close its stdin; passes when it then exits 0.
release_holder() {
    local rc=0
    exec 7>&-
    HOLD_FD_OPEN=false
    wait "$HOLD_PID" || rc=$?
    HOLD_PID=
    return "$rc"
}

# expect_locked DESCRIPTION COMMAND...: exit 3, the lock named on stderr.
expect_locked() {
    local desc=$1
    shift
    expect_rc "$desc exits 3" 3 "$@"
    if grep -qF "$LOCKED_MESSAGE" "$ERR"; then
        pass "$desc says '$LOCKED_MESSAGE'"
    else
        fail "$desc says '$LOCKED_MESSAGE'" "stderr: $(head -c 300 "$ERR")"
    fi
}

NEW=$TMP/new-plan.txt
{ cat "$SAMPLE"; printf '\n\nKế hoạch bổ sung: khảo sát tại Kilimanjaro.\n'; } >"$NEW"

expect_rc "ingest of the sample exits 0" 0 cn "$A" ingest --json "$SAMPLE"
SID=$(jq -r '.files[0].id' "$OUT")
expect_rc "docs before the lock exits 0" 0 cn "$A" docs --json
cp "$OUT" "$TMP/before.json"

# ---------------------------------------------------------------- locked

if start_holder; then
    pass "hold-archive holds the archive open for writing"
else
    fail "hold-archive holds the archive open for writing" \
         "hold-archive said: $(cat "$TMP/hold.out" "$TMP/hold.err")"
fi

expect_locked "ingest while another process writes" cn "$A" ingest "$NEW"
expect_locked "ingest --json while another process writes" cn "$A" ingest --json "$NEW"
expect_locked "rm by id while another process writes" cn "$A" rm "$SID"
expect_locked "rm by path while another process writes" cn "$A" rm "$SAMPLE"
expect_locked "a second hold-archive (the library's own open)" "$HOLD_BIN" "$A" </dev/null

expect_rc "docs while another process writes exits 0" 0 cn "$A" docs --json
expect_same "docs lists the plans as before" "$OUT" "$TMP/before.json"
expect_rc "search while another process writes exits 0" 0 \
    cn "$A" search --json tinh gian bien che
expect_jq "search finds the sample's passages" "$OUT" \
    '.total >= 1 and .hits[0].plan == $id' --arg id "$SID"
expect_rc "verify while another process writes exits 0" 0 cn "$A" verify
expect_grep "verify says the archive is whole" "$OUT" "archive is whole: 1 plan"
expect_rc "extract needs no archive and exits 0" 0 "$CANCU_BIN" --archive "$A" extract "$NEW"
check "hold-archive is still holding" kill -0 "$HOLD_PID"

check "hold-archive exits 0 once its stdin is closed" release_holder

# ---------------------------------------------------------------- released

expect_rc "docs after the locked writers exits 0" 0 cn "$A" docs --json
expect_same "the locked writers changed nothing" "$OUT" "$TMP/before.json"
expect_rc "ingest once the lock is released exits 0" 0 cn "$A" ingest --json "$NEW"
expect_jq "the new plan is added" "$OUT" '.added == 1 and .files[0].result == "added"'
NEW_ID=$(jq -r '.files[0].id' "$OUT")
check "2 plans after the ingest" test "$(plan_count "$A")" -eq 2

# A holder killed outright leaves no lock behind.
if start_holder; then
    pass "hold-archive holds the archive again"
else
    fail "hold-archive holds the archive again" \
         "hold-archive said: $(cat "$TMP/hold.out" "$TMP/hold.err")"
fi
expect_locked "rm while the second holder writes" cn "$A" rm "$NEW_ID"
kill -9 "$HOLD_PID" 2>/dev/null || true
# (The braces keep bash's "Killed" notice off stderr.)
{ wait "$HOLD_PID" || true; } 2>/dev/null
HOLD_PID=
exec 7>&-
HOLD_FD_OPEN=false
expect_rc "rm once the holder was killed exits 0" 0 cn "$A" rm "$NEW_ID"
expect_rc "docs after rm exits 0" 0 cn "$A" docs --json
expect_jq "only the sample is left" "$OUT" '[.documents[].id] == [$id]' --arg id "$SID"
expect_rc "verify at the end exits 0" 0 cn "$A" verify

finish
