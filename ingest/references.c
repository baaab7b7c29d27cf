/* Legal references in text: every form Vietnamese plans and legal texts
 * write (Law on legal normative documents; Decree 30/2020/NĐ-CP on
 * document formats), as people and converters write them, each with one
 * canonical id, its date, issuer and title; short forms resolved to their
 * full mention; the problems the text alone shows; and the relations the
 * text states between the documents it cites. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"
#include "ingest/pattern.h"

/* Number / year / code, the form of every document with a number-symbol:
 * 45/2020/NĐ-CP, 22/2008/QH12, 602/QĐ-UBND, 1234/BGDĐT-GDTrH,
 * 05/VBHN-BNV, 18/NQ-TW. Spaces around '/' and '-', doubled hyphens and
 * en dashes are allowed; a spaced hyphen only before a capitalised part,
 * so that a sentence going on after a dash is not read as a code. */
static cancu_pattern_t number_symbol =
    CANCU_PATTERN("(?<![\\p{L}\\p{N}/.\\-–])(\\d{1,5})\\s*/\\s*"
                  "(?:((?:19|20)\\d{2})\\s*/\\s*)?"
                  "(\\p{L}{1,10}\\d{0,2}"
                  "(?:(?:[-–]{1,2}|/)\\p{L}{1,10}\\d{0,2}"
                  "|\\s*[-–]{1,2}\\s*\\p{Lu}{1,10}\\d{0,2}(?!\\p{Ll}))*)"
                  "(?![\\p{L}\\p{N}])",
                  0);

/* Party documents: 18-NQ/TW, 05-CT/TU, 39-NQ-TW. */
static cancu_pattern_t party =
    CANCU_PATTERN("(?<![\\p{L}\\p{N}/.\\-–])(\\d{1,4})\\s*[-–]{1,2}\\s*"
                  "(NQ|CT|KL|QĐ|QD|HD|HĐ|TB|BC|QC|QYĐ|QYD|CTR|ĐA|DA|TTR|KH)"
                  "\\s*(?:/|[-–]{1,2})\\s*"
                  "(TW|TU|HU|ĐU|DU|QU|BCT|BBT|BCSĐ|BCSD|ĐUK|DUK|BCĐTW|BCDTW)"
                  "(?![\\p{L}\\p{N}])",
                  PCRE2_CASELESS);

/* A type word, then a number and year with no code: Nghị định 45/2020,
 * NĐ 60/2021. */
static cancu_pattern_t typed_number = CANCU_PATTERN(
    "(?<![\\p{L}])(nghị định|nghi dinh|thông tư liên tịch|thong tu lien "
    "tich|thông tư|thong tu|nghị quyết|nghi quyet|quyết định|quyet dinh|"
    "chỉ thị|chi thi|nđ|nd|tt|qđ|qd|nq|ct)\\s+(?:(?:số|so)\\s+)?"
    "(\\d{1,5})\\s*/\\s*((?:19|20)\\d{2})(?!\\s*/|\\d)",
    PCRE2_CASELESS);

/* Codes by name: Luật Viên chức, Bộ luật Lao động năm 2019. */
static cancu_pattern_t named_law = CANCU_PATTERN(
    "(?<![\\p{L}])(Bộ luật|BỘ LUẬT|Luật|LUẬT|Pháp lệnh|PHÁP LỆNH|Hiến pháp|"
    "HIẾN PHÁP)\\s+(?!số\\b|so\\b|này\\b|nay\\b)(?=\\p{Lu}|năm\\s)",
    0);

/* The same in lower case, as older texts write them ("Luật hợp tác
 * xã", "Bộ luật lao động"): only a known name is taken, and never in
 * "pháp luật", "kỷ luật", "quy luật" ("vi phạm pháp luật đất đai", "kỷ
 * luật cán bộ, công chức" are no laws). */
static cancu_pattern_t named_law_lower =
    CANCU_PATTERN("(?<![\\p{L}])(?<!pháp )(?<!Pháp )(?<!kỷ )(?<!Kỷ )(?<!quy )"
                  "(Bộ luật|bộ luật|Luật|luật|Pháp "
                  "lệnh|pháp lệnh|Hiến pháp|hiến pháp)\\s+(?=\\p{Ll})",
                  0);

/* Standards: TCVN ISO 9001:2015, ISO/IEC 27001:2013. */
static cancu_pattern_t standard = CANCU_PATTERN(
    "(?<![\\p{L}\\p{N}])((?:TCVN(?:\\s+ISO(?:/IEC)?)?|ISO(?:/IEC)?)\\s+"
    "\\d{1,5}(?:-\\d{1,3})*\\s*:\\s*(?:19|20)\\d{2}"
    /* A national technical regulation and its amendments: QCVN
     * 05A:2020/BCT, QCVN 05A:2020/BCT/SĐ1:2024. */
    "|QCVN\\s+\\d{1,3}[A-Z]?(?:-\\d{1,3})?\\s*:\\s*(?:19|20)\\d{2}\\s*/\\s*"
    "[A-ZĐ]{2,10}(?:\\s*/\\s*SĐ\\s*\\d{1,2}\\s*:\\s*(?:19|20)\\d{2})?)",
    0);

/* Right after a reference: its date. */
static cancu_pattern_t date_after = CANCU_PATTERN(
    "\\s*,?\\s*(?:(?:được|đã)\\s+)?(?:ban hành\\s+|ký\\s+)?(?:ngày|ngay)\\s+"
    "(\\d{1,2})\\s*(?:/|-|\\.|\\s+tháng\\s+|\\s+thang\\s+)\\s*(\\d{1,2})"
    "\\s*(?:/|-|\\.|\\s+năm\\s+|\\s+nam\\s+)\\s*((?:19|20)\\d{2})",
    PCRE2_CASELESS | PCRE2_ANCHORED);

/* Before a reference: the type word that names it, perhaps plural. */
static cancu_pattern_t type_before = CANCU_PATTERN(
    "(?<![\\p{L}])(bộ luật|luật|pháp lệnh|nghị quyết|nghị định|quyết định|"
    "chỉ thị|thông tư liên tịch|thông tư|kết luận|quy định|kế hoạch|"
    "công văn|hướng dẫn|thông báo|chương trình|đề án|văn bản hợp nhất|"
    "nghi quyet|nghi dinh|quyet dinh|chi thi|thong tu lien tich|thong tu|"
    "ket luan|quy dinh|ke hoach|cong van|huong dan|thong bao|chuong trinh|"
    "de an|van ban hop nhat|bo luat|luat|phap lenh)"
    "(?:\\s+(?:số|so))?\\s*$",
    PCRE2_CASELESS);

/* A province or city in an issuer phrase. */
static cancu_pattern_t province = CANCU_PATTERN(
    "(?:tỉnh|thành phố|tp\\.?)\\s+((?:\\p{Lu}[\\p{L}]*)(?:\\s+\\p{Lu}[\\p{L}]*)"
    "{0,3})",
    PCRE2_CASELESS);

/* An issuer phrase naming the province without saying which: the plan's
 * own, in Vietnamese usage ("UBND tỉnh", "Sở Nội vụ"). */
static cancu_pattern_t own_province = CANCU_PATTERN(
    "(?:tỉnh|thành phố)\\s*$|^(?:sở|ubnd|ủy ban nhân dân|uỷ ban nhân dân|"
    "hđnd|hội đồng nhân dân)\\b",
    PCRE2_CASELESS);

/* The header line giving the document's own number. */
static cancu_pattern_t own_number =
    CANCU_PATTERN("^(?:Số|SỐ|So)\\s*:\\s*(\\S.*)$", 0);

/* The number the digits at 's' spell (at most nine of them). */
static int digits(const char *s)
{
    int n = 0;

    for (int i = 0; i < 9 && s[i] >= '0' && s[i] <= '9'; i++)
        n = n * 10 + (s[i] - '0');
    return n;
}

/* Copy 's' into 'out' of 'cap' bytes, cut short if need be. */
static void copy_text(char *out, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n >= cap)
        n = cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

typedef struct code_name {
    const char *key;       /* Upper case, Đ written as D. */
    const char *canonical; /* As the official form writes it. */
    const char *type;      /* The type word, for type codes. */
} code_name_t;

/* Type codes (Decree 30/2020/NĐ-CP, appendix I). */
static const code_name_t type_codes[] = {
    {"ND", "NĐ", "Nghị định"},
    {"TT", "TT", "Thông tư"},
    {"TTLT", "TTLT", "Thông tư liên tịch"},
    {"QD", "QĐ", "Quyết định"},
    {"NQ", "NQ", "Nghị quyết"},
    {"NQLT", "NQLT", "Nghị quyết liên tịch"},
    {"CT", "CT", "Chỉ thị"},
    {"KL", "KL", "Kết luận"},
    {"KH", "KH", "Kế hoạch"},
    {"HD", "HD", "Hướng dẫn"},
    {"TB", "TB", "Thông báo"},
    {"BC", "BC", "Báo cáo"},
    {"CTR", "CTr", "Chương trình"},
    {"DA", "ĐA", "Đề án"},
    {"QYD", "QyĐ", "Quy định"},
    {"QC", "QC", "Quy chế"},
    {"TTR", "TTr", "Tờ trình"},
    /* Decree 30/2020/NĐ-CP, Appendix III, as the corpus writes them. */
    {"PA", "PA", "Phương án"},
    {"BB", "BB", "Biên bản"},
    {"GUQ", "GUQ", "Giấy ủy quyền"},
    {"VBHN", "VBHN", "Văn bản hợp nhất"},
    {"PL", "PL", "Pháp lệnh"},
    {"QH", "QH", "Luật"},
    {"UBTVQH", "UBTVQH", "Pháp lệnh"},
    {"L", "L", "Luật"},
};

/* Issuer codes. */
static const code_name_t issuer_codes[] = {
    {"CP", "CP", "Chính phủ"},
    {"TTG", "TTg", "Thủ tướng Chính phủ"},
    {"QH", "QH", "Quốc hội"},
    {"UBTVQH", "UBTVQH", "Ủy ban Thường vụ Quốc hội"},
    {"CTN", "CTN", "Chủ tịch nước"},
    {"BNV", "BNV", "Bộ Nội vụ"},
    {"BTC", "BTC", "Bộ Tài chính"},
    {"BGDDT", "BGDĐT", "Bộ Giáo dục và Đào tạo"},
    {"BTTTT", "BTTTT", "Bộ Thông tin và Truyền thông"},
    {"BCT", "BCT", "Bộ Công Thương"},
    {"BYT", "BYT", "Bộ Y tế"},
    {"BTP", "BTP", "Bộ Tư pháp"},
    {"BKHDT", "BKHĐT", "Bộ Kế hoạch và Đầu tư"},
    {"BLDTBXH", "BLĐTBXH", "Bộ Lao động - Thương binh và Xã hội"},
    {"BTNMT", "BTNMT", "Bộ Tài nguyên và Môi trường"},
    {"BXD", "BXD", "Bộ Xây dựng"},
    {"BCA", "BCA", "Bộ Công an"},
    {"BQP", "BQP", "Bộ Quốc phòng"},
    {"BNG", "BNG", "Bộ Ngoại giao"},
    {"BGTVT", "BGTVT", "Bộ Giao thông vận tải"},
    {"BVHTTDL", "BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch"},
    {"BKHCN", "BKHCN", "Bộ Khoa học và Công nghệ"},
    {"BNNPTNT", "BNNPTNT", "Bộ Nông nghiệp và Phát triển nông thôn"},
    {"NHNN", "NHNN", "Ngân hàng Nhà nước"},
    {"VPCP", "VPCP", "Văn phòng Chính phủ"},
    {"VPQH", "VPQH", "Văn phòng Quốc hội"},
    {"VPCTN", "VPCTN", "Văn phòng Chủ tịch nước"},
    {"UBDT", "UBDT", "Ủy ban Dân tộc"},
    {"TTCP", "TTCP", "Thanh tra Chính phủ"},
    {"KTNN", "KTNN", "Kiểm toán nhà nước"},
    {"TANDTC", "TANDTC", "Tòa án nhân dân tối cao"},
    {"VKSNDTC", "VKSNDTC", "Viện kiểm sát nhân dân tối cao"},
    {"UBND", "UBND", "Ủy ban nhân dân"},
    {"HDND", "HĐND", "Hội đồng nhân dân"},
    {"SGDDT", "SGDĐT", "Sở Giáo dục và Đào tạo"},
    {"SNV", "SNV", "Sở Nội vụ"},
    {"STC", "STC", "Sở Tài chính"},
    {"TW", "TW", "Ban Chấp hành Trung ương"},
    {"TU", "TU", "Tỉnh ủy"},
    {"HU", "HU", "Huyện ủy"},
    {"DU", "ĐU", "Đảng ủy"},
    {"QU", "QU", "Quận ủy"},
    {"BBT", "BBT", "Ban Bí thư"},
    {"BCDTW", "BCĐTW", "Ban Chỉ đạo Trung ương"},
    {"BCSD", "BCSĐ", "Ban cán sự đảng"},
    {"DUK", "ĐUK", "Đảng ủy khối"},
};

/* Issuers whose numbers restart in every province. */
static const char *const local_issuers[] = {
    "UBND", "HĐND", "SGDĐT", "SNV", "STC", "TU", "HU", "QU", "ĐU"};
/* Party issuers. */
static const char *const party_issuers[] = {"TW",  "TU",   "HU",  "ĐU",   "QU",
                                            "BBT", "BCSĐ", "ĐUK", "BCĐTW"};

static const code_name_t *lookup(const code_name_t *table, size_t n,
                                 const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].key[0] == key[0] && strcmp(table[i].key, key) == 0)
            return &table[i];
    return NULL;
}

#define LOOKUP(table, key) lookup(table, sizeof table / sizeof *table, key)

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

#define IN_LIST(list, s) in_list(list, sizeof list / sizeof *list, s)

/* The departments of every province (Sở Y tế: 602/QĐ-SYT), from
 * corpora/data/issuer-codes.tsv. */
static const code_name_t department_codes[] = {
#include "department-codes.inc"
};

static bool is_department(const char *code)
{
    for (size_t i = 0; i < sizeof department_codes / sizeof *department_codes;
         i++)
        if (strcmp(department_codes[i].canonical, code) == 0)
            return true;
    return false;
}

/* The ministries' and central bodies' codes the corpus shows beyond
 * the table above (LĐTBXH in 2906/LĐTBXH-KHTC, BNNMT, BDTTG). */
static const code_name_t national_codes[] = {
#include "national-codes.inc"
};

static const code_name_t *find_issuer_code(const char *key)
{
    const code_name_t *c = LOOKUP(issuer_codes, key);

    if (!c)
        c = LOOKUP(department_codes, key);
    /* Two letters name too many bodies (CT: Cục Thuế, a company, a
     * directive's type): only the table above knows which. */
    return c || strlen(key) < 3 ? c : LOOKUP(national_codes, key);
}

/* Upper-case one code part into 'upper' (Đ kept, the look-alike eth
 * U+00D0/U+00F0 made Đ) and into 'key' (Đ as D, for the tables). */
static bool fold_part(const char *s, size_t len, char *upper, char *key,
                      size_t cap)
{
    int32_t i = 0, n = (int32_t)len, u = 0, k = 0;

    while (i < n) {
        UChar32 c;
        UBool bad = false;

        U8_NEXT(s, i, n, c);
        if (c < 0)
            return false;
        if (c == 0xD0 || c == 0xF0 || c == 0x111)
            c = 0x110;
        c = u_toupper(c);
        if ((size_t)u + 4 >= cap || (size_t)k + 4 >= cap)
            return false;
        U8_APPEND((uint8_t *)upper, u, (int32_t)cap, c, bad);
        if (bad)
            return false;
        key[k++] = c == 0x110 ? 'D' : (c < 0x80 ? (char)c : '?');
    }
    upper[u] = '\0';
    key[k] = '\0';
    return true;
}

/* One part of a code, in canonical spelling, and what it says. */
typedef struct code_part {
    char text[40];
    const code_name_t *type;   /* when it is a type code */
    const code_name_t *issuer; /* when it is an issuer code */
} code_part_t;

/* A code part written in mixed case, capital first, keeps its case: the
 * unit codes of official letters (GDTrH) are spelled that way. */
static bool mixed_case(const char *s, size_t len)
{
    bool lower = false, upper = false;

    for (size_t i = 0; i < len; i++) {
        lower |= s[i] >= 'a' && s[i] <= 'z';
        upper |= s[i] >= 'A' && s[i] <= 'Z';
    }
    return lower && upper && s[0] >= 'A' && s[0] <= 'Z';
}

static void name_part(code_part_t *part, const char *upper, const char *key)
{
    size_t letters = strcspn(key, "0123456789");
    char stem[32];

    part->type = LOOKUP(type_codes, key);
    part->issuer = find_issuer_code(key);
    if (part->type || part->issuer) {
        copy_text(part->text, sizeof part->text,
                  part->type ? part->type->canonical : part->issuer->canonical);
        return;
    }
    /* QH14, UBTVQH15: a known stem and the legislature's number. */
    if (letters > 0 && letters < sizeof stem && key[letters]) {
        memcpy(stem, key, letters);
        stem[letters] = '\0';
        part->type = LOOKUP(type_codes, stem);
        if (part->type) {
            snprintf(part->text, sizeof part->text, "%s%s",
                     part->type->canonical, key + letters);
            return;
        }
    }
    copy_text(part->text, sizeof part->text, upper);
}

#define MAX_PARTS 4

/* Split a code at hyphens, dashes and slashes into canonical parts; "NĐCP"
 * run together is split into its type and issuer. */
static size_t split_code(const char *code, size_t len,
                         code_part_t parts[MAX_PARTS])
{
    size_t n = 0, start = 0;

    for (size_t i = 0; i <= len && n < MAX_PARTS; i++) {
        bool dash = i < len && (code[i] == '-' || code[i] == '/' ||
                                (i + 2 < len && memcmp(code + i, "–", 3) == 0));
        size_t end = i;
        char upper[64], key[64];

        if (i < len && !dash)
            continue;
        while (end > start && code[end - 1] == ' ')
            end--;
        while (start < end && code[start] == ' ')
            start++;
        if (end > start &&
            fold_part(code + start, end - start, upper, key, sizeof upper)) {
            name_part(&parts[n], upper, key);
            if (!parts[n].type && !parts[n].issuer &&
                mixed_case(code + start, end - start) &&
                end - start < sizeof parts[n].text)
                snprintf(parts[n].text, sizeof parts[n].text, "%.*s",
                         (int)(end - start), code + start);
            if (n == 0 && !parts[0].type && i == len) {
                for (size_t cut = 1; key[cut]; cut++) {
                    char head[64];

                    memcpy(head, key, cut);
                    head[cut] = '\0';
                    if (LOOKUP(type_codes, head) &&
                        find_issuer_code(key + cut)) {
                        name_part(&parts[0], head, head);
                        name_part(&parts[1], key + cut, key + cut);
                        return 2;
                    }
                }
            }
            n++;
        }
        if (dash && code[i] != '-' && code[i] != '/')
            i += 2;
        start = i + 1;
    }
    return n;
}

static void number_text(char *out, size_t cap, const char *number, size_t len)
{
    while (len > 1 && *number == '0') {
        number++;
        len--;
    }
    /* Numbers below ten are written with two digits: 06/2020/TT-BNV. */
    snprintf(out, cap, "%s%.*s", len == 1 ? "0" : "", (int)len, number);
}

bool cancu_references__canonical(cancu_strbuf_t *out, const char *number,
                                 size_t number_len, const char *year,
                                 const char *code, size_t code_len)
{
    code_part_t parts[MAX_PARTS];
    size_t n = split_code(code, code_len, parts);
    char num[16];

    if (!n || number_len >= sizeof num)
        return false;
    number_text(num, sizeof num, number, number_len);
    cancu_strbuf__puts(out, num);
    cancu_strbuf__putc(out, '/');
    if (year) {
        cancu_strbuf__append(out, year, 4);
        cancu_strbuf__putc(out, '/');
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            cancu_strbuf__putc(out, '-');
        cancu_strbuf__puts(out, parts[i].text);
    }
    return !out->failed;
}

/* A reference found in one paragraph or cell, before it joins the
 * document. */
typedef struct candidate {
    size_t start, end;
    const char *form;
    char id[128];
    char type[48];
    char number[16];
    int year;         /* the year the id carries, inferred or written */
    int written_year; /* the year in the number as written, or 0 */
    char code[96];
    bool local; /* issued by a body whose numbers restart per province */
    bool unknown_code;
    bool missing_year;
    bool partial; /* a type word and number with no code */
} candidate_t;

typedef struct scan {
    const char *text;
    size_t len;
    pcre2_match_data *md; /* reused by every match over this text */
    bool checked;         /* known to be valid UTF-8 */
    candidate_t *items;
    size_t count, cap;
    bool failed;
} scan_t;

static candidate_t *push(scan_t *s, size_t start, size_t end, const char *form)
{
    candidate_t *c;

    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        candidate_t *p = realloc(s->items, cap * sizeof *p);

        if (!p) {
            s->failed = true;
            return NULL;
        }
        s->items = p;
        s->cap = cap;
    }
    c = &s->items[s->count++];
    memset(c, 0, sizeof *c);
    c->start = start;
    c->end = end;
    c->form = form;
    return c;
}

typedef bool (*match_fn)(scan_t *s, const PCRE2_SIZE *ov, int groups);

/* Enough groups for every pattern here. */
#define MATCH_GROUPS 8

/* Run 'pattern' over the whole text, calling 'fn' for each match. */
static bool each_match(scan_t *s, cancu_pattern_t *pattern, match_fn fn)
{
    const pcre2_code *code = cancu_pattern__code(pattern);
    PCRE2_SIZE offset = 0;
    int rc;

    if (!code)
        return false;
    while (offset < s->len &&
           (rc = pcre2_match(code, (PCRE2_SPTR)s->text, s->len, offset,
                             PCRE2_NO_UTF_CHECK, s->md, NULL)) > 0) {
        PCRE2_SIZE ov[2 * MATCH_GROUPS];
        PCRE2_SIZE *p = pcre2_get_ovector_pointer(s->md);

        /* A copy: 'fn' may run other matches with the same data. */
        for (int i = 0; i < 2 * MATCH_GROUPS; i++)
            ov[i] = i < 2 * rc ? p[i] : PCRE2_UNSET;
        if (!fn(s, ov, rc))
            break;
        offset = ov[1] > offset ? ov[1] : offset + 1;
    }
    return !s->failed;
}

/* Match 'pattern' at 'offset' (anchored when the pattern is) with the
 * match data 'md'; the ovector goes to 'ov' (pairs for 'nov' groups).
 * Returns the number of groups set, or 0. The text was checked for UTF-8
 * by the caller. */
static int match_at(cancu_pattern_t *pattern, pcre2_match_data *md,
                    const char *text, size_t len, size_t offset, PCRE2_SIZE *ov,
                    int nov)
{
    const pcre2_code *code = cancu_pattern__code(pattern);
    int rc;

    if (!code || offset > len)
        return 0;
    rc = pcre2_match(code, (PCRE2_SPTR)text, len, offset, PCRE2_NO_UTF_CHECK,
                     md, NULL);
    if (rc > 0) {
        PCRE2_SIZE *p = pcre2_get_ovector_pointer(md);

        for (int i = 0; i < 2 * nov; i++)
            ov[i] = i < 2 * rc ? p[i] : PCRE2_UNSET;
    }
    return rc > 0 ? rc : 0;
}

/* The Party's central bodies number their documents once for the
 * country; its provincial committees each afresh. */
static bool central_party(const char *code)
{
    return strcmp(code, "TW") == 0 || strcmp(code, "BBT") == 0 ||
           strcmp(code, "BCĐTW") == 0;
}

static bool is_party_issuer(const code_part_t *part)
{
    return IN_LIST(party_issuers, part->text);
}

/* "Follow", "Decree": a code part that is an English word (a capital,
 * then three lower-case letters or more), not TTg, CTr, QyĐ. */
static bool english_word(const char *part)
{
    size_t lower = 0;

    if (!(part[0] >= 'A' && part[0] <= 'Z'))
        return false;
    for (const char *p = part + 1; *p; p++) {
        if (*p >= 'a' && *p <= 'z')
            lower++;
        else
            return false;
    }
    return lower >= 3;
}

/* Does a form's word ("Mẫu", "mẫu", "Biểu mẫu", perhaps with "số")
 * stand just before 'at'? */
static bool after_form_word(const char *t, size_t at)
{
    static const char *const words[] = {"Mẫu", "mẫu", "MẪU"};
    size_t i = at;

    while (i > 0 && t[i - 1] == ' ')
        i--;
    if (i >= strlen("số") &&
        (strncmp(t + i - strlen("số"), "số", strlen("số")) == 0 ||
         strncmp(t + i - strlen("Số"), "Số", strlen("Số")) == 0)) {
        i -= strlen("số");
        while (i > 0 && t[i - 1] == ' ')
            i--;
    }
    for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
        size_t n = strlen(words[k]);

        if (i >= n && strncmp(t + i - n, words[k], n) == 0 &&
            (i == n || t[i - n - 1] == ' ' || t[i - n - 1] == '('))
            return true;
    }
    return false;
}

/* A document's name and "số" before a number: "Giấy phép số", "văn bản
 * đề nghị số", "Biên bản vi phạm hành chính số". */
static cancu_pattern_t numbered_name = CANCU_PATTERN(
    "(?<![\\p{L}])(?:văn\\s+bản|công\\s+văn|quyết\\s+định|thông\\s+báo|"
    "giấy\\s+phép|biên\\s+bản|giấy\\s+(?:ủy|uỷ)\\s+quyền|giấy\\s+chứng\\s+"
    "nhận|tờ\\s+trình|báo\\s+cáo|kế\\s+hoạch|hợp\\s+đồng|đơn|phiếu)"
    "(?:\\s*,?\\s+\\p{L}+){0,14}?\\s+số\\s*:?\\s*$",
    PCRE2_CASELESS);

/* Is the number-symbol at [start, end) named as a document just before
 * and dated just after? */
static bool named_and_dated(scan_t *s, size_t start, size_t end)
{
    size_t from = start > 160 ? start - 160 : 0;
    PCRE2_SIZE ov[2];

    return match_at(&numbered_name, s->md, s->text, start, from, ov, 1) >= 1 &&
           match_at(&date_after, s->md, s->text, s->len, end, ov, 1) >= 1;
}

static bool on_number_symbol(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    const char *t = s->text;
    code_part_t parts[MAX_PARTS];
    size_t nparts = split_code(t + ov[6], ov[7] - ov[6], parts);
    size_t end = ov[7];
    bool has_year = groups > 2 && ov[4] != PCRE2_UNSET, as_written = false;
    candidate_t *c;
    char num[16];

    (void)groups;
    if (!nparts || ov[3] - ov[2] >= sizeof num)
        return true;
    /* "Mẫu số 02/TT01", "theo mẫu 05/PL03": a form's number. */
    if (after_form_word(t, ov[0]) || after_form_word(t, ov[2]))
        return true;
    /* The English half of a bilingual text runs on into the code:
     * "99/2022/NĐ-CP-Follow". A word in lower case is no code part. */
    while (nparts > 1 && !parts[nparts - 1].type && !parts[nparts - 1].issuer &&
           english_word(parts[nparts - 1].text)) {
        nparts--;
        while (end > ov[6] && t[end - 1] != '-' && t[end - 1] != '/')
            end--;
        while (end > ov[6] && strchr("-/ ", t[end - 1]))
            end--;
    }
    /* Without a year, only a known code makes a reference: "5/năm" is
     * not one. A letter's first part is an issuer in capitals. But
     * "Giấy phép số 08/KDTCTN/GP-HC ngày 13/10/2025", "văn bản số 01/CV
     * ngày ...": a document named, numbered and dated is one, whoever
     * issued it; its code stays as written. */
    if (!has_year && (!parts[0].type && (!parts[0].issuer || nparts < 2))) {
        if (!named_and_dated(s, ov[0], ov[7]))
            return true;
        as_written = true;
    }
    /* "Thông báo làm việc số 2948/TT-ĐKT ngày 25/5/2026": named as
     * another kind, TT is no circular's code (a circular always gives its
     * year). */
    if (!has_year && parts[0].type &&
        (strcmp(parts[0].text, "NĐ") == 0 || strcmp(parts[0].text, "TT") == 0 ||
         strcmp(parts[0].text, "TTLT") == 0) &&
        named_and_dated(s, ov[0], ov[7]))
        as_written = true;
    number_text(num, sizeof num, t + ov[2], ov[3] - ov[2]);
    c = push(s, ov[0], end < ov[7] ? end : ov[1], "normative");
    if (!c)
        return false;
    copy_text(c->number, sizeof c->number, num);
    if (has_year)
        c->year = c->written_year = digits(t + ov[4]);
    /* The code, canonical. */
    for (size_t i = 0, n = 0; i < nparts; i++)
        n += (size_t)snprintf(c->code + n, sizeof c->code - n, "%s%s",
                              i ? "-" : "", parts[i].text);
    if (as_written)
        snprintf(c->code, sizeof c->code, "%.*s", (int)(ov[7] - ov[6]),
                 t + ov[6]);
    /* Only the Government issues decrees: "145/2020/NĐ" cut at a table
     * row's end is 145/2020/NĐ-CP. */
    if (has_year && nparts == 1 && strcmp(parts[0].text, "NĐ") == 0)
        copy_text(c->code, sizeof c->code, "NĐ-CP");
    if (parts[0].type)
        copy_text(c->type, sizeof c->type, parts[0].type->type);
    for (size_t i = 0; i < nparts && i < 2; i++)
        if (IN_LIST(local_issuers, parts[i].text) ||
            is_department(parts[i].text))
            c->local = true;
    if (nparts >= 2 && is_party_issuer(&parts[1]) && !has_year) {
        /* 18/NQ-TW is the Party's 18-NQ/TW. */
        c->form = "party";
        c->local = !central_party(parts[1].text);
        snprintf(c->id, sizeof c->id, "%s-%s/%s", num, parts[0].text,
                 parts[1].text);
        return true;
    }
    if (strcmp(parts[0].text, "VBHN") == 0) {
        c->form = "consolidated";
        copy_text(c->type, sizeof c->type, "Văn bản hợp nhất");
    } else if (has_year &&
               (parts[0].type && (strncmp(parts[0].text, "QH", 2) == 0 ||
                                  strncmp(parts[0].text, "UBTVQH", 6) == 0))) {
        c->form = "law";
    } else if (!has_year) {
        c->form = parts[0].type ? "administrative" : "letter";
        if (!parts[0].type)
            copy_text(c->type, sizeof c->type, "Công văn");
        /* NĐ, TT and TTLT are always numbered with their year. */
        if (parts[0].type && !as_written &&
            (strcmp(parts[0].text, "NĐ") == 0 ||
             strcmp(parts[0].text, "TT") == 0 ||
             strcmp(parts[0].text, "TTLT") == 0)) {
            c->form = "normative";
            c->missing_year = true;
        }
    }
    /* Unknown parts: the type and issuer of a normative document, the
     * type and issuer of an administrative one (a letter's unit part is
     * the issuer's own). */
    for (size_t i = 0; i < nparts && i < 2; i++)
        if (!parts[i].type && !parts[i].issuer &&
            strcmp(c->form, "letter") != 0)
            c->unknown_code = true;
    snprintf(c->id, sizeof c->id, "%s/%s%s%s", num, has_year ? "" : "",
             has_year ? "" : "", c->code);
    if (has_year)
        snprintf(c->id, sizeof c->id, "%s/%04d/%s", num, c->year, c->code);
    return true;
}

static bool on_party(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    code_part_t type[MAX_PARTS], issuer[MAX_PARTS];
    char num[16];
    candidate_t *c;

    (void)groups;
    if (ov[3] - ov[2] >= sizeof num ||
        split_code(s->text + ov[4], ov[5] - ov[4], type) != 1 ||
        split_code(s->text + ov[6], ov[7] - ov[6], issuer) != 1)
        return true;
    /* Party numbers are written as they are: 18-NQ/TW, 05-CT/TU. */
    snprintf(num, sizeof num, "%.*s", (int)(ov[3] - ov[2]), s->text + ov[2]);
    c = push(s, ov[0], ov[1], "party");
    if (!c)
        return false;
    copy_text(c->number, sizeof c->number, num);
    snprintf(c->code, sizeof c->code, "%s/%s", type[0].text, issuer[0].text);
    if (type[0].type)
        copy_text(c->type, sizeof c->type, type[0].type->type);
    c->local = !central_party(issuer[0].text);
    snprintf(c->id, sizeof c->id, "%s-%s/%s", num, type[0].text,
             issuer[0].text);
    return true;
}

/* The canonical type word of a type word as written, and the code that
 * goes with a bare number of that type. */
typedef struct type_word {
    const char *folded; /* lower case, without marks */
    const char *type;
    const char *code; /* the code when the issuer is implied, or "" */
    const char *type_code;
} type_word_t;

static const type_word_t type_words[] = {
    {"nghi dinh", "Nghị định", "NĐ-CP", "NĐ"},
    {"nd", "Nghị định", "NĐ-CP", "NĐ"},
    {"thong tu lien tich", "Thông tư liên tịch", "", "TTLT"},
    {"thong tu", "Thông tư", "", "TT"},
    {"tt", "Thông tư", "", "TT"},
    {"nghi quyet", "Nghị quyết", "", "NQ"},
    {"nq", "Nghị quyết", "", "NQ"},
    {"quyet dinh", "Quyết định", "", "QĐ"},
    {"qd", "Quyết định", "", "QĐ"},
    {"chi thi", "Chỉ thị", "", "CT"},
    {"ct", "Chỉ thị", "", "CT"},
    {"bo luat", "Bộ luật", "", ""},
    {"luat", "Luật", "", ""},
    {"phap lenh", "Pháp lệnh", "", ""},
    {"ket luan", "Kết luận", "", "KL"},
    {"quy dinh", "Quy định", "", "QyĐ"},
    {"ke hoach", "Kế hoạch", "", "KH"},
    {"cong van", "Công văn", "", ""},
    {"huong dan", "Hướng dẫn", "", "HD"},
    {"thong bao", "Thông báo", "", "TB"},
    {"chuong trinh", "Chương trình", "", "CTr"},
    {"de an", "Đề án", "", "ĐA"},
    {"van ban hop nhat", "Văn bản hợp nhất", "", "VBHN"},
    {"hien phap", "Hiến pháp", "", ""},
};

static const type_word_t *type_word(const char *s, size_t len)
{
    char folded[64];

    cancu_fold__ascii(s, len, folded, sizeof folded);
    for (size_t i = 0; i < sizeof type_words / sizeof *type_words; i++)
        if (strcmp(folded, type_words[i].folded) == 0)
            return &type_words[i];
    return NULL;
}

static void set_bare(candidate_t *c, const type_word_t *tw, const char *num,
                     int year)
{
    copy_text(c->number, sizeof c->number, num);
    c->year = c->written_year = year;
    copy_text(c->type, sizeof c->type, tw->type);
    if (*tw->code) {
        copy_text(c->code, sizeof c->code, tw->code);
        snprintf(c->id, sizeof c->id, "%s/%04d/%s", num, year, tw->code);
    } else {
        /* The issuer is not written: resolved later, or ambiguous. */
        c->partial = true;
        copy_text(c->code, sizeof c->code, tw->type_code);
        snprintf(c->id, sizeof c->id, "%s/%04d/%s", num, year, tw->type_code);
    }
}

static bool on_typed_number(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    const type_word_t *tw = type_word(s->text + ov[2], ov[3] - ov[2]);
    candidate_t *c;
    char num[16];

    (void)groups;
    if (!tw || ov[5] - ov[4] >= sizeof num)
        return true;
    number_text(num, sizeof num, s->text + ov[4], ov[5] - ov[4]);
    c = push(s, ov[4], ov[7], "normative");
    if (!c)
        return false;
    set_bare(c, tw, num, digits(s->text + ov[6]));
    return true;
}

/* Words that end a law's name. */
static const char *const name_stops[] = {
    "số",   "so",   "ngày",  "của", "và",  "được", "đã",    "thì",
    "theo", "tại",  "về",    "này", "có",  "là",   "nhằm",  "để",
    "đối",  "với",  "trong", "từ",  "khi", "hiện", "đang",  "các",
    "hoặc", "cùng", "nay",   "mới", "như", "do",   "thuộc",
};

static size_t word_end(const char *t, size_t len, size_t i)
{
    while (i < len) {
        int32_t j = (int32_t)i;
        UChar32 c;

        U8_NEXT(t, j, (int32_t)len, c);
        if (c < 0 || !(u_isalpha(c) || u_getCombiningClass(c) ||
                       u_charType(c) == U_NON_SPACING_MARK))
            break;
        i = (size_t)j;
    }
    return i;
}

static bool starts_upper(const char *t, size_t len, size_t i)
{
    int32_t j = (int32_t)i;
    UChar32 c;

    if (i >= len)
        return false;
    U8_NEXT(t, j, (int32_t)len, c);
    return c >= 0 && u_isupper(c);
}

/* The names of the laws, codes and ordinances as enacted, from
 * corpora/data/laws.tsv: where a name ends ("Luật Tổ chức Hội đồng nhân
 * dân và Ủy ban nhân dân", not "... nhân dân" then "và"), in whatever
 * case it is written ("LUẬT VIỆC LÀM", "Luật tổ chức Quốc hội"). */
static const struct known_law {
    const char *name;
    /* How many times it was enacted (Luật Ngân sách nhà nước: 2002,
     * 2015, 2025): then its year tells which. */
    int enactments;
} known_laws[] = {
#include "law-names.inc"
};

/* Was the name enacted more than once, or is it not known? Then the
 * year the text gives with it is part of its identity. */
static bool year_tells_enactment(const char *name)
{
    for (size_t k = 0; k < sizeof known_laws / sizeof *known_laws; k++)
        if (strcmp(known_laws[k].name, name) == 0)
            return known_laws[k].enactments > 1;
    return true;
}

static bool is_name_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

/* The known names cut into words, each folded: read once, where each
 * word of a text was folded again for each name it was held against. */
#define NAME_WORDS_MAX 32
#define WORD_MAX 128

typedef struct name_word {
    size_t len; /* as the name writes it */
    bool last;  /* the name's last word: punctuation may follow */
    char folded[WORD_MAX];
} name_word_t;

static struct {
    pthread_once_t once;
    name_word_t words[sizeof known_laws / sizeof *known_laws][NAME_WORDS_MAX];
    /* How many; 0 for a name too long to cut here, read as before. */
    size_t nwords[sizeof known_laws / sizeof *known_laws];
} law_words = {PTHREAD_ONCE_INIT};

static void cut_names(void)
{
    for (size_t k = 0; k < sizeof known_laws / sizeof *known_laws; k++) {
        const char *n = known_laws[k].name;
        size_t count = 0;

        while (*n && count < NAME_WORDS_MAX) {
            name_word_t *w = &law_words.words[k][count++];

            w->len = strcspn(n, " ");
            w->last = !n[w->len];
            w->folded[0] = '\0';
            if (w->len < WORD_MAX)
                cancu_fold__ascii(n, w->len, w->folded, WORD_MAX);
            n += w->len;
            if (*n)
                n++;
        }
        law_words.nwords[k] = *n ? 0 : count;
    }
}

/* The words of a text from one place on, each found and folded once. */
typedef struct text_words {
    const char *t;
    size_t len;
    size_t count;
    struct {
        size_t start, end; /* 'end' up to the space or line end */
        bool folded_yet;
        char folded[WORD_MAX];
    } word[NAME_WORDS_MAX];
} text_words_t;

/* The end of the word starting at 'i'. */
static size_t word_end_at(const char *t, size_t len, size_t i)
{
    while (i < len && t[i] != ' ' && t[i] != '\n')
        i++;
    return i;
}

/* Do the words at 't' + 'at' spell 'name', case and accents aside? The
 * bytes they take, or 0. */
static size_t spells(const char *t, size_t len, size_t at, const char *name)
{
    size_t i = at;
    const char *n = name;

    while (*n) {
        size_t nw = strcspn(n, " "), tw = i;
        char a[WORD_MAX], b[WORD_MAX];

        tw = word_end_at(t, len, tw);
        /* The name's last word may be followed by punctuation. */
        if (!n[nw])
            while (tw > i && !is_name_byte((unsigned char)t[tw - 1]) &&
                   tw - i > nw / 2)
                tw--;
        if (tw == i || tw - i >= sizeof a || nw >= sizeof b)
            return 0;
        cancu_fold__ascii(t + i, tw - i, a, sizeof a);
        cancu_fold__ascii(n, nw, b, sizeof b);
        if (strcmp(a, b) != 0)
            return 0;
        i = tw;
        n += nw;
        if (*n) {
            n++;
            if (i >= len || t[i] != ' ')
                return 0;
            while (i < len && t[i] == ' ')
                i++;
        }
    }
    return i < len && is_name_byte((unsigned char)t[i]) ? 0 : i - at;
}

/* spells() of known name 'k', its words cut and folded beforehand and
 * the text's words folded once for all the names. */
static size_t spells_known(text_words_t *tw, size_t at, size_t k)
{
    const char *t = tw->t;
    size_t len = tw->len, i = at;

    if (!law_words.nwords[k])
        return spells(t, len, at, known_laws[k].name);
    for (size_t j = 0; j < law_words.nwords[k]; j++) {
        const name_word_t *nw = &law_words.words[k][j];
        size_t end;
        char trimmed[WORD_MAX];
        const char *a;

        if (j == tw->count) {
            tw->word[j].start = i;
            tw->word[j].end = word_end_at(t, len, i);
            tw->word[j].folded_yet = false;
            tw->count++;
        }
        end = tw->word[j].end;
        if (nw->last)
            while (end > i && !is_name_byte((unsigned char)t[end - 1]) &&
                   end - i > nw->len / 2)
                end--;
        if (end == i || end - i >= WORD_MAX || nw->len >= WORD_MAX)
            return 0;
        if (end == tw->word[j].end) {
            if (!tw->word[j].folded_yet) {
                cancu_fold__ascii(t + i, end - i, tw->word[j].folded, WORD_MAX);
                tw->word[j].folded_yet = true;
            }
            a = tw->word[j].folded;
        } else {
            cancu_fold__ascii(t + i, end - i, trimmed, WORD_MAX);
            a = trimmed;
        }
        if (strcmp(a, nw->folded) != 0)
            return 0;
        i = end;
        if (!nw->last) {
            if (i >= len || t[i] != ' ')
                return 0;
            while (i < len && t[i] == ' ')
                i++;
        }
    }
    return i < len && is_name_byte((unsigned char)t[i]) ? 0 : i - at;
}

/* The longest known name at 'at', into '*name'; its length, or 0. */
static size_t known_law_at(const char *t, size_t len, size_t at,
                           const char **name)
{
    size_t best = 0;
    text_words_t words;

    pthread_once(&law_words.once, cut_names);
    words.t = t;
    words.len = len;
    words.count = 0;
    for (size_t k = 0; k < sizeof known_laws / sizeof *known_laws; k++) {
        size_t n = spells_known(&words, at, k);

        if (n > best) {
            best = n;
            *name = known_laws[k].name;
        }
    }
    return best;
}

size_t cancu_references__known_name(const char *text, size_t len,
                                    const char **name, int *enactments)
{
    size_t n;

    *name = NULL;
    n = known_law_at(text, len, 0, name);
    if (n && enactments)
        for (size_t k = 0; k < sizeof known_laws / sizeof *known_laws; k++)
            if (known_laws[k].name == *name)
                *enactments = known_laws[k].enactments;
    return n;
}

bool cancu_references__name_goes_on(const char *line, size_t len,
                                    const char *next, size_t next_len)
{
    static const char *const kinds[] = {"Luật ", "luật ", "Pháp lệnh ",
                                        "LUẬT "};
    size_t from = len > 80 ? len - 80 : 0, start = SIZE_MAX;
    char joined[400];
    const char *name = NULL;
    int n;

    for (size_t i = len; i-- > from && start == SIZE_MAX;)
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            if (i + strlen(kinds[k]) <= len &&
                memcmp(line + i, kinds[k], strlen(kinds[k])) == 0 &&
                (i == 0 || line[i - 1] == ' ')) {
                start = i;
                break;
            }
    if (start == SIZE_MAX)
        return false;
    n = snprintf(joined, sizeof joined, "%.*s %.*s", (int)(len - start),
                 line + start, (int)(next_len < 200 ? next_len : 200), next);
    if (n < 0)
        return false;
    return known_law_at(joined, strlen(joined), 0, &name) > len - start;
}

/* A known name at ov[2], with "năm YYYY" after it. */
static bool on_known_law(scan_t *s, size_t at, size_t n, const char *name)
{
    const char *t = s->text;
    size_t i = at + n, y = i;
    int year = 0;
    candidate_t *c;
    const type_word_t *tw;
    size_t kind_len = strncmp(name, "Bộ luật", strlen("Bộ luật")) == 0
                          ? strlen("Bộ luật")
                      : strncmp(name, "Pháp lệnh", strlen("Pháp lệnh")) == 0
                          ? strlen("Pháp lệnh")
                      : strncmp(name, "Hiến pháp", strlen("Hiến pháp")) == 0
                          ? strlen("Hiến pháp")
                          : strlen("Luật");

    /* "Luật Khuyến khích đầu tư trong nước (sửa đổi)": the title of a
     * law re-enacted whole, the same name. */
    if (y + strlen(" (sửa đổi)") <= s->len &&
        strncmp(t + y, " (sửa đổi)", strlen(" (sửa đổi)")) == 0)
        i = y += strlen(" (sửa đổi)");
    while (y < s->len && t[y] == ' ')
        y++;
    /* "năm 2015", or the year alone ("Luật Hóa chất 2007", "Luật An ninh
     * mạng 2025"), never a number's ("2020/NĐ-CP"). */
    if (y + strlen("năm") < s->len && strncmp(t + y, "năm", strlen("năm")) == 0)
        y += strlen("năm");
    while (y < s->len && t[y] == ' ')
        y++;
    if (y > i && y + 4 <= s->len && (t[y] == '1' || t[y] == '2') &&
        (y + 4 == s->len || !strchr("0123456789/", t[y + 4]))) {
        int v = digits(t + y);

        if (v >= 1945 && v <= 2100) {
            year = v;
            i = y + 4;
        }
    }
    c = push(s, at, i, "name");
    if (!c)
        return false;
    c->year = year;
    tw = type_word(name, kind_len);
    copy_text(c->type, sizeof c->type,
              tw ? tw->type : (kind_len == strlen("Luật") ? "Luật" : name));
    copy_text(c->id, sizeof c->id, name);
    /* The Constitution's name is the state's: its year tells which one
     * ("Hiến pháp năm 1992"), as the short form writes it. */
    if (strncmp(name, "Hiến pháp", strlen("Hiến pháp")) == 0)
        snprintf(c->id, sizeof c->id, year ? "Hiến pháp năm %d" : "Hiến pháp",
                 year);
    return true;
}

static bool on_named_law_lower(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    const char *known = NULL;
    size_t n = known_law_at(s->text, s->len, ov[2], &known);

    (void)groups;
    return !n || on_known_law(s, ov[2], n, known);
}

/* The start of the word whose last byte is t[last]. */
static size_t word_start(const char *t, size_t last)
{
    size_t i = last + 1;

    while (i > 0 && t[i - 1] != ' ')
        i--;
    return i;
}

/* Is t[from, to) a body's initials: "HĐND", "UBND" (two capitals or
 * more, no lower case)? */
static bool initials(const char *t, size_t from, size_t to)
{
    size_t caps = 0;

    for (size_t i = from; i < to;) {
        int32_t j = (int32_t)i;
        UChar32 c;

        U8_NEXT(t, j, (int32_t)to, c);
        if (c < 0 || !u_isupper(c))
            return false;
        caps++;
        i = (size_t)j;
    }
    return caps >= 2;
}

static bool on_named_law(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    const char *t = s->text;
    size_t i = ov[1], name_end = ov[1], words = 0;
    int year = 0;
    candidate_t *c;
    char kind[32];

    (void)groups;
    {
        const char *known = NULL;
        size_t n = known_law_at(t, s->len, ov[2], &known);

        if (n)
            return on_known_law(s, ov[2], n, known);
    }
    snprintf(kind, sizeof kind, "%.*s", (int)(ov[3] - ov[2]), t + ov[2]);
    while (i < s->len && words < 12) {
        size_t end = word_end(t, s->len, i);
        bool stop = false;

        if (end == i)
            break;
        if (end - i == strlen("năm") && strncmp(t + i, "năm", end - i) == 0) {
            size_t y = end;

            while (y < s->len && t[y] == ' ')
                y++;
            if (y + 4 <= s->len && (t[y] == '1' || t[y] == '2')) {
                year = digits(t + y);
                if (year >= 1945 && year <= 2100)
                    i = y + 4;
            }
            break;
        }
        for (size_t k = 0; k < sizeof name_stops / sizeof *name_stops; k++)
            if (end - i == strlen(name_stops[k]) &&
                strncmp(t + i, name_stops[k], end - i) == 0)
                stop = words > 0;
        /* "Luật Tổ chức HĐND và UBND": two bodies' initials joined. */
        if (stop && end - i == strlen("và") &&
            strncmp(t + i, "và", end - i) == 0 && i >= 2 &&
            initials(t, word_start(t, i - 2), i - 1) &&
            initials(t, end + 1, word_end(t, s->len, end + 1)))
            stop = false;
        /* "quy định" opens a title; "quy phạm" is part of a name. */
        if (end - i == 3 && strncmp(t + i, "quy", 3) == 0 &&
            strncmp(t + end, " định", strlen(" định")) == 0)
            stop = words > 0;
        if (stop)
            break;
        words++;
        name_end = end;
        i = end;
        /* A space goes on to the next word; ", " only when the next word
         * is in lower case, as in "Luật Cán bộ, công chức". */
        if (i < s->len && t[i] == ' ') {
            i++;
        } else if (i + 1 < s->len && t[i] == ',' && t[i + 1] == ' ' &&
                   !starts_upper(t, s->len, i + 2) &&
                   word_end(t, s->len, i + 2) > i + 2) {
            i += 2;
        } else {
            break;
        }
    }
    if (!words && !year)
        return true;
    /* "LUẬT SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT ...": an amending law,
     * unnamed, whose target is the reference. */
    {
        char name[64];

        cancu_fold__ascii(t + ov[1], name_end - ov[1], name, sizeof name);
        if (strcmp(name, "sua doi") == 0 || strcmp(name, "bo sung") == 0)
            return true;
    }
    c = push(s, ov[2], year && !words ? i : (year ? i : name_end), "name");
    if (!c)
        return false;
    c->year = year;
    {
        const type_word_t *tw = type_word(kind, strlen(kind));

        copy_text(c->type, sizeof c->type, tw ? tw->type : kind);
    }
    snprintf(c->id, sizeof c->id, "%s%s%.*s", c->type, words ? " " : "",
             (int)(name_end - ov[1]), t + ov[1]);
    if (!words)
        snprintf(c->id, sizeof c->id, "%s năm %d", c->type, year);
    return true;
}

static bool on_standard(scan_t *s, const PCRE2_SIZE *ov, int groups)
{
    candidate_t *c = push(s, ov[2], ov[3], "standard");
    size_t k = 0;
    bool space = false;

    (void)groups;
    if (!c)
        return false;
    copy_text(c->type, sizeof c->type,
              strncmp(s->text + ov[2], "QCVN", 4) == 0 ? "Quy chuẩn"
                                                       : "Tiêu chuẩn");
    /* Spaces folded to one, none around the colon or a slash. */
    for (size_t i = ov[2]; i < ov[3] && k + 1 < sizeof c->id; i++) {
        char ch = s->text[i];

        if (ch == ' ' || ch == '\t') {
            space = true;
            continue;
        }
        if (space && ch != ':' && ch != '/' && k && c->id[k - 1] != ':' &&
            c->id[k - 1] != '/')
            c->id[k++] = ' ';
        space = false;
        c->id[k++] = ch;
    }
    c->id[k] = '\0';
    return true;
}

static int by_position(const void *a, const void *b)
{
    const candidate_t *x = a, *y = b;

    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

/* Keep the longest of overlapping candidates. */
static void drop_overlaps(scan_t *s)
{
    size_t kept = 0;

    if (s->count)
        qsort(s->items, s->count, sizeof *s->items, by_position);
    for (size_t i = 0; i < s->count; i++) {
        if (kept && s->items[i].start < s->items[kept - 1].end)
            continue;
        s->items[kept++] = s->items[i];
    }
    s->count = kept;
}

static cancu_pattern_t list_item = CANCU_PATTERN(
    "\\s*(?:,|;|và|va|hoặc)\\s*(?:(?:số|so)\\s+)?(\\d{1,5})\\s*/\\s*"
    "((?:19|20)\\d{2})(?!\\s*/|\\d)",
    PCRE2_CASELESS | PCRE2_ANCHORED);

/* "Nghị định số 108/2014, 113/2018 và 143/2020": the items after a typed
 * reference share its type and code. */
static void extend_lists(scan_t *s)
{
    size_t n = s->count;

    for (size_t i = 0; i < n && !s->failed; i++) {
        size_t at = s->items[i].end;
        PCRE2_SIZE ov[6];

        if (strcmp(s->items[i].form, "normative") != 0 || !s->items[i].year)
            continue;
        while (match_at(&list_item, s->md, s->text, s->len, at, ov, 3) >= 3) {
            bool taken = false;
            char num[16];
            candidate_t base = s->items[i], *c;

            for (size_t k = 0; k < s->count; k++)
                taken |= s->items[k].start < ov[5] && s->items[k].end > ov[2];
            if (taken || ov[3] - ov[2] >= sizeof num)
                break;
            number_text(num, sizeof num, s->text + ov[2], ov[3] - ov[2]);
            c = push(s, ov[2], ov[5], "normative");
            if (!c)
                return;
            *c = base;
            c->start = ov[2];
            c->end = ov[5];
            copy_text(c->number, sizeof c->number, num);
            c->year = c->written_year = digits(s->text + ov[4]);
            c->missing_year = false;
            snprintf(c->id, sizeof c->id, "%s/%04d/%s", num, c->year, c->code);
            at = ov[5];
        }
    }
    drop_overlaps(s);
}

/* Copy 'len' bytes of 'text' into the document's arena, spaces folded. */
static const char *arena_text(cancu_document_t *doc, const char *text,
                              size_t len)
{
    char *out = cancu_arena__alloc(doc->arena, len + 1);
    size_t k = 0;
    bool space = false;

    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];

        if (c == ' ' || c == '\t' || c == '\n') {
            space = k > 0;
            continue;
        }
        if (space)
            out[k++] = ' ';
        space = false;
        out[k++] = c;
    }
    out[k] = '\0';
    return out;
}

static bool starts_with_word(const char *t, size_t len, size_t at,
                             const char *word)
{
    size_t n = strlen(word);

    return at + n <= len && strncmp(t + at, word, n) == 0 &&
           (at + n == len || word_end(t, len, at + n) == at + n);
}

static size_t skip_spaces(const char *t, size_t len, size_t at)
{
    while (at < len && (t[at] == ' ' || t[at] == ','))
        at++;
    return at;
}

static bool found_in(cancu_pattern_t *pattern, pcre2_match_data *md,
                     const char *t, size_t from, size_t to);

/* Where the words describing a reference stop: a semicolon, a sentence's
 * end, a bracket, or the next reference. */
static size_t phrase_end(const char *t, size_t len, size_t at, size_t limit,
                         bool stop_at_comma)
{
    size_t i = at;

    if (limit > len)
        limit = len;
    while (i < limit) {
        char c = t[i];

        if (c == ';' || c == '(' || c == ')' || c == '\n' ||
            (stop_at_comma && c == ','))
            break;
        if (c == '.' && (i + 1 >= len || t[i + 1] == ' ' || t[i + 1] == '.'))
            break;
        i++;
    }
    while (i > at && t[i - 1] == ' ')
        i--;
    return i;
}

static const char *const issuer_ends[] = {
    " về ",       " quy định",  " ban hành", " hướng dẫn", " sửa đổi",
    " phê duyệt", " thành lập", " và ",      " thì ",      " đã ",
    " được ",     " cho ",      " — ",
};

/* A body's name with " và " in it ("Bộ Lao động - Thương binh và Xã
 * hội", "Sở Giáo dục và Đào tạo") at 't' + 'at': its length, or 0. */
static size_t body_with_va(const char *t, size_t at, size_t end)
{
    const code_name_t *tables[] = {issuer_codes, department_codes,
                                   national_codes};
    const size_t sizes[] = {sizeof issuer_codes / sizeof *issuer_codes,
                            sizeof department_codes / sizeof *department_codes,
                            sizeof national_codes / sizeof *national_codes};
    size_t best = 0;

    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < sizes[k]; i++) {
            const char *name = tables[k][i].type;
            size_t n = strlen(name);

            if (n > best && at + n <= end && strstr(name, " và ") &&
                strncmp(t + at, name, n) == 0)
                best = n;
        }
    return best;
}

static size_t issuer_end(const char *t, size_t at, size_t end)
{
    size_t body = body_with_va(t, at, end);

    /* The body's own " và " does not end it. */
    if (body)
        at += body;
    /* Every phrase starts with a space: look only there. */
    for (size_t i = at; i < end; i++) {
        if (t[i] != ' ')
            continue;
        for (size_t k = 0; k < sizeof issuer_ends / sizeof *issuer_ends; k++) {
            size_t n = strlen(issuer_ends[k]);

            if (i + n <= end && strncmp(t + i, issuer_ends[k], n) == 0)
                return i;
        }
    }
    return end;
}

/* The national body whose name ends at t[end] ("... cụ thể Bộ Công
 * Thương"), or NULL. */
static const char *body_ending_at(const char *t, size_t end)
{
    const char *best = NULL;

    for (size_t i = 0; i < sizeof issuer_codes / sizeof *issuer_codes; i++) {
        const char *name = issuer_codes[i].type;
        size_t n = strlen(name);

        if (n <= end && strncmp(t + end - n, name, n) == 0 &&
            (n == end || t[end - n - 1] == ' ') && (!best || n > strlen(best)))
            best = name;
    }
    return best;
}

/* "Bộ Công Thương cấp cho: Công ty A giấy phép số 08/KDTCTN/GP-HC ...;
 * cấp cho Công ty B giấy phép số 09/KDTCTN/GP-HC" (sct-CV-tu-choi-cap-
 * GCN-KD-HNO3): a licence's issuer is the body that grants it, named
 * before the first "cấp cho" of its sentence. */
static const char *licence_grantor(const char *t, size_t start)
{
    static const char licence[] = "giấy phép số ", grant[] = " cấp cho";
    size_t from = start > 1500 ? start - 1500 : 0, grantor = SIZE_MAX;

    if (start < strlen(licence) ||
        strncmp(t + start - strlen(licence), licence, strlen(licence)) != 0)
        return NULL;
    /* Back to the sentence's start; the nearest "cấp cho" opening the
     * list is the one after the grantor. */
    for (size_t i = start; i-- > from;) {
        if (t[i] == '.' && t[i + 1] == ' ')
            break;
        if (strncmp(t + i, grant, strlen(grant)) == 0)
            grantor = i;
    }
    return grantor == SIZE_MAX ? NULL : body_ending_at(t, grantor);
}

static const char *const title_starts[] = {
    "về",        "quy định",  "ban hành", "hướng dẫn", "sửa đổi",
    "phê duyệt", "thành lập", "Về",       "Quy định",  "Ban hành",
};

/* Date, issuer phrase and title after a reference, and the type word
 * before it. 'next' is where the next reference starts. */
static cancu_status_t describe(cancu_document_t *doc, cancu_reference_t *ref,
                               const candidate_t *c, const char *t, size_t len,
                               size_t next, pcre2_match_data *md)
{
    PCRE2_SIZE ov[8];
    size_t at = c->end, window = c->start > 60 ? c->start - 60 : 0;

    /* A type word just before: "Nghị định số", "các Nghị định". */
    while (window < c->start && (t[window] & 0xC0) == 0x80)
        window++;
    if (match_at(&type_before, md, t, c->start, window, ov, 2) >= 2 &&
        !*c->type) {
        const type_word_t *tw = type_word(t + ov[2], ov[3] - ov[2]);

        if (tw)
            ref->type = tw->type;
    }
    if (match_at(&date_after, md, t, len, at, ov, 4) >= 4) {
        char iso[40];
        int day = digits(t + ov[2]), month = digits(t + ov[4]),
            year = digits(t + ov[6]);

        if (day >= 1 && day <= 31 && month >= 1 && month <= 12) {
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
            ref->date = cancu_arena__strdup(doc->arena, iso);
            at = ov[1];
        }
    }
    at = skip_spaces(t, len, at);
    if (starts_with_word(t, len, at, "của") ||
        starts_with_word(t, len, at, "cua")) {
        size_t from = skip_spaces(t, len, word_end(t, len, at));
        size_t end = issuer_end(t, from, phrase_end(t, len, from, next, true));

        if (end > from) {
            ref->issuer = arena_text(doc, t + from, end - from);
            if (ref->issuer && match_at(&province, md, ref->issuer,
                                        strlen(ref->issuer), 0, ov, 2) >= 2)
                ref->province =
                    arena_text(doc, ref->issuer + ov[2], ov[3] - ov[2]);
            else if (ref->issuer && (*doc->identity.province || *doc->place) &&
                     found_in(&own_province, md, ref->issuer, 0,
                              strlen(ref->issuer)))
                /* "của UBND tỉnh" in a provincial plan: its own province
                 * (its header's; else the place it was signed in, which
                 * may be the province's town: "Đồng Xoài", Bình Phước). */
                ref->province = *doc->identity.province ? doc->identity.province
                                                        : doc->place;
            at = skip_spaces(t, len, end);
        }
    }
    if (ref->issuer && !*ref->issuer) {
        const char *grantor = licence_grantor(t, c->start);

        if (grantor)
            ref->issuer = grantor;
    }
    for (size_t k = 0; k < sizeof title_starts / sizeof *title_starts; k++)
        if (starts_with_word(t, len, at, title_starts[k])) {
            size_t end = phrase_end(t, len, at, next, false);

            if (end - at > 300)
                end = at + 300;
            while (end > at && (t[end] & 0xC0) == 0x80)
                end--;
            ref->title = arena_text(doc, t + at, end - at);
            break;
        }
    if (!ref->date || !ref->issuer || !ref->title || !ref->province)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}

/* The issuer a code names, for references with no issuer phrase. */
static const char *issuer_of_code(const char *code)
{
    const char *dash = strchr(code, '-'), *slash = strchr(code, '/');
    const char *part = dash ? dash + 1 : slash ? slash + 1 : NULL;
    char key[64], upper[64];
    size_t n;

    if (!part)
        part = code; /* "QH15" of 63/2025/QH15 */
    n = strcspn(part, "-/");
    if (!fold_part(part, n, upper, key, sizeof key))
        return NULL;
    /* "QH15", "UBTVQH14": the body and its term. */
    key[strcspn(key, "0123456789")] = '\0';
    {
        const code_name_t *c = find_issuer_code(key);

        return c ? c->type : NULL;
    }
}

static cancu_status_t add_candidate(cancu_document_t *doc, const candidate_t *c,
                                    const char *t, size_t len, size_t next,
                                    size_t block, size_t row, size_t cell,
                                    pcre2_match_data *md)
{
    cancu_reference_t ref;
    cancu_status_t status;

    memset(&ref, 0, sizeof ref);
    ref.date = ref.issuer = ref.title = ref.province = "";
    ref.form = c->form;
    ref.id = cancu_arena__strdup(doc->arena, c->id);
    ref.type = cancu_arena__strdup(doc->arena, c->type);
    ref.number = cancu_arena__strdup(doc->arena, c->number);
    ref.code = cancu_arena__strdup(doc->arena, c->code);
    ref.text =
        cancu_arena__strndup(doc->arena, t + c->start, c->end - c->start);
    ref.year = c->year;
    ref.written_year = c->written_year;
    ref.local = c->local;
    ref.partial = c->partial;
    ref.missing_year = c->missing_year;
    ref.unknown_code = c->unknown_code;
    ref.block = block;
    ref.row = row;
    ref.cell = cell;
    ref.start = c->start;
    ref.end = c->end;
    ref.resolved_from = SIZE_MAX;
    if (!ref.id || !ref.type || !ref.number || !ref.code || !ref.text)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    status = describe(doc, &ref, c, t, len, next, md);
    if (status)
        return status;
    if (!*ref.issuer) {
        const char *issuer = issuer_of_code(ref.code);

        if (issuer && !ref.local)
            ref.issuer = issuer;
    }
    if (!cancu_document__add_reference(doc, &ref))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}

/* Substrings without which a form cannot occur. */
static const char *const standard_cues[] = {"ISO", "TCVN", "QCVN", NULL};
static const char *const named_law_cues[] = {"Luật", "luật", "LUẬT", "Pháp",
                                             "pháp", "PHÁP", NULL};

/* A Party issuer code after a slash or dash: "/TW", "-TU", "/ BBT". */
static bool party_issuer_after(const char *t, size_t len, size_t at)
{
    static const char *const codes[] = {"TW", "TU",  "HU",  "ĐU",  "DU",
                                        "QU", "BBT", "BCT", "BCS", "BCĐ",
                                        "tw", "tu",  "Tw",  "Tu"};

    while (at < len && t[at] == ' ')
        at++;
    for (size_t k = 0; k < sizeof codes / sizeof *codes; k++) {
        size_t n = strlen(codes[k]);

        if (at + n <= len && memcmp(t + at, codes[k], n) == 0)
            return true;
    }
    return false;
}

static bool mentions_party(const scan_t *s)
{
    for (size_t i = 0; i < s->len; i++)
        if ((s->text[i] == '/' || s->text[i] == '-') &&
            party_issuer_after(s->text, s->len, i + 1))
            return true;
    return false;
}

static bool mentions(const scan_t *s, const char *const *cues)
{
    for (; *cues; cues++) {
        size_t n = strlen(*cues);

        for (const char *p = s->text, *end = s->text + s->len;
             (p = memchr(p, **cues, (size_t)(end - p))) != NULL &&
             (size_t)(end - p) >= n;
             p++)
            if (memcmp(p, *cues, n) == 0)
                return true;
    }
    return false;
}

/* Every reference in one text. */
static cancu_status_t find_all(scan_t *s)
{
    if (!s->md)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    /* Checked once here: every match below skips PCRE2's own check,
     * which would walk the whole text again at each call. */
    if (!s->checked && cancu_utf8__invalid_offset(s->text, s->len) < s->len)
        return CANCU_STATUS_SUCCESS;
    /* Each pattern runs only where its form can be: a number-symbol
     * needs a slash or a dash, a Party document its issuer's code, a named
     * code one of its type words, a standard its body's name. Most lines
     * need none of them. */
    bool slash = memchr(s->text, '/', s->len) != NULL;
    bool dash = slash || memchr(s->text, '-', s->len) != NULL;

    if ((slash && !each_match(s, &number_symbol, on_number_symbol)) ||
        (dash && mentions_party(s) && !each_match(s, &party, on_party)) ||
        (slash && !each_match(s, &typed_number, on_typed_number)) ||
        (mentions(s, named_law_cues) &&
         (!each_match(s, &named_law, on_named_law) ||
          !each_match(s, &named_law_lower, on_named_law_lower))) ||
        (mentions(s, standard_cues) && !each_match(s, &standard, on_standard)))
        return s->failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                            "out of memory")
                         : CANCU_STATUS_INVALID_ARGUMENT;
    drop_overlaps(s);
    extend_lists(s);
    if (s->failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_references__find(const char *text, size_t len,
                                      cancu_reference_cb cb, void *payload)
{
    scan_t s = {text,  len,  pcre2_match_data_create(MATCH_GROUPS, NULL),
                false, NULL, 0,
                0,     false};
    cancu_status_t status = find_all(&s);

    for (size_t i = 0; !status && i < s.count; i++)
        status = cb(s.items[i].id, s.items[i].start, s.items[i].end, payload);
    free(s.items);
    pcre2_match_data_free(s.md);
    return status;
}

static cancu_status_t scan_text(cancu_document_t *doc, pcre2_match_data *md,
                                const char *text, size_t block, size_t row,
                                size_t cell)
{
    /* A document's text was decoded and normalized: valid UTF-8. */
    scan_t s = {text, strlen(text), md, true, NULL, 0, 0, false};
    cancu_status_t status = find_all(&s);

    for (size_t i = 0; !status && i < s.count; i++)
        status = add_candidate(doc, &s.items[i], text, s.len,
                               i + 1 < s.count ? s.items[i + 1].start : s.len,
                               block, row, cell, md);
    free(s.items);
    return status;
}

static size_t find_own_number(cancu_document_t *doc, pcre2_match_data *md);

/* What a legal-text web site wraps around a document it publishes (the
 * tnt- files of corpora/real come from one): its notices name it, and
 * its letter to readers ("Thưa Quý khách,") opens the page's trailer,
 * whose privacy notice cites 13/2023/NĐ-CP. None of it is the
 * document's. */
static bool publisher_text(const char *text)
{
    return strstr(text, "THƯ VIỆN PHÁP LUẬT") ||
           strncmp(text, "Thưa Quý khách", strlen("Thưa Quý khách")) == 0;
}

static bool starts_with(const char *text, const char *prefix)
{
    return strncmp(text, prefix, strlen(prefix)) == 0;
}

/* Where the page's trailer starts: the page title it repeats under the
 * document's signature, just above its note on the English version or
 * its list of related documents (tnt-45-2025-TT-BYT, tnt-36-2025-TT-BXD);
 * or its letter to readers. SIZE_MAX when there is none. */
static size_t publisher_trailer(const cancu_document_t *doc, size_t from)
{
    for (size_t i = from; i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind != CANCU_BLOCK_PARAGRAPH)
            continue;
        if (starts_with(b->text, "Thưa Quý khách"))
            return i;
        if (starts_with(b->text, "Văn bản này chưa cập nhật nội dung") ||
            starts_with(b->text, "## Văn bản liên quan") ||
            starts_with(b->text, "Văn bản liên quan"))
            return i > from && doc->blocks[i - 1].kind == CANCU_BLOCK_PARAGRAPH
                       ? i - 1
                       : i;
    }
    return SIZE_MAX;
}

/* A page the publisher wrapped around the document: its notice comes
 * before the document's header. */
static bool publisher_wrapped(const cancu_document_t *doc)
{
    size_t end = doc->identity.header_block;

    if (end == SIZE_MAX)
        return false;
    for (size_t i = 0; i < end; i++)
        if (doc->blocks[i].kind == CANCU_BLOCK_PARAGRAPH &&
            publisher_text(doc->blocks[i].text))
            return true;
    return false;
}

cancu_status_t cancu_references__scan(cancu_document_t *doc)
{
    pcre2_match_data *md = pcre2_match_data_create(MATCH_GROUPS, NULL);
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    size_t own, first = 0, end = doc->nblocks;

    if (!md)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    /* The document's own number is its identity, not a citation. */
    own = find_own_number(doc, md);
    /* Of a publisher's page, only the document between its header and
     * the page's trailer: the banner's title and summary cite what the
     * document does, as the page's words. */
    if (publisher_wrapped(doc)) {
        first = doc->identity.header_block;
        end = publisher_trailer(doc, first);
        if (end == SIZE_MAX)
            end = doc->nblocks;
    }
    for (size_t i = first; !status && i < end; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (i == own)
            continue;
        if (b->kind == CANCU_BLOCK_PARAGRAPH && publisher_text(b->text)) {
            if (strncmp(b->text, "Thưa Quý khách", strlen("Thưa Quý khách")) ==
                0)
                break;
            continue;
        }
        if (b->kind == CANCU_BLOCK_PARAGRAPH) {
            status = scan_text(doc, md, b->text, i, 0, 0);
            continue;
        }
        for (size_t r = 0; !status && r < b->nrows; r++)
            for (size_t c = 0; !status && c < b->rows[r].ncells; c++)
                /* A continued merge repeats its restart cell's text: one
                 * mention, counted where the merge starts. */
                if (!b->rows[r].cells[c].merged)
                    status =
                        scan_text(doc, md, b->rows[r].cells[c].text, i, r, c);
    }
    pcre2_match_data_free(md);
    if (!status)
        status = cancu_references__finish(doc);
    return status;
}

/* The document: identity, short forms, problems, relations. */

static bool same(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

static cancu_status_t add_problem(cancu_document_t *doc, size_t ref,
                                  const char *kind, const char *detail,
                                  const char *suggestion)
{
    cancu_problem_t p = {
        ref, kind, cancu_arena__strdup(doc->arena, detail),
        cancu_arena__strdup(doc->arena, suggestion ? suggestion : "")};

    if (!p.detail || !p.suggestion || !cancu_document__add_problem(doc, &p))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}

/* A short form takes what its full mention says: the nearest earlier
 * mention with the same id that has a date or an issuer. */
static void resolve_short_forms(cancu_document_t *doc)
{
    for (size_t i = 0; i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        size_t found = SIZE_MAX;
        bool conflict = false;

        if (*r->date && (!r->local || *r->province))
            continue;
        /* The full mentions before it; only when there is none, those
         * after. */
        for (int pass = 0; pass < 2 && found == SIZE_MAX && !conflict; pass++) {
            for (size_t j = 0; j < doc->nrefs; j++) {
                const cancu_reference_t *e = &doc->refs[j];

                if (j == i || (pass == 0) != (j < i) || !*e->date ||
                    e->resolved_from != SIZE_MAX ||
                    !(same(e->id, r->id) ||
                      (r->partial && same(e->number, r->number) &&
                       e->year == r->year && same(e->type, r->type) &&
                       !e->partial)))
                    continue;
                if (found == SIZE_MAX)
                    found = j;
                else if (!same(e->date, doc->refs[found].date) ||
                         !same(e->province, doc->refs[found].province))
                    conflict = true;
            }
        }
        if (found == SIZE_MAX)
            continue;
        if (conflict) {
            r->ambiguous = true;
            continue;
        }
        r->resolved_from = found;
        r->id = doc->refs[found].id;
        r->code = doc->refs[found].code;
        r->partial = false;
        if (!*r->date)
            r->date = doc->refs[found].date;
        if (!*r->issuer)
            r->issuer = doc->refs[found].issuer;
        if (!*r->province)
            r->province = doc->refs[found].province;
        if (*r->date && !same(r->date, doc->refs[found].date))
            r->resolved_from = SIZE_MAX; /* another document */
        if (!*r->title)
            r->title = doc->refs[found].title;
    }
}

/* The centrally run cities: "thành phố Hà Nội", every other province
 * "tỉnh ..." (Resolution 202/2025/QH15 keeps these six). */
static const char *const cities[] = {"Hà Nội",  "Hồ Chí Minh", "Hải Phòng",
                                     "Đà Nẵng", "Cần Thơ",     "Huế"};

static bool is_city(const char *name)
{
    for (size_t i = 0; i < sizeof cities / sizeof *cities; i++)
        if (same(name, cities[i]))
            return true;
    return false;
}

/* A phrase's words of the province level alone at its end ("Ủy ban nhân
 * dân Tỉnh", "UBND thành phố"): how many bytes they take, or 0. */
static size_t bare_level(const char *s)
{
    static const char *const levels[] = {
        " tỉnh", " Tỉnh", " TỈNH", " thành phố", " Thành phố", " THÀNH PHỐ"};
    size_t n = strlen(s);

    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++) {
        size_t k = strlen(levels[i]);

        if (n > k && strcmp(s + n - k, levels[i]) == 0)
            return k;
    }
    return 0;
}

/* Bodies whose names open with their province's level: the council,
 * the committee and the Party's provincial committee. */
static bool provincial_body(const char *s)
{
    static const char *const bodies[] = {"Ủy ban nhân dân",
                                         "Hội đồng nhân dân",
                                         "Ban Thường vụ Tỉnh ủy",
                                         "Ban Chấp hành Đảng bộ tỉnh",
                                         "Tỉnh ủy",
                                         "Thành ủy",
                                         "Ban Thường vụ Thành ủy",
                                         "Chủ tịch Ủy ban nhân dân",
                                         "Sở ",
                                         "Công an tỉnh",
                                         "Ban Pháp chế",
                                         "Thanh tra tỉnh",
                                         "Bộ Chỉ huy quân sự tỉnh",
                                         "Văn phòng Ủy ban nhân dân"};

    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++)
        if (strncmp(s, bodies[i], strlen(bodies[i])) == 0)
            return true;
    return false;
}

/* A phrase that opens with a body's name and runs on into the sentence
 * ("Bộ Công Thương tăng cường công tác quản lý", "Chính phủ Quy định chi
 * tiết ...", "Quốc hội khoá X") ends with the name, and with the
 * province it names ("Tỉnh ủy Lào Cai"). */
static void cut_after_known_body(cancu_strbuf_t *out)
{
    static const char *const places[] = {" tỉnh", " Tỉnh", " thành phố",
                                         " Thành phố"};
    const char *s = cancu_strbuf__cstr(out), *head = s;
    size_t best = 0;
    bool named = false;

    /* "Chủ tịch Ủy ban nhân dân tỉnh ...": the body after the title. */
    if (strncmp(s, "Chủ tịch ", strlen("Chủ tịch ")) == 0)
        s += strlen("Chủ tịch ");

    for (size_t i = 0; i < sizeof issuer_codes / sizeof *issuer_codes; i++) {
        size_t n = strlen(issuer_codes[i].type);

        if (n > best && strncmp(s, issuer_codes[i].type, n) == 0 &&
            (s[n] == '\0' || s[n] == ' '))
            best = n;
    }
    for (size_t i = 0; i < sizeof department_codes / sizeof *department_codes;
         i++) {
        size_t n = strlen(department_codes[i].type);

        if (n > best && strncmp(s, department_codes[i].type, n) == 0 &&
            (s[n] == '\0' || s[n] == ' '))
            best = n;
    }
    if (!best || !s[best])
        return;
    /* A province after the name belongs to it: "Tỉnh ủy Lào Cai", "Sở Y
     * tế tỉnh Gia Lai", words in capitals up to the next lower case. */
    for (size_t k = 0; k < sizeof places / sizeof *places; k++) {
        size_t n = strlen(places[k]);

        if (strncmp(s + best, places[k], n) == 0 &&
            (s[best + n] == '\0' || s[best + n] == ' ')) {
            best += n;
            named = true;
            break;
        }
    }
    named = named || strncmp(s, "Tỉnh ủy", strlen("Tỉnh ủy")) == 0 ||
            strncmp(s, "Thành ủy", strlen("Thành ủy")) == 0;
    while (named && s[best] == ' ') {
        UChar32 c;
        int32_t i = (int32_t)best + 1;

        U8_NEXT(s, i, (int32_t)(out->len - (size_t)(s - head)), c);
        if (c < 0 || !u_isupper(c))
            break;
        best = (size_t)i;
        while (s[best] && s[best] != ' ')
            best++;
    }
    /* "Quốc hội khoá X", "Chính phủ nước ...": the term is no name. */
    best += (size_t)(s - head);
    out->len = best;
    out->data[best] = '\0';
}

/* The issuer as the body's full name: "UBND tỉnh" of a Đồng Tháp plan is
 * "Ủy ban nhân dân tỉnh Đồng Tháp", "Bộ trưởng Bộ Tư pháp" signs for
 * "Bộ Tư pháp", a law is the National Assembly's; the Markdown marks and
 * the old spelling "Uỷ" go. */
static const char *full_issuer(cancu_document_t *doc,
                               const cancu_reference_t *r)
{
    static const struct {
        const char *abbreviation, *name;
    } expansions[] = {
        {"Uỷ ban thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"},
        {"Ủy ban thường vụ Quốc hội", "Ủy ban Thường vụ Quốc hội"},
        {"UBND ", "Ủy ban nhân dân "},
        {"HĐND ", "Hội đồng nhân dân "},
        {"Uỷ ban", "Ủy ban"},
        {"UỶ BAN", "ỦY BAN"},
        {"Tỉnh uỷ", "Tỉnh ủy"},
        {"Thành uỷ", "Thành ủy"},
    };
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    const char *s = r->issuer;
    size_t level;
    char *copy;

    /* "của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ" cut at its comma:
     * a title alone names no body; the code does. */
    if (same(s, "Bộ trưởng") || same(s, "Chủ tịch") || same(s, "Thủ trưởng") ||
        same(s, "Chủ nhiệm")) {
        const char *by_code = issuer_of_code(r->code);

        if (by_code)
            return by_code;
    }
    if (!*s) {
        if (same(r->form, "law") || same(r->form, "name"))
            return strncmp(r->id, "Pháp lệnh", strlen("Pháp lệnh")) == 0
                       ? "Ủy ban Thường vụ Quốc hội"
                       : "Quốc hội";
        return s;
    }
    /* The head signs for the body: "Bộ trưởng Bộ Tư pháp", "Giám đốc Sở
     * Công Thương" (a Chairman's decisions stay his, as the texts say). */
    if (strncmp(s, "Bộ trưởng Bộ ", strlen("Bộ trưởng Bộ ")) == 0 ||
        strncmp(s, "Bộ Trưởng Bộ ", strlen("Bộ Trưởng Bộ ")) == 0)
        s += strlen("Bộ trưởng ");
    if (strncmp(s, "Giám đốc Sở ", strlen("Giám đốc Sở ")) == 0)
        s += strlen("Giám đốc ");
    for (const char *p = s; *p; p++) {
        bool expanded = false;

        if (*p == '*')
            continue;
        for (size_t i = 0; i < sizeof expansions / sizeof *expansions; i++) {
            size_t k = strlen(expansions[i].abbreviation);

            if (strncmp(p, expansions[i].abbreviation, k) == 0 &&
                (p == s || p[-1] == ' ')) {
                cancu_strbuf__puts(&out, expansions[i].name);
                p += k - 1;
                expanded = true;
                break;
            }
        }
        if (!expanded)
            cancu_strbuf__putc(&out, *p);
    }
    while (out.len && strchr(" ,;:", out.data[out.len - 1]))
        out.data[--out.len] = '\0';
    cut_after_known_body(&out);
    /* "... tỉnh" with the province named nowhere else: the reference's. */
    level = out.len ? bare_level(out.data) : 0;
    if (*r->province && out.len && provincial_body(out.data)) {
        if (level)
            out.data[out.len -= level] = '\0';
        if (!strstr(out.data, r->province)) {
            if (strstr(out.data, "ủy") == NULL || level)
                cancu_strbuf__puts(&out, is_city(r->province) ? " thành phố "
                                                              : " tỉnh ");
            else
                cancu_strbuf__putc(&out, ' ');
            cancu_strbuf__puts(&out, r->province);
        } else if (level) {
            /* Named already: only the trailing level word goes. */
        }
    }
    copy = out.failed
               ? NULL
               : cancu_arena__strdup(doc->arena, cancu_strbuf__cstr(&out));
    cancu_strbuf__dispose(&out);
    return copy ? copy : r->issuer;
}

static const char *letter_issuer(const char *code)
{
    char key[64], upper[64];
    size_t n = strcspn(code, "-/");
    const code_name_t *c;

    if (!fold_part(code, n, upper, key, sizeof key))
        return NULL;
    c = find_issuer_code(key);
    return c ? c->type : NULL;
}

/* "Luật sửa đổi, bổ sung một số điều của Luật thuế xuất khẩu, thuế nhập
 * khẩu số 04/1998/QH10" (vip-2003-02144qd): the name is inside the
 * amending law's title, and the number after it is the amending law's. */
static bool inside_amending_title(const cancu_document_t *doc,
                                  const cancu_reference_t *r)
{
    const struct cancu_block *b = &doc->blocks[r->block];
    const char *text = b->kind == CANCU_BLOCK_PARAGRAPH
                           ? b->text
                           : b->rows[r->row].cells[r->cell].text;
    static const char of[] = "của ";
    size_t from = r->start > 120 ? r->start - 120 : 0;

    if (r->start < strlen(of) ||
        strncmp(text + r->start - strlen(of), of, strlen(of)) != 0)
        return false;
    for (size_t i = from; i + strlen("sửa đổi") <= r->start; i++)
        if (strncmp(text + i, "sửa đổi", strlen("sửa đổi")) == 0 ||
            strncmp(text + i, "SỬA ĐỔI", strlen("SỬA ĐỔI")) == 0)
            return true;
    return false;
}

/* "Luật Tổ chức Chính phủ số 63/2025/QH15": the number, right after the
 * name, says which enactment the name is (its year), and its date when
 * the text gives one. */
static cancu_status_t date_names_by_number(cancu_document_t *doc)
{
    /* "Luật Hợp tác xã năm 1996": the year the text gives the name is
     * its date, as far as the text tells it. */
    for (size_t i = 0; i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        char year[8];

        if (!same(r->form, "name") || !r->year || *r->date)
            continue;
        snprintf(year, sizeof year, "%04d", r->year);
        r->date = cancu_arena__strdup(doc->arena, year);
        if (!r->date)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", doc->path);
    }
    for (size_t i = 0; i + 1 < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        const cancu_reference_t *n = &doc->refs[i + 1];

        if (!same(r->form, "name") || r->year || n->block != r->block ||
            n->row != r->row || n->cell != r->cell || n->start < r->end ||
            n->start - r->end > 8 || !n->year ||
            (strncmp(n->code, "QH", 2) != 0 &&
             strncmp(n->code, "UBTVQH", 6) != 0 &&
             strncmp(n->code, "PL-UBTVQH", 9) != 0))
            continue;
        if (inside_amending_title(doc, r))
            continue;
        r->year = n->year;
        if (!*r->date && *n->date)
            r->date = n->date;
        else if (!*r->date) {
            char year[8];

            snprintf(year, sizeof year, "%04d", r->year);
            r->date = cancu_arena__strdup(doc->arena, year);
            if (!r->date)
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "%s: out of memory", doc->path);
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* Local references with no province of their own are the document's
 * province's ("Quyết định số 602/QĐ-UBND", "Chương trình hành động số
 * 10-CTr/TU" in a Đồng Tháp plan), and every issuer gets its full name. */
static void complete_issuers(cancu_document_t *doc, pcre2_match_data *md)
{
    const char *own = *doc->identity.province ? doc->identity.province : "";
    const char *title = doc->identity.title;
    PCRE2_SIZE ov[4];

    /* A text with no issuer of its own ("Nhận xét ... hồ sơ kho ...,
     * tỉnh Lào Cai"): the province its title names is where its local
     * references are from. */
    if (!*own && !*doc->identity.issuer && title && *title &&
        match_at(&province, md, title, strlen(title), 0, ov, 2) >= 2)
        own = arena_text(doc, title + ov[2], ov[3] - ov[2]);
    if (!own)
        own = "";

    for (size_t i = 0; i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];

        /* "công văn số 823/DLA-CNTK ngày ... của Thuế tỉnh Đắk Lắk": a
         * letter of a provincial body is numbered in its province. */
        if (!r->local && same(r->form, "letter") && *r->province)
            r->local = true;
        if (r->local && !*r->province && *own)
            r->province = own;
        /* QCVN 05A:2020/BCT: the ministry after the slash issues it. */
        if (!*r->issuer && same(r->form, "standard") &&
            strncmp(r->id, "QCVN", 4) == 0 && strchr(r->id, '/')) {
            char code[32];
            const char *issuer;

            snprintf(code, sizeof code, "%.*s",
                     (int)strcspn(strchr(r->id, '/') + 1, "/"),
                     strchr(r->id, '/') + 1);
            issuer = issuer_of_code(code);
            if (issuer)
                r->issuer = issuer;
        }
        if (r->local && !*r->issuer) {
            const char *issuer = issuer_of_code(r->code);

            /* A letter's code opens with its issuer: 502/UBND-KT. */
            if (!issuer && same(r->form, "letter"))
                issuer = letter_issuer(r->code);
            if (issuer)
                r->issuer = issuer;
        }
        r->issuer = full_issuer(doc, r);
    }
}

/* The identity key: the id, with the province and date or year where the
 * id alone is not unique (602/QĐ-UBND of every province, 18-NQ/TW of
 * 2017 and of 2022). */
static cancu_status_t make_keys(cancu_document_t *doc)
{
    for (size_t i = 0; i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        char key[256];
        bool dated = !same(r->form, "normative") && !same(r->form, "law") &&
                     !same(r->form, "standard") && !same(r->form, "name");
        size_t n;

        copy_text(key, sizeof key, r->id);
        n = strlen(key);

        if (r->local)
            n += (size_t)snprintf(key + n, sizeof key - n, "@%s",
                                  *r->province ? r->province : "?");
        if (dated)
            snprintf(key + n, sizeof key - n, ":%.4s",
                     *r->date ? r->date : "?");
        if (same(r->form, "name") && !strstr(r->id, " năm ") &&
            year_tells_enactment(r->id)) {
            int year = r->year ? r->year : (*r->date ? digits(r->date) : 0);

            if (year)
                snprintf(key + n, sizeof key - n, ":%d", year);
        }
        if (strchr(key, '?') || r->partial)
            r->ambiguous = true;
        r->key = cancu_arena__strdup(doc->arena, key);
        if (!r->key)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", doc->path);
    }
    return CANCU_STATUS_SUCCESS;
}

/* Is 'date' (ISO, maybe without day) after 'limit' (ISO, maybe partial)?
 * Only the parts both give are compared. */
static bool after(const char *date, const char *limit)
{
    size_t n = strlen(limit) < strlen(date) ? strlen(limit) : strlen(date);

    return n >= 4 && strncmp(date, limit, n) > 0;
}

static cancu_status_t find_problems(cancu_document_t *doc)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    char detail[256], suggestion[160];

    for (size_t i = 0; !status && i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        int date_year = *r->date ? digits(r->date) : 0;

        if (r->missing_year) {
            if (date_year) {
                /* 106/NĐ-CP dated 2020: 106/2020/NĐ-CP. */
                snprintf(suggestion, sizeof suggestion, "%s/%04d/%s", r->number,
                         date_year, r->code);
                snprintf(detail, sizeof detail,
                         "%s has no year; its date %s gives %s", r->text,
                         r->date, suggestion);
                r->year = date_year;
                r->id = cancu_arena__strdup(doc->arena, suggestion);
                if (!r->id)
                    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                            "out of memory");
            } else {
                snprintf(detail, sizeof detail,
                         "%s has no year, and no date tells it", r->text);
                suggestion[0] = '\0';
                r->ambiguous = true;
            }
            status = add_problem(doc, i, "missing-year", detail, suggestion);
        }
        if (!status && r->written_year && date_year &&
            r->written_year != date_year && !same(r->form, "name")) {
            snprintf(suggestion, sizeof suggestion, "%s/%04d/%s", r->number,
                     date_year, r->code);
            snprintf(detail, sizeof detail,
                     "the number says %d, the date %s says %d: probably %s",
                     r->written_year, r->date, date_year, suggestion);
            status = add_problem(doc, i, "year-mismatch", detail, suggestion);
        }
        if (!status && *r->date && *doc->date && after(r->date, doc->date)) {
            snprintf(detail, sizeof detail,
                     "dated %s, after the plan's own date %s", r->date,
                     doc->date);
            status = add_problem(doc, i, "future-dated", detail, NULL);
        }
        if (!status && r->unknown_code) {
            snprintf(detail, sizeof detail,
                     "code %s is not a known type or "
                     "issuer code",
                     r->code);
            status = add_problem(doc, i, "unknown-code", detail, NULL);
        }
        /* One id, two dates: the first mention with each other date. */
        for (size_t j = 0; !status && j < i && *r->date; j++) {
            const cancu_reference_t *e = &doc->refs[j];

            if (!*e->date || !same(e->id, r->id) || same(r->form, "name") ||
                !same(e->province, r->province) || same(e->date, r->date) ||
                r->resolved_from != SIZE_MAX)
                continue;
            snprintf(detail, sizeof detail,
                     "%s is dated %s here and %s earlier", r->id, r->date,
                     e->date);
            status = add_problem(doc, i, "conflicting-date", detail, NULL);
            break;
        }
    }
    return status;
}

/* After the keys: what the text does not tell. */
static cancu_status_t find_ambiguous(cancu_document_t *doc)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    char detail[256];

    for (size_t i = 0; !status && i < doc->nrefs; i++) {
        const cancu_reference_t *r = &doc->refs[i];

        if (r->ambiguous) {
            snprintf(detail, sizeof detail,
                     "%s cannot be told apart without its %s", r->text,
                     r->partial                  ? "issuer code"
                     : r->local && !*r->province ? "issuer's province"
                                                 : "date");
            status = add_problem(doc, i, "ambiguous", detail, NULL);
        }
    }
    return status;
}

static cancu_pattern_t passive_amends =
    CANCU_PATTERN("được\\s+(?:sửa\\s+đổi|bổ\\s+sung)(?:\\s*,?\\s*bổ\\s+sung)?"
                  "(?:\\s+một\\s+số\\s+điều)?\\s*(?:bởi|tại|theo)\\b",
                  PCRE2_CASELESS);
static cancu_pattern_t amends =
    CANCU_PATTERN("sửa\\s+đổi|bổ\\s+sung", PCRE2_CASELESS);
static cancu_pattern_t passive_replaces =
    CANCU_PATTERN("được\\s+thay\\s+thế\\s+(?:bởi|bằng)\\b", PCRE2_CASELESS);
/* "thay thế cụm từ" replaces words, not a document. */
static cancu_pattern_t replaces = CANCU_PATTERN(
    "thay\\s+thế(?!\\s+(?:cụm\\s+từ|các\\s+cụm\\s+từ|từ|các\\s+từ|cụm)\\b)",
    PCRE2_CASELESS);
static cancu_pattern_t passive_repeals =
    CANCU_PATTERN("bị\\s+bãi\\s+bỏ\\s+(?:bởi|tại|theo)\\b", PCRE2_CASELESS);
static cancu_pattern_t repeals = CANCU_PATTERN("bãi\\s+bỏ", PCRE2_CASELESS);
/* "Nghị quyết số 13/2024/NQ-HĐND ngày ... của ... quy định ... hết hiệu
 * lực kể từ ...": the subject's date, issuer and title may stand
 * between. */
static cancu_pattern_t expires = CANCU_PATTERN(
    "[^;.]{0,400}?hết\\s+hiệu\\s+lực", PCRE2_CASELESS | PCRE2_ANCHORED);
/* Parts of a document: what a partial repeal or replacement acts on. */
static cancu_pattern_t some_parts = CANCU_PATTERN(
    "một\\s+số\\s+(?:điều|điểm|khoản|nội\\s+dung)|\\b(?:điều|khoản|điểm|"
    "phụ\\s+lục)\\s+(?:\\d|[a-zđ]\\b|[IVX]+\\b)",
    PCRE2_CASELESS);
static cancu_pattern_t amending_title =
    CANCU_PATTERN("\\b(?:luật|nghị\\s+định|thông\\s+tư|pháp\\s+lệnh)\\s+(?:"
                  "sửa\\s+đổi|bổ\\s+sung)"
                  "|\\(\\s*sửa\\s+đổi(?:,\\s*bổ\\s+sung)?\\s*\\)",
                  PCRE2_CASELESS);
/* "các quy định tại", "mục III", "phần B": parts of a document. */
static cancu_pattern_t rules_in = CANCU_PATTERN(
    "(?:các\\s+)?(?:qui|quy)\\s+định\\s+(?:tại|của)|\\bmục\\s+[IVX\\d]+\\b|"
    "\\bphần\\s+(?:[A-Z]\\b|thứ)",
    PCRE2_CASELESS);
/* A phrase's words, not a document, are what is repealed or replaced. */
static cancu_pattern_t phrase_edit =
    CANCU_PATTERN("cụm\\s+từ|\\btừ\\s+[\"“]", PCRE2_CASELESS);
static cancu_pattern_t as_amended =
    CANCU_PATTERN("được\\s+(?:sửa\\s+đổi|bổ\\s+sung)", PCRE2_CASELESS);
/* What stands just before the next item of a list: a separator, then
 * perhaps its type word and "số". Not "của Nghị định số": a reference
 * inside a title. */
static cancu_pattern_t list_separator = CANCU_PATTERN(
    "(?:,|;|\\svà|\\shoặc)\\s*(?:các\\s+)?(?:\\p{L}+(?:\\s+\\p{L}+){0,3}\\s+)?"
    "(?:số\\s*:?\\s*)?$",
    PCRE2_CASELESS);

/* "... sửa đổi, bổ sung một số điều của Nghị định số ": the words
 * before the first of what a cited document's title says it amends. */
static cancu_pattern_t amends_of = CANCU_PATTERN(
    "(?:sửa\\s+đổi|bổ\\s+sung)[^;.]{0,40}?\\s(?:của|tại)\\s+[^;.]{0,30}$",
    PCRE2_CASELESS);
/* The joint before the next document a title amends: "; Nghị định số B"
 * or " và Nghị định số C", never ", " (a title's own commas). */
static cancu_pattern_t amended_joint = CANCU_PATTERN(
    "(?:;|\\svà)\\s*(\\p{L}+(?:\\s+\\p{L}+){0,3}?)\\s*(?:số\\s*:?\\s*)?$",
    PCRE2_CASELESS);
/* "Luật sửa đổi, bổ sung một số điều của " before a law's name, whose
 * number follows the name: "... của Luật thuế xuất khẩu, thuế nhập
 * khẩu số 04/1998/QH10". */
static cancu_pattern_t amending_law_of =
    CANCU_PATTERN("(?:luật|pháp\\s+lệnh)\\s+sửa\\s+đổi(?:\\s*,?\\s*bổ\\s+sung)?"
                  "(?:\\s+một\\s+số\\s+điều)?\\s+của\\s+$",
                  PCRE2_CASELESS);
static cancu_pattern_t number_of_name =
    CANCU_PATTERN("\\G\\s*,?\\s*số\\s*$", PCRE2_CASELESS);

static cancu_pattern_t inside_title = CANCU_PATTERN(
    "(?:của|tại)\\s+(?:\\p{L}+\\s+){1,3}(?:số\\s+)?$", PCRE2_CASELESS);

/* A clause that opens with the act: "3. Bãi bỏ ...", "Thay thế ...". */
static cancu_pattern_t clause_trigger = CANCU_PATTERN(
    "\\G\\s*(?:\\*{0,2}\\s*điều\\s+\\d{1,3}[a-zđ]?\\s*[.:]\\s*\\*{0,2}\\s*)?"
    "(?:\\d{1,3}[.)]\\s*|[a-zđ]\\)\\s*)?(?:bãi\\s+bỏ|thay\\s+thế|sửa\\s+đổi)",
    PCRE2_CASELESS);
/* "**Điều 1.** Bổ sung các cửa khẩu sau vào danh sách ... tại Điều 2
 * Nghị quyết số ...": in a legal text only (a plan's "Bổ sung kinh
 * phí ... theo Quyết định số ..." amends nothing). */
static cancu_pattern_t supplement_trigger = CANCU_PATTERN(
    "\\G\\s*(?:\\*{0,2}\\s*điều\\s+\\d{1,3}[a-zđ]?\\s*[.:]\\s*\\*{0,2}\\s*)?"
    "(?:\\d{1,3}[.)]\\s*|[a-zđ]\\)\\s*)?bổ\\s+sung\\b",
    PCRE2_CASELESS);
/* "Điều lệ này", "Quy chế này": what the document enacts, annexed. */
static cancu_pattern_t this_document = CANCU_PATTERN(
    "(?:nghị định|thông tư|luật|quyết định|nghị quyết|pháp lệnh|văn bản|"
    "chỉ thị|điều lệ|quy chế)\\s+này\\b",
    PCRE2_CASELESS);

static bool found_in(cancu_pattern_t *pattern, pcre2_match_data *md,
                     const char *t, size_t from, size_t to)
{
    PCRE2_SIZE ov[2];

    return to > from && match_at(pattern, md, t, to, from, ov, 1) >= 1;
}

/* The text a reference stands in. */
static const char *unit_text(const cancu_document_t *doc,
                             const cancu_reference_t *r)
{
    const struct cancu_block *b = &doc->blocks[r->block];

    if (b->kind == CANCU_BLOCK_PARAGRAPH)
        return b->text;
    return b->rows[r->row].cells[r->cell].text;
}

static bool same_unit(const cancu_reference_t *a, const cancu_reference_t *b)
{
    return a->block == b->block && a->row == b->row && a->cell == b->cell;
}

/* A gap that stays inside one sentence clause. */
static bool one_clause(const char *t, size_t from, size_t to)
{
    if (to - from > 300)
        return false;
    for (size_t i = from; i < to; i++)
        if (t[i] == ';' || (t[i] == '.' && i + 1 < to && t[i + 1] == ' '))
            return false;
    return true;
}

/* A gap that stays inside one sentence: semicolons allowed. */
static bool one_sentence(const char *t, size_t from, size_t to)
{
    if (to - from > 500)
        return false;
    for (size_t i = from; i < to; i++)
        if (t[i] == '.' && i + 1 < to && t[i + 1] == ' ' &&
            !(i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9'))
            return false;
    return true;
}

/* The year a reference's document was issued: its number's, else its
 * date's, else 0. */
static int year_of_ref(const cancu_reference_t *r)
{
    if (r->year)
        return r->year;
    return *r->date ? digits(r->date) : 0;
}

/* When the clause says the change takes effect: "(kể) từ ngày 01 tháng
 * 01 năm 2026", "từ ngày 01/01/2026"; "kể từ ngày ký" is the signing
 * day. Not "từ ngày Nghị định này có hiệu lực": the document's own day,
 * which is the default. */
static cancu_pattern_t effect_date = CANCU_PATTERN(
    "từ\\s+ngày\\s+(?:(\\d{1,2})\\s*(?:/|-|\\.|\\s+tháng\\s+)\\s*(\\d{1,2})"
    "\\s*(?:/|-|\\.|\\s+năm\\s+)\\s*((?:19|20)\\d{2})|(ký))",
    PCRE2_CASELESS);

/* "sau 15 ngày kể từ ngày ký": a day counted from another, which the
 * document's own day in force already is. */
static bool after_a_delay(const char *t, size_t from, size_t at)
{
    size_t start = at > from + 40 ? at - 40 : from;
    char before[128];

    cancu_fold__ascii(t + start, at - start, before, sizeof before);
    return strstr(before, "sau ") != NULL && strstr(before, " ngay") != NULL;
}

/* The day the clause of 'from' in 't' (to its end: ';' or a full stop)
 * says its change takes effect, ISO in the arena; NULL when it says
 * none. */
static const char *clause_date(cancu_document_t *doc, const char *t,
                               size_t from)
{
    pcre2_match_data *md = pcre2_match_data_create(MATCH_GROUPS, NULL);
    size_t end = from, len = strlen(t);
    PCRE2_SIZE ov[10];
    const char *date = NULL;
    char iso[16];

    while (end < len && end - from < 600 && t[end] != ';' &&
           !(t[end] == '.' && (end + 1 == len || t[end + 1] == ' ')))
        end++;
    if (md && match_at(&effect_date, md, t, end, from, ov, 5) >= 2 &&
        !after_a_delay(t, from, ov[0])) {
        if (ov[8] != PCRE2_UNSET) {
            date = doc->date && *doc->date ? doc->date : NULL;
        } else {
            snprintf(iso, sizeof iso, "%.4s-%02ld-%02ld", t + ov[6],
                     strtol(t + ov[4], NULL, 10), strtol(t + ov[2], NULL, 10));
            if (cancu_date__valid(iso))
                date = cancu_arena__strdup(doc->arena, iso);
        }
    }
    pcre2_match_data_free(md);
    return date;
}

/* Do the words between 'from' and 'to' name parts of a document? */
static bool names_parts(const char *t, size_t from, size_t to)
{
    pcre2_match_data *md = pcre2_match_data_create(MATCH_GROUPS, NULL);
    bool parts = md && (found_in(&some_parts, md, t, from, to) ||
                        found_in(&rules_in, md, t, from, to));

    pcre2_match_data_free(md);
    return parts;
}

static cancu_status_t add_relation(cancu_document_t *doc, const char *kind,
                                   size_t source, size_t target, const char *t,
                                   size_t from, size_t to)
{
    cancu_relation_t rel = {kind, source, target, NULL, false, NULL};
    int source_year = source == SIZE_MAX ? digits(doc->date)
                                         : year_of_ref(&doc->refs[source]);
    int target_year = year_of_ref(&doc->refs[target]);

    /* Never a document acting on itself, nor on one issued after it (a
     * 2018 circular does not amend a 2023 decision). */
    if (source != SIZE_MAX && same(doc->refs[source].id, doc->refs[target].id))
        return CANCU_STATUS_SUCCESS;
    if (source_year > 1900 && target_year > 1900 && source_year < target_year) {
        /* "Nghị định số A (được sửa đổi, bổ sung bởi Nghị định số B)":
         * the later one acts. */
        if (source == SIZE_MAX || !strstr(t + from, "bởi") ||
            (size_t)(strstr(t + from, "bởi") - t) > to)
            return CANCU_STATUS_SUCCESS;
        rel.source = target;
        rel.target = source;
        source = rel.source;
        target = rel.target;
    }
    /* One relation between two documents, however often it is said. */
    for (size_t i = 0; i < doc->nrelations; i++) {
        const cancu_relation_t *e = &doc->relations[i];

        if (strcmp(e->kind, kind) == 0 &&
            same(doc->refs[e->target].id, doc->refs[target].id) &&
            (e->source == SIZE_MAX || source == SIZE_MAX
                 ? e->source == source
                 : same(doc->refs[e->source].id, doc->refs[source].id)))
            return CANCU_STATUS_SUCCESS;
    }
    /* "Bãi bỏ Điều 5 Nghị định số ...", "thay thế các quy định tại điểm
     * 1.3, mục III ... Thông tư số ...": a part ends, the document stays
     * in force, changed. */
    if (strcmp(kind, "amends") != 0)
        rel.partial = names_parts(t, from, doc->refs[target].start);
    rel.date = clause_date(doc, t, from);
    rel.text = arena_text(doc, t + from, to - from);
    if (!rel.text || !cancu_document__add_relation(doc, &rel))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}

/* The relation the words between two references state, if any: 'forward'
 * is true when the first acts on the second. */
static const char *relation_between(pcre2_match_data *md, const char *t,
                                    size_t from, size_t to, bool *forward)
{
    *forward = true;
    if (found_in(&passive_replaces, md, t, from, to)) {
        *forward = false;
        return "replaces";
    }
    if (found_in(&passive_repeals, md, t, from, to)) {
        *forward = false;
        return "repeals";
    }
    if (found_in(&passive_amends, md, t, from, to)) {
        *forward = false;
        return "amends";
    }
    /* "Bãi bỏ, sửa đổi, thay thế một số điều, phụ lục của Thông tư số
     * ...": parts of it change, and it stays in force; an amendment.
     * ("Bãi bỏ điểm c khoản 2 Điều 1 ..." alone stays a repeal, of a
     * part.) */
    if (found_in(&amends, md, t, from, to) &&
        (found_in(&replaces, md, t, from, to) ||
         found_in(&repeals, md, t, from, to)) &&
        found_in(&some_parts, md, t, from, to))
        return "amends";
    if (found_in(&replaces, md, t, from, to))
        return "replaces";
    if (found_in(&repeals, md, t, from, to))
        return "repeals";
    /* "(được sửa đổi, bổ sung năm 2020)" says the first is amended, by
     * something not named: no relation between these two. */
    if (found_in(&as_amended, md, t, from, to))
        return NULL;
    /* "... quy định chi tiết thi hành Luật sửa đổi, bổ sung một số điều
     * của Luật ...", "Luật ... (sửa đổi) số ...": the words name another
     * document, unnamed by number, or belong to a name. */
    if (found_in(&amending_title, md, t, from, to))
        return NULL;
    if (found_in(&amends, md, t, from, to))
        return "amends";
    return NULL;
}

/* The targets that follow a first one in a list ("thay thế Nghị định
 * số A, Nghị định số B và Nghị định số C") share its relation; a
 * reference that another relation claims first ("B sửa đổi, bổ sung C")
 * is that one's target, not the list's. */
static cancu_status_t extend_list(cancu_document_t *doc, pcre2_match_data *md,
                                  const char *t, const char *kind,
                                  size_t source, size_t first, size_t from)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    /* "thay thế các Nghị định sau: Nghị định số A ... của Chính phủ quy
     * định ...; Nghị định số B ...": a list the clause opens with a
     * colon runs on over its semicolons. */
    const char *colon = memchr(t + from, ':', doc->refs[first].start - from);
    bool forward;

    for (size_t k = first + 1; !status && k < doc->nrefs &&
                               same_unit(&doc->refs[k], &doc->refs[first]);
         k++) {
        size_t gap_from = doc->refs[k - 1].end, gap_to = doc->refs[k].start;

        if (colon ? !one_sentence(t, gap_from, gap_to)
                  : !one_clause(t, gap_from, gap_to))
            break;
        if (relation_between(md, t, gap_from, gap_to, &forward) ||
            !found_in(&list_separator, md, t, gap_from, gap_to) ||
            found_in(&inside_title, md, t, gap_from, gap_to))
            continue;
        status = add_relation(doc, kind, source, k, t, from, doc->refs[k].end);
    }
    return status;
}

static bool is_target(const cancu_document_t *doc, size_t ref)
{
    for (size_t i = 0; i < doc->nrelations; i++)
        if (doc->relations[i].target == ref)
            return true;
    return false;
}

/* "C được sửa đổi, bổ sung bởi Nghị định số A, Nghị định số B": the
 * documents listed after the first that acts on 'target' act on it too;
 * one that a title before claims as what it amends ("... sửa đổi một
 * số điều của A; B đã được sửa đổi theo X và C") is not among them. */
static cancu_status_t extend_sources(cancu_document_t *doc,
                                     pcre2_match_data *md, const char *t,
                                     const char *kind, size_t target,
                                     size_t first)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    bool forward;

    for (size_t k = first + 1; !status && k < doc->nrefs &&
                               same_unit(&doc->refs[k], &doc->refs[first]);
         k++) {
        size_t gap_from = doc->refs[k - 1].end, gap_to = doc->refs[k].start;

        if (!one_clause(t, gap_from, gap_to) || is_target(doc, k) ||
            relation_between(md, t, gap_from, gap_to, &forward) ||
            !found_in(&list_separator, md, t, gap_from, gap_to) ||
            found_in(&inside_title, md, t, gap_from, gap_to))
            break;
        status = add_relation(doc, kind, k, target, t, doc->refs[target].start,
                              doc->refs[k].end);
    }
    return status;
}

/* The gap ends "; Nghị định số " or " và Nghị định số ", 'type' the
 * words before "số". */
static bool joined_by_type(pcre2_match_data *md, const char *t, size_t from,
                           size_t to, const char *type)
{
    char written[64], wanted[64];
    PCRE2_SIZE ov[4];

    if (to <= from || match_at(&amended_joint, md, t, to, from, ov, 2) < 2 ||
        ov[3] - ov[2] >= sizeof written)
        return false;
    cancu_fold__ascii(t + ov[2], ov[3] - ov[2], written, sizeof written);
    cancu_fold__ascii(type, strlen(type), wanted, sizeof wanted);
    return strcmp(written, wanted) == 0;
}

static bool opens_with_grounds(const char *t)
{
    char head[16];

    while (*t == ' ' || *t == '*' || *t == '_')
        t++;
    cancu_fold__ascii(t, strlen(t) < 12 ? strlen(t) : 12, head, sizeof head);
    return strncmp(head, "can cu", 6) == 0;
}

/* "Nghị định số A ... sửa đổi, bổ sung một số điều của Nghị định số B
 * ... đã được sửa đổi ... theo Nghị định số X ...; Nghị định số C ...
 * và Nghị định số D ...": a cited document's title amends each document
 * of the type of the first joined to the sentence by "; " or " và "
 * (not those "theo" or "bởi" name). In grounds ("Căn cứ ...;") a
 * semicolon ends the item instead. */
/* How far, in bytes, the list of a title that amends several documents
 * may run (three decrees with their titles and amendments: 700). */
#define AMENDED_LIST_MAX 1500

static cancu_status_t extend_amended(cancu_document_t *doc,
                                     pcre2_match_data *md, const char *t,
                                     size_t source, size_t first)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const cancu_reference_t *f = &doc->refs[first];
    bool grounds = opens_with_grounds(t);

    if (!f->type || !*f->type)
        return CANCU_STATUS_SUCCESS;
    for (size_t k = first + 1;
         !status && k < doc->nrefs && same_unit(&doc->refs[k], f); k++) {
        const cancu_reference_t *r = &doc->refs[k];
        size_t gap_from = doc->refs[k - 1].end, gap_to = r->start;
        bool forward;
        const char *kind;

        if (gap_to - f->end > AMENDED_LIST_MAX ||
            !one_sentence(t, gap_from, gap_to) ||
            (grounds && !one_clause(t, gap_from, gap_to)))
            break;
        kind = relation_between(md, t, gap_from, gap_to, &forward);
        /* Another act begins: the list is over. */
        if (kind && forward && !found_in(&as_amended, md, t, gap_from, gap_to))
            break;
        if (!r->type || strcmp(r->type, f->type) != 0 ||
            !joined_by_type(md, t, gap_from, gap_to, r->type))
            continue;
        status = add_relation(doc, "amends", source, k, t, f->start, r->end);
    }
    return status;
}

/* "Luật sửa đổi, bổ sung một số điều của Luật A số N": N, the number of
 * the amending law, amends law A, named before it. */
static cancu_status_t relation_of_amending_law(cancu_document_t *doc,
                                               pcre2_match_data *md,
                                               const char *t, size_t name,
                                               size_t number)
{
    const cancu_reference_t *a = &doc->refs[name], *n = &doc->refs[number];
    size_t from = a->start > 80 ? a->start - 80 : 0;

    if (strcmp(a->form, "name") != 0 || strcmp(n->form, "name") == 0 ||
        !found_in(&number_of_name, md, t, a->end, n->start) ||
        !found_in(&amending_law_of, md, t, from, a->start))
        return CANCU_STATUS_SUCCESS;
    return add_relation(doc, "amends", number, name, t, a->start, n->end);
}

/* Only a list's joints between 'from' and 'to': ", ", " và ", "; " and
 * type words ("và Thông tư số"). */
static bool list_between(const char *t, size_t from, size_t to)
{
    char between[256];
    const char *p;

    if (to < from || to - from > 60)
        return false;
    cancu_fold__ascii(t + from, to - from, between, sizeof between);
    for (p = between; *p; p++)
        if (!strchr(" ,;", *p))
            break;
    if (!*p)
        return true;
    return strncmp(p, "va ", 3) == 0 || strncmp(p, "va", 2) == 0;
}

/* "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 75/2021/NĐ-CP":
 * a document's own title, opening with those words, says what it
 * amends: the references of the title's blocks (near the top, their text
 * inside the title) are amended by the document itself. */
static cancu_status_t relations_of_title(cancu_document_t *doc)
{
    char title[2048], block[2048];
    const char *words;
    size_t last = SIZE_MAX;
    size_t limit = doc->nblocks < 40 ? doc->nblocks : 40;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!doc->title || !*doc->title)
        return CANCU_STATUS_SUCCESS;
    cancu_fold__ascii(doc->title, strlen(doc->title), title, sizeof title);
    /* The title opens with the words: a plan "triển khai Luật sửa đổi
     * ..." amends nothing. */
    words = title;
    if (strncmp(words, "ve viec ", 8) == 0)
        words += 8;
    else if (strncmp(words, "ve ", 3) == 0)
        words += 3;
    if (strncmp(words, "sua doi", 7) != 0 &&
        strncmp(words, "bo sung va sua doi", 18) != 0 &&
        strncmp(words, "bo sung, sua doi", 16) != 0)
        return CANCU_STATUS_SUCCESS;
    for (size_t i = 0; !status && i < doc->nrefs; i++) {
        const cancu_reference_t *r = &doc->refs[i];
        const struct cancu_block *b = &doc->blocks[r->block];
        char text[256];
        const char *in_title, *at;

        if (r->block >= limit || b->kind != CANCU_BLOCK_PARAGRAPH)
            continue;
        cancu_fold__ascii(b->text, strlen(b->text), block, sizeof block);
        in_title = strstr(title, block);
        if (!in_title || !*block)
            continue;
        cancu_fold__ascii(b->text + r->start, r->end - r->start, text,
                          sizeof text);
        at = strstr(in_title, text);
        if (!at || at < words)
            continue;
        /* The first one, and those listed with it ("Thông tư số A và
         * Thông tư số B"); what follows describes them. */
        if (last != SIZE_MAX &&
            (doc->refs[last].block != r->block ||
             !list_between(b->text, doc->refs[last].end, r->start)))
            break;
        status =
            add_relation(doc, "amends", SIZE_MAX, i, b->text, r->start, r->end);
        last = i;
    }
    return status;
}

/* A decree, circular, decision, law, resolution or ordinance: a text
 * whose clauses act on others. */
static bool is_legal_type(const cancu_document_t *doc)
{
    static const char *const types[] = {
        "Nghị định", "Thông tư", "Thông tư liên tịch", "Quyết định",
        "Luật",      "Bộ luật",  "Nghị quyết",         "Pháp lệnh"};
    const char *type = cancu_document_type(doc);

    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(type, types[i]) == 0)
            return true;
    return false;
}

/* What a lead paragraph says the list under it undergoes: "Các văn bản
 * quy phạm pháp luật sau đây hết hiệu lực kể từ ngày Nghị định này có
 * hiệu lực thi hành:", "Điều 1. Bãi bỏ toàn bộ một số văn bản quy phạm
 * pháp luật ...", "Nghị định này thay thế các văn bản sau:". NULL when
 * it is no such lead: parts of documents ("các quy định ... tại"),
 * phrases, amendments, or an act another document does. */
static const char *list_lead_kind(const struct cancu_block *b)
{
    char t[600];
    size_t n;
    bool article;

    if (b->kind != CANCU_BLOCK_PARAGRAPH)
        return NULL;
    cancu_fold__ascii(b->text, strlen(b->text), t, sizeof t);
    n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '*'))
        t[--n] = '\0';
    article = strncmp(t + strspn(t, "*"), "dieu ", 5) == 0;
    if (!n || (t[n - 1] != ':' && !article))
        return NULL;
    if (!strstr(t, "van ban") && !strstr(t, "cac nghi dinh") &&
        !strstr(t, "cac thong tu") && !strstr(t, "cac quyet dinh") &&
        !strstr(t, "cac nghi quyet"))
        return NULL;
    if (strstr(t, "cum tu") || strstr(t, "sua doi") || strstr(t, "bo sung") ||
        strstr(t, "quy dinh tai") || strstr(t, " tai cac ") ||
        strstr(t, "mot phan") || strstr(t, "con hieu luc") ||
        strstr(t, "duoc tiep tuc"))
        return NULL;
    /* The document itself acts: "... này", or its own article. */
    if (!article && !strstr(t, " nay"))
        return NULL;
    if (strstr(t, "het hieu luc"))
        return "expires";
    if (strstr(t, "bai bo"))
        return "repeals";
    if (strstr(t, "thay the"))
        return "replaces";
    return NULL;
}

/* Is 'section' a part of 'lead' ("Điều 71, khoản 2, điểm a" of "Điều 71,
 * khoản 2")? */
static bool under_section(const char *section, const char *lead)
{
    size_t n = strlen(lead);

    return *lead && strncmp(section, lead, n) == 0 && section[n] == ',';
}

/* The documents listed one an item under a lead paragraph, each item
 * opening with its number ("a) Nghị định số 06/2010/NĐ-CP ngày ..."),
 * share the lead's act, done by the document itself. */
static cancu_status_t relations_of_lists(cancu_document_t *doc)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    size_t after = 0; /* the first reference past block i */
    const char *lead_date = NULL;
    bool lead_date_read = false;
    size_t before;

    for (size_t i = 0; !status && i < doc->nblocks; i++) {
        const struct cancu_block *lead = &doc->blocks[i];
        const char *kind;
        size_t r;

        while (after < doc->nrefs && doc->refs[after].block <= i)
            after++;
        kind = list_lead_kind(lead);
        lead_date = NULL;
        lead_date_read = false;
        r = after;
        for (size_t j = i + 1; kind && !status && j < doc->nblocks; j++) {
            const struct cancu_block *item = &doc->blocks[j];
            size_t open;

            if (item->kind != CANCU_BLOCK_PARAGRAPH ||
                !under_section(item->section, lead->section))
                break;
            /* An item's text going on past a page or line break. */
            if (!*item->label)
                continue;
            while (r < doc->nrefs && doc->refs[r].block < j)
                r++;
            if (r == doc->nrefs)
                break;
            if (doc->refs[r].block != j)
                continue;
            /* The item names its document first: its label, its type
             * word and "số" before it. */
            open = doc->refs[r].start;
            if (open > strlen(item->label) + 40 ||
                memchr(item->text, ',', open) || memchr(item->text, ';', open))
                continue;
            before = doc->nrelations;
            status = add_relation(doc, kind, SIZE_MAX, r, item->text, 0,
                                  doc->refs[r].end);
            /* The lead says when: "... hết hiệu lực kể từ ngày 01/7/2025:". */
            if (!status && doc->nrelations > before && !lead_date_read) {
                lead_date = clause_date(doc, lead->text, strlen(lead->label));
                lead_date_read = true;
            }
            if (!status && doc->nrelations > before && lead_date)
                doc->relations[doc->nrelations - 1].date = lead_date;
        }
    }
    return status;
}

/* "Bãi bỏ các vị trí việc làm tại Phụ lục II ...": a clause repealing
 * parts, with no document named, opening a paragraph. */
static cancu_pattern_t parts_repealed = CANCU_PATTERN(
    "\\G\\s*(?:\\d{1,3}[.)]\\s*|[a-zđ]\\)\\s*)?bãi\\s+bỏ\\b", PCRE2_CASELESS);

/* The one document an article's heading says the document itself amends
 * ("**Điều 2.** Sửa đổi, bãi bỏ, thay thế một số điều, phụ lục của
 * Thông tư số 06/2023/TT-BTP ..."), or SIZE_MAX. */
static size_t article_amends(const cancu_document_t *doc, size_t block)
{
    const struct cancu_block *b = &doc->blocks[block];
    size_t found = SIZE_MAX;

    if (b->kind != CANCU_BLOCK_PARAGRAPH ||
        strncmp(b->section, "Điều ", strlen("Điều ")) != 0 ||
        strchr(b->section, ','))
        return SIZE_MAX;
    for (size_t i = 0; i < doc->nrelations; i++) {
        const cancu_relation_t *r = &doc->relations[i];

        if (r->source != SIZE_MAX || strcmp(r->kind, "amends") != 0 ||
            doc->refs[r->target].block != block)
            continue;
        if (found != SIZE_MAX &&
            !same(doc->refs[found].id, doc->refs[r->target].id))
            return SIZE_MAX;
        found = r->target;
    }
    return found;
}

/* The clauses of such an article that repeal parts without naming a
 * document ("3. Bãi bỏ các vị trí việc làm tại Phụ lục II và Phụ lục
 * VI") repeal parts of the one its heading names. */
static cancu_status_t relations_of_articles(cancu_document_t *doc,
                                            pcre2_match_data *md)
{
    size_t r = 0;

    for (size_t i = 0; i < doc->nblocks; i++) {
        size_t target = article_amends(doc, i);
        const struct cancu_block *heading = &doc->blocks[i];

        for (size_t j = i + 1; target != SIZE_MAX && j < doc->nblocks; j++) {
            const struct cancu_block *item = &doc->blocks[j];
            size_t len = strlen(item->text);
            cancu_relation_t rel = {"repeals", SIZE_MAX, target,
                                    NULL,      true,     NULL};
            bool named = false, known = false;

            if (item->kind != CANCU_BLOCK_PARAGRAPH ||
                !under_section(item->section, heading->section))
                break;
            while (r < doc->nrefs && doc->refs[r].block < j)
                r++;
            named = r < doc->nrefs && doc->refs[r].block == j;
            if (named || !found_in(&parts_repealed, md, item->text, 0, len) ||
                found_in(&phrase_edit, md, item->text, 0, len))
                continue;
            /* The clause's words may go on in the next paragraph, when a
             * line break of a text file cut it. */
            if (!names_parts(item->text, 0, len) &&
                !(j + 1 < doc->nblocks &&
                  doc->blocks[j + 1].kind == CANCU_BLOCK_PARAGRAPH &&
                  !*doc->blocks[j + 1].label &&
                  strcmp(doc->blocks[j + 1].section, item->section) == 0 &&
                  names_parts(doc->blocks[j + 1].text, 0,
                              strlen(doc->blocks[j + 1].text))))
                continue;
            for (size_t k = 0; k < doc->nrelations && !known; k++)
                known = doc->relations[k].source == SIZE_MAX &&
                        strcmp(doc->relations[k].kind, "repeals") == 0 &&
                        same(doc->refs[doc->relations[k].target].id,
                             doc->refs[target].id);
            if (known)
                break;
            rel.date = clause_date(doc, item->text, 0);
            rel.text = arena_text(doc, item->text, len);
            if (!rel.text || !cancu_document__add_relation(doc, &rel))
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "%s: out of memory", doc->path);
            break;
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* The act of the document itself that the paragraph before the one of
 * 'r' leaves open ("2. Quyết định này thay thế", no stop after it), when
 * 'r' opens its own paragraph; else NULL. */
static const char *act_cut_before(const cancu_document_t *doc,
                                  pcre2_match_data *md,
                                  const cancu_reference_t *r)
{
    const struct cancu_block *b, *prev;
    size_t n, clause;
    bool forward;
    const char *kind;

    if (r->block == 0 || r->row || r->cell)
        return NULL;
    b = &doc->blocks[r->block];
    prev = &doc->blocks[r->block - 1];
    if (b->kind != CANCU_BLOCK_PARAGRAPH ||
        prev->kind != CANCU_BLOCK_PARAGRAPH ||
        strcmp(b->section, prev->section) != 0)
        return NULL;
    for (size_t k = 0; k < r->start; k++)
        if (b->text[k] == ',' || b->text[k] == ';' || b->text[k] == '.')
            return NULL;
    n = strlen(prev->text);
    while (n && prev->text[n - 1] == ' ')
        n--;
    if (!n || strchr(".;:", prev->text[n - 1]) || n > 200)
        return NULL;
    clause = n;
    while (clause > 0 && prev->text[clause - 1] != ';' &&
           !(prev->text[clause - 1] == ' ' && clause > 1 &&
             prev->text[clause - 2] == '.'))
        clause--;
    if ((!found_in(&this_document, md, prev->text, clause, n) &&
         !found_in(&clause_trigger, md, prev->text, clause, n)) ||
        found_in(&phrase_edit, md, prev->text, clause, n))
        return NULL;
    kind = relation_between(md, prev->text, clause, n, &forward);
    return kind && forward ? kind : NULL;
}

static cancu_status_t find_relations(cancu_document_t *doc,
                                     pcre2_match_data *md)
{
    cancu_status_t status = relations_of_title(doc);
    bool legal = is_legal_type(doc);

    if (!status)
        status = relations_of_lists(doc);

    for (size_t i = 0; !status && i < doc->nrefs; i++) {
        const cancu_reference_t *b = &doc->refs[i];
        const char *t = unit_text(doc, b);
        size_t clause = b->start, len = strlen(t);
        bool forward, acted_on = false;
        const char *kind;
        PCRE2_SIZE ov[2];

        /* The clause before this reference, back to the previous
         * reference in the same text or the clause's start. */
        while (clause > 0 && t[clause - 1] != ';' &&
               !(t[clause - 1] == ' ' && clause > 1 && t[clause - 2] == '.'))
            clause--;
        if (i > 0 && same_unit(&doc->refs[i - 1], b) &&
            doc->refs[i - 1].end > clause) {
            const cancu_reference_t *a = &doc->refs[i - 1];

            kind = relation_between(md, t, a->end, b->start, &forward);
            if (kind && one_clause(t, a->end, b->start)) {
                status = add_relation(doc, kind, forward ? i - 1 : i,
                                      forward ? i : i - 1, t, a->start, b->end);
                /* Lists are replaced or repealed together; an amendment
                 * names what it amends one by one, but for a title's
                 * list ("sửa đổi, bổ sung một số điều của A; B và C"). */
                if (!status && !forward)
                    status = extend_sources(doc, md, t, kind, i - 1, i);
                else if (!status && strcmp(kind, "amends") != 0)
                    status = extend_list(doc, md, t, kind, i - 1, i, a->start);
                else if (!status &&
                         found_in(&amends_of, md, t, a->end, b->start))
                    status = extend_amended(doc, md, t, i - 1, i);
                acted_on = true;
            } else if (!kind) {
                status = relation_of_amending_law(doc, md, t, i - 1, i);
            }
        } else if ((found_in(&this_document, md, t, clause, b->start) ||
                    found_in(&clause_trigger, md, t, clause, b->start) ||
                    (legal &&
                     found_in(&supplement_trigger, md, t, clause, b->start))) &&
                   !found_in(&phrase_edit, md, t, clause, b->start)) {
            /* "Nghị định này thay thế Nghị định số ...", "3. Bãi bỏ
             * Thông tư số ...": the document itself acts. */
            kind = relation_between(md, t, clause, b->start, &forward);
            if (kind && forward) {
                status =
                    add_relation(doc, kind, SIZE_MAX, i, t, clause, b->end);
                if (!status)
                    status = extend_list(doc, md, t, kind, SIZE_MAX, i, clause);
                acted_on = true;
            }
        }
        if (!status && !acted_on && b->start < 40 &&
            (kind = act_cut_before(doc, md, b)) != NULL) {
            /* "2. Quyết định này thay thế" ending a line of its own,
             * the document it replaces opening the next. */
            status = add_relation(doc, kind, SIZE_MAX, i, t, 0, b->end);
            if (!status)
                status = extend_list(doc, md, t, kind, SIZE_MAX, i, 0);
            acted_on = true;
        }
        if (!status && !acted_on &&
            match_at(&expires, md, t, len, b->end, ov, 1) >= 1 &&
            !(i + 1 < doc->nrefs && same_unit(&doc->refs[i + 1], b) &&
              doc->refs[i + 1].start < ov[1]))
            status =
                add_relation(doc, "expires", SIZE_MAX, i, t, b->start, ov[1]);
    }
    if (!status && legal)
        status = relations_of_articles(doc, md);
    return status;
}

/* "Số: 60/2021/NĐ-CP" in the header: the document's own number. */
static size_t find_own_number(cancu_document_t *doc, pcre2_match_data *md)
{
    size_t limit = doc->nblocks < 15 ? doc->nblocks : 15;

    for (size_t i = 0; i < limit; i++) {
        const struct cancu_block *b = &doc->blocks[i];
        PCRE2_SIZE ov[4];
        scan_t s;

        if (b->kind != CANCU_BLOCK_PARAGRAPH ||
            match_at(&own_number, md, b->text, strlen(b->text), 0, ov, 2) < 2)
            continue;
        memset(&s, 0, sizeof s);
        s.md = md;
        s.checked = true;
        s.text = b->text + ov[2];
        s.len = ov[3] - ov[2];
        if (!find_all(&s) && s.count && s.items[0].start < 3)
            doc->own_id = cancu_arena__strdup(doc->arena, s.items[0].id);
        free(s.items);
        if (!doc->own_id)
            doc->own_id = "";
        return i;
    }
    return SIZE_MAX;
}

/* The document naming itself ("Kèm theo Kế hoạch số 617/KH-UBND" in its
 * own appendix, "Thông tư số 45/2025/TT-BYT" in its own text, "Số hiệu:
 * 2536/QĐ-TTg" in a web page's record of it) cites nothing. Only a
 * number read from a "Số:" header is trusted for this, and not in a
 * text of one line ("Luật số 22/2008/QH12"), which may as well be a
 * citation. */
/* A gazette form's heading names the document itself: "Quyết định của
 * Thủ tướng Chính phủ số 115/2004/QĐ-TTg ngày ..." in its first lines
 * cites nothing. */
static void drop_gazette_mention(cancu_document_t *doc, pcre2_match_data *md)
{
    const cancu_identity_t *id = &doc->identity;
    size_t kept = 0;
    scan_t s;

    /* A text of a line or two ("Nghị định số 45/2020/NĐ-CP ngày ..."),
     * or a first line that gives no subject ("Quyết định số 602/QĐ-UBND
     * ngày ... của UBND tỉnh Gia Lai."), may as well be a citation. */
    if (id->gazette_block == SIZE_MAX || !*id->number || doc->nblocks < 3 ||
        (strncmp(id->title, "về ", strlen("về ")) != 0 &&
         strncmp(id->title, "Về ", strlen("Về ")) != 0))
        return;
    memset(&s, 0, sizeof s);
    s.md = md;
    s.text = id->number;
    s.len = strlen(id->number);
    if (find_all(&s) || s.count != 1) {
        free(s.items);
        return;
    }
    for (size_t i = 0; i < doc->nrefs; i++) {
        const cancu_reference_t *r = &doc->refs[i];
        bool heading =
            r->block >= id->gazette_block && r->block <= id->gazette_block + 2;

        if (!heading || strcmp(r->id, s.items[0].id) != 0)
            doc->refs[kept++] = *r;
    }
    free(s.items);
    doc->nrefs = kept;
}

static void drop_own_mentions(cancu_document_t *doc)
{
    size_t kept = 0;

    if (!doc->own_id || !*doc->own_id || doc->identity.header_block == SIZE_MAX)
        return;
    if (doc->nblocks < 2)
        return;
    for (size_t i = 0; i < doc->nrefs; i++)
        if (strcmp(doc->refs[i].id, doc->own_id) != 0)
            doc->refs[kept++] = doc->refs[i];
    doc->nrefs = kept;
}

/* A law naming itself by its name and nothing more ("Kiểm tra việc thực
 * hiện Luật hợp tác xã" in Luật Hợp tác xã 2003, vip-2004-19Z9A) means
 * itself; with a year ("Luật hợp tác xã năm 1996") or where its sentence
 * replaces or ends one, it is the earlier law of the same name. */
static void drop_own_name_mentions(cancu_document_t *doc)
{
    const cancu_identity_t *id = &doc->identity;
    char own[256], name[256];
    size_t kept = 0;
    int n;

    if (!*id->type || !*id->title || id->header_block == SIZE_MAX)
        return;
    n = snprintf(name, sizeof name, "%s %s", id->type, id->title);
    if (n < 0 || (size_t)n >= sizeof name)
        return;
    cancu_fold__ascii(name, (size_t)n, own, sizeof own);
    for (size_t i = 0; i < doc->nrefs; i++) {
        const cancu_reference_t *r = &doc->refs[i];
        const struct cancu_block *b = &doc->blocks[r->block];
        const char *block = b->kind == CANCU_BLOCK_PARAGRAPH ? b->text : NULL;
        bool itself = false;

        if (strcmp(r->form, "name") == 0 && !r->year && block &&
            !strstr(block, "thay thế") && !strstr(block, "hết hiệu lực") &&
            !strstr(block, "bãi bỏ")) {
            cancu_fold__ascii(r->id, strlen(r->id), name, sizeof name);
            itself = strcmp(name, own) == 0;
        }
        if (!itself)
            doc->refs[kept++] = *r;
    }
    doc->nrefs = kept;
}

cancu_status_t cancu_references__finish(cancu_document_t *doc)
{
    pcre2_match_data *md = pcre2_match_data_create(MATCH_GROUPS, NULL);
    cancu_status_t status;

    if (!md)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    drop_own_mentions(doc);
    drop_own_name_mentions(doc);
    drop_gazette_mention(doc, md);
    resolve_short_forms(doc);
    complete_issuers(doc, md);
    status = date_names_by_number(doc);
    if (!status)
        status = find_problems(doc);
    if (!status)
        status = make_keys(doc);
    if (!status)
        status = find_ambiguous(doc);
    if (!status)
        status = find_relations(doc, md);
    pcre2_match_data_free(md);
    return status;
}
