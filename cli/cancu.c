/* cancu: the command table and global options. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const cli_command_t commands[] = {
    {"ingest", cancu_ingest_command,
     N_("load plan files or folders into the archive")},
    {"search", cancu_search_command,
     N_("search the plans' text, accents optional")},
    {"docs", cancu_docs_command, N_("list the plans in the archive")},
    {"rm", cancu_rm_command, N_("remove plans by id or path")},
    {"extract", cancu_extract_command,
     N_("print a plan file's text and structure")},
    {"check", cancu_check_command,
     N_("outdated and mistyped citations of a plan")},
    {"graph", cancu_graph_command,
     N_("the web of legal bases: plans, documents, relations")},
    {"registry", cancu_registry_command,
     N_("the legal status of documents: show, import, list")},
    {"cites", cancu_cites_command,
     N_("which tasks and passages rest on a legal document")},
    {"tasks", cancu_tasks_command,
     N_("the tasks of plans, by reference, unit, area or deadline")},
    {"refs", cancu_refs_command,
     N_("the legal references of a plan, with relations and problems")},
    {"serve", cancu_serve_command,
     N_("the archive's web page: search, legal bases, plans, check")},
    {"compact", cancu_compact_command, N_("rewrite the archive in less room")},
    {"verify", cancu_verify_command,
     N_("check that the archive holds whole plans only")},
};

#define COMMAND_COUNT (sizeof commands / sizeof *commands)

static void usage(FILE *out)
{
    fputs(_("usage: cancu [--archive DIR] [--json] [--quiet] COMMAND "
            "[ARGS...]\n\n"
            "Vietnamese administrative plans into an archive of legal\n"
            "references, tasks and deadlines.\n\ncommands:\n"),
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\nglobal options (also accepted after the command):\n"
            "  --archive DIR  the archive (default $CANCU_ARCHIVE, else "
            "./cancu-archive)\n"
            "  --json         machine-readable output\n"
            "  --quiet, -q    no progress or per-file lines\n"
            "  --ocr          recognise the text of scanned PDF pages (also\n"
            "                 CANCU_OCR=auto in the environment)\n"
            "  --version      print the version\n\n"
            "'cancu COMMAND --help' describes each command.\n"
            "exit codes: 0 success, 1 problems found, 2 bad input or usage, "
            "3 archive error\n"),
          out);
}

int main(int argc, char **argv)
{
    int i = 1;

    /* Past a file-size limit, a write then fails with EFBIG and the user
     * gets an error saying so, rather than the process being killed. */
    signal(SIGXFSZ, SIG_IGN);
    /* Global options may come before the command. --version says nothing
     * a locale or the catalog changes: it is answered before they are
     * loaded (setlocale alone opens the 12 files of C.UTF-8's): 0.18 M
     * of its 3.15 M instructions. */
    while (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--version") == 0) {
            printf("cancu %s\n", cancu_version());
            return CLI_EXIT_OK;
        }
        if (!cli_global_option(argc, argv, &i))
            break;
    }
    cli_locale_init();
    if (i < argc && argv[i][0] == '-') {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        cli_error(_("unknown option '%s' (see 'cancu --help')"), argv[i]);
        return CLI_EXIT_BAD_INPUT;
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_EXIT_BAD_INPUT;
    }
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 < argc) {
            char *help_argv[] = {argv[i + 1], "--help", NULL};

            for (size_t c = 0; c < COMMAND_COUNT; c++)
                if (strcmp(commands[c].name, argv[i + 1]) == 0)
                    return commands[c].run(2, help_argv);
        }
        usage(stdout);
        return CLI_EXIT_OK;
    }
    for (size_t c = 0; c < COMMAND_COUNT; c++)
        if (strcmp(commands[c].name, argv[i]) == 0)
            return commands[c].run(argc - i, argv + i);
    cli_error(_("unknown command '%s' (see 'cancu --help')"), argv[i]);
    return CLI_EXIT_BAD_INPUT;
}
