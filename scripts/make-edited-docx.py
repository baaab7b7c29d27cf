#!/usr/bin/env python3
"""Make corpora/docx/edited-sample.docx: the sample plan as Word saves it
after heavy editing, to check that cancu reads the same text from it as
from the clean copy.

Word's edits leave the text the reader sees unchanged but split it across
many runs (revision ids, spell-check marks), and wrap it in bookmarks,
comments, smart tags, hyperlinks, content controls, fields, and tracked
changes whose deleted text must never be read. Deterministic (seeded).

usage: scripts/make-edited-docx.py CLEAN.docx OUT.docx
"""
import random
import re
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def split_run(rng, rpr, text):
    """The text of one run as several runs, cut at random points, some of
    them mid-word, each with its own revision id, with Word's other
    debris between them."""
    out = []
    pos = 0
    while pos < len(text):
        step = rng.randint(1, 12)
        piece = text[pos:pos + step]
        pos += step
        rsid = "00%06X" % rng.randrange(1 << 24)
        space = ' xml:space="preserve"' if piece != piece.strip() else ""
        run = ('<w:r w:rsidR="%s">%s<w:t%s>%s</w:t></w:r>'
               % (rsid, rpr, space, escape(piece)))
        kind = rng.randrange(14)
        if kind == 0:
            run = '<w:proofErr w:type="spellStart"/>' + run + \
                  '<w:proofErr w:type="spellEnd"/>'
        elif kind == 1:
            n = rng.randrange(10000)
            run = ('<w:bookmarkStart w:id="%d" w:name="_Toc%d"/>%s'
                   '<w:bookmarkEnd w:id="%d"/>' % (n, n, run, n))
        elif kind == 2:
            # A tracked insertion: kept.
            run = '<w:ins w:id="%d" w:author="A">%s</w:ins>' % (
                rng.randrange(10000), run)
        elif kind == 3:
            # A tracked deletion next to it: never read.
            run += ('<w:del w:id="%d" w:author="A"><w:r><w:delText>'
                    'Nghị định số 16/2015/NĐ-CP bị xoá</w:delText></w:r>'
                    '</w:del>' % rng.randrange(10000))
        elif kind == 4:
            run = ('<w:smartTag w:uri="urn:schemas-microsoft-com:office:'
                   'smarttags" w:element="place">%s</w:smartTag>' % run)
        elif kind == 5:
            run = ('<w:hyperlink r:id="rId99" xmlns:r="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships">'
                   '%s</w:hyperlink>' % run)
        elif kind == 6:
            n = rng.randrange(10000)
            run = ('<w:commentRangeStart w:id="%d"/>%s<w:commentRangeEnd '
                   'w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r>'
                   % (n, run, n, n))
        elif kind == 7:
            run = ('<w:sdt><w:sdtPr><w:alias w:val="Nội dung"/><w:text/>'
                   '<w:placeholder><w:docPart w:val="X"/></w:placeholder>'
                   '</w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % run)
        elif kind == 8:
            # A field whose result is the text; its instruction is not.
            run = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                   '<w:r><w:instrText xml:space="preserve"> MERGEFIELD '
                   'Truong </w:instrText></w:r><w:r><w:fldChar '
                   'w:fldCharType="separate"/></w:r>%s<w:r><w:fldChar '
                   'w:fldCharType="end"/></w:r>' % run)
        elif kind == 9:
            # A moved-away copy: never read.
            run += ('<w:moveFrom w:id="%d" w:author="A"><w:r><w:t>đoạn '
                    'đã chuyển đi</w:t></w:r></w:moveFrom>'
                    % rng.randrange(10000))
        elif kind == 10:
            # Hidden text: never read.
            run += ('<w:r><w:rPr><w:vanish/></w:rPr><w:t>chữ ẩn</w:t>'
                    '</w:r>')
        out.append(run)
    return "".join(out)


def main():
    clean, out = sys.argv[1], sys.argv[2]
    rng = random.Random(20211215)
    with zipfile.ZipFile(clean) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    run_re = re.compile(r'<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?'
                        r'<w:t(?: [^>]*)?>'
                        r'([^<]*)</w:t></w:r>', re.S)

    def edit(m):
        rpr = m.group(1) or ""
        text = (m.group(2).replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&"))
        return split_run(rng, rpr, text)

    xml, n = run_re.subn(edit, xml)
    if n == 0:
        sys.exit("no runs found in " + clean)
    # Paragraph-mark revisions and section properties Word adds.
    xml = xml.replace("<w:p>", '<w:p w:rsidR="00A1B2C3" w:rsidRDefault='
                      '"00A1B2C3">')
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


if __name__ == "__main__":
    main()
