/* cancu search QUERY: ranked passages with highlighted snippets. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] = N_(
    "usage: cancu search [--limit N] [--offset N] [--facets] QUERY...\n\n"
    "Search the passages of every plan. Accents are optional: 'tinh gian\n"
    "bien che' finds 'tinh giản biên chế', and passages spelled exactly as\n"
    "typed rank first. Every word must match; \"quoted words\" match as a\n"
    "phrase, and so do words joined by punctuation (45/2020/NĐ-CP).\n"
    "Fields narrow the search: year:2022, issuer:NAME, lead:UNIT, area:NAME\n"
    "(part of the name, accents optional), cites:REF, plan:ID; a value in\n"
    "quotes when it has spaces, and FIELD:\"=VALUE\" for one facet value.\n\n"
    "  --limit N   at most N hits (default 10)\n"
    "  --offset N  skip the first N hits\n"
    "  --facets    also the years, issuers, lead units and areas of the\n"
    "              matches, each with its count and the field that narrows\n"
    "              to it (--json: \"facets\": {\"year\": [{\"value\", "
    "\"label\",\n              \"count\"}], ...})\n"
    "  --json      {\"query\", \"total\", \"hits\": [{\"plan\", \"section\", "
    "\"text\", \"snippet\", ...}]}\n");

enum { OPT_LIMIT = 1, OPT_OFFSET, OPT_FACETS };

static const struct option options[] = {
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {"facets", no_argument, NULL, OPT_FACETS},
    {NULL, 0, NULL, 0},
};

typedef struct search_args {
    cancu_search_options_t o;
    bool facets;
} search_args_t;

static int on_option(int option, const char *arg, void *payload)
{
    search_args_t *a = payload;
    cancu_search_options_t *o = &a->o;

    if (option == OPT_FACETS)
        a->facets = true;
    if (option == OPT_LIMIT && !cli_parse_count("limit", arg, &o->limit))
        return CLI_EXIT_BAD_INPUT;
    if (option == OPT_OFFSET && !cli_parse_count("offset", arg, &o->offset))
        return CLI_EXIT_BAD_INPUT;
    return 0;
}

static json_t *hit_json(const cancu_hit_t *hit)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:I, s:f, s:s, s:s}", "plan",
        cancu_hit_plan(hit), "plan_title", cancu_hit_plan_title(hit), "path",
        cancu_hit_plan_path(hit), "section", cancu_hit_section(hit), "kind",
        cancu_hit_kind(hit), "line", (json_int_t)cancu_hit_line(hit), "score",
        cancu_hit_score(hit), "text", cancu_hit_text(hit), "snippet",
        cancu_hit_snippet(hit));
}

json_t *cli_results_json(const cancu_results_t *results, const char *query,
                         size_t offset)
{
    json_t *hits = json_array();

    for (size_t i = 0; i < cancu_results_count(results); i++)
        json_array_append_new(hits, hit_json(cancu_results_get(results, i)));
    return json_pack("{s:s, s:I, s:I, s:o}", "query", query, "total",
                     (json_int_t)cancu_results_total(results), "offset",
                     (json_int_t)offset, "hits", hits);
}

json_t *cli_facets_json(const cancu_facets_t *facets)
{
    json_t *all = json_object();

    for (int k = 0; all && k < CANCU_FACET_LAST; k++) {
        cancu_facet_field_t field = (cancu_facet_field_t)k;
        json_t *values = json_array();

        for (size_t i = 0; values && i < cancu_facets_count(facets, field);
             i++) {
            const cancu_facet_t *f = cancu_facets_get(facets, field, i);

            json_array_append_new(
                values,
                json_pack("{s:s, s:s, s:I}", "value", cancu_facet_value(f),
                          "label", cancu_facet_label(f), "count",
                          (json_int_t)cancu_facet_matches(f)));
        }
        if (k != CANCU_FACET_CITES || json_array_size(values))
            json_object_set_new(all, cancu_facet_field_name(field), values);
        else
            json_decref(values);
    }
    return all;
}

static void print_facets(const cancu_facets_t *facets)
{
    for (int k = 0; k < CANCU_FACET_LAST; k++) {
        cancu_facet_field_t field = (cancu_facet_field_t)k;
        size_t n = cancu_facets_count(facets, field);

        if (!n)
            continue;
        printf("%s:\n", cancu_facet_field_name(field));
        for (size_t i = 0; i < n; i++) {
            const cancu_facet_t *f = cancu_facets_get(facets, field, i);

            printf("  %6zu  %s  [%s:\"=%s\"]\n", cancu_facet_matches(f),
                   cancu_facet_label(f), cancu_facet_field_name(field),
                   cancu_facet_value(f));
        }
    }
}

int cancu_search_command(int argc, char **argv)
{
    search_args_t args = {CANCU_SEARCH_OPTIONS_INIT, false};
    cancu_search_options_t o;
    cancu_archive_t *archive = NULL;
    cancu_results_t *results = NULL;
    cancu_facets_t *facets = NULL;
    char query[4096] = "";
    size_t len = 0;
    int first, rc;
    cancu_status_t status;

    rc = cli_parse(argc, argv, options, usage, on_option, &args, &first);
    if (rc >= 0)
        return rc;
    o = args.o;
    if (first >= argc) {
        cli_error(_("search: give a query"));
        return CLI_EXIT_BAD_INPUT;
    }
    for (int i = first; i < argc; i++) {
        /* An argument the shell kept whole keeps its words together: a
         * field's value, or a phrase. */
        const char *arg = argv[i], *colon = strchr(arg, ':');
        bool spaced = strchr(arg, ' ') && !strchr(arg, '"');
        size_t name = colon && spaced ? (size_t)(colon - arg) + 1 : 0;
        int n;

        n = snprintf(query + len, sizeof query - len, "%s%.*s%s%s%s",
                     len ? " " : "", (int)name, arg, spaced ? "\"" : "",
                     arg + name, spaced ? "\"" : "");
        if (n < 0 || (size_t)n >= sizeof query - len) {
            cli_error(_("search: query is longer than %zu bytes"),
                      sizeof query - 1);
            return CLI_EXIT_BAD_INPUT;
        }
        len += (size_t)n;
    }
    if (cli_globals.json) {
        o.highlight_start = "<mark>";
        o.highlight_end = "</mark>";
    } else if (isatty(STDOUT_FILENO)) {
        o.highlight_start = "\033[1;4m";
        o.highlight_end = "\033[0m";
    }
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    status = cancu_search(&results, archive, query, &o);
    if (!status && args.facets)
        status = cancu_search_facets(&facets, archive, query, NULL);
    if (status) {
        cancu_results_destroy(results);
        rc = cli_fail(status);
        cancu_archive_close(archive);
        return rc;
    }
    rc = CLI_EXIT_OK;
    if (cli_globals.json) {
        json_t *root = cli_results_json(results, query, o.offset);

        if (root && facets)
            json_object_set_new(root, "facets", cli_facets_json(facets));
        rc = cli_print_json(root);
    } else {
        size_t n = cancu_results_count(results);

        if (!n)
            printf(_("no passage matches '%s'\n"), query);
        for (size_t i = 0; i < n; i++) {
            const cancu_hit_t *hit = cancu_results_get(results, i);
            const char *section = cancu_hit_section(hit);

            printf(_("%zu. %s%s%s  [%.12s line %zu]\n   %s\n"),
                   o.offset + i + 1, cancu_hit_plan_title(hit),
                   *section ? " — " : "", section, cancu_hit_plan(hit),
                   cancu_hit_line(hit), cancu_hit_snippet(hit));
        }
        if (n && !cli_globals.quiet)
            printf(ngettext("(%zu of about %zu passage)\n",
                            "(%zu of about %zu passages)\n",
                            cancu_results_total(results)),
                   n, cancu_results_total(results));
        if (facets)
            print_facets(facets);
    }
    cancu_facets_destroy(facets);
    cancu_results_destroy(results);
    cancu_archive_close(archive);
    return rc;
}
