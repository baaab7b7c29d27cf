#!/usr/bin/env bash
# End-to-end: the helpers of single commands (cli/helpers.c). 'cancu
# serve' becomes cancu-serve and 'cancu tasks --ics' opens cancu-ics.so,
# so that cancu itself links neither libmicrohttpd nor libical: found
# beside the binary, through $CANCU_LIBEXEC_DIR, and, when missing, a
# one-line error naming where they were looked for, exit 3.
set -euo pipefail
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# The binary's own folder, also when a wrapper runs it.
REAL_BIN=$(realpath "$(command -v "$1")")
BUILD=$(dirname "$REAL_BIN")
unset CANCU_LIBEXEC_DIR

# What every command pays for at start-up: not the two helpers' libraries.
if command -v ldd >/dev/null; then
    ldd "$REAL_BIN" >"$TMP/ldd"
    check "cancu does not link libmicrohttpd" \
        bash -c "! grep -q libmicrohttpd '$TMP/ldd'"
    check "cancu does not link gnutls" bash -c "! grep -q libgnutls '$TMP/ldd'"
    check "cancu does not link libical" bash -c "! grep -q libical '$TMP/ldd'"
    # The DOCX reader is a module (ingest/readers.h): libzip, with the
    # libcrypto it links, and libxml2 are loaded by the first DOCX read.
    check "cancu does not link libzip" bash -c "! grep -q libzip '$TMP/ldd'"
    check "cancu does not link libxml2" bash -c "! grep -q libxml2 '$TMP/ldd'"
    check "cancu does not link libcrypto" \
        bash -c "! grep -q libcrypto '$TMP/ldd'"
    ldd "$BUILD/cancu-serve" >"$TMP/ldd-serve"
    expect_grep "cancu-serve links libmicrohttpd" "$TMP/ldd-serve" \
        libmicrohttpd
fi

# What a program linking libcancu.so pays for: not the DOCX reader's
# libraries either.
if command -v readelf >/dev/null && [ -e "$BUILD/libcancu.so" ]; then
    readelf -d "$BUILD/libcancu.so" >"$TMP/needed"
    expect_grep "readelf reads libcancu.so's NEEDED" "$TMP/needed" \
        'Shared library: [libxapian'
    check "libcancu.so does not need libzip" \
        bash -c "! grep -q 'NEEDED.*libzip' '$TMP/needed'"
    check "libcancu.so does not need libxml2" \
        bash -c "! grep -q 'NEEDED.*libxml2' '$TMP/needed'"
fi

# Found beside the binary in the build tree: the same usage as the helper.
expect_rc "serve --help exits 0" 0 "$CANCU_BIN" serve --help
expect_grep "serve --help is serve's usage" "$OUT" 'usage: cancu serve '
cp "$OUT" "$TMP/usage"
expect_rc "help serve exits 0" 0 "$CANCU_BIN" help serve
expect_same "help serve prints the same usage" "$TMP/usage" "$OUT"
# The global options before the command reach the helper.
expect_rc "--json serve --threads 0 exits 2" 2 \
    "$CANCU_BIN" --json --quiet serve --threads 0
expect_grep "serve's own error, from the helper" "$ERR" \
    'cancu: serve: --threads takes 1 to 64'
expect_rc "cancu-serve run by itself exits 2" 2 "$BUILD/cancu-serve" --help
expect_grep "it says what runs it" "$ERR" "is run by 'cancu serve'"

# A cancu with no helpers beside it, as a broken install.
mkdir -p "$TMP/alone"
cp "$REAL_BIN" "$TMP/alone/cancu"
expect_rc "a missing cancu-serve exits 3" 3 "$TMP/alone/cancu" serve --help
check "on one line" test "$(wc -l <"$ERR")" -eq 1
expect_grep "naming the program and where it was looked for" "$ERR" \
    "cancu: serve: cancu-serve is not installed in $TMP/alone, "
check "nothing on stdout" test ! -s "$OUT"
expect_rc "CANCU_LIBEXEC_DIR names the helpers' folder" 0 \
    env CANCU_LIBEXEC_DIR="$BUILD" "$TMP/alone/cancu" serve --help
expect_same "the same usage through it" "$TMP/usage" "$OUT"

# The iCalendar writer, missing: the tasks are still listed, exit 3.
A=$TMP/archive
cn "$A" --quiet ingest "$SAMPLE" >/dev/null
run "$CANCU_BIN" --archive "$A" tasks --ics "$TMP/built.ics"
check "tasks --ics beside the module exits 0" test "$RC" -eq 0
expect_grep "a calendar is written" "$TMP/built.ics" 'BEGIN:VCALENDAR'
cp "$OUT" "$TMP/tasks.out"
run "$TMP/alone/cancu" --archive "$A" tasks --ics "$TMP/none.ics"
check "a missing cancu-ics.so exits 3" test "$RC" -eq 3
check "on one line" test "$(wc -l <"$ERR")" -eq 1
expect_grep "naming the module and where it was looked for" "$ERR" \
    "cancu: tasks: cancu-ics.so is not installed in $TMP/alone, "
check "no calendar file is made" test ! -e "$TMP/none.ics"
expect_same "the tasks are listed all the same" "$TMP/tasks.out" "$OUT"
run env CANCU_LIBEXEC_DIR="$BUILD" "$TMP/alone/cancu" --archive "$A" \
    tasks --ics "$TMP/env.ics"
check "tasks --ics through CANCU_LIBEXEC_DIR exits 0" test "$RC" -eq 0
expect_same "the same calendar" "$TMP/built.ics" "$TMP/env.ics"
# A file of that name that is not the module.
printf 'not a module\n' >"$TMP/alone/cancu-ics.so"
run "$TMP/alone/cancu" --archive "$A" tasks --ics "$TMP/bad.ics"
check "a broken cancu-ics.so exits 3" test "$RC" -eq 3
check "on one line" test "$(wc -l <"$ERR")" -eq 1
expect_grep "with the loader's reason" "$ERR" \
    "cancu: tasks: $TMP/alone/cancu-ics.so: "

finish
