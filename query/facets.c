/* Facets: how many of the documents a search matches have each value of
 * a field. The values are the terms the index already has for the
 * search's field filters (XY, XI, XU, XA, XR); their counts come from
 * one unweighted match and each term's posting list walked against it
 * (cancu_xapian_count_terms), so nothing but a few labels is read from
 * the documents themselves. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"

struct cancu_facet {
    const char *value, *label;
    size_t matches;
};

typedef struct facet_list {
    struct cancu_facet *items;
    size_t count, cap, total;
} facet_list_t;

struct cancu_facets {
    cancu_arena_t *arena;
    facet_list_t fields[CANCU_FACET_LAST];
};

static const char *const field_names[CANCU_FACET_LAST] = {
    "year", "issuer", "lead", "area", "cites"};

static const char *const field_prefixes[CANCU_FACET_LAST] = {
    CANCU_PREFIX_YEAR, CANCU_PREFIX_ISSUER, CANCU_PREFIX_UNIT,
    CANCU_PREFIX_AREA, CANCU_PREFIX_REFERENCE};

typedef struct counting {
    cancu_facets_t *facets;
    /* The field each prefix passed to the shim stands for. */
    cancu_facet_field_t fields[CANCU_FACET_LAST];
    bool failed;
} counting_t;

static bool count_term(const char *term, size_t len, size_t prefix,
                       size_t count, void *payload)
{
    counting_t *c = payload;
    cancu_facet_field_t field = c->fields[prefix];
    facet_list_t *list = &c->facets->fields[field];
    size_t skip = strlen(field_prefixes[field]);
    struct cancu_facet *f;

    /* A query cannot name a value holding a quote. */
    if (memchr(term + skip, '"', len - skip) || len == skip)
        return true;
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        struct cancu_facet *items = realloc(list->items, cap * sizeof *items);

        if (!items) {
            c->failed = true;
            return false;
        }
        list->items = items;
        list->cap = cap;
    }
    f = &list->items[list->count];
    f->value = cancu_arena__strndup(c->facets->arena, term + skip, len - skip);
    f->label = f->value;
    f->matches = count;
    if (!f->value) {
        c->failed = true;
        return false;
    }
    list->count++;
    return true;
}

/* The most matches first, then by value. */
static int by_matches(const void *a, const void *b)
{
    const struct cancu_facet *x = a, *y = b;

    if (x->matches != y->matches)
        return x->matches > y->matches ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* The newest year first. */
static int by_year(const void *a, const void *b)
{
    const struct cancu_facet *x = a, *y = b;
    size_t lx = strlen(x->value), ly = strlen(y->value);

    if (lx != ly)
        return lx > ly ? -1 : 1;
    return -strcmp(x->value, y->value);
}

typedef struct label_find {
    cancu_archive_t *archive;
    cancu_facet_field_t field;
    const char *value;
    char *label; /* malloc'd */
    cancu_status_t status;
} label_find_t;

/* Is the lead unit 'name' the one whose key is l->value? */
static bool take_unit(label_find_t *l, json_t *name)
{
    char key[256];
    const char *s = json_string_value(name);

    if (!s)
        return false;
    cancu_units__key_into(s, key);
    if (strcmp(key, l->value) != 0)
        return false;
    l->label = strdup(s);
    return true;
}

/* The name a task's JSON gives the lead unit or area l->value stands
 * for; the first task indexed by it is enough (a plan's document, which
 * has its tasks' terms too, is passed over). */
static bool find_label(const char *data, size_t len, void *payload)
{
    label_find_t *l = payload;
    static const char *const wanted[] = {"area", "lead", "activities"};
    const char *line;
    size_t n, i, k;
    json_t *task, *v, *a;

    if (len && data[0] == '{')
        return true;
    l->status = cancu_archive__task_record(l->archive, data, len, &line, &n);
    task = l->status ? NULL : cancu_json__load_members(line, n, wanted, 3);
    if (!task)
        return false;
    if (l->field == CANCU_FACET_AREA) {
        const char *area = json_string_value(json_object_get(task, "area"));
        char folded[256];

        if (area) {
            cancu_fold__ascii(area, strlen(area), folded, sizeof folded);
            if (strcmp(folded, l->value) == 0)
                l->label = strdup(area);
        }
    } else {
        json_array_foreach(json_object_get(task, "lead"), i, v)
        {
            if (take_unit(l, v))
                break;
        }
        json_array_foreach(json_object_get(task, "activities"), k, a)
        {
            json_array_foreach(json_object_get(a, "lead"), i, v)
            {
                if (!l->label && take_unit(l, v))
                    break;
            }
        }
    }
    json_decref(task);
    return false;
}

/* Lead units and areas are indexed by folded keys: their labels are the
 * names as a task writes them. */
static cancu_status_t add_labels(cancu_archive_t *archive, cancu_facets_t *f,
                                 cancu_facet_field_t field)
{
    facet_list_t *list = &f->fields[field];

    for (size_t i = 0; i < list->count; i++) {
        label_find_t l = {archive, field, list->items[i].value, NULL,
                          CANCU_STATUS_SUCCESS};
        cancu_strbuf_t term = CANCU_STRBUF_INIT;
        cancu_status_t status;

        cancu_strbuf__puts(&term, field_prefixes[field]);
        cancu_strbuf__puts(&term, list->items[i].value);
        status = term.failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                                "out of memory")
                             : cancu_xapian_foreach_data(archive->db, term.data,
                                                         find_label, &l);
        if (!status)
            status = l.status;
        cancu_strbuf__dispose(&term);
        if (!status && l.label) {
            list->items[i].label = cancu_arena__strdup(f->arena, l.label);
            if (!list->items[i].label)
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
        }
        free(l.label);
        if (status)
            return status;
    }
    return CANCU_STATUS_SUCCESS;
}

typedef struct facets_read {
    cancu_facets_t **out;
    const char *query;
    const cancu_facets_options_t *options;
} facets_read_t;

static cancu_status_t read_facets(cancu_archive_t *archive, void *payload)
{
    facets_read_t *r = payload;
    unsigned int wanted = r->options->fields ? r->options->fields
                                             : 1u << CANCU_FACET_YEAR |
                                                   1u << CANCU_FACET_ISSUER |
                                                   1u << CANCU_FACET_LEAD |
                                                   1u << CANCU_FACET_AREA;
    const char *prefixes[CANCU_FACET_LAST];
    counting_t c = {NULL, {0}, false};
    cancu_xapian_query_t *xq = NULL;
    cancu_facets_t *f = calloc(1, sizeof *f);
    size_t n = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!f || !(f->arena = cancu_arena__new())) {
        free(f);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    c.facets = f;
    for (int k = 0; k < CANCU_FACET_LAST; k++)
        if (wanted & 1u << k) {
            c.fields[n] = (cancu_facet_field_t)k;
            prefixes[n++] = field_prefixes[k];
        }
    if (r->query)
        status = cancu_search__query(&xq, archive, r->query);
    else if (!(xq = cancu_xapian_query_term(CANCU_PREFIX_TYPE "plan",
                                            strlen(CANCU_PREFIX_TYPE "plan"))))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status && n)
        status = cancu_xapian_count_terms(archive->db, xq, prefixes, n,
                                          count_term, &c);
    if (!status && c.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_xapian_query_destroy(xq);
    for (int k = 0; !status && k < CANCU_FACET_LAST; k++) {
        facet_list_t *list = &f->fields[k];
        size_t limit = r->options->limit;

        list->total = list->count;
        if (list->count)
            qsort(list->items, list->count, sizeof *list->items,
                  k == CANCU_FACET_YEAR ? by_year : by_matches);
        if (limit && list->count > limit)
            list->count = limit;
        if (k == CANCU_FACET_LEAD || k == CANCU_FACET_AREA)
            status = add_labels(archive, f, (cancu_facet_field_t)k);
    }
    if (status) {
        cancu_facets_destroy(f);
        return status;
    }
    *r->out = f;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_search_facets(cancu_facets_t **out,
                                   cancu_archive_t *archive, const char *query,
                                   const cancu_facets_options_t *options)
{
    cancu_facets_options_t defaults = CANCU_FACETS_OPTIONS_INIT;
    facets_read_t r = {out, query, options ? options : &defaults};

    assert(out && archive);
    *out = NULL;
    return cancu_archive__read(archive, read_facets, &r);
}

const char *cancu_facet_field_name(cancu_facet_field_t field)
{
    return field < CANCU_FACET_LAST ? field_names[field] : NULL;
}

size_t cancu_facets_count(const cancu_facets_t *facets,
                          cancu_facet_field_t field)
{
    assert(field < CANCU_FACET_LAST);
    return facets->fields[field].count;
}

size_t cancu_facets_total(const cancu_facets_t *facets,
                          cancu_facet_field_t field)
{
    assert(field < CANCU_FACET_LAST);
    return facets->fields[field].total;
}

const cancu_facet_t *cancu_facets_get(const cancu_facets_t *facets,
                                      cancu_facet_field_t field, size_t index)
{
    assert(field < CANCU_FACET_LAST && index < facets->fields[field].count);
    return &facets->fields[field].items[index];
}

void cancu_facets_destroy(cancu_facets_t *facets)
{
    if (!facets)
        return;
    for (int k = 0; k < CANCU_FACET_LAST; k++)
        free(facets->fields[k].items);
    cancu_arena__destroy(facets->arena);
    free(facets);
}

const char *cancu_facet_value(const cancu_facet_t *facet)
{
    return facet->value;
}

const char *cancu_facet_label(const cancu_facet_t *facet)
{
    return facet->label;
}

size_t cancu_facet_matches(const cancu_facet_t *facet)
{
    return facet->matches;
}
