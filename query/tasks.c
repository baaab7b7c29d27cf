/* Task queries: tasks resting on a reference, led by a unit, in an
 * area, due before, after or within a period; sorted by deadline. The
 * same filters serve the archive's tasks and a file's. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"

static int days_in(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    return days[month - 1] + (month == 2 && leap);
}

/* The period a --due-within value names: "2022", "2022-06", "2022-Q1". */
static bool period(const char *text, char start[11], char end[11])
{
    size_t n = strlen(text);
    int year, first, last;

    if (n < 4 || strspn(text, "0123456789") < 4)
        return false;
    year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 +
           (text[2] - '0') * 10 + (text[3] - '0');
    if (n == 4) {
        first = 1;
        last = 12;
    } else if (n == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q') &&
               text[6] >= '1' && text[6] <= '4') {
        last = (text[6] - '0') * 3;
        first = last - 2;
    } else if (n == 7 && text[4] == '-' && text[5] >= '0' && text[5] <= '1' &&
               text[6] >= '0' && text[6] <= '9') {
        first = last = (text[5] - '0') * 10 + (text[6] - '0');
        if (first < 1 || first > 12)
            return false;
    } else {
        return false;
    }
    {
        char buf[40];

        snprintf(buf, sizeof buf, "%04d-%02d-01", year % 10000, first % 100);
        memcpy(start, buf, 11);
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", year % 10000, last % 100,
                 days_in(year, last) % 100);
        memcpy(end, buf, 11);
        start[10] = end[10] = '\0';
    }
    return true;
}

static bool valid_date(const char *s)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-' &&
           strspn(s, "0123456789-") == 10;
}

static cancu_status_t check_query(const cancu_task_query_t *q)
{
    char a[11], b[11];

    if (q->due_before && !valid_date(q->due_before))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "due-before takes a date YYYY-MM-DD, not "
                                "'%s'",
                                q->due_before);
    if (q->due_after && !valid_date(q->due_after))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "due-after takes a date YYYY-MM-DD, not '%s'",
                                q->due_after);
    if (q->due_within && !period(q->due_within, a, b))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "due-within takes 2022, 2022-06 or 2022-Q1, "
                                "not '%s'",
                                q->due_within);
    return CANCU_STATUS_SUCCESS;
}

static const char *string_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

static bool folded_contains(const char *haystack, const char *needle)
{
    char h[1024], n[256];

    cancu_fold__ascii(haystack, strlen(haystack), h, sizeof h);
    cancu_fold__ascii(needle, strlen(needle), n, sizeof n);
    return strstr(h, n) != NULL;
}

/* The earliest deadline end of a task, or NULL. */
static const char *first_due(json_t *task)
{
    const char *best = NULL;
    size_t i, k;
    json_t *a, *d;

    json_array_foreach(json_object_get(task, "activities"), i, a)
    {
        json_array_foreach(json_object_get(a, "deadlines"), k, d)
        {
            const char *end = json_string_value(json_object_get(d, "end"));

            if (end && (!best || strcmp(end, best) < 0))
                best = end;
        }
    }
    return best;
}

static bool between(const char *day, const char *after, const char *before)
{
    return day && (!after || strcmp(day, after) >= 0) &&
           (!before || strcmp(day, before) <= 0);
}

/* Has the task a deadline, or an occurrence of recurring work ("Trước
 * ngày 05 của tháng liền kề" is due each month), ending between 'after'
 * and 'before'? */
static bool any_deadline(json_t *task, const char *after, const char *before)
{
    size_t i, k, o;
    json_t *a, *d, *when;

    json_array_foreach(json_object_get(task, "activities"), i, a)
    {
        json_array_foreach(json_object_get(a, "deadlines"), k, d)
        {
            if (between(json_string_value(json_object_get(d, "end")), after,
                        before))
                return true;
            json_array_foreach(json_object_get(d, "occurrences"), o, when)
            {
                if (between(json_string_value(json_object_get(when, "end")),
                            after, before))
                    return true;
            }
        }
    }
    return false;
}

static bool any_lead(json_t *task, const char *unit)
{
    size_t i;
    json_t *u;

    json_array_foreach(json_object_get(task, "lead"), i, u)
    {
        if (folded_contains(json_string_value(u), unit))
            return true;
    }
    return false;
}

static bool passes(const cancu_task_query_t *q, json_t *task)
{
    char start[11], end[11];

    if (q->lead && !any_lead(task, q->lead))
        return false;
    if (q->area && !folded_contains(string_of(task, "area"), q->area))
        return false;
    if ((q->due_before || q->due_after) &&
        !any_deadline(task, q->due_after, q->due_before))
        return false;
    if (q->due_within &&
        (!period(q->due_within, start, end) || !any_deadline(task, start, end)))
        return false;
    return true;
}

/* Where the task stands in its plan: its line, which grows through the
 * plan's tables and bullets in order. */
static json_int_t line_of(json_t *task)
{
    return json_integer_value(
        json_object_get(json_object_get(task, "where"), "line"));
}

/* What a task sorts by, read from its record once: a comparison reads
 * no JSON (5,000 tasks due in a month took a sort of 450 M instructions
 * when each comparison walked both tasks' deadlines). */
typedef struct sort_key {
    json_t *task;
    const char *due, *plan_date, *plan;
    json_int_t line, row;
    size_t order; /* its place before the sort: ties keep it */
} sort_key_t;

static int by_deadline(const void *a, const void *b)
{
    const sort_key_t *x = a, *y = b;
    int c;

    if (x->due && y->due && (c = strcmp(x->due, y->due)) != 0)
        return c;
    if (!x->due != !y->due)
        return x->due ? -1 : 1;
    /* Then the newest plan first, then the task's place in its plan (its
     * number repeats: bullets in each part, tables from 1 each), as
     * CANCU_SLOT_TASK_ORDER orders the archive's. */
    c = strcmp(y->plan_date, x->plan_date);
    if (c)
        return c;
    c = strcmp(x->plan, y->plan);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    /* Bullets of one Word paragraph share its line. */
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

struct cancu_task_list {
    /* The page's task records, which its tasks read. */
    json_t *records;
    cancu_task_t *tasks;
    size_t count, total, offset, limit;
};

/* Give each record of 'records' its typed view, and its activities and
 * deadlines theirs. */
static bool view_tasks(cancu_task_list_t *list)
{
    size_t n = json_array_size(list->records);

    list->tasks = calloc(n + 1, sizeof *list->tasks);
    if (!list->tasks)
        return false;
    for (size_t i = 0; i < n; i++) {
        cancu_task_t *t = &list->tasks[i];
        json_t *acts;

        t->record = json_array_get(list->records, i);
        acts = json_object_get(t->record, "activities");
        t->nactivities = json_array_size(acts);
        list->count = i + 1;
        t->activities = calloc(t->nactivities + 1, sizeof *t->activities);
        if (!t->activities)
            return false;
        for (size_t k = 0; k < t->nactivities; k++) {
            cancu_activity_t *a = &t->activities[k];
            json_t *dls;

            a->record = json_array_get(acts, k);
            dls = json_object_get(a->record, "deadlines");
            a->ndeadlines = json_array_size(dls);
            a->deadlines = calloc(a->ndeadlines + 1, sizeof *a->deadlines);
            if (!a->deadlines)
                return false;
            for (size_t d = 0; d < a->ndeadlines; d++)
                a->deadlines[d].record = json_array_get(dls, d);
        }
    }
    return true;
}

cancu_status_t cancu_task_list__wrap(cancu_task_list_t **out, json_t *records,
                                     size_t total, size_t offset, size_t limit)
{
    cancu_task_list_t *list = calloc(1, sizeof *list);

    *out = NULL;
    if (!list || !records) {
        free(list);
        json_decref(records);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    list->records = records;
    list->total = total;
    list->offset = offset;
    list->limit = limit;
    if (!view_tasks(list)) {
        cancu_task_list_destroy(list);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    *out = list;
    return CANCU_STATUS_SUCCESS;
}

/* Wrap a page of tasks as a task list. Steals 'page'. */
static cancu_status_t make_list(json_t *page, size_t total,
                                const cancu_task_query_t *q,
                                cancu_task_list_t **out)
{
    return cancu_task_list__wrap(out, page, total, q->offset, q->limit);
}

void cancu_task_list_destroy(cancu_task_list_t *list)
{
    if (!list)
        return;
    for (size_t i = 0; list->tasks && i < list->count; i++) {
        cancu_task_t *t = &list->tasks[i];

        for (size_t k = 0; t->activities && k < t->nactivities; k++)
            free(t->activities[k].deadlines);
        free(t->activities);
    }
    free(list->tasks);
    json_decref(list->records);
    free(list);
}

size_t cancu_task_list_count(const cancu_task_list_t *list)
{
    assert(list);
    return list->count;
}

const cancu_task_t *cancu_task_list_get(const cancu_task_list_t *list,
                                        size_t index)
{
    assert(list);
    return index < list->count ? &list->tasks[index] : NULL;
}

size_t cancu_task_list_total(const cancu_task_list_t *list)
{
    assert(list);
    return list->total;
}

size_t cancu_task_list_offset(const cancu_task_list_t *list)
{
    assert(list);
    return list->offset;
}

size_t cancu_task_list_limit(const cancu_task_list_t *list)
{
    assert(list);
    return list->limit;
}

/* A record's whole number at 'key', 0 when none. */
static size_t size_of(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));

    return v > 0 ? (size_t)v : 0;
}

/* String 'index' of the array at 'key', NULL past the end. */
static const char *item_of(json_t *o, const char *key, size_t index)
{
    json_t *a = json_object_get(o, key);

    const char *v;

    if (index >= json_array_size(a))
        return NULL;
    v = json_string_value(json_array_get(a, index));
    return v ? v : "";
}

static size_t count_of(json_t *o, const char *key)
{
    return json_array_size(json_object_get(o, key));
}

#define TASK_STRING(name, key)                                                 \
    const char *cancu_task_##name(const cancu_task_t *task)                    \
    {                                                                          \
        assert(task && task->record);                                          \
        return string_of(task->record, key);                                   \
    }

TASK_STRING(no, "no")
TASK_STRING(part, "part")
TASK_STRING(area, "area")
TASK_STRING(objective, "objective")
TASK_STRING(text, "task")
TASK_STRING(plan, "plan")
TASK_STRING(plan_title, "plan_title")
TASK_STRING(plan_date, "plan_date")
TASK_STRING(plan_path, "plan_path")
TASK_STRING(search_text, "text")

size_t cancu_task_table(const cancu_task_t *task)
{
    assert(task && task->record);
    return size_of(task->record, "table");
}

size_t cancu_task_row(const cancu_task_t *task)
{
    assert(task && task->record);
    return size_of(task->record, "row");
}

size_t cancu_task_reference_count(const cancu_task_t *task)
{
    assert(task && task->record);
    return count_of(task->record, "references");
}

const char *cancu_task_reference_id(const cancu_task_t *task, size_t index)
{
    assert(task && task->record);
    return item_of(task->record, "references", index);
}

const char *cancu_task_reference_key(const cancu_task_t *task, size_t index)
{
    assert(task && task->record);
    /* A record written before keys were kept has none: "". */
    if (index >= cancu_task_reference_count(task))
        return NULL;
    return index < count_of(task->record, "reference_keys")
               ? item_of(task->record, "reference_keys", index)
               : "";
}

size_t cancu_task_lead_count(const cancu_task_t *task)
{
    assert(task && task->record);
    return count_of(task->record, "lead");
}

const char *cancu_task_lead(const cancu_task_t *task, size_t index)
{
    assert(task && task->record);
    return item_of(task->record, "lead", index);
}

size_t cancu_task_partner_count(const cancu_task_t *task)
{
    assert(task && task->record);
    return count_of(task->record, "partners");
}

const char *cancu_task_partner(const cancu_task_t *task, size_t index)
{
    assert(task && task->record);
    return item_of(task->record, "partners", index);
}

size_t cancu_task_activity_count(const cancu_task_t *task)
{
    assert(task && task->record);
    return task->nactivities;
}

const cancu_activity_t *cancu_task_activity(const cancu_task_t *task,
                                            size_t index)
{
    assert(task && task->record);
    return index < task->nactivities ? &task->activities[index] : NULL;
}

const char *cancu_task_section(const cancu_task_t *task)
{
    assert(task && task->record);
    return string_of(json_object_get(task->record, "where"), "section");
}

size_t cancu_task_line(const cancu_task_t *task)
{
    assert(task && task->record);
    return size_of(json_object_get(task->record, "where"), "line");
}

bool cancu_task_is_archived(const cancu_task_t *task)
{
    assert(task && task->record);
    return json_object_get(task->record, "kind") != NULL;
}

#define ACTIVITY_STRING(name, key)                                             \
    const char *cancu_activity_##name(const cancu_activity_t *activity)        \
    {                                                                          \
        assert(activity && activity->record);                                  \
        return string_of(activity->record, key);                               \
    }

ACTIVITY_STRING(text, "activity")
ACTIVITY_STRING(output, "output")
ACTIVITY_STRING(budget, "budget")
ACTIVITY_STRING(deadline_text, "deadline")

size_t cancu_activity_lead_count(const cancu_activity_t *activity)
{
    assert(activity && activity->record);
    return count_of(activity->record, "lead");
}

const char *cancu_activity_lead(const cancu_activity_t *activity, size_t index)
{
    assert(activity && activity->record);
    return item_of(activity->record, "lead", index);
}

size_t cancu_activity_partner_count(const cancu_activity_t *activity)
{
    assert(activity && activity->record);
    return count_of(activity->record, "partners");
}

const char *cancu_activity_partner(const cancu_activity_t *activity,
                                   size_t index)
{
    assert(activity && activity->record);
    return item_of(activity->record, "partners", index);
}

size_t cancu_activity_deadline_count(const cancu_activity_t *activity)
{
    assert(activity && activity->record);
    return activity->ndeadlines;
}

const cancu_deadline_t *
cancu_activity_deadline(const cancu_activity_t *activity, size_t index)
{
    assert(activity && activity->record);
    return index < activity->ndeadlines ? &activity->deadlines[index] : NULL;
}

size_t cancu_activity_line(const cancu_activity_t *activity)
{
    assert(activity && activity->record);
    return size_of(activity->record, "line");
}

#define DEADLINE_STRING(name, key)                                             \
    const char *cancu_deadline_##name(const cancu_deadline_t *deadline)        \
    {                                                                          \
        assert(deadline && deadline->record);                                  \
        return string_of(deadline->record, key);                               \
    }

DEADLINE_STRING(text, "text")
DEADLINE_STRING(kind, "kind")
DEADLINE_STRING(start, "start")
DEADLINE_STRING(end, "end")
DEADLINE_STRING(recurrence, "recurrence")
DEADLINE_STRING(rule, "rule")

size_t cancu_deadline_occurrence_count(const cancu_deadline_t *deadline)
{
    assert(deadline && deadline->record);
    return count_of(deadline->record, "occurrences");
}

const char *cancu_deadline_occurrence_start(const cancu_deadline_t *deadline,
                                            size_t index)
{
    json_t *when;

    assert(deadline && deadline->record);
    when =
        json_array_get(json_object_get(deadline->record, "occurrences"), index);
    return when ? string_of(when, "start") : NULL;
}

const char *cancu_deadline_occurrence_end(const cancu_deadline_t *deadline,
                                          size_t index)
{
    json_t *when;

    assert(deadline && deadline->record);
    when =
        json_array_get(json_object_get(deadline->record, "occurrences"), index);
    return when ? string_of(when, "end") : NULL;
}

/* Keep what passes, sort, and wrap the page of it. Steals 'tasks'. */
static cancu_status_t finish(json_t *tasks, const cancu_task_query_t *q,
                             cancu_task_list_t **out)
{
    size_t n = json_array_size(tasks), kept = 0;
    sort_key_t *items = calloc(n + 1, sizeof *items);
    json_t *page;

    if (!items) {
        json_decref(tasks);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        json_t *t = json_array_get(tasks, i);
        sort_key_t *k = &items[kept];

        if (!passes(q, t))
            continue;
        k->task = t;
        k->due = first_due(t);
        k->plan_date = string_of(t, "plan_date");
        k->plan = string_of(t, "plan");
        k->line = line_of(t);
        k->row = json_integer_value(json_object_get(t, "row"));
        k->order = kept++;
    }
    if (kept)
        qsort(items, kept, sizeof *items, by_deadline);
    page = json_array();
    for (size_t i = q->offset; page && i < kept; i++) {
        if (q->limit && i - q->offset >= q->limit)
            break;
        json_array_append(page, items[i].task);
    }
    free(items);
    json_decref(tasks);
    if (!page)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return make_list(page, kept, q, out);
}

/* Does the task cite what was typed? */
static bool task_cites(json_t *task, const cancu_typed_ref_t *tr)
{
    json_t *ids = json_object_get(task, "references");
    json_t *keys = json_object_get(task, "reference_keys");

    for (size_t i = 0; i < json_array_size(ids); i++)
        if (cancu_typed_ref__matches(
                tr, json_string_value(json_array_get(ids, i)),
                json_string_value(json_array_get(keys, i))))
            return true;
    return false;
}

cancu_status_t cancu_document_tasks(cancu_task_list_t **out,
                                    const cancu_document_t *doc,
                                    const cancu_task_query_t *query)
{
    cancu_task_query_t all = CANCU_TASK_QUERY_INIT;
    cancu_typed_ref_t tr;
    json_t *tasks, *kept;
    cancu_status_t status;
    size_t i;
    json_t *t;

    assert(doc && out);
    *out = NULL;
    if (!query)
        query = &all;
    status = check_query(query);
    if (status)
        return status;
    memset(&tr, 0, sizeof tr);
    if (query->cites) {
        status = cancu_typed_ref__parse(&tr, query->cites);
        if (status)
            return status;
    }
    tasks = cancu_tasks__json(doc);
    kept = json_array();
    if (!tasks || !kept) {
        json_decref(tasks);
        json_decref(kept);
        cancu_typed_ref__dispose(&tr);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    json_array_foreach(tasks, i, t)
    {
        json_object_set_new(t, "plan", json_string(doc->id));
        json_object_set_new(t, "plan_title", json_string(doc->title));
        json_object_set_new(t, "plan_date", json_string(doc->date));
        json_object_set_new(t, "plan_path", json_string(doc->path));
        if (!query->cites || task_cites(t, &tr))
            json_array_append(kept, t);
    }
    json_decref(tasks);
    cancu_typed_ref__dispose(&tr);
    return finish(kept, query, out);
}

/* The number of documents of one type ("task", "plan") in the archive:
 * a real bound on what a query of that type matches. */
cancu_status_t cancu_archive__type_count(cancu_archive_t *archive,
                                         const char *type, size_t *out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    *out = 0;
    cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_TYPE, type);
    status = term.failed
                 ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
                 : cancu_xapian_term_freq(archive->db, term.data, out);
    cancu_strbuf__dispose(&term);
    return status;
}

/* The record of the task whose document's data is 'data', into *out;
 * NULL there when it does not parse. */
static cancu_status_t task_record(cancu_archive_t *archive, const char *data,
                                  size_t len, json_t **out)
{
    const char *line;
    size_t n;
    cancu_status_t status =
        cancu_archive__task_record(archive, data, len, &line, &n);
    json_t *task = status ? NULL : cancu_json__load(line, n);

    if (task && !json_object_get(task, "activities")) {
        json_decref(task);
        task = NULL;
    }
    *out = task;
    return status;
}

/* A task document's data ("T\tK\tPLAN..."), and its place in a
 * match. */
typedef struct task_ref {
    const char *data;
    size_t len, at;
} task_ref_t;

/* Where, in a task document's data, its place K and its plan's id
 * stand; false when it has no such form. */
static bool place_in_plan(const task_ref_t *r, const char **k, size_t *k_len,
                          const char **plan, size_t *plan_len)
{
    const char *end = r->data + r->len, *tab, *nl;

    if (!(tab = memchr(r->data, '\t', r->len)))
        return false;
    *k = tab + 1;
    if (!(tab = memchr(*k, '\t', (size_t)(end - *k))))
        return false;
    *k_len = (size_t)(tab - *k);
    *plan = tab + 1;
    nl = memchr(*plan, '\n', (size_t)(end - *plan));
    *plan_len = (size_t)((nl ? nl : end) - *plan);
    return true;
}

/* By plan, then by the task's place in it (K, as a number). */
static int by_place_in_plan(const void *a, const void *b)
{
    const char *xk, *yk, *xp, *yp;
    size_t xkn, ykn, xpn, ypn;
    bool xok = place_in_plan(a, &xk, &xkn, &xp, &xpn);
    bool yok = place_in_plan(b, &yk, &ykn, &yp, &ypn);
    int c;

    if (!xok || !yok)
        return (int)!xok - (int)!yok;
    c = memcmp(xp, yp, xpn < ypn ? xpn : ypn);
    if (c || xpn != ypn)
        return c ? c : xpn < ypn ? -1 : 1;
    if (xkn != ykn)
        return xkn < ykn ? -1 : 1;
    return memcmp(xk, yk, xkn);
}

/* The matches of 'q' in the listing's order, [offset, offset + limit)
 * of them, appended to 'tasks'; with 'total', how many match in all. */
static cancu_status_t tasks_in_order(cancu_archive_t *archive,
                                     const cancu_xapian_query_t *q,
                                     size_t offset, size_t limit, size_t *total,
                                     json_t *tasks)
{
    cancu_xapian_mset_t *mset = NULL;
    cancu_status_t status =
        cancu_xapian_newest(archive->db, q, CANCU_SLOT_TASK_ORDER, offset,
                            limit, CANCU_XAPIAN_FETCH_DATA, total, &mset);

    size_t n = cancu_xapian_mset_size(mset);
    task_ref_t *refs = calloc(n + 1, sizeof *refs);
    json_t **found = calloc(n + 1, sizeof *found);

    if (!status && (!refs || !found))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    /* Read plan by plan, each group of a plan's records inflated once,
     * then kept in the listing's order. */
    for (size_t i = 0; !status && i < n; i++) {
        refs[i].data = cancu_xapian_mset_data(mset, i, &refs[i].len);
        refs[i].at = i;
    }
    if (!status && n)
        qsort(refs, n, sizeof *refs, by_place_in_plan);
    for (size_t i = 0; !status && i < n; i++)
        status =
            task_record(archive, refs[i].data, refs[i].len, &found[refs[i].at]);
    for (size_t i = 0; found && i < n; i++) {
        if (status)
            json_decref(found[i]);
        /* json_array_append_new frees what it cannot take. */
        else if (found[i] && json_array_append_new(tasks, found[i]))
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    free(refs);
    free(found);
    cancu_xapian_mset_destroy(mset);
    return status;
}

typedef struct gather {
    cancu_archive_t *archive;
    json_t *tasks;
    cancu_status_t status;
} gather_t;

/* A task of the walk; a plan's document and its record's, which have
 * the plan's id term too and whose data is JSON, are passed over. */
static bool gather_task(const char *data, size_t len, void *payload)
{
    gather_t *g = payload;
    json_t *task = NULL;

    if (len && data[0] == '{')
        return true;
    g->status = task_record(g->archive, data, len, &task);
    if (task)
        json_array_append_new(g->tasks, task);
    return !g->status;
}

/* The query of the archive's tasks, or of one plan's. */
static cancu_xapian_query_t *tasks_query(const char *plan)
{
    cancu_xapian_query_t *parts[2] = {NULL, NULL};
    cancu_strbuf_t term = CANCU_STRBUF_INIT;

    cancu_strbuf__printf(&term, "%stask", CANCU_PREFIX_TYPE);
    if (!term.failed)
        parts[0] = cancu_xapian_query_term(term.data, term.len);
    if (plan) {
        cancu_strbuf__clear(&term);
        cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_DOC, plan);
        if (!term.failed)
            parts[1] = cancu_xapian_query_term(term.data, term.len);
    }
    cancu_strbuf__dispose(&term);
    if (!plan)
        return parts[0];
    return cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, parts, 2);
}

/* The number the 'n' digits at 's' write (an ISO date's fields). */
static int digits(const char *s, size_t n)
{
    int v = 0;

    for (size_t i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* The tasks of 'plan' (NULL: all) with a deadline ending in a month of
 * [start, end] (ISO dates of one period: a year at most), by their
 * CANCU_PREFIX_DUE terms. */
static cancu_xapian_query_t *due_query(const char *plan, const char *start,
                                       const char *end)
{
    cancu_xapian_query_t *months[12], *parts[2];
    int year = digits(start, 4), month = digits(start + 5, 2);
    int last_year = digits(end, 4), last_month = digits(end + 5, 2);
    size_t n = 0;

    while ((year < last_year || (year == last_year && month <= last_month)) &&
           n < sizeof months / sizeof *months) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;

        cancu_strbuf__printf(&term, "%s%04d-%02d", CANCU_PREFIX_DUE, year,
                             month);
        months[n++] =
            term.failed ? NULL : cancu_xapian_query_term(term.data, term.len);
        cancu_strbuf__dispose(&term);
        if (++month > 12) {
            month = 1;
            year++;
        }
    }
    parts[0] = tasks_query(plan);
    parts[1] = cancu_xapian_query_combine(CANCU_XAPIAN_OR, months, n);
    return cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, parts, 2);
}

/* Does every task of the archive carry its deadlines' months? */
static bool has_due_terms(cancu_archive_t *archive)
{
    char *value = NULL;
    bool has =
        !cancu_xapian_get_metadata(archive->db, CANCU_META_DUE_TERMS, &value) &&
        strcmp(value, "1") == 0;

    free(value);
    return has;
}

/* Filters the index cannot answer: they read every task that the index
 * narrows the query to. */
static bool read_filters(const cancu_task_query_t *q)
{
    return q->lead || q->area || q->due_before || q->due_after || q->due_within;
}

static cancu_status_t archive_tasks(cancu_archive_t *archive,
                                    const cancu_task_query_t *query,
                                    cancu_task_list_t **out)
{
    cancu_task_query_t all = CANCU_TASK_QUERY_INIT;
    cancu_typed_ref_t tr;
    json_t *tasks = json_array();
    char **terms = NULL, *plan = NULL;
    size_t nterms = 0, bound = 0, total = 0;
    cancu_xapian_query_t *q = NULL;
    cancu_status_t status;
    bool paged = false;

    assert(archive && out);
    *out = NULL;
    memset(&tr, 0, sizeof tr);
    if (!query)
        query = &all;
    status = check_query(query);
    if (!status && !tasks)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status && query->plan)
        status = cancu_archive__find_plan(archive, query->plan, &plan);
    if (!status)
        status = cancu_archive__type_count(archive, "task", &bound);
    if (!status && query->cites) {
        status = cancu_typed_ref__parse(&tr, query->cites);
        if (!status)
            status =
                cancu_archive__reference_terms(archive, &tr, &terms, &nterms);
        /* The index finds the tasks citing it, in order; the typed
         * reference then keeps those it names. */
        if (!status && nterms) {
            json_t *found = json_array(), *task;
            size_t i;

            q = cancu_archive__terms_query(terms, nterms, "task", plan);
            status = !q || !found
                         ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                            "out of memory")
                         : tasks_in_order(archive, q, 0, bound, NULL, found);
            json_array_foreach(found, i, task)
            {
                if (task_cites(task, &tr))
                    json_array_append(tasks, task);
            }
            json_decref(found);
        }
    } else if (!status && !read_filters(query)) {
        /* All the tasks, or one plan's: the index reads the page alone. */
        q = tasks_query(plan);
        status =
            q ? tasks_in_order(archive, q, query->offset,
                               query->limit ? query->limit : bound, &total,
                               tasks)
              : cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        paged = true;
    } else if (!status && query->due_within && has_due_terms(archive)) {
        /* The index narrows to the tasks due in the period's months; the
         * filters then read only those. */
        char start[11], end[11];

        period(query->due_within, start, end);
        q = due_query(plan, start, end);
        status =
            q ? tasks_in_order(archive, q, 0, bound, NULL, tasks)
              : cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    } else if (!status) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;
        gather_t g = {archive, tasks, CANCU_STATUS_SUCCESS};

        cancu_strbuf__puts(&term, plan ? CANCU_PREFIX_DOC : CANCU_PREFIX_TYPE);
        cancu_strbuf__puts(&term, plan ? plan : "task");
        status = term.failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                                "out of memory")
                             : cancu_xapian_foreach_data(archive->db, term.data,
                                                         gather_task, &g);
        if (!status)
            status = g.status;
        cancu_strbuf__dispose(&term);
    }
    cancu_xapian_query_destroy(q);
    for (size_t i = 0; i < nterms; i++)
        free(terms[i]);
    free(terms);
    free(plan);
    cancu_typed_ref__dispose(&tr);
    if (status) {
        json_decref(tasks);
        return status;
    }
    if (paged)
        return make_list(tasks, total, query, out);
    return finish(tasks, query, out);
}

typedef struct tasks_read {
    const cancu_task_query_t *query;
    cancu_task_list_t **out;
} tasks_read_t;

/* One read of the tasks a tasks_read_t asks for. */
static cancu_status_t read_tasks(cancu_archive_t *archive, void *payload)
{
    tasks_read_t *r = payload;

    return archive_tasks(archive, r->query, r->out);
}

cancu_status_t cancu_archive_tasks(cancu_task_list_t **out,
                                   cancu_archive_t *archive,
                                   const cancu_task_query_t *query)
{
    tasks_read_t r = {query, out};

    assert(archive && out);
    return cancu_archive__read(archive, read_tasks, &r);
}
