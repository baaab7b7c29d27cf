/* cancu serve: /graph?ref=... draws what rests on a document and what
 * replaced or amended it, as an SVG inside the page (no script). */
#include <string.h>

#include "cli/serve/serve.h"

enum {
    GRAPH_WIDTH = 960,
    GRAPH_ROW = 56,
    GRAPH_BOX_WIDTH = 250,
    GRAPH_BOX_HEIGHT = 40,
    GRAPH_MAX_ROWS = 40,
    /* Characters of a label drawn in a box; the whole text is its
     * tooltip. */
    GRAPH_LABEL = 38,
};

/* The x of the left edge of each column's boxes. */
static const int column_x[3] = {10, 355, 700};

/* 'text' cut after GRAPH_LABEL characters (never inside one), escaped. */
static void label(cancu_strbuf_t *b, const char *text)
{
    size_t len = 0, chars = 0;

    while (text[len] && chars < GRAPH_LABEL) {
        len++;
        while (((unsigned char)text[len] & 0xC0) == 0x80)
            len++;
        chars++;
    }
    html_textn(b, text, len, false);
    if (text[len])
        cancu_strbuf__puts(b, "…");
}

/* The box at row 'row' of column 'col'; box_text closes it. */
static void box_begin(cancu_strbuf_t *b, int col, size_t row, const char *kind)
{
    cancu_strbuf__printf(b,
                         "<g class=\"node %s\"><rect x=\"%d\" y=\"%zu\" "
                         "width=\"%d\" height=\"%d\" rx=\"6\"></rect>",
                         kind, column_x[col], 20 + row * GRAPH_ROW,
                         GRAPH_BOX_WIDTH, GRAPH_BOX_HEIGHT);
}

static void box_text(cancu_strbuf_t *b, int col, size_t row, const char *first,
                     const char *second, const char *tooltip)
{
    cancu_strbuf__puts(b, "<title>");
    html_text(b, tooltip, false);
    cancu_strbuf__printf(b, "</title><text x=\"%d\" y=\"%zu\">",
                         column_x[col] + 8, 20 + row * GRAPH_ROW + 16);
    label(b, first);
    cancu_strbuf__printf(b, "</text><text class=\"meta\" x=\"%d\" y=\"%zu\">",
                         column_x[col] + 8, 20 + row * GRAPH_ROW + 32);
    label(b, second);
    cancu_strbuf__puts(b, "</text></g>");
}

static void edge(cancu_strbuf_t *b, int from_col, size_t from_row, int to_col,
                 size_t to_row, const char *kind, const char *word)
{
    int x1 = column_x[from_col] + GRAPH_BOX_WIDTH, x2 = column_x[to_col];
    size_t y1 = 20 + from_row * GRAPH_ROW + GRAPH_BOX_HEIGHT / 2;
    size_t y2 = 20 + to_row * GRAPH_ROW + GRAPH_BOX_HEIGHT / 2;

    cancu_strbuf__printf(b,
                         "<g class=\"edge %s\"><line x1=\"%d\" y1=\"%zu\" "
                         "x2=\"%d\" y2=\"%zu\"></line>"
                         "<text x=\"%d\" y=\"%zu\">",
                         kind, x1, y1, x2, y2, x1 + 6, (y1 + y2) / 2 - 4);
    html_text(b, word, false);
    cancu_strbuf__puts(b, "</text></g>\n");
}

/* What 'kind' says read from the source ('active') or from the target. */
static const char *relation_word(const serve_request_t *r, const char *kind,
                                 bool active)
{
    if (!active) {
        if (strcmp(kind, "replaces") == 0)
            return TR(r, "bị thay thế bởi", "replaced by");
        if (strcmp(kind, "amends") == 0)
            return TR(r, "được sửa đổi bởi", "amended by");
        if (strcmp(kind, "repeals") == 0)
            return TR(r, "bị bãi bỏ bởi", "repealed by");
        return kind;
    }
    if (strcmp(kind, "replaces") == 0)
        return TR(r, "thay thế", "replaces");
    if (strcmp(kind, "amends") == 0)
        return TR(r, "sửa đổi", "amends");
    if (strcmp(kind, "repeals") == 0)
        return TR(r, "bãi bỏ", "repeals");
    if (strcmp(kind, "expires") == 0)
        return TR(r, "hết hiệu lực", "expires");
    return kind;
}

/* The document at 'ref' of the cites: its match's index, or -1. */
static int match_of(const cancu_cites_t *c, const char *id)
{
    for (size_t i = 0; i < cancu_cites_match_count(c); i++)
        if (strcmp(cancu_cites_match_id(cancu_cites_match_get(c, i)), id) == 0)
            return (int)i;
    return -1;
}

/* How many of the cites' tasks belong to plan 'id'. */
static size_t plan_tasks(const cancu_cites_t *c, const char *id)
{
    const cancu_task_list_t *tasks = cancu_cites_tasks(c);
    size_t n = 0;

    for (size_t i = 0; i < cancu_task_list_count(tasks); i++)
        n += strcmp(cancu_task_plan(cancu_task_list_get(tasks, i)), id) == 0;
    return n;
}

static void document_box(cancu_strbuf_t *b, const serve_request_t *r, int col,
                         size_t row, const char *id, const char *title,
                         const char *status)
{
    cancu_strbuf__puts(b, "<a href=\"/graph?ref=");
    html_url(b, id);
    cancu_strbuf__printf(b, "%s\">", r->en ? "&amp;lang=en" : "");
    box_begin(b, col, row, "document");
    box_text(b, col, row, id, *status ? status : title, title);
    cancu_strbuf__puts(b, "</a>\n");
}

/* The picture: the documents acting on it (left), the matched documents
 * (middle), the plans resting on them (right). */
static void draw(cancu_strbuf_t *b, const serve_request_t *r,
                 const cancu_cites_t *c)
{
    size_t matches = cancu_cites_match_count(c), plans, others = 0;
    size_t rows, nrel = cancu_cites_relation_count(c);

    plans = cancu_cites_plan_count(c);
    for (size_t i = 0; i < nrel; i++) {
        const cancu_cites_relation_t *rel = cancu_cites_relation_get(c, i);

        others += match_of(c, cancu_cites_relation_target(rel)) >= 0 ||
                  match_of(c, cancu_cites_relation_source(rel)) >= 0;
    }
    rows = matches;
    if (plans > rows)
        rows = plans;
    if (others > rows)
        rows = others;
    if (rows > GRAPH_MAX_ROWS)
        rows = GRAPH_MAX_ROWS;
    cancu_strbuf__printf(b,
                         "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/"
                         "svg\" viewBox=\"0 0 %d %zu\" role=\"img\" "
                         "aria-label=\"%s\">\n",
                         GRAPH_WIDTH, 40 + rows * GRAPH_ROW,
                         TR(r, "Sơ đồ căn cứ", "Graph of legal bases"));
    for (size_t i = 0; i < matches && i < GRAPH_MAX_ROWS; i++) {
        const cancu_cites_match_t *m = cancu_cites_match_get(c, i);
        const char *status = cancu_cites_match_status(m);

        document_box(b, r, 1, i, cancu_cites_match_id(m),
                     cancu_cites_match_title(m),
                     *status ? serve_status_text(r, status) : "");
    }
    for (size_t i = 0, row = 0; i < nrel && row < GRAPH_MAX_ROWS; i++) {
        const cancu_cites_relation_t *rel = cancu_cites_relation_get(c, i);
        const char *source = cancu_cites_relation_source(rel);
        const char *target = cancu_cites_relation_target(rel);
        int on = match_of(c, target), from = match_of(c, source);
        const char *other = on >= 0 ? source : target;

        if (on < 0 && from < 0)
            continue;
        document_box(b, r, 0, row, other, cancu_cites_relation_text(rel), "");
        /* Drawn left to right whichever way it acts: the word says
         * which way ("replaces", "replaced by"). */
        edge(b, 0, row, 1, (size_t)(on >= 0 ? on : from),
             cancu_cites_relation_kind(rel),
             relation_word(r, cancu_cites_relation_kind(rel), on >= 0));
        row++;
    }
    for (size_t i = 0; i < plans && i < GRAPH_MAX_ROWS; i++) {
        const cancu_cites_plan_t *p = cancu_cites_plan_get(c, i);
        char count[64];

        snprintf(count, sizeof count, "%s · %zu %s", cancu_cites_plan_date(p),
                 plan_tasks(c, cancu_cites_plan_id(p)),
                 TR(r, "nhiệm vụ", "tasks"));
        edge(b, 1, 0, 2, i, "rests", TR(r, "căn cứ", "rests on"));
        cancu_strbuf__puts(b, "<a href=\"/plans/");
        html_url(b, cancu_cites_plan_id(p));
        cancu_strbuf__printf(b, "%s\">", r->en ? "?lang=en" : "");
        box_begin(b, 2, i, "plan");
        box_text(b, 2, i, cancu_cites_plan_title(p), count,
                 cancu_cites_plan_title(p));
        cancu_strbuf__puts(b, "</a>\n");
    }
    cancu_strbuf__puts(b, "</svg>\n");
}

void page_graph(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    bool missing;
    const char *ref = serve_required_arg(r, out, "ref", &missing);
    cancu_cites_options_t o = CANCU_CITES_OPTIONS_INIT;
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    cancu_cites_t *c = NULL;

    if (!ref && !missing)
        return;
    if (missing) {
        page_error(r, out, MHD_HTTP_BAD_REQUEST,
                   TR(r, "Hãy nêu văn bản: ?ref=", "Name a document: ?ref="));
        return;
    }
    o.limit = GRAPH_MAX_ROWS;
    archive = serve_archive_acquire(&slot);
    if (archive)
        status = cancu_archive_cites(&c, archive, ref, &o);
    serve_archive_release(slot);
    if (serve_read_failed(r, out, archive, status))
        return;
    html_begin(b, r, ref);
    cancu_strbuf__printf(b, "<h1>%s: ", TR(r, "Sơ đồ căn cứ", "Legal bases"));
    html_text(b, ref, false);
    cancu_strbuf__puts(b, "</h1>\n<p><a href=\"/cites?ref=");
    html_url(b, ref);
    cancu_strbuf__printf(b, "%s\">%s</a></p>\n", r->en ? "&amp;lang=en" : "",
                         TR(r, "Xem dạng danh sách", "As a list"));
    if (!cancu_cites_match_count(c))
        cancu_strbuf__printf(
            b, "<p>%s</p>\n",
            TR(r, "Không văn bản nào khớp.", "No document matches."));
    else
        draw(b, r, c);
    cancu_cites_destroy(c);
    html_end(b, r);
}
