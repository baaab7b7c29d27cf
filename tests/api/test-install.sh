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
for f in libcancu.so libcancu.a cancu-readers/pdf.so cancu-readers/doc.so \
         cancu-readers/ocr.so; do
    [ -e "$libdir/$f" ] || fail "$f not installed in $libdir"
done
[ -f "$(pkg-config --variable=includedir cancu)/cancu/cancu.h" ] ||
    fail "cancu/cancu.h not installed"
pkg-config --print-requires-private cancu | grep -q '^xapian-core' ||
    fail "cancu.pc: no Requires.private"

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
echo "PASS: installed library, headers, cancu.pc and readers ($n plans)"
