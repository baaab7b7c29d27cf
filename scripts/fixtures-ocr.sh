#!/usr/bin/env bash
# Make the scanned fixtures of corpora/scan/ from the sample plan's DOCX:
# LibreOffice lays it out as PDF (Debian's libreoffice-writer-nogui),
# poppler's pdftoppm turns its first page into pixels as a scanner would
# (200 dpi, gray), and img2pdf wraps them in a PDF with no text layer. LibreOffice and img2pdf are installed here when missing: they are
# not build dependencies. The files it made are committed, so the tests
# and CI need neither; run it again only to remake them.
#
#   scripts/fixtures-ocr.sh [OUTDIR]     (default: corpora/scan)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=${1:-$ROOT/corpora/scan}
SRC=$ROOT/corpora/default/gialai-sgddt-cchc-2022.docx
NAME=gialai-sgddt-cchc-2022-p1
DPI=200
mkdir -p "$OUTDIR"

need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v img2pdf >/dev/null || need+=(img2pdf)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if ((${#need[@]})); then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
    echo "installing: ${need[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends "${need[@]}" >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cancu-ocr.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# A profile of its own: no user's settings, no lock on theirs.
soffice --headless -env:UserInstallation=file://"$WORK"/profile \
    --convert-to pdf --outdir "$WORK" "$SRC" >/dev/null 2>&1
pdf=$WORK/$(basename "$SRC" .docx).pdf

# The page as the OCR test reads it: gray pixels, losslessly (pdftoppm's
# own -png would be RGB).
pdftoppm -r "$DPI" -gray -f 1 -l 1 -singlefile "$pdf" "$WORK/$NAME"
python3 "$ROOT/scripts/pgm-to-png.py" "$WORK/$NAME.pgm" "$OUTDIR/$NAME.png" \
    "$DPI"
echo "$OUTDIR/$NAME.png"
# The page as a scanner's PDF holds it: the image (the same pixels) on an
# A4 page, and no text.
img2pdf --pagesize A4 -o "$OUTDIR/$NAME.pdf" "$OUTDIR/$NAME.png"
echo "$OUTDIR/$NAME.pdf"
