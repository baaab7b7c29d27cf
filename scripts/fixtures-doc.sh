#!/usr/bin/env bash
# Make the Word 97-2003 fixtures of corpora/doc/ with LibreOffice:
#   gialai-sgddt-cchc-2022.doc  the default plan's DOCX saved as .doc
#   features.doc                a small DOCX written here, saved as .doc:
#                               a footnote, a field, a table with a
#                               header row, a vertical merge and an empty
#                               cell, a table nested in a cell, a text
#                               box, hidden
#                               text, a line break, runs in
#                               .VnTime, .VnTimeH and VNI-Times, and a
#                               paragraph style in .VnTime, and list
#                               numbering (I., 1., a), bullets); the DOCX
#                               it was saved from is kept beside it
# LibreOffice (libreoffice-writer-nogui) is installed when missing; it is
# needed only here, never to build or test: the fixtures are committed.
# usage: scripts/fixtures-doc.sh [OUTDIR]   (default corpora/doc)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-corpora/doc}

if ! command -v soffice >/dev/null 2>&1; then
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends libreoffice-writer-nogui >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out" "$tmp/in"

python3 - "$tmp/in/features.docx" <<'PY'
import sys
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = ('xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships" xmlns:v="urn:schemas-microsoft-com:vml"')


def run(text, font=None, hidden=False):
    rpr = ''
    if font:
        rpr += f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}"/>'
    if hidden:
        rpr += '<w:vanish/>'
    rpr = f'<w:rPr>{rpr}</w:rPr>' if rpr else ''
    return (f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>')


def para(*runs, style=None, level=None):
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ''
    if level is not None:
        ppr += (f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/>'
                '</w:numPr>')
    ppr = f'<w:pPr>{ppr}</w:pPr>' if ppr else ''
    return f'<w:p>{ppr}{"".join(runs)}</w:p>'


def cell(text, merge=None):
    tcpr = '<w:tcW w:w="3000" w:type="dxa"/>'
    if merge == 'restart':
        tcpr += '<w:vMerge w:val="restart"/>'
    elif merge == 'continue':
        tcpr += '<w:vMerge/>'
    body = para(run(text)) if text else '<w:p/>'
    return f'<w:tc><w:tcPr>{tcpr}</w:tcPr>{body}</w:tc>'


def row(cells, header=False):
    trpr = '<w:trPr><w:tblHeader/></w:trPr>' if header else ''
    return f'<w:tr>{trpr}{"".join(cells)}</w:tr>'


table = (
    '<w:tbl><w:tblPr><w:tblW w:w="9000" w:type="dxa"/></w:tblPr>'
    '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/>'
    '<w:gridCol w:w="3000"/></w:tblGrid>'
    + row([cell('STT'), cell('Nhiệm vụ'), cell('Đơn vị chủ trì')], True)
    + row([cell('1', 'restart'), cell('Rà soát thủ tục'), cell('')])
    + row([cell('', 'continue'), cell('Báo cáo kết quả'),
           cell('Văn phòng')])
    + '</w:tbl>')
# A table in a cell of another: its text is the outer cell's.
inner = ('<w:tbl><w:tblGrid><w:gridCol w:w="1400"/><w:gridCol w:w="1400"/>'
         '</w:tblGrid>' + row([cell('Quý I'), cell('Quý II')]) + '</w:tbl>')
nested = (
    '<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/>'
    '</w:tblGrid>' + row([cell('Thời gian'), cell('Kinh phí')])
    + '<w:tr><w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
    + inner + '<w:p/></w:tc>' + cell('Ngân sách') + '</w:tr></w:tbl>')

body = (
    para(run('Văn bản thử đọc .doc')),
    para(run('Căn cứ Nghị định số 45/2020/NĐ-CP'),
         '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
         '<w:footnoteReference w:id="1"/></w:r>',
         run(' của Chính phủ.')),
    para(run('Xem '),
         '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         '<w:r><w:instrText xml:space="preserve"> HYPERLINK '
         '"http://example.invalid/" </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
         run('trang thông tin'),
         '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
         run(' của Sở.')),
    para(run('Dòng một'), '<w:r><w:br/></w:r>', run('Dòng hai')),
    para(run('Hiện '), run('ẨN ĐI ', hidden=True), run('rồi.')),
    # A text box: its paragraphs come after the one holding its shape.
    para(run('Trước hộp.'),
         '<w:r><w:pict><v:shape id="box1" type="#_x0000_t202" '
         'style="width:200pt;height:40pt"><v:textbox><w:txbxContent>'
         + para(run('Nội dung trong hộp văn bản.')) +
         '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>'),
    # TCVN3 (ABC) bytes as Word keeps them: "Kế hoạch năm 2022".
    para(run('K\u00d5 ho\u00b9ch n\u00a8m 2022', '.VnTime')),
    # The capitals-only font: "KẾ HOẠCH".
    para(run('k\u00d5 ho\u00b9ch', '.VnTimeH')),
    # VNI-Windows: "Sở Nội vụ".
    para(run('S\u00f4\u00fb No\u00e4i vu\u00ef', 'VNI-Times')),
    # A paragraph whose style gives .VnTime: "Cải cách hành chính".
    para(run('C\u00b6i c\u00b8ch h\u00b5nh ch\u00ddnh'), style='VnBody'),
    table,
    para(run('Giữa hai bảng.')),
    nested,
    para(run('MỤC TIÊU'), level=0),
    para(run('Cải cách thể chế'), level=1),
    para(run('Nâng cao chất lượng'), level=2),
    para(run('Triển khai'), level=3),
    para(run('Đổi mới'), level=2),
    para(run('NHIỆM VỤ'), level=0),
    para(run('Cải cách thủ tục'), level=1),
    para(run('Hết.')),
)
levels = [('upperRoman', '%1.'), ('decimal', '%2.'), ('lowerLetter', '%3)'),
          ('bullet', '-')]
numbering = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:numbering {W}><w:abstractNum w:abstractNumId="0">'
    + ''.join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/>'
              f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
              f'<w:pPr><w:ind w:left="{360 * (i + 1)}" w:hanging="360"/>'
              '</w:pPr></w:lvl>'
              for i, (fmt, text) in enumerate(levels))
    + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>'
    '</w:num></w:numbering>')
document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document {W} {R}><w:body>{"".join(body)}'
            '<w:sectPr/></w:body></w:document>')
footnotes = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:footnotes {W}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
    '</w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
    '<w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:rStyle '
    'w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
    + run(' Thay thế Thông tư số 01/2021/TT-BNV.') +
    '</w:p></w:footnote></w:footnotes>')
styles = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<w:styles {W}>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
    '<w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="VnBody"><w:name w:val="VnBody"/>'
    '<w:basedOn w:val="Normal"/><w:rPr><w:rFonts w:ascii=".VnTime" '
    'w:hAnsi=".VnTime"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="FootnoteReference">'
    '<w:name w:val="footnote reference"/><w:rPr><w:vertAlign '
    'w:val="superscript"/></w:rPr></w:style>'
    '</w:styles>')
content_types = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types">'
    '<Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/footnotes.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
    '<Override PartName="/word/numbering.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    '</Types>')
rels = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>')
doc_rels = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
    'Target="footnotes.xml"/><Relationship Id="rId3" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>')
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', content_types)
    z.writestr('_rels/.rels', rels)
    z.writestr('word/_rels/document.xml.rels', doc_rels)
    z.writestr('word/document.xml', document)
    z.writestr('word/styles.xml', styles)
    z.writestr('word/footnotes.xml', footnotes)
    z.writestr('word/numbering.xml', numbering)
PY
cp corpora/default/gialai-sgddt-cchc-2022.docx "$tmp/in/"

# A profile of its own, so that a running LibreOffice or the user's
# settings play no part.
soffice -env:UserInstallation="file://$tmp/profile" --headless --norestore \
  --convert-to doc:"MS Word 97" --outdir "$tmp" \
  "$tmp/in/gialai-sgddt-cchc-2022.docx" "$tmp/in/features.docx" >/dev/null 2>&1
for f in gialai-sgddt-cchc-2022.doc features.doc; do
  if [ ! -s "$tmp/$f" ]; then
    echo "fixtures-doc: LibreOffice did not write $f" >&2
    exit 1
  fi
  cp "$tmp/$f" "$out/$f"
done
cp "$tmp/in/features.docx" "$out/features.docx"
echo "fixtures in $out"
