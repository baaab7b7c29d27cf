/* Which tasks and passages rest on a legal document, typed any way;
 * what it matched; and what the archive's texts say it amends, replaces
 * or is replaced by. */
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

typedef struct cites_walk {
    const cancu_typed_ref_t *tr;
    char **ids; /* the ids searched for, to highlight */
    size_t nids;
    json_t *passages; /* paragraphs and rows citing it */
    json_t *matches;  /* key -> {"id", "key", ...} */
    json_t *relations;
    json_t *seen; /* the passages and plans taken */
    cancu_archive_t *archive;
    const char *highlight_start, *highlight_end;
    bool failed;
} cites_walk_t;

static const char *string_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* The text of a passage with each reference to the document highlighted
 * however it is written. */
static char *highlight(const cites_walk_t *w, const char *text)
{
    cancu_query_words_t words;
    char *out;

    memset(&words, 0, sizeof words);
    words.ref_ids = w->ids;
    words.nref_ids = w->nids;
    out = cancu_snippet__make(text, &words, w->highlight_start,
                              w->highlight_end, 400);
    return out;
}

/* A plan record: the matches and relations its references give. */
static void take_plan(cites_walk_t *w, json_t *record)
{
    json_t *refs = json_object_get(record, "refs"), *r;
    size_t i;

    json_array_foreach(json_object_get(refs, "references"), i, r)
    {
        const char *id = string_of(r, "id"), *key = string_of(r, "key");
        json_t *m;

        if (!cancu_typed_ref__matches(w->tr, id, key))
            continue;
        m = json_object_get(w->matches, key);
        if (!m) {
            m = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:i}", "id", id,
                          "key", key, "type", string_of(r, "type"), "date",
                          json_object_get(r, "date")
                              ? json_copy(json_object_get(r, "date"))
                              : json_null(),
                          "issuer",
                          json_object_get(r, "issuer")
                              ? json_copy(json_object_get(r, "issuer"))
                              : json_null(),
                          "title",
                          json_object_get(r, "title")
                              ? json_copy(json_object_get(r, "title"))
                              : json_null(),
                          "plans", 0);
            json_object_set_new(m, "in_plans", json_object());
            json_object_set_new(w->matches, key, m);
        }
        /* The plans citing this document. */
        json_object_set_new(json_object_get(m, "in_plans"),
                            string_of(record, "id"), json_true());
        if (json_is_null(json_object_get(m, "date")) &&
            json_is_string(json_object_get(r, "date")))
            json_object_set(m, "date", json_object_get(r, "date"));
        if (json_is_null(json_object_get(m, "title")) &&
            json_is_string(json_object_get(r, "title")))
            json_object_set(m, "title", json_object_get(r, "title"));
    }
    json_array_foreach(json_object_get(refs, "relations"), i, r)
    {
        const char *source = string_of(r, "source");
        const char *target = string_of(r, "target");
        bool as_source = cancu_typed_ref__matches(w->tr, source, source);
        bool as_target = cancu_typed_ref__matches(w->tr, target, target);

        if (!as_source && !as_target)
            continue;
        json_array_append_new(
            w->relations,
            json_pack("{s:s, s:o, s:s, s:s, s:s, s:s, s:s}", "kind",
                      string_of(r, "kind"), "source",
                      *source ? json_string(source)
                              : json_string(string_of(record, "path")),
                      "target", target, "origin", "text", "text",
                      string_of(r, "text"), "plan", string_of(record, "id"),
                      "plan_title", string_of(record, "title")));
    }
}

static bool has_relation(json_t *relations, const char *kind,
                         const char *source, const char *target)
{
    size_t i;
    json_t *r;

    json_array_foreach(relations, i, r)
    {
        if (strcmp(string_of(r, "kind"), kind) == 0 &&
            strcmp(string_of(r, "source"), source) == 0 &&
            strcmp(string_of(r, "target"), target) == 0)
            return true;
    }
    return false;
}

static void add_registry_relation(json_t *relations, const char *kind,
                                  const char *source, const char *target,
                                  const char *date)
{
    if (!*source || !*target || has_relation(relations, kind, source, target))
        return;
    json_array_append_new(relations,
                          json_pack("{s:s, s:s, s:s, s:o, s:s}", "kind", kind,
                                    "source", source, "target", target, "date",
                                    *date ? json_string(date) : json_null(),
                                    "origin", "registry"));
}

/* Whether a registry field naming a document names the match: by the
 * plans' id or by the registry's own. */
static bool names(const char *field, const char *id, const char *record)
{
    return strcmp(field, id) == 0 || (record && strcmp(field, record) == 0);
}

/* The registry's record of 'match', found as the registry finds any
 * spelling, with the year its key knows ("18-NQ/TW:2017"); NULL when the
 * registry has none, or several and the plans do not say which. */
static const char *registry_id_of(json_t *match, cancu_archive_t *archive,
                                  char *buf, size_t cap)
{
    const char *key = string_of(match, "key");
    const char *year = strrchr(key, ':');
    cancu_registry_entry_list_t *found = NULL;
    const char *id = NULL;

    snprintf(buf, cap, "%s%s", string_of(match, "id"),
             year && year[1] >= '0' && year[1] <= '9' ? year : "");
    if (!cancu_registry_lookup(&found, archive, buf) &&
        cancu_registry_entry_list_count(found) == 1) {
        snprintf(
            buf, cap, "%s",
            cancu_registry_entry_id(cancu_registry_entry_list_get(found, 0)));
        id = buf;
    }
    cancu_registry_entry_list_destroy(found);
    return id;
}

/* What the registry knows of 'match': its status, and its title and date
 * where the plans did not give them; what replaced or amended it, and
 * what it replaced or amended itself. 'all' is the whole registry. */
static void add_registry_facts(json_t *match, json_t *relations,
                               cancu_archive_t *archive,
                               const cancu_registry_entry_list_t *all)
{
    const char *id = string_of(match, "id");
    char buf[256];
    const char *record = registry_id_of(match, archive, buf, sizeof buf);

    for (size_t i = 0; i < cancu_registry_entry_list_count(all); i++) {
        const cancu_registry_entry_t *e = cancu_registry_entry_list_get(all, i);
        const char *entry_id = cancu_registry_entry_id(e);
        const char *by = cancu_registry_entry_replaced_by(e);
        bool self = record && strcmp(entry_id, record) == 0;

        if (self) {
            if (json_is_null(json_object_get(match, "title")) &&
                *cancu_registry_entry_title(e))
                json_object_set_new(match, "title",
                                    json_string(cancu_registry_entry_title(e)));
            if (json_is_null(json_object_get(match, "date")) &&
                *cancu_registry_entry_signed(e))
                json_object_set_new(
                    match, "date", json_string(cancu_registry_entry_signed(e)));
            json_object_set_new(match, "status",
                                json_string(cancu_legal_status_to_string(
                                    cancu_registry_entry_status(e))));
        }
        if (self || names(by, id, record))
            add_registry_relation(relations, "replaces", by, entry_id,
                                  cancu_registry_entry_replaced_on(e));
        for (size_t k = 0; k < cancu_registry_entry_amended_count(e); k++) {
            const char *amender = cancu_registry_entry_amended_by(e, k);

            if (self || names(amender, id, record))
                add_registry_relation(relations, "amends", amender, entry_id,
                                      cancu_registry_entry_amended_on(e, k));
        }
    }
}

/* A document no plan cites but the registry holds ("29/2023/NĐ-CP",
 * which replaced one they cite) is still an answer: a match in no plan. */
static void add_registry_matches(json_t *matches, const cancu_typed_ref_t *tr,
                                 const cancu_registry_entry_list_t *all)
{
    for (size_t i = 0; i < cancu_registry_entry_list_count(all); i++) {
        const cancu_registry_entry_t *e = cancu_registry_entry_list_get(all, i);
        const char *id = cancu_registry_entry_id(e);

        if (!cancu_typed_ref__matches(tr, id, id))
            continue;
        json_object_set_new(matches, id,
                            json_pack("{s:s, s:s, s:s, s:n, s:s, s:n, s:o}",
                                      "id", id, "key", id, "type",
                                      cancu_registry_entry_type(e), "date",
                                      "issuer", cancu_registry_entry_issuer(e),
                                      "title", "in_plans", json_object()));
    }
}

static bool take(const char *data, size_t len, void *payload)
{
    cites_walk_t *w = payload;
    json_t *doc = json_loadb(data, len, 0, NULL);
    char key[160];

    if (!doc)
        return true;
    if (json_object_get(doc, "refs")) {
        /* A plan record. */
        snprintf(key, sizeof key, "plan:%s", string_of(doc, "id"));
        if (!json_object_get(w->seen, key)) {
            json_object_set_new(w->seen, key, json_true());
            take_plan(w, doc);
        }
    } else if (json_object_get(doc, "kind")) {
        /* A passage. */
        char *snippet;
        char *plan_json = NULL;

        snprintf(key, sizeof key, "%s:%lld:%lld", string_of(doc, "plan"),
                 json_integer_value(json_object_get(doc, "block")),
                 json_integer_value(json_object_get(doc, "row")));
        if (json_object_get(w->seen, key)) {
            json_decref(doc);
            return true;
        }
        json_object_set_new(w->seen, key, json_true());
        snippet = highlight(w, string_of(doc, "text"));
        if (!cancu_archive__plan_json(w->archive, string_of(doc, "plan"),
                                      &plan_json)) {
            json_t *plan = json_loads(plan_json, 0, NULL);

            json_object_set(doc, "plan_title", json_object_get(plan, "title"));
            json_object_set(doc, "plan_date", json_object_get(plan, "date"));
            json_object_set(doc, "plan_path", json_object_get(plan, "path"));
            json_decref(plan);
        }
        free(plan_json);
        json_object_set_new(doc, "snippet",
                            json_string(snippet ? snippet : ""));
        free(snippet);
        json_array_append(w->passages, doc);
    }
    json_decref(doc);
    return true;
}

static int newest_first(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    int c = strcmp(string_of(y, "plan_date"), string_of(x, "plan_date"));

    if (c)
        return c;
    c = strcmp(string_of(x, "plan"), string_of(y, "plan"));
    if (c)
        return c;
    return (int)(json_integer_value(json_object_get(x, "line")) -
                 json_integer_value(json_object_get(y, "line")));
}

static json_t *sorted(json_t *array)
{
    size_t n = json_array_size(array);
    json_t **items = calloc(n + 1, sizeof *items), *out = json_array();

    for (size_t i = 0; items && i < n; i++)
        items[i] = json_array_get(array, i);
    if (items && n)
        qsort(items, n, sizeof *items, newest_first);
    for (size_t i = 0; items && i < n; i++)
        json_array_append(out, items[i]);
    free(items);
    return out;
}

cancu_status_t cancu_archive_cites(cancu_archive_t *archive, const char *typed,
                                   const char *highlight_start,
                                   const char *highlight_end, char **out)
{
    cancu_task_query_t query = CANCU_TASK_QUERY_INIT;
    cancu_typed_ref_t tr;
    cites_walk_t w;
    char **terms = NULL, *tasks_text = NULL;
    size_t nterms = 0;
    json_t *root = NULL, *tasks = NULL, *matches;
    cancu_registry_entry_list_t *registry = NULL;
    cancu_status_t status;

    assert(archive && typed && out);
    *out = NULL;
    memset(&w, 0, sizeof w);
    status = cancu_typed_ref__parse(&tr, typed);
    if (!status)
        status = cancu_archive__reference_terms(archive, &tr, &terms, &nterms);
    w.tr = &tr;
    w.archive = archive;
    w.passages = json_array();
    w.matches = json_object();
    w.relations = json_array();
    w.seen = json_object();
    w.highlight_start = highlight_start ? highlight_start : "[";
    w.highlight_end = highlight_end ? highlight_end : "]";
    /* The ids the terms stand for, whatever form was typed. */
    w.ids = calloc(nterms + 1, sizeof *w.ids);
    if (!status && !w.ids)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && i < nterms; i++) {
        const char *id = terms[i] + strlen(CANCU_PREFIX_REFERENCE);
        size_t n;

        if (strncmp(terms[i], CANCU_PREFIX_KEY, strlen(CANCU_PREFIX_KEY)) == 0)
            id = terms[i] + strlen(CANCU_PREFIX_KEY);
        n = strcspn(id, "@:");
        w.ids[w.nids] = strndup(id, n);
        if (w.ids[w.nids])
            w.nids++;
    }
    for (size_t i = 0; !status && i < nterms; i++)
        status = cancu_xapian_foreach_data(archive->db, terms[i], take, &w);
    if (!status) {
        query.cites = typed;
        status = cancu_archive_tasks(archive, &query, &tasks_text);
    }
    if (!status) {
        const char *key;
        json_t *m;

        tasks = json_loads(tasks_text, 0, NULL);
        matches = json_array();
        if (cancu_registry_list(&registry, archive))
            registry = NULL; /* no registry: the texts alone speak */
        if (!json_object_size(w.matches))
            add_registry_matches(w.matches, &tr, registry);
        json_object_foreach(w.matches, key, m)
        {
            add_registry_facts(m, w.relations, archive, registry);
            json_object_set_new(m, "plans",
                                json_integer((json_int_t)json_object_size(
                                    json_object_get(m, "in_plans"))));
            json_object_del(m, "in_plans");
            json_array_append(matches, m);
        }
        root =
            json_pack("{s:s, s:o, s:O, s:o, s:O}", "query", typed, "matches",
                      matches, "tasks", json_object_get(tasks, "tasks"),
                      "passages", sorted(w.passages), "relations", w.relations);
        *out = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
                    : NULL;
        if (!*out)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    cancu_registry_entry_list_destroy(registry);
    json_decref(root);
    json_decref(tasks);
    free(tasks_text);
    json_decref(w.passages);
    json_decref(w.matches);
    json_decref(w.relations);
    json_decref(w.seen);
    for (size_t i = 0; i < w.nids; i++)
        free(w.ids[i]);
    free(w.ids);
    for (size_t i = 0; i < nterms; i++)
        free(terms[i]);
    free(terms);
    cancu_typed_ref__dispose(&tr);
    return status;
}
