#!/usr/bin/env bash
# Make the hostile and broken files cancu must refuse cleanly (exit 2, one
# line naming the file and the reason, nothing written, bounded memory and
# time). Deterministic: the same bytes every run with the same gzip.
#
#   scripts/make-broken-corpus.sh DIR              the large files (never
#                                                  committed), into DIR
#   scripts/make-broken-corpus.sh --committed DIR  the small fixtures kept in
#                                                  corpora/broken/
#
# Needs only bash, coreutils, gzip and iconv (all Essential in Debian): zip
# files are written by hand, their deflate data and CRC-32 taken from
# gzip's output.
# corpora/broken/README.md says what each file is and what cancu answers.
set -euo pipefail

usage() {
    echo "usage: ${0##*/} [--committed] DIR" >&2
    exit 2
}

COMMITTED=0
if [ "${1-}" = --committed ]; then
    COMMITTED=1
    shift
fi
[ "$#" -eq 1 ] || usage
OUTDIR=$1
mkdir -p "$OUTDIR"
CORPORA=$(cd "$(dirname "$0")/../corpora" && pwd)
export LC_ALL=C
# A producer stopped early by head dies of SIGPIPE: the few pipelines that
# stop early say 'set +o pipefail' in a subshell of their own.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cancu-broken.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------ bytes

# Little-endian integers, written without a fork.
u16() {
    local esc
    printf -v esc '\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255))
    # shellcheck disable=SC2059 # the format is the bytes
    printf "$esc"
}
u32() {
    local esc
    printf -v esc '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) \
        $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255))
    # shellcheck disable=SC2059 # the format is the bytes
    printf "$esc"
}
# hex STRING: the bytes of a string of hex digits (spaces ignored).
hex() {
    local h=${1// /} esc='' i
    for ((i = 0; i < ${#h}; i += 2)); do
        esc+="\\x${h:i:2}"
    done
    # shellcheck disable=SC2059 # the format is the bytes
    printf "$esc"
}
byte() {
    local esc
    printf -v esc '\\x%02x' "$1"
    # shellcheck disable=SC2059 # the format is the byte
    printf "$esc"
}
zeros() { head -c "$1" /dev/zero; }
fill() { head -c "$1" /dev/zero | tr '\0' "$2"; }
# le32_at FILE OFFSET: the little-endian 32-bit number at OFFSET of FILE.
le32_at() {
    local b=()
    read -r -a b < <(od -An -tu1 -j "$2" -N4 "$1")
    echo $((b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24))
}
# Deterministic bytes that look random: gzip's output for a counting
# sequence, past its header.
noise() {
    (
        set +o pipefail # head stops the others early
        seq 1 $(($1 / 2 + 1000)) | gzip -n -9 | tail -c +11 | head -c "$1"
    )
}
filesize() { stat -c %s "$1"; }
# shuffled N: the numbers 1 to N, one a line, in an order that looks random
# (shuf's random bytes taken from gzip's output for a counting sequence).
shuffled() {
    shuf -i "1-$1" --random-source=<(seq 1 $(($1 * 2)) | gzip -n -9)
}

# ------------------------------------------------------------ zip

# A zip file written entry by entry:
#   zip_begin OUT; zip_add NAME deflate|store <DATA; ...; zip_end
# Each entry's deflate data and CRC-32 come from gzip -n: a 10-byte header
# (no name, no time), raw deflate data, then CRC-32 and size mod 2^32.
ZIP_OUT=
ZIP_CD=
ZIP_COUNT=0
ZIP_OFFSET=0
# Hooks for the broken ones: flags written in the headers, and a sed-free
# way to damage the data (a function given the data file).
ZIP_FLAGS=0
ZIP_DAMAGE=
# A lie for the headers: the uncompressed size they claim, when set.
ZIP_USIZE=
# gzip's level: 9 for the bombs (runs of one byte deflate ~1000:1 there).
ZIP_LEVEL=6

zip_begin() {
    ZIP_OUT=$1
    ZIP_CD=$WORK/central
    ZIP_COUNT=0
    ZIP_OFFSET=0
    : >"$ZIP_OUT"
    : >"$ZIP_CD"
}

# zip_entry NAME METHOD CRC CSIZE USIZE DATAFILE
# Names are ASCII (their length in bytes is ${#name}).
zip_entry() {
    local name=$1 method=$2 crc=$3 csize=$4 usize=$5 data=$6
    {
        u32 0x04034b50
        u16 20
        u16 "$ZIP_FLAGS"
        u16 "$method"
        u16 0      # 00:00:00
        u16 0x0021 # 1980-01-01
        u32 "$crc"
        u32 "$csize"
        u32 "$usize"
        u16 "${#name}"
        u16 0
        printf '%s' "$name"
        cat "$data"
    } >>"$ZIP_OUT"
    {
        u32 0x02014b50
        u16 0x0314 # made by Unix, zip 2.0
        u16 20
        u16 "$ZIP_FLAGS"
        u16 "$method"
        u16 0
        u16 0x0021
        u32 "$crc"
        u32 "$csize"
        u32 "$usize"
        u16 "${#name}"
        u16 0
        u16 0
        u16 0
        u16 0
        u32 $((0100644 << 16))
        u32 "$ZIP_OFFSET"
        printf '%s' "$name"
    } >>"$ZIP_CD"
    ZIP_COUNT=$((ZIP_COUNT + 1))
    ZIP_OFFSET=$((ZIP_OFFSET + 30 + ${#name} + csize))
}

# zip_add NAME deflate|store: the entry's content on stdin. The state is
# in globals: give it input with '< <(...)', never through a pipe.
zip_add() {
    local name=$1 method=$2 gz=$WORK/entry.gz data=$WORK/entry.data
    local size crc usize
    gzip -n "-$ZIP_LEVEL" >"$gz"
    size=$(filesize "$gz")
    crc=$(le32_at "$gz" $((size - 8)))
    usize=$(le32_at "$gz" $((size - 4)))
    if [ "$method" = store ]; then
        gzip -d -c "$gz" >"$data"
        method=0
    else
        tail -c +11 "$gz" | head -c $((size - 18)) >"$data"
        method=8
    fi
    if [ -n "$ZIP_DAMAGE" ]; then
        "$ZIP_DAMAGE" "$data"
    fi
    if [ -n "$ZIP_USIZE" ]; then
        usize=$ZIP_USIZE
    fi
    zip_entry "$name" "$method" "$crc" "$(filesize "$data")" "$usize" "$data"
}

# zip_add_empty_many PREFIX COUNT SUFFIX: COUNT empty stored entries named
# PREFIX00000SUFFIX and on, written with a few printf calls (one call per
# entry would take seconds).
zip_add_empty_many() {
    local prefix=$1 count=$2 suffix=$3 len i offsets=() names=() esc lenhex
    local rec=$((30 + ${#prefix} + 5 + ${#suffix}))
    for ((i = 0; i < count; i++)); do
        printf -v 'names[i]' '%s%05d%s' "$prefix" "$i" "$suffix"
        printf -v 'offsets[i]' '\\x%02x\\x%02x\\x%02x\\x%02x' \
            $(((ZIP_OFFSET + i * rec) & 255)) $(((ZIP_OFFSET + i * rec) >> 8 & 255)) \
            $(((ZIP_OFFSET + i * rec) >> 16 & 255)) $(((ZIP_OFFSET + i * rec) >> 24 & 255))
    done
    len=$((${#prefix} + 5 + ${#suffix}))
    printf -v lenhex '%02x' "$len"
    # Local headers: version 20, stored, 1980-01-01, CRC and sizes 0.
    esc="PK\\x03\\x04\\x14\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x21\\x00"
    esc+="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
    esc+="\\x$lenhex\\x00\\x00\\x00%s"
    # shellcheck disable=SC2059 # the format is the bytes
    printf "$esc" "${names[@]}" >>"$ZIP_OUT"
    # Central headers: the same, then comment, disk, attributes, offset.
    esc="PK\\x01\\x02\\x14\\x03\\x14\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x21\\x00"
    esc+="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"
    esc+="\\x$lenhex\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\xa4\\x81"
    local pairs=()
    for ((i = 0; i < count; i++)); do
        pairs+=("${offsets[i]}" "${names[i]}")
    done
    # shellcheck disable=SC2059 # the format is the bytes
    printf "$esc%b%s" "${pairs[@]}" >>"$ZIP_CD"
    ZIP_COUNT=$((ZIP_COUNT + count))
    ZIP_OFFSET=$((ZIP_OFFSET + count * rec))
}

zip_end() {
    local cd_size
    cd_size=$(filesize "$ZIP_CD")
    cat "$ZIP_CD" >>"$ZIP_OUT"
    {
        u32 0x06054b50
        u16 0
        u16 0
        u16 "$ZIP_COUNT"
        u16 "$ZIP_COUNT"
        u32 "$cd_size"
        u32 "$ZIP_OFFSET"
        u16 0
    } >>"$ZIP_OUT"
}

# ------------------------------------------------------------ DOCX

W_NS=http://schemas.openxmlformats.org/wordprocessingml/2006/main
CP_NS=http://schemas.openxmlformats.org/package/2006/metadata/core-properties

content_types() {
    cat <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
EOF
}

package_rels() {
    cat <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
EOF
}

# The parts of a package before word/document.xml.
docx_begin() {
    zip_begin "$1"
    zip_add '[Content_Types].xml' deflate < <(content_types)
    zip_add _rels/.rels deflate < <(package_rels)
}

# docx OUT: a package whose word/document.xml is stdin, deflated.
docx() {
    docx_begin "$1"
    zip_add word/document.xml deflate
    zip_end
}

xml_head() {
    printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
}
utf16_head() {
    printf '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>\n'
}
# UTF-8 on stdin to UTF-16LE, with a BOM or without.
to_utf16() {
    hex 'fffe'
    to_utf16_raw
}
to_utf16_raw() { iconv -f UTF-8 -t UTF-16LE; }
doc_open() { printf '<w:document xmlns:w="%s"><w:body>' "$W_NS"; }
doc_close() { printf '<w:sectPr/></w:body></w:document>\n'; }
para() { printf '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' "$1"; }

# A small valid plan, the base of the broken ones.
plan_body() {
    para 'ỦY BAN NHÂN DÂN TỈNH GIA LAI'
    para 'SỞ GIÁO DỤC VÀ ĐÀO TẠO'
    para 'Số: 45/KH-SGDĐT'
    para 'Gia Lai, ngày 15 tháng 12 năm 2021'
    para 'KẾ HOẠCH'
    para 'Cải cách hành chính năm 2022'
    para 'Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính;'
    para 'Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;'
    para 'I. MỤC TIÊU'
    para '1. Tiếp tục đẩy mạnh cải cách hành chính, tinh giản biên chế, chuẩn hoá quy trình nghiệp vụ.'
    para '- Rà soát, đánh giá thủ tục hành chính theo Quyết định số 602/QĐ-UBND.'
    para 'II. NHIỆM VỤ'
    para '1. Cải cách thể chế: thường xuyên trong năm 2022.'
}
plan_xml() {
    xml_head
    doc_open
    plan_body
    doc_close
}

# ------------------------------------------------------------ OLE

# An OLE compound file (MS-CFB, version 3, 512-byte sectors): one FAT
# sector, one directory sector, then each stream in whole sectors (every
# stream is made 4096 bytes or more, so no mini stream is needed).
#   ole OUT NAME:FILE...
ole() {
    local out=$1 i s n sector=2 chain start count size
    shift
    n=$#
    local names=() files=() starts=() sizes=()
    for i in "$@"; do
        names+=("${i%%:*}")
        files+=("${i#*:}")
    done
    for ((i = 0; i < n; i++)); do
        size=$(filesize "${files[i]}")
        starts+=("$sector")
        sizes+=("$size")
        sector=$((sector + (size + 511) / 512))
    done
    {
        # Header.
        hex 'd0cf11e0a1b11ae1'
        zeros 16                 # CLSID
        u16 0x003e               # minor version
        u16 0x0003               # major version 3
        u16 0xfffe               # little-endian
        u16 9                    # 512-byte sectors
        u16 6                    # 64-byte mini sectors
        zeros 6
        u32 0                    # directory sectors (0 in version 3)
        u32 1                    # FAT sectors
        u32 1                    # first directory sector
        u32 0                    # transaction
        u32 4096                 # mini stream cutoff
        u32 0xfffffffe           # no mini FAT
        u32 0
        u32 0xfffffffe           # no DIFAT sectors
        u32 0
        u32 0                    # DIFAT[0]: the FAT is sector 0
        for ((i = 1; i < 109; i++)); do u32 0xffffffff; done
        # Sector 0: the FAT.
        u32 0xfffffffd           # sector 0 is the FAT
        u32 0xfffffffe           # sector 1, the directory, ends its chain
        count=2
        for ((i = 0; i < n; i++)); do
            start=${starts[i]}
            chain=$(((sizes[i] + 511) / 512))
            for ((s = start; s < start + chain - 1; s++)); do u32 $((s + 1)); done
            u32 0xfffffffe
            count=$((count + chain))
        done
        for ((; count < 128; count++)); do u32 0xffffffff; done
        # Sector 1: the directory. The root's child is the first stream;
        # the others hang to its left, each the left child of the one
        # before (names sort by length first: give them shortest last).
        ole_dirent 'Root Entry' 5 1 0xffffffff 0xffffffff 1 0xfffffffe 0
        for ((i = 0; i < n; i++)); do
            local left=0xffffffff
            if ((i + 1 < n)); then left=$((i + 2)); fi
            ole_dirent "${names[i]}" 2 $((i == 0 ? 1 : 0)) "$left" 0xffffffff \
                0xffffffff "${starts[i]}" "${sizes[i]}"
        done
        for ((i = n + 1; i < 4; i++)); do
            zeros 64
            u16 0
            hex '0000'
            u32 0xffffffff
            u32 0xffffffff
            u32 0xffffffff
            zeros 16
            zeros 4
            zeros 16
            u32 0
            u32 0
            u32 0
        done
        # The streams, each padded to whole sectors.
        for ((i = 0; i < n; i++)); do
            cat "${files[i]}"
            zeros $(((512 - sizes[i] % 512) % 512))
        done
    } >"$out"
}

# ole_dirent NAME TYPE COLOR LEFT RIGHT CHILD START SIZE: a 128-byte entry.
ole_dirent() {
    local name=$1 j
    for ((j = 0; j < ${#name}; j++)); do
        printf '%s' "${name:j:1}"
        zeros 1
    done
    zeros $((64 - 2 * ${#name}))
    u16 $((2 * ${#name} + 2))
    u16 $(($2 | $3 << 8))
    u32 "$4"
    u32 "$5"
    u32 "$6"
    zeros 16 # CLSID
    u32 0    # state bits
    zeros 16 # creation and modification times
    u32 "$7"
    u32 "$8"
    u32 0
}

# ------------------------------------------------------------ PDF

# pdf_file BODY...: a PDF whose objects 1, 2, ... are the BODY strings,
# with a correct cross-reference table and /Root 1 0 R.
pdf_file() {
    local out='%PDF-1.4'$'\n' offsets=() i=1 obj
    for obj in "$@"; do
        offsets+=("${#out}")
        out+="$i 0 obj"$'\n'"$obj"$'\n'"endobj"$'\n'
        i=$((i + 1))
    done
    local xref=${#out}
    out+="xref"$'\n'"0 $i"$'\n'"0000000000 65535 f "$'\n'
    for obj in "${offsets[@]}"; do
        out+=$(printf '%010d 00000 n ' "$obj")$'\n'
    done
    out+="trailer"$'\n'"<< /Size $i /Root 1 0 R >>"$'\n'
    out+="startxref"$'\n'"$xref"$'\n''%%EOF'$'\n'
    printf '%s' "$out"
}

# A page of text in a standard font: objects 3 (the page) and 4 (its
# content).
PDF_CATALOG='<< /Type /Catalog /Pages 2 0 R >>'
PDF_TEXT='BT /F1 12 Tf 72 720 Td (Ke hoach cai cach hanh chinh nam 2022) Tj ET'
PDF_PAGE='<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>'
PDF_CONTENT="<< /Length ${#PDF_TEXT} >>"$'\n'"stream"$'\n'"$PDF_TEXT"$'\n'"endstream"

pdf_fixtures() {
    local d=$1 page=$PDF_PAGE content=$PDF_CONTENT kids=() i

    # A good one-page PDF, cut in the middle of its content stream: no
    # cross-reference table, no trailer, no page tree.
    pdf_file "$PDF_CATALOG" '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
        "$page" "$content" | head -c 120 >"$d/truncated.pdf"

    # Cross-references that point anywhere, and no catalog to find when
    # they are rebuilt: only the page itself is there.
    {
        printf '%%PDF-1.4\n3 0 obj\n%s\nendobj\n' "$page"
        printf 'xref\n0 9\n0000000000 65535 f \n'
        for i in 1 2 3 4 5 6 7 8; do printf '99999%05d 00000 n \n' "$i"; done
        printf 'trailer\n<< /Size 9 /Root 7 0 R >>\nstartxref\n123456789\n%%%%EOF\n'
    } >"$d/malformed-xref.pdf"

    # The page tree nested 20000 arrays deep.
    {
        printf '%%PDF-1.4\n1 0 obj\n%s\nendobj\n' "$PDF_CATALOG"
        printf '2 0 obj\n<< /Type /Pages /Count 1 /Kids '
        fill 20000 '['
        printf '3 0 R'
        fill 20000 ']'
        printf ' >>\nendobj\n3 0 obj\n%s\nendobj\n' "$page"
        printf 'trailer\n<< /Root 1 0 R >>\n%%%%EOF\n'
    } >"$d/deep-nesting.pdf"

    # 2001 pages, one page object listed 2001 times (an object numbered
    # 2100 lets the page count stand): over CANCU_PDF_MAX_PAGES.
    for ((i = 0; i < 2001; i++)); do kids+=('3 0 R'); done
    {
        printf '%%PDF-1.4\n1 0 obj\n%s\nendobj\n' "$PDF_CATALOG"
        printf '2 0 obj\n<< /Type /Pages /Count 2001 /Kids [%s] >>\nendobj\n' "${kids[*]}"
        printf '3 0 obj\n%s\nendobj\n4 0 obj\n%s\nendobj\n' "$page" "$content"
        printf '2100 0 obj\nnull\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n'
    } >"$d/huge-page-count.pdf"

    # A page tree that claims a billion pages and holds one.
    pdf_file "$PDF_CATALOG" '<< /Type /Pages /Kids [3 0 R] /Count 1000000000 >>' \
        "$page" "$content" >"$d/page-count-lie.pdf"

    # A page that is a picture (an 8x8 grey image over the whole page),
    # no text: a scan.
    {
        local img='q 595 0 0 842 0 0 cm /Im1 Do Q'
        pdf_file "$PDF_CATALOG" '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
            '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>' \
            "<< /Length ${#img} >>"$'\n'"stream"$'\n'"$img"$'\n'"endstream" \
            "<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length 64 >>"$'\n'"stream"$'\n'"$(fill 64 'A')"$'\n'"endstream"
    } >"$d/scanned.pdf"

    # 201 lines of 1000 glyphs on one page (poppler keeps some 50000 of
    # them), over CANCU_PDF_MAX_PAGE_GLYPHS (40000), in a deflated content stream of a few hundred bytes (a
    # zlib header on gzip's deflate data; the checksum left zero, which
    # readers do not check).
    {
        local line text z
        line="($(fill 1000 'A')) Tj 0 4 Td "
        z=$WORK/glyphs.z
        {
            printf 'BT /F1 1 Tf 10 10 Td '
            for ((i = 0; i < 201; i++)); do printf '%s' "$line"; done
            printf 'ET'
        } | gzip -n -9 | tail -c +11 | head -c -8 >"$z.raw"
        { hex '78da'; cat "$z.raw"; hex '00000000'; } >"$z"
        printf '%%PDF-1.4\n1 0 obj\n%s\nendobj\n' "$PDF_CATALOG"
        printf '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'
        printf '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3000 3000] /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> /Contents 4 0 R >>\nendobj\n'
        printf '4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n' "$(filesize "$z")"
        cat "$z"
        printf '\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%%%EOF\n'
    } >"$d/glyph-bomb.pdf"

    # A page with nothing on it.
    pdf_file "$PDF_CATALOG" '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>' >"$d/no-text.pdf"
}

# ------------------------------------------------------------ Word 97

# word_fib FLAGS NFIB CCP_TEXT [INDEX:FC:LCB]...: a Word 97 FIB (900
# bytes): FibBase, 14 words, 22 longs (ccpText the fourth), 93 (fc, lcb)
# pairs, all zero but those given by index (33 is the Clx, 13 the
# PlcBtePapx).
word_fib() {
    local flags=$1 nfib=$2 ccp=$3 i pair fc lcb
    shift 3
    u16 0xa5ec
    u16 "$nfib"
    u16 0
    u16 0x042a # lid: Vietnamese
    u16 0
    u16 "$flags"
    zeros 20
    u16 14
    zeros 28
    u16 22
    zeros 12
    u32 "$ccp"
    zeros 72
    u16 93
    for ((i = 0; i < 93; i++)); do
        fc=0
        lcb=0
        for pair in "$@"; do
            if [ "${pair%%:*}" = "$i" ]; then
                fc=${pair#*:}
                lcb=${fc#*:}
                fc=${fc%%:*}
            fi
        done
        u32 "$fc"
        u32 "$lcb"
    done
    u16 0
}

# word_doc OUT FLAGS NFIB TABLE_NAME TABLE_FILE [PAIR]...: a .doc whose
# WordDocument stream is the FIB and, at byte 1024, 16 bytes of 8-bit
# text with its paragraph mark, in 4096 bytes.
word_doc() {
    local out=$1 flags=$2 nfib=$3 table_name=$4 table=$5
    shift 5
    {
        word_fib "$flags" "$nfib" 16 "$@"
        zeros $((1024 - 900))
        printf 'Ke hoach 2022  \r'
        zeros $((4096 - 1024 - 16))
    } >"$WORK/WordDocument"
    ole "$out" "WordDocument:$WORK/WordDocument" "$table_name:$table"
}

# word_clx PIECES [FC]...: a Clx of one Pcdt whose PIECES pieces each
# hold 16 characters, the piece's FC (its bytes' offset, 8-bit text)
# given or 1024; padded to 4096 bytes or more.
word_clx() {
    local n=$1 i fc size
    shift
    size=$((4 * (n + 1) + 8 * n))
    {
        hex 02
        u32 "$size"
        for ((i = 0; i <= n; i++)); do u32 $((16 * i)); done
        for ((i = 0; i < n; i++)); do
            fc=${1:-1024}
            u16 0
            u32 $((0x40000000 | 2 * fc))
            u16 0
        done
        zeros $((size + 5 < 4096 ? 4096 - size - 5 : 0))
    }
}

# ------------------------------------------------------------ committed

committed() {
    local d=$OUTDIR f
    # Empty files.
    : >"$d/empty.txt"
    : >"$d/empty.docx"

    # Binary: an ELF header, then every byte value four times.
    {
        hex '7f454c46020101000000000000000000'
        for _ in 1 2 3 4; do
            for ((i = 0; i < 256; i++)); do byte "$i"; done
        done
    } >"$d/binary-junk.txt"
    # Control characters but no NUL: a terminal recording.
    for ((i = 0; i < 64; i++)); do
        printf '\033[1;3%dmKe hoach\033[0m\b\b\a\x01\x02\x03\r\n' $((i % 8))
    done >"$d/binary-controls.txt"
    # Random bytes, all 0x80 and above: not UTF-8, no legacy encoding's
    # syllables, no ASCII at all.
    noise 4096 | tr '\000-\177' '\200-\377' >"$d/random-high-bytes.txt"
    # UTF-16LE with its BOM, and a high surrogate with no low one after it.
    { hex 'fffe'; printf 'Kế hoạch ' | to_utf16_raw; hex '00d8'; printf ' cải cách\n' | to_utf16_raw; } \
        >"$d/utf16-lone-surrogate.txt"

    # Other formats under a .docx name.
    {
        printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n'
        printf '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n'
        printf '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n'
        printf '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n'
        printf 'trailer\n<< /Root 1 0 R /Size 4 >>\n%%%%EOF\n'
    } >"$d/pdf-renamed.docx"
    # A 1x1 PNG.
    {
        hex '89504e470d0a1a0a0000000d494844520000000100000001080600'
        hex '00001f15c4890000000b4944415478da63f80f040009fb03fd68fa1c'
        hex 'cc0000000049454e44ae426082'
    } >"$d/png-renamed.docx"

    # Word 97-2003: an OLE file with a WordDocument stream (its FIB starts
    # with the magic 0xA5EC).
    { hex 'eca5c100'; zeros 4092; } >"$WORK/WordDocument"
    ole "$d/word97.doc" "WordDocument:$WORK/WordDocument"
    # The same under a .docx name, as users do.
    cp "$d/word97.doc" "$d/word97-renamed.docx"
    # Word 97-2003 files that cannot be read, each a FIB and a table
    # stream (their Clx at 0): a piece outside the WordDocument stream;
    # a thousand pieces of the same 16 bytes; the Clx past the table
    # stream's end; the table stream the FIB names (1Table) missing; the
    # FIB's flags for encrypted and fast-saved; Word 95's nFib; a page of
    # paragraph properties past the stream's end.
    word_clx 1 1000000 >"$WORK/clx-outside"
    word_doc "$d/doc-piece-outside.doc" 0 0xc1 0Table "$WORK/clx-outside" \
        33:0:21
    word_clx 1000 >"$WORK/clx-repeat"
    word_doc "$d/doc-pieces-repeat.doc" 0 0xc1 0Table "$WORK/clx-repeat" \
        33:0:12009
    word_clx 1 >"$WORK/clx"
    word_doc "$d/doc-clx-outside.doc" 0 0xc1 0Table "$WORK/clx" 33:0:100000
    word_doc "$d/doc-no-table.doc" 0x0200 0xc1 0Table "$WORK/clx" 33:0:21
    word_doc "$d/doc-encrypted.doc" 0x0100 0xc1 0Table "$WORK/clx" 33:0:21
    word_doc "$d/doc-fast-saved.doc" 0x0004 0xc1 0Table "$WORK/clx" 33:0:21
    word_doc "$d/doc-word95.doc" 0 0x65 0Table "$WORK/clx" 33:0:21
    { head -c 21 "$WORK/clx"; u32 0; u32 16; u32 9999; zeros 4063; } \
        >"$WORK/clx-papx"
    word_doc "$d/doc-papx-outside.doc" 0 0xc1 0Table "$WORK/clx-papx" \
        33:0:21 13:21:12
    # Its PlcBtePapx names the same page (an empty one, page 4 of the
    # WordDocument stream: its bytes 2048 on are zeros) 3000 times: read
    # once, and the plan loads.
    {
        head -c 21 "$WORK/clx"
        for ((i = 0; i <= 3000; i++)); do u32 0; done
        for ((i = 0; i < 3000; i++)); do u32 4; done
        zeros 4075
    } >"$WORK/clx-pages"
    word_doc "$d/doc-pages-repeat.doc" 0 0xc1 0Table "$WORK/clx-pages" \
        33:0:21 13:21:24004
    # A compound file that is no Word document (a spreadsheet's stream).
    { printf 'Workbook'; zeros 4088; } >"$WORK/Workbook"
    ole "$d/excel97.doc" "Workbook:$WORK/Workbook"
    # The LibreOffice fixture cut to half: its directory is gone.
    head -c 6144 "$CORPORA/doc/features.doc" >"$d/doc-truncated.doc"
    # The LibreOffice fixture whose root directory entry has a right
    # sibling (entry 1): libgsf reads the sibling as a second root and
    # leaks both when it rejects the directory (found by fuzz_doc).
    cp "$CORPORA/doc/features.doc" "$d/doc-root-sibling.doc"
    local dir_sector
    dir_sector=$(od -An -tu4 -j48 -N4 "$CORPORA/doc/features.doc")
    u32 1 | dd of="$d/doc-root-sibling.doc" bs=1 \
        seek=$(((dir_sector + 1) * 512 + 0x48)) conv=notrunc status=none
    # A password-protected DOCX: Office puts the encrypted zip in the OLE
    # stream EncryptedPackage (its size first, then AES blocks) and the key
    # data in EncryptionInfo (agile encryption: version 4.4).
    { u32 8192; u32 0; noise 8184; } >"$WORK/EncryptedPackage"
    { hex '04000400'; u32 0x40; printf '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>'; zeros 4000; } >"$WORK/EncryptionInfo"
    ole "$d/encrypted.docx" "EncryptedPackage:$WORK/EncryptedPackage" \
        "EncryptionInfo:$WORK/EncryptionInfo"

    # A valid plan: the base of the broken zips (not itself committed).
    plan_xml | docx "$WORK/plan.docx"
    # Cut in half: no central directory.
    head -c $(($(filesize "$WORK/plan.docx") / 2)) "$WORK/plan.docx" >"$d/truncated.docx"
    # word/document.xml stored, then one byte of it changed: a CRC error.
    docx_begin "$d/crc-mismatch.docx"
    ZIP_DAMAGE=damage_text
    zip_add word/document.xml store < <(plan_xml)
    ZIP_DAMAGE=
    zip_end
    # word/document.xml deflated, then 64 bytes in its middle overwritten.
    docx_begin "$d/corrupt-deflate.docx"
    ZIP_DAMAGE=damage_deflate
    zip_add word/document.xml deflate < <(plan_xml)
    ZIP_DAMAGE=
    zip_end
    # Traditional PKWARE encryption on word/document.xml (flag bit 0): a
    # 12-byte encryption header, then the data.
    docx_begin "$d/zip-password.docx"
    ZIP_FLAGS=1
    ZIP_DAMAGE=damage_encrypt
    zip_add word/document.xml store < <(plan_xml)
    ZIP_FLAGS=0
    ZIP_DAMAGE=
    zip_end

    # A spreadsheet: a zip without word/document.xml.
    zip_begin "$d/spreadsheet.docx"
    zip_add '[Content_Types].xml' deflate < <(
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>\n')
    zip_add xl/workbook.xml deflate < <(
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>\n')
    zip_add xl/worksheets/sheet1.xml deflate < <(
        printf '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kế hoạch</t></is></c></row></sheetData></worksheet>\n')
    zip_end
    # A zip named .pdf: read by its bytes, a zip with no document in it.
    cp "$d/spreadsheet.docx" "$d/zip-renamed.pdf"
    # The PDFs (the encrypted one is LibreOffice's: scripts/fixtures-pdf.sh).
    pdf_fixtures "$d"

    # word/document.xml broken in several ways.
    { xml_head; doc_open; para 'Kế hoạch'; printf '<w:p><w:r><w:t>Cải cách</w:r></w:p>'; doc_close; } |
        docx "$d/not-well-formed.docx"
    { xml_head; doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>Cải cách hành chính'; } |
        docx "$d/xml-truncated.docx"
    { xml_head; printf '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&x;</w:t></w:r></w:p>'; doc_close; } |
        docx "$d/xxe-file.docx"
    { xml_head; printf '<!DOCTYPE w:document SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY %% p SYSTEM "http://127.0.0.1:9/p.dtd"> %%p; <!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n'
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&x;</w:t></w:r></w:p>'; doc_close; } |
        docx "$d/xxe-http.docx"
    billion_laughs_dtd >"$WORK/laughs"
    { xml_head; cat "$WORK/laughs"
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'; doc_close; } |
        docx "$d/billion-laughs.docx"
    # The DTD past the first 64 KiB, behind a long comment.
    { xml_head; printf '<!--'; fill 70000 'x'; printf -- '-->\n'
      cat "$WORK/laughs"
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'; doc_close; } |
        docx "$d/billion-laughs-late.docx"
    # An external entity behind the same comment.
    { xml_head; printf '<!--'; fill 70000 'x'; printf -- '-->\n'
      printf '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&x;</w:t></w:r></w:p>'; doc_close; } |
        docx "$d/xxe-file-late.docx"
    # In UTF-16, where "<!DOCTYPE" is not the bytes a scan for it looks for:
    # an external entity, the billion laughs, and one entity of 180 KB
    # referred to 50000 times (9 GB expanded, no nesting).
    { utf16_head; printf '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&x;</w:t></w:r></w:p>'; doc_close; } |
        to_utf16 | docx "$d/xxe-utf16.docx"
    { utf16_head; cat "$WORK/laughs"
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'; doc_close; } |
        to_utf16 | docx "$d/billion-laughs-utf16.docx"
    { utf16_head; printf '<!DOCTYPE w:document [<!ENTITY a "'
      for ((i = 0; i < 20000; i++)); do printf 'Kế hoạch '; done
      printf '">]>\n'
      doc_open; para 'Kế hoạch cải cách hành chính năm 2022'; printf '<w:p><w:r><w:t>'
      for ((i = 0; i < 50000; i++)); do printf '&a;'; done
      printf '</w:t></w:r></w:p>'; doc_close; } |
        to_utf16 | docx "$d/quadratic-blowup-utf16.docx"
    # 5000 nested elements in the body.
    { xml_head; doc_open; para 'Kế hoạch cải cách hành chính năm 2022'
      for ((i = 0; i < 5000; i++)); do printf '<w:sdt><w:sdtContent>'; done
      para 'Cải cách'
      for ((i = 0; i < 5000; i++)); do printf '</w:sdtContent></w:sdt>'; done
      doc_close; } | docx "$d/deep-nesting.docx"

    # No text: empty paragraphs, a page break, a picture's frame.
    { xml_head; doc_open
      printf '<w:p/><w:p><w:pPr><w:jc w:val="center"/></w:pPr></w:p>'
      printf '<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>'
      printf '<w:p><w:r><w:drawing/></w:r></w:p>'
      doc_close; } | docx "$d/no-text.docx"
    # A table whose cells are all empty, and nothing else.
    { xml_head; doc_open
      printf '<w:tbl><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>'
      doc_close; } | docx "$d/empty-table.docx"

    # A ratio bomb small enough to commit: 16 MiB of paragraphs in 16 KiB.
    bomb_xml $((16 << 20)) | docx "$d/zip-bomb-small.docx"
    # Headers that lie about sizes: word/document.xml inflates to 10 MiB
    # of blanks from 10 KB of deflate data, yet its headers claim 4096
    # bytes inflated and 58 KB compressed (48 KB of noise follow the
    # deflate data; inflating never reads them). Against the claimed
    # compressed size that is 180:1, under the ratio limit; against the
    # bytes read, 1000:1.
    spaces_mib
    docx_begin "$d/sizes-lie.docx"
    ZIP_LEVEL=9
    ZIP_DAMAGE=pad_with_noise
    ZIP_USIZE=4096
    zip_add word/document.xml deflate < <(blanks_xml 10 '')
    ZIP_LEVEL=6
    ZIP_DAMAGE=
    ZIP_USIZE=
    zip_end

    # Tolerated: files cancu may load or refuse, but cleanly.
    # Entries named to escape the folder a naive unzip writes to.
    docx_begin "$d/zip-slip.docx"
    zip_add word/document.xml deflate < <(plan_xml)
    zip_add ../../x deflate < <(printf 'zip slip\n')
    zip_add /etc/evil deflate < <(printf 'zip slip\n')
    zip_add 'word/../../../x' store < <(printf 'zip slip\n')
    zip_end
    # Nesting just under the depth limit, past the reader's own stacks:
    # paragraphs in text boxes 40 deep, 40 unfinished fields, 40 nested
    # alternate contents.
    nesting_edge_xml | docx "$d/nesting-edge.docx"

    for f in "$d"/*; do
        if [ "$(filesize "$f")" -ge 65536 ]; then
            echo "${0##*/}: $f is 64 KiB or more" >&2
            exit 1
        fi
    done
}

billion_laughs_dtd() {
    printf '<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
    printf '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    for ((i = 2; i <= 9; i++)); do
        printf '<!ENTITY lol%d "' "$i"
        for ((j = 0; j < 10; j++)); do printf '&lol%d;' $((i - 1)); done
        printf '">\n'
    done
    printf ']>\n'
}

nesting_edge_xml() {
    local i
    xml_head
    printf '<w:document xmlns:w="%s" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>' "$W_NS"
    para 'Kế hoạch cải cách hành chính năm 2022'
    for ((i = 0; i < 40; i++)); do printf '<w:p><w:r><w:t>Tầng %d</w:t></w:r><w:r><w:txbxContent>' "$i"; done
    for ((i = 0; i < 40; i++)); do printf '</w:txbxContent></w:r></w:p>'; done
    printf '<w:p>'
    for ((i = 0; i < 40; i++)); do printf '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:t>trường %d</w:t></w:r>' "$i"; done
    printf '</w:p>'
    printf '<w:p>'
    for ((i = 0; i < 40; i++)); do printf '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>lựa chọn %d</w:t></w:r>' "$i"; done
    for ((i = 0; i < 40; i++)); do printf '</mc:Choice><mc:Fallback><w:r><w:t>dự phòng</w:t></w:r></mc:Fallback></mc:AlternateContent>'; done
    printf '</w:p>'
    printf '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="99999999999"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc></w:tr>'
    printf '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="63"/><w:vMerge w:val="continue"/></w:tcPr></w:tc></w:tr></w:tbl>'
    doc_close
}

# bomb_xml SIZE: about SIZE bytes of valid, highly compressible XML, one
# short paragraph repeated.
bomb_xml() {
    local unit='<w:p><w:r><w:t>Kế hoạch cải cách hành chính</w:t></w:r></w:p>'
    xml_head
    doc_open
    (
        set +o pipefail # head stops the others early
        yes "$unit" | tr -d '\n' | head -c "$1" | head -c $(($1 / ${#unit} * ${#unit}))
    )
    doc_close
}

# Damage to zip entry data, given the data file.
damage_text() {
    # 'Kế hoạch' -> 'Kế hoạcH' somewhere in the middle: still XML, wrong CRC.
    local f=$1 size
    size=$(filesize "$f")
    {
        head -c $((size / 2)) "$f"
        tail -c +$((size / 2 + 1)) "$f" | sed '0,/h/s//H/'
    } >"$f.new"
    mv "$f.new" "$f"
}
damage_deflate() {
    local f=$1 size
    size=$(filesize "$f")
    {
        head -c $((size / 2)) "$f"
        fill 64 '\377'
        tail -c +$((size / 2 + 65)) "$f"
    } >"$f.new"
    mv "$f.new" "$f"
}
pad_with_noise() {
    noise 49152 >>"$1"
}
damage_encrypt() {
    local f=$1
    { noise 12; tr 'abcdefghijklmnopqrstuvwxyz' 'nopqrstuvwxyzabcdefghijklm' <"$f"; } >"$f.new"
    mv "$f.new" "$f"
}

# ------------------------------------------------------------ large

large() {
    local d=$OUTDIR unit bytes i
    spaces_mib

    # A zip bomb: word/document.xml is 64 MiB of blanks between empty
    # paragraphs, deflated about 1000:1 into some 64 KiB. The ratio limit
    # (200:1, plus 1 MiB) stops it after some 14 MB.
    ZIP_LEVEL=9
    docx "$d/zip-bomb.docx" < <(blanks_xml 64 '')

    ZIP_LEVEL=6

    # Past the 256 MiB limit without tripping the ratio limit, which
    # compares with the compressed bytes read so far: 260 MiB of blanks,
    # each MiB followed by 24 KB of numbers in random order, about 80:1
    # all along.
    shuffled 5000 >"$WORK/numbers"
    docx "$d/inflate-past-256mib.docx" < <(
        xml_head
        padded_open '<w:document' '><w:body>'
        plan_body
        padding 260
        doc_close
    )
    # The limit is the file's, all its parts together: six parts cancu
    # reads, each 46 MiB of the same padding (under 256 MiB, once the
    # limit of one part), 276 MiB in all.
    docx_begin "$d/parts-past-256mib.docx"
    zip_add word/styles.xml deflate < <(
        xml_head; padded_open '<w:styles' '>'; padding 45; printf '</w:styles>')
    zip_add word/numbering.xml deflate < <(
        xml_head; padded_open '<w:numbering' '>'; padding 45
        printf '</w:numbering>')
    zip_add docProps/core.xml deflate < <(
        xml_head
        padded_open '<cp:coreProperties' " xmlns:cp=\"$CP_NS\">"
        padding 45; printf '</cp:coreProperties>')
    zip_add word/document.xml deflate < <(
        xml_head; padded_open '<w:document' '><w:body>'; plan_body
        padding 45; doc_close)
    zip_add word/footnotes.xml deflate < <(
        xml_head; padded_open '<w:footnotes' '>'; padding 45
        printf '</w:footnotes>')
    zip_add word/endnotes.xml deflate < <(
        xml_head; padded_open '<w:endnotes' '>'; padding 45
        printf '</w:endnotes>')
    zip_end

    # 10000 entries besides the three of a DOCX: over the limit of 10000.
    docx_begin "$d/many-entries.docx"
    zip_add word/document.xml deflate < <(plan_xml)
    zip_add_empty_many customXml/item 10000 .xml
    zip_end

    # TXT: one line of 50 MB of Vietnamese text (valid UTF-8).
    unit='Kế hoạch cải cách hành chính năm 2022; '
    bytes=$(printf '%s' "$unit" | wc -c)
    (
        set +o pipefail # head stops yes
        yes "$unit" | head -n $((50000000 / bytes)) | tr -d '\n'
    ) >"$d/long-line-50mb.txt"
    # Over the 64 MiB file limit by one byte: sparse files of NULs, which
    # are refused for their size before anything is read.
    for f in over-64mib.txt over-64mib.docx; do
        : >"$d/$f"
        truncate -s $(((64 << 20) + 1)) "$d/$f"
    done
}

# One MiB of blanks in $WORK/spaces, for blanks_xml.
spaces_mib() {
    head -c $((1 << 20)) /dev/zero | tr '\0' ' ' >"$WORK/spaces"
}

# padded_open START END: a root element's start tag, START and END around
# the namespaces of WordprocessingML and of the padding.
padded_open() {
    printf '%s xmlns:w="%s" xmlns:x="urn:cancu:padding"%s' "$1" "$W_NS" "$2"
}

# padding MIB: MIB MiB of blanks, each MiB followed by the numbers in
# $WORK/numbers in an element cancu skips: deflated about 80:1, so the
# ratio limit never fires.
padding() {
    local i
    for ((i = 0; i < $1; i++)); do
        cat "$WORK/spaces"
        printf '<x:pad>'
        cat "$WORK/numbers"
        printf '</x:pad>'
    done
}

# blanks_xml MIB TAIL: a plan's first paragraph, MIB MiB of blanks (an
# empty paragraph after each MiB), then the file TAIL (if any) in an
# element cancu skips.
blanks_xml() {
    local i
    xml_head
    printf '<w:document xmlns:w="%s" xmlns:x="urn:cancu:padding"><w:body>' "$W_NS"
    para 'Kế hoạch cải cách hành chính năm 2022'
    for ((i = 0; i < $1; i++)); do
        cat "$WORK/spaces"
        printf '<w:p/>'
    done
    if [ -n "$2" ]; then
        printf '<x:pad>'
        cat "$2"
        printf '</x:pad>'
    fi
    doc_close
}

if [ "$COMMITTED" -eq 1 ]; then
    committed
else
    large
fi
