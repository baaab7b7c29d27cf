/* cancu refs FILE|PLAN-ID: the legal references of a plan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu refs [--json] FILE|PLAN-ID\n\n"
       "The legal references of a plan file, or of a plan in the archive (by\n"
       "id or unique id prefix): each with its canonical id, type, number,\n"
       "year, code, issuer, date, title, the text as written and where it\n"
       "stands; the relations the text states between the documents it\n"
       "cites (amends, replaces, repeals, expires); and the problems the\n"
       "text alone shows (year-mismatch, missing-year, conflicting-date,\n"
       "future-dated, unknown-code, ambiguous).\n");

static void print_text(json_t *root)
{
    json_t *refs = json_object_get(root, "references"), *r;
    json_t *relations = json_object_get(root, "relations");
    json_t *problems = json_object_get(root, "problems");
    size_t i;

    json_array_foreach(refs, i, r)
    {
        const char *date = json_string_value(json_object_get(r, "date"));
        const char *section = json_string_value(
            json_object_get(json_object_get(r, "where"), "section"));

        printf("%-22s %-10s %-16s %s%s\n",
               json_string_value(json_object_get(r, "id")), date ? date : "-",
               json_string_value(json_object_get(r, "form")),
               section && *section ? section : "-",
               json_is_true(json_object_get(r, "ambiguous")) ? _("  ambiguous")
                                                             : "");
    }
    json_array_foreach(relations, i, r)
    {
        const char *source = json_string_value(json_object_get(r, "source"));

        printf(_("relation: %s %s %s\n"),
               source ? source : _("(this document)"),
               json_string_value(json_object_get(r, "kind")),
               json_string_value(json_object_get(r, "target")));
    }
    json_array_foreach(problems, i, r) printf(
        _("problem: %s %s: %s\n"), json_string_value(json_object_get(r, "id")),
        json_string_value(json_object_get(r, "kind")),
        json_string_value(json_object_get(r, "detail")));
    if (!cli_globals.quiet)
        /* TRANSLATORS: the counts of references, relations and
         * problems of a plan. */
        printf(_("%zu references, %zu relations, %zu problems\n"),
               json_array_size(refs), json_array_size(relations),
               json_array_size(problems));
}

int cancu_refs_command(int argc, char **argv)
{
    cancu_status_t status;
    char *text = NULL;
    json_t *root;
    struct stat st;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first + 1 != argc) {
        cli_error(_("refs: name one plan file or plan id"));
        return CLI_EXIT_BAD_INPUT;
    }
    if (stat(argv[first], &st) == 0) {
        cancu_document_t *doc = NULL;

        const cancu_read_options_t read_options = cli_read_options();
        status = cancu_document_open(&doc, argv[first], &read_options);
        if (!status)
            status = cancu_document_references_json(doc, &text);
        cancu_document_destroy(doc);
    } else {
        cancu_archive_t *archive = NULL;

        rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
        if (rc >= 0)
            return rc;
        status = cancu_archive_plan_references(archive, argv[first], &text);
        cancu_archive_close(archive);
    }
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
