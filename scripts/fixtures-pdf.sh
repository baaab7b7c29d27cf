#!/usr/bin/env bash
# Make the PDF fixtures of corpora/pdf/ from DOCX files of the corpus, with
# LibreOffice (Debian's libreoffice-writer-nogui, installed here when
# missing: it is not a build dependency). The PDFs it made are committed,
# so the tests and CI need no LibreOffice; run it again only to remake
# them. LibreOffice lays the pages out with the fonts it finds: with
# Debian's default set (fonts-dejavu, no Times New Roman) the sample's
# task table has narrow columns whose words are cut mid-syllable
# ("Than" / "h tra"), a case the reader must join.
#
#   scripts/fixtures-pdf.sh [OUTDIR [BROKEN]]
#                      (default: corpora/pdf, and corpora/broken for the
#                      encrypted PDF)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUTDIR=${1:-$ROOT/corpora/pdf}
mkdir -p "$OUTDIR"

if ! command -v soffice >/dev/null; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
    echo "installing: libreoffice-writer-nogui"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        --no-install-recommends libreoffice-writer-nogui >/dev/null
fi

# Source DOCX -> name of the PDF made from it.
fixtures=(
    "default/gialai-sgddt-cchc-2022.docx gialai-sgddt-cchc-2022.pdf"
    "real/vbai-TO-TRINH-XET-DUYET-XA-PHUONG-KHONG-MA-TUY.docx vbai-to-trinh-header.pdf"
)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cancu-pdf.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for f in "${fixtures[@]}"; do
    src=${f%% *}
    name=${f##* }
    base=$(basename "$src" .docx)
    # A profile of its own: no user's settings, no lock on theirs.
    soffice --headless -env:UserInstallation=file://"$WORK"/profile \
        --convert-to pdf --outdir "$WORK" "$ROOT/corpora/$src" >/dev/null 2>&1
    mv "$WORK/$base.pdf" "$OUTDIR/$name"
    echo "$OUTDIR/$name"
done

# A PDF that needs a password to open ("secret"), for corpora/broken/.
BROKEN=${2:-$ROOT/corpora/broken}
base=vbai-TO-TRINH-XET-DUYET-XA-PHUONG-KHONG-MA-TUY
soffice --headless -env:UserInstallation=file://"$WORK"/profile \
    --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}' \
    --outdir "$WORK" "$ROOT/corpora/real/$base.docx" >/dev/null 2>&1
mv "$WORK/$base.pdf" "$BROKEN/encrypted.pdf"
echo "$BROKEN/encrypted.pdf"
