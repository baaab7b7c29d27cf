/* cancu rm ID|PATH...: remove plans with all their parts. */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu rm ID|PATH...\n\n"
       "Remove plans from the archive, named by id (or a unique prefix of at\n"
       "least 6 hex digits) or by the path they were ingested from. Nothing\n"
       "is removed unless every name is found.\n");

int cancu_rm_command(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    json_t *removed = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first >= argc) {
        cli_error(_("rm: name at least one plan id or path"));
        return CLI_EXIT_BAD_INPUT;
    }
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_WRITE);
    if (rc >= 0)
        return rc;
    removed = json_array();
    for (int i = first; !status && i < argc; i++) {
        char *id = NULL;

        status = cancu_archive_remove(archive, argv[i], &id);
        if (!status)
            json_array_append_new(removed, json_string(id));
        free(id);
    }
    /* All or nothing: a name not found leaves the archive as it was. */
    if (!status)
        status = cancu_archive_commit(archive);
    if (status) {
        rc = cli_fail(status);
    } else if (cli_globals.json) {
        rc = cli_print_json(json_pack("{s:O}", "removed", removed));
    } else if (!cli_globals.quiet) {
        for (size_t i = 0; i < json_array_size(removed); i++)
            printf(_("removed %s\n"),
                   json_string_value(json_array_get(removed, i)));
        rc = CLI_EXIT_OK;
    } else {
        rc = CLI_EXIT_OK;
    }
    json_decref(removed);
    cancu_archive_close(archive);
    return rc;
}
