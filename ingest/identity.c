/* The document's own identity: issuer, number, place, date, type, title,
 * province and the date it takes effect, read from the header that
 * Vietnamese official documents share (Decree 30/2020/NĐ-CP, Appendix I)
 * in the layouts real files give it: DOCX tables, TXT columns, stacked or
 * interleaved lines, Markdown from web pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"
#include "ingest/pattern.h"

/* The kinds of document a type line names, as printed in capitals, with
 * the name the identity gives them and the code their numbers carry
 * ("15/KH-UBND"), for a header that prints no type line. Longer names
 * first. */
static const struct type_word {
    const char *caps;
    const char *name;
    const char *code;
} type_words[] = {
    {"THÔNG TƯ LIÊN TỊCH", "Thông tư liên tịch", "TTLT"},
    {"VĂN BẢN HỢP NHẤT", "Văn bản hợp nhất", "VBHN"},
    {"KẾ HOẠCH", "Kế hoạch", "KH"},
    {"QUYẾT ĐỊNH", "Quyết định", "QĐ"},
    {"THÔNG TƯ", "Thông tư", "TT"},
    {"NGHỊ ĐỊNH", "Nghị định", "NĐ"},
    {"NGHỊ QUYẾT", "Nghị quyết", "NQ"},
    {"PHÁP LỆNH", "Pháp lệnh", "PL"},
    {"LUẬT", "Luật", ""},
    {"BÁO CÁO", "Báo cáo", "BC"},
    {"TỜ TRÌNH", "Tờ trình", "TTr"},
    {"THÔNG BÁO", "Thông báo", "TB"},
    {"GIẤY PHÉP", "Giấy phép", "GP"},
    {"PHIẾU TRÌNH", "Phiếu trình", "PT"},
    {"BẢN QUY ĐỊNH", "Quy định", ""}, /* vip-2005-QDINHUUDAI522 */
    {"QUY ĐỊNH", "Quy định", ""},
    {"QUY CHẾ", "Quy chế", ""},
    {"PHỤ LỤC", "Phụ lục", ""},
    {"HƯỚNG DẪN", "Hướng dẫn", "HD"},
    {"CHƯƠNG TRÌNH", "Chương trình", "CTr"},
    {"CHỈ THỊ", "Chỉ thị", "CT"},
    {"CÔNG VĂN", "Công văn", ""},
    {"CÔNG ĐIỆN", "Công điện", "CĐ"},
    {"ĐỀ ÁN", "Đề án", "ĐA"},
    {"BIÊN BẢN", "Biên bản", "BB"},
    {"KẾT LUẬN", "Kết luận", "KL"},
    {"BÀI PHÁT BIỂU KHAI MẠC", "Bài phát biểu", ""},
    {"BÀI PHÁT BIỂU BẾ MẠC", "Bài phát biểu", ""},
    {"BÀI PHÁT BIỂU", "Bài phát biểu", ""},
};

/* The words a unit's name starts with, folded to ASCII as
 * cancu_fold__ascii writes them: a line of the issuer that starts with
 * one is a new level ("UBND TỈNH LÀO CAI" over "SỞ CÔNG THƯƠNG"); any
 * other line continues the name above it ("ỦY BAN NHÂN DÂN" over "TỈNH
 * LÂM ĐỒNG", a name wrapped in two). */
static const char *const issuer_heads[] = {
    "bo ",        "so ",        "cuc ",       "tong cuc ", "chi cuc ",
    "ubnd",       "uy ban ",    "hoi dong ",  "cong an ",  "van phong ",
    "ban ",       "bql ",       "doan ",      "phong ",    "cong ty ",
    "trung tam ", "ngan hang ", "thanh tra ", "quoc hoi",  "truong ",
};

/* Pieces that are parts of the motto when they stand alone. */
static const char *const motto_parts[] = {
    "cong",
    "hoa",
    "xa",
    "hoi",
    "cong hoa xa",
    "hoi chu nghia viet nam",
    "xa hoi",
    "hoa xa hoi",
    "chu nghia",
    "chu nghia viet nam",
    "xa hoi chu nghia",
    "xa hoi chu nghia viet nam",
    "cong hoa",
};

/* Provinces and centrally-run cities as issuers name them (folded), with
 * the name the identity gives. */
static const struct province {
    const char *folded;
    const char *name;
} provinces[] = {
    {"an giang", "An Giang"},
    {"ba ria", "Bà Rịa – Vũng Tàu"},
    {"bac giang", "Bắc Giang"},
    {"bac kan", "Bắc Kạn"},
    {"bac lieu", "Bạc Liêu"},
    {"bac ninh", "Bắc Ninh"},
    {"ben tre", "Bến Tre"},
    {"binh dinh", "Bình Định"},
    {"binh duong", "Bình Dương"},
    {"binh phuoc", "Bình Phước"},
    {"binh thuan", "Bình Thuận"},
    {"ca mau", "Cà Mau"},
    {"can tho", "Cần Thơ"},
    {"cao bang", "Cao Bằng"},
    {"da nang", "Đà Nẵng"},
    {"dak lak", "Đắk Lắk"},
    {"dak nong", "Đắk Nông"},
    {"dien bien", "Điện Biên"},
    {"dong nai", "Đồng Nai"},
    {"dong thap", "Đồng Tháp"},
    {"gia lai", "Gia Lai"},
    {"ha giang", "Hà Giang"},
    {"ha nam", "Hà Nam"},
    {"ha noi", "Hà Nội"},
    {"ha tinh", "Hà Tĩnh"},
    {"hai duong", "Hải Dương"},
    {"hai phong", "Hải Phòng"},
    {"hau giang", "Hậu Giang"},
    {"hoa binh", "Hòa Bình"},
    {"ho chi minh", "Hồ Chí Minh"},
    {"hung yen", "Hưng Yên"},
    {"khanh hoa", "Khánh Hòa"},
    {"kien giang", "Kiên Giang"},
    {"kon tum", "Kon Tum"},
    {"lai chau", "Lai Châu"},
    {"lam dong", "Lâm Đồng"},
    {"lang son", "Lạng Sơn"},
    {"lao cai", "Lào Cai"},
    {"long an", "Long An"},
    {"nam dinh", "Nam Định"},
    {"nghe an", "Nghệ An"},
    {"ninh binh", "Ninh Bình"},
    {"ninh thuan", "Ninh Thuận"},
    {"phu tho", "Phú Thọ"},
    {"phu yen", "Phú Yên"},
    {"quang binh", "Quảng Bình"},
    {"quang nam", "Quảng Nam"},
    {"quang ngai", "Quảng Ngãi"},
    {"quang ninh", "Quảng Ninh"},
    {"quang tri", "Quảng Trị"},
    {"soc trang", "Sóc Trăng"},
    {"son la", "Sơn La"},
    {"tay ninh", "Tây Ninh"},
    {"thai binh", "Thái Bình"},
    {"thai nguyen", "Thái Nguyên"},
    {"thanh hoa", "Thanh Hóa"},
    {"hue", "Huế"},
    {"tien giang", "Tiền Giang"},
    {"tra vinh", "Trà Vinh"},
    {"tuyen quang", "Tuyên Quang"},
    {"vinh long", "Vĩnh Long"},
    {"vinh phuc", "Vĩnh Phúc"},
    {"yen bai", "Yên Bái"},
};

/* Lines that end a title: what follows the title in every layout. */
static cancu_pattern_t title_stop = CANCU_PATTERN(
    "^(?:(?-i:Căn\\s*cứ|Kính\\s*gửi|Thực\\s*hiện|Theo\\s*đề\\s*nghị|Xét\\s)|"
    "Điều\\s+\\d|Chương\\s+[IVX\\d]|Phần\\s+[IVX\\d]|[IVX]+\\s*[.)]\\s|"
    "\\d+\\s*[.)]\\s|ỦY\\s*BAN\\s*NHÂN\\s*DÂN|UỶ\\s*BAN\\s*NHÂN\\s*DÂN|"
    "HỘI\\s*ĐỒNG\\s*NHÂN\\s*DÂN|CHÍNH\\s*PHỦ$|QUỐC\\s*HỘI$|BỘ\\s*TRƯỞNG|"
    "CHỦ\\s*TỊCH|THỦ\\s*TƯỚNG(?:\\s*CHÍNH\\s*PHỦ)?\\s*:?$|TRƯỞNG\\s*BAN|"
    "GIÁM\\s*ĐỐC|Nơi\\s*nhận|\\(\\s*(?:Ban\\s+hành\\s+)?kèm\\s+theo|"
    "(?-i:Để\\s|Ngày\\s+\\d)|"
    "Đang\\s*tải|Lưu\\s*trữ)",
    PCRE2_CASELESS);

/* The national motto, whole or in parts: Cộng hòa ... Việt Nam, Độc lập
 * - Tự do - Hạnh phúc (group 1 marks the second line). Matched where a
 * piece may start: anchored when compiled, as PCRE2's JIT does not run
 * a pattern anchored only when matched (the interpreter made a fifth of
 * an ingest). Every match starts with C or Đ, either case (may_be_motto). */
static cancu_pattern_t motto = CANCU_PATTERN(
    "CỘNG\\s*H(?:ÒA|OÀ|OA)(?:\\s*XÃ\\s*HỘI)?(?:\\s*CHỦ\\s*NGHĨA)?"
    "(?:\\s*VIỆT\\s*NAM)?|CHỦ\\s*NGHĨA\\s*VIỆT\\s*NAM|"
    "(ĐỘC\\s*LẬP\\s*[-–—:]?\\s*TỰ\\s*DO\\s*[-–—:]?\\s*HẠNH\\s*PHÚC)",
    PCRE2_CASELESS | PCRE2_ANCHORED);

static cancu_pattern_t number_line = CANCU_PATTERN(
    "^(?:Luật\\s*)?S[ốỐ]\\s*(?::|\\s|(?=\\d))\\s*(.*)$", PCRE2_CASELESS);
static cancu_pattern_t number_form =
    CANCU_PATTERN("^((?:[\\p{L}\\d.-]*\\d[\\p{L}\\d.-]*\\s?)?/\\s?[^\\s,;]+"
                  "(?:\\s[-–]\\s[^\\s,;]+)?)",
                  0);
static cancu_pattern_t date_line =
    CANCU_PATTERN("^(?:([^,\\d]{2,40}?)\\s*,\\s*)?ngày\\s*(\\d{1,2})?\\s*(?:"
                  "tháng\\s*(\\d{1,2})?\\s*năm\\s*((?:19|20)\\d{2})|"
                  "[/.-]\\s*(\\d{1,2})\\s*[/.-]\\s*((?:19|20)\\d{2}))",
                  PCRE2_CASELESS);
static cancu_pattern_t letter_subject =
    CANCU_PATTERN("^(?:V\\s*/\\s*v|V\\.v)\\b\\s*[.:]?\\s*(.*)$", 0);
/* A letter's subject written "về việc ..." in lower case in place of
 * "V/v" (sct-Mau-DN-rut-ho-so), in its header only: under a type line it
 * begins the title. */
static cancu_pattern_t letter_subject_words =
    CANCU_PATTERN("^về\\s+việc\\s+(.*)$", 0);
static cancu_pattern_t draft_mark =
    CANCU_PATTERN("^\\(?\\s*(?:DỰ\\s*THẢO|Dự\\s*thảo)", 0);
static cancu_pattern_t gazette = CANCU_PATTERN(
    "^(Thông\\s+tư\\s+liên\\s+tịch|Nghị\\s+định|Thông\\s+tư|Quyết\\s+định|"
    "Nghị\\s+quyết|Chỉ\\s+thị)\\s+(?:của\\s+(.+?)\\s+|(?:liên\\s+tịch\\s+)?"
    "(?=\\S+\\s+\\S+.*?\\ssố)(.+?)\\s+)?số:?\\s*"
    "((?:\\d+\\s?)?/\\s?[^\\s,]+|[^\\s,]+)\\s*"
    ",?\\s*ngày\\s+(\\d{1,2})\\s*(?:/|\\s*tháng\\s*)(\\d{1,2})\\s*"
    "(?:/|\\s*năm\\s*)((?:19|20)\\d{2})\\s*(.*)$",
    PCRE2_CASELESS);
/* "Quyết định này có hiệu lực từ ngày ...", "Có hiệu lực kể từ ngày ký"
 * opening a clause; "có hiệu lực thi hành và áp dụng cho ... từ ngày";
 * not a cited law's ("Điều 11 Luật hóa chất số 69/2025/QH15 có hiệu
 * lực từ ngày ..."), whose number stands before. */
static cancu_pattern_t in_force = CANCU_PATTERN(
    "(?:\\bnày\\b[^.;]{0,80}?|^(?:(?!số\\s*\\d)[^.;]){0,60}?)có\\s+hiệu\\s+"
    "lực\\s+(?:thi\\s+hành\\s+)?(?:và\\s+áp\\s+dụng[^.;]{0,160}?\\s)?"
    "(?:(?:kể\\s+)?từ\\s+ngày\\s+(?:(\\d{1,2})\\s*"
    "(?:/|\\s*tháng\\s*)(\\d{1,2})\\s*(?:/|\\s*năm\\s*)((?:19|20)\\d{2})|"
    "(ký|ban\\s+hành))|sau\\s+(\\d{1,3})\\s+ngày,?\\s+kể\\s+từ\\s+ngày\\s+"
    "(ký|ban\\s+hành|đăng))",
    PCRE2_CASELESS);
/* What marks a blank form: its number-free header is followed by blanks
 * to fill in, or it names itself a model ("Mẫu số 5"). */
static cancu_pattern_t form_blank = CANCU_PATTERN(
    "\\.{5}|…{2}|\\(ghi\\s|^Mẫu\\s+(?:số\\s*)?[\\w.-]+$", PCRE2_CASELESS);
/* A fill-in label standing where an issuer would ("tên doanh nghiệp"). */
static cancu_pattern_t placeholder =
    CANCU_PATTERN("^(?:tên\\s|Tên\\s|TÊN\\s)", 0);

/* A permit's term runs from the day it is signed; "... chịu trách nhiệm
 * thi hành Quyết định này kể từ ngày ký": so does the decision. */
static cancu_pattern_t term_from_signing = CANCU_PATTERN(
    "^Thời\\s+hạn[^.;]{0,60}?kể\\s+từ\\s+ngày\\s+(?:ký|cấp)|"
    "thi\\s+hành\\s+(?:\\p{L}+\\s+){1,3}này\\s+(?:kể\\s+)?từ\\s+ngày\\s+ký",
    0);
static cancu_pattern_t passed_on = CANCU_PATTERN(
    "thông\\s+qua\\s+ngày\\s+(\\d{1,2})\\s*(?:/|\\s*tháng\\s*)(\\d{1,2})\\s*"
    "(?:/|\\s*năm\\s*)((?:19|20)\\d{2})",
    PCRE2_CASELESS);

/* One line of the header as read: a paragraph, a cell's line, a column
 * of a TXT line, with Markdown marks removed. */
typedef struct piece {
    const char *text;
    size_t block;
    /* Which cell of the block (row * 256 + cell), 0 for a paragraph. */
    size_t cell;
    /* A blank line stands before it. */
    bool gap;
    /* Nothing in it but marks ("|", "**", rules). */
    bool junk;
    bool rule;
    /* 1: the motto's first line, 2: its second, else 0. */
    int motto;
} piece_t;

typedef struct reader {
    cancu_document_t *doc;
    piece_t *pieces;
    size_t count, cap;
    pcre2_match_data *md;
    bool failed;
    /* The line the last block ended on, to see blank lines. */
    size_t last_line;
    /* The block the header starts in, and the date line's piece. */
    size_t header_block;
    size_t date_piece;
} reader_t;

/* No header starts further into a document than this many blocks. */
#define MAX_BLOCKS 400
#define MAX_PIECES 3000

static bool match(reader_t *r, cancu_pattern_t *p, const char *s)
{
    const pcre2_code *code = cancu_pattern__code(p);

    return code && pcre2_match(code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0,
                               r->md, NULL) >= 0;
}

static PCRE2_SIZE *ovector(reader_t *r)
{
    return pcre2_get_ovector_pointer(r->md);
}

static bool group_set(reader_t *r, int g)
{
    return ovector(r)[2 * g] != PCRE2_UNSET;
}

static int group_int(reader_t *r, const char *s, int g)
{
    return group_set(r, g) ? (int)strtol(s + ovector(r)[2 * g], NULL, 10) : 0;
}

static const char *group_dup(reader_t *r, const char *s, int g)
{
    PCRE2_SIZE *ov = ovector(r);
    const char *d;

    if (!group_set(r, g))
        return "";
    d = cancu_arena__strndup(r->doc->arena, s + ov[2 * g],
                             ov[2 * g + 1] - ov[2 * g]);
    if (!d) {
        r->failed = true;
        return "";
    }
    return d;
}

static bool has_word_char(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
            (unsigned char)*s >= 0x80)
            return true;
    return false;
}

/* Copy 's' without Markdown marks ('*', leading '#' and '>') and with
 * runs of blanks as one space, trimmed. */
static char *clean(reader_t *r, const char *s, size_t len)
{
    char *out = cancu_arena__alloc(r->doc->arena, len + 1);
    size_t n = 0;

    if (!out) {
        r->failed = true;
        return NULL;
    }
    while (len && (*s == '#' || *s == '>' || *s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (c == '*')
            continue;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (n && out[n - 1] != ' ')
                out[n++] = ' ';
            continue;
        }
        out[n++] = c;
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = '\0';
    return out;
}

static char *fold(const char *s, char *out, size_t cap)
{
    cancu_fold__ascii(s, strlen(s), out, cap);
    return out;
}

static bool in_list(const char *folded, const char *const *list, size_t n,
                    bool prefix)
{
    for (size_t i = 0; i < n; i++)
        if (prefix ? strncmp(folded, list[i], strlen(list[i])) == 0
                   : strcmp(folded, list[i]) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof *(a))

static bool is_rule(const char *s)
{
    size_t marks = 0;

    for (; *s; s++) {
        if (*s == '_' || *s == '-' || *s == '=' || *s == '.' || *s == ' ')
            marks += *s != ' ';
        else if (strncmp(s, "–", strlen("–")) == 0)
            s += strlen("–") - 1, marks++;
        else
            return false;
    }
    return marks >= 3;
}

static void add_piece(reader_t *r, const char *s, size_t len, size_t block,
                      size_t cell, bool *gap, int motto_kind)
{
    piece_t *p;
    char *text;

    if (r->count >= MAX_PIECES)
        return;
    text = clean(r, s, len);
    if (!text)
        return;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        piece_t *grown = realloc(r->pieces, cap * sizeof *grown);

        if (!grown) {
            r->failed = true;
            return;
        }
        r->pieces = grown;
        r->cap = cap;
    }
    p = &r->pieces[r->count++];
    p->text = text;
    p->block = block;
    p->cell = cell;
    p->gap = *gap;
    p->rule = is_rule(text);
    if (!motto_kind) {
        char f[64];

        cancu_fold__ascii(text, strlen(text), f, sizeof f);
        if (in_list(f, motto_parts, COUNT(motto_parts), false))
            motto_kind = 1;
        /* "VIỆT NAM" ends the motto only on the line under it. */
        if (strcmp(f, "viet nam") == 0 && r->count > 1 &&
            r->pieces[r->count - 2].motto)
            motto_kind = 1;
    }
    /* A number alone is a part of a date split by blanks ("ngày  30
     * tháng"); other pieces without a letter are marks ("-0-"). */
    p->junk =
        p->rule || motto_kind || !*text ||
        (!has_word_char(text) && strspn(text, "0123456789") != strlen(text));
    p->motto = motto_kind;
    if (!p->junk)
        *gap = false;
}

/* Split one segment (a line without its newline) at the motto, at rules
 * of three or more marks, and at runs of two blanks or more. */
/* "Chính phủ nước Cộng hòa xã hội chủ nghĩa Việt Nam" in a title names
 * the state; it is not the motto ("Ngân hàng Nhà nước" beside the motto
 * in a header is another matter). */
static bool after_nuoc(const char *s, size_t i)
{
    if (i == 0 || s[i - 1] != ' ')
        return false;
    static const char *const words[] = {"phủ nước ", "PHỦ NƯỚC ", "Phủ nước ",
                                        "phủ Nước "};

    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);

        if (i >= n && strncmp(s + i - n, words[k], n) == 0)
            return true;
    }
    return false;
}

static void split_segment(reader_t *r, const char *s, size_t len, size_t block,
                          size_t cell, bool *gap)
{
    const pcre2_code *code = cancu_pattern__code(&motto);
    size_t start = 0, i = 0;

    while (i < len) {
        size_t cut = 0, skip = 0;
        int kind = 0;
        bool may_be_motto = s[i] == 'C' || s[i] == 'c' ||
                            ((unsigned char)s[i] == 0xC4 && i + 1 < len &&
                             ((unsigned char)s[i + 1] == 0x90 ||
                              (unsigned char)s[i + 1] == 0x91));

        if (code && may_be_motto && after_nuoc(s, i) &&
            pcre2_match(code, (PCRE2_SPTR)s, len, i, PCRE2_NO_UTF_CHECK, r->md,
                        NULL) >= 0) {
            /* The state's name, words of the title: read past it. */
            i = ovector(r)[1];
            continue;
        }
        if (code && may_be_motto &&
            pcre2_match(code, (PCRE2_SPTR)s, len, i, PCRE2_NO_UTF_CHECK, r->md,
                        NULL) >= 0) {
            PCRE2_SIZE *ov = ovector(r);

            kind = ov[2] != PCRE2_UNSET ? 2 : 1;
            cut = i;
            skip = ov[1] - i;
        } else if ((s[i] == ' ' || s[i] == '\t') && i + 1 < len &&
                   (s[i + 1] == ' ' || s[i] == '\t')) {
            cut = i;
            skip = 1;
            while (cut + skip < len &&
                   (s[cut + skip] == ' ' || s[cut + skip] == '\t'))
                skip++;
        } else if ((s[i] == '_' || s[i] == '=') && i + 2 < len &&
                   s[i + 1] == s[i] && s[i + 2] == s[i]) {
            cut = i;
            skip = 3;
            while (cut + skip < len && s[cut + skip] == s[i])
                skip++;
        } else {
            i++;
            continue;
        }
        if (cut > start)
            add_piece(r, s + start, cut - start, block, cell, gap, 0);
        if (kind)
            add_piece(r,
                      kind == 2 ? "Độc lập - Tự do - Hạnh phúc"
                                : "Cộng hòa xã hội chủ nghĩa Việt Nam",
                      strlen(kind == 2 ? "Độc lập - Tự do - Hạnh phúc"
                                       : "Cộng hòa xã hội chủ nghĩa Việt Nam"),
                      block, cell, gap, kind);
        i = start = cut + skip;
    }
    if (len > start)
        add_piece(r, s + start, len - start, block, cell, gap, 0);
}

/* A text's lines, and its '|'-separated cells, as pieces. */
static void split_text(reader_t *r, const char *s, size_t block, size_t cell,
                       bool *gap)
{
    while (*s) {
        size_t n = strcspn(s, "\n|");

        split_segment(r, s, n, block, cell, gap);
        if (s[n] == '|')
            add_piece(r, "|", 1, block, cell, gap, 0);
        s += n + (s[n] != '\0');
    }
}

/* A paragraph's pieces: each of the lines a TXT wrapped it over is a
 * line of the header as written ("Thông tư" over "hướng dẫn ..."). */
static void split_wrapped(reader_t *r, const struct cancu_block *b,
                          size_t block, bool *gap)
{
    size_t from = 0, len = strlen(b->text);

    for (size_t k = 0; k <= b->nbreaks && !r->failed; k++) {
        size_t to = k < b->nbreaks ? b->breaks[k] : len;
        const char *line;

        if (!b->nbreaks) {
            split_text(r, b->text, block, 0, gap);
            return;
        }
        line = cancu_arena__strndup(r->doc->arena, b->text + from, to - from);
        if (!line) {
            r->failed = true;
            return;
        }
        split_text(r, line, block, 0, gap);
        from = to;
    }
}

static void read_pieces(reader_t *r)
{
    cancu_document_t *doc = r->doc;
    size_t limit = doc->nblocks < MAX_BLOCKS ? doc->nblocks : MAX_BLOCKS;

    for (size_t i = 0; i < limit && !r->failed; i++) {
        const struct cancu_block *b = &doc->blocks[i];
        bool gap = i > 0 && b->line > r->last_line + 1;

        if (*b->note)
            continue;
        if (b->kind == CANCU_BLOCK_PARAGRAPH) {
            split_wrapped(r, b, i, &gap);
            r->last_line = cancu_block__last_line(b);
            continue;
        }
        for (size_t row = 0; row < b->nrows; row++) {
            for (size_t c = 0; c < b->rows[row].ncells; c++) {
                const cancu_cell_t *cell = &b->rows[row].cells[c];

                split_text(r, cell->lines ? cell->lines : cell->text, i,
                           row * 256 + c + 1, &gap);
            }
            r->last_line = b->rows[row].line;
        }
    }
}

static const char *join(reader_t *r, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *out;

    if (!la)
        return b;
    out = cancu_arena__alloc(r->doc->arena, la + lb + 2);
    if (!out) {
        r->failed = true;
        return a;
    }
    memcpy(out, a, la);
    out[la] = ' ';
    memcpy(out + la + 1, b, lb + 1);
    return out;
}

/* No ASCII letter of 's' is in lower case: a header's capitals. */
static bool is_upper_text(const char *s)
{
    for (const char *p = s; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            return false;
    return true;
}

/* Does the folded 'head' end with a province's name? */
static bool ends_with_province(const char *head)
{
    size_t n = strlen(head);

    for (size_t i = 0; i < COUNT(provinces); i++) {
        size_t k = strlen(provinces[i].folded);

        if (n > k && head[n - k - 1] == ' ' &&
            strcmp(head + n - k, provinces[i].folded) == 0)
            return true;
    }
    return false;
}

/* "UBND TỈNH LÂM ĐỒNG VĂN PHÒNG": two levels on one line, the parent
 * ending with its province, the unit opening with a unit's word. */
static void split_levels(reader_t *r, const char **first, const char **rest)
{
    const char *s = *first;

    for (const char *p = strchr(s, ' '); p; p = strchr(p + 1, ' ')) {
        char head[256], folded[256], tail[256];
        size_t n = (size_t)(p - s);
        char *parent;

        if (n >= sizeof head)
            return;
        memcpy(head, s, n);
        head[n] = '\0';
        /* The heads end with their space: "VĂN PHÒNG" may end the line. */
        fold(p + 1, tail, sizeof tail - 1);
        tail[strlen(tail) + 1] = '\0';
        tail[strlen(tail)] = ' ';
        if (!in_list(tail, issuer_heads, COUNT(issuer_heads), true) ||
            !is_upper_text(s))
            continue;
        /* The province must end the parent: "UBND TỈNH X". */
        if (!ends_with_province(fold(head, folded, sizeof folded)))
            continue;
        parent = cancu_arena__strndup(r->doc->arena, s, n);
        if (!parent) {
            r->failed = true;
            return;
        }
        *first = parent;
        *rest = p + 1;
        return;
    }
}

/* The issuer and its parent from the lines above the number: a line
 * that starts a unit's name begins a new level; the first level is the
 * parent when there are more. */
static void set_issuer(reader_t *r, const piece_t *const *lines, size_t n)
{
    const char *first = "", *rest = "";
    size_t i = 0;
    char f[256];

    if (!n)
        return;
    first = lines[i++]->text;
    while (i < n && !in_list(fold(lines[i]->text, f, sizeof f), issuer_heads,
                             COUNT(issuer_heads), true))
        first = join(r, first, lines[i++]->text);
    for (; i < n; i++)
        rest = join(r, rest, lines[i]->text);
    if (strncmp(first, "Liên tịch ", strlen("Liên tịch ")) == 0)
        first += strlen("Liên tịch ");
    if (!*rest)
        split_levels(r, &first, &rest);
    if (*rest) {
        r->doc->identity.parent = first;
        r->doc->identity.issuer = rest;
    } else {
        r->doc->identity.issuer = first;
    }
}

static const char *province_of(const char *name)
{
    char f[512];
    size_t n;

    fold(name, f, sizeof f);
    n = strlen(f);
    for (size_t i = 0; i < COUNT(provinces); i++) {
        size_t k = strlen(provinces[i].folded);

        for (const char *at = strstr(f, provinces[i].folded); at;
             at = strstr(at + 1, provinces[i].folded)) {
            bool left = at == f || at[-1] == ' ' || at[-1] == '.';
            bool right = (size_t)(at - f) + k == n || at[k] == ' ' ||
                         at[k] == ',' || at[k] == '-' || at[k] == ')' ||
                         at[k] == ';' || at[k] == '.';

            if (left && right)
                return provinces[i].name;
        }
    }
    return "";
}

/* "YYYY-MM-DD", "YYYY-MM" (day blank) or "YYYY" (month blank too). */
static const char *iso(reader_t *r, int year, int month, int day)
{
    char buf[16];
    const char *d;

    if (month < 0 || month > 12 || day < 0 || day > 31)
        return "";
    if (month && day)
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    else if (month)
        snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    else
        snprintf(buf, sizeof buf, "%04d", year);
    d = cancu_arena__strdup(r->doc->arena, buf);
    if (!d)
        r->failed = true;
    return d ? d : "";
}

/* Days since 1970-01-01 of a civil date, and back. */
static long days_from_civil(int y, int m, int d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The place on the piece before a date line: "Lào Cai," split from
 * "ngày ..." by blanks ('alone'), or the start of a place wrapped in
 * two lines of Markdown ("Thành phố Hồ Chí" over "Minh, ngày ..."). */
static void place_before(reader_t *r, const piece_t *p, bool alone)
{
    cancu_identity_t *id = &r->doc->identity;
    size_t len = strlen(p->text);

    if (p->junk || len > 40 || strpbrk(p->text, "0123456789/|:") || p->gap ||
        !len)
        return;
    if (alone && p->text[len - 1] == ',') {
        id->place = cancu_arena__strndup(r->doc->arena, p->text, len - 1);
    } else if (!alone && strcmp(r->doc->format, "txt") == 0 &&
               !strchr(".,;", p->text[len - 1]) && strlen(id->place) < 12) {
        id->place = join(r, p->text, id->place);
    } else {
        return;
    }
    if (!id->place) {
        id->place = "";
        r->failed = true;
    }
}

/* A date line in piece 'i', maybe continued on the next (a Markdown
 * date in italics over two lines). */
static bool date_at(reader_t *r, size_t i)
{
    const char *s = r->pieces[i].text;
    char buf[256];
    int day, month, year;
    cancu_identity_t *id = &r->doc->identity;

    if (r->pieces[i].junk)
        return false;
    if (!match(r, &date_line, s)) {
        size_t n;
        bool found = false;

        if (!strstr(s, "ngày") || strlen(s) > 120)
            return false;
        n = (size_t)snprintf(buf, sizeof buf, "%s", s);
        /* A date split in pieces: "ngày" / "30" / "tháng 12 năm 2002". */
        for (size_t j = i + 1; j < r->count && j < i + 6 && !found; j++) {
            if (r->pieces[j].junk)
                continue;
            if (n < sizeof buf)
                n += (size_t)snprintf(buf + n, sizeof buf - n, " %s",
                                      r->pieces[j].text);
            found = match(r, &date_line, buf);
        }
        if (!found)
            return false;
        s = cancu_arena__strdup(r->doc->arena, buf);
        if (!s || !match(r, &date_line, s))
            return false;
    }
    day = group_int(r, s, 2);
    if (group_set(r, 4)) {
        month = group_int(r, s, 3);
        year = group_int(r, s, 4);
    } else {
        month = group_int(r, s, 5);
        year = group_int(r, s, 6);
    }
    id->signed_on = iso(r, year, month, day);
    id->place = group_dup(r, s, 1);
    r->date_piece = i;
    if (i > 0)
        place_before(r, &r->pieces[i - 1], !*id->place);
    return true;
}

static const struct type_word *type_line(reader_t *r, const char *s,
                                         const char **rest)
{
    for (size_t k = 0; k < COUNT(type_words); k++) {
        size_t n = strlen(type_words[k].caps);
        char a[128], b[128];
        const char *after;

        if (strlen(s) < n)
            continue;
        cancu_fold__ascii(s, n, a, sizeof a);
        cancu_fold__ascii(type_words[k].caps, n, b, sizeof b);
        if (strcmp(a, b) != 0)
            continue;
        after = s + n;
        while (*after == ' ' || *after == ':')
            after++;
        /* Alone on its line, in any case; followed by more only when
         * printed in capitals. */
        if (!*after) {
            *rest = "";
            return &type_words[k];
        }
        if (strncmp(s, type_words[k].caps, n) == 0 && after > s + n) {
            *rest = after;
            return &type_words[k];
        }
        /* "quyết định của bộ trưởng ...": the title follows. */
        if (strncmp(after, "của ", strlen("của ")) == 0 ||
            strncmp(after, "CỦA ", strlen("CỦA ")) == 0) {
            *rest = "";
            return &type_words[k];
        }
    }
    (void)r;
    return NULL;
}

static bool stops_title(reader_t *r, const piece_t *p)
{
    return p->rule || p->motto || match(r, &title_stop, p->text) ||
           strcmp(p->text, "|") == 0;
}

/* The title from piece 'i' on: lines joined until a blank line or a line
 * that starts what follows a title. */
static const char *title_from(reader_t *r, size_t i, const char *first,
                              bool same_cell)
{
    const char *title = first;
    size_t cell = r->pieces[i].cell, block = r->pieces[i].block;

    /* "NGHỊ ĐỊNH CỦA CHÍNH PHỦ" / "Về ...": the issuer after the type
     * word is not the title. */
    if (strncmp(title, "CỦA ", strlen("CỦA ")) == 0 ||
        strncmp(title, "của ", strlen("của ")) == 0)
        title = "";
    if (!*title) {
        while (++i < r->count && r->pieces[i].junk && !r->pieces[i].rule)
            ;
        if (i >= r->count || stops_title(r, &r->pieces[i]))
            return "";
        /* "NGHỊ ĐỊNH" / "CỦA CHÍNH PHỦ" / "Về ...": the issuer's line
         * under the type is not the title. */
        if (strncmp(r->pieces[i].text, "CỦA ", strlen("CỦA ")) == 0 &&
            i + 1 < r->count && !r->pieces[i + 1].junk)
            i++;
        title = r->pieces[i].text;
        cell = r->pieces[i].cell;
        block = r->pieces[i].block;
    }
    /* "V/v : Ban hành ...": the subject's mark is no part of it. */
    if (match(r, &letter_subject, title))
        title = group_dup(r, title, 1);
    while (++i < r->count && strlen(title) < 600) {
        const piece_t *p = &r->pieces[i];

        /* A letter's subject ends with its cell; a place and date
         * start the other column. */
        if ((same_cell && strcmp(p->text, "|") == 0) ||
            strstr(p->text, ", ngày"))
            break;
        /* Marks, and a cell mark ending a line (RTF tables), are
         * skipped. */
        if (p->junk && !p->rule && !p->gap &&
            (strcmp(p->text, "|") != 0 ||
             (i + 1 < r->count && !r->pieces[i + 1].gap &&
              r->pieces[i + 1].block != p->block)))
            continue;
        if (p->gap || stops_title(r, p) || p->junk)
            break;
        if (same_cell && (p->cell != cell || p->block != block))
            break;
        if (strncmp(p->text, "Số", strlen("Số")) == 0 ||
            strncmp(p->text, "SỐ", strlen("SỐ")) == 0 ||
            (match(r, &date_line, p->text) && group_set(r, 1)))
            break;
        title = join(r, title, p->text);
    }
    return title;
}

static bool is_draft(reader_t *r, const piece_t *p)
{
    return match(r, &draft_mark, p->text);
}

/* A header without a type line: the type its number's code names
 * ("21/2025/TT-BGDĐT"), and the title under the number and date. */
static void no_type_line(reader_t *r, size_t number)
{
    cancu_identity_t *id = &r->doc->identity;
    const char *code = strrchr(id->number, '/');
    size_t after = number, n;

    if (!code)
        return;
    code++;
    while (*code == ' ')
        code++;
    n = strcspn(code, "- ");
    for (size_t k = 0; k < COUNT(type_words); k++)
        if (*type_words[k].code && strlen(type_words[k].code) == n &&
            strncmp(code, type_words[k].code, n) == 0)
            id->type = type_words[k].name;
    if (!*id->type || *id->title)
        return;
    if (r->date_piece != SIZE_MAX && r->date_piece > after)
        after = r->date_piece;
    while (++after < r->count && r->pieces[after].junk)
        ;
    if (after < r->count && r->pieces[after].gap &&
        !stops_title(r, &r->pieces[after]))
        id->title = title_from(r, after, r->pieces[after].text, false);
}

/* The header around the motto (or the number): issuer, number, date,
 * type and title. */
static void read_header(reader_t *r)
{
    cancu_identity_t *id = &r->doc->identity;
    size_t anchor = SIZE_MAX, number = SIZE_MAX, end, type_at = SIZE_MAX;
    const piece_t *issuer[8];
    size_t nissuer = 0;
    const char *rest = "";

    for (size_t i = 0; i < r->count && anchor == SIZE_MAX; i++) {
        if (r->pieces[i].motto) {
            for (size_t j = i; j < r->count && j < i + 8; j++)
                if (r->pieces[j].motto == 2)
                    anchor = i;
        } else if (i < 80 && !r->pieces[i].junk &&
                   match(r, &number_line, r->pieces[i].text) &&
                   strchr(r->pieces[i].text, '/')) {
            anchor = i;
        }
    }
    if (anchor == SIZE_MAX)
        return;
    /* A number just above the motto starts the header (stacked lines). */
    for (size_t i = anchor > 8 ? anchor - 8 : 0;
         i < anchor + 16 && i < r->count; i++) {
        const piece_t *p = &r->pieces[i];

        if (!p->junk && strlen(p->text) < 160 &&
            match(r, &number_line, p->text)) {
            number = i;
            break;
        }
    }
    if (number < anchor)
        anchor = number;
    r->header_block = r->pieces[anchor].block;
    /* The issuer's lines: back from the anchor to a cell mark or a
     * sentence, then on to the number or the date. */
    for (size_t i = anchor; i-- > 0 && nissuer < 6;) {
        const piece_t *p = &r->pieces[i];
        size_t len = strlen(p->text);

        if (strcmp(p->text, "|") == 0 && nissuer)
            break;
        if (p->junk || is_draft(r, p))
            continue;
        if (len > 100 || p->text[len - 1] == '.' || p->text[len - 1] == ':' ||
            anchor - i > 8)
            break;
        memmove(issuer + 1, issuer, nissuer * sizeof *issuer);
        issuer[0] = p;
        nissuer++;
        if (p->gap)
            break;
    }
    end = number;
    if (number == SIZE_MAX) {
        /* No number: the issuer's second line stands beside the motto's
         * (interleaved columns), no further. */
        end = anchor;
        for (size_t i = anchor; i < anchor + 8 && i < r->count; i++)
            if (r->pieces[i].motto)
                end = i;
    }
    for (size_t i = anchor + 1; i < end && i < r->count && nissuer < 8; i++) {
        const piece_t *p = &r->pieces[i];

        if (p->junk || is_draft(r, p))
            continue;
        if (strlen(p->text) > 100 || strchr(p->text, ':') ||
            strchr(p->text, '(') || match(r, &title_stop, p->text) ||
            strstr(p->text, ", ngày"))
            break;
        if (match(r, &date_line, p->text) ||
            match(r, &letter_subject, p->text) || type_line(r, p->text, &rest))
            break;
        issuer[nissuer++] = p;
    }
    set_issuer(r, issuer, nissuer);
    if (number != SIZE_MAX && match(r, &number_line, r->pieces[number].text)) {
        const char *n = group_dup(r, r->pieces[number].text, 1);
        size_t j = number + 1;

        while (!*n && j < r->count && j < number + 4) {
            if (!r->pieces[j].junk && strchr(r->pieces[j].text, '/'))
                n = r->pieces[j].text;
            j++;
        }
        if (match(r, &number_form, n))
            n = group_dup(r, n, 1);
        id->number = n;
    }
    /* The date line, near the number or the motto. */
    for (size_t i = anchor; i < anchor + 24 && i < r->count; i++)
        if (date_at(r, i))
            break;
    /* The type line and the title, or a letter's subject. */
    for (size_t i = anchor; i < anchor + 80 && i < r->count; i++) {
        const piece_t *p = &r->pieces[i];
        const struct type_word *t;

        if (p->junk)
            continue;
        t = type_line(r, p->text, &rest);
        if (t && i != number) {
            id->type = t->name;
            id->title = title_from(r, i, rest, false);
            type_at = i;
            break;
        }
        if ((match(r, &letter_subject, p->text) ||
             match(r, &letter_subject_words, p->text)) &&
            i < anchor + 24 && !*id->title) {
            id->type = "Công văn";
            id->title =
                title_from(r, i, group_dup(r, p->text, 1), p->cell != 0);
        }
        if (match(r, &title_stop, p->text) && *id->title)
            break;
    }
    (void)type_at;
    if (!*id->type && *id->number)
        no_type_line(r, number);
}

/* "Nghị định của Chính phủ số 114/2003/NĐ-CP ngày 10/10/2003 về ...": the
 * gazette form, as the first lines of the text, joined up to a blank
 * line or what follows a title. True when found. */
static bool read_gazette(reader_t *r)
{
    cancu_identity_t *id = &r->doc->identity;
    const char *text = "", *rest = "";
    size_t first = SIZE_MAX, last = 0;
    bool skipped = false;

    for (size_t i = 0; i < r->count && i < 60; i++) {
        const piece_t *p = &r->pieces[i];

        if (p->junk && strcmp(p->text, "|") != 0)
            continue;
        if (first == SIZE_MAX) {
            if (strcmp(p->text, "|") == 0)
                continue;
            /* An issuer's line alone may stand above it ("Chính phủ"). */
            if (i + 1 < r->count && r->pieces[i + 1].gap && !skipped &&
                !type_line(r, p->text, &rest) && strlen(p->text) < 60) {
                skipped = true;
                continue;
            }
            if (!type_line(r, p->text, &rest) && !match(r, &gazette, p->text))
                return false;
            first = i;
        } else if (p->gap || strcmp(p->text, "|") == 0 || stops_title(r, p) ||
                   p->block > r->pieces[first].block + 8) {
            break;
        }
        text = join(r, text, p->text);
        last = i;
    }
    (void)last;
    if (first == SIZE_MAX || !match(r, &gazette, text))
        return false;
    {
        const char *type = group_dup(r, text, 1);
        const struct type_word *t = type_line(r, type, &rest);

        id->type = t ? t->name : type;
    }
    id->issuer =
        group_set(r, 2) ? group_dup(r, text, 2) : group_dup(r, text, 3);
    if (strncmp(id->issuer, "Liên tịch ", strlen("Liên tịch ")) == 0)
        id->issuer += strlen("Liên tịch ");
    id->number = group_dup(r, text, 4);
    id->signed_on = iso(r, group_int(r, text, 7), group_int(r, text, 6),
                        group_int(r, text, 5));
    id->title = group_dup(r, text, 8);
    r->header_block = r->pieces[first].block;
    return true;
}

/* "o0o", "-----", "***": a rule drawn with letters under the motto. */
static bool ornament(const char *s)
{
    return *s && strspn(s, "o0O-_*=.~ ") == strlen(s);
}

/* The length of a form's code opening 's' ("B1-3-LLTC", "B1-1-ĐONTC":
 * capitals and a digit, then parts after dashes), or 0. */
static size_t form_code(const char *s)
{
    size_t i = 0, parts = 0;
    bool digit = false;

    while ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
           s[i] == '-' || strncmp(s + i, "Đ", strlen("Đ")) == 0) {
        if (s[i] == '-')
            parts++;
        if (s[i] >= '0' && s[i] <= '9' && !parts)
            digit = true;
        i += strncmp(s + i, "Đ", strlen("Đ")) == 0 ? strlen("Đ") : 1;
    }
    if (!digit || parts < 2 || s[i - 1] == '-' || (s[i] && s[i] != ' '))
        return 0;
    return i;
}

/* The kind a heading opens with, written as a sentence ("Báo cáo về
 * ...", "Phụ lục 3"), or NULL. */
static const struct type_word *heading_kind(const char *s)
{
    for (size_t k = 0; k < COUNT(type_words); k++) {
        size_t n = strlen(type_words[k].name);

        if (strncmp(s, type_words[k].name, n) == 0 && s[n] == ' ')
            return &type_words[k];
    }
    return NULL;
}

/* What is left of a heading after its kind is only a label: "3", "IV",
 * "số 2", "". */
static bool label_only(const char *rest)
{
    const char *p = rest;

    while (*p == ' ')
        p++;
    for (size_t k = 0; k < COUNT(type_words); k++) {
        size_t n = strlen(type_words[k].name);

        if (strncmp(p, type_words[k].name, n) == 0) {
            p += n;
            break;
        }
    }
    while (*p == ' ')
        p++;
    if (strncmp(p, "số ", strlen("số ")) == 0)
        p += strlen("số ");
    if (!*p)
        return true;
    for (; *p; p++)
        if (!strchr("0123456789IVXLivxl.:-) ", *p))
            return false;
    return true;
}

/* "Vấn đề trình: Cấp Giấy phép ..." (a Phiếu trình's subject, which has
 * no summary line), or NULL. */
static const char *submitted_matter(reader_t *r)
{
    static const char label[] = "Vấn đề trình";

    for (size_t i = 0; i < r->count && i < 60; i++) {
        const char *t = r->pieces[i].text, *after = t + strlen(label);
        size_t n;

        if (strncmp(t, label, strlen(label)) != 0)
            continue;
        while (*after == ' ' || *after == '\t')
            after++;
        /* "Vấn đề trình<tab>: ...": the label's column, then the rest. */
        if (!*after && i + 1 < r->count)
            after = r->pieces[i + 1].text;
        if (*after != ':')
            return NULL;
        after++;
        while (*after == ' ' || *after == '\t')
            after++;
        n = strlen(after);
        while (n && (after[n - 1] == '.' || after[n - 1] == ' '))
            n--;
        return n ? cancu_arena__strndup(r->doc->arena, after, n) : NULL;
    }
    return NULL;
}

/* "TS", "ThS", "PGS.TS" alone: an author's degree, the name in the next
 * column ("TS  - Nguyễn Đại Lai"). */
static bool author_degree(const char *s)
{
    return strcmp(s, "TS") == 0 || strcmp(s, "ThS") == 0 ||
           strcmp(s, "PGS.TS") == 0 || strcmp(s, "GS.TS") == 0;
}

/* "TS - Nguyễn Đại Lai", "ThS. Trần Văn A": an article's author line. */
static bool author_line(const char *s)
{
    static const char *const degrees[] = {"PGS.TS", "PGS. TS", "TS.", "TS ",
                                          "ThS.",   "ThS ",    "GS.", "GS "};

    if (strlen(s) > 60)
        return false;
    for (size_t k = 0; k < COUNT(degrees); k++) {
        size_t n = strlen(degrees[k]);

        if (strncmp(s, degrees[k], n) == 0) {
            s += n;
            while (*s == ' ' || *s == '-' || *s == '.')
                s++;
            return (*s >= 'A' && *s <= 'Z') || (unsigned char)*s >= 0xC3;
        }
    }
    return false;
}

/* 's', a heading in capitals, in normal case: "NHẬN XÉT, PHẢN BIỆN PHÁP
 * LÝ" as "Nhận xét, phản biện pháp lý". */
static const char *normal_case(reader_t *r, const char *s)
{
    UErrorCode err = U_ZERO_ERROR;
    UCaseMap *map = ucasemap_open("vi", 0, &err);
    size_t len = strlen(s), cap = 2 * len + 8;
    char *out = cancu_arena__alloc(r->doc->arena, cap);
    int32_t n, first = 0;
    UChar32 c;

    if (!map || !out) {
        ucasemap_close(map);
        r->failed = !out;
        return s;
    }
    n = ucasemap_utf8ToLower(map, out, (int32_t)cap, s, (int32_t)len, &err);
    ucasemap_close(map);
    if (U_FAILURE(err) || n <= 0)
        return s;
    /* The first letter stays a capital. */
    U8_NEXT(s, first, (int32_t)len, c);
    if (c < 0)
        return s;
    {
        int32_t lower_len = 0;
        UChar32 lc;

        U8_NEXT(out, lower_len, n, lc);
        if (lc < 0 || lower_len != first)
            return s;
        memcpy(out, s, (size_t)first);
    }
    return out;
}

/* The first heading of a text without a header: its first line that says
 * something. */
static void first_heading(reader_t *r)
{
    cancu_identity_t *id = &r->doc->identity;
    const char *matter = submitted_matter(r);

    if (matter) {
        id->title = matter;
        /* Its type line, alone above it ("PHIẾU TRÌNH"). */
        for (size_t i = 0; i < r->count && i < 12 && !*id->type; i++) {
            const char *rest;
            const struct type_word *t = type_line(r, r->pieces[i].text, &rest);

            if (t && !*rest)
                id->type = t->name;
        }
        return;
    }
    /* A header that prints no title ("PHIẾU TRÌNH" then "Kính gửi"):
     * there is none to take. */
    if (*id->type && (*id->issuer || *id->number))
        return;
    for (size_t i = 0; i < r->count; i++) {
        const char *rest = r->pieces[i].text;
        const struct type_word *t;

        if (r->pieces[i].junk || strlen(rest) < 2 ||
            match(r, &placeholder, rest) || match(r, &number_line, rest))
            continue;
        /* A bare table ("STT | Khu công nghiệp | ...") has no heading. */
        if (strcmp(rest, "STT") == 0 || strncmp(rest, "STT ", 4) == 0 ||
            strncmp(rest, "STT\t", 4) == 0)
            return;
        /* An article's author, then its text: a paragraph is no
         * heading. */
        if (author_line(rest) ||
            (author_degree(rest) && i + 1 < r->count &&
             strncmp(r->pieces[i + 1].text, "- ", 2) == 0 && ++i)) {
            /* Its line, not its column: a TXT line splits at runs of
             * spaces. */
            if (i + 1 < r->count &&
                r->doc->blocks[r->pieces[i + 1].block].text &&
                strlen(r->doc->blocks[r->pieces[i + 1].block].text) > 250)
                return;
            continue;
        }
        if (form_code(rest)) {
            /* A blank form's code, then its name. */
            size_t n = form_code(rest);

            r->doc->identity.type = "Biểu mẫu";
            if (strncmp(r->doc->identity.issuer, rest, n) == 0)
                r->doc->identity.issuer = "";
            rest += n;
            while (*rest == ' ')
                rest++;
            if (!*rest) {
                while (i + 1 < r->count && (r->pieces[i + 1].junk ||
                                            ornament(r->pieces[i + 1].text)))
                    i++;
                if (i + 1 == r->count)
                    return;
                rest = r->pieces[++i].text;
            }
            r->doc->identity.title = title_from(r, i, rest, false);
            if (!*r->doc->identity.title)
                r->doc->identity.title = rest;
            r->doc->identity.title_is_heading = true;
            return;
        }
        t = type_line(r, rest, &rest);
        if (t && !*r->doc->identity.type)
            r->doc->identity.type = t->name;
        /* "NHẬN XÉT, PHẢN BIỆN PHÁP LÝ" over "Hồ sơ kho chứa ...": a
         * kind in capitals, and the title under it. */
        if (!t && is_upper_text(rest) && !heading_kind(rest) &&
            i + 1 < r->count && !r->pieces[i + 1].junk &&
            !r->pieces[i + 1].gap && !is_upper_text(r->pieces[i + 1].text) &&
            !stops_title(r, &r->pieces[i + 1]) &&
            strlen(r->pieces[i + 1].text) < 300 && strlen(rest) < 80 &&
            strchr(rest, ' ')) {
            if (!*id->type)
                id->type = normal_case(r, rest);
            id->title = r->pieces[i + 1].text;
            id->title_is_heading = true;
            return;
        }
        if (!t) {
            rest = r->pieces[i].text;
            /* "Báo cáo về tình hình ...", "Hướng dẫn viết thuyết minh
             * ...": a heading that opens with its kind names it, and
             * stays whole as the title. */
            t = heading_kind(rest);
            if (t && !*r->doc->identity.type)
                r->doc->identity.type = t->name;
        }
        /* "Phụ lục 3" alone: the title is the heading under it. */
        if (t && label_only(rest) && i + 1 < r->count &&
            !r->pieces[i + 1].junk) {
            i++;
            rest = r->pieces[i].text;
        }
        r->doc->identity.title = title_from(r, i, rest, false);
        if (!*r->doc->identity.title)
            r->doc->identity.title = r->pieces[i].text;
        r->doc->identity.title_is_heading = true;
        return;
    }
}

/* The date the text takes effect: its own clause, after the header. A
 * clause may run on to the next line (Markdown lines break anywhere). */
static void read_in_force(reader_t *r, size_t from)
{
    cancu_document_t *doc = r->doc;
    cancu_identity_t *id = &doc->identity;
    cancu_strbuf_t two = CANCU_STRBUF_INIT;

    for (size_t i = from; i < doc->nblocks; i++) {
        const char *s = doc->blocks[i].text;

        if (doc->blocks[i].kind != CANCU_BLOCK_PARAGRAPH ||
            (!strstr(s, "hiệu") && !strstr(s, "hạn") &&
             !strstr(s, "thi hành")) ||
            *doc->blocks[i].note)
            continue;
        cancu_strbuf__clear(&two);
        cancu_strbuf__puts(&two, s);
        if (i + 1 < doc->nblocks &&
            doc->blocks[i + 1].kind == CANCU_BLOCK_PARAGRAPH) {
            cancu_strbuf__putc(&two, ' ');
            cancu_strbuf__puts(&two, doc->blocks[i + 1].text);
        }
        if (two.failed) {
            r->failed = true;
            break;
        }
        s = cancu_strbuf__cstr(&two);
        if (match(r, &term_from_signing, s)) {
            id->in_force = id->signed_on;
            break;
        }
        if (!match(r, &in_force, s))
            continue;
        if (group_set(r, 3)) {
            id->in_force = iso(r, group_int(r, s, 3), group_int(r, s, 2),
                               group_int(r, s, 1));
        } else if (group_set(r, 4)) {
            id->in_force = id->signed_on;
        } else if (group_set(r, 5) &&
                   strncmp(s + ovector(r)[12], "đ", strlen("đ")) != 0) {
            int y, m, d, n = group_int(r, s, 5);

            if (strlen(id->signed_on) == 10 &&
                sscanf(id->signed_on, "%d-%d-%d", &y, &m, &d) == 3) {
                civil_from_days(days_from_civil(y, m, d) + n, &y, &m, &d);
                id->in_force = iso(r, y, m, d);
            }
        }
        break;
    }
    cancu_strbuf__dispose(&two);
}

/* A law states the day it was passed at its end. */
static void read_passed(reader_t *r)
{
    cancu_document_t *doc = r->doc;

    for (size_t i = doc->nblocks; i-- > 0 && i + 40 > doc->nblocks;) {
        const char *s = doc->blocks[i].text;

        if (doc->blocks[i].kind == CANCU_BLOCK_PARAGRAPH &&
            match(r, &passed_on, s)) {
            doc->identity.signed_on = iso(
                r, group_int(r, s, 3), group_int(r, s, 2), group_int(r, s, 1));
            return;
        }
    }
}

/* A date line above the signature, for texts whose header has none
 * (permits). */
static void read_closing_date(reader_t *r)
{
    size_t from = r->count > 200 ? r->count - 200 : 0;

    for (size_t i = r->count; i-- > from;)
        if (!r->pieces[i].junk && strchr(r->pieces[i].text, ',') &&
            match(r, &date_line, r->pieces[i].text) && group_set(r, 1)) {
            date_at(r, i);
            return;
        }
}

/* A blank form: no number of its own (or a blank one) and blanks to
 * fill in near its top. Its issuer is a label to fill in, if any. */
static void read_form(reader_t *r)
{
    cancu_identity_t *id = &r->doc->identity;
    bool form = false;

    if (strpbrk(id->number, "0123456789"))
        return;
    for (size_t i = 0, seen = 0; i < r->count && seen < 30 && !form; i++) {
        if (r->pieces[i].junk)
            continue;
        seen++;
        form = match(r, &form_blank, r->pieces[i].text) &&
               (!*id->type ||
                strncmp(r->pieces[i].text, "Mẫu", strlen("Mẫu")) == 0);
    }
    if (!form)
        return;
    id->type = "Biểu mẫu";
    if (match(r, &placeholder, id->issuer)) {
        id->issuer = "";
        id->parent = "";
    }
}

/* An appendix or annex alone, with no header: "(Kèm theo Báo cáo số
 * /BC-UBND ... của Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng)" near the top
 * names the body it belongs to, and so its province. */
static const char *province_attached_to(reader_t *r)
{
    for (size_t i = 0, seen = 0; i < r->count && seen < 8; i++) {
        char f[512];

        if (r->pieces[i].junk)
            continue;
        seen++;
        fold(r->pieces[i].text, f, sizeof f);
        if (!strstr(f, "kem theo"))
            continue;
        /* The line may be cut in pieces at its blanks ("số        /BC-UBND
         * ngày       tháng 12"). */
        for (size_t k = i; k < r->count && k < i + 4; k++) {
            const char *t = r->pieces[k].text;
            const char *of = strstr(t, "của ");

            if (!of)
                of = strstr(t, "CỦA ");
            if (of && *province_of(of))
                return province_of(of);
        }
        return "";
    }
    return "";
}

cancu_status_t cancu_identity__read(cancu_document_t *doc)
{
    reader_t r = {doc, NULL, 0, 0, NULL, false, 0, 0, SIZE_MAX};
    cancu_identity_t *id = &doc->identity;
    const pcre2_code *code = cancu_pattern__code(&number_line);
    bool gazette_form;

    id->header_block = SIZE_MAX;
    id->gazette_block = SIZE_MAX;
    r.md = code ? pcre2_match_data_create(32, NULL) : NULL;
    if (!r.md)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    read_pieces(&r);
    gazette_form = read_gazette(&r);
    if (!gazette_form)
        read_header(&r);
    if (!*id->signed_on && strcmp(id->type, "Luật") == 0)
        read_passed(&r);
    if (!*id->signed_on && *id->number)
        read_closing_date(&r);
    if (strstr(id->number, "VBHN"))
        id->type = "Văn bản hợp nhất";
    /* Without a header, the first heading is the title, unless the
     * caller has a better one (the file's properties). */
    if (!*id->title)
        first_heading(&r);
    else if (strcmp(id->type, "Phiếu trình") == 0 || !*id->type) {
        /* A submission slip's subject is its title. */
        const char *matter = submitted_matter(&r);

        if (matter)
            id->title = matter;
    }
    read_form(&r);
    id->province = province_of(id->issuer);
    if (!*id->province)
        id->province = province_of(id->parent);
    if (!*id->province && !*id->issuer)
        id->province = province_attached_to(&r);
    /* A gazette form's first line may as well be a citation. */
    id->header_block = *id->number && !gazette_form ? r.header_block : SIZE_MAX;
    id->gazette_block = *id->number && gazette_form ? r.header_block : SIZE_MAX;
    /* A consolidated text reprints the clauses of every act it joins. */
    if (strcmp(id->type, "Văn bản hợp nhất") != 0)
        read_in_force(&r, r.header_block);
    free(r.pieces);
    pcre2_match_data_free(r.md);
    if (r.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}
