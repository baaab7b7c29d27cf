/* cancu verify: the archive holds whole plans only. */
#include <stdio.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu verify\n\n"
       "Check that every plan in the archive has its record and exactly its\n"
       "passages, and that no passage is left without its plan. Exit 0 when\n"
       "the archive is whole, 3 otherwise.\n");

int cancu_verify_command(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    cancu_plan_list_t *list = NULL;
    cancu_status_t status;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    status = cancu_archive_verify(archive);
    if (!status)
        status = cancu_archive_plans(&list, archive);
    if (status) {
        rc = cli_fail(status);
    } else if (cli_globals.json) {
        rc = cli_print_json(json_pack("{s:b, s:I}", "ok", 1, "plans",
                                      (json_int_t)cancu_plan_list_count(list)));
    } else {
        if (!cli_globals.quiet)
            printf(ngettext("archive is whole: %zu plan\n",
                            "archive is whole: %zu plans\n",
                            cancu_plan_list_count(list)),
                   cancu_plan_list_count(list));
        rc = CLI_EXIT_OK;
    }
    cancu_plan_list_destroy(list);
    cancu_archive_close(archive);
    return rc;
}
