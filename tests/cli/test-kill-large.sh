#!/usr/bin/env bash
# jq filters are in single quotes on purpose: their $names are jq's.
# shellcheck disable=SC2016
# End-to-end kill test on a large ingest: a generated corpus of DOCX and
# TXT plans, several commits long, whose 'cancu ingest' is SIGKILLed at
# least 50 times at random moments, and some more times inside a commit
# (by kill-at, preloaded). After every kill the archive opens and
# verifies, and each plan in it is whole: its record, passages and tasks
# are those a clean ingest gives that plan. No committed plan is lost, and
# a final run completes the job into the archive a clean ingest makes.
# Run as:
#   bash test-kill-large.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY \
#       KILL_AT_LIBRARY [PYTHON]
# Environment: CANCU_KILL_SEED repeats a run's kill points (each run
# prints its seed); CANCU_KILL_PLANS, CANCU_KILL_KILLS and
# CANCU_KILL_COMMIT_KILLS change its size.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KILL_AT=${4:?usage: test-kill-large.sh CANCU_BINARY CORPORA_DIR HOLD_ARCHIVE_BINARY KILL_AT_LIBRARY [PYTHON]}
PYTHON=${5:-python3}
GEN_CORPUS=$CORPORA_DIR/../bench/gen-corpus

PLANS=${CANCU_KILL_PLANS:-180}              # plans in the corpus
KILLS=${CANCU_KILL_KILLS:-50}               # timed kills that land mid-ingest
COMMIT_KILLS=${CANCU_KILL_COMMIT_KILLS:-8} # kills inside a commit
CORPUS_SEED=7                               # the corpus is always the same
BATCH=16                                    # plans per commit (index/archive.c)
SEED=${CANCU_KILL_SEED:-$((${EPOCHREALTIME//[!0-9]/} % 1000000))}
RANDOM=$SEED
echo "# kill seed $SEED (CANCU_KILL_SEED=$SEED repeats these kill points)"

# Under ASan, the preloaded library cannot come before its runtime.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0

# ---------------------------------------------------------------- corpus

# Every fourth plan as TXT, the others as DOCX: gen-corpus writes both.
FOLDER=$TMP/plans
now_us; start=$NOW_US
"$PYTHON" "$GEN_CORPUS" --seed "$CORPUS_SEED" --count "$PLANS" --txt \
    --scale 0.05:0.2 --jobs 2 --quiet --out "$FOLDER"
for ((n = 0; n < PLANS; n++)); do
    for f in "$FOLDER/$(printf %06d "$n")"-*.docx; do
        if ((n % 4 == 3)); then
            rm "$f"
        else
            rm "${f%.docx}.txt"
        fi
    done
done
now_us
echo "# corpus: $PLANS plans, $(du -sh "$FOLDER" | cut -f1), made in $(ms $((NOW_US - start))) ms"
check "the corpus holds $((PLANS - PLANS / 4)) DOCX plans" \
    test "$(find "$FOLDER" -name '*.docx' | wc -l)" -eq $((PLANS - PLANS / 4))
check "and $((PLANS / 4)) TXT plans" \
    test "$(find "$FOLDER" -name '*.txt' | wc -l)" -eq $((PLANS / 4))

# ingest_cmd ARCHIVE [ENV...]: sets INGEST, the command line of an ingest of the corpus,
# with kill-at preloaded and ENV set, for kill_after.
ingest_cmd() {
    local archive=$1
    shift
    INGEST=(env LD_PRELOAD="$KILL_AT" "$@"
        "$CANCU_BIN" --archive "$archive" --quiet ingest "$FOLDER")
}

# plans_digest ARCHIVE: the plans' records, ingest time left out, by id.
plans_digest() {
    cn "$1" docs --json | jq -S '.documents | map(del(.ingested)) | sort_by(.id)'
}

# tasks_digest ARCHIVE: for each plan id, how many tasks it has (all of
# them: --limit 0, not the first page).
tasks_digest() {
    cn "$1" tasks --json --limit 0 |
        jq -S '.tasks | group_by(.plan) | map({(.[0].plan): length}) | add // {}'
}

# ---------------------------------------------------------------- reference

# A clean ingest: what each plan must be, and how long things take.
R=$TMP/reference
now_us; start=$NOW_US
mkdir "$TMP/empty"
expect_rc "an empty archive is created" 0 cn "$R" ingest "$TMP/empty"
now_us; T_START=$((NOW_US - start))
ingest_cmd "$R" CANCU_KILL_COUNTS="$TMP/commit-calls"
now_us; start=$NOW_US
run "${INGEST[@]}"
now_us; T_FULL=$((NOW_US - start))
check "the clean ingest exits 0" test "$RC" -eq 0
now_us; start=$NOW_US
run "${INGEST[@]}"
now_us; T_AGAIN=$((NOW_US - start))
check "ingesting it again exits 0" test "$RC" -eq 0
expect_rc "the clean archive verifies" 0 cn "$R" verify
expect_grep "it holds all $PLANS plans" "$OUT" "archive is whole: $PLANS plans"
plans_digest "$R" >"$TMP/reference.plans"
tasks_digest "$R" >"$TMP/reference.tasks"
expect_jq "the plans have tasks" "$TMP/reference.tasks" 'length > $n / 2' \
    --argjson n "$PLANS"
COMMITS=$(grep -c . "$TMP/commit-calls")
MAX_CALLS=$(sort -n "$TMP/commit-calls" | tail -n 1)
check "the clean ingest commits more than twice ($COMMITS commits)" \
    test "$COMMITS" -gt 2
# Per plan, added and found unchanged.
T_NEW=$(((T_FULL - T_START) / PLANS))
T_SKIP=$(((T_AGAIN - T_START) / PLANS))
[ "$T_SKIP" -gt 0 ] || T_SKIP=1
echo "# timing: start $(ms "$T_START") ms, full ingest $(ms "$T_FULL") ms," \
     "again $(ms "$T_AGAIN") ms; $COMMITS commits of up to $MAX_CALLS" \
     "file-changing calls"

# ---------------------------------------------------------------- checks

# check_whole I WHAT ARCHIVE: after a kill, ARCHIVE opens and verifies,
# and each of its plans is the reference's: its record, and, when plans
# came in since the last look, its tasks. Sets COUNT to its number of
# plans.
TASKS_SEEN=-1
check_whole() {
    local i=$1 what=$2 archive=$3
    COUNT=-1
    # Killed while creating it: a folder, but no database in it yet.
    if [ ! -d "$archive/xapian" ]; then
        pass "kill $i ($what): no archive yet"
        COUNT=0
        return
    fi
    run cn "$archive" verify
    if [ "$RC" -ne 0 ] || ! grep -q "^archive is whole: " "$OUT"; then
        fail "kill $i ($what): the archive opens and verifies" \
            "exit status $RC: $(head -c 300 "$OUT" "$ERR" | tr '\n' ' ')"
        return
    fi
    if ! plans_digest "$archive" >"$TMP/got.plans" 2>"$ERR"; then
        fail "kill $i ($what): docs lists the archive" "$(head -c 300 "$ERR")"
        return
    fi
    COUNT=$(jq length "$TMP/got.plans")
    if jq -e --slurpfile rp "$TMP/reference.plans" '
        ($rp[0] | map({(.id): .}) | add) as $ref | all(.[]; $ref[.id] == .)' \
        "$TMP/got.plans" >/dev/null; then
        pass "kill $i ($what): verifies; its $COUNT plans are whole"
    else
        fail "kill $i ($what): its $COUNT plans are those of a clean ingest" \
            "$(jq -c --slurpfile rp "$TMP/reference.plans" '
                ($rp[0] | map({(.id): .}) | add) as $ref
                | map(select($ref[.id] != .)) | .[0:2]' "$TMP/got.plans" |
                head -c 400)"
    fi
    [ "$COUNT" -ne "$TASKS_SEEN" ] || return 0
    TASKS_SEEN=$COUNT
    if tasks_digest "$archive" >"$TMP/got.tasks" 2>"$ERR" &&
        jq -e --slurpfile rt "$TMP/reference.tasks" \
            --slurpfile p "$TMP/got.plans" '
            . as $t | [$p[0][].id] as $in
            | (keys - $in) == []
            and all($in[]; ($t[.] // 0) == ($rt[0][.] // 0))' \
            "$TMP/got.tasks" >/dev/null; then
        pass "kill $i: each plan has all its tasks"
    else
        fail "kill $i: each plan has all its tasks" "$(head -c 300 "$ERR")"
    fi
}

# ---------------------------------------------------------------- kill loop

# Kills into one archive, which fills from one run to the next; once an
# ingest completes, the archive is checked whole against the reference
# and the next round begins with a new one. Each sixth kill is made
# inside a commit: the first commit of plans of that run, before its Nth
# file-changing call, or just after it.
A=$TMP/archive
STATE=$TMP/commit-state
timed=0 in_commit=0 commit_kills=0 finished=0 rounds=1 previous=0 i=0
while [ "$timed" -lt "$KILLS" ] || [ "$commit_kills" -lt "$COMMIT_KILLS" ]; do
    i=$((i + 1))
    if [ "$i" -gt $((3 * (KILLS + COMMIT_KILLS))) ]; then
        fail "the kills land within $((3 * (KILLS + COMMIT_KILLS))) runs" \
            "$timed timed kills mid-ingest, $commit_kills in commits"
        break
    fi
    # The time this run should take, given the plans already in.
    expected=$((T_START + previous * T_SKIP + (PLANS - previous) * T_NEW))
    if [ "$commit_kills" -lt "$COMMIT_KILLS" ] &&
        { [ $((i % 6)) -eq 0 ] || [ "$timed" -ge "$KILLS" ]; }; then
        random_below $((MAX_CALLS + 1))
        call=$((RANDOM_VALUE + 1))
        # A run that creates the archive commits that first.
        commit=1
        [ -d "$A/xapian" ] || commit=2
        ingest_cmd "$A" CANCU_KILL_AT="$commit:$call" CANCU_KILL_STATE="$STATE"
        # (A watchdog only: kill-at ends the run.)
        kill_after $((10 * expected + 60000000)) "$TMP/ingest.out" \
            "$TMP/ingest.err" "${INGEST[@]}"
        what="kill-at before call $call of commit $commit"
        if [ "$KILLED" = true ]; then
            commit_kills=$((commit_kills + 1))
        fi
    else
        # Spread over this run, but no further than a little past the
        # next commit: beyond, a kill costs time and teaches nothing new.
        limit=$((expected * 11 / 10))
        cap=$((T_START + previous * T_SKIP + 5 * BATCH * T_NEW / 4))
        [ "$limit" -le "$cap" ] || limit=$cap
        random_below "$limit"
        delay=$RANDOM_VALUE
        ingest_cmd "$A" CANCU_KILL_STATE="$STATE"
        kill_after "$delay" "$TMP/ingest.out" "$TMP/ingest.err" "${INGEST[@]}"
        what="killed after $(ms "$delay") ms"
        if [ "$KILLED" = true ]; then
            timed=$((timed + 1))
            if [ "$(cat "$STATE" 2>/dev/null)" = 1 ]; then
                in_commit=$((in_commit + 1))
                what="$what, inside a commit"
            fi
        fi
    fi
    if [ "$KILLED" = false ]; then
        if [ "$KILL_RC" -ne 0 ]; then
            fail "run $i: the ingest exits 0 or is killed" \
                "exit status $KILL_RC: $(head -c 300 "$TMP/ingest.err")"
        fi
        what="finished"
        finished=$((finished + 1))
    fi
    what="$what, $previous plans before"
    check_whole "$i" "$what" "$A"
    if [ "$COUNT" -lt "$previous" ]; then
        fail "kill $i: no committed plan is lost" \
            "$COUNT plans, $previous before"
    fi
    [ "$COUNT" -lt "$previous" ] || previous=$COUNT
    if [ "$previous" -eq "$PLANS" ]; then
        plans_digest "$A" >"$TMP/got.plans"
        expect_same "round $rounds: the complete archive's plans are the clean ingest's" \
            "$TMP/got.plans" "$TMP/reference.plans"
        rm -rf "$A"
        rounds=$((rounds + 1))
        previous=0
    fi
done
echo "# $((timed + commit_kills)) kills: $timed timed ($in_commit of them" \
     "inside a commit), $commit_kills by kill-at inside a commit; $finished" \
     "runs finished; $((rounds - 1)) rounds completed"
check "at least $KILLS timed kills landed mid-ingest" test "$timed" -ge "$KILLS"
check "$COMMIT_KILLS kills landed inside a commit" \
    test "$commit_kills" -ge "$COMMIT_KILLS"

# ---------------------------------------------------------------- completion

expect_rc "the ingest run again to completion exits 0" 0 \
    cn "$A" ingest --json "$FOLDER"
expect_jq "it adds what the kills left out, the rest unchanged" "$OUT" \
    '.added == $n - $before and .unchanged == $before
     and .updated == 0 and .failed == 0' \
    --argjson n "$PLANS" --argjson before "$previous"
expect_rc "verify at the end exits 0" 0 cn "$A" verify
expect_grep "the archive is whole with $PLANS plans" "$OUT" \
    "archive is whole: $PLANS plans"
plans_digest "$A" >"$TMP/got.plans"
expect_same "its plans are those of the clean ingest, record for record" \
    "$TMP/got.plans" "$TMP/reference.plans"
tasks_digest "$A" >"$TMP/got.tasks"
expect_same "its tasks are those of the clean ingest, plan for plan" \
    "$TMP/got.tasks" "$TMP/reference.tasks"
expect_rc "search works on it" 0 cn "$A" search --json cai cach
expect_jq "and finds as much as in the clean archive" "$OUT" \
    '.total == $t' --argjson t "$(cn "$R" search --json cai cach | jq .total)"

finish
