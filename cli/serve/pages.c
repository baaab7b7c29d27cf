/* cancu serve: the pages and the JSON API, over the library's typed
 * results; the JSON API writes what the commands' --json writes. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/serve/serve.h"

static bool is_api(const serve_request_t *r)
{
    return strncmp(r->path, "/api/", 5) == 0;
}

static const char *lang_q(const serve_request_t *r)
{
    return r->en ? "&amp;lang=en" : "";
}

void page_error(const serve_request_t *r, serve_reply_t *out,
                unsigned int status, const char *message)
{
    cancu_strbuf__clear(&out->body);
    out->status = status;
    if (is_api(r)) {
        json_t *o =
            json_pack("{s:s, s:i}", "error", message, "status", (int)status);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;

        out->type = "application/json";
        cancu_strbuf__puts(&out->body, text ? text : "{}");
        free(text);
        json_decref(o);
        return;
    }
    out->type = "text/html; charset=utf-8";
    html_begin(&out->body, r, TR(r, "Lỗi", "Error"));
    cancu_strbuf__printf(&out->body, "<p class=\"error\">%u — ", status);
    html_text(&out->body, message, false);
    cancu_strbuf__puts(&out->body, "</p>\n");
    html_end(&out->body, r);
}

/* The library's last message for the reply: English for the JSON API
 * (what programs read stays the same whatever the locale) and for an
 * English page, else in the server's locale. */
const char *serve_library_message(const serve_request_t *r)
{
    return is_api(r) || r->en ? cancu_error_last_english() : cancu_error_last();
}

/* The library's message for 'status', as an error reply. */
void serve_fail(const serve_request_t *r, serve_reply_t *out,
                cancu_status_t status)
{
    const char *msg = serve_library_message(r);
    unsigned int code = MHD_HTTP_INTERNAL_SERVER_ERROR;

    if (cli_exit_code(status) == CLI_EXIT_BAD_INPUT)
        code = status == CANCU_STATUS_NOT_FOUND ? MHD_HTTP_NOT_FOUND
                                                : MHD_HTTP_BAD_REQUEST;
    page_error(r, out, code, *msg ? msg : cancu_status_to_string(status));
}

void serve_no_archive(const serve_request_t *r, serve_reply_t *out)
{
    page_error(r, out, MHD_HTTP_SERVICE_UNAVAILABLE,
               TR(r, "Chưa có kho: hãy chạy 'cancu ingest' trước.",
                  "No archive yet: run 'cancu ingest' first."));
}

bool serve_read_failed(const serve_request_t *r, serve_reply_t *out,
                       const cancu_archive_t *archive, cancu_status_t status)
{
    if (!archive)
        serve_no_archive(r, out);
    else if (status)
        serve_fail(r, out, status);
    return !archive || status;
}

static void reply_json(serve_reply_t *out, json_t *root)
{
    char *text =
        root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

    out->type = "application/json";
    if (!text) {
        out->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        cancu_strbuf__puts(&out->body, "{\"error\": \"out of memory\"}");
    } else {
        cancu_strbuf__puts(&out->body, text);
        cancu_strbuf__putc(&out->body, '\n');
    }
    free(text);
    json_decref(root);
}

/* Reply with what 'print' writes through the CLI's JSON printer: the
 * same bytes as the command's --json. */
static void reply_printed(serve_reply_t *out,
                          void (*print)(sprinter_t *, const void *),
                          const void *value)
{
    char *text = NULL;
    size_t len = 0;
    FILE *stream = open_memstream(&text, &len);
    sprinter_t *sp = stream ? sprinter_json_create(stream) : NULL;
    int failed = 1;

    if (sp) {
        print(sp, value);
        failed = sp->finish(sp);
    }
    if (stream && fclose(stream) != 0)
        failed = 1;
    out->type = "application/json";
    if (failed || !text) {
        out->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
        cancu_strbuf__puts(&out->body, "{\"error\": \"out of memory\"}");
    } else {
        cancu_strbuf__append(&out->body, text, len);
    }
    free(text);
}

static void print_tasks(sprinter_t *sp, const void *list)
{
    cli_print_tasks_json(sp, list);
}

static void print_cites(sprinter_t *sp, const void *cites)
{
    cli_print_cites_json(sp, cites);
}

/* A query argument that must be there and not too long; NULL after
 * replying with the error. */
const char *serve_required_arg(const serve_request_t *r, serve_reply_t *out,
                               const char *name, bool *missing)
{
    const char *v = serve_arg(r, name);

    *missing = !v || !*v;
    if (v && strlen(v) > SERVE_MAX_QUERY) {
        page_error(r, out, MHD_HTTP_URI_TOO_LONG,
                   TR(r, "Câu tìm dài quá.", "The query is too long."));
        return NULL;
    }
    return v;
}

/* What rests on 'typed': one page of plans, snippets marked. */
static cancu_status_t cites_query(cancu_cites_t **out, cancu_archive_t *archive,
                                  const char *typed, const char *mark_start,
                                  const char *mark_end, size_t offset,
                                  size_t limit)
{
    cancu_cites_options_t o = CANCU_CITES_OPTIONS_INIT;

    o.highlight_start = mark_start;
    o.highlight_end = mark_end;
    o.offset = offset;
    o.limit = limit;
    return cancu_archive_cites(out, archive, typed, &o);
}

static void search_form(cancu_strbuf_t *b, const serve_request_t *r,
                        const char *action, const char *name, const char *value,
                        const char *placeholder)
{
    cancu_strbuf__printf(b,
                         "<form class=\"search\" action=\"%s\" method=\"get\""
                         " role=\"search\">\n<input type=\"search\" "
                         "name=\"%s\" value=\"",
                         action, name);
    html_text(b, value, false);
    cancu_strbuf__puts(b, "\" placeholder=\"");
    html_text(b, placeholder, false);
    cancu_strbuf__puts(b, "\" aria-label=\"");
    html_text(b, placeholder, false);
    cancu_strbuf__puts(b, "\">\n");
    if (r->en)
        cancu_strbuf__puts(b, "<input type=\"hidden\" name=\"lang\" "
                              "value=\"en\">\n");
    cancu_strbuf__printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
                         TR(r, "Tìm", "Search"));
}

static void plan_link(cancu_strbuf_t *b, const serve_request_t *r,
                      const char *id, const char *title)
{
    cancu_strbuf__puts(b, "<a href=\"/plans/");
    html_url(b, id);
    cancu_strbuf__printf(b, "%s\">", r->en ? "?lang=en" : "");
    html_text(b, *title ? title : id, false);
    cancu_strbuf__puts(b, "</a>");
}

/* The lead (or partner) units of a task, joined by "; ". */
static void join_units(cancu_strbuf_t *b, const cancu_task_t *t, size_t n,
                       const char *(*unit)(const cancu_task_t *, size_t))
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            cancu_strbuf__puts(b, "; ");
        html_text(b, unit(t, i), false);
    }
}

/* One row of a task table: number, (plan), area, task, lead, partners,
 * deadlines. */
static void task_row(cancu_strbuf_t *b, const serve_request_t *r,
                     const cancu_task_t *t, bool with_plan)
{
    bool first = true;

    cancu_strbuf__puts(b, "<tr class=\"task\" data-no=\"");
    html_text(b, cancu_task_no(t), false);
    cancu_strbuf__puts(b, "\"><td>");
    html_text(b, cancu_task_no(t), false);
    cancu_strbuf__puts(b, "</td>");
    if (with_plan) {
        cancu_strbuf__puts(b, "<td>");
        plan_link(b, r, cancu_task_plan(t), cancu_task_plan_title(t));
        cancu_strbuf__puts(b, "</td>");
    }
    cancu_strbuf__puts(b, "<td>");
    html_text(b, cancu_task_area(t), false);
    cancu_strbuf__puts(b, "</td><td>");
    html_text(b, cancu_task_text(t), false);
    cancu_strbuf__puts(b, "</td><td>");
    join_units(b, t, cancu_task_lead_count(t), cancu_task_lead);
    cancu_strbuf__puts(b, "</td><td>");
    join_units(b, t, cancu_task_partner_count(t), cancu_task_partner);
    cancu_strbuf__puts(b, "</td><td>");
    for (size_t k = 0; k < cancu_task_activity_count(t); k++) {
        const char *when =
            cancu_activity_deadline_text(cancu_task_activity(t, k));

        if (!when || !*when)
            continue;
        if (!first)
            cancu_strbuf__puts(b, "<br>");
        html_text(b, when, false);
        first = false;
    }
    cancu_strbuf__puts(b, "</td></tr>\n");
}

static void tasks_head(cancu_strbuf_t *b, const serve_request_t *r,
                       bool with_plan)
{
    cancu_strbuf__printf(
        b,
        "<table class=\"tasks\">\n<thead><tr><th>%s</th>%s<th>%s</th>"
        "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
        TR(r, "STT", "No."),
        with_plan ? TR(r, "<th>Kế hoạch</th>", "<th>Plan</th>") : "",
        TR(r, "Lĩnh vực", "Area"), TR(r, "Nhiệm vụ", "Task"),
        TR(r, "Chủ trì", "Lead"), TR(r, "Phối hợp", "Partners"),
        TR(r, "Thời hạn", "Deadline"));
}

/* A table of tasks: number, area, task, lead, partners, deadlines. */
static void tasks_table(cancu_strbuf_t *b, const serve_request_t *r,
                        const cancu_task_list_t *tasks, bool with_plan)
{
    size_t n = cancu_task_list_count(tasks);

    if (!n)
        return;
    tasks_head(b, r, with_plan);
    for (size_t i = 0; i < n; i++)
        task_row(b, r, cancu_task_list_get(tasks, i), with_plan);
    cancu_strbuf__puts(b, "</tbody>\n</table>\n");
}

/* The tasks due this month, as HTML: finding them reads every task due
 * in the month (the library filters deadlines task by task), so the
 * section is kept, in both languages, until the month changes or, after a
 * commit, for at most DUE_STALE_SECONDS: the scan runs at most once a
 * minute whatever the requests and the commits, never once per request.
 * One request scans at a time; while it does, the others show the
 * month's section kept (the home pages of the 60th second after a commit
 * each scanned, 6 at once, 1.1-1.8 s each under the bench's load). */
#define DUE_STALE_SECONDS 60

static struct {
    pthread_mutex_t lock;
    unsigned long generation;
    time_t computed;
    char month[8];
    char *html[2];
    bool scanning;
} due_cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

static void due_table(cancu_strbuf_t *b, const serve_request_t *r,
                      const cancu_task_list_t *due)
{
    if (due && cancu_task_list_count(due))
        tasks_table(b, r, due, true);
    else
        cancu_strbuf__printf(b, "<p>%s</p>\n", TR(r, "Không có.", "None."));
}

static void due_this_month(cancu_strbuf_t *b, const serve_request_t *r,
                           cancu_archive_t *archive, unsigned long generation)
{
    char month[8];
    time_t now = time(NULL);
    struct tm tm;
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    cancu_task_list_t *due = NULL;
    cancu_strbuf_t html[2] = {CANCU_STRBUF_INIT, CANCU_STRBUF_INIT};
    serve_request_t other = *r;
    int lang = r->en ? 1 : 0;

    localtime_r(&now, &tm);
    strftime(month, sizeof month, "%Y-%m", &tm);
    cancu_strbuf__printf(
        b, "<h2>%s (%s)</h2>\n",
        TR(r, "Thời hạn trong tháng này", "Deadlines due this month"), month);
    pthread_mutex_lock(&due_cache.lock);
    if (due_cache.html[lang] && strcmp(due_cache.month, month) == 0 &&
        (due_cache.generation == generation ||
         now - due_cache.computed < DUE_STALE_SECONDS || due_cache.scanning)) {
        cancu_strbuf__puts(b, due_cache.html[lang]);
        pthread_mutex_unlock(&due_cache.lock);
        return;
    }
    due_cache.scanning = true;
    pthread_mutex_unlock(&due_cache.lock);
    q.due_within = month;
    q.limit = 20;
    if (cancu_archive_tasks(&due, archive, &q)) {
        cancu_task_list_destroy(due);
        due = NULL;
    }
    other.en = !r->en;
    due_table(&html[lang], r, due);
    due_table(&html[!lang], &other, due);
    cancu_task_list_destroy(due);
    cancu_strbuf__append(b, cancu_strbuf__cstr(&html[lang]), html[lang].len);
    pthread_mutex_lock(&due_cache.lock);
    due_cache.scanning = false;
    if (!html[0].failed && !html[1].failed) {
        for (int k = 0; k < 2; k++) {
            free(due_cache.html[k]);
            due_cache.html[k] = cancu_strbuf__detach(&html[k]);
        }
        due_cache.generation = generation;
        due_cache.computed = now;
        memcpy(due_cache.month, month, sizeof month);
    }
    pthread_mutex_unlock(&due_cache.lock);
    cancu_strbuf__dispose(&html[0]);
    cancu_strbuf__dispose(&html[1]);
}

/* The archive at a glance, from the index's terms alone: plans by year,
 * the documents most plans cite. */
static void home_glance(cancu_strbuf_t *b, const serve_request_t *r,
                        const cancu_facets_t *facets)
{
    size_t years = cancu_facets_count(facets, CANCU_FACET_YEAR);
    size_t cited = cancu_facets_count(facets, CANCU_FACET_CITES);

    /* Every year, but only the ten most cited documents. */
    if (cited > 10)
        cited = 10;

    cancu_strbuf__printf(b, "<section>\n<h2>%s</h2>\n",
                         TR(r, "Kế hoạch theo năm", "Plans by year"));
    for (size_t i = 0; i < years; i++) {
        const cancu_facet_t *f = cancu_facets_get(facets, CANCU_FACET_YEAR, i);

        cancu_strbuf__puts(b, "<h3>");
        html_text(b, cancu_facet_label(f), false);
        cancu_strbuf__puts(b, "</h3>\n<p><a href=\"/search?q=&amp;year=");
        html_url(b, cancu_facet_value(f));
        cancu_strbuf__printf(b, "%s\">%zu %s</a></p>\n", lang_q(r),
                             cancu_facet_matches(f),
                             TR(r, "kế hoạch", "plans"));
    }
    if (!years)
        cancu_strbuf__printf(b, "<p>%s</p>\n", TR(r, "Không có.", "None."));
    cancu_strbuf__printf(
        b, "<p><a href=\"/plans%s\">%s</a></p>\n</section>\n<section>\n",
        r->en ? "?lang=en" : "", TR(r, "Mọi kế hoạch »", "Every plan »"));
    cancu_strbuf__printf(
        b, "<h2>%s</h2>\n<p class=\"meta\">%s</p>\n<ol class=\"cited\">\n",
        TR(r, "Văn bản được dẫn nhiều nhất", "The most cited documents"),
        TR(r, "Số kế hoạch dẫn văn bản", "Plans citing the document"));
    for (size_t i = 0; i < cited; i++) {
        const cancu_facet_t *f = cancu_facets_get(facets, CANCU_FACET_CITES, i);

        cancu_strbuf__puts(b, "<li><a href=\"/cites?ref=");
        html_url(b, cancu_facet_value(f));
        cancu_strbuf__printf(b, "%s\">", lang_q(r));
        html_text(b, cancu_facet_label(f), false);
        cancu_strbuf__printf(b, "</a> <span class=\"count\">%zu</span></li>\n",
                             cancu_facet_matches(f));
    }
    cancu_strbuf__puts(b, "</ol>\n</section>\n");
}

void page_home(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    serve_slot_t *slot;
    cancu_archive_t *archive = serve_archive_acquire(&slot);
    unsigned long generation = serve_archive_generation();
    cancu_facets_options_t o = CANCU_FACETS_OPTIONS_INIT;
    cancu_facets_t *facets = NULL;

    html_begin(b, r, TR(r, "Trang chủ", "Home"));
    cancu_strbuf__printf(b, "<h1>%s</h1>\n",
                         TR(r, "Kho kế hoạch", "The plan archive"));
    search_form(b, r, "/search", "q", "",
                TR(r, "Tìm trong kế hoạch (gõ có dấu hay không dấu)",
                   "Search the plans (accents optional)"));
    o.fields = 1u << CANCU_FACET_YEAR | 1u << CANCU_FACET_CITES;
    o.limit = 0;
    if (!archive || cancu_search_facets(&facets, archive, NULL, &o) ||
        !cancu_facets_count(facets, CANCU_FACET_YEAR)) {
        cancu_strbuf__printf(b, "<p>%s</p>\n",
                             TR(r, "Kho chưa có kế hoạch nào.",
                                "The archive holds no plan yet."));
    } else {
        cancu_strbuf__puts(b, "<div class=\"cols\">\n");
        home_glance(b, r, facets);
        cancu_strbuf__puts(b, "<section>\n");
        due_this_month(b, r, archive, generation);
        cancu_strbuf__puts(b, "</section>\n</div>\n");
    }
    cancu_facets_destroy(facets);
    serve_archive_release(slot);
    html_end(b, r);
}

static void pager(cancu_strbuf_t *b, const serve_request_t *r, const char *base,
                  const char *name, const char *value, size_t offset,
                  size_t limit, size_t total)
{
    cancu_strbuf__puts(b, "<p class=\"pager\">");
    if (offset) {
        cancu_strbuf__printf(b, "<a rel=\"prev\" href=\"%s?%s=", base, name);
        html_url(b, value);
        cancu_strbuf__printf(b, "&amp;offset=%zu%s\">%s</a>",
                             offset > limit ? offset - limit : 0, lang_q(r),
                             TR(r, "« Trước", "« Previous"));
    }
    if (offset + limit < total) {
        cancu_strbuf__printf(b, "<a rel=\"next\" href=\"%s?%s=", base, name);
        html_url(b, value);
        cancu_strbuf__printf(b, "&amp;offset=%zu%s\">%s</a>", offset + limit,
                             lang_q(r), TR(r, "Sau »", "Next »"));
    }
    cancu_strbuf__puts(b, "</p>\n");
}

/* The facets a search page narrows by, as URL arguments of their own
 * (?year=2024): each becomes FIELD:"=VALUE" in the library's query. */
static const cancu_facet_field_t page_facets[] = {
    CANCU_FACET_YEAR, CANCU_FACET_ISSUER, CANCU_FACET_LEAD, CANCU_FACET_AREA};
#define NPAGE_FACETS (sizeof page_facets / sizeof *page_facets)

static const char *facet_title(const serve_request_t *r,
                               cancu_facet_field_t field)
{
    switch (field) {
    case CANCU_FACET_YEAR:
        return TR(r, "Năm", "Year");
    case CANCU_FACET_ISSUER:
        return TR(r, "Cơ quan ban hành", "Issuer");
    case CANCU_FACET_LEAD:
        return TR(r, "Đơn vị chủ trì", "Lead unit");
    case CANCU_FACET_AREA:
        return TR(r, "Lĩnh vực", "Area");
    default:
        return TR(r, "Văn bản được dẫn", "Cited document");
    }
}

/* A search as the request asks for it: the words typed and the facet
 * values chosen, and the library's query made of both. */
typedef struct search_ask {
    const char *q;                    /* "" when only facets are chosen */
    const char *chosen[NPAGE_FACETS]; /* NULL when not chosen */
    cancu_strbuf_t query;
} search_ask_t;

/* Read q and the facet arguments: false after replying with the error
 * (too long, a quote that no value holds); *empty when there is nothing
 * to search for. */
static bool search_ask(const serve_request_t *r, serve_reply_t *out,
                       search_ask_t *a, bool *empty)
{
    bool missing;

    memset(a, 0, sizeof *a);
    a->q = serve_required_arg(r, out, "q", &missing);
    if (!a->q && !missing)
        return false;
    if (!a->q)
        a->q = "";
    *empty = missing;
    cancu_strbuf__puts(&a->query, a->q);
    /* A quote the words left open is closed, or it would take the facets
     * in as words. */
    {
        size_t quotes = 0;

        for (const char *c = a->q; *c; c++)
            quotes += *c == '"';
        if (quotes % 2)
            cancu_strbuf__putc(&a->query, '"');
    }
    for (size_t k = 0; k < NPAGE_FACETS; k++) {
        const char *name = cancu_facet_field_name(page_facets[k]);
        const char *v = serve_required_arg(r, out, name, &missing);

        if (!v && !missing) {
            cancu_strbuf__dispose(&a->query);
            return false;
        }
        if (missing)
            continue;
        if (strchr(v, '"')) {
            page_error(r, out, MHD_HTTP_BAD_REQUEST,
                       TR(r, "Giá trị lọc không được chứa dấu \".",
                          "A facet value cannot hold a \"."));
            cancu_strbuf__dispose(&a->query);
            return false;
        }
        a->chosen[k] = v;
        *empty = false;
        cancu_strbuf__printf(&a->query, "%s%s:\"=%s\"", a->query.len ? " " : "",
                             name, v);
    }
    if (a->query.failed) {
        page_error(r, out, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
        cancu_strbuf__dispose(&a->query);
        return false;
    }
    return true;
}

/* The URL of the search 'a' with facet 'field' set to 'value' (NULL:
 * removed; 'field' past the facets: as it is), at 'offset'. */
static void search_url(cancu_strbuf_t *b, const serve_request_t *r,
                       const search_ask_t *a, size_t field, const char *value,
                       size_t offset)
{
    cancu_strbuf__puts(b, "/search?q=");
    html_url(b, a->q);
    for (size_t k = 0; k < NPAGE_FACETS; k++) {
        const char *v = k == field ? value : a->chosen[k];

        if (!v)
            continue;
        cancu_strbuf__printf(
            b, "&amp;%s=", cancu_facet_field_name(page_facets[k]));
        html_url(b, v);
    }
    if (offset)
        cancu_strbuf__printf(b, "&amp;offset=%zu", offset);
    cancu_strbuf__puts(b, lang_q(r));
}

/* The label of the chosen value of facet 'k', from the counts. */
static const char *chosen_label(const search_ask_t *a,
                                const cancu_facets_t *facets, size_t k)
{
    cancu_facet_field_t field = page_facets[k];

    for (size_t i = 0; facets && i < cancu_facets_count(facets, field); i++) {
        const cancu_facet_t *f = cancu_facets_get(facets, field, i);

        if (strcmp(cancu_facet_value(f), a->chosen[k]) == 0)
            return cancu_facet_label(f);
    }
    return a->chosen[k];
}

/* What narrows the search now, each with a link that takes it away. */
static void chosen_facets(cancu_strbuf_t *b, const serve_request_t *r,
                          const search_ask_t *a, const cancu_facets_t *facets)
{
    bool any = false;

    for (size_t k = 0; k < NPAGE_FACETS; k++) {
        if (!a->chosen[k])
            continue;
        if (!any)
            cancu_strbuf__printf(b, "<p class=\"chosen\">%s ",
                                 TR(r, "Đang lọc:", "Narrowed to:"));
        any = true;
        cancu_strbuf__printf(b, "<span class=\"chip\" data-field=\"%s\">%s: ",
                             cancu_facet_field_name(page_facets[k]),
                             facet_title(r, page_facets[k]));
        html_text(b, chosen_label(a, facets, k), false);
        cancu_strbuf__puts(b, " <a class=\"remove\" href=\"");
        search_url(b, r, a, k, NULL, 0);
        cancu_strbuf__printf(b,
                             "\" title=\"%s\" aria-label=\"%s\">×</a>"
                             "</span> ",
                             TR(r, "Bỏ lọc này", "Remove this filter"),
                             TR(r, "Bỏ lọc này", "Remove this filter"));
    }
    if (any)
        cancu_strbuf__puts(b, "</p>\n");
}

/* Each facet's values with their counts, each a link that narrows. */
static void facet_lists(cancu_strbuf_t *b, const serve_request_t *r,
                        const search_ask_t *a, const cancu_facets_t *facets)
{
    cancu_strbuf__printf(
        b,
        "<aside class=\"facets\" aria-label=\"%s\">\n"
        "<p class=\"meta\">%s</p>\n",
        TR(r, "Thu hẹp kết quả", "Narrow the results"),
        TR(r, "Số kế hoạch và nhiệm vụ khớp", "Matching plans and tasks"));
    for (size_t k = 0; k < NPAGE_FACETS; k++) {
        cancu_facet_field_t field = page_facets[k];
        size_t n = cancu_facets_count(facets, field);

        if (!n)
            continue;
        cancu_strbuf__printf(b,
                             "<section class=\"facet\" data-field=\"%s\">\n"
                             "<h2>%s</h2>\n<ul>\n",
                             cancu_facet_field_name(field),
                             facet_title(r, field));
        for (size_t i = 0; i < n; i++) {
            const cancu_facet_t *f = cancu_facets_get(facets, field, i);
            bool on =
                a->chosen[k] && strcmp(a->chosen[k], cancu_facet_value(f)) == 0;

            cancu_strbuf__puts(b, on ? "<li class=\"on\">" : "<li><a href=\"");
            if (!on) {
                search_url(b, r, a, k, cancu_facet_value(f), 0);
                cancu_strbuf__puts(b, "\">");
            }
            html_text(b, cancu_facet_label(f), false);
            cancu_strbuf__printf(b,
                                 "%s <span class=\"count\">%zu</span></li>\n",
                                 on ? "" : "</a>", cancu_facet_matches(f));
        }
        if (cancu_facets_total(facets, field) > n)
            cancu_strbuf__printf(b, "<li class=\"meta\">%s %zu</li>\n",
                                 TR(r, "… và thêm", "… and"),
                                 cancu_facets_total(facets, field) - n);
        cancu_strbuf__puts(b, "</ul>\n</section>\n");
    }
    cancu_strbuf__puts(b, "</aside>\n");
}

static void search_pager(cancu_strbuf_t *b, const serve_request_t *r,
                         const search_ask_t *a, size_t offset, size_t limit,
                         size_t total)
{
    cancu_strbuf__puts(b, "<p class=\"pager\">");
    if (offset) {
        cancu_strbuf__puts(b, "<a rel=\"prev\" href=\"");
        search_url(b, r, a, NPAGE_FACETS, NULL,
                   offset > limit ? offset - limit : 0);
        cancu_strbuf__printf(b, "\">%s</a>", TR(r, "« Trước", "« Previous"));
    }
    if (offset + limit < total) {
        cancu_strbuf__puts(b, "<a rel=\"next\" href=\"");
        search_url(b, r, a, NPAGE_FACETS, NULL, offset + limit);
        cancu_strbuf__printf(b, "\">%s</a>", TR(r, "Sau »", "Next »"));
    }
    cancu_strbuf__puts(b, "</p>\n");
}

/* The search box, the chosen facets kept as hidden fields. */
static void search_page_form(cancu_strbuf_t *b, const serve_request_t *r,
                             const search_ask_t *a)
{
    cancu_strbuf__puts(b, "<form class=\"search\" action=\"/search\" "
                          "method=\"get\" role=\"search\">\n"
                          "<input type=\"search\" name=\"q\" value=\"");
    html_text(b, a->q, false);
    cancu_strbuf__printf(b, "\" placeholder=\"%s\" aria-label=\"%s\">\n",
                         TR(r, "Tìm trong kế hoạch", "Search the plans"),
                         TR(r, "Tìm trong kế hoạch", "Search the plans"));
    for (size_t k = 0; k < NPAGE_FACETS; k++) {
        if (!a->chosen[k])
            continue;
        cancu_strbuf__printf(b, "<input type=\"hidden\" name=\"%s\" value=\"",
                             cancu_facet_field_name(page_facets[k]));
        html_text(b, a->chosen[k], false);
        cancu_strbuf__puts(b, "\">\n");
    }
    if (r->en)
        cancu_strbuf__puts(b, "<input type=\"hidden\" name=\"lang\" "
                              "value=\"en\">\n");
    cancu_strbuf__printf(b, "<button type=\"submit\">%s</button>\n</form>\n",
                         TR(r, "Tìm", "Search"));
}

void page_search(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    bool empty;
    search_ask_t a;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_results_t *results = NULL;
    cancu_facets_t *facets = NULL;
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status;

    if (!search_ask(r, out, &a, &empty))
        return;
    if (empty) {
        html_begin(b, r, TR(r, "Tìm kiếm", "Search"));
        search_form(b, r, "/search", "q", "",
                    TR(r, "Tìm trong kế hoạch (gõ có dấu hay không dấu)",
                       "Search the plans (accents optional)"));
        html_end(b, r);
        cancu_strbuf__dispose(&a.query);
        return;
    }
    o.offset = serve_count_arg(r, "offset", 0, 100000);
    o.limit = 20;
    o.highlight_start = SERVE_MARK_START;
    o.highlight_end = SERVE_MARK_END;
    archive = serve_archive_acquire(&slot);
    if (!archive) {
        serve_archive_release(slot);
        serve_no_archive(r, out);
        cancu_strbuf__dispose(&a.query);
        return;
    }
    status = cancu_search(&results, archive, a.query.data, &o);
    if (!status)
        status = cancu_search_facets(&facets, archive, a.query.data, NULL);
    serve_archive_release(slot);
    if (status) {
        cancu_results_destroy(results);
        serve_fail(r, out, status);
        cancu_strbuf__dispose(&a.query);
        return;
    }
    html_begin(b, r, *a.q ? a.q : TR(r, "Tìm kiếm", "Search"));
    search_page_form(b, r, &a);
    chosen_facets(b, r, &a, facets);
    cancu_strbuf__puts(b, "<div class=\"with-facets\">\n");
    facet_lists(b, r, &a, facets);
    cancu_strbuf__printf(
        b,
        "<div class=\"results\">\n<p class=\"meta\" id=\"total\">%s %zu</p>\n",
        TR(r, "Khoảng số đoạn khớp:", "Matching passages, about"),
        cancu_results_total(results));
    for (size_t i = 0; i < cancu_results_count(results); i++) {
        const cancu_hit_t *h = cancu_results_get(results, i);

        cancu_strbuf__printf(b,
                             "<article class=\"hit %s\">\n<p class=\"meta\">",
                             strcmp(cancu_hit_kind(h), "row") == 0 ||
                                     strcmp(cancu_hit_kind(h), "task") == 0
                                 ? "task"
                                 : "passage");
        plan_link(b, r, cancu_hit_plan(h), cancu_hit_plan_title(h));
        if (*cancu_hit_section(h)) {
            cancu_strbuf__puts(b, " — ");
            html_text(b, cancu_hit_section(h), false);
        }
        cancu_strbuf__printf(b, " — %s %zu</p>\n<p class=\"snippet\">",
                             TR(r, "dòng", "line"), cancu_hit_line(h));
        html_text(b, cancu_hit_snippet(h), true);
        cancu_strbuf__puts(b, "</p>\n</article>\n");
    }
    if (!cancu_results_count(results))
        cancu_strbuf__printf(
            b, "<p>%s</p>\n",
            TR(r, "Không có đoạn nào khớp.", "No passage matches."));
    search_pager(b, r, &a, o.offset, o.limit, cancu_results_total(results));
    cancu_strbuf__puts(b, "</div>\n</div>\n");
    cancu_facets_destroy(facets);
    cancu_results_destroy(results);
    cancu_strbuf__dispose(&a.query);
    html_end(b, r);
}

void api_search(const serve_request_t *r, serve_reply_t *out)
{
    bool empty;
    search_ask_t a;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_results_t *results = NULL;
    cancu_facets_t *facets = NULL;
    const char *with = serve_arg(r, "facets");
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status;
    json_t *root;

    if (!search_ask(r, out, &a, &empty))
        return;
    if (empty) {
        page_error(r, out, MHD_HTTP_BAD_REQUEST, "give a query: ?q=");
        cancu_strbuf__dispose(&a.query);
        return;
    }
    o.offset = serve_count_arg(r, "offset", 0, 100000);
    o.limit = serve_count_arg(r, "limit", 10, 1000);
    o.highlight_start = "<mark>";
    o.highlight_end = "</mark>";
    archive = serve_archive_acquire(&slot);
    status = archive ? cancu_search(&results, archive, a.query.data, &o)
                     : CANCU_STATUS_SUCCESS;
    if (archive && !status && with && strcmp(with, "1") == 0)
        status = cancu_search_facets(&facets, archive, a.query.data, NULL);
    serve_archive_release(slot);
    if (!serve_read_failed(r, out, archive, status)) {
        root = cli_results_json(results, a.query.data, o.offset);
        if (root && facets)
            json_object_set_new(root, "facets", cli_facets_json(facets));
        reply_json(out, root);
    }
    cancu_facets_destroy(facets);
    cancu_results_destroy(results);
    cancu_strbuf__dispose(&a.query);
}

const char *serve_status_text(const serve_request_t *r, const char *status)
{
    static const struct {
        const char *key, *vi, *en;
    } names[] = {
        {"in_force", "còn hiệu lực", "in force"},
        {"in-force", "còn hiệu lực", "in force"},
        {"replaced", "đã bị thay thế", "replaced"},
        {"repealed", "đã bị bãi bỏ", "repealed"},
        {"expired", "hết hiệu lực", "expired"},
        {"amended", "đã được sửa đổi", "amended"},
        {"unknown", "chưa rõ", "unknown"},
    };

    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(names[i].key, status) == 0)
            return TR(r, names[i].vi, names[i].en);
    return status;
}

/* The documents 'typed' matched: type, key, title, date, status. */
static void cites_matches(cancu_strbuf_t *b, const serve_request_t *r,
                          const cancu_cites_t *c)
{
    size_t n = cancu_cites_match_count(c);

    if (!n)
        cancu_strbuf__printf(b, "<p>%s</p>\n",
                             TR(r,
                                "Không kế hoạch nào trong kho dẫn văn bản "
                                "này.",
                                "No plan in the archive cites it."));
    if (n > 1)
        cancu_strbuf__printf(
            b, "<p>%s</p>\n",
            TR(r, "Có nhiều văn bản khớp:", "Several documents match:"));
    for (size_t i = 0; i < n; i++) {
        const cancu_cites_match_t *m = cancu_cites_match_get(c, i);

        cancu_strbuf__puts(b, "<section class=\"match\">\n<h2>");
        html_text(b, cancu_cites_match_type(m), false);
        cancu_strbuf__puts(b, " ");
        html_text(b, cancu_cites_match_key(m), false);
        cancu_strbuf__puts(b, "</h2>\n<p>");
        html_text(b, cancu_cites_match_title(m), false);
        if (*cancu_cites_match_date(m)) {
            cancu_strbuf__puts(b, " <span class=\"meta\">");
            html_text(b, cancu_cites_match_date(m), false);
            cancu_strbuf__puts(b, "</span>");
        }
        cancu_strbuf__printf(b, "</p>\n<p>%s: <span class=\"status\">",
                             TR(r, "Tình trạng", "Status"));
        html_text(b, serve_status_text(r, cancu_cites_match_status(m)), false);
        cancu_strbuf__printf(b, "</span> — %zu %s</p>\n</section>\n",
                             cancu_cites_match_plans(m),
                             TR(r, "kế hoạch dẫn", "plans cite it"));
    }
}

/* What the texts and the registry state about it. */
static void cites_relations(cancu_strbuf_t *b, const serve_request_t *r,
                            const cancu_cites_t *c)
{
    size_t n = cancu_cites_relation_count(c);

    if (!n)
        return;
    cancu_strbuf__printf(b, "<h2>%s</h2>\n<ul class=\"relations\">\n",
                         TR(r, "Quan hệ", "Relations"));
    for (size_t i = 0; i < n; i++) {
        const cancu_cites_relation_t *rel = cancu_cites_relation_get(c, i);

        cancu_strbuf__puts(b, "<li>");
        html_text(b, cancu_cites_relation_source(rel), false);
        cancu_strbuf__puts(b, " <em>");
        html_text(b, cancu_cites_relation_kind(rel), false);
        cancu_strbuf__puts(b, "</em> ");
        html_text(b, cancu_cites_relation_target(rel), false);
        cancu_strbuf__puts(b, " <span class=\"meta\">(");
        if (strcmp(cancu_cites_relation_origin(rel), "registry") == 0) {
            cancu_strbuf__puts(b, TR(r, "sổ đăng ký", "registry"));
            if (*cancu_cites_relation_date(rel)) {
                cancu_strbuf__puts(b, ", ");
                html_text(b, cancu_cites_relation_date(rel), false);
            }
        } else {
            html_text(b, cancu_cites_relation_plan_title(rel), false);
        }
        cancu_strbuf__puts(b, ")</span></li>\n");
    }
    cancu_strbuf__puts(b, "</ul>\n");
}

/* One plan citing it: its tasks citing it, then its passages. */
static void cites_plan(cancu_strbuf_t *b, const serve_request_t *r,
                       const cancu_cites_t *c, const cancu_cites_plan_t *p)
{
    const cancu_task_list_t *tasks = cancu_cites_tasks(c);
    const char *id = cancu_cites_plan_id(p);
    bool table = false;

    cancu_strbuf__puts(b, "<section class=\"plan\">\n<h2>");
    plan_link(b, r, id, cancu_cites_plan_title(p));
    cancu_strbuf__puts(b, " <span class=\"meta\">");
    html_text(b, cancu_cites_plan_date(p), false);
    cancu_strbuf__puts(b, "</span></h2>\n");
    for (size_t k = 0; k < cancu_task_list_count(tasks); k++) {
        const cancu_task_t *t = cancu_task_list_get(tasks, k);

        if (strcmp(cancu_task_plan(t), id) != 0)
            continue;
        if (!table)
            tasks_head(b, r, false);
        table = true;
        task_row(b, r, t, false);
    }
    if (table)
        cancu_strbuf__puts(b, "</tbody>\n</table>\n");
    for (size_t i = 0; i < cancu_cites_passage_count(c); i++) {
        const cancu_passage_t *ps = cancu_cites_passage_get(c, i);

        if (strcmp(cancu_passage_plan(ps), id) != 0)
            continue;
        cancu_strbuf__puts(b, "<p class=\"hit passage\"><span "
                              "class=\"meta\">");
        html_text(b, cancu_passage_section(ps), false);
        cancu_strbuf__printf(b, " %s %zu</span><br>", TR(r, "dòng", "line"),
                             cancu_passage_line(ps));
        html_text(b, cancu_passage_snippet(ps), true);
        cancu_strbuf__puts(b, "</p>\n");
    }
    cancu_strbuf__puts(b, "</section>\n");
}

void page_cites(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    bool missing;
    const char *ref = serve_required_arg(r, out, "ref", &missing);
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    cancu_cites_t *c = NULL;
    size_t offset = serve_count_arg(r, "offset", 0, 100000);

    if (!ref && !missing)
        return;
    if (missing) {
        html_begin(b, r, TR(r, "Căn cứ", "Legal bases"));
        search_form(b, r, "/cites", "ref", "",
                    TR(r, "Số hiệu văn bản, ví dụ: ND 107/2020",
                       "A document, e.g. ND 107/2020"));
        html_end(b, r);
        return;
    }
    archive = serve_archive_acquire(&slot);
    if (archive)
        status = cites_query(&c, archive, ref, SERVE_MARK_START, SERVE_MARK_END,
                             offset, 20);
    serve_archive_release(slot);
    if (serve_read_failed(r, out, archive, status))
        return;
    html_begin(b, r, ref);
    search_form(b, r, "/cites", "ref", ref,
                TR(r, "Số hiệu văn bản", "A document"));
    cancu_strbuf__puts(b, "<p><a href=\"/graph?ref=");
    html_url(b, ref);
    cancu_strbuf__printf(b, "%s\">%s</a></p>\n", r->en ? "&amp;lang=en" : "",
                         TR(r, "Xem sơ đồ", "See the graph"));
    cites_matches(b, r, c);
    cites_relations(b, r, c);
    for (size_t i = 0; i < cancu_cites_plan_count(c); i++)
        cites_plan(b, r, c, cancu_cites_plan_get(c, i));
    pager(b, r, "/cites", "ref", ref, offset, 20, cancu_cites_plans_total(c));
    cancu_cites_destroy(c);
    html_end(b, r);
}

void api_cites(const serve_request_t *r, serve_reply_t *out)
{
    bool missing;
    const char *ref = serve_required_arg(r, out, "ref", &missing);
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    cancu_cites_t *c = NULL;

    if (!ref && !missing)
        return;
    if (missing) {
        page_error(r, out, MHD_HTTP_BAD_REQUEST, "name a document: ?ref=");
        return;
    }
    archive = serve_archive_acquire(&slot);
    if (archive)
        status = cites_query(&c, archive, ref, "<mark>", "</mark>",
                             serve_count_arg(r, "offset", 0, 100000),
                             serve_count_arg(r, "limit", 20, 100000));
    serve_archive_release(slot);
    if (!serve_read_failed(r, out, archive, status))
        reply_printed(out, print_cites, c);
    cancu_cites_destroy(c);
}

/* The task query of /api/tasks and a plan's page from the request. */
static void task_query_args(const serve_request_t *r, cancu_task_query_t *q)
{
    q->plan = serve_arg(r, "plan");
    q->cites = serve_arg(r, "cites");
    q->lead = serve_arg(r, "lead");
    q->area = serve_arg(r, "area");
    q->due_before = serve_arg(r, "due_before");
    q->due_after = serve_arg(r, "due_after");
    q->due_within = serve_arg(r, "due_within");
    q->offset = serve_count_arg(r, "offset", 0, 1000000);
    q->limit = serve_count_arg(r, "limit", 50, 1000000);
}

void api_tasks(const serve_request_t *r, serve_reply_t *out)
{
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    serve_slot_t *slot;
    cancu_archive_t *archive;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    cancu_task_list_t *tasks = NULL;

    task_query_args(r, &q);
    archive = serve_archive_acquire(&slot);
    if (archive)
        status = cancu_archive_tasks(&tasks, archive, &q);
    serve_archive_release(slot);
    if (!serve_read_failed(r, out, archive, status))
        reply_printed(out, print_tasks, tasks);
    cancu_task_list_destroy(tasks);
}

/* The archive's plans for /plans and /api/plans; NULL after replying
 * with the error. */
static cancu_plan_list_t *read_plans(const serve_request_t *r,
                                     serve_reply_t *out)
{
    serve_slot_t *slot;
    cancu_archive_t *archive = serve_archive_acquire(&slot);
    cancu_plan_list_t *plans = NULL;
    cancu_status_t status =
        archive ? cancu_archive_plans(&plans, archive) : CANCU_STATUS_SUCCESS;

    serve_archive_release(slot);
    if (serve_read_failed(r, out, archive, status)) {
        cancu_plan_list_destroy(plans);
        return NULL;
    }
    return plans;
}

void page_plans(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    cancu_plan_list_t *plans = read_plans(r, out);

    if (!plans)
        return;
    html_begin(b, r, TR(r, "Kế hoạch", "Plans"));
    cancu_strbuf__printf(
        b,
        "<h1>%s (%zu)</h1>\n<table>\n<thead><tr><th>%s</th><th>%s</th>"
        "<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
        TR(r, "Kế hoạch", "Plans"), cancu_plan_list_count(plans),
        TR(r, "Ngày", "Date"), TR(r, "Số", "Number"),
        TR(r, "Trích yếu", "Title"), TR(r, "Cơ quan ban hành", "Issuer"),
        TR(r, "Nhiệm vụ", "Tasks"));
    for (size_t i = 0; i < cancu_plan_list_count(plans); i++) {
        const cancu_plan_t *p = cancu_plan_list_get(plans, i);

        cancu_strbuf__puts(b, "<tr><td>");
        html_text(b, cancu_plan_date(p), false);
        cancu_strbuf__puts(b, "</td><td>");
        html_text(b, cancu_plan_number(p), false);
        cancu_strbuf__puts(b, "</td><td>");
        plan_link(b, r, cancu_plan_id(p), cancu_plan_title(p));
        cancu_strbuf__puts(b, "</td><td>");
        html_text(b, cancu_plan_issuer(p), false);
        cancu_strbuf__printf(b, "</td><td>%zu</td></tr>\n",
                             cancu_plan_tasks(p));
    }
    cancu_strbuf__puts(b, "</tbody>\n</table>\n");
    cancu_plan_list_destroy(plans);
    html_end(b, r);
}

void api_plans(const serve_request_t *r, serve_reply_t *out)
{
    cancu_plan_list_t *plans = read_plans(r, out);

    if (!plans)
        return;
    reply_json(out, cli_plans_json(plans));
    cancu_plan_list_destroy(plans);
}

/* The plan named 'id' (an id or unique prefix, never a path: no request
 * names a file) and its tasks. */
static cancu_status_t plan_and_tasks(const cancu_plan_t **plan_out,
                                     cancu_plan_list_t **list_out,
                                     cancu_task_list_t **tasks_out,
                                     cancu_archive_t *archive, const char *id)
{
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    cancu_status_t status;

    *plan_out = NULL;
    *tasks_out = NULL;
    /* Through the id's term (an id, never a path): what a plan's page
     * costs does not grow with the archive. */
    status = cancu_archive_plan(list_out, archive, id);
    if (status)
        return status;
    *plan_out = cancu_plan_list_get(*list_out, 0);
    q.plan = cancu_plan_id(*plan_out);
    return cancu_archive_tasks(tasks_out, archive, &q);
}

static void findings_html(cancu_strbuf_t *b, const serve_request_t *r,
                          const cancu_check_t *c, const char *heading);

/* The check of a stored plan, as of its date and as of today. */
static void plan_findings(cancu_strbuf_t *b, const serve_request_t *r,
                          const cancu_check_t *then, const cancu_check_t *today)
{
    cancu_strbuf__printf(b, "<h2>%s</h2>\n",
                         TR(r, "Kiểm tra căn cứ", "Check of its legal bases"));
    if (!then || !today) {
        cancu_strbuf__puts(b, "<p class=\"error\">");
        html_text(b, serve_library_message(r), false);
        cancu_strbuf__puts(b, "</p>\n");
        return;
    }
    findings_html(b, r, then,
                  TR(r, "Tại ngày của kế hoạch:", "As of the plan's date:"));
    findings_html(b, r, today, TR(r, "Tại hôm nay:", "As of today:"));
}

/* One finding where its citation stands: short, in the page's language. */
static void finding_here(cancu_strbuf_t *b, const serve_request_t *r,
                         const cancu_finding_t *f)
{
    const char *sugg = cancu_finding_suggestion(f);

    cancu_strbuf__printf(b, "<p class=\"finding here %s\" data-kind=\"%s\"><b>",
                         cancu_severity_to_string(cancu_finding_severity(f)),
                         cancu_finding_kind_to_string(cancu_finding_kind(f)));
    html_text(b, cancu_finding_text(f), false);
    cancu_strbuf__puts(b, "</b>: ");
    html_text(b, r->en ? cancu_finding_detail(f) : cancu_finding_detail_vi(f),
              false);
    if (*sugg && cancu_finding_kind(f) != CANCU_FINDING_AMENDED) {
        cancu_strbuf__printf(b, " — %s <b>", TR(r, "nên dẫn", "cite instead"));
        html_text(b, sugg, false);
        cancu_strbuf__puts(b, "</b>");
    }
    cancu_strbuf__puts(b, "</p>\n");
}

/* Where each finding of 'c' stands: the task of the table it is in (its
 * number, the last such task at or above its line), else the passage at
 * or above its line. */
typedef struct placed {
    const cancu_check_t *check;
    size_t *task;    /* per finding: index in the task list, or SIZE_MAX */
    size_t *passage; /* per finding: index in 'hits', or SIZE_MAX */
    const cancu_hit_t **hits;
    size_t nhits;
} placed_t;

static int by_line(const void *a, const void *b)
{
    size_t x = cancu_hit_line(*(const cancu_hit_t *const *)a);
    size_t y = cancu_hit_line(*(const cancu_hit_t *const *)b);

    return x < y ? -1 : x > y;
}

static bool place_findings(placed_t *pl, const cancu_check_t *c,
                           const cancu_task_list_t *tasks,
                           const cancu_results_t *passages)
{
    size_t n = c ? cancu_check_count(c) : 0;
    size_t np = passages ? cancu_results_count(passages) : 0;

    memset(pl, 0, sizeof *pl);
    pl->check = c;
    pl->task = calloc(n + 1, sizeof *pl->task);
    pl->passage = calloc(n + 1, sizeof *pl->passage);
    pl->hits = calloc(np + 1, sizeof *pl->hits);
    if (!pl->task || !pl->passage || !pl->hits)
        return false;
    for (size_t i = 0; i < np; i++)
        pl->hits[pl->nhits++] = cancu_results_get(passages, i);
    if (pl->nhits)
        qsort(pl->hits, pl->nhits, sizeof *pl->hits, by_line);
    for (size_t i = 0; i < n; i++) {
        const cancu_finding_t *f = cancu_check_get(c, i);
        size_t line = cancu_finding_line(f), best = SIZE_MAX, first = SIZE_MAX;

        pl->task[i] = pl->passage[i] = SIZE_MAX;
        /* A document the registry does not know says nothing in place;
         * the full lists below keep it. */
        if (cancu_finding_kind(f) == CANCU_FINDING_UNKNOWN)
            continue;
        for (size_t k = 0;
             *cancu_finding_task(f) && k < cancu_task_list_count(tasks); k++) {
            const cancu_task_t *t = cancu_task_list_get(tasks, k);

            if (strcmp(cancu_task_no(t), cancu_finding_task(f)) != 0)
                continue;
            if (first == SIZE_MAX ||
                cancu_task_line(t) <
                    cancu_task_line(cancu_task_list_get(tasks, first)))
                first = k;
            if (cancu_task_line(t) <= line &&
                (best == SIZE_MAX ||
                 cancu_task_line(t) >
                     cancu_task_line(cancu_task_list_get(tasks, best))))
                best = k;
        }
        pl->task[i] = best != SIZE_MAX ? best : first;
        if (pl->task[i] != SIZE_MAX)
            continue;
        for (size_t k = 0; k < pl->nhits; k++)
            if (cancu_hit_line(pl->hits[k]) <= line)
                pl->passage[i] = k;
    }
    return true;
}

static void placed_dispose(placed_t *pl)
{
    free(pl->task);
    free(pl->passage);
    free(pl->hits);
}

/* At most 'max' bytes of 's', cut at a character, with "…" when cut. */
static void html_short(cancu_strbuf_t *b, const char *s, size_t max)
{
    size_t len = strlen(s);

    if (len <= max) {
        html_text(b, s, false);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    html_textn(b, s, max, false);
    cancu_strbuf__puts(b, "…");
}

/* The plan's sections in order, each by its heading (the first passage
 * in it), and under a section the passages a finding concerns, each
 * with its findings. */
static void plan_sections(cancu_strbuf_t *b, const serve_request_t *r,
                          const placed_t *pl)
{
    const char *last = NULL;
    size_t n = pl->check ? cancu_check_count(pl->check) : 0;
    bool open = false;

    cancu_strbuf__printf(b,
                         "<nav class=\"sections\" aria-label=\"%s\">\n"
                         "<h2>%s</h2>\n<ol class=\"toc\">\n",
                         TR(r, "Mục lục", "Contents"),
                         TR(r, "Các phần", "Sections"));
    for (size_t k = 0; k < pl->nhits; k++) {
        const cancu_hit_t *h = pl->hits[k];
        const char *sec = cancu_hit_section(h);
        bool any = false;

        if (*sec && (!last || strcmp(sec, last) != 0)) {
            size_t depth = 0;

            for (const char *c = sec; *c; c++)
                depth += *c == '.';
            cancu_strbuf__printf(b,
                                 "%s<li class=\"section d%zu\">"
                                 "<span class=\"meta\">",
                                 open ? "</li>\n" : "", depth > 3 ? 3 : depth);
            html_text(b, sec, false);
            cancu_strbuf__puts(b, "</span> ");
            html_short(b, cancu_hit_text(h), 160);
            open = true;
            last = sec;
        }
        for (size_t i = 0; i < n; i++) {
            if (pl->passage[i] != k)
                continue;
            if (!open) {
                cancu_strbuf__printf(b,
                                     "<li class=\"section d0\">"
                                     "<span class=\"meta\">%s</span>",
                                     TR(r, "Phần mở đầu", "Preamble"));
                open = true;
                last = sec;
            }
            if (!any) {
                cancu_strbuf__printf(
                    b, "<div class=\"passage\" data-line=\"%zu\">\n<p>",
                    cancu_hit_line(h));
                html_text(b, cancu_hit_text(h), false);
                cancu_strbuf__puts(b, "</p>\n");
            }
            any = true;
            finding_here(b, r, cancu_check_get(pl->check, i));
        }
        if (any)
            cancu_strbuf__puts(b, "</div>\n");
    }
    cancu_strbuf__printf(b, "%s</ol>\n</nav>\n", open ? "</li>\n" : "");
}

/* The plan's task table, each task's findings in a row under it. */
static void plan_tasks(cancu_strbuf_t *b, const serve_request_t *r,
                       const cancu_task_list_t *tasks, const placed_t *pl)
{
    size_t n = cancu_task_list_count(tasks);
    size_t nf = pl->check ? cancu_check_count(pl->check) : 0;

    if (!n)
        return;
    tasks_head(b, r, false);
    for (size_t k = 0; k < n; k++) {
        bool any = false;

        task_row(b, r, cancu_task_list_get(tasks, k), false);
        for (size_t i = 0; i < nf; i++) {
            if (pl->task[i] != k)
                continue;
            if (!any)
                cancu_strbuf__puts(b, "<tr class=\"task-findings\">"
                                      "<td></td><td colspan=\"5\">\n");
            any = true;
            finding_here(b, r, cancu_check_get(pl->check, i));
        }
        if (any)
            cancu_strbuf__puts(b, "</td></tr>\n");
    }
    cancu_strbuf__puts(b, "</tbody>\n</table>\n");
}

/* Every passage of plan 'id', to find its sections and where its
 * findings stand: one read of the plan's own lines. */
static cancu_results_t *plan_passages(cancu_archive_t *archive, const char *id)
{
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_results_t *passages = NULL;
    cancu_strbuf_t q = CANCU_STRBUF_INIT;

    o.limit = 100000;
    cancu_strbuf__printf(&q, "plan:%s", id);
    if (q.failed || cancu_search(&passages, archive, q.data, &o))
        passages = NULL;
    cancu_strbuf__dispose(&q);
    return passages;
}

void page_plan(const serve_request_t *r, const char *id, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    serve_slot_t *slot;
    cancu_archive_t *archive = serve_archive_acquire(&slot);
    cancu_plan_list_t *list = NULL;
    const cancu_plan_t *p = NULL;
    cancu_task_list_t *tasks = NULL;
    cancu_check_t *then = NULL, *today = NULL;
    cancu_results_t *passages = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    placed_t pl;

    memset(&pl, 0, sizeof pl);
    if (archive)
        status = plan_and_tasks(&p, &list, &tasks, archive, id);
    if (!archive) {
        serve_no_archive(r, out);
    } else if (status || !p) {
        page_error(r, out, MHD_HTTP_NOT_FOUND,
                   TR(r, "Không có kế hoạch này.", "No such plan."));
    } else {
        if (cancu_check_plan(&then, archive, cancu_plan_id(p), NULL) ||
            cancu_check_plan(&today, archive, cancu_plan_id(p), "today")) {
            cancu_check_destroy(then);
            then = NULL;
        }
        passages = plan_passages(archive, cancu_plan_id(p));
        place_findings(&pl, then ? today : NULL, tasks, passages);
        html_begin(b, r, cancu_plan_title(p));
        cancu_strbuf__puts(b, "<h1>");
        html_text(b, cancu_plan_title(p), false);
        cancu_strbuf__puts(b, "</h1>\n<dl class=\"header\">\n");
        struct {
            const char *vi, *en, *value;
        } rows[] = {
            {"Cơ quan ban hành", "Issuer", cancu_plan_issuer(p)},
            {"Số", "Number", cancu_plan_number(p)},
            {"Nơi, ngày", "Place, date", cancu_plan_place(p)},
            {"Ngày", "Date", cancu_plan_date(p)},
            {"Loại", "Type", cancu_plan_type(p)},
            {"Tệp", "File", cancu_plan_path(p)},
        };
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
            if (!*rows[i].value)
                continue;
            cancu_strbuf__printf(b, "<dt>%s</dt><dd>",
                                 TR(r, rows[i].vi, rows[i].en));
            html_text(b, rows[i].value, false);
            cancu_strbuf__puts(b, "</dd>\n");
        }
        cancu_strbuf__puts(b, "</dl>\n<p><a href=\"/plans/");
        html_url(b, cancu_plan_id(p));
        cancu_strbuf__printf(
            b, ".ics\" download>%s</a></p>\n",
            TR(r, "Tải lịch thời hạn (.ics)", "Download the deadlines (.ics)"));
        if (pl.nhits)
            plan_sections(b, r, &pl);
        cancu_strbuf__printf(b, "<h2>%s (%zu)</h2>\n",
                             TR(r, "Nhiệm vụ", "Tasks"),
                             cancu_task_list_count(tasks));
        plan_tasks(b, r, tasks, &pl);
        plan_findings(b, r, then, today);
        html_end(b, r);
    }
    placed_dispose(&pl);
    cancu_results_destroy(passages);
    cancu_check_destroy(then);
    cancu_check_destroy(today);
    cancu_task_list_destroy(tasks);
    cancu_plan_list_destroy(list);
    serve_archive_release(slot);
}

void page_plan_ics(const serve_request_t *r, const char *id, serve_reply_t *out)
{
    serve_slot_t *slot;
    cancu_archive_t *archive = serve_archive_acquire(&slot);
    cancu_plan_list_t *list = NULL;
    const cancu_plan_t *p = NULL;
    cancu_task_list_t *tasks = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const char *error;
    char *text;

    if (archive)
        status = plan_and_tasks(&p, &list, &tasks, archive, id);
    if (!archive) {
        serve_no_archive(r, out);
    } else if (status || !p) {
        page_error(r, out, MHD_HTTP_NOT_FOUND,
                   TR(r, "Không có kế hoạch này.", "No such plan."));
    } else if (!(text = cli_tasks_ics(tasks, NULL, &error))) {
        /* Where the module was looked for is the server's log's, not the
         * page's. */
        if (error)
            cli_error("serve: %s", error);
        page_error(r, out, MHD_HTTP_INTERNAL_SERVER_ERROR,
                   error ? "the iCalendar writer cannot be opened"
                         : "out of memory");
    } else {
        out->type = "text/calendar; charset=utf-8";
        snprintf(out->disposition, sizeof out->disposition,
                 "attachment; filename=\"%.12s.ics\"", cancu_plan_id(p));
        cancu_strbuf__puts(&out->body, text);
        free(text);
    }
    cancu_task_list_destroy(tasks);
    cancu_plan_list_destroy(list);
    serve_archive_release(slot);
}

static void check_form(cancu_strbuf_t *b, const serve_request_t *r)
{
    cancu_strbuf__printf(
        b,
        "<form class=\"check\" action=\"/check%s\" method=\"post\" "
        "enctype=\"multipart/form-data\">\n<p><label for=\"file\">%s</label> "
        "<input type=\"file\" id=\"file\" name=\"file\" accept=\".docx,.txt,"
        ".doc,.pdf\" required></p>\n<p><button type=\"submit\">%s</button>"
        "</p>\n<p class=\"meta\">%s</p>\n</form>\n"
        "<script src=\"/assets/check.js\" defer></script>\n",
        r->en ? "?lang=en" : "",
        TR(r, "Tệp kế hoạch (DOCX, TXT, DOC hoặc PDF, tối đa 64 MiB):",
           "A plan file (DOCX, TXT, DOC or PDF, at most 64 MiB):"),
        TR(r, "Kiểm tra", "Check"),
        TR(r, "Hoặc kéo thả tệp vào khung này.",
           "Or drop the file on this box."));
}

static void findings_html(cancu_strbuf_t *b, const serve_request_t *r,
                          const cancu_check_t *c, const char *heading)
{
    size_t n = cancu_check_count(c);

    cancu_strbuf__printf(b, "<section class=\"findings\">\n<h2>%s ", heading);
    html_text(b, *cancu_check_as_of(c) ? cancu_check_as_of(c) : "?", false);
    cancu_strbuf__printf(
        b, "</h2>\n<p>%zu %s, %zu %s</p>\n", n, TR(r, "phát hiện", "findings"),
        cancu_check_warnings(c), TR(r, "cảnh báo", "warnings"));
    for (size_t i = 0; i < n; i++) {
        const cancu_finding_t *f = cancu_check_get(c, i);
        const char *sugg = cancu_finding_suggestion(f);

        cancu_strbuf__printf(
            b, "<div class=\"hit finding %s\" data-kind=\"%s\">\n<p><b>",
            cancu_severity_to_string(cancu_finding_severity(f)),
            cancu_finding_kind_to_string(cancu_finding_kind(f)));
        html_text(b, cancu_finding_id(f), false);
        cancu_strbuf__puts(b, "</b> <span class=\"meta\">");
        html_text(b, cancu_finding_kind_to_string(cancu_finding_kind(f)),
                  false);
        if (*cancu_finding_section(f)) {
            cancu_strbuf__puts(b, " — ");
            html_text(b, cancu_finding_section(f), false);
        }
        if (*cancu_finding_task(f)) {
            cancu_strbuf__printf(b, " — %s ", TR(r, "nhiệm vụ", "task"));
            html_text(b, cancu_finding_task(f), false);
        }
        cancu_strbuf__printf(b, " — %s %zu</span></p>\n<p>",
                             TR(r, "dòng", "line"), cancu_finding_line(f));
        html_text(b,
                  r->en ? cancu_finding_detail(f) : cancu_finding_detail_vi(f),
                  false);
        cancu_strbuf__puts(b, "</p>\n");
        if (*sugg && cancu_finding_kind(f) != CANCU_FINDING_AMENDED) {
            cancu_strbuf__printf(b, "<p class=\"suggestion\">%s: <b>",
                                 TR(r, "Nên dẫn", "Cite instead"));
            html_text(b, sugg, false);
            cancu_strbuf__puts(b, "</b></p>\n");
        }
        cancu_strbuf__puts(b, "</div>\n");
    }
    cancu_strbuf__puts(b, "</section>\n");
}

/* The uploaded file, read in memory, checked as of its date and as of
 * 'as_of2' (NULL: none). Nothing is written anywhere. */
static cancu_status_t check_upload(cancu_check_t **c1, cancu_check_t **c2,
                                   const serve_request_t *r, const char *as_of2)
{
    cancu_read_options_t ro = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;
    cancu_status_t status;
    serve_slot_t *slot;
    cancu_archive_t *archive;

    *c1 = *c2 = NULL;
    ro.max_file_size = SERVE_MAX_UPLOAD;
    status = cancu_document_open_buffer(&doc, r->filename, r->upload.data,
                                        r->upload.len, &ro);
    if (status)
        return status;
    archive = serve_archive_acquire(&slot);
    status = cancu_check_document(c1, archive, doc, NULL);
    if (!status && as_of2)
        status = cancu_check_document(c2, archive, doc, as_of2);
    serve_archive_release(slot);
    cancu_document_destroy(doc);
    return status;
}

void page_check(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    cancu_check_t *c1 = NULL, *c2 = NULL;
    cancu_status_t status;

    if (strcmp(r->method, MHD_HTTP_METHOD_POST) != 0) {
        html_begin(b, r, TR(r, "Kiểm tra", "Check"));
        cancu_strbuf__printf(b, "<h1>%s</h1>\n",
                             TR(r, "Kiểm tra căn cứ của một dự thảo",
                                "Check the legal bases of a draft"));
        check_form(b, r);
        cancu_strbuf__printf(
            b, "<p class=\"meta\">%s</p>\n",
            TR(r, "Tệp không được lưu lại.", "The file is not kept."));
        html_end(b, r);
        return;
    }
    if (!r->have_file || !r->upload.len) {
        page_error(
            r, out, MHD_HTTP_BAD_REQUEST,
            TR(r, "Không có tệp (trường 'file').", "No file (field 'file')."));
        return;
    }
    status = check_upload(&c1, &c2, r, "today");
    if (status) {
        serve_fail(r, out, status);
        return;
    }
    html_begin(b, r, TR(r, "Kết quả kiểm tra", "Check results"));
    cancu_strbuf__puts(b, "<h1>");
    html_text(b,
              *cancu_check_plan_title(c1) ? cancu_check_plan_title(c1)
                                          : r->filename,
              false);
    cancu_strbuf__puts(b, "</h1>\n");
    findings_html(b, r, c1,
                  TR(r, "Tại ngày của kế hoạch:", "As of the plan's date:"));
    findings_html(b, r, c2, TR(r, "Tại hôm nay:", "As of today:"));
    check_form(b, r);
    cancu_check_destroy(c1);
    cancu_check_destroy(c2);
    html_end(b, r);
}

void api_check(const serve_request_t *r, serve_reply_t *out)
{
    cancu_check_t *c1 = NULL, *c2 = NULL;
    const char *as_of = serve_arg(r, "as_of");
    char *text = NULL;
    cancu_status_t status;

    if (strcmp(r->method, MHD_HTTP_METHOD_POST) != 0) {
        page_error(r, out, MHD_HTTP_METHOD_NOT_ALLOWED,
                   "POST a multipart/form-data field 'file'");
        return;
    }
    if (!r->have_file || !r->upload.len) {
        page_error(r, out, MHD_HTTP_BAD_REQUEST, "no file (field 'file')");
        return;
    }
    status = check_upload(&c1, &c2, r, as_of);
    if (!status) {
        json_t *root = cli_check_json(c2 ? c2 : c1);

        text =
            root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(root);
        if (!text)
            status = CANCU_STATUS_OUT_OF_MEMORY;
    }
    if (status) {
        serve_fail(r, out, status);
    } else {
        out->type = "application/json";
        cancu_strbuf__puts(&out->body, text);
    }
    free(text);
    cancu_check_destroy(c1);
    cancu_check_destroy(c2);
}

/* --allow-ingest: GET the form (carrying the token), POST a plan into the
 * archive. The archive is opened for writing for this one plan only, so
 * that 'cancu ingest' beside the server keeps working. */
void page_ingest(const serve_request_t *r, serve_reply_t *out)
{
    cancu_strbuf_t *b = &out->body;
    cancu_read_options_t ro = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;
    cancu_archive_t *archive = NULL;
    cancu_add_result_t result = CANCU_ADD_ADDED;
    cancu_status_t status;
    char name[300];

    if (strcmp(r->method, MHD_HTTP_METHOD_POST) != 0) {
        html_begin(b, r, TR(r, "Nạp kế hoạch", "Add a plan"));
        cancu_strbuf__printf(
            b,
            "<h1>%s</h1>\n<form class=\"ingest\" action=\"/ingest\" "
            "method=\"post\" enctype=\"multipart/form-data\">\n"
            "<input type=\"hidden\" name=\"token\" value=\"%s\">\n"
            "<p><input type=\"file\" id=\"file\" name=\"file\" "
            "required></p>\n<p><button type=\"submit\">%s</button></p>\n"
            "</form>\n",
            TR(r, "Nạp kế hoạch vào kho", "Add a plan to the archive"),
            serve_token, TR(r, "Nạp", "Add"));
        html_end(b, r);
        return;
    }
    if (strlen(r->token) != strlen(serve_token) ||
        strcmp(r->token, serve_token) != 0) {
        page_error(r, out, MHD_HTTP_FORBIDDEN,
                   TR(r,
                      "Thiếu mã phiên hoặc mã sai: hãy nạp từ trang "
                      "/ingest.",
                      "Missing or wrong session token: upload from the "
                      "/ingest page."));
        return;
    }
    if (!r->have_file || !r->upload.len) {
        page_error(
            r, out, MHD_HTTP_BAD_REQUEST,
            TR(r, "Không có tệp (trường 'file').", "No file (field 'file')."));
        return;
    }
    /* The uploaded name is a label only: no file of that name is made. */
    snprintf(name, sizeof name, "upload:%s", r->filename);
    ro.max_file_size = SERVE_MAX_UPLOAD;
    status = cancu_document_open_buffer(&doc, name, r->upload.data,
                                        r->upload.len, &ro);
    if (!status)
        status = cancu_archive_open(&archive, cli_archive_dir(),
                                    CANCU_ARCHIVE_WRITE);
    if (!status)
        status = cancu_archive_add(archive, doc, &result);
    if (!status)
        status = cancu_archive_commit(archive);
    cancu_archive_close(archive);
    if (status) {
        if (status == CANCU_STATUS_ARCHIVE_LOCKED)
            page_error(r, out, MHD_HTTP_SERVICE_UNAVAILABLE,
                       serve_library_message(r));
        else
            serve_fail(r, out, status);
        cancu_document_destroy(doc);
        return;
    }
    html_begin(b, r, TR(r, "Đã nạp", "Added"));
    cancu_strbuf__printf(b, "<p class=\"added\">%s: ",
                         result == CANCU_ADD_UNCHANGED
                             ? TR(r, "Đã có trong kho", "Already there")
                             : TR(r, "Đã nạp", "Added"));
    plan_link(b, r, cancu_document_id(doc), cancu_document_title(doc));
    cancu_strbuf__puts(b, "</p>\n");
    html_end(b, r);
    cancu_document_destroy(doc);
}
