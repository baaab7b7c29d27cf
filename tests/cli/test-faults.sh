#!/usr/bin/env bash
# jq filters are single-quoted on purpose.
# shellcheck disable=SC2016
# End-to-end: the archive when the world fails around it. A file-size
# limit hit mid-ingest (what a full disk does to a write), an archive on
# a read-only file system, and archive files damaged on disk: each gives
# a clear error and exit 3, never a crash, and leaves the archive as it
# was.
set -euo pipefail
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

A=$TMP/archive
"$CANCU_BIN" --archive "$A" --quiet ingest "$SAMPLE" >/dev/null

# Forty plans, each the sample with a line of its own: new content, so
# each one is added, and together far more than the limit below lets the
# archive's files grow to.
mkdir -p "$TMP/many"
for i in $(seq 1 40); do
    { cat "$SAMPLE"; printf '\nGhi chú bổ sung số %d.\n' "$i"; } \
        >"$TMP/many/plan-$i.txt"
done

plans_in() {
    "$CANCU_BIN" --archive "$1" docs --json | jq '.documents | length'
}

# --- a write refused mid-ingest ----------------------------------------------
# ulimit -f stands in for a full disk where mounting a small file system
# is not allowed: the write fails with EFBIG as it would with ENOSPC.
run bash -c 'ulimit -f 400 && exec "$@"' _ \
    "$CANCU_BIN" --archive "$A" ingest "$TMP/many"
check "a refused write exits 3" test "$RC" -eq 3
expect_grep "the error names the archive and the write" "$ERR" \
    "$A: cannot write the archive"
expect_grep "the error gives the system's reason" "$ERR" "File too large"
expect_grep "the user is told to run the same ingest again" "$ERR" \
    "run the same ingest again"
check "no sanitizer or crash report" \
    bash -c "! grep -qE 'Sanitizer|core dumped|Segmentation' '$ERR'"
# What the run said it added is what the archive kept: a plan is printed
# once its batch is committed, not when it is written into the batch.
{ grep -E '^(added|updated) ' "$OUT" || true; } | awk '{print $3}' |
    sort >"$TMP/said"
"$CANCU_BIN" --archive "$A" docs --json | jq -r '.documents[].path' |
    sort >"$TMP/kept"
check "every plan printed as added before the refused write is in the archive" \
    test "$(comm -23 "$TMP/said" "$TMP/kept" | wc -l)" -eq 0
run "$CANCU_BIN" --archive "$A" verify
check "after the refused write the archive verifies whole" test "$RC" -eq 0
BEFORE=$(plans_in "$A")
check "no plan of the failed batch is in the archive" test "$BEFORE" -lt 41
run "$CANCU_BIN" --archive "$A" ingest --quiet "$TMP/many"
check "without the limit, the same ingest finishes" test "$RC" -eq 0
check "and the archive holds the sample and the forty plans" \
    test "$(plans_in "$A")" -eq 41

# --- a read-only archive -----------------------------------------------------
# As root, permissions do not stop a write: a read-only bind mount in a
# mount namespace of its own does, where the system allows one.
readonly_run() {
    if [ "$(id -u)" -ne 0 ]; then
        chmod -R a-w "$A"
        "$@"
        local rc=$?
        chmod -R u+w "$A"
        return "$rc"
    fi
    unshare -m bash -c 'mount --bind -o ro "$1" "$1" && shift && exec "$@"' \
        _ "$A" "$@"
}
if [ "$(id -u)" -ne 0 ] ||
    unshare -m bash -c 'mount --bind -o ro "$1" "$1"' _ "$A" 2>/dev/null; then
    RC=0
    readonly_run "$CANCU_BIN" --archive "$A" ingest \
        "$CORPORA_DIR/default/gialai-sgddt-cchc-2022.docx" >"$OUT" 2>"$ERR" ||
        RC=$?
    check "ingest into a read-only archive exits 3" test "$RC" -eq 3
    check "and says the file system is read-only, not 'locked'" \
        grep -qE "Read-only file system|Permission denied" "$ERR"
    RC=0
    readonly_run "$CANCU_BIN" --archive "$A" search --json cai cach \
        >"$OUT" 2>"$ERR" || RC=$?
    check "a read-only archive can still be searched" test "$RC" -eq 0
    check "the archive is as it was" test "$(plans_in "$A")" -eq 41
else
    echo "# skip: read-only archive (no mount namespace here)"
fi

# --- damaged archive files ---------------------------------------------------
for table in postlist docdata termlist position; do
    for damage in truncated garbage; do
        D=$TMP/$table-$damage
        cp -r "$A" "$D"
        F=$D/xapian/$table.glass
        if [ "$damage" = truncated ]; then
            truncate -s 100 "$F"
        else
            head -c "$(stat -c %s "$F")" /dev/urandom >"$F.new"
            mv "$F.new" "$F"
        fi
        for command in docs "search cai cach" verify "cites 60/2021"; do
            # shellcheck disable=SC2086
            run "$CANCU_BIN" --archive "$D" $command
            check "$table $damage: '$command' exits 3 (got $RC)" \
                test "$RC" -eq 3
            check "$table $damage: '$command' says so in one line naming it" \
                bash -c "[ \$(wc -l <'$ERR') -eq 1 ] && grep -q '$D' '$ERR'"
        done
    done
done

finish
