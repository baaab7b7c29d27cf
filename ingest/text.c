/* Plain-text plans: decoding bytes to NFC UTF-8, then lines to blocks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"
#include "ingest/legacy.h"

/* ICU counts in int32_t: keep well inside it. */
#define TEXT_MAX_BYTES ((size_t)INT32_MAX / 4)

typedef enum bom {
    BOM_NONE,
    BOM_UTF8,
    BOM_UTF16LE,
    BOM_UTF16BE,
    BOM_UTF32LE,
    BOM_UTF32BE,
} bom_t;

static bom_t detect_bom(const unsigned char *d, size_t n, size_t *bom_len)
{
    *bom_len = 0;
    if (n >= 4 && d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0) {
        *bom_len = 4;
        return BOM_UTF32LE;
    }
    if (n >= 4 && d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF) {
        *bom_len = 4;
        return BOM_UTF32BE;
    }
    if (n >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) {
        *bom_len = 3;
        return BOM_UTF8;
    }
    if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
        *bom_len = 2;
        return BOM_UTF16LE;
    }
    if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
        *bom_len = 2;
        return BOM_UTF16BE;
    }
    return BOM_NONE;
}

/* Is 'high' the high byte of a UTF-16 unit plausible in Vietnamese text:
 * ASCII and Latin-1, Latin Extended-A (ă đ ĩ ũ ơ ư), combining marks,
 * Latin Extended Additional (ạ ... ỹ), general punctuation? */
static bool vietnamese_high_byte(unsigned char high)
{
    return high == 0x00 || high == 0x01 || high == 0x03 || high == 0x1E ||
           high == 0x20;
}

/* UTF-16 without a byte order mark: nearly every unit of Vietnamese text
 * has one of a few high bytes, most of them zero. Look at the first few
 * KiB. */
static bom_t guess_utf16(const unsigned char *d, size_t n)
{
    size_t pairs = n / 2, le_ok = 0, be_ok = 0, le_zero = 0, be_zero = 0;

    if (pairs > 4096)
        pairs = 4096;
    if (pairs < 8)
        return BOM_NONE;
    for (size_t i = 0; i < pairs; i++) {
        unsigned char even = d[2 * i], odd = d[2 * i + 1];

        le_ok += vietnamese_high_byte(odd) && even != 0;
        be_ok += vietnamese_high_byte(even) && odd != 0;
        le_zero += odd == 0 && even != 0;
        be_zero += even == 0 && odd != 0;
    }
    if (le_ok * 10 >= pairs * 9 && le_zero * 2 >= pairs)
        return BOM_UTF16LE;
    if (be_ok * 10 >= pairs * 9 && be_zero * 2 >= pairs)
        return BOM_UTF16BE;
    return BOM_NONE;
}

static bool is_ascii(const unsigned char *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i] & 0x80)
            return false;
    return true;
}

/* Text files carry tabs, newlines and form feeds; many other control
 * characters mean binary data read as text. */
static bool looks_binary(const UChar *u, int32_t n)
{
    size_t controls = 0;

    for (int32_t i = 0; i < n; i++) {
        UChar c = u[i];

        if (c == 0)
            return true;
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
             c != '\v' && c != 0x1A) ||
            c == 0x7F)
            controls++;
    }
    return controls > 8 && controls * 100 > (size_t)n;
}

static cancu_status_t convert_to_uchars(UChar **out, int32_t *out_len,
                                        const char *name,
                                        const unsigned char *data, size_t size,
                                        const char *encoding)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *conv = ucnv_open(encoding, &err);
    UChar *u;
    int32_t n;

    if (U_FAILURE(err))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "%s: unknown encoding '%s'", name, encoding);
    /* Undecodable bytes are an error, not a silent U+FFFD. */
    ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    u = malloc((size * 2 + 2) * sizeof *u);
    if (!u) {
        ucnv_close(conv);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                name);
    }
    n = ucnv_toUChars(conv, u, (int32_t)(size * 2 + 2), (const char *)data,
                      (int32_t)size, &err);
    ucnv_close(conv);
    if (U_FAILURE(err)) {
        free(u);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: not valid %s text",
                                name, encoding);
    }
    *out = u;
    *out_len = n;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t decode_legacy(char **out, size_t *out_len,
                                    const char **encoding_out, const char *name,
                                    const char *encoding,
                                    const unsigned char *data, size_t size)
{
    cancu_status_t status =
        cancu_legacy__decode(out, out_len, encoding, data, size);

    if (status)
        return cancu_error__set(status, "%s: %s", name, cancu_error_last());
    *encoding_out = encoding;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_text__decode(char **out, size_t *out_len,
                                  const char **encoding_out, const char *name,
                                  const unsigned char *data, size_t size,
                                  const char *forced)
{
    static const char *const bom_names[] = {
        [BOM_NONE] = "UTF-8",       [BOM_UTF8] = "UTF-8",
        [BOM_UTF16LE] = "UTF-16LE", [BOM_UTF16BE] = "UTF-16BE",
        [BOM_UTF32LE] = "UTF-32LE", [BOM_UTF32BE] = "UTF-32BE",
    };
    const char *encoding;
    size_t bom_len;
    bom_t bom;
    UChar *u = NULL;
    int32_t n = 0;
    cancu_status_t status;

    *out = NULL;
    *out_len = 0;
    if (size > TEXT_MAX_BYTES)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: text of %zu bytes is over the limit of "
                                "%zu bytes",
                                name, size, TEXT_MAX_BYTES);
    bom = detect_bom(data, size, &bom_len);
    if (bom == BOM_NONE && !forced)
        bom = guess_utf16(data, size);
    encoding = forced ? forced : bom_names[bom];
    data += bom_len;
    size -= bom_len;

    if (!forced && (bom == BOM_NONE || bom == BOM_UTF8)) {
        size_t bad = cancu_utf8__invalid_offset((const char *)data, size);

        if (memchr(data, 0, size))
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: binary data (NUL bytes), not a "
                                    "text file",
                                    name);
        if (bad < size) {
            /* Not UTF-8: a legacy Vietnamese encoding, if the text reads
             * as Vietnamese in one of them. */
            const char *legacy =
                bom == BOM_NONE ? cancu_legacy__detect(data, size) : NULL;

            if (legacy)
                return decode_legacy(out, out_len, encoding_out, name, legacy,
                                     data, size);
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: not UTF-8 (byte 0x%02X at offset "
                                    "%zu) nor Vietnamese in a legacy "
                                    "encoding; name one with --encoding",
                                    name, data[bad], bad + bom_len);
        }
        if (is_ascii(data, size)) {
            /* ASCII is NFC already; only the control check remains. */
            size_t controls = 0;

            for (size_t i = 0; i < size; i++)
                controls +=
                    (data[i] < 0x20 && !strchr("\t\n\r\f\v\x1a", data[i])) ||
                    data[i] == 0x7F;
            if (controls > 8 && controls * 100 > size)
                return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                        "%s: binary data (control "
                                        "characters), not a text file",
                                        name);
            *out = malloc(size + 1);
            if (!*out)
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "%s: out of memory", name);
            memcpy(*out, data, size);
            (*out)[size] = '\0';
            *out_len = size;
            *encoding_out = "ASCII";
            return CANCU_STATUS_SUCCESS;
        }
    }

    if (forced && cancu_legacy__canonical_name(forced))
        return decode_legacy(out, out_len, encoding_out, name,
                             cancu_legacy__canonical_name(forced), data, size);
    status = convert_to_uchars(&u, &n, name, data, size, encoding);
    if (status)
        return status;
    if (looks_binary(u, n)) {
        free(u);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: binary data (control characters), not "
                                "a text file",
                                name);
    }
    /* A byte order mark that a forced encoding left in place. */
    UChar *start = u;
    if (n > 0 && u[0] == 0xFEFF) {
        start++;
        n--;
    }
    status = cancu_normalize__utf16_to_nfc(out, out_len, name, start, n);
    free(u);
    if (status)
        return status;
    *encoding_out = encoding;
    return CANCU_STATUS_SUCCESS;
}

/* Trim spaces and tabs at both ends. */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t' || **s == '\v' || **s == '\f')) {
        (*s)++;
        (*len)--;
    }
    while (*len && strchr(" \t\v\f", (*s)[*len - 1]))
        (*len)--;
}

static size_t count_tabs(const char *s, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        n += s[i] == '\t';
    return n;
}

/* A line with a tab is a table row inside a table, or when it has at least
 * two cells with text; outside a table, a tab is indentation. */
static bool is_row(const char *line, size_t len, bool in_table)
{
    size_t cells_with_text = 0;
    bool text = false;

    if (!count_tabs(line, len))
        return false;
    if (in_table)
        return true;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            cells_with_text += text;
            text = false;
        } else if (line[i] != ' ') {
            text = true;
        }
    }
    return cells_with_text >= 2;
}

static cancu_status_t add_row(cancu_document_t *doc, const char *line,
                              size_t len, size_t lineno)
{
    size_t ncells = count_tabs(line, len) + 1, i = 0;
    const char **cells;
    size_t *lens;
    bool ok;

    /* Trailing spaces after the last tab are not a cell of their own. */
    cells = malloc(ncells * sizeof *cells);
    lens = malloc(ncells * sizeof *lens);
    if (!cells || !lens) {
        free(cells);
        free(lens);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    }
    for (const char *p = line, *end = line + len; i < ncells; i++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        const char *stop = tab ? tab : end;

        cells[i] = p;
        lens[i] = (size_t)(stop - p);
        trim(&cells[i], &lens[i]);
        p = tab ? tab + 1 : end;
    }
    ok = cancu_document__add_row(doc, cells, lens, ncells, lineno);
    free(cells);
    free(lens);
    if (!ok)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_text__read(cancu_document_t *doc, const char *text,
                                size_t len)
{
    const char *p = text, *end = text + len;
    size_t lineno = 0;
    bool in_table = false;
    cancu_status_t status;

    while (p < end) {
        const char *eol = p;
        size_t line_len, trimmed_len;
        const char *trimmed;

        while (eol < end && *eol != '\n' && *eol != '\r' && *eol != '\f')
            eol++;
        lineno++;
        line_len = (size_t)(eol - p);
        if (line_len > CANCU_MAX_PARAGRAPH_BYTES)
            return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                    "%s: line %zu is %zu bytes long, over "
                                    "the limit of %zu",
                                    doc->path, lineno, line_len,
                                    CANCU_MAX_PARAGRAPH_BYTES);
        trimmed = p;
        trimmed_len = line_len;
        trim(&trimmed, &trimmed_len);

        if (trimmed_len == 0) {
            in_table = false;
        } else if (is_row(p, line_len, in_table)) {
            if (!in_table && !cancu_document__begin_table(doc, lineno))
                return cancu_document__build_failure(doc);
            in_table = true;
            status = add_row(doc, p, line_len, lineno);
            if (status)
                return status;
        } else {
            in_table = false;
            if (!cancu_document__add_paragraph(doc, trimmed, trimmed_len,
                                               lineno))
                return cancu_document__build_failure(doc);
        }
        if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
            eol++;
        p = eol + 1;
    }
    if (doc->nblocks == 0)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: no text (only blank lines)", doc->path);
    return CANCU_STATUS_SUCCESS;
}
