/* cancu check FILE|PLAN-ID|--all: the citations of a plan against the
 * legal-status registry and what its text alone shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: cancu check [--as-of DATE|today] [--json] FILE|PLAN-ID|--all\n\n"
    "Check every reference of a plan: replaced, repealed, expired (with\n"
    "the replacement and its date), amended and unknown, from the\n"
    "legal-status registry in the archive ('cancu registry import'); and\n"
    "the problems the text alone shows: year-mismatch, missing-year,\n"
    "conflicting-date, future-dated, ambiguous. By default each plan is\n"
    "judged as of its own date (was it outdated when written?); --as-of\n"
    "judges as of another date (is it outdated now?). Exit 0 when nothing\n"
    "is at warning or above, 1 otherwise.\n";

enum { OPT_AS_OF = 1, OPT_ALL };

static const struct option options[] = {
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"all", no_argument, NULL, OPT_ALL},
    {NULL, 0, NULL, 0},
};

typedef struct check_options {
    const char *as_of;
    bool all;
    char today[16];
} check_options_t;

static int on_option(int option, const char *arg, void *payload)
{
    check_options_t *o = payload;

    if (option == OPT_AS_OF) {
        if (strcmp(arg, "today") == 0) {
            /* Asked for: the clock, only here. */
            time_t now = time(NULL);
            struct tm tm;

            localtime_r(&now, &tm);
            strftime(o->today, sizeof o->today, "%Y-%m-%d", &tm);
            o->as_of = o->today;
        } else {
            o->as_of = arg;
        }
    }
    if (option == OPT_ALL)
        o->all = true;
    return 0;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

typedef struct finding_kind {
    const char *kind;
    const char *severity;
} finding_kind_t;

static const finding_kind_t kinds[] = {
    {"replaced", "warning"},     {"repealed", "warning"},
    {"expired", "warning"},      {"year-mismatch", "warning"},
    {"missing-year", "warning"}, {"conflicting-date", "warning"},
    {"future-dated", "warning"}, {"ambiguous", "info"},
    {"amended", "info"},         {"unknown", "info"},
    {"unknown-code", "info"},
};

static const char *severity_of(const char *kind)
{
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(kinds[i].kind, kind) == 0)
            return kinds[i].severity;
    return "info";
}

static void add_finding(json_t *findings, json_t *ref, const char *kind,
                        const char *as_of, const char *vi, const char *en,
                        const char *suggestion)
{
    json_array_append_new(
        findings, json_pack("{s:s, s:s, s:s, s:s, s:O, s:s, s:s, s:s, s:o}",
                            "id", str(ref, "id"), "kind", kind, "severity",
                            severity_of(kind), "text", str(ref, "text"),
                            "where", json_object_get(ref, "where"), "as_of",
                            as_of, "detail", en, "detail_vi", vi, "suggestion",
                            suggestion && *suggestion ? json_string(suggestion)
                                                      : json_null()));
}

/* The registry's candidates for an id: for a Party document without a
 * date, the one signed last on or before 'as_of'. */
static const cancu_registry_entry_t *
choose(const cancu_registry_entry_list_t *list, const char *date,
       const char *as_of)
{
    const cancu_registry_entry_t *best = NULL;

    for (size_t i = 0; i < cancu_registry_entry_list_count(list); i++) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(list, i);
        const char *signed_on = cancu_registry_entry_signed(e);

        if (*date && *signed_on && strncmp(signed_on, date, 10) == 0)
            return e;
        if (*signed_on && strncmp(signed_on, as_of, strlen(as_of)) > 0)
            continue;
        if (!best || strcmp(signed_on, cancu_registry_entry_signed(best)) > 0)
            best = e;
    }
    return best;
}

static void check_registry(json_t *findings, json_t *ref,
                           cancu_archive_t *archive, const char *as_of)
{
    cancu_registry_entry_list_t *list = NULL;
    cancu_registry_standing_t *standing = NULL;
    const cancu_registry_entry_t *e = NULL;
    char vi[512], en[512], amenders[256] = "";
    size_t n = 0;

    if (archive && cancu_registry_lookup(&list, archive, str(ref, "id")) ==
                       CANCU_STATUS_SUCCESS)
        e = choose(list, str(ref, "date"), as_of);
    if (!e || cancu_registry_status_as_of(&standing, e, as_of)) {
        snprintf(en, sizeof en, "%s is not in the registry", str(ref, "id"));
        snprintf(vi, sizeof vi,
                 "%s chưa có trong cơ sở dữ liệu tình trạng "
                 "hiệu lực",
                 str(ref, "id"));
        add_finding(findings, ref, "unknown", as_of, vi, en, NULL);
        cancu_registry_entry_list_destroy(list);
        return;
    }
    switch (cancu_registry_standing_status(standing)) {
    case CANCU_LEGAL_REPLACED:
        snprintf(en, sizeof en, "%s was replaced by %s from %s", str(ref, "id"),
                 cancu_registry_standing_replaced_by(standing),
                 cancu_registry_standing_replaced_on(standing));
        snprintf(vi, sizeof vi, "%s đã được thay thế bởi %s từ ngày %s",
                 str(ref, "id"), cancu_registry_standing_replaced_by(standing),
                 cancu_registry_standing_replaced_on(standing));
        add_finding(findings, ref, "replaced", as_of, vi, en,
                    cancu_registry_standing_replaced_by(standing));
        break;
    case CANCU_LEGAL_REPEALED:
    case CANCU_LEGAL_EXPIRED: {
        bool repealed =
            cancu_registry_standing_status(standing) == CANCU_LEGAL_REPEALED;

        snprintf(en, sizeof en, "%s was %s on %s", str(ref, "id"),
                 repealed ? "repealed" : "no longer in force",
                 cancu_registry_standing_ended_on(standing));
        snprintf(vi, sizeof vi, "%s đã %s từ ngày %s", str(ref, "id"),
                 repealed ? "bị bãi bỏ" : "hết hiệu lực",
                 cancu_registry_standing_ended_on(standing));
        add_finding(findings, ref, repealed ? "repealed" : "expired", as_of, vi,
                    en, NULL);
        break;
    }
    case CANCU_LEGAL_AMENDED:
        for (size_t i = 0; i < cancu_registry_standing_amended_count(standing);
             i++) {
            int w = snprintf(amenders + n, sizeof amenders - n, "%s%s",
                             i ? ", " : "",
                             cancu_registry_standing_amended_by(standing, i));

            if (w > 0 && (size_t)w < sizeof amenders - n)
                n += (size_t)w;
        }
        snprintf(en, sizeof en, "%s is in force, amended by %s", str(ref, "id"),
                 amenders);
        snprintf(vi, sizeof vi,
                 "%s còn hiệu lực, đã được sửa đổi, bổ sung "
                 "bởi %s",
                 str(ref, "id"), amenders);
        add_finding(findings, ref, "amended", as_of, vi, en, amenders);
        break;
    default:
        break;
    }
    cancu_registry_standing_destroy(standing);
    cancu_registry_entry_list_destroy(list);
}

static const char *problem_vi(const char *kind)
{
    if (!strcmp(kind, "year-mismatch"))
        return "năm trong số hiệu khác năm ban hành";
    if (!strcmp(kind, "missing-year"))
        return "số hiệu thiếu năm ban hành";
    if (!strcmp(kind, "conflicting-date"))
        return "một văn bản được ghi hai ngày ban hành khác nhau";
    if (!strcmp(kind, "future-dated"))
        return "văn bản được dẫn ban hành sau ngày của kế hoạch";
    if (!strcmp(kind, "ambiguous"))
        return "không xác định được văn bản nào";
    return "mã văn bản không rõ";
}

/* The findings of one plan's references, as of 'as_of'. */
static json_t *check_plan(json_t *refs, cancu_archive_t *archive,
                          const char *as_of)
{
    json_t *findings = json_array(), *r, *p;
    json_t *seen = json_object();
    size_t i;

    json_array_foreach(json_object_get(refs, "problems"), i, p)
    {
        /* The text's problems, first: an ambiguous Party document may be
         * settled by the registry below. */
        char vi[512];
        json_t *ref =
            json_pack("{s:s, s:s, s:O}", "id", str(p, "id"), "text",
                      str(p, "text"), "where", json_object_get(p, "where"));

        if (strcmp(str(p, "kind"), "ambiguous") != 0) {
            snprintf(vi, sizeof vi, "%s: %s", str(p, "text"),
                     problem_vi(str(p, "kind")));
            add_finding(findings, ref, str(p, "kind"), as_of, vi,
                        str(p, "detail"), str(p, "suggestion"));
        }
        json_decref(ref);
    }
    json_array_foreach(json_object_get(refs, "references"), i, r)
    {
        /* One finding per document and place, not per mention. */
        char key[512];

        snprintf(key, sizeof key, "%s|%s", str(r, "key"),
                 str(json_object_get(r, "where"), "section"));
        if (json_object_get(seen, key))
            continue;
        json_object_set_new(seen, key, json_true());
        if (json_is_true(json_object_get(r, "ambiguous"))) {
            cancu_registry_entry_list_t *list = NULL;
            size_t n = 0;

            if (archive && !cancu_registry_lookup(&list, archive, str(r, "id")))
                n = cancu_registry_entry_list_count(list);
            cancu_registry_entry_list_destroy(list);
            if (!n) {
                char en[256], vi[256];

                snprintf(en, sizeof en,
                         "%s cannot be told apart without its date or "
                         "issuer",
                         str(r, "text"));
                snprintf(vi, sizeof vi, "%s: %s", str(r, "text"),
                         problem_vi("ambiguous"));
                add_finding(findings, r, "ambiguous", as_of, vi, en, NULL);
                continue;
            }
        }
        check_registry(findings, r, archive, as_of);
    }
    json_decref(seen);
    return findings;
}

static int print(json_t *out, bool json)
{
    size_t i, warnings = 0;
    json_t *f;

    json_array_foreach(json_object_get(out, "findings"), i, f) warnings +=
        strcmp(str(f, "severity"), "info") != 0;
    if (json) {
        cli_print_json(json_incref(out));
    } else {
        json_array_foreach(json_object_get(out, "findings"), i, f)
        {
            json_t *where = json_object_get(f, "where");

            printf("%-7s %-16s %-20s %s", str(f, "severity"), str(f, "kind"),
                   str(f, "id"), str(where, "section"));
            if (*str(where, "task"))
                printf(", task %s", str(where, "task"));
            printf(" (line %lld)\n",
                   json_integer_value(json_object_get(where, "line")));
            printf("        %s\n        %s\n", str(f, "detail_vi"),
                   str(f, "detail"));
        }
        if (!cli_globals.quiet)
            printf("%zu finding%s, %zu at warning or above (as of %s)\n",
                   json_array_size(json_object_get(out, "findings")),
                   json_array_size(json_object_get(out, "findings")) == 1 ? ""
                                                                          : "s",
                   warnings, str(out, "as_of"));
    }
    return warnings ? CLI_EXIT_PROBLEMS : CLI_EXIT_OK;
}

/* The references JSON of the plan named, from a file or the archive. */
static cancu_status_t plan_refs(const char *name, cancu_archive_t *archive,
                                json_t **out)
{
    struct stat st;
    char *text = NULL;
    cancu_status_t status;

    *out = NULL;
    if (stat(name, &st) == 0) {
        cancu_document_t *doc = NULL;

        status = cancu_document_open(&doc, name, NULL);
        if (!status)
            status = cancu_document_references_json(doc, &text);
        cancu_document_destroy(doc);
    } else if (archive) {
        status = cancu_archive_plan_references(archive, name, &text);
    } else {
        return cancu_archive_open(&archive, cli_archive_dir(),
                                  CANCU_ARCHIVE_READ);
    }
    if (!status)
        *out = json_loads(text, 0, NULL);
    free(text);
    return status;
}

int cancu_check_command(int argc, char **argv)
{
    check_options_t o = {NULL, false, ""};
    cancu_archive_t *archive = NULL;
    json_t *result, *all;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if ((first >= argc) == !o.all) {
        cli_error("check: name one plan file or plan id, or --all");
        return CLI_EXIT_BAD_INPUT;
    }
    /* The registry lives in the archive; a file can be checked without
     * one, with everything then unknown. */
    if (cancu_archive_open(&archive, cli_archive_dir(), CANCU_ARCHIVE_READ))
        archive = NULL;
    if (o.all && !archive)
        return cli_fail(cancu_archive_open(&archive, cli_archive_dir(),
                                           CANCU_ARCHIVE_READ));
    result = json_object();
    all = json_array();
    if (o.all) {
        cancu_plan_list_t *plans = NULL;

        status = cancu_archive_plans(&plans, archive);
        for (size_t i = 0; !status && i < cancu_plan_list_count(plans); i++) {
            json_t *refs = NULL;

            status = plan_refs(cancu_plan_id(cancu_plan_list_get(plans, i)),
                               archive, &refs);
            /* Removed by a writer since the list was read. */
            if (status == CANCU_STATUS_NOT_FOUND)
                status = CANCU_STATUS_SUCCESS;
            else if (!status)
                json_array_append_new(all, refs);
        }
        cancu_plan_list_destroy(plans);
    } else {
        json_t *refs = NULL;

        status = plan_refs(argv[first], archive, &refs);
        if (!status)
            json_array_append_new(all, refs);
    }
    if (status) {
        rc = cli_fail(status);
    } else {
        json_t *findings = json_array(), *refs;
        size_t i;
        const char *as_of = o.as_of;

        json_array_foreach(all, i, refs)
        {
            json_t *doc = json_object_get(refs, "document"), *f, *plan_findings;
            const char *date = o.as_of ? o.as_of : str(doc, "date");
            size_t k;

            if (!as_of)
                as_of = date;
            plan_findings = check_plan(refs, archive, *date ? date : "9999");
            json_array_foreach(plan_findings, k, f)
            {
                json_object_set(f, "plan", json_object_get(doc, "id"));
                json_array_append(findings, f);
            }
            json_decref(plan_findings);
        }
        json_object_set_new(result, "as_of",
                            as_of && *as_of ? json_string(as_of) : json_null());
        json_object_set_new(result, "findings", findings);
        rc = print(result, cli_globals.json);
    }
    json_decref(result);
    json_decref(all);
    cancu_archive_close(archive);
    return rc;
}
