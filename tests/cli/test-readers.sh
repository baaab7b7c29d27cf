#!/usr/bin/env bash
# End-to-end test: readers keep working during a write. A writer commits
# in a loop (ingests of changed plans, removals, a new revision each)
# while every reading command runs in a loop on the same archive of tens
# of plans; no reader may fail. Xapian tells a reader that the revision
# it holds is gone (DatabaseModifiedError) once the writer has committed
# twice since it opened; each reader run has three commits landing under
# it, and every other run is also stopped while they land, so that its
# revision is surely gone. CANCU_READERS_SECONDS (default 20) bounds the
# loops; CANCU_READERS_PLANS (default 30) sets the archive's size. Run as:
#   bash test-readers.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SECONDS_BOUND=${CANCU_READERS_SECONDS:-20}
A=$TMP/archive
PLANS=$TMP/plans
CHURN=$TMP/churn
REGISTRY=$CORPORA_DIR/registry/vn-legal-status.tsv
PLAN_COUNT=${CANCU_READERS_PLANS:-30}
CHURN_COUNT=4
PIDS=()

cleanup_hook() {
    local pid
    for pid in "${PIDS[@]}"; do
        kill -9 "$pid" 2>/dev/null || true
        { wait "$pid" || true; } 2>/dev/null
    done
}

# make_plan OUT N: the sample plan as plan N, dated and titled apart
# from the others.
DATE_LINE='^Gia Lai, ngày tháng 12 năm 2021'
TITLE_LINE='^Cải cách hành chính năm 2022$'
make_plan() {
    sed -e "s/$DATE_LINE/Gia Lai, ngày $(($2 % 28 + 1)) tháng 12 năm 2021/" \
        -e "s/$TITLE_LINE/Cải cách hành chính năm 2022, bản $2/" \
        "$SAMPLE" >"$1"
}

# make_churn K N: churn plan K for the writer, quick to ingest and to
# remove: the sample's head and its first two tasks, older than the
# others (read last, newest first), with a line saying N added.
make_churn() {
    {
        sed -n -e '1,31p' -e '/^Phụ lục$/,/^II\tCải cách thủ tục/p' \
            "$SAMPLE" | sed -e "s/$DATE_LINE/Gia Lai, ngày 3 tháng 12 năm 2020/"
        printf -- '- Dòng thêm số %s của bản %s.\n' "$2" "$1"
    } >"$CHURN/churn-$1.txt"
}

mkdir -p "$PLANS" "$CHURN"
for ((i = 1; i <= PLAN_COUNT; i++)); do
    make_plan "$PLANS/plan-$i.txt" "$i"
done
expect_rc "ingest of $PLAN_COUNT plans exits 0" 0 cn "$A" ingest "$PLANS"
expect_rc "registry import exits 0" 0 cn "$A" registry import "$REGISTRY"
run cn "$A" docs --json
STABLE_ID=$(jq -r '.documents[-1].id' "$OUT")
expect_eq "the archive lists $PLAN_COUNT plans" "$(jq '.documents | length' \
    "$OUT")" "$PLAN_COUNT"
for ((k = 0; k < CHURN_COUNT; k++)); do
    make_churn "$k" 0
done
expect_rc "ingest of $CHURN_COUNT churn plans exits 0" 0 cn "$A" ingest "$CHURN"

# Each reading command, with the exit statuses it may end with ("check"
# says 1 when it finds problems, and the sample has some).
READERS=(
    "0|search cải cách hành chính"
    "0|search --json Nghị định 59/2012/NĐ-CP"
    "0|cites 59/2012/NĐ-CP"
    "0|cites --json 130/2005/NĐ-CP"
    "0|tasks"
    "0|tasks --cites 59/2012/NĐ-CP"
    "0|docs"
    "0|refs $STABLE_ID"
    "0 1|check --all"
    "0 1|check $STABLE_ID"
    "0|registry show 59/2012/NĐ-CP"
    "0|registry list"
    "0|graph"
    "0|verify"
)

# write_burst N: three commits, each one a new revision: a changed
# churn plan in place of its last version, another churn plan removed and
# then added again, changed. Every churn plan is in the archive after.
# Failures go to writer.failed.
write_burst() {
    local n=$1 k=$(($1 % CHURN_COUNT)) j=$((($1 + 1) % CHURN_COUNT)) rc
    make_churn "$k" "$n"
    make_churn "$j" "$n"
    for step in "ingest $CHURN/churn-$k.txt" "rm $CHURN/churn-$j.txt" \
        "ingest $CHURN/churn-$j.txt"; do
        rc=0
        # shellcheck disable=SC2086
        cn "$A" $step >/dev/null 2>"$TMP/writer.err" || rc=$?
        if [ "$rc" -ne 0 ]; then
            echo "$step: exit $rc: $(head -c 200 "$TMP/writer.err")" \
                >>"$TMP/writer.failed"
        fi
        COMMITS=$((COMMITS + 1))
    done
}

# Every command works on the quiet archive first.
for entry in "${READERS[@]}"; do
    read -r -a args <<<"${entry#*|}"
    run cn "$A" "${args[@]}"
    if [[ " ${entry%%|*} " == *" $RC "* ]] && [ -s "$OUT" ]; then
        pass "${entry#*|} works on a quiet archive"
    else
        mapfile -t details < <(last_output)
        fail "${entry#*|} works on a quiet archive" "exit status $RC" \
            "${details[@]}"
    fi
done

# wait_open PID: wait until process PID has the archive's database open;
# fails when it ends first.
wait_open() {
    while kill -0 "$1" 2>/dev/null; do
        if [ -n "$(find "/proc/$1/fd" -lname "$DB_DIR/*" -print -quit \
            2>/dev/null)" ]; then
            return 0
        fi
        sleep_us 2000
    done
    return 1
}

# The loops. Each reader run starts, and once it has the archive open
# the writer commits a burst under it. Every other run (by turns, so
# each command gets both) the reader is also stopped during the burst, a
# reader the scheduler put aside: it holds a revision three commits old
# when it goes on, and cannot read it through. The writer waits for the
# reader before its next burst: a writer that never pauses would starve
# any read longer than two of its commits (verify, on tens of plans) on
# any code; paced this way a reader whose revision was discarded must
# start over, and can finish.
DB_DIR=$(realpath "$A/xapian")
COMMITS=0
BURSTS=0
cycle=0
now_us
DEADLINE=$((NOW_US + SECONDS_BOUND * 1000000))
while [ "$NOW_US" -lt "$DEADLINE" ]; do
    for ((i = 0; i < ${#READERS[@]}; i++)); do
        entry=${READERS[$i]}
        allowed=${entry%%|*}
        words=${entry#*|}
        read -r -a args <<<"$words"
        rc=0
        stopped=false
        # Not through cn: $! must be the reader itself, to be stopped.
        "$CANCU_BIN" --archive "$A" "${args[@]}" >"$TMP/reader.out" \
            2>"$TMP/reader.err" &
        PIDS=($!)
        if wait_open "${PIDS[0]}" && [ $(((i + cycle) % 2)) -eq 0 ] &&
            kill -STOP "${PIDS[0]}" 2>/dev/null; then
            stopped=true
        fi
        BURSTS=$((BURSTS + 1))
        write_burst "$BURSTS"
        if [ "$stopped" = true ]; then
            # A reader that ended before the stop took it (the signal
            # reached its zombie) may be reaped by now.
            kill -CONT "${PIDS[0]}" 2>/dev/null || true
            echo "$words" >>"$TMP/reader.stopped"
        fi
        wait "${PIDS[0]}" || rc=$?
        PIDS=()
        echo "$words" >>"$TMP/reader.runs"
        if [[ " $allowed " != *" $rc "* ]] || [ ! -s "$TMP/reader.out" ]; then
            printf '%s\texit %s: %s\n' "$words" "$rc" \
                "$(head -c 300 "$TMP/reader.err")" >>"$TMP/reader.failed"
        fi
        now_us
        # The first round runs whole, however slow the machine.
        [ "$NOW_US" -lt "$DEADLINE" ] || [ "$cycle" -eq 0 ] || break
    done
    cycle=$((cycle + 1))
done

if [ "$COMMITS" -ge 30 ]; then
    pass "the writer committed $COMMITS times during the readers' runs"
else
    fail "the writer committed $COMMITS times, fewer than 30"
fi
if [ -s "$TMP/writer.failed" ]; then
    mapfile -t details <"$TMP/writer.failed"
    fail "the writer's commits succeed" "${details[@]:0:5}"
else
    pass "the writer's commits succeed"
fi
for entry in "${READERS[@]}"; do
    words=${entry#*|}
    runs=$(grep -cxF -- "$words" "$TMP/reader.runs" || true)
    stops=$(grep -cxF -- "$words" "$TMP/reader.stopped" 2>/dev/null || true)
    failures=$(awk -F '\t' -v w="$words" '$1 == w { print $2 }' \
        "$TMP/reader.failed" 2>/dev/null || true)
    if [ -n "$failures" ]; then
        mapfile -t details <<<"$failures"
        fail "$words never fails during writes ($runs runs, $stops stopped)" \
            "${details[@]:0:3}"
    elif [ "$runs" -lt 1 ]; then
        fail "$words never ran during writes"
    else
        pass "$words never fails during writes ($runs runs, $stops stopped)"
    fi
done
expect_rc "verify after the writes exits 0" 0 cn "$A" verify

finish
