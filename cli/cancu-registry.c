/* cancu registry show|import|list: the legal-status registry kept in the
 * archive. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/registry.h>

#include "cli/cli.h"

static const char usage[] = N_(
    "usage: cancu registry show [--as-of DATE] [--json] REF\n"
    "       cancu registry import [--json] FILE\n"
    "       cancu registry import --format vbpl [--dataset NAME] DOCUMENTS\n"
    "                             RELATIONSHIPS\n"
    "       cancu registry list [--json]\n\n"
    "The legal-status registry kept in the archive: what became of each\n"
    "legal document (in-force, amended, replaced, repealed, expired or\n"
    "unknown), from when, on what sources, and how sure it is (verified,\n"
    "partial, mined, unverified).\n\n"
    "  show REF      the records for REF, in any spelling the reference\n"
    "                extractor reads (16/2015/ND-CP); a Party number\n"
    "                without its year (18-NQ/TW) shows every candidate\n"
    "  import FILE   check a registry file (TSV: corpora/registry/README.md)\n"
    "                and merge its good rows into the archive, creating it\n"
    "                when missing; a row replaces the record of its id. Each\n"
    "                bad row is reported with its line and left out; the\n"
    "                good ones are imported, and the exit code is then 2\n"
    "  import --format vbpl DOCUMENTS RELATIONSHIPS\n"
    "                the two tables of a dataset crawled from vbpl.vn (CSV\n"
    "                or JSON lines: corpora/vbpl/README.md), streamed;\n"
    "                --dataset names it and its date in each record's\n"
    "                origin. Unknown columns and labels are reported\n"
    "  list          every record: id, status, confidence, where from,\n"
    "                replacement\n\n"
    "  --as-of DATE  with show: the standing on DATE (YYYY, YYYY-MM or\n"
    "                YYYY-MM-DD); a change within a partial date counts\n"
    "  --json        print JSON\n"
    "  --quiet, -q   no summary line\n");

enum { OPT_AS_OF = 1, OPT_FORMAT, OPT_DATASET };

static const struct option options[] = {
    {"as-of", required_argument, NULL, OPT_AS_OF},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"dataset", required_argument, NULL, OPT_DATASET},
    {NULL, 0, NULL, 0},
};

typedef struct registry_options {
    const char *as_of, *format, *dataset;
} registry_options_t;

static int on_option(int option, const char *arg, void *payload)
{
    registry_options_t *o = payload;

    if (option == OPT_AS_OF)
        o->as_of = arg;
    if (option == OPT_FORMAT) {
        if (strcmp(arg, "tsv") != 0 && strcmp(arg, "vbpl") != 0) {
            cli_error(_("registry: --format is tsv or vbpl, not '%s'"), arg);
            return CLI_EXIT_BAD_INPUT;
        }
        o->format = arg;
    }
    if (option == OPT_DATASET)
        o->dataset = arg;
    return 0;
}

/* JSON. */

static json_t *amendments_json(const cancu_registry_entry_t *e)
{
    json_t *array = json_array();

    for (size_t i = 0; array && i < cancu_registry_entry_amended_count(e); i++)
        json_array_append_new(
            array,
            json_pack("{s:s, s:s}", "id", cancu_registry_entry_amended_by(e, i),
                      "date", cancu_registry_entry_amended_on(e, i)));
    return array;
}

/* The sources as an array of URLs. */
static json_t *sources_json(const char *sources)
{
    json_t *array = json_array();
    const char *p = sources;

    while (array && *p) {
        size_t n = strcspn(p, ";");

        json_array_append_new(array, json_stringn(p, n));
        p += n;
        while (*p == ';' || *p == ' ')
            p++;
    }
    return array;
}

/* Does what a text says (relation 'i') contradict the record's own
 * fields? Only a record not made from texts can disagree with them. */
static bool disagrees(const cancu_registry_entry_t *e, size_t i)
{
    const char *kind = cancu_registry_entry_relation_kind(e, i);
    const char *by = cancu_registry_entry_relation_source(e, i);
    cancu_legal_status_t status = cancu_registry_entry_status(e);

    if (strcmp(cancu_registry_entry_provenance(e), "mined") == 0)
        return false;
    if (strcmp(kind, "replaces") == 0)
        return strcmp(cancu_registry_entry_replaced_by(e), by) != 0;
    if (strcmp(kind, "repeals") == 0)
        return status != CANCU_LEGAL_REPEALED && status != CANCU_LEGAL_REPLACED;
    if (strcmp(kind, "expires") == 0)
        return status != CANCU_LEGAL_EXPIRED &&
               status != CANCU_LEGAL_REPLACED && status != CANCU_LEGAL_REPEALED;
    for (size_t k = 0; k < cancu_registry_entry_amended_count(e); k++)
        if (strcmp(cancu_registry_entry_amended_by(e, k), by) == 0)
            return false;
    return true;
}

static json_t *relations_json(const cancu_registry_entry_t *e)
{
    json_t *array = json_array();

    for (size_t i = 0; array && i < cancu_registry_entry_relation_count(e); i++)
        json_array_append_new(
            array,
            json_pack("{s:s, s:s, s:s, s:s, s:I, s:b}", "kind",
                      cancu_registry_entry_relation_kind(e, i), "source",
                      cancu_registry_entry_relation_source(e, i), "date",
                      cancu_registry_entry_relation_date(e, i), "mined_from",
                      cancu_registry_entry_relation_mined_from(e, i), "line",
                      (json_int_t)cancu_registry_entry_relation_line(e, i),
                      "disagrees", disagrees(e, i)));
    return array;
}

static json_t *standing_json(const cancu_registry_standing_t *s)
{
    json_t *amended = json_array();

    for (size_t i = 0; amended && i < cancu_registry_standing_amended_count(s);
         i++)
        json_array_append_new(
            amended, json_pack("{s:s, s:s}", "id",
                               cancu_registry_standing_amended_by(s, i), "date",
                               cancu_registry_standing_amended_on(s, i)));
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o*}", "date",
        cancu_registry_standing_date(s), "status",
        cancu_legal_status_to_string(cancu_registry_standing_status(s)),
        "replaced_by", cancu_registry_standing_replaced_by(s), "replaced_on",
        cancu_registry_standing_replaced_on(s), "ended_on",
        cancu_registry_standing_ended_on(s), "amended_by", amended);
}

static json_t *entry_json(const cancu_registry_entry_t *e,
                          const cancu_registry_standing_t *s)
{
    json_t *root = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o*, s:s, s:s, "
        "s:o*, s:s, s:s, s:s, s:o*}",
        "id", cancu_registry_entry_id(e), "type", cancu_registry_entry_type(e),
        "issuer", cancu_registry_entry_issuer(e), "signed",
        cancu_registry_entry_signed(e), "in_force",
        cancu_registry_entry_in_force(e), "title",
        cancu_registry_entry_title(e), "status",
        cancu_legal_status_to_string(cancu_registry_entry_status(e)),
        "replaced_by", cancu_registry_entry_replaced_by(e), "replaced_on",
        cancu_registry_entry_replaced_on(e), "amended_by", amendments_json(e),
        "repealed_on", cancu_registry_entry_repealed_on(e), "expired_on",
        cancu_registry_entry_expired_on(e), "source",
        sources_json(cancu_registry_entry_source(e)), "confidence",
        cancu_registry_confidence_to_string(cancu_registry_entry_confidence(e)),
        "mined_from", cancu_registry_entry_mined_from(e), "origin",
        cancu_registry_entry_origin(e), "mined", relations_json(e));

    if (root)
        json_object_set_new(root, "provenance",
                            json_string(cancu_registry_entry_provenance(e)));
    if (root && *cancu_registry_entry_text(e))
        json_object_set_new(root, "text",
                            json_string(cancu_registry_entry_text(e)));
    if (root && s)
        json_object_set_new(root, "as_of", standing_json(s));
    return root;
}

/* Text. */

static const char *or_dash(const char *s)
{
    return *s ? s : "-";
}

/* A status in the user's language: the library's word in English
 * (cancu_legal_status_to_string), which --json and 'list' print. */
static const char *status_text(cancu_legal_status_t status)
{
    static const char *const words[] = {
        /* TRANSLATORS: the legal status of a document, in 'registry
         * show'. */
        N_("unknown"),  N_("in-force"), N_("amended"),         N_("replaced"),
        N_("repealed"), N_("expired"),  N_("not-yet-in-force")};
    const char *word = cancu_legal_status_to_string(status);

    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i], word) == 0)
            return _(words[i]);
    return word;
}

/* "replaced by X from D", "repealed from D", "amended", ... */
static void print_status(cancu_legal_status_t status, const char *replaced_by,
                         const char *ended_on)
{
    fputs(status_text(status), stdout);
    if (status == CANCU_LEGAL_REPLACED && *replaced_by)
        printf(_(" by %s"), replaced_by);
    if (*ended_on)
        printf(_(" from %s"), ended_on);
}

static void print_entry(const cancu_registry_entry_t *e,
                        const cancu_registry_standing_t *s)
{
    cancu_legal_status_t status = cancu_registry_entry_status(e);
    const char *ended_on =
        status == CANCU_LEGAL_REPLACED   ? cancu_registry_entry_replaced_on(e)
        : status == CANCU_LEGAL_REPEALED ? cancu_registry_entry_repealed_on(e)
        : status == CANCU_LEGAL_EXPIRED  ? cancu_registry_entry_expired_on(e)
                                         : "";
    const char *source = cancu_registry_entry_source(e);
    size_t n = cancu_registry_entry_amended_count(e);

    printf("%s\n", cancu_registry_entry_id(e));
    if (*cancu_registry_entry_type(e) || *cancu_registry_entry_issuer(e))
        printf(_("  type        %s, %s\n"),
               or_dash(cancu_registry_entry_type(e)),
               or_dash(cancu_registry_entry_issuer(e)));
    if (*cancu_registry_entry_title(e))
        printf(_("  title       %s\n"), cancu_registry_entry_title(e));
    fputs(_("  status      "), stdout);
    print_status(status, cancu_registry_entry_replaced_by(e), ended_on);
    putchar('\n');
    if (status != CANCU_LEGAL_REPLACED && *cancu_registry_entry_replaced_by(e))
        printf(_("  replaced    by %s from %s\n"),
               cancu_registry_entry_replaced_by(e),
               or_dash(cancu_registry_entry_replaced_on(e)));
    printf(_("  signed      %s\n"), or_dash(cancu_registry_entry_signed(e)));
    printf(_("  in force    %s\n"), or_dash(cancu_registry_entry_in_force(e)));
    for (size_t i = 0; i < n; i++)
        printf(i ? "              %s%s%s\n" : _("  amended by  %s%s%s\n"),
               cancu_registry_entry_amended_by(e, i),
               *cancu_registry_entry_amended_on(e, i) ? _(" from ") : "",
               cancu_registry_entry_amended_on(e, i));
    printf(_("  confidence  %s\n"), cancu_registry_confidence_to_string(
                                        cancu_registry_entry_confidence(e)));
    for (int first = 1; *source; first = 0) {
        size_t len = strcspn(source, ";");

        printf(first ? _("  source      %.*s\n") : "              %.*s\n",
               (int)len, source);
        source += len;
        while (*source == ';' || *source == ' ')
            source++;
    }
    if (strcmp(cancu_registry_entry_provenance(e), "shipped") == 0)
        printf(_("  from        the registry shipped with cancu (%s)\n"),
               cancu_registry_entry_origin(e));
    else if (strcmp(cancu_registry_entry_provenance(e), "imported") == 0)
        printf(_("  from        imported %s\n"),
               cancu_registry_entry_origin(e));
    else
        fputs(_("  from        the texts ingested (mined)\n"), stdout);
    if (*cancu_registry_entry_text(e))
        printf(_("  its text    %s\n"), cancu_registry_entry_text(e));
    for (size_t i = 0; i < cancu_registry_entry_relation_count(e); i++) {
        const char *by = cancu_registry_entry_relation_source(e, i);
        const char *date = cancu_registry_entry_relation_date(e, i);
        size_t line = cancu_registry_entry_relation_line(e, i);

        printf(_("  text says   %s %s %s%s%s (%s"), *by ? by : _("(it)"),
               cancu_registry_entry_relation_kind(e, i),
               cancu_registry_entry_id(e), *date ? _(" from ") : "", date,
               cancu_registry_entry_relation_mined_from(e, i));
        if (line)
            printf(_(" line %zu"), line);
        printf(")%s\n",
               disagrees(e, i) ? _("; the record says otherwise") : "");
    }
    if (s) {
        printf(_("  as of %s: "), cancu_registry_standing_date(s));
        print_status(cancu_registry_standing_status(s),
                     cancu_registry_standing_replaced_by(s),
                     cancu_registry_standing_ended_on(s));
        /* The amendments in effect, when they are what it is. */
        for (size_t i = 0;
             cancu_registry_standing_status(s) == CANCU_LEGAL_AMENDED &&
             i < cancu_registry_standing_amended_count(s);
             i++)
            printf("%s%s", i ? ", " : _(" by "),
                   cancu_registry_standing_amended_by(s, i));
        putchar('\n');
    }
}

/* Print 's' and pad it with spaces to 'width' characters (not bytes). */
static void print_padded(const char *s, size_t width)
{
    size_t chars = 0;

    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    fputs(s, stdout);
    for (; chars < width; chars++)
        putchar(' ');
}

/* The subcommands. */

static int show(cancu_archive_t *archive, const char *ref, const char *typed)
{
    cancu_registry_entry_list_t *list = NULL;
    cancu_status_t status;
    json_t *entries = NULL;
    char date[11];
    const char *as_of = typed ? date : NULL;
    int rc = CLI_EXIT_OK;

    if (typed && cancu_date_parse(date, typed)) {
        cli_error(_("registry show: --as-of: %s"), cancu_error_last());
        return CLI_EXIT_BAD_INPUT;
    }
    status = cancu_registry_lookup(&list, archive, ref);
    if (status)
        return cli_fail(status);
    if (cli_globals.json && !(entries = json_array())) {
        cancu_registry_entry_list_destroy(list);
        return cli_print_json(NULL);
    }
    for (size_t i = 0; i < cancu_registry_entry_list_count(list); i++) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(list, i);
        cancu_registry_standing_t *s = NULL;

        if (as_of) {
            status = cancu_registry_status_as_of(&s, e, as_of);
            if (status) {
                rc = cli_fail(status);
                break;
            }
        }
        if (entries)
            json_array_append_new(entries, entry_json(e, s));
        else
            print_entry(e, s);
        cancu_registry_standing_destroy(s);
    }
    cancu_registry_entry_list_destroy(list);
    if (rc != CLI_EXIT_OK) {
        json_decref(entries);
        return rc;
    }
    if (entries)
        return cli_print_json(
            json_pack("{s:s, s:o}", "query", ref, "entries", entries));
    return CLI_EXIT_OK;
}

static int import(cancu_archive_t *archive, const char *path,
                  const char *relationships, const char *dataset)
{
    cancu_registry_report_t *report = NULL;
    cancu_status_t status =
        relationships ? cancu_registry_import_vbpl(&report, archive, path,
                                                   relationships, dataset)
                      : cancu_registry_import(&report, archive, path);
    size_t rejected, notes;
    int rc;

    if (status)
        return cli_fail(status);
    rejected = cancu_registry_report_rejected(report);
    notes = cancu_registry_report_note_count(report);
    /* A dataset of many rows: the first rejections, then their count. */
    for (size_t i = 0; i < rejected && (i < 50 || !relationships); i++)
        cli_error("%s", cancu_registry_report_rejection(report, i));
    for (size_t i = 0; i < notes && !cli_globals.json; i++)
        fprintf(stderr, _("note: %s\n"), cancu_registry_report_note(report, i));
    rc = rejected ? CLI_EXIT_BAD_INPUT : CLI_EXIT_OK;
    if (cli_globals.json) {
        json_t *rejections = json_array();

        for (size_t i = 0; rejections && i < rejected; i++)
            json_array_append_new(
                rejections,
                json_pack(
                    "{s:I, s:s}", "line",
                    (json_int_t)cancu_registry_report_rejection_line(report, i),
                    "message", cancu_registry_report_rejection(report, i)));
        json_t *noted = json_array();

        for (size_t i = 0; noted && i < notes; i++)
            json_array_append_new(
                noted, json_string(cancu_registry_report_note(report, i)));
        if (cli_print_json(json_pack(
                "{s:s, s:I, s:I, s:I, s:I, s:o*, s:o*}", "file", path, "added",
                (json_int_t)cancu_registry_report_added(report), "updated",
                (json_int_t)cancu_registry_report_updated(report), "unchanged",
                (json_int_t)cancu_registry_report_unchanged(report), "rejected",
                (json_int_t)rejected, "rejections", rejections, "notes",
                noted)))
            rc = CLI_EXIT_ARCHIVE;
    } else if (!cli_globals.quiet) {
        /* TRANSLATORS: the counts of records added, updated, unchanged
         * and rejected by an import. */
        printf(_("%zu added, %zu updated, %zu unchanged, %zu rejected\n"),
               cancu_registry_report_added(report),
               cancu_registry_report_updated(report),
               cancu_registry_report_unchanged(report), rejected);
    }
    cancu_registry_report_destroy(report);
    return rc;
}

static int list(cancu_archive_t *archive)
{
    cancu_registry_entry_list_t *all = NULL;
    cancu_status_t status = cancu_registry_list(&all, archive);
    size_t n;

    if (status)
        return cli_fail(status);
    n = cancu_registry_entry_list_count(all);
    if (cli_globals.json) {
        json_t *entries = json_array();

        for (size_t i = 0; entries && i < n; i++)
            json_array_append_new(
                entries,
                entry_json(cancu_registry_entry_list_get(all, i), NULL));
        cancu_registry_entry_list_destroy(all);
        return cli_print_json(json_pack("{s:o*}", "entries", entries));
    }
    for (size_t i = 0; i < n; i++) {
        const cancu_registry_entry_t *e = cancu_registry_entry_list_get(all, i);

        print_padded(cancu_registry_entry_id(e), 22);
        printf(" %-9s %-10s %-8s %s\n",
               cancu_legal_status_to_string(cancu_registry_entry_status(e)),
               cancu_registry_confidence_to_string(
                   cancu_registry_entry_confidence(e)),
               cancu_registry_entry_provenance(e),
               or_dash(cancu_registry_entry_replaced_by(e)));
    }
    if (!cli_globals.quiet)
        printf(ngettext("%zu record\n", "%zu records\n", n), n);
    cancu_registry_entry_list_destroy(all);
    return CLI_EXIT_OK;
}

int cancu_registry_command(int argc, char **argv)
{
    registry_options_t o = {NULL, NULL, NULL};
    cancu_archive_t *archive = NULL;
    const char *sub;
    int first, rc, operands;
    bool vbpl;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc) {
        cli_error(_("registry: name a subcommand: show, import or list"));
        return CLI_EXIT_BAD_INPUT;
    }
    sub = argv[first];
    operands = argc - first - 1;
    if (strcmp(sub, "show") != 0 && strcmp(sub, "import") != 0 &&
        strcmp(sub, "list") != 0) {
        cli_error(_("registry: unknown subcommand '%s' (see 'cancu registry "
                    "--help')"),
                  sub);
        return CLI_EXIT_BAD_INPUT;
    }
    vbpl = o.format && strcmp(o.format, "vbpl") == 0;
    if ((o.format || o.dataset) && strcmp(sub, "import") != 0) {
        cli_error(_("registry %s: --format and --dataset go with import"), sub);
        return CLI_EXIT_BAD_INPUT;
    }
    if (vbpl && operands != 2) {
        cli_error(_("registry import --format vbpl: name the documents table "
                    "and the relationships table"));
        return CLI_EXIT_BAD_INPUT;
    }
    if (!vbpl && operands != (strcmp(sub, "list") == 0 ? 0 : 1)) {
        cli_error("registry %s: %s", sub,
                  strcmp(sub, "show") == 0     ? _("name one document")
                  : strcmp(sub, "import") == 0 ? _("name one registry file")
                                               : _("takes no argument"));
        return CLI_EXIT_BAD_INPUT;
    }
    if (o.as_of && strcmp(sub, "show") != 0) {
        cli_error(_("registry %s: --as-of goes with show only"), sub);
        return CLI_EXIT_BAD_INPUT;
    }
    if (strcmp(sub, "import") == 0) {
        rc = cli_open_archive(&archive, CANCU_ARCHIVE_WRITE);
        if (rc >= 0)
            return rc;
    } else {
        /* With no archive yet, the registry built into cancu answers. */
        cancu_status_t status =
            cancu_archive_open(&archive, cli_archive_dir(), CANCU_ARCHIVE_READ);

        if (status == CANCU_STATUS_NOT_FOUND)
            archive = NULL;
        else if (status)
            return cli_fail(status);
    }
    if (strcmp(sub, "show") == 0)
        rc = show(archive, argv[first + 1], o.as_of);
    else if (strcmp(sub, "import") == 0)
        rc = import(archive, argv[first + 1], vbpl ? argv[first + 2] : NULL,
                    o.dataset);
    else
        rc = list(archive);
    cancu_archive_close(archive);
    return rc;
}
