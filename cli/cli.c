#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

cli_globals_t cli_globals;

enum {
    OPT_ARCHIVE = 0x100,
    OPT_JSON,
    OPT_QUIET,
    OPT_OCR,
    OPT_HELP,
};

static const struct option global_options[] = {
    {"archive", required_argument, NULL, OPT_ARCHIVE},
    {"json", no_argument, NULL, OPT_JSON},
    {"quiet", no_argument, NULL, OPT_QUIET},
    {"ocr", no_argument, NULL, OPT_OCR},
    {"help", no_argument, NULL, OPT_HELP},
};

#define GLOBAL_COUNT (sizeof global_options / sizeof *global_options)
#define MAX_OPTIONS 32

cancu_read_options_t cli_read_options(void)
{
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    const char *setting = getenv("CANCU_OCR");

    if (cli_globals.ocr || (setting && strcmp(setting, "auto") == 0))
        o.flags |= CANCU_READ_OCR;
    return o;
}

int cli_parse(int argc, char **argv, const struct option *extra,
              const char *usage, cli_option_cb cb, void *payload,
              int *first_arg)
{
    struct option all[MAX_OPTIONS];
    size_t n = 0;
    int c;

    for (size_t i = 0; i < GLOBAL_COUNT; i++)
        all[n++] = global_options[i];
    for (size_t i = 0; extra && extra[i].name && n + 1 < MAX_OPTIONS; i++)
        all[n++] = extra[i];
    memset(&all[n], 0, sizeof all[n]);

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qh", all, NULL)) != -1) {
        switch (c) {
        case OPT_ARCHIVE:
            cli_globals.archive = optarg;
            break;
        case OPT_JSON:
            cli_globals.json = true;
            break;
        case 'q':
        case OPT_QUIET:
            cli_globals.quiet = true;
            break;
        case OPT_OCR:
            cli_globals.ocr = true;
            break;
        case 'h':
        case OPT_HELP:
            fputs(_(usage), stdout);
            return CLI_EXIT_OK;
        case ':':
            cli_error(_("%s: option '%s' needs a value"), argv[0],
                      argv[optind - 1]);
            return CLI_EXIT_BAD_INPUT;
        case '?':
            cli_error(_("%s: unknown option '%s' (see 'cancu %s --help')"),
                      argv[0], argv[optind - 1], argv[0]);
            return CLI_EXIT_BAD_INPUT;
        default: {
            int rc = cb ? cb(c, optarg, payload) : CLI_EXIT_BAD_INPUT;

            if (rc)
                return rc;
        }
        }
    }
    *first_arg = optind;
    return -1;
}

bool cli_global_option(int argc, char **argv, int *i)
{
    const char *arg = argv[*i];

    if (strcmp(arg, "--json") == 0) {
        cli_globals.json = true;
    } else if (strcmp(arg, "--quiet") == 0 || strcmp(arg, "-q") == 0) {
        cli_globals.quiet = true;
    } else if (strcmp(arg, "--ocr") == 0) {
        cli_globals.ocr = true;
    } else if (strcmp(arg, "--archive") == 0 && *i + 1 < argc) {
        cli_globals.archive = argv[++*i];
    } else if (strncmp(arg, "--archive=", 10) == 0) {
        cli_globals.archive = arg + 10;
    } else {
        return false;
    }
    ++*i;
    return true;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;

    /* What was said before the error comes before it, also when stdout
     * is a pipe and stderr is not. */
    fflush(stdout);
    fputs("cancu: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_code(cancu_status_t status)
{
    switch (status) {
    case CANCU_STATUS_SUCCESS:
        return CLI_EXIT_OK;
    case CANCU_STATUS_IO_ERROR:
    case CANCU_STATUS_BAD_INPUT:
    case CANCU_STATUS_UNSUPPORTED_FORMAT:
    case CANCU_STATUS_LIMIT_EXCEEDED:
    case CANCU_STATUS_INVALID_ARGUMENT:
    case CANCU_STATUS_NOT_FOUND:
        return CLI_EXIT_BAD_INPUT;
    default:
        return CLI_EXIT_ARCHIVE;
    }
}

int cli_fail(cancu_status_t status)
{
    const char *msg = cancu_error_last();

    cli_error("%s", *msg ? msg : cancu_status_to_string(status));
    return cli_exit_code(status);
}

const char *cli_archive_dir(void)
{
    const char *env = getenv("CANCU_ARCHIVE");

    if (cli_globals.archive && *cli_globals.archive)
        return cli_globals.archive;
    if (env && *env)
        return env;
    return "cancu-archive";
}

int cli_open_archive(cancu_archive_t **out, cancu_archive_mode_t mode)
{
    cancu_status_t status = cancu_archive_open(out, cli_archive_dir(), mode);

    if (!status)
        return -1;
    cli_fail(status);
    return CLI_EXIT_ARCHIVE;
}

int cli_print_json(json_t *root)
{
    int rc;

    if (!root) {
        cli_error(_("out of memory"));
        return CLI_EXIT_ARCHIVE;
    }
    rc = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(root);
    return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_ARCHIVE;
}

sprinter_t *cli_sprinter(void)
{
    sprinter_t *sp = cli_globals.json ? sprinter_json_create(stdout)
                                      : sprinter_text_create(stdout);

    if (!sp)
        cli_error(_("out of memory"));
    return sp;
}

int cli_sprinter_finish(sprinter_t *sp)
{
    if (!sp)
        return CLI_EXIT_ARCHIVE;
    return sp->finish(sp) == 0 ? CLI_EXIT_OK : CLI_EXIT_ARCHIVE;
}

bool cli_parse_count(const char *name, const char *arg, size_t *out)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(arg, &end, 10);
    if (errno || end == arg || *end || arg[0] == '-' || v > 1000000000ULL) {
        cli_error(_("--%s takes a whole number, not '%s'"), name, arg);
        return false;
    }
    *out = (size_t)v;
    return true;
}
