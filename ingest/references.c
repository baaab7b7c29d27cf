/* Legal references in text. This first extractor knows the legal
 * normative form N/YYYY/TYPE-ISSUER (and laws N/YYYY/QHnn) as people and
 * converters write it; the canonical id is the same however it is typed. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"
#include "ingest/pattern.h"

/* Number / year / code, with spaces around the slashes, a hyphen or an
 * en dash between the code's parts, any case. Spaces around a hyphen are
 * accepted only before a capitalised part ("NĐ - CP"), so that a sentence
 * that goes on after a dash is not read as part of the code. */
static cancu_pattern_t normative = CANCU_PATTERN(
    "(?<![\\p{L}\\p{N}/.])(\\d{1,4})\\s*/\\s*((?:19|20)\\d{2})\\s*/\\s*"
    "(\\p{L}{1,10}\\d{0,2}"
    "(?:[-–]\\p{L}{1,10}\\d{0,2}|\\s*[-–]\\s*\\p{Lu}{1,10}\\d{0,2}"
    "(?!\\p{Ll}))*)"
    "(?![\\p{L}\\p{N}])",
    0);

typedef struct code_name {
    const char *key;       /* Upper case, Đ written as D. */
    const char *canonical; /* As the official form writes it. */
} code_name_t;

/* Type codes (Decree 30/2020/NĐ-CP, appendix I). */
static const code_name_t type_codes[] = {
    {"ND", "NĐ"}, {"TT", "TT"},         {"TTLT", "TTLT"}, {"QD", "QĐ"},
    {"NQ", "NQ"}, {"NQLT", "NQLT"},     {"CT", "CT"},     {"KL", "KL"},
    {"KH", "KH"}, {"HD", "HD"},         {"TB", "TB"},     {"CTR", "CTr"},
    {"DA", "ĐA"}, {"QYD", "QyĐ"},       {"VBHN", "VBHN"}, {"PL", "PL"},
    {"QH", "QH"}, {"UBTVQH", "UBTVQH"},
};

/* Issuer codes seen in plans. */
static const code_name_t issuer_codes[] = {
    {"CP", "CP"},         {"TTG", "TTg"},         {"BNV", "BNV"},
    {"BTC", "BTC"},       {"BGDDT", "BGDĐT"},     {"BTTTT", "BTTTT"},
    {"UBND", "UBND"},     {"HDND", "HĐND"},       {"QH", "QH"},
    {"UBTVQH", "UBTVQH"}, {"TW", "TW"},           {"TU", "TU"},
    {"BCT", "BCT"},       {"BYT", "BYT"},         {"BTP", "BTP"},
    {"BKHDT", "BKHĐT"},   {"BLDTBXH", "BLĐTBXH"}, {"BTNMT", "BTNMT"},
    {"BXD", "BXD"},       {"BCA", "BCA"},         {"BQP", "BQP"},
    {"NHNN", "NHNN"},     {"VPCP", "VPCP"},       {"BNNPTNT", "BNNPTNT"},
    {"BGTVT", "BGTVT"},   {"BVHTTDL", "BVHTTDL"}, {"BKHCN", "BKHCN"},
    {"TANDTC", "TANDTC"}, {"VKSNDTC", "VKSNDTC"}, {"KTNN", "KTNN"},
    {"BNG", "BNG"},       {"UBDT", "UBDT"},
};

static const char *lookup(const code_name_t *table, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].key, key) == 0)
            return table[i].canonical;
    return NULL;
}

#define LOOKUP(table, key) lookup(table, sizeof table / sizeof *table, key)

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

/* Append one code part in canonical spelling. */
static void append_part(cancu_strbuf_t *out, const char *upper, const char *key,
                        bool first)
{
    const char *name;
    size_t letters = strcspn(key, "0123456789");
    char stem[32];

    name = first ? LOOKUP(type_codes, key) : LOOKUP(issuer_codes, key);
    if (!name)
        name = first ? LOOKUP(issuer_codes, key) : LOOKUP(type_codes, key);
    if (name) {
        cancu_strbuf__puts(out, name);
        return;
    }
    /* QH14, UBTVQH15: a known stem and the legislature's number. */
    if (letters > 0 && letters < sizeof stem && key[letters]) {
        memcpy(stem, key, letters);
        stem[letters] = '\0';
        name = LOOKUP(type_codes, stem);
        if (name) {
            cancu_strbuf__puts(out, name);
            cancu_strbuf__puts(out, key + letters);
            return;
        }
    }
    cancu_strbuf__puts(out, upper);
}

bool cancu_references__canonical(cancu_strbuf_t *out, const char *number,
                                 size_t number_len, const char *year,
                                 const char *code, size_t code_len)
{
    char upper[64], key[64];
    bool first = true;
    size_t start = 0;

    while (number_len > 1 && *number == '0') {
        number++;
        number_len--;
    }
    if (number_len == 1)
        cancu_strbuf__putc(out, '0');
    cancu_strbuf__append(out, number, number_len);
    cancu_strbuf__putc(out, '/');
    cancu_strbuf__append(out, year, 4);
    cancu_strbuf__putc(out, '/');

    /* Split the code at hyphens and dashes, dropping spaces. */
    for (size_t i = 0; i <= code_len; i++) {
        bool dash = i < code_len &&
                    (code[i] == '-' ||
                     (i + 2 < code_len && memcmp(code + i, "–", 3) == 0));
        size_t end = i;

        if (i < code_len && !dash)
            continue;
        while (end > start && code[end - 1] == ' ')
            end--;
        while (start < end && code[start] == ' ')
            start++;
        if (end > start) {
            if (!fold_part(code + start, end - start, upper, key, sizeof upper))
                return false;
            if (!first)
                cancu_strbuf__putc(out, '-');
            else if (!LOOKUP(type_codes, key) && i == code_len) {
                /* "NĐCP": a type code and an issuer run together. */
                for (size_t cut = 1; key[cut]; cut++) {
                    char type[64];

                    memcpy(type, key, cut);
                    type[cut] = '\0';
                    if (LOOKUP(type_codes, type) &&
                        LOOKUP(issuer_codes, key + cut)) {
                        cancu_strbuf__puts(out, LOOKUP(type_codes, type));
                        cancu_strbuf__putc(out, '-');
                        cancu_strbuf__puts(out,
                                           LOOKUP(issuer_codes, key + cut));
                        return !out->failed;
                    }
                }
            }
            append_part(out, upper, key, first);
            first = false;
        }
        if (dash && code[i] != '-')
            i += 2;
        start = i + 1;
    }
    return !out->failed;
}

cancu_status_t cancu_references__find(const char *text, size_t len,
                                      cancu_reference_cb cb, void *payload)
{
    const pcre2_code *code = cancu_pattern__code(&normative);
    pcre2_match_data *md;
    cancu_strbuf_t id = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    PCRE2_SIZE offset = 0;

    if (!code)
        return CANCU_STATUS_INVALID_ARGUMENT;
    md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    while (offset < len &&
           pcre2_match(code, (PCRE2_SPTR)text, len, offset, 0, md, NULL) >= 4) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

        cancu_strbuf__clear(&id);
        if (cancu_references__canonical(&id, text + ov[2], ov[3] - ov[2],
                                        text + ov[4], text + ov[6],
                                        ov[7] - ov[6])) {
            status = cb(id.data, ov[0], ov[1], payload);
            if (status)
                break;
        } else if (id.failed) {
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
            break;
        }
        offset = ov[1] > offset ? ov[1] : offset + 1;
    }
    pcre2_match_data_free(md);
    cancu_strbuf__dispose(&id);
    return status;
}

typedef struct scan_target {
    cancu_document_t *doc;
    const char *text;
    size_t block, row, cell;
} scan_target_t;

static cancu_status_t add_found(const char *id, size_t start, size_t end,
                                void *payload)
{
    scan_target_t *t = payload;
    cancu_reference_t ref = {0};

    ref.id = cancu_arena__strdup(t->doc->arena, id);
    ref.text =
        cancu_arena__strndup(t->doc->arena, t->text + start, end - start);
    ref.block = t->block;
    ref.row = t->row;
    ref.cell = t->cell;
    ref.start = start;
    ref.end = end;
    if (!ref.id || !ref.text || !cancu_document__add_reference(t->doc, &ref))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                t->doc->path);
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_references__scan(cancu_document_t *doc, const char *text,
                                      size_t len, size_t block, size_t row,
                                      size_t cell)
{
    scan_target_t target = {doc, text, block, row, cell};

    return cancu_references__find(text, len, add_found, &target);
}
