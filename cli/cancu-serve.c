/* cancu serve: run by its own program, cancu-serve (cli/serve/), which
 * alone links libmicrohttpd and what it pulls in (gnutls, p11-kit, ...).
 * Linked into cancu, they cost every other command some milliseconds of
 * dynamic linking at start-up. This command only finds the program and
 * becomes it: same process, same arguments, same output. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

int cancu_serve_command(int argc, char **argv)
{
    char path[PATH_MAX], error[4 * PATH_MAX + 64];
    char **args;
    int n = 0;

    if (!cli_helper_path(path, sizeof path, CLI_SERVE_PROGRAM, true, error,
                         sizeof error)) {
        cli_error("serve: %s", error);
        return CLI_EXIT_ARCHIVE;
    }
    /* The program, the global options given before the command, then
     * the command's own arguments as they came. */
    args = calloc((size_t)argc + 7, sizeof *args);
    if (!args) {
        cli_error(_("serve: out of memory"));
        return CLI_EXIT_ARCHIVE;
    }
    args[n++] = path;
    if (cli_globals.archive) {
        args[n++] = "--archive";
        args[n++] = (char *)cli_globals.archive;
    }
    if (cli_globals.json)
        args[n++] = "--json";
    if (cli_globals.quiet)
        args[n++] = "--quiet";
    if (cli_globals.ocr)
        args[n++] = "--ocr";
    for (int i = 0; i < argc; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    fflush(NULL);
    execv(path, args);
    cli_error(_("serve: %s: %s"), path, strerror(errno));
    free(args);
    return CLI_EXIT_ARCHIVE;
}
