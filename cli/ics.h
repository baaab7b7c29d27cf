/* The iCalendar writer, a module of its own (cli/ics-module.c, built as
 * cancu-ics.so): libical, linked into cancu, cost every command its
 * dynamic linking at start-up, for 'cancu tasks --ics' and serve's
 * /plans/ID.ics alone. cli_tasks_ics (cancu-tasks.c) turns the tasks into
 * the events below, opens the module the first time it is needed
 * (cli_helper_path finds it) and has it write them. The module is given
 * plain strings only and calls nothing of cancu's. */
#ifndef CANCU_CLI_ICS_H
#define CANCU_CLI_ICS_H

#include <stddef.h>

/* Bumped whenever the table or the event below changes; a module of
 * another build is refused rather than called through the wrong one. */
#define CLI_ICS_ABI 1

/* The module's one exported function: its table, or NULL when 'abi' is
 * not its own. */
#define CLI_ICS_ENTRY "cancu_ics_module"

/* One all-day event, from day 'start' to day 'end' (ISO "YYYY-MM-DD",
 * both included). */
typedef struct cli_ics_event {
    const char *uid;
    const char *summary;
    const char *description;
    const char *start;
    const char *end;
    const char *category;
} cli_ics_event_t;

typedef struct cli_ics_module {
    int abi;
    size_t size;
    /* The iCalendar text of a calendar holding 'events' in their order,
     * or NULL when out of memory. Freed with free_text. */
    char *(*calendar)(const cli_ics_event_t *events, size_t count);
    void (*free_text)(char *text);
} cli_ics_module_t;

typedef const cli_ics_module_t *cli_ics_entry_fn(int abi);

#endif
