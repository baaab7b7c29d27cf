#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end kill test: 'cancu ingest' killed with SIGKILL at random
# moments must leave an archive that opens and holds whole plans only,
# never losing plans already committed; running the ingest again then
# completes it. Run as:
#   bash test-kill.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# (Smaller through the environment, for slow runs such as valgrind's.)
PLANS=${CANCU_KILL_PLANS:-150}          # distinct plans in the folder
ITERATIONS=${CANCU_KILL_ITERATIONS:-30} # kills of an ingest into the one archive
CREATIONS=${CANCU_KILL_CREATIONS:-40}   # kills of the first ingest into a new archive

# kill_ingest ARCHIVE DELAY_US: start 'cancu --quiet ingest $FOLDER' on
# ARCHIVE, SIGKILL it after DELAY_US microseconds unless it ends first.
# Sets KILLED (true when it was still running) and INGEST_RC (its exit
# status).
kill_ingest() {
    kill_after "$2" "$TMP/ingest.out" "$TMP/ingest.err" \
        "$CANCU_BIN" --archive "$1" --quiet ingest "$FOLDER"
    INGEST_RC=$KILL_RC
}

# docs_digest ARCHIVE: the listing without ingest times, sorted by id.
docs_digest() {
    cn "$1" docs --json 2>/dev/null |
        jq -S '.documents | map(del(.ingested)) | sort_by(.id)' 2>/dev/null
}

# ---------------------------------------------------------------- setup

FOLDER=$TMP/plans
mkdir -p "$FOLDER" "$TMP/empty"
for ((n = 1; n <= PLANS; n++)); do
    {
        cat "$SAMPLE"
        printf '\n\nKế hoạch số %d: nhiệm vụ bổ sung mã KH%04dX của đợt %d.\n' \
            "$n" "$n" "$n"
    } >"$FOLDER/plan-$(printf %03d "$n").txt"
done
check "the folder holds $PLANS plans" \
    test "$(find "$FOLDER" -name '*.txt' | wc -l)" -eq "$PLANS"

# How long things take here (sanitizer builds are much slower), in us.
now_us; start=$NOW_US
expect_rc "creating an empty archive exits 0" 0 cn "$TMP/scratch" ingest "$TMP/empty"
now_us; T_EMPTY=$((NOW_US - start))
expect_rc "a full ingest into a scratch archive exits 0" 0 \
    cn "$TMP/scratch" ingest --json "$FOLDER"
now_us; T_FULL=$((NOW_US - start - T_EMPTY))
expect_jq "the full ingest adds $PLANS plans" "$OUT" \
    '.added == $n and .failed == 0' --argjson n "$PLANS"
now_us; start=$NOW_US
expect_rc "a second full ingest into the scratch archive exits 0" 0 \
    cn "$TMP/scratch" --quiet ingest "$FOLDER"
now_us; T_UNCHANGED=$((NOW_US - start))
docs_digest "$TMP/scratch" >"$TMP/scratch.docs"
echo "# timing: empty archive $(ms "$T_EMPTY") ms, full ingest $(ms "$T_FULL") ms," \
     "ingest of unchanged plans $(ms "$T_UNCHANGED") ms"

# ---------------------------------------------------------------- creation

# The first ingest into a new archive, killed while it may still be
# creating the archive: running it again must work.
partial=0
for ((i = 1; i <= CREATIONS; i++)); do
    archive=$TMP/created-$i
    # Sweep the time an empty archive takes, and a little beyond, with
    # some jitter.
    random_below $((T_EMPTY / 10 + 1))
    delay=$(((i - 1) * T_EMPTY * 5 / 4 / CREATIONS + RANDOM_VALUE))
    kill_ingest "$archive" "$delay"
    if [ -d "$archive" ] && ! cn "$archive" docs >/dev/null 2>&1; then
        partial=$((partial + 1))
        state="left an archive that does not open"
    elif [ -d "$archive" ]; then
        state="left an archive"
    else
        state="left no archive"
    fi
    [ "$KILLED" = true ] || state="finished; $state"
    files=$(cd "$archive" 2>/dev/null && find . -type f | sort | tr '\n' ' ') || true
    run cn "$archive" ingest "$SAMPLE"
    if [ "$RC" -eq 0 ] && cn "$archive" verify >/dev/null 2>&1; then
        pass "creation $i: killed after $(ms "$delay") ms ($state); ingest again works"
    else
        fail "creation $i: killed after $(ms "$delay") ms ($state); ingest again works" \
             "ingest again: exit status $RC: $(head -c 300 "$ERR")" \
             "archive files after the kill: $files"
    fi
    rm -rf "$archive"
done
echo "# $partial of $CREATIONS kills during creation left a partial archive"

# ---------------------------------------------------------------- kill loop

A=$TMP/archive
expect_rc "creating the archive for the kill loop exits 0" 0 cn "$A" ingest "$TMP/empty"
previous=0
mid_ingest=0
for ((i = 1; i <= ITERATIONS; i++)); do
    # Spread the kill over the time this ingest should take, given the
    # plans already in, and a little beyond so some runs finish.
    expected=$((T_EMPTY + (PLANS - previous) * (T_FULL - T_EMPTY) / PLANS +
        previous * (T_UNCHANGED - T_EMPTY) / PLANS))
    [ "$expected" -gt 1000 ] || expected=1000
    random_below $((expected * 5 / 4))
    delay=$RANDOM_VALUE
    kill_ingest "$A" "$delay"
    if [ "$KILLED" = true ]; then
        mid_ingest=$((mid_ingest + 1))
        what="killed after $(ms "$delay") ms, mid-ingest"
    elif [ "$INGEST_RC" -eq 0 ]; then
        what="finished before $(ms "$delay") ms"
    else
        fail "iteration $i: the ingest exits 0 or is killed" \
             "exit status $INGEST_RC: $(head -c 300 "$TMP/ingest.err")"
        what="failed with exit status $INGEST_RC"
    fi
    run cn "$A" verify
    if [ "$RC" -eq 0 ] && grep -q "^archive is whole: " "$OUT"; then
        pass "iteration $i ($what): verify says the archive is whole"
    else
        fail "iteration $i ($what): verify says the archive is whole" \
             "exit status $RC: $(head -c 300 "$OUT" "$ERR")"
    fi
    count=$(plan_count "$A")
    if [ "$count" -ge "$previous" ] && [ "$count" -le "$PLANS" ]; then
        pass "iteration $i: $count plans, from $previous, at most $PLANS"
    else
        fail "iteration $i: $count plans, from $previous, at most $PLANS"
    fi
    [ "$count" -lt "$previous" ] || previous=$count
done
echo "# $mid_ingest of $ITERATIONS kills landed mid-ingest"
check "at least one kill landed mid-ingest" test "$mid_ingest" -ge 1

# ---------------------------------------------------------------- completion

expect_rc "the ingest run to completion exits 0" 0 cn "$A" ingest --json "$FOLDER"
expect_jq "it adds what the kills left out, the rest unchanged" "$OUT" \
    '.added + .unchanged == $n and .updated == 0 and .failed == 0
     and .added == $n - $before' --argjson n "$PLANS" --argjson before "$previous"
check "docs lists exactly $PLANS plans" test "$(plan_count "$A")" -eq "$PLANS"
docs_digest "$A" >"$TMP/archive.docs"
expect_same "the plans are those of an uninterrupted ingest, part for part" \
    "$TMP/archive.docs" "$TMP/scratch.docs"
expect_rc "verify at the end exits 0" 0 cn "$A" verify
expect_grep "verify says the archive is whole with $PLANS plans" "$OUT" \
    "archive is whole: $PLANS plans"
expect_rc "a further ingest exits 0" 0 cn "$A" ingest --json "$FOLDER"
expect_jq "a further ingest finds $PLANS plans unchanged" "$OUT" \
    '.unchanged == $n and .added == 0 and .updated == 0 and .failed == 0' \
    --argjson n "$PLANS"
n=$((PLANS < 77 ? PLANS : 77))
expect_rc "search for one plan's own words exits 0" 0 \
    cn "$A" search --json "$(printf 'KH%04dX' "$n")"
expect_jq "one plan's own words are found in that plan only" "$OUT" \
    '.total == 1 and (.hits[0].path | endswith($name))' \
    --arg name "$(printf '/plan-%03d.txt' "$n")"

finish
