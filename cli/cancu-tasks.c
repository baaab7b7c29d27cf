/* cancu tasks [FILE]: the tasks of plans, filtered, sorted by deadline;
 * --ics writes their deadlines as an iCalendar file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libical/ical.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: cancu tasks [FILE] [--plan ID] [--cites REF] [--lead UNIT]\n"
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
    "  --offset N  skip the first N\n";

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

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

static void join_array(char *out, size_t cap, json_t *array)
{
    size_t i, n = 0;
    json_t *v;

    out[0] = '\0';
    json_array_foreach(array, i, v)
    {
        int w = snprintf(out + n, cap - n, "%s%s", i ? ", " : "",
                         json_string_value(v));

        if (w < 0 || (size_t)w >= cap - n)
            break;
        n += (size_t)w;
    }
}

static void print_text(json_t *root)
{
    json_t *tasks = json_object_get(root, "tasks"), *t, *a;
    json_int_t total = json_integer_value(json_object_get(root, "total"));
    json_int_t shown = json_integer_value(json_object_get(root, "offset")) +
                       (json_int_t)json_array_size(tasks);
    size_t i, k;

    json_array_foreach(tasks, i, t)
    {
        char lead[256], refs[512];

        join_array(lead, sizeof lead, json_object_get(t, "lead"));
        join_array(refs, sizeof refs, json_object_get(t, "references"));
        printf("%s #%s  %s — %s\n", str(t, "plan_title"), str(t, "no"),
               str(t, "area"), str(t, "task"));
        printf("    lead: %s%s%s\n", lead, *refs ? "; cites: " : "", refs);
        json_array_foreach(json_object_get(t, "activities"), k, a)
            printf("    - %s [%s]\n", str(a, "activity"), str(a, "deadline"));
    }
    if (cli_globals.quiet)
        return;
    printf("%zu task%s", json_array_size(tasks),
           json_array_size(tasks) == 1 ? "" : "s");
    if ((json_int_t)json_array_size(tasks) != total)
        printf(" of %lld", (long long)total);
    printf("\n");
    if (total > shown)
        printf("%lld more task%s: --offset %lld\n", (long long)(total - shown),
               total - shown == 1 ? "" : "s", (long long)shown);
}

/* An all-day date for iCalendar from ISO "YYYY-MM-DD". */
static struct icaltimetype ical_date(const char *iso)
{
    struct icaltimetype t = icaltime_from_string(iso);

    t.is_date = 1;
    return t;
}

/* Add the event of deadline 'dl' of activity 'a' of task 't' on the
 * days of 'when' (the deadline, or one occurrence 'o' of it); return 1,
 * or 0 when it has no date. */
static size_t add_event(icalcomponent *cal, json_t *t, json_t *a, json_t *dl,
                        json_t *when, size_t k, size_t d, size_t o)
{
    const char *start = str(when, "start"), *end = str(when, "end");
    char uid[200], desc[1024], lead[256], summary[512];
    icalcomponent *ev;
    struct icaltimetype last;

    if (!*end)
        return 0;
    join_array(lead, sizeof lead, json_object_get(a, "lead"));
    /* The task's identity (its number repeats), then the activity, the
     * deadline and the occurrence. */
    snprintf(uid, sizeof uid, "%.64s-%lld-%.16s-%lld-%zu-%zu", str(t, "plan"),
             (long long)json_integer_value(json_object_get(t, "table")),
             str(t, "part"),
             (long long)json_integer_value(json_object_get(t, "row")), k, d);
    if (when != dl)
        snprintf(uid + strlen(uid), sizeof uid - strlen(uid), "-%zu", o);
    snprintf(uid + strlen(uid), sizeof uid - strlen(uid), "@cancu");
    snprintf(summary, sizeof summary, "%s", str(a, "activity"));
    snprintf(desc, sizeof desc,
             "Nhiệm vụ %s: %s\nĐơn vị chủ trì: %s\nThời gian: "
             "%s\nKế hoạch: %s (%s)",
             str(t, "no"), str(t, "task"), lead, str(dl, "text"),
             str(t, "plan_title"), str(t, "plan_path"));
    /* An all-day event ends the day after its last day. */
    last = ical_date(end);
    icaltime_adjust(&last, 1, 0, 0, 0);
    ev = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid),
        icalproperty_new_summary(summary), icalproperty_new_description(desc),
        icalproperty_new_dtstart(ical_date(*start ? start : end)),
        icalproperty_new_dtend(last),
        icalproperty_new_categories(str(dl, "kind")), NULL);
    icalcomponent_add_component(cal, ev);
    return 1;
}

/* One VEVENT per activity deadline that has a date, and one per
 * occurrence of recurring work. */
static int write_ics(const char *path, json_t *tasks)
{
    icalcomponent *cal = icalcomponent_vanew(
        ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
        icalproperty_new_prodid("-//cancu//plan deadlines//VI"), NULL);
    size_t i, k, d, events = 0;
    json_t *t, *a, *dl;
    char *text;
    FILE *f;

    json_array_foreach(tasks, i, t)
    {
        json_array_foreach(json_object_get(t, "activities"), k, a)
        {
            json_array_foreach(json_object_get(a, "deadlines"), d, dl)
            {
                json_t *when = json_object_get(dl, "occurrences");
                size_t o, n = json_array_size(when);

                /* Recurring work is one event per occurrence. */
                for (o = 0; o < (n ? n : 1); o++)
                    events +=
                        add_event(cal, t, a, dl,
                                  n ? json_array_get(when, o) : dl, k, d, o);
            }
        }
    }
    text = icalcomponent_as_ical_string_r(cal);
    f = fopen(path, "w");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0) {
        cli_error("%s: %s", path, strerror(errno));
        free(text);
        icalcomponent_free(cal);
        return CLI_EXIT_BAD_INPUT;
    }
    free(text);
    icalcomponent_free(cal);
    if (!cli_globals.quiet && !cli_globals.json)
        fprintf(stderr, "%zu events written to %s\n", events, path);
    return CLI_EXIT_OK;
}

int cancu_tasks_command(int argc, char **argv)
{
    tasks_options_t o = {CANCU_TASK_QUERY_INIT, NULL, false};
    cancu_status_t status;
    char *text = NULL;
    json_t *root;
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if (first + 1 < argc) {
        cli_error("tasks: name at most one plan file");
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
            status = cancu_document_tasks(doc, &o.query, &text);
        cancu_document_destroy(doc);
    } else {
        cancu_archive_t *archive = NULL;

        rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
        if (rc >= 0)
            return rc;
        status = cancu_archive_tasks(archive, &o.query, &text);
        cancu_archive_close(archive);
    }
    if (status)
        return cli_fail(status);
    root = json_loads(text, 0, NULL);
    free(text);
    rc = CLI_EXIT_OK;
    if (o.ics)
        rc = write_ics(o.ics, json_object_get(root, "tasks"));
    if (cli_globals.json) {
        int printed = cli_print_json(root);

        return rc ? rc : printed;
    }
    print_text(root);
    json_decref(root);
    return rc;
}
