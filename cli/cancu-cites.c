/* cancu cites REF: the tasks and passages resting on a legal document. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu cites [--limit N] [--offset N] [--json] REF...\n\n"
       "Every task and every passage of the archive's plans that rests on a\n"
       "legal document, grouped by plan, newest first. REF is typed any way:\n"
       "60/2021/NĐ-CP, nghi dinh 60/2021, ND 60/2021, NĐ 60, 18-NQ/TW, Luật\n"
       "Viên chức, 602/QĐ-UBND Gia Lai. When it names several documents they\n"
       "are all listed as matches. Relations the archive's texts state about\n"
       "it (amends, replaces, repeals, expires) follow.\n\n"
       "  --limit N   the N newest plans citing it (default 20; 0: all)\n"
       "  --offset N  skip the N newest first\n");

enum { OPT_LIMIT = 1000, OPT_OFFSET };

static const struct option options[] = {
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {NULL, 0, NULL, 0},
};

typedef struct page {
    size_t limit, offset;
} page_t;

static int on_option(int option, const char *arg, void *payload)
{
    page_t *page = payload;

    if (option == OPT_LIMIT && !cli_parse_count("limit", arg, &page->limit))
        return CLI_EXIT_BAD_INPUT;
    if (option == OPT_OFFSET && !cli_parse_count("offset", arg, &page->offset))
        return CLI_EXIT_BAD_INPUT;
    return 0;
}

/* "key": text, "" printed as null. */
static void nullable(sprinter_t *sp, const char *key, const char *text)
{
    sprinter_key_string_or_null(sp, key, text);
}

static void print_match(sprinter_t *sp, const cancu_cites_match_t *m)
{
    /* A match no plan cites is the registry's: its issuer is a string
     * even when unknown, and its status comes before its count. */
    bool registry = cancu_cites_match_plans(m) == 0;
    const char *status = cancu_cites_match_status(m);

    sp->begin_map(sp);
    sprinter_key_string(sp, "id", cancu_cites_match_id(m));
    sprinter_key_string(sp, "key", cancu_cites_match_key(m));
    sprinter_key_string(sp, "type", cancu_cites_match_type(m));
    nullable(sp, "date", cancu_cites_match_date(m));
    if (registry)
        sprinter_key_string(sp, "issuer", cancu_cites_match_issuer(m));
    else
        nullable(sp, "issuer", cancu_cites_match_issuer(m));
    nullable(sp, "title", cancu_cites_match_title(m));
    if (registry && *status)
        sprinter_key_string(sp, "status", status);
    sprinter_key_integer(sp, "plans", (long long)cancu_cites_match_plans(m));
    if (!registry && *status)
        sprinter_key_string(sp, "status", status);
    sp->end(sp);
}

static void print_passage(sprinter_t *sp, const cancu_passage_t *p)
{
    sp->begin_map(sp);
    sprinter_key_string(sp, "kind", cancu_passage_kind(p));
    sprinter_key_integer(sp, "block", (long long)cancu_passage_block(p));
    sprinter_key_integer(sp, "row", (long long)cancu_passage_row(p));
    sprinter_key_string(sp, "section", cancu_passage_section(p));
    sprinter_key_string(sp, "text", cancu_passage_text(p));
    sprinter_key_integer(sp, "line", (long long)cancu_passage_line(p));
    sprinter_key_string(sp, "plan", cancu_passage_plan(p));
    sprinter_key_string(sp, "plan_title", cancu_passage_plan_title(p));
    sprinter_key_string(sp, "plan_date", cancu_passage_plan_date(p));
    sprinter_key_string(sp, "plan_path", cancu_passage_plan_path(p));
    sprinter_key_string(sp, "snippet", cancu_passage_snippet(p));
    sp->end(sp);
}

static void print_relation(sprinter_t *sp, const cancu_cites_relation_t *r)
{
    bool registry = strcmp(cancu_cites_relation_origin(r), "registry") == 0;

    sp->begin_map(sp);
    sprinter_key_string(sp, "kind", cancu_cites_relation_kind(r));
    sprinter_key_string(sp, "source", cancu_cites_relation_source(r));
    sprinter_key_string(sp, "target", cancu_cites_relation_target(r));
    if (registry) {
        nullable(sp, "date", cancu_cites_relation_date(r));
        sprinter_key_string(sp, "origin", "registry");
    } else {
        sprinter_key_string(sp, "origin", cancu_cites_relation_origin(r));
        sprinter_key_string(sp, "text", cancu_cites_relation_text(r));
        sprinter_key_string(sp, "plan", cancu_cites_relation_plan(r));
        sprinter_key_string(sp, "plan_title",
                            cancu_cites_relation_plan_title(r));
    }
    sp->end(sp);
}

void cli_print_cites_json(sprinter_t *sp, const cancu_cites_t *c)
{
    const cancu_task_list_t *tasks = cancu_cites_tasks(c);

    sp->begin_map(sp);
    sprinter_key_string(sp, "query", cancu_cites_query(c));
    sp->map_key(sp, "matches");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_cites_match_count(c); i++)
        print_match(sp, cancu_cites_match_get(c, i));
    sp->end(sp);
    sprinter_key_integer(sp, "plans_total",
                         (long long)cancu_cites_plans_total(c));
    sprinter_key_integer(sp, "offset", (long long)cancu_cites_offset(c));
    sprinter_key_integer(sp, "limit", (long long)cancu_cites_limit(c));
    sp->map_key(sp, "plans");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_cites_plan_count(c); i++) {
        const cancu_cites_plan_t *p = cancu_cites_plan_get(c, i);

        sp->begin_map(sp);
        sprinter_key_string(sp, "id", cancu_cites_plan_id(p));
        sprinter_key_string(sp, "title", cancu_cites_plan_title(p));
        sprinter_key_string(sp, "date", cancu_cites_plan_date(p));
        sprinter_key_string(sp, "path", cancu_cites_plan_path(p));
        sp->end(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "tasks");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_task_list_count(tasks); i++)
        cli_print_task(sp, cancu_task_list_get(tasks, i));
    sp->end(sp);
    sp->map_key(sp, "passages");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_cites_passage_count(c); i++)
        print_passage(sp, cancu_cites_passage_get(c, i));
    sp->end(sp);
    sp->map_key(sp, "relations");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_cites_relation_count(c); i++)
        print_relation(sp, cancu_cites_relation_get(c, i));
    sp->end(sp);
    sp->end(sp);
}

/* One line of text. */
static void line(sprinter_t *sp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void line(sprinter_t *sp, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sp->string(sp, buf);
    sp->separator(sp);
}

static void print_plan_head(sprinter_t *sp, const cancu_passage_t *p,
                            const cancu_task_list_t *tasks)
{
    const char *plan = cancu_passage_plan(p);

    sp->separator(sp);
    line(sp, "%s  (%s)  %s", cancu_passage_plan_title(p),
         *cancu_passage_plan_date(p) ? cancu_passage_plan_date(p) : "-",
         cancu_passage_plan_path(p));
    for (size_t k = 0; k < cancu_task_list_count(tasks); k++) {
        const cancu_task_t *t = cancu_task_list_get(tasks, k);

        if (strcmp(cancu_task_plan(t), plan) == 0)
            line(sp, _("  task %s [%s] %s"), cancu_task_no(t),
                 cancu_task_area(t), cancu_task_text(t));
    }
}

static void print_text(sprinter_t *sp, const cancu_cites_t *c)
{
    const cancu_task_list_t *tasks = cancu_cites_tasks(c);
    size_t total = cancu_cites_plans_total(c);
    size_t shown = cancu_cites_offset(c) + cancu_cites_plan_count(c);
    const char *plan = NULL;

    if (!cancu_cites_match_count(c))
        line(sp, _("no plan in the archive cites %s"), cancu_cites_query(c));
    for (size_t i = 0; i < cancu_cites_match_count(c); i++) {
        const cancu_cites_match_t *m = cancu_cites_match_get(c, i);
        size_t plans = cancu_cites_match_plans(m);

        /* TRANSLATORS: the document's key, type, ", " and date, then how
         * many plans cite it. */
        line(sp,
             ngettext("%s  %s%s%s  (%zu plan)", "%s  %s%s%s  (%zu plans)",
                      plans),
             cancu_cites_match_key(m), cancu_cites_match_type(m),
             *cancu_cites_match_date(m) ? ", " : "", cancu_cites_match_date(m),
             plans);
    }
    for (size_t i = 0; i < cancu_cites_passage_count(c); i++) {
        const cancu_passage_t *p = cancu_cites_passage_get(c, i);

        if (!plan || strcmp(plan, cancu_passage_plan(p)) != 0) {
            plan = cancu_passage_plan(p);
            print_plan_head(sp, p, tasks);
        }
        line(sp, _("  %s line %zu: %s"),
             *cancu_passage_section(p) ? cancu_passage_section(p) : "-",
             cancu_passage_line(p), cancu_passage_snippet(p));
    }
    if (cancu_cites_limit(c) && total > shown) {
        sp->separator(sp);
        line(sp,
             ngettext("%zu more plan cites it: --offset %zu",
                      "%zu more plans cite it: --offset %zu", total - shown),
             total - shown, shown);
    }
    if (cancu_cites_relation_count(c))
        sp->separator(sp);
    for (size_t i = 0; i < cancu_cites_relation_count(c); i++) {
        const cancu_cites_relation_t *r = cancu_cites_relation_get(c, i);
        const char *date = cancu_cites_relation_date(r);

        if (strcmp(cancu_cites_relation_origin(r), "registry") == 0)
            line(sp, _("%s %s %s  (registry%s%s)"),
                 cancu_cites_relation_source(r), cancu_cites_relation_kind(r),
                 cancu_cites_relation_target(r), *date ? ", " : "", date);
        else
            line(sp, "%s %s %s  (%s)", cancu_cites_relation_source(r),
                 cancu_cites_relation_kind(r), cancu_cites_relation_target(r),
                 cancu_cites_relation_plan_title(r));
    }
}

int cancu_cites_command(int argc, char **argv)
{
    cancu_cites_options_t opts = CANCU_CITES_OPTIONS_INIT;
    cancu_archive_t *archive = NULL;
    cancu_cites_t *cites = NULL;
    cancu_status_t status;
    char typed[1024] = "";
    size_t len = 0;
    bool tty = isatty(STDOUT_FILENO);
    page_t page = {20, 0};
    sprinter_t *sp;
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &page, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc) {
        cli_error(_("cites: name a legal document"));
        return CLI_EXIT_BAD_INPUT;
    }
    for (int i = first; i < argc; i++) {
        size_t n = strlen(argv[i]);

        if (len + n + 2 > sizeof typed) {
            cli_error(_("cites: the reference is too long"));
            return CLI_EXIT_BAD_INPUT;
        }
        if (len)
            typed[len++] = ' ';
        memcpy(typed + len, argv[i], n + 1);
        len += n;
    }
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    opts.highlight_start = cli_globals.json ? "<mark>"
                           : tty            ? "\033[1;4m"
                                            : "[";
    opts.highlight_end = cli_globals.json ? "</mark>" : tty ? "\033[0m" : "]";
    opts.offset = page.offset;
    opts.limit = page.limit;
    status = cancu_archive_cites(&cites, archive, typed, &opts);
    cancu_archive_close(archive);
    if (status)
        return cli_fail(status);
    sp = cli_sprinter();
    if (sp && cli_globals.json)
        cli_print_cites_json(sp, cites);
    else if (sp)
        print_text(sp, cites);
    rc = cli_sprinter_finish(sp);
    cancu_cites_destroy(cites);
    return rc;
}
