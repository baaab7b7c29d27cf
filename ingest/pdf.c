/* PDF plans with a text layer, through poppler-glib: the glyphs and their
 * boxes become words, words become lines in reading order, lines become
 * paragraphs; tables are rebuilt from the ruling lines the page draws
 * (found in a rendering of the page) into rows and cells. The result is
 * the same blocks as DOCX: the header's two columns (issuer | motto) as
 * a table of one row, a task table continued over pages as one table, a
 * row cut by a page break as one row. Text in legacy fonts (.VnTime,
 * VNI-Times) is converted by the tables DOCX runs use. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <glib.h>
#include <poppler.h>

#include "ingest/ingest-private.h"
#include "ingest/ocr.h"
#include "ingest/legacy.h"

/* Glyph boxes are compared in points (1/72 inch). Two ruling lines this
 * close are one. */
#define RULE_SNAP 3.0
/* The rendering the ruling lines are found in: pixels per point (one:
 * a hairline still darkens its pixels to under 200 of 255, the darkness
 * taken for a line, while a header row's grey shading stays lighter), and
 * the shortest run of dark pixels that is a line, in points. */
#define RULE_SCALE 1.0
#define RULE_MIN_H 10.0
#define RULE_MIN_V 14.0
/* Thicker than this is a filled box, not a line. */
#define RULE_MAX_THICK 3.0
/* More line pieces than this on one page: a picture, not a table. */
#define MAX_RULES 3000
/* No table has more columns or rows on one page than this. */
#define MAX_COLS 64
#define MAX_BANDS 1000
/* A gap wider than this many glyph heights splits a line into
 * segments (the header's two columns, tab stops). */
#define SEGMENT_GAP 1.2
/* A gap between two words of a line wider than this many glyph heights
 * may part two cells of a table (table_like). */
#define TABLE_GAP 0.8
/* The page share an image must cover, with fewer glyphs than
 * SCAN_MAX_GLYPHS, for the page to be a scan. */
#define SCAN_IMAGE_SHARE 0.5
#define SCAN_MAX_GLYPHS 200
/* This many Cyrillic glyphs, a tenth of those outside ASCII or more: a
 * text layer that maps glyph numbers, not letters (see cancu_pdf__read). */
#define GARBLED_MIN 20

/* The time limits, microseconds (cancu_pdf__set_time_limits). */
static gint64 page_limit_us =
    (gint64)CANCU_PDF_MAX_PAGE_SECONDS * G_USEC_PER_SEC;
static gint64 file_limit_us = (gint64)CANCU_PDF_MAX_SECONDS * G_USEC_PER_SEC;

void cancu_pdf__set_time_limits(long long page_us, long long file_us)
{
    page_limit_us =
        page_us ? page_us : (gint64)CANCU_PDF_MAX_PAGE_SECONDS * G_USEC_PER_SEC;
    file_limit_us =
        file_us ? file_us : (gint64)CANCU_PDF_MAX_SECONDS * G_USEC_PER_SEC;
}

typedef struct word {
    char *text; /* malloc'd UTF-8 */
    double x0, y0, x1, y1;
    /* The form widget it was drawn in (an index into the page's
     * widgets), or -1: text of the page's own. */
    int widget;
} word_t;

/* Where the page's form widgets are, in the glyph boxes' space. */
typedef struct widgets {
    PopplerRectangle *area;
    size_t n;
} widgets_t;

/* A run of words on one line, split from the next by a wide gap. */
typedef struct segment {
    char *text;
    double x0, y0, x1, y1, h;
    double first_w, last_w;
} segment_t;

typedef struct table {
    size_t ncols, nrows;
    char **cells; /* nrows * ncols */
    bool *merged;
    /* The row holds text of its own, not only what merged cells bring
     * down from the row above (a band a stray line cuts off). */
    bool *own;
    double colx[MAX_COLS + 1];
} table_t;

/* What a page holds, top to bottom: lines of text and tables. */
typedef struct item {
    int page;
    bool is_table;
    bool drop; /* A running header or footer, a page number. */
    double x0, y0, x1, y1;
    segment_t *segs;
    size_t nsegs;
    table_t *table;
} item_t;

typedef struct page_info {
    double left, right; /* Where its body lines start and end. */
    /* Its long lines end flush with the right margin. */
    bool justified;
    size_t first, count; /* Its items. */
} page_info_t;

typedef struct rule {
    /* Across (the middle of its thickness), and from .. to along; while
     * it is found, 'from' is the first pixel row or column across and
     * 'pos' the last. */
    double pos, a0, a1, from;
} rule_t;

typedef struct pdf_reader {
    cancu_document_t *doc;
    cancu_status_t status;
    item_t *items;
    size_t nitems, items_cap;
    page_info_t *pages;
    int npages;
    const char *legacy; /* The legacy encoding found, or NULL. */
    bool images;        /* A page holds a picture. */
    /* Glyphs outside ASCII, and those of them in Cyrillic. */
    size_t non_ascii, cyrillic;
    size_t line;
    /* Recognise pages without a text layer (CANCU_READ_OCR). */
    bool ocr;
    /* The surface pages are rendered to, kept for the next page of
     * its size: a new one costs its memory's mapping and clearing. */
    cairo_surface_t *surface;
} pdf_reader_t;

static cancu_status_t oom(pdf_reader_t *r)
{
    if (!r->status)
        r->status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                     "%s: out of memory", r->doc->path);
    return r->status;
}

/* Words. */

typedef struct word_list {
    word_t *w;
    size_t n, cap;
} word_list_t;

static void free_words(word_list_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->w[i].text);
    free(l->w);
    l->w = NULL;
    l->n = l->cap = 0;
}

/* The font a PDF names without its subset prefix ("ABCDEF+.VnTime"). */
static const char *base_font(const char *name)
{
    const char *plus;

    if (!name)
        return "";
    plus = strchr(name, '+');
    return plus && plus - name == 6 ? plus + 1 : name;
}

/* The legacy encoding of a PDF font, by its name as Word names it: a PDF
 * drops the dot of ".VnTime" ("ABCDEF+VnTime"). */
static const char *font_encoding(const char *name, bool *capitals)
{
    const char *base = base_font(name);
    char dotted[64];

    if (base[0] == 'V' && base[1] == 'n' && base[2] >= 'A' && base[2] <= 'Z') {
        snprintf(dotted, sizeof dotted, ".%s", base);
        return cancu_legacy__font_encoding(dotted, capitals);
    }
    return cancu_legacy__font_encoding(base, capitals);
}

/* The widget of 'widgets' box 'g' stands in (its center), or -1. */
static int widget_at(const widgets_t *widgets, const PopplerRectangle *g)
{
    double cx = (g->x1 + g->x2) / 2, cy = (g->y1 + g->y2) / 2;

    for (size_t i = 0; i < widgets->n; i++) {
        const PopplerRectangle *a = &widgets->area[i];

        if (cx >= a->x1 && cx <= a->x2 && cy >= a->y1 && cy <= a->y2)
            return (int)i;
    }
    return -1;
}

/* Close the word in 'buf' (its box in *box) into the list, converting it
 * from its legacy font's encoding when it has one. */
static bool end_word(pdf_reader_t *r, word_list_t *l, cancu_strbuf_t *buf,
                     const PopplerRectangle *box, const char *font,
                     const widgets_t *widgets)
{
    const char *encoding;
    bool capitals = false;
    char *text;
    size_t len;

    if (!buf->len)
        return true;
    if (buf->failed)
        return false;
    encoding = font_encoding(font, &capitals);
    if (encoding) {
        /* poppler names two of the font's codes by glyph names it reads
         * as math signs: 0xAD as U+2212 (minus), 0xB7 as U+2219. */
        for (size_t i = 0; i + 2 < buf->len; i++)
            if ((unsigned char)buf->data[i] == 0xE2 &&
                (unsigned char)buf->data[i + 1] == 0x88 &&
                ((unsigned char)buf->data[i + 2] == 0x92 ||
                 (unsigned char)buf->data[i + 2] == 0x99)) {
                buf->data[i] = (char)0xC2;
                buf->data[i + 1] = (unsigned char)buf->data[i + 2] == 0x92
                                       ? (char)0xAD
                                       : (char)0xB7;
                memmove(buf->data + i + 2, buf->data + i + 3, buf->len - i - 3);
                buf->len--;
                buf->data[buf->len] = '\0';
            }
        cancu_status_t status = cancu_legacy__decode_font_text(
            &text, &len, encoding, capitals, buf->data, buf->len);

        if (status) {
            r->status = status;
            cancu_strbuf__clear(buf);
            return false;
        }
        r->legacy = encoding;
    } else if (memchr(buf->data, 0xCC, buf->len) ||
               memchr(buf->data, 0xCD, buf->len)) {
        /* A letter and its combining marks (U+0300 to U+036F: "ô" and
         * U+0301 for "ố"), as some PDFs give them, composed as DOCX
         * and .doc text is (NFC). */
        cancu_status_t status =
            cancu_normalize__nfc(&text, &len, buf->data, buf->len);

        if (status) {
            r->status = status;
            cancu_strbuf__clear(buf);
            return false;
        }
    } else {
        text = strndup(buf->data, buf->len);
        if (!text)
            return false;
    }
    cancu_strbuf__clear(buf);
    if (!cancu_array__grow((void **)&l->w, &l->cap, l->n, sizeof *l->w)) {
        free(text);
        return false;
    }
    l->w[l->n++] =
        (word_t){text,    box->x1, box->y1,
                 box->x2, box->y2, widgets->n ? widget_at(widgets, box) : -1};
    return true;
}

static bool is_blank(gunichar c)
{
    return g_unichar_isspace(c) || c == 0xA0 || c == 0x200B || c == 0xFEFF;
}

/* Are the attributes of two glyphs (PopplerTextAttributes, or NULL) of
 * one font and size? */
static bool same_style(const GList *a, const GList *b)
{
    const PopplerTextAttributes *p = a ? a->data : NULL;
    const PopplerTextAttributes *q = b ? b->data : NULL;

    if (!p || !q)
        return p == q;
    return fabs(p->font_size - q->font_size) < 0.01 &&
           (p->font_name == q->font_name ||
            (p->font_name && q->font_name &&
             strcmp(p->font_name, q->font_name) == 0));
}

/* The page's words with their boxes; *glyphs_out counts the glyphs. A
 * word is a form widget's (of 'widgets') when its middle stands in it;
 * a widget's box is wider than its text and covers glyphs of the page,
 * but its text is set in a font or a size of its own: two glyphs on
 * either side of a widget's edge in two fonts or sizes are two words
 * ("tháng" "12", the widget's 12 in 13.29 points touching the page's
 * 12.96). */
static bool page_words(pdf_reader_t *r, PopplerPage *page,
                       const widgets_t *widgets, word_list_t *l,
                       size_t *glyphs_out)
{
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL, box = {0, 0, 0, 0};
    guint nrects = 0;
    GList *attrs = NULL, *attr;
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    const char *font = NULL;
    bool ok = true;
    size_t glyphs = 0;
    guint i = 0;
    int widget = -1;
    const GList *run = NULL; /* The attributes of the glyph before. */

    *glyphs_out = 0;
    if (!text)
        return true;
    if (!poppler_page_get_text_layout(page, &rects, &nrects)) {
        g_free(text);
        return true;
    }
    attrs = poppler_page_get_text_attributes(page);
    attr = attrs;
    for (const char *p = text; *p && i < nrects && ok;
         p = g_utf8_next_char(p), i++) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        const PopplerRectangle *g = &rects[i];
        double h = g->y2 - g->y1;
        const char *glyph_font;
        const GList *glyph_run;
        int glyph_widget;

        while (attr &&
               ((PopplerTextAttributes *)attr->data)->end_index < (gint)i)
            attr = attr->next;
        glyph_run =
            attr && ((PopplerTextAttributes *)attr->data)->start_index <=
                        (gint)i
                ? attr
                : NULL;
        glyph_font = glyph_run
                         ? ((PopplerTextAttributes *)glyph_run->data)->font_name
                         : NULL;
        if (c == (gunichar)-1 || c == (gunichar)-2)
            break;
        if (is_blank(c) || c < 0x20 || c == 0xFFFD ||
            !(h > 0 && h < 2000 && g->x2 >= g->x1)) {
            ok = end_word(r, l, &buf, &box, font, widgets);
            continue;
        }
        glyphs++;
        if (c >= 0x80) {
            r->non_ascii++;
            r->cyrillic += c >= 0x400 && c <= 0x52F;
        }
        glyph_widget = widgets->n ? widget_at(widgets, g) : -1;
        if (buf.len) {
            double bh = box.y2 - box.y1;
            double cy = (g->y1 + g->y2) / 2, by = (box.y1 + box.y2) / 2;

            /* Glyphs a word holds stand on one line, left to right, no
             * wider apart than a space. */
            if ((glyph_widget != widget && !same_style(glyph_run, run)) ||
                fabs(cy - by) > 0.5 * (bh < h ? bh : h) ||
                g->x1 < box.x2 - 0.5 * h || g->x1 - box.x2 > 0.25 * h ||
                (glyph_font != font &&
                 (!glyph_font || !font ||
                  strcmp(base_font(glyph_font), base_font(font)) != 0) &&
                 (font_encoding(glyph_font, NULL) ||
                  font_encoding(font, NULL))))
                ok = end_word(r, l, &buf, &box, font, widgets);
        }
        if (!ok)
            break;
        widget = glyph_widget;
        run = glyph_run;
        if (!buf.len) {
            box = *g;
            font = glyph_font;
        } else {
            box.x1 = box.x1 < g->x1 ? box.x1 : g->x1;
            box.y1 = box.y1 < g->y1 ? box.y1 : g->y1;
            box.x2 = box.x2 > g->x2 ? box.x2 : g->x2;
            box.y2 = box.y2 > g->y2 ? box.y2 : g->y2;
        }
        cancu_strbuf__append(&buf, p, (size_t)(g_utf8_next_char(p) - p));
        if (glyphs > CANCU_PDF_MAX_PAGE_GLYPHS)
            break;
    }
    if (ok)
        ok = end_word(r, l, &buf, &box, font, widgets);
    cancu_strbuf__dispose(&buf);
    poppler_page_free_text_attributes(attrs);
    g_free(rects);
    g_free(text);
    *glyphs_out = glyphs;
    return ok;
}

/* Form widgets. */

/* The page's form widgets (signature and text fields): *any_out tells
 * whether it has any, 'out' gets their boxes in the glyph boxes' space
 * (points from the top left of the page as shown, 'pw' by 'ph'). A
 * widget's box is given in the page's own space, from its bottom left:
 * on a page shown turned a quarter (its size that of its crop box
 * turned), the widgets' words are read but not placed. (A page turned
 * half round cannot be told from its size; poppler-glib does not give
 * the turn.) */
static bool page_widgets(PopplerPage *page, double pw, double ph, bool *any_out,
                         widgets_t *out)
{
    GList *fields = poppler_page_get_form_field_mapping(page);
    size_t n = g_list_length(fields);
    PopplerRectangle crop;

    *any_out = n > 0;
    out->area = NULL;
    out->n = 0;
    if (n)
        poppler_page_get_crop_box(page, &crop);
    if (!n || fabs(fabs(crop.x2 - crop.x1) - pw) > 0.5 ||
        fabs(fabs(crop.y2 - crop.y1) - ph) > 0.5) {
        poppler_page_free_form_field_mapping(fields);
        return true;
    }
    out->area = malloc(n * sizeof *out->area);
    if (!out->area) {
        poppler_page_free_form_field_mapping(fields);
        return false;
    }
    for (GList *f = fields; f; f = f->next) {
        const PopplerFormFieldMapping *m = f->data;
        PopplerRectangle a = {
            fmin(m->area.x1, m->area.x2), ph - fmax(m->area.y1, m->area.y2),
            fmax(m->area.x1, m->area.x2), ph - fmin(m->area.y1, m->area.y2)};

        out->area[out->n++] = a;
    }
    poppler_page_free_form_field_mapping(fields);
    return true;
}

/* Make the page's text hold what its widgets show. poppler reads a
 * page's text without its annotations, but a rendering of the page
 * draws them, and the text read during the first rendering is kept as
 * the page's text: so a page with widgets is rendered before its text
 * is read. That rendering is the one its ruling lines are found in
 * (render_page); this one, to one pixel, is for a page too small for
 * that or with no line to find (covered_by_image): its pictures are
 * still decoded, but not drawn over the page. */
static bool read_widget_text(PopplerPage *page)
{
    cairo_surface_t *surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr;

    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return false;
    }
    cr = cairo_create(surface);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    return true;
}

/* A signing system stamps a letter's number and date into widgets over
 * the blanks of its lines ("Số:      /BNV-CCHC", "ngày    tháng"), and a
 * widget's box need not stand on the line of its blank: the number may
 * sit half a line above it, and read as a line of its own (which the
 * header would take for a line of the issuer's name). The words of a
 * widget that holds one line move onto the line of page text beside
 * them that they overlap most (by a quarter of their height or more, no
 * further than twice their height away), to be read in their blank; a
 * widget of several lines (a signature: "Ký bởi: ...", "Giờ ký: ...")
 * stays where it is. */
static void seat_widget_words(word_list_t *l, size_t nwidgets)
{
    for (size_t k = 0; k < nwidgets; k++) {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9, low = 1e9;
        double best_overlap = 0, best_gap = 0;
        const word_t *best = NULL;
        size_t count = 0;

        for (size_t i = 0; i < l->n; i++) {
            const word_t *w = &l->w[i];

            if (w->widget != (int)k)
                continue;
            x0 = fmin(x0, w->x0);
            y0 = fmin(y0, w->y0);
            x1 = fmax(x1, w->x1);
            y1 = fmax(y1, w->y1);
            low = fmin(low, w->y1 - w->y0);
            count++;
        }
        /* Several lines: the box is taller than one and a half of its
         * lowest word. */
        if (!count || y1 - y0 > 1.5 * low)
            continue;
        for (size_t i = 0; i < l->n; i++) {
            const word_t *t = &l->w[i];
            double overlap = fmin(y1, t->y1) - fmax(y0, t->y0);
            double gap = fmax(t->x0 - x1, x0 - t->x1);

            if (t->widget >= 0 || overlap < 0.25 * (y1 - y0) ||
                gap > 2 * (y1 - y0))
                continue;
            if (!best || overlap > best_overlap + 1e-6 ||
                (overlap > best_overlap - 1e-6 && gap < best_gap)) {
                best = t;
                best_overlap = overlap;
                best_gap = gap;
            }
        }
        if (!best)
            continue;
        for (size_t i = 0; i < l->n; i++)
            if (l->w[i].widget == (int)k) {
                l->w[i].y0 = best->y0;
                l->w[i].y1 = best->y1;
            }
    }
}

/* Lines: words grouped by height on the page, each line left to right. */

typedef struct line {
    size_t *idx; /* into the words */
    size_t n;
    double x0, y0, x1, y1;
} line_t;

/* The words make_lines() sorts, for its comparators; one a thread, as
 * the ingest's readers read files in parallel. */
static _Thread_local const word_t *sort_words;

static int by_center(const void *a, const void *b)
{
    const word_t *p = &sort_words[*(const size_t *)a];
    const word_t *q = &sort_words[*(const size_t *)b];
    double cp = (p->y0 + p->y1) / 2, cq = (q->y0 + q->y1) / 2;

    if (cp != cq)
        return cp < cq ? -1 : 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static int by_x(const void *a, const void *b)
{
    const word_t *p = &sort_words[*(const size_t *)a];
    const word_t *q = &sort_words[*(const size_t *)b];

    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

static void free_lines(line_t *lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i].idx);
    free(lines);
}

/* Group the words 'idx' (sorted here) into lines. */
static bool make_lines(const word_t *w, size_t *idx, size_t n, line_t **out,
                       size_t *nout)
{
    line_t *lines = NULL;
    size_t nlines = 0, cap = 0;

    *out = NULL;
    *nout = 0;
    sort_words = w;
    if (n)
        qsort(idx, n, sizeof *idx, by_center);
    for (size_t k = 0; k < n; k++) {
        const word_t *x = &w[idx[k]];
        double cy = (x->y0 + x->y1) / 2;
        line_t *l = nlines ? &lines[nlines - 1] : NULL;

        if (!l || cy > l->y1 || cy < l->y0) {
            if (!cancu_array__grow((void **)&lines, &cap, nlines,
                                   sizeof *lines)) {
                free_lines(lines, nlines);
                return false;
            }
            l = &lines[nlines++];
            memset(l, 0, sizeof *l);
            l->idx = malloc((n - k) * sizeof *l->idx);
            if (!l->idx) {
                free_lines(lines, nlines);
                return false;
            }
            l->x0 = x->x0;
            l->y0 = x->y0;
            l->x1 = x->x1;
            l->y1 = x->y1;
        }
        l->idx[l->n++] = idx[k];
        l->x0 = x->x0 < l->x0 ? x->x0 : l->x0;
        l->x1 = x->x1 > l->x1 ? x->x1 : l->x1;
        /* A line keeps the height of its first word: a raised footnote
         * mark or a smaller word stays in it without stretching it. */
    }
    for (size_t i = 0; i < nlines; i++)
        qsort(lines[i].idx, lines[i].n, sizeof *lines[i].idx, by_x);
    *out = lines;
    *nout = nlines;
    return true;
}

/* Joining text. */

static bool ends_with(const char *s, size_t len, const char *tail)
{
    size_t n = strlen(tail);

    return len >= n && memcmp(s + len - n, tail, n) == 0;
}

static bool is_alnum_at(const char *s)
{
    gunichar c = g_utf8_get_char(s);

    return g_unichar_isalnum(c);
}

/* The last character of 's' ('len' bytes). */
static const char *last_char(const char *s, size_t len)
{
    const char *p = s + len;

    if (!len)
        return s;
    return g_utf8_find_prev_char(s, p) ? g_utf8_find_prev_char(s, p) : s;
}

/* Append 'next' (a line) to 'buf' (the lines before it): hyphenation
 * undone, a soft hyphen dropped, a range cut after its dash ("2021-" /
 * "2030") or a word cut by the cell's width ('glued') joined without a
 * space. */
static void join_line(cancu_strbuf_t *buf, const char *next, bool glued)
{
    const char *prev;
    size_t len = buf->len;

    if (!len) {
        cancu_strbuf__puts(buf, next);
        return;
    }
    prev = buf->data;
    if (ends_with(prev, len, "\xC2\xAD")) {
        buf->len -= 2;
        buf->data[buf->len] = '\0';
    } else if (len >= 2 && prev[len - 1] == '-' && prev[len - 2] != ' ') {
        const char *before = last_char(prev, len - 1);

        /* A word hyphenated at the line's end loses its hyphen; a
         * range ("2021-" / "2030") or a code ("NĐ-" / "CP") keeps it. */
        if (g_unichar_isalpha(g_utf8_get_char(before)) &&
            g_unichar_islower(g_utf8_get_char(before)) &&
            g_unichar_islower(g_utf8_get_char(next))) {
            buf->len--;
            buf->data[buf->len] = '\0';
        }
    } else if (!glued) {
        cancu_strbuf__putc(buf, ' ');
    }
    cancu_strbuf__puts(buf, next);
}

/* The words of line 'l' joined by spaces, into 'buf' (cleared). */
static void line_text(cancu_strbuf_t *buf, const word_t *w, const line_t *l,
                      size_t from, size_t to)
{
    cancu_strbuf__clear(buf);
    for (size_t k = from; k < to; k++) {
        if (k > from)
            cancu_strbuf__putc(buf, ' ');
        cancu_strbuf__puts(buf, w[l->idx[k]].text);
    }
}

/* Ruling lines, from a rendering of the page. */

typedef struct rules {
    rule_t *h, *v;
    size_t nh, nv, caph, capv;
    bool too_many;
} rules_t;

static bool inside_images(GList *images, double x, double y)
{
    for (GList *i = images; i; i = i->next) {
        const PopplerImageMapping *m = i->data;

        if (x >= m->area.x1 && x <= m->area.x2 && y >= m->area.y1 &&
            y <= m->area.y2)
            return true;
    }
    return false;
}

/* Add a run of dark pixels to the pieces of line it continues (the same
 * span one pixel further across), or as a new piece. */
static bool add_run(rule_t **list, size_t *n, size_t *cap, bool *too_many,
                    double pos, double a0, double a1, size_t *active_from)
{
    for (size_t i = *active_from; i < *n; i++) {
        rule_t *q = &(*list)[i];

        if (q->pos >= pos - 1.0 && a0 < q->a1 && a1 > q->a0) {
            q->pos = pos;
            q->a0 = a0 < q->a0 ? a0 : q->a0;
            q->a1 = a1 > q->a1 ? a1 : q->a1;
            return true;
        }
    }
    if (*n >= MAX_RULES) {
        *too_many = true;
        return true;
    }
    if (!cancu_array__grow((void **)list, cap, *n, sizeof **list))
        return false;
    (*list)[(*n)++] = (rule_t){pos, a0, a1, pos};
    return true;
}

static int by_pos(const void *a, const void *b)
{
    const rule_t *p = a, *q = b;

    return p->pos < q->pos ? -1 : p->pos > q->pos;
}

/* Keep the thin pieces, each at the middle of its thickness. */
static void thin_only(rule_t *list, size_t *n)
{
    size_t out = 0;

    for (size_t i = 0; i < *n; i++) {
        rule_t q = list[i];

        if (q.pos - q.from > RULE_MAX_THICK)
            continue;
        q.pos = (q.pos + q.from) / 2;
        list[out++] = q;
    }
    *n = out;
}

/* Could the page hold a table: two or more lines whose words stand
 * apart in columns (a gap wider than TABLE_GAP glyph heights)? Prose and
 * justified text do not; a table's rows do, as does a first page's
 * header (issuer | motto). Only such a page is rendered to find its
 * ruling lines, which costs as much again as reading its text. Returns
 * true when it cannot tell (out of memory). */
static bool table_like(const word_t *w, size_t n)
{
    size_t *idx, nlines = 0, apart = 0;
    line_t *lines = NULL;

    if (n < 4)
        return false;
    idx = malloc(n * sizeof *idx);
    if (!idx)
        return true;
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    if (!make_lines(w, idx, n, &lines, &nlines)) {
        free(idx);
        return true;
    }
    for (size_t i = 0; i < nlines && apart < 2; i++) {
        const line_t *l = &lines[i];
        double h = l->y1 - l->y0 > 0 ? l->y1 - l->y0 : 1;

        for (size_t k = 1; k < l->n; k++) {
            if (w[l->idx[k]].x0 - w[l->idx[k - 1]].x1 > TABLE_GAP * h) {
                apart++;
                break;
            }
        }
    }
    free_lines(lines, nlines);
    free(idx);
    return apart >= 2;
}

/* A page's pictures (poppler_page_get_image_mapping), read the first
 * time they are asked for: finding them reads the page's content once
 * more, which most pages need not. */
typedef struct images {
    PopplerPage *page;
    GList *list;
    bool read;
} images_t;

static GList *page_images(images_t *images)
{
    if (!images->read) {
        images->list = poppler_page_get_image_mapping(images->page);
        images->read = true;
    }
    return images->list;
}

/* The rendering of a page its ruling lines are found in. */
typedef struct rendering {
    bool done;
    cairo_surface_t *surface; /* The reader's; NULL: too small for lines. */
    double scale;             /* Pixels a point. */
} rendering_t;

/* The scale a page of 'pw' by 'ph' points is rendered at for its ruling
 * lines, and the size of that rendering in pixels. */
static double render_scale(double pw, double ph, int *W, int *H)
{
    double scale = RULE_SCALE;

    if (pw * ph * scale * scale > CANCU_PDF_MAX_RENDER_PIXELS)
        scale = sqrt(CANCU_PDF_MAX_RENDER_PIXELS / (pw * ph));
    *W = (int)ceil(pw * scale);
    *H = (int)ceil(ph * scale);
    return scale;
}

/* Does one of the page's pictures cover every place a ruling line found
 * in its rendering could stand (find_rules: a line's middle, horizontal
 * or vertical, within the rendering's pixels)? Those on a picture are
 * not lines: such a page (a scan under a text layer) can hold no table,
 * and is not rendered for its lines. */
static bool covered_by_image(GList *images, double pw, double ph)
{
    int W, H;
    double scale = render_scale(pw, ph, &W, &H);
    double right = fmax((W - 1) / scale, W / scale - RULE_MIN_H / 2);
    double bottom = fmax((H - 1) / scale, H / scale - RULE_MIN_V / 2);

    for (GList *i = images; i; i = i->next) {
        const PopplerImageMapping *m = i->data;

        if (m->area.x1 <= 0 && m->area.y1 <= 0 && m->area.x2 >= right &&
            m->area.y2 >= bottom)
            return true;
    }
    return false;
}

/* Render the page for its ruling lines into 'out', on the reader's
 * surface. */
static bool render_page(pdf_reader_t *r, PopplerPage *page, double pw,
                        double ph, rendering_t *out)
{
    cairo_surface_t *surface = r->surface;
    cairo_t *cr;
    int W, H;
    double scale = render_scale(pw, ph, &W, &H);

    out->done = true;
    out->surface = NULL;
    out->scale = scale;
    if (W < 8 || H < 8)
        return true;
    if (surface && (cairo_image_surface_get_width(surface) != W ||
                    cairo_image_surface_get_height(surface) != H)) {
        cairo_surface_destroy(surface);
        surface = r->surface = NULL;
    }
    if (!surface) {
        surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
        if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
            cairo_surface_destroy(surface);
            return false;
        }
        r->surface = surface;
    }
    /* Painted white all over: what the page before left is gone. */
    cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    out->surface = surface;
    return true;
}

static size_t uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static void uf_union(size_t *parent, size_t a, size_t b)
{
    a = uf_find(parent, a);
    b = uf_find(parent, b);
    if (a != b)
        parent[a > b ? a : b] = a < b ? a : b;
}

static bool crosses(const rule_t *h, const rule_t *v)
{
    return v->pos >= h->a0 - RULE_SNAP && v->pos <= h->a1 + RULE_SNAP &&
           h->pos >= v->a0 - RULE_SNAP && h->pos <= v->a1 + RULE_SNAP;
}

/* 'parent' (nh + nv entries, horizontal lines first) made the sets of
 * lines that cross one another, one set a tree. */
static void join_crossing(size_t *parent, const rules_t *rules)
{
    for (size_t i = 0; i < rules->nh + rules->nv; i++)
        parent[i] = i;
    for (size_t i = 0; i < rules->nh; i++)
        for (size_t j = 0; j < rules->nv; j++)
            if (crosses(&rules->h[i], &rules->v[j]))
                uf_union(parent, i, rules->nh + j);
}

/* Could the lines hold a table: a set of lines, each crossing another
 * of the set, with two or more each way (as page_tables needs)? Taking
 * lines away only splits such sets. True when it cannot tell (out of
 * memory). */
static bool may_hold_table(const rules_t *rules)
{
    size_t n = rules->nh + rules->nv, *parent, *count;
    bool found = false;

    if (rules->too_many || rules->nh < 2 || rules->nv < 2)
        return false;
    parent = malloc(n * sizeof *parent);
    count = calloc(2 * n, sizeof *count);
    if (!parent || !count) {
        free(parent);
        free(count);
        return true;
    }
    join_crossing(parent, rules);
    for (size_t i = 0; i < n && !found; i++) {
        size_t *c = &count[2 * uf_find(parent, i)];

        c[i >= rules->nh]++;
        found = c[0] >= 2 && c[1] >= 2;
    }
    free(parent);
    free(count);
    return found;
}

/* Find the horizontal and vertical lines the page draws, in points, in
 * its rendering 'rd'; those on its pictures are not lines. */
static bool find_rules(const rendering_t *rd, images_t *images, rules_t *out)
{
    double scale = rd->scale;
    unsigned char *data;
    int W, H, stride;
    int *run;
    size_t hfrom = 0, open_runs = 0;
    bool ok = true;

    memset(out, 0, sizeof *out);
    if (!rd->surface)
        return true;
    W = cairo_image_surface_get_width(rd->surface);
    H = cairo_image_surface_get_height(rd->surface);
    data = cairo_image_surface_get_data(rd->surface);
    stride = cairo_image_surface_get_stride(rd->surface);
    run = calloc((size_t)W, sizeof *run);
    if (!run || !data) {
        free(run);
        return false;
    }
    for (int y = 0; y <= H && ok; y++) {
        const uint32_t *row =
            y < H ? (const uint32_t *)(data + (size_t)y * (size_t)stride)
                  : NULL;
        int start = -1;

        /* A white row with no vertical run open adds and closes
         * nothing: most rows of a page are blank. */
        if (row && !open_runs) {
            uint32_t all = 0xFFFFFFu;

            for (int x = 0; x < W; x++)
                all &= row[x];
            if ((all & 0xFFFFFFu) == 0xFFFFFFu)
                continue;
        }

        /* Horizontal runs on this pixel row. */
        while (hfrom < out->nh && out->h[hfrom].pos < (y - 2) / scale)
            hfrom++;
        for (int x = 0; x <= W && ok; x++) {
            bool dark = false;

            /* White pixels where no run is open, across or down, add
             * and close nothing. */
            while (row && start < 0 && x < W &&
                   (row[x] & 0xFFFFFFu) == 0xFFFFFFu && !run[x])
                x++;
            if (row && x < W) {
                uint32_t px = row[x];
                unsigned sum =
                    ((px >> 16) & 255) + ((px >> 8) & 255) + (px & 255);

                dark = sum < 3 * 200;
            }
            if (dark && start < 0)
                start = x;
            if (!dark && start >= 0) {
                if (x - start >= RULE_MIN_H * scale)
                    ok = add_run(&out->h, &out->nh, &out->caph, &out->too_many,
                                 y / scale, start / scale, x / scale, &hfrom);
                start = -1;
            }
            /* Vertical runs, column by column; a light pixel below a
             * light one (most of a page) has nothing to close. */
            if (x < W && (dark || run[x])) {
                if (dark) {
                    open_runs += !run[x];
                    run[x]++;
                } else {
                    open_runs--;
                    if (run[x] >= RULE_MIN_V * scale &&
                        out->nv < MAX_RULES * 4) {
                        if (!cancu_array__grow((void **)&out->v, &out->capv,
                                               out->nv, sizeof *out->v))
                            ok = false;
                        else
                            out->v[out->nv++] =
                                (rule_t){x / scale, (y - run[x]) / scale,
                                         y / scale, x / scale};
                    } else if (run[x] >= RULE_MIN_V * scale) {
                        out->too_many = true;
                    }
                    run[x] = 0;
                }
            }
        }
    }
    free(run);
    if (!ok)
        return false;
    /* Vertical pieces side by side (a line two pixels wide) are one. */
    if (out->nv)
        qsort(out->v, out->nv, sizeof *out->v, by_pos);
    {
        size_t n = 0;

        for (size_t i = 0; i < out->nv; i++) {
            bool merged = false;

            for (size_t j = n; j-- > 0;) {
                rule_t *q = &out->v[j];

                if (out->v[i].pos - q->from > 2 * RULE_MAX_THICK)
                    break;
                if (out->v[i].pos - q->pos <= 1.0 &&
                    fabs(out->v[i].a0 - q->a0) < 1.5 &&
                    fabs(out->v[i].a1 - q->a1) < 1.5) {
                    q->pos = out->v[i].pos;
                    merged = true;
                    break;
                }
            }
            if (!merged)
                out->v[n++] = out->v[i];
        }
        out->nv = n;
    }
    /* A line is thin: thicker, it is a filled box. */
    thin_only(out->h, &out->nh);
    thin_only(out->v, &out->nv);
    /* Drop what lies on a picture. Lines that could hold no table (or
     * too many) hold none, pictures or not: these need not be looked
     * for. */
    if (may_hold_table(out)) {
        GList *list = page_images(images);
        size_t n = 0;

        for (size_t i = 0; i < out->nh; i++)
            if (!inside_images(list, (out->h[i].a0 + out->h[i].a1) / 2,
                               out->h[i].pos))
                out->h[n++] = out->h[i];
        out->nh = n;
        n = 0;
        for (size_t i = 0; i < out->nv; i++)
            if (!inside_images(list, out->v[i].pos,
                               (out->v[i].a0 + out->v[i].a1) / 2))
                out->v[n++] = out->v[i];
        out->nv = n;
    }
    if (out->nv > MAX_RULES)
        out->too_many = true;
    return true;
}

static void free_rules(rules_t *r)
{
    free(r->h);
    free(r->v);
}

/* Tables. */

static int by_double(const void *a, const void *b)
{
    double p = *(const double *)a, q = *(const double *)b;

    return p < q ? -1 : p > q;
}

/* Sorted positions, those within RULE_SNAP of each other as one. */
static size_t snap(double *pos, size_t n)
{
    size_t out = 0;

    qsort(pos, n, sizeof *pos, by_double);
    for (size_t i = 0; i < n; i++)
        if (!out || pos[i] - pos[out - 1] > RULE_SNAP)
            pos[out++] = pos[i];
    return out;
}

/* A table found on a page: its grid, and which words it holds. */
typedef struct grid {
    double x[MAX_COLS + 1], y[MAX_BANDS + 1];
    size_t nx, ny;
    const rule_t **h, **v;
    size_t nh, nv;
} grid_t;

static bool has_vline(const grid_t *g, size_t col, size_t band)
{
    double mid = (g->y[band] + g->y[band + 1]) / 2;

    for (size_t i = 0; i < g->nv; i++)
        if (fabs(g->v[i]->pos - g->x[col]) <= RULE_SNAP && g->v[i]->a0 <= mid &&
            g->v[i]->a1 >= mid)
            return true;
    return false;
}

static bool has_hline(const grid_t *g, size_t band, size_t col)
{
    double mid = (g->x[col] + g->x[col + 1]) / 2;

    for (size_t i = 0; i < g->nh; i++)
        if (fabs(g->h[i]->pos - g->y[band]) <= RULE_SNAP &&
            g->h[i]->a0 <= mid && g->h[i]->a1 >= mid)
            return true;
    return false;
}

static size_t find_slot(const double *edges, size_t n, double v)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (v >= edges[i] && v < edges[i + 1])
            return i;
    return SIZE_MAX;
}

static void free_table(table_t *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->merged);
    free(t->own);
    free(t);
}

/* Is 's' one to three letters with no vowel, lower case but for the
 * first ("h", "ng", "Ph"): a piece of a syllable, never a word? */
static bool vowelless(const char *s, bool first_upper)
{
    char folded[16];
    size_t n = 0;

    cancu_fold__ascii(s, strlen(s), folded, sizeof folded);
    for (const char *p = folded; *p; p++, n++) {
        if (!((*p >= 'a' && *p <= 'z') ||
              (p == folded && first_upper && *p >= 'A' && *p <= 'Z')))
            return false;
        if (strchr("aeiouyAEIOUY", *p))
            return false;
    }
    return n >= 1 && n <= 3;
}

/* The letters or digits that end 'buf' (the last word so far, as glued
 * together, without what stands before a '/' or a '-'). */
static const char *trailing_letters(const cancu_strbuf_t *buf)
{
    const char *s = cancu_strbuf__cstr(buf), *p = s + buf->len;

    while (p > s) {
        const char *q = g_utf8_find_prev_char(s, p);

        if (!q || !is_alnum_at(q))
            break;
        p = q;
    }
    return p;
}

/* Were 'tail' (ending a full line of a cell) and 'head' (opening the
 * next) one word the cell's width cut: a syllable cut ("Than" / "h",
 * "ph" / "òng") or a number ("31/12/2" / "021")? */
static bool cut_word(const char *tail, const char *head)
{
    const char *end = last_char(tail, strlen(tail));

    if (*end >= '0' && *end <= '9' && *head >= '0' && *head <= '9')
        return true;
    if (!is_alnum_at(end) || !is_alnum_at(head))
        return false;
    return vowelless(head, false) || vowelless(tail, true);
}

/* The text of one cell: its words in lines, the lines joined; a word the
 * cell's width cut in two is joined again. */
static char *cell_text(const word_t *w, size_t *idx, size_t n, double cx0,
                       double cx1)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT, one = CANCU_STRBUF_INIT;
    line_t *lines;
    size_t nlines;
    double maxw = 0, pad = cx1 - cx0, usable;

    if (!make_lines(w, idx, n, &lines, &nlines))
        return NULL;
    for (size_t i = 0; i < nlines; i++) {
        if (lines[i].x1 - lines[i].x0 > maxw)
            maxw = lines[i].x1 - lines[i].x0;
        if (lines[i].x0 - cx0 < pad)
            pad = lines[i].x0 - cx0;
    }
    usable = cx1 - cx0 - 2 * (pad > 0 ? pad : 0);
    if (usable < maxw)
        usable = maxw;
    for (size_t i = 0; i < nlines; i++) {
        bool glued = false;

        if (i > 0) {
            const line_t *p = &lines[i - 1];
            const word_t *tail = &w[p->idx[p->n - 1]];
            const word_t *head = &w[lines[i].idx[0]];
            double h = p->y1 - p->y0;

            glued =
                p->x1 - p->x0 >= usable - h &&
                (tail->x1 - tail->x0) + (head->x1 - head->x0) > usable + 0.5 &&
                cut_word(trailing_letters(&out), head->text);
        }
        line_text(&one, w, &lines[i], 0, lines[i].n);
        join_line(&out, cancu_strbuf__cstr(&one), glued);
    }
    free_lines(lines, nlines);
    cancu_strbuf__dispose(&one);
    if (out.failed) {
        cancu_strbuf__dispose(&out);
        return NULL;
    }
    if (!out.data)
        return strdup("");
    return cancu_strbuf__detach(&out);
}

/* Build the table of grid 'g' from the words; 'taken' marks the words it
 * holds. */
static table_t *build_table(const grid_t *g, const word_t *w, size_t nw,
                            bool *taken)
{
    size_t ncols = g->nx - 1, nbands = g->ny - 1, ncells = ncols * nbands;
    size_t *parent = malloc(ncells * sizeof *parent);
    size_t *owner = malloc((nw ? nw : 1) * sizeof *owner);
    size_t *idx = malloc((nw ? nw : 1) * sizeof *idx);
    size_t *top = malloc(ncells * sizeof *top);
    size_t *left = malloc(ncells * sizeof *left);
    char **texts = calloc(ncells, sizeof *texts);
    table_t *t = calloc(1, sizeof *t);
    bool ok = parent && owner && idx && top && left && texts && t;

    if (ok) {
        t->ncols = ncols;
        t->nrows = nbands;
        t->cells = calloc(ncells, sizeof *t->cells);
        t->merged = calloc(ncells, sizeof *t->merged);
        t->own = calloc(nbands, sizeof *t->own);
        ok = t->cells && t->merged && t->own;
        memcpy(t->colx, g->x, g->nx * sizeof *g->x);
    }
    for (size_t i = 0; ok && i < ncells; i++)
        parent[i] = i;
    for (size_t b = 0; ok && b < nbands; b++)
        for (size_t c = 0; c < ncols; c++) {
            if (c + 1 < ncols && !has_vline(g, c + 1, b))
                uf_union(parent, b * ncols + c, b * ncols + c + 1);
            if (b + 1 < nbands && !has_hline(g, b + 1, c))
                uf_union(parent, b * ncols + c, (b + 1) * ncols + c);
        }
    for (size_t i = 0; ok && i < ncells; i++) {
        top[i] = SIZE_MAX;
        left[i] = SIZE_MAX;
    }
    for (size_t i = 0; ok && i < ncells; i++) {
        size_t root = uf_find(parent, i);

        if (i / ncols < top[root] || top[root] == SIZE_MAX)
            top[root] = i / ncols;
        if (i % ncols < left[root] || left[root] == SIZE_MAX)
            left[root] = i % ncols;
    }
    /* Each word to the cell its center falls in. */
    for (size_t i = 0; ok && i < nw; i++) {
        double cx = (w[i].x0 + w[i].x1) / 2, cy = (w[i].y0 + w[i].y1) / 2;
        size_t c = find_slot(g->x, g->nx, cx), b = find_slot(g->y, g->ny, cy);

        owner[i] = SIZE_MAX;
        if (taken[i] || c == SIZE_MAX || b == SIZE_MAX)
            continue;
        owner[i] = uf_find(parent, b * ncols + c);
        taken[i] = true;
    }
    for (size_t root = 0; ok && root < ncells; root++) {
        size_t n = 0;
        double x0, x1;

        if (uf_find(parent, root) != root)
            continue;
        for (size_t i = 0; i < nw; i++)
            if (owner[i] == root)
                idx[n++] = i;
        x0 = g->x[left[root]];
        x1 = x0;
        for (size_t i = 0; i < ncells; i++)
            if (uf_find(parent, i) == root && g->x[i % ncols + 1] > x1)
                x1 = g->x[i % ncols + 1];
        texts[root] = n ? cell_text(w, idx, n, x0, x1) : strdup("");
        ok = texts[root] != NULL;
    }
    for (size_t i = 0; ok && i < ncells; i++) {
        size_t root = uf_find(parent, i);
        size_t b = i / ncols, c = i % ncols;

        /* As DOCX reads merged cells: the first holds the text, the
         * further columns it spans are empty, the rows it continues
         * into repeat it, marked merged. */
        if (c == left[root] && b == top[root]) {
            t->cells[i] = strdup(texts[root]);
            t->own[b] |= *texts[root] != '\0';
        } else if (c == left[root] && *texts[root]) {
            t->cells[i] = strdup(texts[root]);
            t->merged[i] = true;
        } else
            t->cells[i] = strdup("");
        ok = t->cells[i] != NULL;
    }
    for (size_t i = 0; texts && i < ncells; i++)
        free(texts[i]);
    free(texts);
    free(parent);
    free(owner);
    free(idx);
    free(top);
    free(left);
    if (!ok) {
        free_table(t);
        return NULL;
    }
    return t;
}

static bool add_item(pdf_reader_t *r, const item_t *item)
{
    if (!cancu_array__grow((void **)&r->items, &r->items_cap, r->nitems,
                           sizeof *r->items))
        return false;
    r->items[r->nitems++] = *item;
    return true;
}

/* The tables the page's ruling lines draw, as items; their words are
 * marked taken. */
static bool page_tables(pdf_reader_t *r, int pageno, const rules_t *rules,
                        const word_t *w, size_t nw, bool *taken)
{
    size_t n = rules->nh + rules->nv;
    size_t *parent;
    bool ok = true;
    grid_t *g;

    if (rules->too_many || !rules->nh || !rules->nv)
        return true;
    parent = malloc(n * sizeof *parent);
    g = malloc(sizeof *g);
    if (g) {
        g->h = malloc(rules->nh * sizeof *g->h);
        g->v = malloc(rules->nv * sizeof *g->v);
    }
    if (!parent || !g || !g->h || !g->v) {
        free(parent);
        if (g) {
            free(g->h);
            free(g->v);
        }
        free(g);
        return false;
    }
    join_crossing(parent, rules);
    for (size_t root = 0; root < n && ok; root++) {
        double xs[MAX_RULES + 2], bx0 = 1e9, bx1 = -1e9, by0 = 1e9, by1 = -1e9;
        size_t nx = 0, ny = 0;

        if (uf_find(parent, root) != root)
            continue;
        g->nh = g->nv = 0;
        for (size_t i = 0; i < rules->nh; i++)
            if (uf_find(parent, i) == root)
                g->h[g->nh++] = &rules->h[i];
        for (size_t j = 0; j < rules->nv; j++)
            if (uf_find(parent, rules->nh + j) == root)
                g->v[g->nv++] = &rules->v[j];
        if (g->nh < 2 || g->nv < 2)
            continue;
        for (size_t i = 0; i < g->nh; i++) {
            bx0 = g->h[i]->a0 < bx0 ? g->h[i]->a0 : bx0;
            bx1 = g->h[i]->a1 > bx1 ? g->h[i]->a1 : bx1;
        }
        for (size_t j = 0; j < g->nv; j++) {
            by0 = g->v[j]->a0 < by0 ? g->v[j]->a0 : by0;
            by1 = g->v[j]->a1 > by1 ? g->v[j]->a1 : by1;
        }
        /* Column edges: its vertical lines, and its ends where a side is
         * not drawn. */
        for (size_t j = 0; j < g->nv && nx < MAX_RULES; j++)
            xs[nx++] = g->v[j]->pos;
        xs[nx++] = bx0;
        xs[nx++] = bx1;
        nx = snap(xs, nx);
        if (nx < 2 || nx > MAX_COLS + 1)
            continue;
        memcpy(g->x, xs, nx * sizeof *xs);
        g->nx = nx;
        for (size_t i = 0; i < g->nh && ny < MAX_RULES; i++)
            xs[ny++] = g->h[i]->pos;
        xs[ny++] = by0;
        xs[ny++] = by1;
        ny = snap(xs, ny);
        if (ny < 2 || ny > MAX_BANDS + 1)
            continue;
        memcpy(g->y, xs, ny * sizeof *xs);
        g->ny = ny;
        /* One cell is a frame around text, not a table. */
        if ((g->nx - 1) * (g->ny - 1) < 2)
            continue;
        {
            table_t *t = build_table(g, w, nw, taken);
            item_t item;

            if (!t) {
                ok = false;
                break;
            }
            memset(&item, 0, sizeof item);
            item.page = pageno;
            item.is_table = true;
            item.table = t;
            item.x0 = g->x[0];
            item.x1 = g->x[g->nx - 1];
            item.y0 = g->y[0];
            item.y1 = g->y[g->ny - 1];
            if (!add_item(r, &item)) {
                free_table(t);
                ok = false;
            }
        }
    }
    free(parent);
    free(g->h);
    free(g->v);
    free(g);
    return ok;
}

/* The page's lines outside its tables, as items of segments. */
static bool page_lines(pdf_reader_t *r, int pageno, const word_t *w, size_t nw,
                       const bool *taken)
{
    size_t *idx = malloc((nw ? nw : 1) * sizeof *idx), n = 0;
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    line_t *lines = NULL;
    size_t nlines = 0;
    bool ok;

    if (!idx)
        return false;
    for (size_t i = 0; i < nw; i++)
        if (!taken[i])
            idx[n++] = i;
    ok = make_lines(w, idx, n, &lines, &nlines);
    for (size_t i = 0; ok && i < nlines; i++) {
        const line_t *l = &lines[i];
        double h = l->y1 - l->y0;
        item_t item;
        size_t from = 0;

        memset(&item, 0, sizeof item);
        item.page = pageno;
        item.x0 = l->x0;
        item.x1 = l->x1;
        item.y0 = l->y0;
        item.y1 = l->y1;
        for (size_t k = 1; k <= l->n && ok; k++) {
            segment_t *s;

            if (k < l->n &&
                w[l->idx[k]].x0 - w[l->idx[k - 1]].x1 <= SEGMENT_GAP * h)
                continue;
            s = realloc(item.segs, (item.nsegs + 1) * sizeof *s);
            if (!s) {
                ok = false;
                break;
            }
            item.segs = s;
            s = &item.segs[item.nsegs];
            line_text(&buf, w, l, from, k);
            s->text = buf.failed ? NULL : strdup(cancu_strbuf__cstr(&buf));
            if (!s->text) {
                ok = false;
                break;
            }
            item.nsegs++;
            s->x0 = w[l->idx[from]].x0;
            s->x1 = w[l->idx[k - 1]].x1;
            s->y0 = l->y0;
            s->y1 = l->y1;
            s->h = h;
            s->first_w = w[l->idx[from]].x1 - w[l->idx[from]].x0;
            s->last_w = w[l->idx[k - 1]].x1 - w[l->idx[k - 1]].x0;
            from = k;
        }
        if (ok)
            ok = add_item(r, &item);
        if (!ok) {
            for (size_t k = 0; k < item.nsegs; k++)
                free(item.segs[k].text);
            free(item.segs);
        }
    }
    free_lines(lines, nlines);
    cancu_strbuf__dispose(&buf);
    free(idx);
    return ok;
}

static int by_position(const void *a, const void *b)
{
    const item_t *p = a, *q = b;

    if (p->page != q->page)
        return p->page < q->page ? -1 : 1;
    if (p->y0 != q->y0)
        return p->y0 < q->y0 ? -1 : 1;
    return p->x0 < q->x0 ? -1 : p->x0 > q->x0;
}

/* A page that is a picture: no glyphs, or a few beside an image over
 * most of it. */
static bool is_scan(GList *images, double pw, double ph, size_t glyphs)
{
    double area = 0;

    if (glyphs >= SCAN_MAX_GLYPHS)
        return false;
    for (GList *i = images; i; i = i->next) {
        const PopplerImageMapping *m = i->data;

        area += fabs((m->area.x2 - m->area.x1) * (m->area.y2 - m->area.y1));
    }
    return images && area >= SCAN_IMAGE_SHARE * pw * ph;
}

/* Do 'cyrillic' glyphs of 'non_ascii' outside ASCII make a text layer of
 * glyph numbers? */
static bool garbled(size_t cyrillic, size_t non_ascii)
{
    return cyrillic >= GARBLED_MIN && cyrillic * 10 >= non_ascii;
}

/* A page to recognise rather than read when OCR is on: its glyph
 * numbers may stand among letters that read (the first page of
 * sct-QD-1050 in corpora/real: 34 of its 360 glyphs outside ASCII are
 * Cyrillic, its header and half its body garbled), and a page of a
 * Vietnamese plan has no Cyrillic of its own to lose. */
static bool garbled_page(size_t cyrillic, size_t non_ascii)
{
    return cyrillic >= GARBLED_MIN && cyrillic * 20 >= non_ascii;
}

/* A page without a text layer, read without OCR: the file is refused
 * with what to do. */
static cancu_status_t scanned_page(pdf_reader_t *r, int pageno)
{
    return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                            "%s: scanned PDF, page %d has no text layer; "
                            "read it with --ocr to recognise its text",
                            r->doc->path, pageno + 1);
}

/* The words of a scanned page as Tesseract recognises them, in page
 * points as the text layer's are. Recognition has its own limit, much
 * longer than a text page's (a slow or busy machine takes over 10 s for
 * a page at 300 dpi): the page gets what is left of it. */
static cancu_status_t recognised_words(pdf_reader_t *r, PopplerPage *page,
                                       gint64 start, word_list_t *words,
                                       size_t *glyphs)
{
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    cancu_ocr_word_t *ow = NULL;
    size_t n = 0;
    gint64 left = (gint64)CANCU_OCR_MAX_MS_PER_PAGE * 1000 -
                  (g_get_monotonic_time() - start);
    cancu_status_t status;

    o.path = r->doc->path;
    if (left / 1000 < (gint64)o.max_ms)
        o.max_ms = left > 1000 ? (unsigned)(left / 1000) : 1;
    status = cancu_ocr__poppler_page_words(&ow, &n, page, &o);
    if (status)
        return status;
    words->w = calloc(n ? n : 1, sizeof *words->w);
    if (!words->w) {
        cancu_ocr__words_free(ow, n);
        return oom(r);
    }
    for (size_t i = 0; i < n; i++) {
        words->w[i] =
            (word_t){ow[i].text, ow[i].x0, ow[i].y0, ow[i].x1, ow[i].y1, -1};
        ow[i].text = NULL;
    }
    words->n = words->cap = n;
    *glyphs = n;
    cancu_ocr__words_free(ow, n);
    r->doc->ocr_pages++;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t read_page(pdf_reader_t *r, PopplerDocument *pd,
                                int pageno, bool *empty_out)
{
    PopplerPage *page = poppler_document_get_page(pd, pageno);
    word_list_t words = {NULL, 0, 0};
    size_t glyphs = 0, first = r->nitems;
    images_t images = {page, NULL, false};
    rendering_t rd = {false, NULL, 0};
    double pw = 0, ph = 0;
    rules_t rules;
    size_t cyrillic, non_ascii;
    widgets_t widgets = {NULL, 0};
    bool *taken = NULL, ok, recognised = false, any_widget;
    gint64 start = g_get_monotonic_time(), limit_us = page_limit_us;

    *empty_out = true;
    if (!page)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: page %d cannot be read", r->doc->path,
                                pageno + 1);
    poppler_page_get_size(page, &pw, &ph);
    if (!(pw > 0 && ph > 0 && pw < 1e6 && ph < 1e6)) {
        g_object_unref(page);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: page %d has no size", r->doc->path,
                                pageno + 1);
    }
    /* Each pass over the page's content costs as much as reading it
     * again: reading its text (poppler_page_get_text; the layout and
     * attributes after it reuse that pass), rendering it, finding its
     * pictures. A page is read once, rendered at most once (a page with
     * widgets before its text is read, and that rendering is the one
     * its lines are found in; another only when table_like), and looked
     * at for pictures only when they matter: a page of fewer glyphs
     * than SCAN_MAX_GLYPHS (is_scan), lines both ways (find_rules), a
     * page with widgets (covered_by_image: a signed scan's, under its
     * text layer, is rendered to one pixel for the widgets' text). */
    ok = page_widgets(page, pw, ph, &any_widget, &widgets);
    if (ok && any_widget) {
        if (covered_by_image(page_images(&images), pw, ph)) {
            /* No line to find: a rendering to one pixel, for the
             * text. */
            rd.done = true;
            ok = read_widget_text(page);
        } else {
            ok = render_page(r, page, pw, ph, &rd);
            if (ok && !rd.surface)
                ok = read_widget_text(page);
        }
    }
    cyrillic = r->cyrillic;
    non_ascii = r->non_ascii;
    ok = ok && page_words(r, page, &widgets, &words, &glyphs);
    if (ok)
        seat_widget_words(&words, widgets.n);
    free(widgets.area);
    /* A text layer of glyph numbers (see cancu_pdf__read), recognised
     * as a scan's when asked: its letters are in its pixels only. Its
     * glyphs then no longer count against the document's text layer. */
    if (ok && r->ocr &&
        garbled_page(r->cyrillic - cyrillic, r->non_ascii - non_ascii)) {
        cancu_status_t status;

        r->cyrillic = cyrillic;
        r->non_ascii = non_ascii;
        free_words(&words);
        status = recognised_words(r, page, start, &words, &glyphs);
        if (status) {
            poppler_page_free_image_mapping(images.list);
            g_object_unref(page);
            return status;
        }
        recognised = true;
    } else if (ok && glyphs < SCAN_MAX_GLYPHS &&
               is_scan(page_images(&images), pw, ph, glyphs)) {
        cancu_status_t status = CANCU_STATUS_SUCCESS;

        free_words(&words);
        if (r->ocr)
            status = recognised_words(r, page, start, &words, &glyphs);
        if (!r->ocr || status) {
            poppler_page_free_image_mapping(images.list);
            g_object_unref(page);
            return r->ocr ? status : scanned_page(r, pageno);
        }
        recognised = true;
    }
    if (ok && glyphs > CANCU_PDF_MAX_PAGE_GLYPHS) {
        poppler_page_free_image_mapping(images.list);
        free_words(&words);
        g_object_unref(page);
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: page %d has over %d glyphs", r->doc->path,
                                pageno + 1, CANCU_PDF_MAX_PAGE_GLYPHS);
    }
    memset(&rules, 0, sizeof rules);
    if (ok && words.n) {
        taken = calloc(words.n, sizeof *taken);
        ok = taken && (!table_like(words.w, words.n) ||
                       ((rd.done || render_page(r, page, pw, ph, &rd)) &&
                        find_rules(&rd, &images, &rules)));
    }
    if (ok && words.n)
        ok = page_tables(r, pageno, &rules, words.w, words.n, taken);
    if (ok && words.n)
        ok = page_lines(r, pageno, words.w, words.n, taken);
    free_rules(&rules);
    free(taken);
    free_words(&words);
    r->images |= images.list != NULL;
    poppler_page_free_image_mapping(images.list);
    g_object_unref(page);
    if (!ok)
        return r->status ? r->status : oom(r);
    if (recognised)
        limit_us = (gint64)CANCU_OCR_MAX_MS_PER_PAGE * 1000;
    if (g_get_monotonic_time() - start > limit_us)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: page %d took over %g s to read, the "
                                "limit for a page",
                                r->doc->path, pageno + 1,
                                (double)limit_us / G_USEC_PER_SEC);
    if (r->nitems > first)
        qsort(r->items + first, r->nitems - first, sizeof *r->items,
              by_position);
    r->pages[pageno].first = first;
    r->pages[pageno].count = r->nitems - first;
    *empty_out = glyphs == 0;
    return CANCU_STATUS_SUCCESS;
}

/* Running headers and footers. */

/* The line's text with its digits as '#', to compare across pages. */
static void shape(const item_t *it, char *out, size_t cap)
{
    size_t n = 0;

    for (size_t s = 0; s < it->nsegs && n + 1 < cap; s++)
        for (const char *p = it->segs[s].text; *p && n + 1 < cap; p++)
            out[n++] = (*p >= '0' && *p <= '9') ? '#' : *p;
    out[n] = '\0';
}

/* "12", "- 12 -", "Trang 12", "12/14". */
static bool is_page_number(const item_t *it)
{
    const char *s;
    size_t digits = 0;

    if (it->nsegs != 1)
        return false;
    s = it->segs[0].text;
    if (strncmp(s, "Trang ", 6) == 0)
        s += 6;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9')
            digits++;
        else if (!strchr(" -/.", *s) && strncmp(s, "\xE2\x80\x93", 3) != 0)
            return false;
        else if (*s == '\xE2')
            s += 2;
    }
    return digits > 0 && digits <= 4;
}

static const item_t *edge_line(const pdf_reader_t *r, int page, bool top)
{
    const page_info_t *p = &r->pages[page];

    if (!p->count)
        return NULL;
    return &r->items[top ? p->first : p->first + p->count - 1];
}

static void drop_running(pdf_reader_t *r)
{
    char a[256], b[256];

    for (int page = 0; page < r->npages; page++) {
        for (int top = 0; top < 2; top++) {
            item_t *it = (item_t *)edge_line(r, page, top);
            int same = 0;

            if (!it || it->is_table)
                continue;
            if (is_page_number(it)) {
                it->drop = true;
                continue;
            }
            if (r->npages < 2)
                continue;
            shape(it, a, sizeof a);
            for (int other = 0; other < r->npages; other++) {
                const item_t *o = edge_line(r, other, top);

                if (other == page || !o || o->is_table)
                    continue;
                shape(o, b, sizeof b);
                if (strcmp(a, b) == 0)
                    same++;
            }
            if (same >= (r->npages > 2 ? 2 : 1))
                it->drop = true;
        }
    }
}

/* Emitting the blocks. */

static bool starts_item(const char *s)
{
    static const char *const marks[] = {
        "- ",     "+ ",    "\xE2\x80\xA2", "* ",      "\xE2\x80\x93 ",
        "Căn cứ", "Điều ", "Nơi nhận",     "Kính gửi"};
    size_t n;

    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strncmp(s, marks[i], strlen(marks[i])) == 0)
            return true;
    /* "1.", "1.2.", "a)", "II." */
    n = strspn(s, "0123456789.");
    if (n && s[n - 1] == '.' && s[n] == ' ')
        return true;
    n = strspn(s, "0123456789");
    if (n && s[n] == ')' && s[n + 1] == ' ')
        return true;
    n = strspn(s, "IVXLC");
    if (n && s[n] == '.' && s[n + 1] == ' ')
        return true;
    if (s[0] >= 'a' && s[0] <= 'z' && s[1] == ')' && s[2] == ' ')
        return true;
    return strncmp(s, "đ) ", 4) == 0;
}

typedef struct para {
    cancu_strbuf_t text;
    size_t *breaks;
    size_t nbreaks, cap;
    size_t line;
    const item_t *last;
} para_t;

static bool flush(pdf_reader_t *r, para_t *p)
{
    bool ok = true;

    if (p->text.failed)
        ok = false;
    else if (p->text.len)
        ok = cancu_document__add_wrapped_paragraph(
            r->doc, p->text.data, p->text.len, p->line, p->breaks, p->nbreaks);
    cancu_strbuf__clear(&p->text);
    p->nbreaks = 0;
    p->last = NULL;
    return ok;
}

static void item_text(cancu_strbuf_t *buf, const item_t *it)
{
    cancu_strbuf__clear(buf);
    for (size_t s = 0; s < it->nsegs; s++) {
        if (s)
            cancu_strbuf__putc(buf, ' ');
        cancu_strbuf__puts(buf, it->segs[s].text);
    }
}

/* Does 's' end a sentence or an item? */
static bool ends_clause(const char *s)
{
    size_t n = strlen(s);

    return n && strchr(".;:!?", s[n - 1]);
}

/* Does the line stand in the middle of its page's body, indented? */
static bool centered(const page_info_t *p, const item_t *it, double h)
{
    return it->x0 > p->left + 2 * h &&
           fabs((it->x0 + it->x1) / 2 - (p->left + p->right) / 2) < h;
}

/* Does line 'next' start a paragraph of its own after line 'prev'? */
static bool breaks_paragraph(const pdf_reader_t *r, const item_t *prev,
                             const item_t *next, const char *next_text)
{
    const page_info_t *pp = &r->pages[prev->page];
    const segment_t *last = &prev->segs[prev->nsegs - 1];
    double h = last->h;

    if (starts_item(next_text))
        return true;
    if (next->page == prev->page && next->y0 - prev->y1 > 0.8 * h)
        return true;
    /* Centered lines (a title over two lines): the first is wrapped if
     * the next one's first word would not have fitted beside it. */
    if (centered(pp, prev, h) && centered(pp, next, h))
        return prev->x1 - prev->x0 + 0.3 * h + next->segs[0].first_w <
               pp->right - pp->left - 1.0;
    /* Its first word would have fitted on the line before. */
    if (last->x1 + 0.3 * h + next->segs[0].first_w < pp->right - 1.0)
        return true;
    /* It is indented further than the line before. */
    if (next->segs[0].x0 > prev->segs[0].x0 + h)
        return true;
    /* Justified text: a line that stops short of the margin is the
     * paragraph's last. */
    if (pp->justified && last->x1 < pp->right - 3.0 && ends_clause(last->text))
        return true;
    return false;
}

/* The header's two columns (issuer | motto) at the top of the first
 * page, as the table of one row DOCX has there; the items it took. */
static size_t emit_header(pdf_reader_t *r, size_t from, size_t to)
{
    double split = -1;
    size_t end = from, k;
    cancu_strbuf_t col[2] = {CANCU_STRBUF_INIT, CANCU_STRBUF_INIT};
    cancu_strbuf_t lines[2] = {CANCU_STRBUF_INIT, CANCU_STRBUF_INIT};
    bool two = false;
    const item_t *prev = NULL;
    size_t taken = 0;

    const page_info_t *pi;
    double mid[2] = {0, 0}, page_mid;

    if (from >= to)
        return from;
    pi = &r->pages[r->items[from].page];
    page_mid = (pi->left + pi->right) / 2;
    for (k = from; k < to && k < from + 6 && split < 0; k++) {
        const item_t *it = &r->items[k];

        if (it->is_table)
            break;
        if (it->nsegs == 2) {
            split = (it->segs[0].x1 + it->segs[1].x0) / 2;
            for (int c = 0; c < 2; c++)
                mid[c] = (it->segs[c].x0 + it->segs[c].x1) / 2;
        }
    }
    if (split < 0)
        return from;
    for (k = from; k < to && k < from + 16; k++) {
        const item_t *it = &r->items[k];

        if (it->drop)
            continue;
        bool crossing = false, sides[2] = {false, false};

        if (it->is_table)
            break;
        if (prev && it->y0 - prev->y1 > 3 * (prev->y1 - prev->y0))
            break;
        for (size_t s = 0; s < it->nsegs; s++) {
            crossing |= it->segs[s].x0 < split && it->segs[s].x1 > split;
            sides[it->segs[s].x0 > split] = true;
        }
        /* A line across the split ends the header; a line of both
         * columns whose left one runs past it (a long number) does not. */
        if (crossing && !(sides[0] && sides[1]))
            break;
        if (!sides[0] || !sides[1]) {
            /* A title centered on the page ends the header. */
            double c = (it->x0 + it->x1) / 2;

            if (fabs(c - page_mid) < fabs(c - mid[c > split]))
                break;
        }
        prev = it;
        end = k + 1;
        for (int c = 0; c < 2; c++) {
            bool first = true;

            for (size_t s = 0; s < it->nsegs; s++) {
                if ((it->segs[s].x0 > split) != c)
                    continue;
                if (lines[c].len) {
                    cancu_strbuf__putc(&lines[c], first ? '\n' : ' ');
                    cancu_strbuf__putc(&col[c], ' ');
                }
                cancu_strbuf__puts(&lines[c], it->segs[s].text);
                cancu_strbuf__puts(&col[c], it->segs[s].text);
                first = false;
            }
        }
        two |= sides[0] && sides[1];
        taken++;
    }
    if (two && !col[0].failed && !col[1].failed && !lines[0].failed &&
        !lines[1].failed) {
        const char *cells[2] = {cancu_strbuf__cstr(&col[0]),
                                cancu_strbuf__cstr(&col[1])};
        size_t lens[2] = {col[0].len, col[1].len};

        if (!cancu_document__begin_table(r->doc, r->line + 1) ||
            !cancu_document__add_row(r->doc, cells, lens, 2, r->line + 1))
            r->status = cancu_document__build_failure(r->doc);
        r->line += taken;
        for (int c = 0; c < 2 && !r->status; c++)
            if (memchr(cancu_strbuf__cstr(&lines[c]), '\n', lines[c].len) &&
                !cancu_document__set_cell_lines(r->doc, (size_t)c,
                                                lines[c].data, lines[c].len))
                oom(r);
    } else {
        end = from;
    }
    for (int c = 0; c < 2; c++) {
        cancu_strbuf__dispose(&col[c]);
        cancu_strbuf__dispose(&lines[c]);
    }
    return end;
}

static bool same_grid(const table_t *a, const table_t *b)
{
    if (a->ncols != b->ncols)
        return false;
    for (size_t i = 0; i <= a->ncols; i++)
        if (fabs(a->colx[i] - b->colx[i]) > RULE_SNAP)
            return false;
    return true;
}

static bool same_row(const table_t *a, size_t ra, const table_t *b, size_t rb)
{
    for (size_t c = 0; c < a->ncols; c++)
        if (strcmp(a->cells[ra * a->ncols + c], b->cells[rb * b->ncols + c]))
            return false;
    return true;
}

/* Row 'row' of 't' goes on with the last row of the table before the
 * page break: its first cell is empty and a cell opens mid-sentence. */
static bool continues_row(const table_t *t, size_t row)
{
    const char *const *cells = (const char *const *)&t->cells[row * t->ncols];
    bool lower = false;

    if (*cells[0] || !t->own[row])
        return false;
    for (size_t c = 0; c < t->ncols; c++)
        lower |= cancu_tasks__opens_lower(cells[c]) ||
                 (*cells[c] >= '0' && *cells[c] <= '9');
    return lower;
}

/* Join row 'row' of 't' into the document's last row, cell by cell. */
static bool join_row(pdf_reader_t *r, const table_t *t, size_t row)
{
    struct cancu_block *b = cancu_document__last_block(r->doc);
    cancu_row_t *last = &b->rows[b->nrows - 1];
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    bool ok = true;

    for (size_t c = 0; c < t->ncols && c < last->ncells && ok; c++) {
        const char *more = t->cells[row * t->ncols + c];
        char *joined;

        if (!*more)
            continue;
        cancu_strbuf__clear(&buf);
        cancu_strbuf__puts(&buf, last->cells[c].text);
        join_line(&buf, more, false);
        joined = buf.failed
                     ? NULL
                     : cancu_arena__strndup(r->doc->arena, buf.data, buf.len);
        ok = joined != NULL;
        if (ok)
            last->cells[c].text = joined;
    }
    cancu_strbuf__dispose(&buf);
    return ok;
}

/* Emit the table of 'it', going on with 'continued' (the last block)
 * when not NULL; *emitted tells whether it added a row or joined one. */
static bool emit_table(pdf_reader_t *r, const item_t *it,
                       const item_t *continued, bool *emitted)
{
    const table_t *t = it->table;
    size_t row = 0;

    if (continued) {
        struct cancu_block *b = cancu_document__last_block(r->doc);

        /* The header repeated on the new page, and the rest of the row
         * the page break cut. */
        if (t->nrows && same_row(t, 0, continued->table, 0) && b->nrows)
            row = 1;
        if (row < t->nrows && continues_row(t, row) && b->nrows) {
            if (!join_row(r, t, row))
                return false;
            *emitted = true;
            row++;
        }
    }
    for (; row < t->nrows; row++) {
        const char *const *cells =
            (const char *const *)&t->cells[row * t->ncols];
        size_t lens[MAX_COLS];

        if (!t->own[row])
            continue;
        /* A table begins with its first row of text: a grid with none
         * (a frame, a signature box) is no block. */
        if (!continued && !*emitted &&
            !cancu_document__begin_table(r->doc, r->line + 1))
            return false;
        *emitted = true;
        for (size_t c = 0; c < t->ncols; c++)
            lens[c] = strlen(cells[c]);
        r->line++;
        if (!cancu_document__add_row(r->doc, cells, lens, t->ncols, r->line))
            return false;
        cancu_document__mark_row(r->doc, false, &t->merged[row * t->ncols],
                                 t->ncols);
    }
    return true;
}

static cancu_status_t emit(pdf_reader_t *r)
{
    para_t p;
    cancu_strbuf_t line = CANCU_STRBUF_INIT;
    const item_t *table = NULL; /* The table emitted last, if nothing
                                   but running text came after it. */
    size_t k = 0;
    bool ok = true;

    memset(&p, 0, sizeof p);
    p.text = (cancu_strbuf_t)CANCU_STRBUF_INIT;
    /* Margins of each page's body lines. */
    {
        /* A page of a few lines (a title over a table) takes the
         * margins of the pages full of text. */
        double left = 1e9, right = -1e9;
        int *nlines = calloc((size_t)r->npages, sizeof *nlines);

        if (!nlines)
            return oom(r);
        for (int page = 0; page < r->npages; page++) {
            page_info_t *pi = &r->pages[page];

            pi->left = 1e9;
            pi->right = -1e9;
            for (size_t i = pi->first; i < pi->first + pi->count; i++) {
                const item_t *it = &r->items[i];

                if (it->is_table || it->drop || it->nsegs != 1)
                    continue;
                pi->left = it->x0 < pi->left ? it->x0 : pi->left;
                pi->right = it->x1 > pi->right ? it->x1 : pi->right;
                nlines[page]++;
            }
            if (nlines[page] >= 5) {
                left = pi->left < left ? pi->left : left;
                right = pi->right > right ? pi->right : right;
            }
        }
        for (int page = 0; page < r->npages; page++) {
            page_info_t *pi = &r->pages[page];
            int flush_right = 0, wide = 0;

            for (size_t i = pi->first; i < pi->first + pi->count; i++) {
                const item_t *it = &r->items[i];

                if (it->is_table || it->drop || it->nsegs != 1 ||
                    it->x1 - it->x0 < 0.7 * (pi->right - pi->left))
                    continue;
                wide++;
                flush_right += it->x1 > pi->right - 1.5;
            }
            pi->justified = wide >= 4 && flush_right * 3 >= wide * 2;
        }
        for (int page = 0; page < r->npages; page++)
            if (nlines[page] < 5 && left < right) {
                r->pages[page].left = left;
                r->pages[page].right = right;
            }
        free(nlines);
    }
    for (int page = 0; page < r->npages; page++)
        if (r->pages[page].count) {
            k = r->pages[page].first;
            k = emit_header(r, k, k + r->pages[page].count);
            break;
        }
    if (r->status) {
        cancu_strbuf__dispose(&line);
        return r->status;
    }
    for (; k < r->nitems && ok; k++) {
        const item_t *it = &r->items[k];

        if (it->drop)
            continue;
        if (it->is_table) {
            const item_t *cont = NULL;
            bool emitted = false;

            ok = flush(r, &p);
            if (table && table->page + 1 == it->page &&
                same_grid(table->table, it->table))
                cont = table;
            if (ok)
                ok = emit_table(r, it, cont, &emitted);
            /* A grid with no text leaves the table before it going on. */
            if (emitted)
                table = it;
            continue;
        }
        /* Text on the same page after a table ends it; running text of
         * a new page does not. */
        table = NULL;
        item_text(&line, it);
        if (line.failed) {
            ok = false;
            break;
        }
        if (p.last && p.last->page == it->page &&
            it->y0 - p.last->y1 > 0.8 * (p.last->y1 - p.last->y0))
            r->line++; /* A blank line's worth of space. */
        r->line++;
        if (p.last && !breaks_paragraph(r, p.last, it, line.data)) {
            if (!cancu_array__grow((void **)&p.breaks, &p.cap, p.nbreaks,
                                   sizeof *p.breaks)) {
                ok = false;
                break;
            }
            join_line(&p.text, line.data, false);
            p.breaks[p.nbreaks++] = p.text.len - line.len;
        } else {
            ok = flush(r, &p);
            p.line = r->line;
            cancu_strbuf__puts(&p.text, line.data);
        }
        p.last = it;
    }
    if (ok)
        ok = flush(r, &p);
    cancu_strbuf__dispose(&p.text);
    cancu_strbuf__dispose(&line);
    free(p.breaks);
    if (!ok && !r->status)
        r->status = cancu_document__build_failure(r->doc);
    return r->status;
}

static void free_items(pdf_reader_t *r)
{
    for (size_t i = 0; i < r->nitems; i++) {
        for (size_t s = 0; s < r->items[i].nsegs; s++)
            free(r->items[i].segs[s].text);
        free(r->items[i].segs);
        free_table(r->items[i].table);
    }
    free(r->items);
    free(r->pages);
}

/* poppler's message, on one line. */
static void one_line(char *s)
{
    for (; s && *s; s++)
        if (*s == '\n' || *s == '\r')
            *s = ' ';
}

cancu_status_t cancu_pdf__read(cancu_document_t *doc, const void *data,
                               size_t size, bool ocr)
{
    pdf_reader_t r;
    GBytes *bytes;
    GError *error = NULL;
    PopplerDocument *pd;
    int npages, text_pages = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    gint64 start = g_get_monotonic_time();

    memset(&r, 0, sizeof r);
    r.doc = doc;
    r.ocr = ocr;
    if (size > CANCU_PDF_MAX_BYTES || size > (size_t)G_MAXSSIZE)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: PDF is %zu bytes, over the limit of "
                                "%zu bytes",
                                doc->path, size, (size_t)CANCU_PDF_MAX_BYTES);
    bytes = g_bytes_new_static(data, size);
    pd = poppler_document_new_from_bytes(bytes, NULL, &error);
    g_bytes_unref(bytes);
    if (!pd) {
        if (error &&
            g_error_matches(error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
            status = cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                      "%s: encrypted PDF (it needs a "
                                      "password); save it without one "
                                      "first",
                                      doc->path);
        else {
            one_line(error ? error->message : NULL);
            status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                      "%s: not a readable PDF (%s)", doc->path,
                                      error ? error->message : "no document");
        }
        if (error)
            g_error_free(error);
        return status;
    }
    npages = poppler_document_get_n_pages(pd);
    if (npages <= 0) {
        g_object_unref(pd);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: PDF has no pages",
                                doc->path);
    }
    if (npages > CANCU_PDF_MAX_PAGES) {
        g_object_unref(pd);
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: PDF has %d pages, over the limit of %d",
                                doc->path, npages, CANCU_PDF_MAX_PAGES);
    }
    r.npages = npages;
    r.pages = calloc((size_t)npages, sizeof *r.pages);
    if (!r.pages) {
        g_object_unref(pd);
        return oom(&r);
    }
    for (int i = 0; i < npages && !status; i++) {
        bool empty;

        status = read_page(&r, pd, i, &empty);
        text_pages += !empty;
        if (!status && g_get_monotonic_time() - start > file_limit_us)
            status = cancu_error__set(
                CANCU_STATUS_LIMIT_EXCEEDED,
                "%s: reading took over %g s at page %d, the limit for a "
                "file",
                doc->path, (double)file_limit_us / G_USEC_PER_SEC, i + 1);
    }
    cairo_surface_destroy(r.surface);
    g_object_unref(pd);
    /* Pictures and no text: a scan. Nothing at all: the document has
     * no text, as cancu_document__finish says. */
    /* Fonts whose ToUnicode maps give their glyph numbers for letters
     * ("7ӌ1+" for "TỈNH": ASCII shifted by 29, Vietnamese letters as
     * Cyrillic ones) read as another script: without the font's own
     * tables, only their pixels say what they are (read_page recognises
     * such pages when asked). */
    if (!status && garbled(r.cyrillic, r.non_ascii))
        status = cancu_error__set(
            CANCU_STATUS_UNSUPPORTED_FORMAT,
            "%s: its text layer does not read as Vietnamese (%zu of %zu "
            "letters outside ASCII are Cyrillic: a font maps its glyph "
            "numbers, not its letters); read it with --ocr to recognise "
            "its text",
            doc->path, r.cyrillic, r.non_ascii);
    if (!status && !text_pages && r.images)
        status = r.ocr ? cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                          "%s: scanned PDF, no text was "
                                          "recognised on any page",
                                          doc->path)
                       : scanned_page(&r, 0);
    if (!status) {
        drop_running(&r);
        status = emit(&r);
    }
    if (!status && r.legacy)
        doc->encoding = r.legacy;
    /* Recognised, not read: shown so that answers from it can be told
     * apart. */
    if (!status && doc->ocr_pages)
        doc->encoding = "OCR";
    free_items(&r);
    return status;
}
