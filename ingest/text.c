/* Plain-text plans: decoding bytes to NFC UTF-8, then lines to blocks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/uchar.h>
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

/* One line of the text, without its line break. */
typedef struct text_line {
    const char *s;
    size_t len;
} text_line_t;

/* Cut 'text' into lines at LF, CR LF, CR and form feed; a line longer
 * than a paragraph may be is refused. */
static cancu_status_t split_lines(cancu_document_t *doc, const char *text,
                                  size_t len, text_line_t **out, size_t *count)
{
    const char *p = text, *end = text + len;
    size_t n = 0, cap = 0;
    text_line_t *lines = NULL;

    while (p < end) {
        const char *eol = p;

        while (eol < end && *eol != '\n' && *eol != '\r' && *eol != '\f')
            eol++;
        if ((size_t)(eol - p) > CANCU_MAX_PARAGRAPH_BYTES) {
            free(lines);
            return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                    "%s: line %zu is %zu bytes long, over "
                                    "the limit of %zu",
                                    doc->path, n + 1, (size_t)(eol - p),
                                    CANCU_MAX_PARAGRAPH_BYTES);
        }
        if (n == cap) {
            size_t grown = cap ? cap * 2 : 256;
            text_line_t *bigger = realloc(lines, grown * sizeof *lines);

            if (!bigger) {
                free(lines);
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "%s: out of memory", doc->path);
            }
            lines = bigger;
            cap = grown;
        }
        lines[n].s = p;
        lines[n].len = (size_t)(eol - p);
        n++;
        if (eol < end && *eol == '\r' && eol + 1 < end && eol[1] == '\n')
            eol++;
        p = eol + 1;
    }
    *out = lines;
    *count = n;
    return CANCU_STATUS_SUCCESS;
}

static bool is_blank(const text_line_t *line)
{
    const char *s = line->s;
    size_t len = line->len;

    trim(&s, &len);
    return len == 0;
}

/* A line holding only '|': a cell's edge in a table flattened to one
 * line a cell (the Markdown that legal-text web sites export). */
static bool is_bar(const text_line_t *line)
{
    const char *s = line->s;
    size_t len = line->len;

    trim(&s, &len);
    return len == 1 && *s == '|';
}

/* A flattened table as read: each cell its lines joined by spaces. */
typedef struct flat_row {
    char **cells;
    size_t ncells, cap;
    size_t line;
} flat_row_t;

typedef struct flat_table {
    flat_row_t *rows;
    size_t nrows, cap;
    /* The number of cells of its header, as read. */
    size_t width;
    bool failed;
} flat_table_t;

static void flat_table_free(flat_table_t *t)
{
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t c = 0; c < t->rows[r].ncells; c++)
            free(t->rows[r].cells[c]);
        free(t->rows[r].cells);
    }
    free(t->rows);
}

static flat_row_t *flat_new_row(flat_table_t *t, size_t line)
{
    if (t->nrows == t->cap) {
        size_t grown = t->cap ? t->cap * 2 : 16;
        flat_row_t *bigger = realloc(t->rows, grown * sizeof *bigger);

        if (!bigger) {
            t->failed = true;
            return NULL;
        }
        t->rows = bigger;
        t->cap = grown;
    }
    memset(&t->rows[t->nrows], 0, sizeof t->rows[t->nrows]);
    t->rows[t->nrows].line = line;
    return &t->rows[t->nrows++];
}

static void flat_add_cell(flat_table_t *t, flat_row_t *row, char *text)
{
    if (!text) {
        t->failed = true;
        return;
    }
    if (row->ncells == row->cap) {
        size_t grown = row->cap ? row->cap * 2 : 8;
        char **bigger = realloc(row->cells, grown * sizeof *bigger);

        if (!bigger) {
            free(text);
            t->failed = true;
            return;
        }
        row->cells = bigger;
        row->cap = grown;
    }
    row->cells[row->ncells++] = text;
}

/* A cell's text: its lines joined by one space, without Markdown's
 * emphasis ('**' anywhere, '*' at either end of a line). */
static char *flat_cell_text(const text_line_t *lines, size_t first,
                            size_t count)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;

    for (size_t i = first; i < first + count; i++) {
        const char *s = lines[i].s;
        size_t len = lines[i].len;

        trim(&s, &len);
        while (len && *s == '*') {
            s++;
            len--;
        }
        while (len && s[len - 1] == '*')
            len--;
        trim(&s, &len);
        if (!len)
            continue;
        if (out.len)
            cancu_strbuf__putc(&out, ' ');
        for (size_t k = 0; k < len; k++) {
            if (s[k] == '*' && k + 1 < len && s[k + 1] == '*') {
                k++;
                continue;
            }
            cancu_strbuf__putc(&out, s[k]);
        }
    }
    if (out.failed) {
        cancu_strbuf__dispose(&out);
        return NULL;
    }
    return out.data ? cancu_strbuf__detach(&out) : strdup("");
}

/* A lone row label, as the first cell of a table row holds: "1", "1.2",
 * "IV", "I.1", "A", "b)". */
static bool is_row_label(const char *s)
{
    size_t n = 0;

    if (strspn(s, "IVXLC") >= 1 && strspn(s, "IVXLC") <= 6)
        n = strspn(s, "IVXLC");
    else if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
        n = 1;
    else if (strspn(s, "0123456789") >= 1 && strspn(s, "0123456789") <= 3)
        n = strspn(s, "0123456789");
    else
        return false;
    while (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9') {
        size_t digits = strspn(s + n + 1, "0123456789");

        if (digits > 3)
            return false;
        n += 1 + digits;
    }
    if (s[n] == '.' || s[n] == ')')
        n++;
    return s[n] == '\0';
}

/* A cell of dots or ellipses only: where a web page left rows out. */
static bool is_elision(const char *s)
{
    size_t dots = 0;

    while (*s) {
        if (*s == '.') {
            s++;
            dots++;
        } else if (strncmp(s, "\xE2\x80\xA6", 3) == 0) {
            s += 3;
            dots += 3;
        } else if (*s == ' ') {
            s++;
        } else {
            return false;
        }
    }
    return dots >= 3;
}

/* A task table's header: its cells name its columns, and each is a
 * name, not a sentence (a row of the table before, run on into this
 * one's header, is not). */
#define FLAT_HEADER_CELL_MAX 80
/* No header has more cells; past them a try from each bar stops, so that
 * a text of bars costs a bounded number of reads a line. */
#define FLAT_HEADER_CELLS_MAX 32

static bool flat_header(const flat_row_t *row)
{
    for (size_t c = 0; c < row->ncells; c++)
        if (strlen(row->cells[c]) > FLAT_HEADER_CELL_MAX)
            return false;
    return cancu_tasks__header_row((const char *const *)row->cells,
                                   row->ncells);
}

/* Read the cells of a flattened table from the bar at 'start': cells
 * are the runs of lines between bars, and rows end where two or more
 * bars meet; the bars beyond two are empty cells, at the end of the row
 * as far as the table's width allows, the rest at the start of the
 * next. The table ends at a blank line after a bar, at the end of the
 * text, or at a cell that would make a row wider than the table (a
 * table nested in a layout table goes on into the outer one's cells);
 * a cell of dots alone there means the page left rows out, and the
 * table goes on, and an empty one ("** **") is dropped. With 'width' 0 the first row must be a task table's
 * header, and its cells set the width; else the rows go on a table of
 * that width. Returns the number of lines read, 0 when there is no
 * table: those lines stay paragraphs. */
static size_t flat_table_read(const text_line_t *lines, size_t n, size_t start,
                              size_t width, flat_table_t *t)
{
    size_t j = start, used = 0;
    bool fresh_row = true;
    flat_row_t *row = NULL;

    while (j < n) {
        size_t bars = 0, first, count;
        char *text;

        while (j < n && is_bar(&lines[j])) {
            bars++;
            j++;
        }
        used = j - start;
        if (j == n || is_blank(&lines[j]))
            break;
        first = j;
        while (j < n && !is_bar(&lines[j]) && !is_blank(&lines[j]))
            j++;
        count = j - first;
        /* A run of lines that no bar closes is not a cell. */
        if (j == n || !is_bar(&lines[j]))
            break;
        text = flat_cell_text(lines, first, count);
        if (!text) {
            t->failed = true;
            return 0;
        }
        if (!width && row && row->ncells >= FLAT_HEADER_CELLS_MAX) {
            free(text);
            return 0;
        }
        if (fresh_row || !row) {
            fresh_row = false;
            row = flat_new_row(t, first + 1);
        } else if (bars >= 2) {
            size_t empties = bars - 2;

            if (!width) {
                width = row->ncells;
                if (!flat_header(row)) {
                    free(text);
                    return 0;
                }
            }
            for (; empties && row->ncells < width; empties--)
                flat_add_cell(t, row, strdup(""));
            row = flat_new_row(t, first + 1);
            for (; row && empties; empties--)
                flat_add_cell(t, row, strdup(""));
        } else if (width && row->ncells >= width) {
            bool elided = is_elision(text), empty = !*text;

            free(text);
            if (elided)
                fresh_row = true;
            if (elided || empty)
                continue;
            used = first - start;
            break;
        }
        if (!row) {
            free(text);
            t->failed = true;
            return 0;
        }
        flat_add_cell(t, row, text);
        if (t->failed)
            return 0;
    }
    t->width = width;
    return width ? used : 0;
}

/* A row of a flattened table whose first cell went with a cell merged
 * down from the row above: shorter than the table, with two cells or
 * more, and no row label first ("Thực hiện sao lưu dữ liệu ..." under
 * task 2). A group row ("I. NÂNG CAO ...") has one cell. */
static bool continues_above(const flat_row_t *row, size_t width)
{
    return row->ncells >= 2 && row->ncells < width &&
           !is_row_label(row->cells[0]);
}

/* Add the rows of 't' to a new table block, or with 'going_on' to the
 * last block, the table they continue. Each row is padded to the
 * table's width (a group row's one cell spans the table, as in DOCX); a
 * row that continues the one above gets the above's first cell, merged,
 * as a vertical merge in DOCX does. A header again past the first row
 * (the header of the table's next part, which leaves out the STT) is
 * left out. */
static cancu_status_t flat_table_add(cancu_document_t *doc,
                                     const flat_table_t *t, bool going_on)
{
    size_t width = t->width;
    const char **cells = calloc(width, sizeof *cells);
    size_t *lens = calloc(width, sizeof *lens);
    bool *merged = calloc(width, sizeof *merged);
    bool ok = cells && lens && merged &&
              (going_on || cancu_document__begin_table(doc, t->rows[0].line));

    for (size_t r = 0; ok && r < t->nrows; r++) {
        const flat_row_t *row = &t->rows[r];
        const struct cancu_block *table = cancu_document__last_block(doc);
        const cancu_row_t *above =
            table->nrows ? &table->rows[table->nrows - 1] : NULL;
        bool data = going_on || r > 0;
        size_t shift = data && r != 1 && above && above->ncells == width &&
                               continues_above(row, width)
                           ? 1
                           : 0;

        if (data && cancu_tasks__header_row((const char *const *)row->cells,
                                            row->ncells))
            continue;
        for (size_t c = 0; c < width; c++) {
            merged[c] = c < shift;
            if (c < shift)
                cells[c] = above->cells[c].text;
            else
                cells[c] = c - shift < row->ncells ? row->cells[c - shift] : "";
            lens[c] = strlen(cells[c]);
        }
        ok = cancu_document__add_row(doc, cells, lens, width, row->line);
        if (ok)
            cancu_document__mark_row(doc, false, merged, width);
    }
    free(cells);
    free(lens);
    free(merged);
    return ok ? CANCU_STATUS_SUCCESS : cancu_document__build_failure(doc);
}

/* At a bar: a flattened task table, added as a table block, with the
 * number of lines it took in '*used'; 0 when there is none. With
 * 'going_on_width' not 0, the last block is a flattened table of that
 * width with only blank lines since: rows that do not start with a
 * header of their own are its next part. */
static cancu_status_t read_flat_table(cancu_document_t *doc,
                                      const text_line_t *lines, size_t n,
                                      size_t start, size_t going_on_width,
                                      size_t *used)
{
    flat_table_t t = {NULL, 0, 0, 0, false};
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    bool going_on = false;

    *used = flat_table_read(lines, n, start, 0, &t);
    if (!*used && !t.failed && going_on_width) {
        flat_table_free(&t);
        memset(&t, 0, sizeof t);
        *used = flat_table_read(lines, n, start, going_on_width, &t);
        going_on = true;
    }
    if (t.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                  "%s: out of memory", doc->path);
    else if (*used)
        status = flat_table_add(doc, &t, going_on);
    flat_table_free(&t);
    if (status)
        *used = 0;
    return status;
}

/* Words that never end a sentence: a line ending in one goes on. */
static const char *const open_words[] = {
    "của",   "số",        "và",         "về",       "ngày",       "tại",
    "theo",  "các",       "những",      "cho",      "với",        "trong",
    "để",    "được",      "đã",         "là",       "có",         "thuộc",
    "từ",    "đến",       "hoặc",       "do",       "bởi",        "như",
    "tháng", "Nghị định", "Quyết định", "Thông tư", "Nghị quyết", "Kế hoạch",
    "Luật",  "Chỉ thị",
};

static bool ends_with_word(const char *s, size_t len, const char *word)
{
    size_t n = strlen(word);

    return len > n && memcmp(s + len - n, word, n) == 0 &&
           (s[len - n - 1] == ' ' || s[len - n - 1] == '*');
}

/* A line that opens an item, a heading or a part of a legal text:
 * "- ", "+ ", "• ", "1. ", "2) ", "a) ", "II. ", "Điều 5", "Chương II". */
static bool opens_item(const char *s, size_t len)
{
    static const char *const heads[] = {
        "Điều ",   "Chương ", "Mục ",         "Phần ",        "PHẦN ",
        "CHƯƠNG ", "Căn cứ ", "\xE2\x80\xA2", "\xE2\x80\x93 "};
    size_t n;

    while (len && *s == '*') {
        s++;
        len--;
    }
    if (!len || strchr("-+#>|", *s))
        return true;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        if (len >= strlen(heads[i]) &&
            memcmp(s, heads[i], strlen(heads[i])) == 0)
            return true;
    n = strspn(s, "0123456789");
    if (n && n <= 3) {
        while (n < len && s[n] == '.' && n + 1 < len && s[n + 1] >= '0' &&
               s[n + 1] <= '9')
            n += 1 + strspn(s + n + 1, "0123456789");
        return n < len && (s[n] == '.' || s[n] == ')');
    }
    n = strspn(s, "IVXLC");
    if (!n && ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        n = 1;
    return n && n < len && (s[n] == '.' || s[n] == ')') &&
           (n + 1 == len || s[n + 1] == ' ');
}

static bool opens_lower(const char *s, size_t len)
{
    UChar32 c;
    int32_t i = 0;

    while (len && *s == '*') {
        s++;
        len--;
    }
    if (!len)
        return false;
    U8_NEXT(s, i, (int32_t)(len < 8 ? len : 8), c);
    return c >= 0 && u_islower(c);
}

/* A converter wraps its lines near a width; short lines one under the
 * other ("alpha beta" / "gamma delta") are paragraphs of their own. */
#define WRAPPED_LINE_MIN 60

/* Does line 'next' go on with the paragraph that line 'prev' ends, as
 * the lines of a text wrapped by a converter (a PDF's, a web page's)
 * do? Not after the end of a sentence or an item, not before an item
 * or a heading; yes when 'prev' ends in a word that never ends a
 * sentence ("Nghị quyết số" / "71/NQ-CP ngày ..."), or when 'next' opens
 * in lower case or with a number and one of the two is a wrapped line's
 * length. Lines in capitals (a heading, a
 * signature's "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC") stay apart. */
static bool wraps_into(const text_line_t *prev, const text_line_t *next)
{
    const char *p = prev->s, *n = next->s;
    size_t plen = prev->len, nlen = next->len;

    trim(&p, &plen);
    trim(&n, &nlen);
    if (!plen || !nlen || count_tabs(next->s, next->len) || is_bar(next))
        return false;
    if (strchr(".;:!?|", p[plen - 1]) || opens_item(n, nlen))
        return false;
    for (size_t i = 0; i < sizeof open_words / sizeof *open_words; i++)
        if (ends_with_word(p, plen, open_words[i]))
            return true;
    /* A known law's name is cut: "... của Luật Tổ chức" / "Chính phủ
     * năm 2015". */
    if (cancu_references__name_goes_on(p, plen, n, nlen))
        return true;
    /* "Căn cứ Luật Thủ đô" / "số 39/2024/QH15;" (tnt-80-2025-NQ-HDND):
     * a line opening with a document's number goes on with the name
     * above it. */
    if (nlen > strlen("số ") && strncmp(n, "số ", strlen("số ")) == 0 &&
        n[strlen("số ")] >= '0' && n[strlen("số ")] <= '9')
        return true;
    return (opens_lower(n, nlen) || (*n >= '0' && *n <= '9')) &&
           (plen >= WRAPPED_LINE_MIN || nlen >= WRAPPED_LINE_MIN);
}

/* Add line 'i' as a paragraph, with the lines after it that it wraps
 * into; returns the number of lines taken. */
static size_t add_wrapped(cancu_document_t *doc, const text_line_t *lines,
                          size_t n, size_t i, cancu_status_t *status)
{
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    size_t breaks[64], nbreaks = 0, taken = 1;

    *status = CANCU_STATUS_SUCCESS;
    for (;;) {
        const char *s = lines[i + taken - 1].s;
        size_t len = lines[i + taken - 1].len;

        trim(&s, &len);
        if (taken > 1) {
            cancu_strbuf__putc(&text, ' ');
            breaks[nbreaks++] = text.len;
        }
        cancu_strbuf__append(&text, s, len);
        if (i + taken >= n || nbreaks == sizeof breaks / sizeof *breaks ||
            text.len + lines[i + taken].len >= CANCU_MAX_PARAGRAPH_BYTES ||
            !wraps_into(&lines[i + taken - 1], &lines[i + taken]))
            break;
        taken++;
    }
    if (text.failed ||
        !cancu_document__add_wrapped_paragraph(
            doc, cancu_strbuf__cstr(&text), text.len, i + 1, breaks, nbreaks))
        *status = text.failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                                 "%s: out of memory", doc->path)
                              : cancu_document__build_failure(doc);
    cancu_strbuf__dispose(&text);
    return taken;
}

cancu_status_t cancu_text__read(cancu_document_t *doc, const char *text,
                                size_t len)
{
    text_line_t *lines = NULL;
    size_t nlines = 0;
    bool in_table = false;
    /* The blocks there were after the last flattened table, and its
     * width: no block since means the next one may go on with it. */
    size_t flat_blocks = 0, flat_width = 0;
    cancu_status_t status = split_lines(doc, text, len, &lines, &nlines);

    if (status)
        return status;
    for (size_t i = 0; i < nlines;) {
        const char *line = lines[i].s, *trimmed = line;
        size_t line_len = lines[i].len, trimmed_len = line_len, lineno = i + 1;

        if (is_bar(&lines[i])) {
            size_t used,
                going_on = doc->nblocks == flat_blocks ? flat_width : 0;

            status = read_flat_table(doc, lines, nlines, i, going_on, &used);
            if (status)
                goto done;
            if (used) {
                in_table = false;
                i += used;
                flat_blocks = doc->nblocks;
                flat_width = cancu_document__last_block(doc)->rows[0].ncells;
                continue;
            }
        }
        trim(&trimmed, &trimmed_len);
        if (trimmed_len == 0) {
            in_table = false;
        } else if (is_row(line, line_len, in_table)) {
            if (!in_table && !cancu_document__begin_table(doc, lineno)) {
                status = cancu_document__build_failure(doc);
                goto done;
            }
            in_table = true;
            status = add_row(doc, line, line_len, lineno);
            if (status)
                goto done;
        } else {
            in_table = false;
            i += add_wrapped(doc, lines, nlines, i, &status);
            if (status)
                goto done;
            continue;
        }
        i++;
    }
    if (doc->nblocks == 0)
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "%s: no text (only blank lines)", doc->path);
done:
    free(lines);
    return status;
}
