/* cancu docs: the plans in the archive. */
#include <stdio.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu docs [--json]\n\n"
       "List the plans in the archive, newest first: id, date, format,\n"
       "encoding, passages and references, path and title.\n");

static json_t *plan_json(const cancu_plan_t *p)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, "
        "s:I, s:I, s:I, s:I, s:I, s:s}",
        "id", cancu_plan_id(p), "path", cancu_plan_path(p), "title",
        cancu_plan_title(p), "date", cancu_plan_date(p), "issuer",
        cancu_plan_issuer(p), "number", cancu_plan_number(p), "place",
        cancu_plan_place(p), "year",
        cancu_plan_year(p) ? json_integer(cancu_plan_year(p)) : json_null(),
        "format", cancu_plan_format(p), "encoding", cancu_plan_encoding(p),
        "size", (json_int_t)cancu_plan_size(p), "paragraphs",
        (json_int_t)cancu_plan_paragraphs(p), "tables",
        (json_int_t)cancu_plan_tables(p), "passages",
        (json_int_t)cancu_plan_passages(p), "references",
        (json_int_t)cancu_plan_references(p), "ingested",
        cancu_plan_ingested(p));

    if (o) {
        json_object_set_new(o, "type", json_string(cancu_plan_type(p)));
        json_object_set_new(o, "parent",
                            json_string(cancu_plan_parent_issuer(p)));
        json_object_set_new(o, "province", json_string(cancu_plan_province(p)));
        json_object_set_new(o, "in_force", json_string(cancu_plan_in_force(p)));
    }
    return o;
}

json_t *cli_plans_json(const cancu_plan_list_t *list)
{
    json_t *docs = json_array();

    for (size_t i = 0; i < cancu_plan_list_count(list); i++)
        json_array_append_new(docs, plan_json(cancu_plan_list_get(list, i)));
    return json_pack("{s:o}", "documents", docs);
}

int cancu_docs_command(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    cancu_plan_list_t *list = NULL;
    cancu_status_t status;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first < argc) {
        cli_error(_("docs: unexpected argument '%s'"), argv[first]);
        return CLI_EXIT_BAD_INPUT;
    }
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    status = cancu_archive_plans(&list, archive);
    if (status) {
        rc = cli_fail(status);
        cancu_archive_close(archive);
        return rc;
    }
    rc = CLI_EXIT_OK;
    if (cli_globals.json) {
        rc = cli_print_json(cli_plans_json(list));
    } else {
        for (size_t i = 0; i < cancu_plan_list_count(list); i++) {
            const cancu_plan_t *p = cancu_plan_list_get(list, i);

            /* TRANSLATORS: id, date, format, encoding, then the counts
             * of passages and references, path and title. */
            printf(_("%.12s  %-10s  %-4s  %-8s  %4zu passages  %3zu refs  "
                     "%s\n    %s\n"),
                   cancu_plan_id(p),
                   *cancu_plan_date(p) ? cancu_plan_date(p) : "-",
                   cancu_plan_format(p), cancu_plan_encoding(p),
                   cancu_plan_passages(p), cancu_plan_references(p),
                   cancu_plan_path(p), cancu_plan_title(p));
        }
        if (!cli_globals.quiet)
            printf(ngettext("%zu plan\n", "%zu plans\n",
                            cancu_plan_list_count(list)),
                   cancu_plan_list_count(list));
    }
    cancu_plan_list_destroy(list);
    cancu_archive_close(archive);
    return rc;
}
