/* The cancu command: shared helpers and the subcommands' entry points. */
#ifndef CANCU_CLI_H
#define CANCU_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stdbool.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "cli/sprinter.h"

/* Messages, help texts and headings in the user's language (po/vi.po):
 * _() translates, N_() marks a string translated where it is used.
 * Machine output (--json, field names, what scripts parse) is never
 * translated. */
#define CLI_TEXT_DOMAIN "cancu"
#define _(text) gettext(text)
#define N_(text) text

/* Set the locale from the environment and open cancu's catalog: in
 * $CANCU_LOCALEDIR when set, beside the running program (the build
 * tree), in the install's folder relative to it, else in the configured
 * one. */
void cli_locale_init(void);

/* Exit codes. */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_PROBLEMS = 1, /* the answer is "problems found" */
    CLI_EXIT_BAD_INPUT = 2,
    CLI_EXIT_ARCHIVE = 3,
};

/* Options every command takes. */
typedef struct cli_globals {
    const char *archive;
    bool json;
    bool quiet;
    /* Recognise scanned pages (--ocr, or CANCU_OCR=auto). */
    bool ocr;
} cli_globals_t;

/* The options every command reads a plan file with: the globals' OCR
 * setting. */
cancu_read_options_t cli_read_options(void);

extern cli_globals_t cli_globals;

/* A subcommand: parse with cli_parse, then do the work. */
typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command_t;

int cancu_ingest_command(int argc, char **argv);
int cancu_search_command(int argc, char **argv);
int cancu_docs_command(int argc, char **argv);
int cancu_rm_command(int argc, char **argv);
int cancu_extract_command(int argc, char **argv);
int cancu_verify_command(int argc, char **argv);
int cancu_compact_command(int argc, char **argv);
int cancu_refs_command(int argc, char **argv);
int cancu_tasks_command(int argc, char **argv);
int cancu_cites_command(int argc, char **argv);
int cancu_registry_command(int argc, char **argv);
int cancu_check_command(int argc, char **argv);
int cancu_graph_command(int argc, char **argv);
int cancu_serve_command(int argc, char **argv);

/* The JSON 'cancu docs --json' and 'cancu search --json' print, shared
 * with the web server's /api/plans and /api/search. The caller owns the
 * result; NULL when memory ran out. */
json_t *cli_plans_json(const cancu_plan_list_t *list);
json_t *cli_results_json(const cancu_results_t *results, const char *query,
                         size_t offset);
/* {"year": [{"value", "label", "count"}], "issuer": ..., "lead": ...,
 * "area": ...} ("cites" too when counted): what --facets adds. */
json_t *cli_facets_json(const cancu_facets_t *facets);
/* The iCalendar text of the deadlines of 'tasks' (as cancu_archive_tasks
 * gives them), one event per dated deadline or occurrence, written by the
 * iCalendar module (ics.h); *events_out (when not NULL) gets their count.
 * The caller frees it. NULL when the module cannot be opened, with the
 * reason (valid until exit) in *error_out, or when out of memory, with
 * *error_out NULL. */
char *cli_tasks_ics(const cancu_task_list_t *list, size_t *events_out,
                    const char **error_out);

/* Called for each of a command's own options; returns 0 to go on or an
 * exit code. */
typedef int (*cli_option_cb)(int option, const char *arg, void *payload);

/* Parse argv with the global options plus 'extra' (NULL-terminated as
 * getopt_long wants). On return *first_arg indexes the first operand.
 * Returns -1 to go on, or an exit code (after --help, or a usage error). */
int cli_parse(int argc, char **argv, const struct option *extra,
              const char *usage, cli_option_cb cb, void *payload,
              int *first_arg);

/* Whether argv[*i] is one of the global options given before the
 * command (--archive DIR, --json, --quiet, --ocr): when it is, it is set
 * in cli_globals and *i moves past it and its value. */
bool cli_global_option(int argc, char **argv, int *i);

/* The helpers of single commands (helpers.c): the program 'cancu serve'
 * becomes, and the module that writes iCalendar files. */
#define CLI_SERVE_PROGRAM "cancu-serve"
#define CLI_ICS_MODULE "cancu-ics.so"
/* The path of helper 'name' in 'out': in $CANCU_LIBEXEC_DIR when set,
 * beside the running program, in the install's folder relative to it,
 * else in the configured one; runnable when 'executable', else readable.
 * False when it is in none of them, with a message in 'error' naming
 * where it was looked for. */
bool cli_helper_path(char *out, size_t cap, const char *name, bool executable,
                     char *error, size_t error_cap);

/* Print "cancu: <message>" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print the last library error and return the exit code for 'status'. */
int cli_fail(cancu_status_t status);
int cli_exit_code(cancu_status_t status);
/* The archive directory: --archive, else $CANCU_ARCHIVE, else
 * ./cancu-archive. */
const char *cli_archive_dir(void);
/* Open the archive; on failure print the error and return the exit code
 * (always CLI_EXIT_ARCHIVE), else -1. */
int cli_open_archive(cancu_archive_t **out, cancu_archive_mode_t mode);
/* Write 'root' to stdout as indented JSON and release it. */
int cli_print_json(json_t *root);
/* The printer for stdout: JSON with --json, else text. NULL (after
 * saying so) when out of memory. */
sprinter_t *cli_sprinter(void);
/* Finish 'sp' (NULL: memory ran out) and return the exit code. */
int cli_sprinter_finish(sprinter_t *sp);
/* Print a task as a map, the form --json gives it everywhere
 * (cancu-tasks.c). */
void cli_print_task(sprinter_t *sp, const cancu_task_t *task);
/* The --json forms of 'cancu tasks' and 'cancu cites', shared with the
 * web server's /api/tasks and /api/cites. */
void cli_print_tasks_json(sprinter_t *sp, const cancu_task_list_t *list);
void cli_print_cites_json(sprinter_t *sp, const cancu_cites_t *cites);
/* The findings of 'check' as JSON (cancu check --json, the web page's
 * /api/check); NULL when out of memory. The caller owns it. */
json_t *cli_check_json(const cancu_check_t *check);
/* Parse a non-negative count for option 'name'. */
bool cli_parse_count(const char *name, const char *arg, size_t *out);

#endif
