#!/bin/bash
# cmake --install into a temporary prefix, then examples/cites.c built
# with cc against the INSTALLED library through pkg-config (shared, and
# static through Libs.private/Requires.private), run with no build-tree
# reader directory on the tasks of real archives the real binary made,
# and compared with what 'cancu cites' prints.
# usage: test-install.sh BUILD-DIR CANCU CORPORA SOURCE-DIR [CFLAGS...]
set -u
build=$1 cancu=$2 corpora=$3 src=$4
shift 4
flags=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" > "$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log"; fail "cmake --install"; }
pc=$(find "$prefix" -name cancu.pc)
[ -n "$pc" ] || fail "no cancu.pc installed"
export PKG_CONFIG_PATH=$(dirname "$pc")
libdir=$(pkg-config --variable=libdir cancu)
for f in libcancu.so libcancu.a cancu-readers/docx.so cancu-readers/pdf.so \
         cancu-readers/doc.so cancu-readers/ocr.so; do
    [ -e "$libdir/$f" ] || fail "$f not installed in $libdir"
done
[ -f "$(pkg-config --variable=includedir cancu)/cancu/cancu.h" ] ||
    fail "cancu/cancu.h not installed"
pkg-config --print-requires-private cancu | grep -q '^xapian-core' ||
    fail "cancu.pc: no Requires.private"
# The DOCX reader's libraries are its module's, not the library's.
! pkg-config --print-requires-private cancu | grep -qE '^(libzip|libxml)' ||
    fail "cancu.pc: libzip or libxml2 in Requires.private"

# Shared: the flags pkg-config gives, nothing from the build tree.
cc -std=c11 -Wall -Wextra -Werror "${flags[@]}" -o "$tmp/cites" \
    "$src/examples/cites.c" $(pkg-config --cflags --libs cancu) ||
    fail "the example does not build against the installed library"
# Static: libcancu.a and what Libs.private and Requires.private add.
static_libs=$(pkg-config --static --libs cancu |
              sed "s|-lcancu |$libdir/libcancu.a |")
cc -std=c11 -Wall -Wextra -Werror "${flags[@]}" -o "$tmp/cites-static" \
    "$src/examples/cites.c" $(pkg-config --cflags cancu) $static_libs ||
    fail "the example does not link statically with pkg-config --static"

# The installed modules, found beside the installed library.
unset CANCU_READER_DIR
libdir=$(realpath "$libdir")
export LD_LIBRARY_PATH=$libdir
ldd "$tmp/cites" | grep -q "$libdir/libcancu.so" ||
    fail "the example does not load the installed libcancu.so"
ref="60/2021/NĐ-CP"
n=0
for plan in "$corpora/default/gialai-sgddt-cchc-2022.txt" \
            "$corpora/default/gialai-sgddt-cchc-2022.docx" \
            "$corpora/pdf/gialai-sgddt-cchc-2022.pdf"; do
    n=$((n + 1))
    arch=$tmp/archive-$n
    CANCU_ARCHIVE=$arch CANCU_READER_DIR=$(dirname "$cancu")/cancu-readers \
        "$cancu" -q ingest "$plan" || fail "ingest $plan"
    CANCU_ARCHIVE=$arch CANCU_READER_DIR=$(dirname "$cancu")/cancu-readers \
        "$cancu" cites --limit 0 "$ref" | grep '^  task ' > "$tmp/cli-$n"
    [ -s "$tmp/cli-$n" ] || fail "cancu cites lists no task of $plan"
    # A static program has no libcancu.so to find the modules beside:
    # it reads the configured ${libdir}/cancu-readers, which is not this
    # temporary prefix, so it is told where they were installed.
    for exe in cites cites-static; do
        if [ $exe = cites-static ]; then
            export CANCU_READER_DIR=$libdir/cancu-readers
        else
            unset CANCU_READER_DIR
        fi
        "$tmp/$exe" "$arch" "$ref" > "$tmp/$exe-archive-$n" ||
            fail "$exe on the archive of $plan"
        diff -u "$tmp/cli-$n" "$tmp/$exe-archive-$n" ||
            fail "$exe on the archive of $plan differs from cancu cites"
        # The file read by the installed library (the PDF by the
        # installed pdf.so), the same tasks.
        "$tmp/$exe" "$plan" "$ref" | sort > "$tmp/$exe-file-$n" ||
            fail "$exe on $plan"
        sort "$tmp/cli-$n" | diff -u - "$tmp/$exe-file-$n" ||
            fail "$exe reading $plan differs from cancu cites"
    done
done
# A module missing from the installed tree: the PDF is refused.
unset CANCU_READER_DIR
mv "$libdir/cancu-readers" "$libdir/gone"
if "$tmp/cites" "$corpora/pdf/gialai-sgddt-cchc-2022.pdf" "$ref" \
        > /dev/null 2> "$tmp/err"; then
    fail "a PDF read with no reader module installed"
fi
grep -q "not installed" "$tmp/err" || { cat "$tmp/err"; fail "message"; }
mv "$libdir/gone" "$libdir/cancu-readers"

# The installed program and its helpers (cli/helpers.c): 'cancu serve'
# finds cancu-serve, and 'cancu tasks --ics' cancu-ics.so, in
# libexec/cancu of this prefix, through their path relative to the
# installed cancu, with nothing from the build tree.
unset CANCU_READER_DIR CANCU_LIBEXEC_DIR
bin=$prefix/bin/cancu
[ -x "$bin" ] || fail "bin/cancu not installed"
for f in cancu-serve cancu-ics.so; do
    [ -e "$prefix/libexec/cancu/$f" ] || fail "libexec/cancu/$f not installed"
done
"$bin" serve --help > "$tmp/serve-help" 2> "$tmp/err" ||
    { cat "$tmp/err"; fail "the installed cancu serve --help"; }
grep -q '^usage: cancu serve ' "$tmp/serve-help" ||
    fail "the installed cancu serve --help is not serve's usage"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --archive "$tmp/archive-1" serve --listen "127.0.0.1:$port" \
    > "$tmp/serve.out" 2> "$tmp/serve.err" &
server=$!
for _ in $(seq 100); do
    curl -s -o "$tmp/home" "http://127.0.0.1:$port/" && break
    sleep 0.1
done
curl -s -o "$tmp/ics" "http://127.0.0.1:$port/plans/$("$bin" --archive \
    "$tmp/archive-1" docs --json | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["documents"][0]["id"])').ics" ||
    true
kill -TERM "$server"
wait "$server" || fail "the installed server did not stop cleanly"
grep -q '<html lang="vi">' "$tmp/home" ||
    { cat "$tmp/serve.err"; fail "the installed cancu serve answers no page"; }
grep -q 'BEGIN:VCALENDAR' "$tmp/ics" ||
    fail "the installed cancu serve writes no calendar (/plans/ID.ics)"
"$bin" --archive "$tmp/archive-1" -q tasks --ics "$tmp/installed.ics" \
    > /dev/null || fail "the installed cancu tasks --ics"
"$cancu" --archive "$tmp/archive-1" -q tasks --ics "$tmp/built.ics" \
    > /dev/null || fail "cancu tasks --ics"
cmp -s "$tmp/built.ics" "$tmp/installed.ics" ||
    fail "the installed cancu tasks --ics writes another calendar"
# The Vietnamese catalog (po/), installed in the prefix's localedir and
# found through its path relative to cancu and to cancu-serve, with no
# build tree beside them.
mo=$(find "$prefix" -path '*/vi/LC_MESSAGES/cancu.mo')
[ -n "$mo" ] || fail "the Vietnamese catalog (vi/LC_MESSAGES/cancu.mo) not installed"
unset CANCU_LOCALEDIR
LANGUAGE=vi LC_ALL=C.UTF-8 "$bin" --help > "$tmp/vi-help" ||
    fail "the installed cancu --help in Vietnamese"
grep -q '^cách dùng: cancu ' "$tmp/vi-help" ||
    fail "the installed cancu finds no Vietnamese catalog"
LANGUAGE=vi LC_ALL=C.UTF-8 "$bin" serve --help > "$tmp/vi-serve-help" ||
    fail "the installed cancu serve --help in Vietnamese"
grep -q '^cách dùng: cancu serve ' "$tmp/vi-serve-help" ||
    fail "the installed cancu-serve finds no Vietnamese catalog"
# The installed program (linked statically) reads a DOCX through the
# installed docx.so, found from its own folder (../lib/cancu-readers),
# not from the configured prefix this temporary one is not.
docx=$corpora/default/gialai-sgddt-cchc-2022.docx
"$bin" extract "$docx" > "$tmp/installed-extract" 2> "$tmp/err" ||
    { cat "$tmp/err"; fail "the installed cancu extract of a DOCX"; }
CANCU_READER_DIR=$(dirname "$cancu")/cancu-readers "$cancu" extract "$docx" \
    > "$tmp/built-extract" || fail "cancu extract of a DOCX"
cmp -s "$tmp/built-extract" "$tmp/installed-extract" ||
    fail "the installed cancu extracts the DOCX otherwise"
echo "PASS: installed library, headers, cancu.pc, readers ($n plans)," \
    "cancu and its helpers, the Vietnamese catalog"
