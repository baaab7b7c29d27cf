/* cancu cites REF: the tasks and passages resting on a legal document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: cancu cites [--limit N] [--offset N] [--json] REF...\n\n"
    "Every task and every passage of the archive's plans that rests on a\n"
    "legal document, grouped by plan, newest first. REF is typed any way:\n"
    "60/2021/NĐ-CP, nghi dinh 60/2021, ND 60/2021, NĐ 60, 18-NQ/TW, Luật\n"
    "Viên chức, 602/QĐ-UBND Gia Lai. When it names several documents they\n"
    "are all listed as matches. Relations the archive's texts state about\n"
    "it (amends, replaces, repeals, expires) follow.\n\n"
    "  --limit N   the N newest plans citing it (default 20; 0: all)\n"
    "  --offset N  skip the N newest first\n";

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

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

static void print_text(json_t *root)
{
    json_t *matches = json_object_get(root, "matches"), *m, *t, *p, *r;
    json_t *tasks = json_object_get(root, "tasks");
    json_t *passages = json_object_get(root, "passages");
    const char *plan = NULL;
    size_t i, k;

    if (!json_array_size(matches))
        printf("no plan in the archive cites %s\n", str(root, "query"));
    json_array_foreach(matches, i, m)
        printf("%s  %s%s%s  (%lld plan%s)\n", str(m, "key"), str(m, "type"),
               *str(m, "date") ? ", " : "", str(m, "date"),
               json_integer_value(json_object_get(m, "plans")),
               json_integer_value(json_object_get(m, "plans")) == 1 ? "" : "s");
    json_array_foreach(passages, i, p)
    {
        if (!plan || strcmp(plan, str(p, "plan")) != 0) {
            plan = str(p, "plan");
            printf("\n%s  (%s)  %s\n", str(p, "plan_title"),
                   *str(p, "plan_date") ? str(p, "plan_date") : "-",
                   str(p, "plan_path"));
            json_array_foreach(tasks, k, t)
            {
                if (strcmp(str(t, "plan"), plan) != 0)
                    continue;
                printf("  task %s [%s] %s\n", str(t, "no"), str(t, "area"),
                       str(t, "task"));
            }
        }
        printf("  %s line %lld: %s\n",
               *str(p, "section") ? str(p, "section") : "-",
               json_integer_value(json_object_get(p, "line")),
               str(p, "snippet"));
    }
    {
        json_int_t total =
            json_integer_value(json_object_get(root, "plans_total"));
        json_int_t shown =
            json_integer_value(json_object_get(root, "offset")) +
            (json_int_t)json_array_size(json_object_get(root, "plans"));
        json_int_t limit = json_integer_value(json_object_get(root, "limit"));

        if (limit && total > shown)
            printf("\n%lld more plan%s cite it: --offset %lld\n", total - shown,
                   total - shown == 1 ? "" : "s", shown);
    }
    if (json_array_size(json_object_get(root, "relations")))
        printf("\n");
    json_array_foreach(json_object_get(root, "relations"), i,
                       r) if (strcmp(str(r, "origin"), "registry") == 0)
        printf("%s %s %s  (registry%s%s)\n", str(r, "source"), str(r, "kind"),
               str(r, "target"), *str(r, "date") ? ", " : "", str(r, "date"));
    else printf("%s %s %s  (%s)\n", str(r, "source"), str(r, "kind"),
                str(r, "target"), str(r, "plan_title"));
}

int cancu_cites_command(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    cancu_status_t status;
    char typed[1024] = "", *text = NULL;
    size_t len = 0;
    bool tty = isatty(STDOUT_FILENO);
    json_t *root;
    page_t page = {20, 0};
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &page, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc) {
        cli_error("cites: name a legal document");
        return CLI_EXIT_BAD_INPUT;
    }
    for (int i = first; i < argc; i++) {
        size_t n = strlen(argv[i]);

        if (len + n + 2 > sizeof typed) {
            cli_error("cites: the reference is too long");
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
    status = cancu_archive_cites_page(archive, typed,
                                      cli_globals.json ? "<mark>"
                                      : tty            ? "\033[1;4m"
                                                       : "[",
                                      cli_globals.json ? "</mark>"
                                      : tty            ? "\033[0m"
                                                       : "]",
                                      page.offset, page.limit, &text);
    cancu_archive_close(archive);
    if (status)
        return cli_fail(status);
    root = json_loads(text, 0, NULL);
    free(text);
    if (cli_globals.json)
        return cli_print_json(root);
    print_text(root);
    json_decref(root);
    return CLI_EXIT_OK;
}
