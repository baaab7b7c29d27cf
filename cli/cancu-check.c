/* cancu check FILE|PLAN-ID|--all: the citations of a plan against the
 * legal-status registry and what its text alone shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu check [--as-of DATE|today] [--json] FILE|PLAN-ID|--all\n\n"
       "Check every reference of a plan: replaced, repealed, expired (with\n"
       "the replacement and its date), amended and unknown, from the\n"
       "legal-status registry in the archive ('cancu registry import'); and\n"
       "the problems the text alone shows: year-mismatch, missing-year,\n"
       "conflicting-date, future-dated, ambiguous. By default each plan is\n"
       "judged as of its own date (was it outdated when written?); --as-of\n"
       "judges as of another date (is it outdated now?): 2023-08-01,\n"
       "01/08/2023 or today. A replaced document's replacements are followed\n"
       "to the one in force then. Exit 0 when nothing is at warning or above,\n"
       "1 otherwise, 2 for a bad date, 3 when the registry cannot be read.\n");

enum { OPT_AS_OF = 1, OPT_ALL };

static const struct option options[] = {
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"all", no_argument, NULL, OPT_ALL},
    {NULL, 0, NULL, 0},
};

typedef struct check_options {
    const char *as_of;
    bool all;
} check_options_t;

static int on_option(int option, const char *arg, void *payload)
{
    check_options_t *o = payload;

    if (option == OPT_AS_OF)
        o->as_of = arg;
    if (option == OPT_ALL)
        o->all = true;
    return 0;
}

static void print_finding(const cancu_finding_t *f)
{
    const char *suggestion = cancu_finding_suggestion(f);

    printf("  %-16s %s", cancu_finding_kind_to_string(cancu_finding_kind(f)),
           cancu_finding_id(f));
    if (strcmp(cancu_finding_text(f), cancu_finding_id(f)) != 0)
        printf("  \"%s\"", cancu_finding_text(f));
    printf("  —");
    if (*cancu_finding_section(f))
        printf(" %s,", cancu_finding_section(f));
    if (*cancu_finding_task(f))
        printf(" nhiệm vụ %s,", cancu_finding_task(f));
    printf(" dòng %zu\n", cancu_finding_line(f));
    printf("      %s\n      %s\n", cancu_finding_detail_vi(f),
           cancu_finding_detail(f));
    if (*suggestion && cancu_finding_kind(f) != CANCU_FINDING_AMENDED)
        printf("      → nên dẫn / cite instead: %s\n", suggestion);
}

/* One plan's findings for an officer: Vietnamese first, warnings, then
 * what is worth knowing, each where the text has it. */
static void print_text(const cancu_check_t *c, bool many)
{
    size_t n = cancu_check_count(c), warnings = cancu_check_warnings(c);
    const char *as_of = cancu_check_as_of(c);

    if (many || !cli_globals.quiet)
        printf("%s%s  %.12s  %s\n", many ? "== " : "",
               *cancu_check_plan_title(c) ? cancu_check_plan_title(c)
                                          : "(không tên / untitled)",
               cancu_check_plan_id(c), cancu_check_plan_path(c));
    for (int pass = 0; pass < 2; pass++) {
        size_t shown = pass ? n - warnings : warnings;

        if (!shown)
            continue;
        printf("%s (%zu)\n", pass ? "THÔNG TIN / info" : "CẢNH BÁO / warnings",
               shown);
        for (size_t i = 0; i < n; i++) {
            const cancu_finding_t *f = cancu_check_get(c, i);

            if ((cancu_finding_severity(f) == CANCU_SEVERITY_INFO) == pass)
                print_finding(f);
        }
    }
    if (!cli_globals.quiet)
        printf("%zu phát hiện, %zu cảnh báo (xét tại ngày %s) / "
               "%zu finding%s, %zu at warning or above (as of %s)\n",
               n, warnings, *as_of ? as_of : "?", n, n == 1 ? "" : "s",
               warnings, *as_of ? as_of : "no date");
}

/* "" as null. */
static json_t *string_or_null(const char *s)
{
    return *s ? json_string(s) : json_null();
}

/* The strings get(f, 0 .. n-1) as a JSON list. */
static json_t *string_list(const cancu_finding_t *f, size_t n,
                           const char *(*get)(const cancu_finding_t *, size_t))
{
    json_t *a = json_array();

    for (size_t i = 0; a && i < n; i++)
        if (json_array_append_new(a, json_string(get(f, i))) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *finding_json(const cancu_check_t *c, const cancu_finding_t *f)
{
    size_t nchain = cancu_finding_chain_count(f);

    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:I}, s:s, s:s, s:s, s:o, "
        "s:o, s:o, s:o, s:o, s:{s:s, s:s}}",
        "plan", cancu_check_plan_id(c), "id", cancu_finding_id(f), "kind",
        cancu_finding_kind_to_string(cancu_finding_kind(f)), "severity",
        cancu_severity_to_string(cancu_finding_severity(f)), "text",
        cancu_finding_text(f), "where", "section", cancu_finding_section(f),
        "task", cancu_finding_task(f), "line",
        (json_int_t)cancu_finding_line(f), "as_of", cancu_check_as_of(c),
        "detail", cancu_finding_detail(f), "detail_vi",
        cancu_finding_detail_vi(f), "suggestion",
        string_or_null(cancu_finding_suggestion(f)), "ended_on",
        string_or_null(cancu_finding_ended_on(f)), "replaced_by",
        nchain ? json_string(cancu_finding_chain(f, nchain - 1)) : json_null(),
        "chain", string_list(f, nchain, cancu_finding_chain), "candidates",
        string_list(f, cancu_finding_candidate_count(f),
                    cancu_finding_candidate),
        "record", "id", cancu_finding_record(f), "origin",
        cancu_finding_origin(f));
}

json_t *cli_check_json(const cancu_check_t *c)
{
    json_t *findings = json_array();

    for (size_t i = 0; findings && i < cancu_check_count(c); i++) {
        json_t *f = finding_json(c, cancu_check_get(c, i));

        if (!f || json_array_append_new(findings, f) != 0) {
            json_decref(findings);
            findings = NULL;
        }
    }
    if (!findings)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:I, s:o}", "plan",
                     cancu_check_plan_id(c), "path", cancu_check_plan_path(c),
                     "title", cancu_check_plan_title(c), "date",
                     string_or_null(cancu_check_plan_date(c)), "as_of",
                     string_or_null(cancu_check_as_of(c)), "warnings",
                     (json_int_t)cancu_check_warnings(c), "findings", findings);
}

/* The plans to check: the file or plan named, or every plan. */
static cancu_status_t check_one(cancu_check_t **out, const char *name,
                                cancu_archive_t *archive, const char *as_of)
{
    struct stat st;
    cancu_document_t *doc = NULL;
    cancu_status_t status;

    if (stat(name, &st) != 0) {
        if (!archive)
            return cancu_archive_open(&archive, cli_archive_dir(),
                                      CANCU_ARCHIVE_READ);
        return cancu_check_plan(out, archive, name, as_of);
    }
    const cancu_read_options_t read_options = cli_read_options();
    status = cancu_document_open(&doc, name, &read_options);
    if (!status)
        status = cancu_check_document(out, archive, doc, as_of);
    cancu_document_destroy(doc);
    return status;
}

int cancu_check_command(int argc, char **argv)
{
    check_options_t o = {NULL, false};
    cancu_archive_t *archive = NULL;
    cancu_check_t **checks = NULL;
    size_t nchecks = 0, warnings = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    char date[11];
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if ((first >= argc) == !o.all) {
        cli_error(_("check: name one plan file or plan id, or --all"));
        return CLI_EXIT_BAD_INPUT;
    }
    if (o.as_of && cancu_date_parse(date, o.as_of)) {
        cli_error(_("check: --as-of: %s"), cancu_error_last());
        return CLI_EXIT_BAD_INPUT;
    }
    /* The registry lives in the archive; a file can be checked without
     * one, with everything then unknown. */
    if (cancu_archive_open(&archive, cli_archive_dir(), CANCU_ARCHIVE_READ))
        archive = NULL;
    if (o.all && !archive)
        return cli_fail(cancu_archive_open(&archive, cli_archive_dir(),
                                           CANCU_ARCHIVE_READ));
    if (o.all) {
        cancu_plan_list_t *plans = NULL;

        status = cancu_archive_plans(&plans, archive);
        checks = calloc(plans ? cancu_plan_list_count(plans) + 1 : 1,
                        sizeof *checks);
        if (!status && !checks)
            status = CANCU_STATUS_OUT_OF_MEMORY;
        for (size_t i = 0; !status && i < cancu_plan_list_count(plans); i++) {
            status = cancu_check_plan(
                &checks[nchecks], archive,
                cancu_plan_id(cancu_plan_list_get(plans, i)), o.as_of);
            /* Removed by a writer since the list was read. */
            if (status == CANCU_STATUS_NOT_FOUND)
                status = CANCU_STATUS_SUCCESS;
            else if (!status)
                nchecks++;
        }
        cancu_plan_list_destroy(plans);
    } else {
        checks = calloc(1, sizeof *checks);
        status = checks ? check_one(&checks[0], argv[first], archive, o.as_of)
                        : CANCU_STATUS_OUT_OF_MEMORY;
        nchecks = !status;
    }
    if (status) {
        rc = cli_fail(status);
    } else if (cli_globals.json) {
        json_t *root = json_object(), *plans = json_array();
        json_t *findings = json_array();

        for (size_t i = 0; i < nchecks; i++) {
            json_t *one = cli_check_json(checks[i]), *f;
            size_t k;

            json_array_foreach(json_object_get(one, "findings"), k, f)
                json_array_append(findings, f);
            if (o.all) {
                json_array_append_new(plans, one);
            } else {
                json_object_update(root, one);
                json_decref(one);
            }
            warnings += cancu_check_warnings(checks[i]);
        }
        if (o.all)
            json_object_set_new(root, "plans", plans);
        else
            json_decref(plans);
        json_object_set_new(root, "findings", findings);
        rc = cli_print_json(root);
        if (rc == CLI_EXIT_OK && warnings)
            rc = CLI_EXIT_PROBLEMS;
    } else {
        for (size_t i = 0; i < nchecks; i++) {
            print_text(checks[i], o.all);
            warnings += cancu_check_warnings(checks[i]);
        }
        rc = warnings ? CLI_EXIT_PROBLEMS : CLI_EXIT_OK;
    }
    for (size_t i = 0; i < nchecks; i++)
        cancu_check_destroy(checks[i]);
    free(checks);
    cancu_archive_close(archive);
    return rc;
}
