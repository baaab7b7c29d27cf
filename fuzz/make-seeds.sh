#!/usr/bin/env bash
# Collect each harness's seed corpus into OUT/<harness>/ (default
# build-fuzz/seeds): the plans in corpora/ and the phrases in fuzz/seeds/.
# The copies are the fuzzer's to grow; the sources are never written.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build-fuzz/seeds}

rm -rf "$out"
mkdir -p "$out"/{fuzz_docx,fuzz_pdf,fuzz_doc,fuzz_txt,fuzz_references,fuzz_deadlines,fuzz_query,fuzz_vbpl}
shopt -s nullglob
cp corpora/default/*.docx corpora/docx/*.docx corpora/broken/*.docx \
   "$out/fuzz_docx/"
# The PDFs: LibreOffice's, the hostile ones, and small hand-made ones.
cp corpora/pdf/*.pdf corpora/broken/*.pdf fuzz/seeds/pdf/* "$out/fuzz_pdf/"
# Word 97-2003: LibreOffice's, the hostile ones, and a few small real ones
# (legacy fonts, tables).
cp corpora/doc/*.doc corpora/broken/*.doc "$out/fuzz_doc/"
for f in corpora/real/vip-2009-download.doc corpora/real/vip-2005-1DCA4_3b.doc \
         corpora/real/sct-2019-CV-tham-gia-y-kien-TKCS-mo-da-VLXD-SauChua.doc; do
  [[ -f $f ]] && cp "$f" "$out/fuzz_doc/"
done
# Two plans whose task tables are flattened Markdown, one nested in a
# web page's layout table.
txt=(corpora/default/*.txt corpora/broken/*.txt corpora/gold/*.txt
     corpora/real/tnt-617-KH-UBND.txt corpora/real/tnt-980-KH-UBND.txt)
cp "${txt[@]}" "$out/fuzz_txt/"
# The extractor takes UTF-8 only; the harness skips the rest anyway.
for f in "${txt[@]}" fuzz/seeds/references/*; do
  if iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1; then
    cp "$f" "$out/fuzz_references/$(basename "$f")"
  fi
done
cp fuzz/seeds/deadlines/* "$out/fuzz_deadlines/"
cp fuzz/seeds/query/* "$out/fuzz_query/"
# The dataset tables in corpora/vbpl/, and a few more shapes.
cp corpora/vbpl/*.csv corpora/vbpl/*.jsonl fuzz/seeds/vbpl/* "$out/fuzz_vbpl/"
# Inputs that once failed stay in the corpora, as fuzz_<harness>-*.
for f in fuzz/regressions/*; do
  harness=${f##*/}
  harness=${harness%%-*}
  [[ -d $out/$harness ]] && cp "$f" "$out/$harness/"
done
echo "seeds in $out"
