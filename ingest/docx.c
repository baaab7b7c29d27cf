/* DOCX plans: word/document.xml (and the notes) streamed out of the zip
 * through libxml2's SAX2 parser into the same blocks as TXT. No DOM, no
 * temporary files. Text is what a reader sees: deleted text, field
 * instructions, hidden runs and the second branch of alternate content
 * never appear; runs in legacy Vietnamese fonts are converted. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/docx-private.h"
#include "ingest/legacy.h"

/* The WordprocessingML elements the reader acts on. */
typedef enum element {
    EL_OTHER,
    /* Never text: deleted text, field instructions, the properties of
     * content controls, revisions of properties, section properties. */
    EL_NEVER_TEXT,
    EL_BODY,
    EL_FOOTNOTE,
    EL_ENDNOTE,
    EL_P,
    EL_PPR,
    EL_PSTYLE,
    EL_NUMID,
    EL_ILVL,
    EL_OUTLINE_LVL,
    EL_R,
    EL_RPR,
    EL_RFONTS,
    EL_VANISH,
    EL_T,
    EL_TAB,
    EL_BR, /* w:br and w:cr */
    EL_NO_BREAK_HYPHEN,
    EL_SYM,
    EL_FOOTNOTE_REFERENCE,
    EL_ENDNOTE_REFERENCE,
    EL_FLD_CHAR,
    EL_TBL,
    EL_TR,
    EL_TBL_HEADER,
    EL_TC,
    EL_GRID_BEFORE,
    EL_GRID_AFTER,
    EL_GRID_SPAN,
    EL_V_MERGE,
} element_t;

typedef struct alternate {
    int depth;
    bool chosen;
} alternate_t;

/* Where a footnote or endnote is referred to from. */
typedef struct anchor {
    bool endnote;
    int id;
    size_t block;
} anchor_t;

typedef struct docx_reader {
    cancu_document_t *doc;
    docx_package_t *pkg;
    cancu_status_t status;

    /* The container whose paragraphs are read: w:body, or one note. */
    element_t container;
    bool in_container;
    const char *note; /* "footnote", "endnote" or "" */
    int note_id;

    size_t paragraphs; /* w:p seen, for block positions */
    int p_depth;       /* nesting of w:p (text boxes nest them) */
    cancu_strbuf_t p_text[DOCX_MAX_NESTING];
    /* The outermost paragraph's properties. */
    char *p_style;
    /* The font p_style gives runs, once looked up. */
    const char *p_font;
    bool p_font_known;
    int p_num_id, p_ilvl, p_outline;
    bool p_has_num;
    bool in_ppr;
    /* The outermost paragraph breaks the page (w:br w:type="page"). */
    bool p_page_break;
    /* A blank paragraph of the body, not a page break, since the last
     * block: two tables it stands between are two tables. */
    bool blank_since_block;

    /* The current run. */
    bool in_run, in_t, in_run_rpr, run_hidden;
    char *run_font;
    cancu_strbuf_t run;

    /* Complex fields: between begin and separate is the instruction. */
    int field_depth;
    bool field_instr[DOCX_MAX_NESTING];
    alternate_t alt[DOCX_MAX_NESTING];
    int alt_depth;

    /* The top-level table being read. */
    int tbl_depth;
    bool table_open;
    size_t row_line;
    bool row_header;
    bool in_cell;
    cancu_strbuf_t cell;
    /* The same cell's paragraphs joined by newlines, for the header. */
    cancu_strbuf_t cell_lines;
    char **lines;
    size_t nlines, lines_cap;
    int grid_span;
    bool v_merge_continue;
    /* Grid columns the current row leaves empty before its first cell
     * and after its last (w:gridBefore, w:gridAfter in w:trPr). */
    int grid_before, grid_after;
    /* Cells of the current row, and of the row above for vMerge. */
    char **cells, **above;
    bool *merged;
    size_t ncells, cells_cap, nabove, merged_cap;
    /* Paragraphs of text boxes, emitted after their anchor paragraph. */
    char **deferred;
    size_t ndeferred, deferred_cap;

    /* Note references met in the current paragraph, and all resolved. */
    anchor_t *anchors;
    size_t nanchors, anchors_cap, pending_anchors;
} docx_reader_t;

/* Building failed: out of memory, or a limit on the document's size. */
static cancu_status_t oom(docx_reader_t *r)
{
    if (!r->status)
        r->status = cancu_document__build_failure(r->doc);
    return r->status;
}

static bool suppressed(const docx_reader_t *r)
{
    if (r->run_hidden)
        return true;
    for (int i = 0; i < r->field_depth && i < DOCX_MAX_NESTING; i++)
        if (r->field_instr[i])
            return true;
    return false;
}

static bool over_limit(docx_reader_t *r, size_t len, size_t more)
{
    if (len + more <= CANCU_MAX_PARAGRAPH_BYTES)
        return false;
    if (!r->status)
        r->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: paragraph %zu is over the limit of %zu bytes", r->doc->path,
            r->paragraphs, CANCU_MAX_PARAGRAPH_BYTES);
    return true;
}

static void append_paragraph(docx_reader_t *r, const char *s, size_t len)
{
    cancu_strbuf_t *buf;

    if (r->p_depth <= 0 || r->p_depth > DOCX_MAX_NESTING)
        return;
    buf = &r->p_text[r->p_depth - 1];
    if (!over_limit(r, buf->len + r->cell.len, len))
        cancu_strbuf__append(buf, s, len);
}

/* Text of the current run, or of the paragraph outside any run. */
static void append_text(docx_reader_t *r, const char *s, size_t len)
{
    if (suppressed(r))
        return;
    if (r->in_run) {
        if (!over_limit(r, r->run.len, len))
            cancu_strbuf__append(&r->run, s, len);
        return;
    }
    append_paragraph(r, s, len);
}

/* A run's text reaches its paragraph here, converted from its legacy font
 * when it has one. */
static void end_run(docx_reader_t *r)
{
    const char *font, *encoding = NULL;
    bool capitals = false;

    if (!r->run_font && !r->p_font_known) {
        r->p_font = cancu_docx__style_font(r->pkg, r->p_style);
        r->p_font_known = true;
    }
    font = r->run_font ? r->run_font : r->p_font;

    r->in_run = false;
    if (r->run.failed) {
        oom(r);
        return;
    }
    if (font)
        encoding = cancu_legacy__font_encoding(font, &capitals);
    if (encoding && r->run.len) {
        char *converted = NULL;
        size_t len = 0;
        cancu_status_t status = cancu_legacy__decode_font_text(
            &converted, &len, encoding, capitals, r->run.data, r->run.len);

        if (status) {
            r->status = status;
        } else {
            append_paragraph(r, converted, len);
            if (r->doc->encoding && strcmp(r->doc->encoding, "UTF-8") == 0)
                r->doc->encoding = encoding;
        }
        free(converted);
    } else {
        append_paragraph(r, cancu_strbuf__cstr(&r->run), r->run.len);
    }
    cancu_strbuf__clear(&r->run);
    free(r->run_font);
    r->run_font = NULL;
    r->run_hidden = false;
}

/* NFC of a finished paragraph or cell, trimmed. */
static char *finish_text(docx_reader_t *r, const cancu_strbuf_t *buf,
                         size_t *len_out)
{
    const char *s = cancu_strbuf__cstr(buf);
    size_t len = buf->len;
    char *out = NULL;

    while (len && strchr(" \t\n", *s)) {
        s++;
        len--;
    }
    while (len && strchr(" \t\n", s[len - 1]))
        len--;
    if (cancu_normalize__nfc(&out, len_out, s, len)) {
        r->status =
            cancu_error__set(CANCU_STATUS_BAD_INPUT,
                             "%s: text cannot be normalized", r->doc->path);
        return NULL;
    }
    return out;
}

static bool push_string(char ***items, size_t *count, size_t *cap, char *s)
{
    if (*count == *cap) {
        size_t n = *cap ? *cap * 2 : 8;
        char **p = realloc(*items, n * sizeof *p);

        if (!p)
            return false;
        *items = p;
        *cap = n;
    }
    (*items)[(*count)++] = s;
    return true;
}

static void free_strings(char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(items[i]);
}

/* The note references of the paragraph just read point at 'block'. */
static void resolve_anchors(docx_reader_t *r, size_t block)
{
    for (size_t i = r->nanchors - r->pending_anchors; i < r->nanchors; i++)
        r->anchors[i].block = block;
    r->pending_anchors = 0;
}

static size_t anchor_of(const docx_reader_t *r, bool endnote, int id)
{
    for (size_t i = 0; i < r->nanchors; i++)
        if (r->anchors[i].endnote == endnote && r->anchors[i].id == id)
            return r->anchors[i].block;
    return SIZE_MAX;
}

/* Style, heading level, list label and note of a block just added. */
static void describe_block(docx_reader_t *r, const char *label)
{
    struct cancu_block *b = cancu_document__last_block(r->doc);
    const docx_style_t *style = cancu_docx__style(r->pkg, r->p_style);

    if (!b)
        return;
    if (style) {
        b->style = cancu_arena__strdup(r->doc->arena,
                                       style->name ? style->name : style->id);
        b->heading_level = style->heading_level;
    }
    if (r->p_outline > 0)
        b->heading_level = r->p_outline;
    if (label && *label)
        b->label = cancu_arena__strdup(r->doc->arena, label);
    if (*r->note) {
        b->note = r->note;
        b->anchor = anchor_of(r, r->note[0] == 'e', r->note_id);
    }
    if (!b->style || !b->label)
        oom(r);
}

static void emit_paragraph(docx_reader_t *r, const char *text, size_t len,
                           const char *label)
{
    if (!len)
        return;
    if (!cancu_document__add_paragraph(r->doc, text, len, r->paragraphs)) {
        oom(r);
        return;
    }
    describe_block(r, label);
}

/* The list label Word draws before this paragraph, if it is numbered. */
static bool paragraph_label(docx_reader_t *r, char *out, size_t cap)
{
    const docx_style_t *style = cancu_docx__style(r->pkg, r->p_style);
    int num_id = r->p_has_num ? r->p_num_id : style ? style->num_id : 0;
    int ilvl = r->p_has_num ? r->p_ilvl : style ? style->ilvl : 0;

    return cancu_docx__next_label(r->pkg, num_id, ilvl, out, cap);
}

static void reset_paragraph_properties(docx_reader_t *r)
{
    free(r->p_style);
    r->p_style = NULL;
    r->p_font_known = false;
    r->p_num_id = r->p_ilvl = r->p_outline = 0;
    r->p_has_num = false;
    r->p_page_break = false;
}

static void end_paragraph(docx_reader_t *r)
{
    cancu_strbuf_t *buf;
    size_t len, first_block;
    char *text, label[64] = "";

    if (r->p_depth <= 0)
        return;
    if (r->p_depth > DOCX_MAX_NESTING) {
        r->p_depth--;
        return;
    }
    buf = &r->p_text[r->p_depth - 1];
    if (buf->failed) {
        oom(r);
        return;
    }
    text = finish_text(r, buf, &len);
    cancu_strbuf__clear(buf);
    r->p_depth--;
    if (!text)
        return;
    if (r->p_depth > 0) {
        /* A text box's paragraph: after the paragraph that holds it. */
        if (!len ||
            !push_string(&r->deferred, &r->ndeferred, &r->deferred_cap, text)) {
            free(text);
            if (len)
                oom(r);
        }
        return;
    }
    if (len)
        paragraph_label(r, label, sizeof label);
    first_block = r->doc->nblocks;
    if (r->in_cell) {
        /* Paragraphs of one cell read as one line, as Word saves text;
         * a numbered one keeps its label. */
        for (size_t i = 0; i < r->ndeferred + 1; i++) {
            const char *t = i == 0 ? text : r->deferred[i - 1];

            if (!*t)
                continue;
            if (r->cell.len)
                cancu_strbuf__putc(&r->cell, ' ');
            if (r->cell_lines.len)
                cancu_strbuf__putc(&r->cell_lines, '\n');
            cancu_strbuf__puts(&r->cell_lines, t);
            if (i == 0 && *label) {
                cancu_strbuf__puts(&r->cell, label);
                cancu_strbuf__putc(&r->cell, ' ');
            }
            cancu_strbuf__puts(&r->cell, t);
        }
        resolve_anchors(r, r->table_open ? first_block - 1 : first_block);
    } else {
        /* A line break ends a line as in TXT: each line a paragraph. */
        for (char *line = text; line && *line;) {
            char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);

            emit_paragraph(r, line, n, line == text ? label : NULL);
            line = nl ? nl + 1 : NULL;
        }
        if (r->doc->nblocks > first_block)
            r->blank_since_block = false;
        else if (!r->p_page_break)
            r->blank_since_block = true;
        resolve_anchors(r, r->doc->nblocks > first_block
                               ? first_block
                               : (first_block ? first_block - 1 : 0));
        for (size_t i = 0; i < r->ndeferred; i++)
            emit_paragraph(r, r->deferred[i], strlen(r->deferred[i]), NULL);
    }
    free_strings(r->deferred, r->ndeferred);
    r->ndeferred = 0;
    free(text);
    reset_paragraph_properties(r);
}

static bool push_merged(docx_reader_t *r, bool merged)
{
    if (r->ncells > r->merged_cap) {
        size_t cap = r->ncells * 2;
        bool *p = realloc(r->merged, cap * sizeof *p);

        if (!p)
            return false;
        r->merged = p;
        r->merged_cap = cap;
    }
    r->merged[r->ncells - 1] = merged;
    return true;
}

/* 'count' empty cells, for grid columns the row has no cell of its own
 * in, so that each cell stays in its grid column and a vertical merge
 * below it finds the cell it continues. */
static void push_empty_cells(docx_reader_t *r, int count)
{
    for (int i = 0; i < count && i < DOCX_MAX_GRID_SKIP; i++) {
        char *empty = strdup(""), *no_lines = strdup("");

        if (!empty || !no_lines ||
            !push_string(&r->cells, &r->ncells, &r->cells_cap, empty)) {
            free(empty);
            free(no_lines);
            oom(r);
            return;
        }
        /* The cell's lines stay beside it, none for an empty cell. */
        if (!push_string(&r->lines, &r->nlines, &r->lines_cap, no_lines)) {
            free(no_lines);
            oom(r);
            return;
        }
        if (!push_merged(r, false)) {
            oom(r);
            return;
        }
    }
}

/* No header table stands further into a document than this. */
#define HEADER_BLOCKS 12

/* Keep the cell's lines (near the top of the document only, and not for
 * a continued merge: 'keep' false); the empty cells of the further grid
 * columns it spans get theirs from push_empty_cells. */
static bool keep_cell_lines(docx_reader_t *r, bool keep)
{
    char *copy;
    size_t len;

    if (r->cell_lines.failed)
        return false;
    if (keep && r->doc->nblocks <= HEADER_BLOCKS &&
        memchr(r->cell_lines.data ? r->cell_lines.data : "", '\n',
               r->cell_lines.len))
        copy = finish_text(r, &r->cell_lines, &len);
    else
        copy = strdup("");
    cancu_strbuf__clear(&r->cell_lines);
    if (!copy)
        return false;
    if (!push_string(&r->lines, &r->nlines, &r->lines_cap, copy)) {
        free(copy);
        return false;
    }
    return true;
}

static void end_cell(docx_reader_t *r)
{
    size_t len, col = r->ncells;
    bool merged = false;
    char *text;

    r->in_cell = false;
    if (r->cell.failed) {
        oom(r);
        return;
    }
    if (r->v_merge_continue && col < r->nabove && !r->cell.len) {
        /* A continued vertical merge reads as the cell it continues. */
        cancu_strbuf__puts(&r->cell, r->above[col]);
        merged = true;
    }
    text = finish_text(r, &r->cell, &len);
    cancu_strbuf__clear(&r->cell);
    if (!text)
        return;
    if (!keep_cell_lines(r, !merged)) {
        free(text);
        oom(r);
        return;
    }
    if (!push_string(&r->cells, &r->ncells, &r->cells_cap, text)) {
        free(text);
        oom(r);
        return;
    }
    if (!push_merged(r, merged)) {
        oom(r);
        return;
    }
    /* A cell spanning several grid columns: empty cells keep the columns
     * of the rows below and above aligned. */
    push_empty_cells(r, r->grid_span - 1);
}

static void end_row(docx_reader_t *r)
{
    size_t *lens;

    if (!r->ncells)
        return;
    push_empty_cells(r, r->grid_after);
    if (r->status)
        return;
    if (!r->table_open) {
        if (!cancu_document__begin_table(r->doc, r->row_line)) {
            oom(r);
            return;
        }
        cancu_document__last_block(r->doc)->blank_before = r->blank_since_block;
        r->blank_since_block = false;
        r->table_open = true;
    }
    lens = malloc(r->ncells * sizeof *lens);
    if (!lens) {
        oom(r);
        return;
    }
    for (size_t i = 0; i < r->ncells; i++)
        lens[i] = strlen(r->cells[i]);
    if (!cancu_document__add_row(r->doc, (const char *const *)r->cells, lens,
                                 r->ncells, r->row_line))
        oom(r);
    else
        cancu_document__mark_row(r->doc, r->row_header, r->merged, r->ncells);
    for (size_t i = 0; i < r->nlines && i < r->ncells; i++)
        if (*r->lines[i] && !cancu_document__set_cell_lines(
                                r->doc, i, r->lines[i], strlen(r->lines[i])))
            oom(r);
    free_strings(r->lines, r->nlines);
    r->nlines = 0;
    free(lens);
    /* This row is the one above the next. */
    free_strings(r->above, r->nabove);
    free(r->above);
    r->above = r->cells;
    r->nabove = r->ncells;
    r->cells = NULL;
    r->ncells = r->cells_cap = 0;
}

static int int_attr(docx_walk_t *w, const char *name, int fallback)
{
    char *v = cancu_docx__attr(w, name);
    char *end;
    long n;

    if (!v)
        return fallback;
    n = strtol(v, &end, 10);
    if (end == v || n < -1000000 || n > 1000000)
        n = fallback;
    xmlFree(v);
    return (int)n;
}

static bool attr_is(docx_walk_t *w, const char *name, const char *value)
{
    char *v = cancu_docx__attr(w, name);
    bool is = v && strcmp(v, value) == 0;

    xmlFree(v);
    return is;
}

/* w:sym: a character from a symbol font. Private-use codes (F0xx) are
 * the font's own glyphs; those used as bullets read as "•". */
static void symbol(docx_reader_t *r, docx_walk_t *w)
{
    char *hex = cancu_docx__attr(w, "char");
    unsigned long c;
    char utf8[8];
    size_t n = 0;

    if (!hex)
        return;
    c = strtoul(hex, NULL, 16);
    xmlFree(hex);
    if (c >= 0xF000 && c <= 0xF0FF)
        c = 0x2022;
    if (c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return;
    n = cancu_utf8__encode((uint32_t)c, utf8);
    append_text(r, utf8, n);
}

static void note_reference(docx_reader_t *r, docx_walk_t *w, bool endnote)
{
    anchor_t *p;

    if (r->nanchors == r->anchors_cap) {
        size_t cap = r->anchors_cap ? r->anchors_cap * 2 : 16;

        p = realloc(r->anchors, cap * sizeof *p);
        if (!p) {
            oom(r);
            return;
        }
        r->anchors = p;
        r->anchors_cap = cap;
    }
    r->anchors[r->nanchors].endnote = endnote;
    r->anchors[r->nanchors].id = int_attr(w, "id", -1);
    r->anchors[r->nanchors].block = SIZE_MAX;
    r->nanchors++;
    r->pending_anchors++;
}

/* strcmp(name, literal) == 0, inlined: names are short. */
static inline bool is(const char *name, const char *literal)
{
    while (*literal && *name == *literal) {
        name++;
        literal++;
    }
    return *name == *literal;
}

/* What element 'name' is: a switch on its first letter, then one or two
 * compares, where a chain of compares cost a tenth of the extraction. */
static element_t element_of(const char *name)
{
    switch (name[0]) {
    case 'b':
        if (is(name, "br"))
            return EL_BR;
        if (is(name, "body"))
            return EL_BODY;
        break;
    case 'c':
        if (is(name, "cr"))
            return EL_BR;
        break;
    case 'd':
        if (is(name, "del") || is(name, "delText") || is(name, "delInstrText"))
            return EL_NEVER_TEXT;
        break;
    case 'e':
        if (is(name, "endnote"))
            return EL_ENDNOTE;
        if (is(name, "endnoteReference"))
            return EL_ENDNOTE_REFERENCE;
        break;
    case 'f':
        if (is(name, "fldChar"))
            return EL_FLD_CHAR;
        if (is(name, "footnote"))
            return EL_FOOTNOTE;
        if (is(name, "footnoteReference"))
            return EL_FOOTNOTE_REFERENCE;
        break;
    case 'g':
        if (is(name, "gridSpan"))
            return EL_GRID_SPAN;
        if (is(name, "gridBefore"))
            return EL_GRID_BEFORE;
        if (is(name, "gridAfter"))
            return EL_GRID_AFTER;
        break;
    case 'i':
        if (is(name, "ilvl"))
            return EL_ILVL;
        if (is(name, "instrText"))
            return EL_NEVER_TEXT;
        break;
    case 'm':
        if (is(name, "moveFrom"))
            return EL_NEVER_TEXT;
        break;
    case 'n':
        if (is(name, "numId"))
            return EL_NUMID;
        if (is(name, "noBreakHyphen"))
            return EL_NO_BREAK_HYPHEN;
        break;
    case 'o':
        if (is(name, "outlineLvl"))
            return EL_OUTLINE_LVL;
        break;
    case 'p':
        if (!name[1])
            return EL_P;
        if (is(name, "pPr"))
            return EL_PPR;
        if (is(name, "pStyle"))
            return EL_PSTYLE;
        if (is(name, "pPrChange"))
            return EL_NEVER_TEXT;
        break;
    case 'r':
        if (!name[1])
            return EL_R;
        if (is(name, "rPr"))
            return EL_RPR;
        if (is(name, "rFonts"))
            return EL_RFONTS;
        if (is(name, "rPrChange"))
            return EL_NEVER_TEXT;
        break;
    case 's':
        if (is(name, "sym"))
            return EL_SYM;
        if (is(name, "sdtPr") || is(name, "sectPr"))
            return EL_NEVER_TEXT;
        break;
    case 't':
        if (!name[1])
            return EL_T;
        switch (name[1]) {
        case 'a':
            return is(name, "tab") ? EL_TAB : EL_OTHER;
        case 'b':
            if (is(name, "tbl"))
                return EL_TBL;
            if (is(name, "tblHeader"))
                return EL_TBL_HEADER;
            return is(name, "tblPrChange") ? EL_NEVER_TEXT : EL_OTHER;
        case 'c':
            if (!name[2])
                return EL_TC;
            return is(name, "tcPrChange") ? EL_NEVER_TEXT : EL_OTHER;
        case 'r':
            if (!name[2])
                return EL_TR;
            return is(name, "trPrChange") ? EL_NEVER_TEXT : EL_OTHER;
        }
        break;
    case 'v':
        if (is(name, "vanish"))
            return EL_VANISH;
        if (is(name, "vMerge"))
            return EL_V_MERGE;
        break;
    }
    return EL_OTHER;
}

static void start_element(docx_reader_t *r, docx_walk_t *w, element_t el,
                          bool empty)
{
    switch (el) {
    case EL_NEVER_TEXT:
        if (!empty)
            cancu_docx__skip(w);
        break;
    case EL_P:
        r->paragraphs++;
        r->p_depth++;
        if (r->p_depth == 1)
            reset_paragraph_properties(r);
        break;
    case EL_PPR:
        r->in_ppr = true;
        break;
    case EL_PSTYLE:
        if (r->in_ppr && r->p_depth == 1) {
            char *v = cancu_docx__attr(w, "val");

            free(r->p_style);
            r->p_style = v ? strdup(v) : NULL;
            r->p_font_known = false;
            xmlFree(v);
        }
        break;
    case EL_NUMID:
        if (r->in_ppr && r->p_depth == 1) {
            r->p_num_id = int_attr(w, "val", 0);
            r->p_has_num = true;
        }
        break;
    case EL_ILVL:
        if (r->in_ppr && r->p_depth == 1)
            r->p_ilvl = int_attr(w, "val", 0);
        break;
    case EL_OUTLINE_LVL:
        if (r->in_ppr && r->p_depth == 1) {
            int level = int_attr(w, "val", 9);

            r->p_outline = level >= 0 && level < 9 ? level + 1 : 0;
        }
        break;
    case EL_R:
        if (r->in_run)
            end_run(r);
        r->in_run = true;
        break;
    case EL_RPR:
        r->in_run_rpr = r->in_run && !r->in_ppr;
        break;
    case EL_RFONTS:
        if (r->in_run_rpr) {
            char *font = cancu_docx__attr(w, "ascii");

            if (!font)
                font = cancu_docx__attr(w, "hAnsi");
            free(r->run_font);
            r->run_font = font ? strdup(font) : NULL;
            xmlFree(font);
        }
        break;
    case EL_VANISH:
        if (r->in_run_rpr)
            r->run_hidden =
                !attr_is(w, "val", "0") && !attr_is(w, "val", "false");
        break;
    case EL_T:
        r->in_t = true;
        break;
    case EL_TAB:
        if (!r->in_ppr)
            append_text(r, "\t", 1);
        break;
    case EL_BR:
        append_text(r, "\n", 1);
        if (r->p_depth == 1 && attr_is(w, "type", "page"))
            r->p_page_break = true;
        break;
    case EL_NO_BREAK_HYPHEN:
        append_text(r, "-", 1);
        break;
    case EL_SYM:
        symbol(r, w);
        break;
    case EL_FOOTNOTE_REFERENCE:
        note_reference(r, w, false);
        break;
    case EL_ENDNOTE_REFERENCE:
        note_reference(r, w, true);
        break;
    case EL_FLD_CHAR:
        if (attr_is(w, "fldCharType", "begin")) {
            if (r->field_depth < DOCX_MAX_NESTING)
                r->field_instr[r->field_depth] = true;
            r->field_depth++;
        } else if (attr_is(w, "fldCharType", "separate")) {
            if (r->field_depth > 0 && r->field_depth <= DOCX_MAX_NESTING)
                r->field_instr[r->field_depth - 1] = false;
        } else if (attr_is(w, "fldCharType", "end")) {
            if (r->field_depth > 0)
                r->field_depth--;
        }
        break;
    case EL_TBL:
        r->tbl_depth++;
        break;
    case EL_TR:
        if (r->tbl_depth == 1) {
            r->row_line = r->paragraphs + 1;
            r->row_header = false;
            r->grid_before = r->grid_after = 0;
        }
        break;
    case EL_GRID_BEFORE:
    case EL_GRID_AFTER:
        if (r->tbl_depth == 1 && !r->in_cell) {
            int n = int_attr(w, "val", 0);

            n = n > 0 && n < DOCX_MAX_GRID_SKIP ? n : 0;
            if (el == EL_GRID_BEFORE)
                r->grid_before = n;
            else
                r->grid_after = n;
        }
        break;
    case EL_TBL_HEADER:
        if (r->tbl_depth == 1)
            r->row_header =
                !attr_is(w, "val", "0") && !attr_is(w, "val", "false");
        break;
    case EL_TC:
        if (r->tbl_depth == 1) {
            /* The row's first cell stands after the columns it skips. */
            if (!r->ncells)
                push_empty_cells(r, r->grid_before);
            r->in_cell = true;
            r->grid_span = 1;
            r->v_merge_continue = false;
            cancu_strbuf__clear(&r->cell);
            cancu_strbuf__clear(&r->cell_lines);
        }
        break;
    case EL_GRID_SPAN:
        if (r->tbl_depth == 1) {
            int n = int_attr(w, "val", 1);

            r->grid_span = n > 1 && n < DOCX_MAX_GRID_SKIP ? n : 1;
        }
        break;
    case EL_V_MERGE:
        if (r->tbl_depth == 1) {
            char *v = cancu_docx__attr(w, "val");

            r->v_merge_continue = !v || strcmp(v, "continue") == 0;
            xmlFree(v);
        }
        break;
    default:
        break;
    }
}

static void end_element(docx_reader_t *r, element_t el)
{
    switch (el) {
    case EL_P:
        if (r->in_run)
            end_run(r);
        end_paragraph(r);
        break;
    case EL_PPR:
        r->in_ppr = false;
        break;
    case EL_R:
        if (r->in_run)
            end_run(r);
        break;
    case EL_RPR:
        r->in_run_rpr = false;
        break;
    case EL_T:
        r->in_t = false;
        break;
    case EL_TC:
        if (r->tbl_depth == 1)
            end_cell(r);
        break;
    case EL_TR:
        if (r->tbl_depth == 1)
            end_row(r);
        break;
    case EL_TBL:
        if (r->tbl_depth == 1) {
            r->table_open = false;
            free_strings(r->above, r->nabove);
            free(r->above);
            r->above = NULL;
            r->nabove = 0;
        }
        if (r->tbl_depth > 0)
            r->tbl_depth--;
        break;
    default:
        break;
    }
}

/* mc:AlternateContent: read the first mc:Choice, or else mc:Fallback;
 * never both, so a text box is read once. */
static void alternate_element(docx_reader_t *r, docx_walk_t *w, int type,
                              const char *name, int depth, bool empty)
{
    if (strcmp(name, "AlternateContent") == 0) {
        if (type == XML_READER_TYPE_END_ELEMENT) {
            if (!empty && r->alt_depth > 0)
                r->alt_depth--;
        } else if (!empty && r->alt_depth < DOCX_MAX_NESTING) {
            r->alt[r->alt_depth].depth = depth;
            r->alt[r->alt_depth].chosen = false;
            r->alt_depth++;
        }
        return;
    }
    if (type == XML_READER_TYPE_ELEMENT &&
        (strcmp(name, "Choice") == 0 || strcmp(name, "Fallback") == 0) &&
        r->alt_depth > 0 && r->alt[r->alt_depth - 1].depth == depth - 1) {
        if (r->alt[r->alt_depth - 1].chosen) {
            if (!empty)
                cancu_docx__skip(w);
            return;
        }
        r->alt[r->alt_depth - 1].chosen = true;
    }
}

/* The container element: w:body, or a w:footnote / w:endnote. */
static void container_element(docx_reader_t *r, docx_walk_t *w, int type)
{
    if (type == XML_READER_TYPE_END_ELEMENT) {
        r->in_container = false;
        return;
    }
    if (*r->note) {
        /* Separators and continuation notices are not notes. */
        char *kind = cancu_docx__attr(w, "type");
        bool separator = kind && strcmp(kind, "normal") != 0;

        xmlFree(kind);
        if (separator) {
            cancu_docx__skip(w);
            return;
        }
        r->note_id = int_attr(w, "id", -1);
    }
    r->in_container = true;
}

static cancu_status_t on_node(docx_walk_t *w, int type, docx_ns_t ns,
                              const char *local, int depth, bool empty,
                              void *payload)
{
    docx_reader_t *r = payload;
    element_t el;

    if (type == XML_READER_TYPE_TEXT) {
        if (r->in_t && r->in_container) {
            const char *v = cancu_docx__value(w);

            append_text(r, v, strlen(v));
        }
        return r->status;
    }
    if (ns == DOCX_NS_MC) {
        alternate_element(r, w, type, local, depth, empty);
        return r->status;
    }
    if (ns != DOCX_NS_W)
        return r->status;
    el = element_of(local);
    if (el == r->container) {
        container_element(r, w, type);
        return r->status;
    }
    if (!r->in_container)
        return r->status;
    if (type == XML_READER_TYPE_ELEMENT)
        start_element(r, w, el, empty);
    else
        end_element(r, el);
    return r->status;
}

static void reader_dispose(docx_reader_t *r)
{
    for (int i = 0; i < DOCX_MAX_NESTING; i++)
        cancu_strbuf__dispose(&r->p_text[i]);
    cancu_strbuf__dispose(&r->cell);
    cancu_strbuf__dispose(&r->cell_lines);
    free_strings(r->lines, r->nlines);
    free(r->lines);
    cancu_strbuf__dispose(&r->run);
    free(r->p_style);
    free(r->run_font);
    free_strings(r->cells, r->ncells);
    free(r->cells);
    free(r->merged);
    free_strings(r->above, r->nabove);
    free(r->above);
    free_strings(r->deferred, r->ndeferred);
    free(r->deferred);
    free(r->anchors);
}

/* Get ready for the next part: everything but the note anchors. */
static void reader_reset(docx_reader_t *r, element_t container,
                         const char *note)
{
    anchor_t *anchors = r->anchors;
    size_t nanchors = r->nanchors, cap = r->anchors_cap;
    cancu_document_t *doc = r->doc;
    docx_package_t *pkg = r->pkg;
    size_t paragraphs = r->paragraphs;

    r->anchors = NULL;
    reader_dispose(r);
    memset(r, 0, sizeof *r);
    r->doc = doc;
    r->pkg = pkg;
    r->paragraphs = paragraphs;
    r->anchors = anchors;
    r->nanchors = nanchors;
    r->anchors_cap = cap;
    r->container = container;
    r->note = note;
}

static pthread_once_t libraries_ready = PTHREAD_ONCE_INIT;

/* libxml2 sets up its globals on first use, which must not race when
 * plans are read on several threads. */
static void set_up_libraries(void)
{
    xmlInitParser();
}

static const char *arena_copy(cancu_document_t *doc, const char *s)
{
    const char *copy = s ? cancu_arena__strdup(doc->arena, s) : "";

    return copy ? copy : "";
}

cancu_status_t cancu_docx__read(cancu_document_t *doc, const void *data,
                                size_t size)
{
    docx_package_t pkg;
    docx_reader_t r;
    docx_file_t file;
    cancu_status_t status;

    pthread_once(&libraries_ready, set_up_libraries);
    status = cancu_docx__open(&file, doc->path, data, size);
    if (status)
        return status;
    memset(&pkg, 0, sizeof pkg);
    memset(&r, 0, sizeof r);
    r.doc = doc;
    r.pkg = &pkg;
    r.container = EL_BODY;
    r.note = "";
    status = cancu_docx__load_package(&pkg, &file);
    if (!status)
        status =
            cancu_docx__walk(&file, "word/document.xml", true, on_node, &r);
    /* Notes after the body, each linked to the block that cites it. */
    if (!status) {
        reader_reset(&r, EL_FOOTNOTE, "footnote");
        status =
            cancu_docx__walk(&file, "word/footnotes.xml", false, on_node, &r);
    }
    if (!status) {
        reader_reset(&r, EL_ENDNOTE, "endnote");
        status =
            cancu_docx__walk(&file, "word/endnotes.xml", false, on_node, &r);
    }
    if (!status) {
        doc->created = arena_copy(doc, pkg.created);
        doc->modified = arena_copy(doc, pkg.modified);
        doc->property_title = arena_copy(doc, pkg.title);
    }
    reader_dispose(&r);
    cancu_docx__package_dispose(&pkg);
    cancu_docx__close(&file);
    if (!status && doc->nblocks == 0)
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "%s: DOCX has no text", doc->path);
    return status;
}
