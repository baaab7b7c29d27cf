/* cancu compact: the archive rewritten in less room. */
#include <stdio.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu compact\n\n"
       "Rewrite the archive compactly and put the copy in place of the old\n"
       "one in one step: whoever reads it meanwhile reads the old or the\n"
       "new, whole. An ingest that grew the archive does this on its own;\n"
       "after many small ingests or removals the archive can take nearly\n"
       "twice the room of its compacted copy. Needs free room for the copy.\n");

int cancu_compact_command(int argc, char **argv)
{
    cancu_archive_t *archive = NULL;
    unsigned long long before, after;
    cancu_status_t status;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first < argc) {
        cli_error(_("compact: takes no arguments"));
        return CLI_EXIT_BAD_INPUT;
    }
    /* Read first: a missing archive is an error here, not one to make. */
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    cancu_archive_close(archive);
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_WRITE);
    if (rc >= 0)
        return rc;
    before = cancu_archive_size(archive);
    status = cancu_archive_compact(archive);
    after = cancu_archive_size(archive);
    if (status) {
        rc = cli_fail(status);
    } else if (cli_globals.json) {
        rc = cli_print_json(json_pack("{s:b, s:I, s:I}", "ok", 1,
                                      "bytes_before", (json_int_t)before,
                                      "bytes_after", (json_int_t)after));
    } else {
        if (!cli_globals.quiet)
            printf(_("archive compacted: %.1f MB to %.1f MB\n"),
                   (double)before / 1e6, (double)after / 1e6);
        rc = CLI_EXIT_OK;
    }
    cancu_archive_close(archive);
    return rc;
}
