/* Lead and partner cells into units: "Thanh tra + Tổ Pháp chế" is two,
 * "Các phòng chuyên môn, nghiệp vụ" is one unit with a comma in its
 * name. Each gets a key that groups its spellings across plans. */
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest-private.h"

/* Words a unit's name starts with: a comma or "và" before one of them
 * starts another unit. Folded (no marks, lower case). */
static const char *const unit_heads[] = {
    "cac ",      "phong ",    "van phong", "so ",       "ubnd",      "uy ban",
    "buu dien",  "thanh tra", "to ",       "ban ",      "trung tam", "truong ",
    "don vi",    "co quan",   "bo ",       "cong an",   "hoi ",      "doan ",
    "lien doan", "kho bac",   "cuc ",      "chi cuc",   "dai ",      "bao ",
    "hdnd",      "hoi dong",  "huyen ",    "thanh pho", "tinh ",     "xa ",
    "ubmttq",    "mat tran",  "thi xa",    "lanh dao",  "giam doc",  "pho giam",
    "chanh ",    "tong ",     "vien ",     "benh vien", "quan ",     "phuong ",
    "dang uy",   "chi bo",    "tinh uy",   "huyen uy",  "bhxh",      "bao hiem",
    "ngan hang", "cong ty",   "nha ",      "sgddt",     "snv",       "stc",
    "stttt",
};

static bool starts_unit(const char *text, size_t len)
{
    char folded[32];

    while (len && *text == ' ') {
        text++;
        len--;
    }
    cancu_fold__ascii(text, len < 24 ? len : 24, folded, sizeof folded);
    for (size_t i = 0; i < sizeof unit_heads / sizeof *unit_heads; i++)
        if (strncmp(folded, unit_heads[i], strlen(unit_heads[i])) == 0)
            return true;
    return false;
}

bool cancu_units__reads_as_unit(const char *text)
{
    return starts_unit(text, strlen(text));
}

void cancu_units__key_into(const char *name, char key[256])
{
    char folded[256];
    size_t k = 0;
    bool space = false;

    cancu_fold__ascii(name, strlen(name), folded, sizeof folded);
    /* Letters and digits, one space between words. */
    for (const char *p = folded; *p && k + 1 < 256; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')) {
            if (space && k)
                key[k++] = ' ';
            space = false;
            key[k++] = *p;
        } else {
            space = true;
        }
    }
    key[k] = '\0';
    /* The common abbreviations, written out. */
    if (strncmp(key, "uy ban nhan dan", 15) == 0) {
        memmove(key + 4, key + 15, strlen(key + 15) + 1);
        memcpy(key, "ubnd", 4);
    }
}

const char *cancu_units__key(cancu_document_t *doc, const char *name)
{
    char key[256];

    cancu_units__key_into(name, key);
    return cancu_arena__strdup(doc->arena, key);
}

/* The bytes of a space or mark that no unit's name starts or ends with,
 * at 'p' of the 'len' left: ASCII blanks and punctuation, and the
 * no-break (U+00A0), en quad to zero width (U+2000-U+200B), narrow
 * no-break (U+202F) and ideographic (U+3000) spaces, or 0. */
static size_t blank_at(const char *p, size_t len)
{
    const unsigned char *u = (const unsigned char *)p;

    if (*p && strchr(" \t\r\n\v\f,;.+-", *p))
        return 1;
    if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] <= 0x8B || u[2] == 0xAF))
        return 3;
    if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

/* The size of the space or mark that ends the 'len' bytes at 'text', or
 * 0. */
static size_t blank_before(const char *text, size_t len)
{
    for (size_t n = 1; n <= 3 && n <= len; n++)
        if (blank_at(text + len - n, n) == n)
            return n;
    return 0;
}

/* Record the unit named by the 'len' bytes at 'text'. A name of spaces
 * (no-break ones too) and punctuation alone names no unit. */
static bool push_unit(cancu_document_t *doc, cancu_unit_t **units,
                      size_t *count, size_t *cap, const char *text, size_t len)
{
    size_t blank;

    while (len && (blank = blank_at(text, len)) > 0) {
        text += blank;
        len -= blank;
    }
    while (len && (blank = blank_before(text, len)) > 0)
        len -= blank;
    if (!len)
        return true;
    if (*count == *cap) {
        size_t n = *cap ? *cap * 2 : 4;
        cancu_unit_t *p = realloc(*units, n * sizeof *p);

        if (!p)
            return false;
        *units = p;
        *cap = n;
    }
    (*units)[*count].name = cancu_arena__strndup(doc->arena, text, len);
    if (!(*units)[*count].name)
        return false;
    (*units)[*count].key = cancu_units__key(doc, (*units)[*count].name);
    if (!(*units)[*count].key)
        return false;
    (*count)++;
    return true;
}

size_t cancu_units__split(cancu_document_t *doc, const char *text,
                          cancu_unit_t **out)
{
    cancu_unit_t *units = NULL, *copy;
    size_t count = 0, cap = 0, start = 0, len = strlen(text);

    *out = NULL;
    for (size_t i = 0; i <= len; i++) {
        size_t skip = 0;

        if (i == len || text[i] == '+' || text[i] == ';' || text[i] == '\n')
            skip = 1;
        else if (text[i] == ',' && starts_unit(text + i + 1, len - i - 1))
            skip = 1;
        else if (strncmp(text + i, " và ", strlen(" và ")) == 0 &&
                 starts_unit(text + i + strlen(" và "),
                             len - i - strlen(" và ")))
            skip = strlen(" và ");
        if (!skip)
            continue;
        if (!push_unit(doc, &units, &count, &cap, text + start, i - start))
            break;
        start = i + skip;
        i = start - 1;
    }
    if (!count) {
        free(units);
        return 0;
    }
    copy = cancu_arena__alloc(doc->arena, count * sizeof *copy);
    if (copy)
        memcpy(copy, units, count * sizeof *copy);
    free(units);
    *out = copy;
    return copy ? count : 0;
}
