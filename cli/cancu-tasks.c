/* cancu tasks [FILE]: the tasks of plans, filtered, sorted by deadline;
 * --ics writes their deadlines as an iCalendar file. */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/ics.h"

static const char usage[] =
    N_("usage: cancu tasks [FILE] [--plan ID] [--cites REF] [--lead UNIT]\n"
       "                   [--due-before DATE] [--due-after DATE]\n"
       "                   [--due-within 2022|2022-06|2022-Q1] [--area TEXT]\n"
       "                   [--limit N] [--offset N] [--json] [--ics FILE]\n\n"
       "The tasks of a plan file, or of the plans in the archive, sorted by\n"
       "their earliest deadline. --cites takes a reference typed any way\n"
       "(60/2021/NĐ-CP, nghi dinh 60/2021, ND 60/2021, NĐ 60, 18-NQ/TW, Luật\n"
       "Viên chức, 602/QĐ-UBND Gia Lai); --lead and --area match part of the\n"
       "name, accents and case ignored; the due filters look at the end of\n"
       "each activity's deadlines. --ics FILE writes one event per activity\n"
       "deadline, with its lead units and its plan, for calendar programs.\n\n"
       "  --limit N   the first N tasks in that order (default 50, or all\n"
       "              with --ics; 0: all)\n"
       "  --offset N  skip the first N\n");

enum {
    OPT_PLAN = 1,
    OPT_CITES,
    OPT_LEAD,
    OPT_AREA,
    OPT_BEFORE,
    OPT_AFTER,
    OPT_WITHIN,
    OPT_ICS,
    OPT_LIMIT,
    OPT_OFFSET
};

/* The page 'cancu tasks' shows unless told: a screenful or two. */
#define DEFAULT_LIMIT 50

static const struct option options[] = {
    {"plan", required_argument, NULL, OPT_PLAN},
    {"cites", required_argument, NULL, OPT_CITES},
    {"lead", required_argument, NULL, OPT_LEAD},
    {"area", required_argument, NULL, OPT_AREA},
    {"due-before", required_argument, NULL, OPT_BEFORE},
    {"due-after", required_argument, NULL, OPT_AFTER},
    {"due-within", required_argument, NULL, OPT_WITHIN},
    {"ics", required_argument, NULL, OPT_ICS},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"offset", required_argument, NULL, OPT_OFFSET},
    {NULL, 0, NULL, 0},
};

typedef struct tasks_options {
    cancu_task_query_t query;
    const char *ics;
    bool limit_given;
} tasks_options_t;

static int on_option(int option, const char *arg, void *payload)
{
    tasks_options_t *o = payload;

    switch (option) {
    case OPT_PLAN:
        o->query.plan = arg;
        break;
    case OPT_CITES:
        o->query.cites = arg;
        break;
    case OPT_LEAD:
        o->query.lead = arg;
        break;
    case OPT_AREA:
        o->query.area = arg;
        break;
    case OPT_BEFORE:
        o->query.due_before = arg;
        break;
    case OPT_AFTER:
        o->query.due_after = arg;
        break;
    case OPT_WITHIN:
        o->query.due_within = arg;
        break;
    case OPT_ICS:
        o->ics = arg;
        break;
    case OPT_LIMIT:
        if (!cli_parse_count("limit", arg, &o->query.limit))
            return CLI_EXIT_BAD_INPUT;
        o->limit_given = true;
        break;
    case OPT_OFFSET:
        if (!cli_parse_count("offset", arg, &o->query.offset))
            return CLI_EXIT_BAD_INPUT;
        break;
    }
    return 0;
}

/* Print strings 0..n-1 of 'get' as a list. */
static void print_strings(sprinter_t *sp, const char *key, size_t n,
                          const char *(*get)(const void *, size_t),
                          const void *of)
{
    sp->map_key(sp, key);
    sp->begin_list(sp);
    for (size_t i = 0; i < n; i++)
        sp->string(sp, get(of, i));
    sp->end(sp);
}

static const char *task_reference_id(const void *t, size_t i)
{
    return cancu_task_reference_id(t, i);
}

static const char *task_reference_key(const void *t, size_t i)
{
    return cancu_task_reference_key(t, i);
}

static const char *task_lead(const void *t, size_t i)
{
    return cancu_task_lead(t, i);
}

static const char *task_partner(const void *t, size_t i)
{
    return cancu_task_partner(t, i);
}

static const char *activity_lead(const void *a, size_t i)
{
    return cancu_activity_lead(a, i);
}

static const char *activity_partner(const void *a, size_t i)
{
    return cancu_activity_partner(a, i);
}

static void print_deadline(sprinter_t *sp, const cancu_deadline_t *d)
{
    size_t n = cancu_deadline_occurrence_count(d);

    sp->begin_map(sp);
    sprinter_key_string(sp, "text", cancu_deadline_text(d));
    sprinter_key_string(sp, "kind", cancu_deadline_kind(d));
    sprinter_key_string_or_null(sp, "start", cancu_deadline_start(d));
    sprinter_key_string_or_null(sp, "end", cancu_deadline_end(d));
    if (*cancu_deadline_recurrence(d)) {
        sprinter_key_string(sp, "recurrence", cancu_deadline_recurrence(d));
        sprinter_key_string(sp, "rule", cancu_deadline_rule(d));
        if (n) {
            sp->map_key(sp, "occurrences");
            sp->begin_list(sp);
            for (size_t i = 0; i < n; i++) {
                sp->begin_map(sp);
                sprinter_key_string_or_null(
                    sp, "start", cancu_deadline_occurrence_start(d, i));
                sprinter_key_string(sp, "end",
                                    cancu_deadline_occurrence_end(d, i));
                sp->end(sp);
            }
            sp->end(sp);
        }
    }
    sp->end(sp);
}

static void print_activity(sprinter_t *sp, const cancu_activity_t *a)
{
    sp->begin_map(sp);
    sprinter_key_string(sp, "activity", cancu_activity_text(a));
    sprinter_key_string(sp, "output", cancu_activity_output(a));
    print_strings(sp, "lead", cancu_activity_lead_count(a), activity_lead, a);
    print_strings(sp, "partners", cancu_activity_partner_count(a),
                  activity_partner, a);
    sprinter_key_string(sp, "budget", cancu_activity_budget(a));
    sprinter_key_string(sp, "deadline", cancu_activity_deadline_text(a));
    sp->map_key(sp, "deadlines");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_activity_deadline_count(a); i++)
        print_deadline(sp, cancu_activity_deadline(a, i));
    sp->end(sp);
    sprinter_key_integer(sp, "line", (long long)cancu_activity_line(a));
    sp->end(sp);
}

void cli_print_task(sprinter_t *sp, const cancu_task_t *t)
{
    sp->begin_map(sp);
    sprinter_key_string(sp, "no", cancu_task_no(t));
    sprinter_key_integer(sp, "table", (long long)cancu_task_table(t));
    sprinter_key_string(sp, "part", cancu_task_part(t));
    sprinter_key_integer(sp, "row", (long long)cancu_task_row(t));
    sprinter_key_string(sp, "area", cancu_task_area(t));
    sprinter_key_string(sp, "objective", cancu_task_objective(t));
    sprinter_key_string(sp, "task", cancu_task_text(t));
    print_strings(sp, "references", cancu_task_reference_count(t),
                  task_reference_id, t);
    print_strings(sp, "reference_keys", cancu_task_reference_count(t),
                  task_reference_key, t);
    print_strings(sp, "lead", cancu_task_lead_count(t), task_lead, t);
    print_strings(sp, "partners", cancu_task_partner_count(t), task_partner, t);
    sp->map_key(sp, "activities");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_task_activity_count(t); i++)
        print_activity(sp, cancu_task_activity(t, i));
    sp->end(sp);
    sp->map_key(sp, "where");
    sp->begin_map(sp);
    sprinter_key_string(sp, "section", cancu_task_section(t));
    sprinter_key_integer(sp, "line", (long long)cancu_task_line(t));
    sp->end(sp);
    sprinter_key_string(sp, "plan", cancu_task_plan(t));
    sprinter_key_string(sp, "plan_title", cancu_task_plan_title(t));
    sprinter_key_string(sp, "plan_date", cancu_task_plan_date(t));
    sprinter_key_string(sp, "plan_path", cancu_task_plan_path(t));
    if (cancu_task_is_archived(t)) {
        sprinter_key_string(sp, "kind", "task");
        sprinter_key_string(sp, "section", cancu_task_section(t));
        sprinter_key_integer(sp, "line", (long long)cancu_task_line(t));
        sprinter_key_string(sp, "text", cancu_task_search_text(t));
    }
    sp->end(sp);
}

void cli_print_tasks_json(sprinter_t *sp, const cancu_task_list_t *list)
{
    sp->begin_map(sp);
    sp->map_key(sp, "tasks");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_task_list_count(list); i++)
        cli_print_task(sp, cancu_task_list_get(list, i));
    sp->end(sp);
    sprinter_key_integer(sp, "total", (long long)cancu_task_list_total(list));
    sprinter_key_integer(sp, "offset", (long long)cancu_task_list_offset(list));
    sprinter_key_integer(sp, "limit", (long long)cancu_task_list_limit(list));
    sp->end(sp);
}

/* Join strings 0..n-1 of 'get' with ", " into 'out'. */
static void join(char *out, size_t cap, size_t n,
                 const char *(*get)(const void *, size_t), const void *of)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w =
            snprintf(out + used, cap - used, "%s%s", i ? ", " : "", get(of, i));

        if (w < 0 || (size_t)w >= cap - used)
            break;
        used += (size_t)w;
    }
}

static void print_text(sprinter_t *sp, const cancu_task_list_t *list)
{
    size_t count = cancu_task_list_count(list);
    size_t total = cancu_task_list_total(list);
    size_t shown = cancu_task_list_offset(list) + count;
    char line[2048];

    for (size_t i = 0; i < count; i++) {
        const cancu_task_t *t = cancu_task_list_get(list, i);
        char lead[256], refs[512];

        join(lead, sizeof lead, cancu_task_lead_count(t), task_lead, t);
        join(refs, sizeof refs, cancu_task_reference_count(t),
             task_reference_id, t);
        snprintf(line, sizeof line, "%s #%s  %s — %s", cancu_task_plan_title(t),
                 cancu_task_no(t), cancu_task_area(t), cancu_task_text(t));
        sp->string(sp, line);
        sp->separator(sp);
        snprintf(line, sizeof line, _("    lead: %s%s%s"), lead,
                 *refs ? _("; cites: ") : "", refs);
        sp->string(sp, line);
        sp->separator(sp);
        for (size_t k = 0; k < cancu_task_activity_count(t); k++) {
            const cancu_activity_t *a = cancu_task_activity(t, k);

            snprintf(line, sizeof line, "    - %s [%s]", cancu_activity_text(a),
                     cancu_activity_deadline_text(a));
            sp->string(sp, line);
            sp->separator(sp);
        }
    }
    if (cli_globals.quiet)
        return;
    if (count != total)
        snprintf(line, sizeof line,
                 ngettext("%zu task of %zu", "%zu tasks of %zu", count), count,
                 total);
    else
        snprintf(line, sizeof line, ngettext("%zu task", "%zu tasks", count),
                 count);
    sp->string(sp, line);
    sp->separator(sp);
    if (total > shown) {
        snprintf(line, sizeof line,
                 ngettext("%zu more task: --offset %zu",
                          "%zu more tasks: --offset %zu", total - shown),
                 total - shown, shown);
        sp->string(sp, line);
        sp->separator(sp);
    }
}

/* The events of a calendar being made, each with the text it owns. */
typedef struct ics_item {
    char uid[200], summary[512], description[1024];
    const char *start, *end, *category; /* the list's */
} ics_item_t;

typedef struct ics_events {
    ics_item_t *items;
    size_t count, cap;
    bool failed; /* out of memory */
} ics_events_t;

/* Add the event of deadline 'dl' (number 'd') of activity 'a' (number
 * 'k') of task 't' on the days from 'start' to 'end' (the deadline's,
 * or those of its occurrence 'o', SIZE_MAX for none), unless it has no
 * date. */
static void add_event(ics_events_t *events, const cancu_task_t *t,
                      const cancu_activity_t *a, const cancu_deadline_t *dl,
                      const char *start, const char *end, size_t k, size_t d,
                      size_t o)
{
    char lead[256];
    ics_item_t *e;

    if (!*end || events->failed)
        return;
    if (events->count == events->cap) {
        size_t cap = events->cap ? 2 * events->cap : 16;
        ics_item_t *items = realloc(events->items, cap * sizeof *items);

        if (!items) {
            events->failed = true;
            return;
        }
        events->items = items;
        events->cap = cap;
    }
    e = &events->items[events->count++];
    join(lead, sizeof lead, cancu_activity_lead_count(a), activity_lead, a);
    /* The task's identity (its number repeats), then the activity, the
     * deadline and the occurrence. */
    snprintf(e->uid, sizeof e->uid, "%.64s-%lld-%.16s-%lld-%zu-%zu",
             cancu_task_plan(t), (long long)cancu_task_table(t),
             cancu_task_part(t), (long long)cancu_task_row(t), k, d);
    if (o != SIZE_MAX)
        snprintf(e->uid + strlen(e->uid), sizeof e->uid - strlen(e->uid),
                 "-%zu", o);
    snprintf(e->uid + strlen(e->uid), sizeof e->uid - strlen(e->uid), "@cancu");
    snprintf(e->summary, sizeof e->summary, "%s", cancu_activity_text(a));
    snprintf(e->description, sizeof e->description,
             "Nhiệm vụ %s: %s\nĐơn vị chủ trì: %s\nThời gian: "
             "%s\nKế hoạch: %s (%s)",
             cancu_task_no(t), cancu_task_text(t), lead,
             cancu_deadline_text(dl), cancu_task_plan_title(t),
             cancu_task_plan_path(t));
    e->start = *start ? start : end;
    e->end = end;
    e->category = cancu_deadline_kind(dl);
}

/* The events of one deadline: one, or one per occurrence of recurring
 * work. */
static void add_deadline(ics_events_t *events, const cancu_task_t *t,
                         const cancu_activity_t *a, size_t k, size_t d)
{
    const cancu_deadline_t *dl = cancu_activity_deadline(a, d);
    size_t n = cancu_deadline_occurrence_count(dl);

    if (!n)
        add_event(events, t, a, dl, cancu_deadline_start(dl),
                  cancu_deadline_end(dl), k, d, SIZE_MAX);
    for (size_t o = 0; o < n; o++)
        add_event(events, t, a, dl, cancu_deadline_occurrence_start(dl, o),
                  cancu_deadline_occurrence_end(dl, o), k, d, o);
}

static pthread_mutex_t ics_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ics_tried;
static const cli_ics_module_t *ics_module;
static char ics_error[4 * PATH_MAX + 128];

/* The iCalendar writer, opened the first time it is asked for and kept
 * until exit; NULL when it cannot be, with the reason in ics_error. */
static const cli_ics_module_t *ics_writer(void)
{
    char path[PATH_MAX];
    void *handle;
    cli_ics_entry_fn *entry;
    const cli_ics_module_t *module = NULL;

    pthread_mutex_lock(&ics_lock);
    if (ics_tried)
        goto done;
    ics_tried = true;
    if (!cli_helper_path(path, sizeof path, CLI_ICS_MODULE, false, ics_error,
                         sizeof ics_error))
        goto done;
    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(ics_error, sizeof ics_error, "%s", dlerror());
        goto done;
    }
    /* POSIX's way from a data pointer to a function pointer. */
    *(void **)&entry = dlsym(handle, CLI_ICS_ENTRY);
    ics_module = entry ? entry(CLI_ICS_ABI) : NULL;
    if (!ics_module) {
        snprintf(ics_error, sizeof ics_error,
                 "%.*s is not this cancu's iCalendar writer (built by "
                 "another version)",
                 PATH_MAX, path);
        dlclose(handle);
    }
done:
    module = ics_module;
    pthread_mutex_unlock(&ics_lock);
    return module;
}

/* One VEVENT per activity deadline that has a date, and one per
 * occurrence of recurring work. */
char *cli_tasks_ics(const cancu_task_list_t *list, size_t *events_out,
                    const char **error_out)
{
    const cli_ics_module_t *writer = ics_writer();
    ics_events_t events = {NULL, 0, 0, false};
    cli_ics_event_t *plain = NULL;
    char *text = NULL, *copy = NULL;

    *error_out = writer ? NULL : ics_error;
    if (!writer)
        return NULL;
    for (size_t i = 0; i < cancu_task_list_count(list); i++) {
        const cancu_task_t *t = cancu_task_list_get(list, i);

        for (size_t k = 0; k < cancu_task_activity_count(t); k++) {
            const cancu_activity_t *a = cancu_task_activity(t, k);

            for (size_t d = 0; d < cancu_activity_deadline_count(a); d++)
                add_deadline(&events, t, a, k, d);
        }
    }
    if (!events.failed)
        plain = calloc(events.count ? events.count : 1, sizeof *plain);
    for (size_t i = 0; plain && i < events.count; i++) {
        const ics_item_t *e = &events.items[i];

        plain[i] = (cli_ics_event_t){e->uid,   e->summary, e->description,
                                     e->start, e->end,     e->category};
    }
    if (plain)
        text = writer->calendar(plain, events.count);
    /* The text in this program's own allocations. */
    if (text)
        copy = strdup(text);
    if (text)
        writer->free_text(text);
    free(plain);
    free(events.items);
    if (copy && events_out)
        *events_out = events.count;
    return copy;
}

static int write_ics(const char *path, const cancu_task_list_t *list)
{
    size_t events = 0;
    const char *error;
    char *text = cli_tasks_ics(list, &events, &error);
    FILE *f;

    if (!text && error) {
        cli_error("tasks: %s", error);
        return CLI_EXIT_ARCHIVE;
    }
    f = text ? fopen(path, "w") : NULL;
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        cli_error("%s: %s", path, text ? strerror(errno) : _("out of memory"));
        free(text);
        return CLI_EXIT_BAD_INPUT;
    }
    free(text);
    if (!cli_globals.quiet && !cli_globals.json)
        fprintf(stderr,
                ngettext("%zu event written to %s\n",
                         "%zu events written to %s\n", events),
                events, path);
    return CLI_EXIT_OK;
}

int cancu_tasks_command(int argc, char **argv)
{
    tasks_options_t o = {CANCU_TASK_QUERY_INIT, NULL, false};
    cancu_task_list_t *list = NULL;
    cancu_status_t status;
    sprinter_t *sp;
    int first, rc, printed;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if (first + 1 < argc) {
        cli_error(_("tasks: name at most one plan file"));
        return CLI_EXIT_BAD_INPUT;
    }
    /* A calendar wants every deadline; a screen, a page. */
    if (!o.limit_given && !o.ics)
        o.query.limit = DEFAULT_LIMIT;
    if (first < argc) {
        cancu_document_t *doc = NULL;

        const cancu_read_options_t read_options = cli_read_options();
        status = cancu_document_open(&doc, argv[first], &read_options);
        if (!status)
            status = cancu_document_tasks(&list, doc, &o.query);
        cancu_document_destroy(doc);
    } else {
        cancu_archive_t *archive = NULL;

        rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
        if (rc >= 0)
            return rc;
        status = cancu_archive_tasks(&list, archive, &o.query);
        cancu_archive_close(archive);
    }
    if (status)
        return cli_fail(status);
    rc = CLI_EXIT_OK;
    if (o.ics)
        rc = write_ics(o.ics, list);
    sp = cli_sprinter();
    if (sp && cli_globals.json)
        cli_print_tasks_json(sp, list);
    else if (sp)
        print_text(sp, list);
    printed = cli_sprinter_finish(sp);
    cancu_task_list_destroy(list);
    return rc ? rc : printed;
}
