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
    char **terms; /* their XR and XK terms */
    size_t nterms;
    json_t *passages; /* paragraphs and rows citing it */
    json_t *matches;  /* key -> {"id", "key", ...} */
    json_t *relations;
    cancu_archive_t *archive;
    const char *highlight_start, *highlight_end;
    cancu_word_cache_t *words; /* for the snippets; NULL: none */
    json_t *snippets;          /* a passage's text -> its snippet */
    /* The registry's answers already read: every match of a number an
     * office of each province uses ("602/QĐ-UBND") asks the same. */
    struct registry_answer *answers;
    size_t nanswers, answers_cap;
    bool failed;
} cites_walk_t;

/* What the registry said to one question of this read. */
typedef enum { ASKED_LOOKUP, ASKED_ACTED_ON } asked_t;

typedef struct registry_answer {
    asked_t asked;
    char *id;
    cancu_registry_entry_list_t *list; /* NULL when status is not success */
    cancu_status_t status;
} registry_answer_t;

/* cancu_registry_lookup() or cancu_registry_acted_on_by() of 'id', read
 * once a read: the list is the walk's (borrowed), NULL on failure. */
static cancu_status_t ask_registry(cites_walk_t *w, asked_t asked,
                                   const char *id,
                                   const cancu_registry_entry_list_t **out)
{
    registry_answer_t *a;

    *out = NULL;
    for (size_t i = 0; i < w->nanswers; i++) {
        a = &w->answers[i];
        if (a->asked == asked && strcmp(a->id, id) == 0) {
            *out = a->list;
            return a->status;
        }
    }
    if (w->nanswers == w->answers_cap) {
        size_t cap = w->answers_cap ? 2 * w->answers_cap : 8;
        registry_answer_t *grown = realloc(w->answers, cap * sizeof *grown);

        if (!grown)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        w->answers = grown;
        w->answers_cap = cap;
    }
    a = &w->answers[w->nanswers];
    a->asked = asked;
    a->id = strdup(id);
    a->list = NULL;
    if (!a->id)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    a->status = asked == ASKED_LOOKUP
                    ? cancu_registry_lookup(&a->list, w->archive, id)
                    : cancu_registry_acted_on_by(&a->list, w->archive, id);
    /* A read a writer cut short starts over, with a new walk. */
    if (a->status == CANCU_STATUS_OPERATION_INVALIDATED) {
        cancu_registry_entry_list_destroy(a->list);
        free(a->id);
        return CANCU_STATUS_OPERATION_INVALIDATED;
    }
    if (a->status) {
        cancu_registry_entry_list_destroy(a->list);
        a->list = NULL;
    }
    w->nanswers++;
    *out = a->list;
    return a->status;
}

static void forget_answers(cites_walk_t *w)
{
    for (size_t i = 0; i < w->nanswers; i++) {
        free(w->answers[i].id);
        cancu_registry_entry_list_destroy(w->answers[i].list);
    }
    free(w->answers);
}

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
                              w->highlight_end, 400, w->words);
    return out;
}

/* A plan record: the relations its text states about the document. */
static void take_plan(cites_walk_t *w, json_t *record)
{
    json_t *refs = json_object_get(record, "refs"), *r;
    size_t i;

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
 * registry has none, or several and the plans do not say which.
 * *status_out is _OPERATION_INVALIDATED when a writer cut the read
 * short, else success. */
static const char *registry_id_of(json_t *match, cites_walk_t *w, char *buf,
                                  size_t cap, cancu_status_t *status_out)
{
    const char *key = string_of(match, "key");
    const char *year = strrchr(key, ':');
    const cancu_registry_entry_list_t *found = NULL;
    const char *id = NULL;
    cancu_status_t status;

    snprintf(buf, cap, "%s%s", string_of(match, "id"),
             year && year[1] >= '0' && year[1] <= '9' ? year : "");
    status = ask_registry(w, ASKED_LOOKUP, buf, &found);
    if (!status && cancu_registry_entry_list_count(found) == 1) {
        snprintf(
            buf, cap, "%s",
            cancu_registry_entry_id(cancu_registry_entry_list_get(found, 0)));
        id = buf;
    }
    /* No record is an answer; a read a writer cut short starts over. */
    *status_out = status == CANCU_STATUS_OPERATION_INVALIDATED
                      ? status
                      : CANCU_STATUS_SUCCESS;
    return id;
}

/* What the registry knows of 'match': its status, and its title and date
 * where the plans did not give them; what replaced or amended it, and
 * what it replaced or amended itself: its record, and the records it
 * acts on, looked up, never the whole registry. Fails only when a
 * writer cut the read short. */
static cancu_status_t add_registry_facts(json_t *match, json_t *relations,
                                         cites_walk_t *w)
{
    const char *id = string_of(match, "id");
    char buf[256];
    const cancu_registry_entry_list_t *self = NULL, *acted = NULL;
    cancu_status_t status;
    const char *record = registry_id_of(match, w, buf, sizeof buf, &status);

    if (status)
        return status;
    if (record) {
        status = ask_registry(w, ASKED_LOOKUP, record, &self);
        if (status == CANCU_STATUS_OPERATION_INVALIDATED)
            return status;
    }
    if (record && !status) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(self, 0);
        const char *entry_id = cancu_registry_entry_id(e);

        if (json_is_null(json_object_get(match, "title")) &&
            *cancu_registry_entry_title(e))
            json_object_set_new(match, "title",
                                json_string(cancu_registry_entry_title(e)));
        if (json_is_null(json_object_get(match, "date")) &&
            *cancu_registry_entry_signed(e))
            json_object_set_new(match, "date",
                                json_string(cancu_registry_entry_signed(e)));
        json_object_set_new(match, "status",
                            json_string(cancu_legal_status_to_string(
                                cancu_registry_entry_status(e))));
        add_registry_relation(relations, "replaces",
                              cancu_registry_entry_replaced_by(e), entry_id,
                              cancu_registry_entry_replaced_on(e));
        for (size_t k = 0; k < cancu_registry_entry_amended_count(e); k++)
            add_registry_relation(
                relations, "amends", cancu_registry_entry_amended_by(e, k),
                entry_id, cancu_registry_entry_amended_on(e, k));
    }
    status = ask_registry(w, ASKED_ACTED_ON, record ? record : id, &acted);
    for (size_t i = 0; !status && i < cancu_registry_entry_list_count(acted);
         i++) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(acted, i);
        const char *entry_id = cancu_registry_entry_id(e);
        const char *by = cancu_registry_entry_replaced_by(e);

        if (names(by, id, record))
            add_registry_relation(relations, "replaces", by, entry_id,
                                  cancu_registry_entry_replaced_on(e));
        for (size_t k = 0; k < cancu_registry_entry_amended_count(e); k++) {
            const char *amender = cancu_registry_entry_amended_by(e, k);

            if (names(amender, id, record))
                add_registry_relation(relations, "amends", amender, entry_id,
                                      cancu_registry_entry_amended_on(e, k));
        }
    }
    return status == CANCU_STATUS_OPERATION_INVALIDATED ? status
                                                        : CANCU_STATUS_SUCCESS;
}

/* A document no plan cites but the registry holds ("29/2023/NĐ-CP",
 * which replaced one they cite) is still an answer: a match in no plan. */
static cancu_status_t add_registry_matches(json_t *matches,
                                           cancu_archive_t *archive,
                                           const char *typed)
{
    cancu_registry_entry_list_t *found = NULL;
    cancu_status_t status = cancu_registry_lookup(&found, archive, typed);

    for (size_t i = 0; !status && i < cancu_registry_entry_list_count(found);
         i++) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(found, i);
        const char *id = cancu_registry_entry_id(e);

        json_object_set_new(matches, id,
                            json_pack("{s:s, s:s, s:s, s:n, s:s, s:n, s:o}",
                                      "id", id, "key", id, "type",
                                      cancu_registry_entry_type(e), "date",
                                      "issuer", cancu_registry_entry_issuer(e),
                                      "title", "in_plans", json_object()));
    }
    cancu_registry_entry_list_destroy(found);
    return status == CANCU_STATUS_OPERATION_INVALIDATED ? status
                                                        : CANCU_STATUS_SUCCESS;
}

/* A passage of 'plan' (its record): highlighted, with the plan's
 * identity. */
static void take_passage(cites_walk_t *w, json_t *plan, json_t *passage)
{
    const char *text = string_of(passage, "text");
    json_t *snippet = json_incref(json_object_get(w->snippets, text));

    /* Plans repeat their sentences, and each other's ("Căn cứ Luật
     * ..."): a text is highlighted once a read. */
    if (!snippet) {
        char *made = highlight(w, text);

        snippet = json_string(made ? made : "");
        free(made);
        json_object_set(w->snippets, text, snippet);
    }
    json_object_set(passage, "plan_title", json_object_get(plan, "title"));
    json_object_set(passage, "plan_date", json_object_get(plan, "date"));
    json_object_set(passage, "plan_path", json_object_get(plan, "path"));
    json_object_set_new(passage, "snippet", snippet);
    json_array_append(w->passages, passage);
}

/* A member's value as jansson parses it: a string JSON escapes nothing
 * in taken as it is. */
static json_t *value_at(const char *v, const char *v_end)
{
    if (*v == '"' && !memchr(v + 1, '\\', (size_t)(v_end - v - 1)))
        return json_stringn(v + 1, (size_t)(v_end - v - 2));
    return json_loadb(v, (size_t)(v_end - v), JSON_DECODE_ANY, NULL);
}

/* The string member 'name' of the object [item, end) into 'buf' when it
 * is one JSON escapes nothing in; false when it cannot say so. */
static bool plain_member(const char *item, const char *end, const char *name,
                         char *buf, size_t cap)
{
    const char *v, *v_end;
    size_t n;

    if (!cancu_json__member(item, end, name, &v, &v_end) || *v != '"')
        return false;
    n = (size_t)(v_end - v - 2);
    if (n >= cap || memchr(v + 1, '\\', n))
        return false;
    memcpy(buf, v + 1, n);
    buf[n] = '\0';
    return true;
}

/* The relations of 'list' (a JSON array) take_plan() may take: those
 * naming the document as source or target, and those this walk cannot
 * tell of without parsing them. */
static json_t *relations_naming(const cites_walk_t *w, const char *list,
                                size_t len)
{
    const char *end = list + len, *at = list, *item, *item_end;
    json_t *kept = json_array();
    char source[512], target[512];

    if (!cancu_json__skip(list, end) || *list != '[') {
        json_decref(kept);
        return cancu_json__load(list, len);
    }
    while (kept && cancu_json__next_item(&at, end, &item, &item_end)) {
        if (plain_member(item, item_end, "source", source, sizeof source) &&
            plain_member(item, item_end, "target", target, sizeof target) &&
            !cancu_typed_ref__matches(w->tr, source, source) &&
            !cancu_typed_ref__matches(w->tr, target, target))
            continue;
        json_array_append_new(
            kept, cancu_json__load(item, (size_t)(item_end - item)));
    }
    return kept;
}

/* What cites reads of a plan's listing (CANCU_SLOT_LISTING): the fields
 * it shows, each parsed alone; NULL when it is not an object. */
static json_t *listing_fields(const char *listing, size_t len)
{
    static const char *const shown[] = {"id", "path", "title", "date",
                                        "tasks_count"};
    const char *end = listing + len, *v, *v_end;
    json_t *record;

    if (*listing != '{' || cancu_json__skip(listing, end) != end)
        return cancu_json__load(listing, len);
    record = json_object();
    for (size_t k = 0; record && k < sizeof shown / sizeof *shown; k++)
        if (cancu_json__member(listing, end, shown[k], &v, &v_end))
            json_object_set_new(record, shown[k], value_at(v, v_end));
    return record;
}

/* What cites reads of a plan's record: its listing and relations, from
 * their values, without its references, and of those only what it
 * shows; the whole record when the plan has no such values (an archive
 * written before them); a task's record for a task's document (*status
 * set when it cannot be read). */
static json_t *plan_record(const cites_walk_t *w,
                           const cancu_xapian_mset_t *mset, size_t i,
                           const char *data, size_t len, cancu_status_t *status)
{
    size_t listing_len = 0, relations_len = 0;
    const char *listing =
        cancu_xapian_mset_value(mset, i, CANCU_SLOT_LISTING, &listing_len);
    const char *relations =
        cancu_xapian_mset_value(mset, i, CANCU_SLOT_RELATIONS, &relations_len);
    json_t *record = NULL, *list;

    if (listing && listing_len && relations && relations_len) {
        record = listing_fields(listing, listing_len);
        list = relations_naming(w, relations, relations_len);
        if (record && list)
            json_object_set_new(record, "refs",
                                json_pack("{s:o}", "relations", list));
        else
            json_decref(list);
        return record;
    }
    if (len && data[0] != '{') {
        const char *line;
        size_t n;

        *status = cancu_archive__task_record(w->archive, data, len, &line, &n);
        return *status ? NULL : cancu_json__load(line, n);
    }
    return cancu_json__load(data, cancu_archive__record_length(data, len));
}

typedef void each_fn(cites_walk_t *w, json_t *record, const char *data,
                     size_t len, void *payload);

/* Run 'query' (taken), newest plan date first, and call 'each' with the
 * parsed record (and the whole data) of every document in [offset,
 * offset + limit); with 'count', count all the matches too. */
static cancu_status_t each_match(cites_walk_t *w, cancu_xapian_query_t *query,
                                 size_t offset, size_t limit, size_t *count,
                                 each_fn *each, void *payload)
{
    cancu_xapian_mset_t *mset = NULL;
    cancu_status_t status;

    if (!query)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    status = cancu_xapian_newest(
        w->archive->db, query, CANCU_SLOT_DATE, offset, limit,
        CANCU_XAPIAN_FETCH_DATA | CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_LISTING) |
            CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_RELATIONS),
        count, &mset);
    cancu_xapian_query_destroy(query);
    for (size_t i = 0; !status && i < cancu_xapian_mset_size(mset); i++) {
        size_t len;
        const char *data = cancu_xapian_mset_data(mset, i, &len);
        json_t *doc = plan_record(w, mset, i, data, len, &status);

        if (doc)
            each(w, doc, data, len, payload);
        json_decref(doc);
    }
    cancu_xapian_mset_destroy(mset);
    return status;
}

static void task_of(cites_walk_t *w, json_t *task, const char *data, size_t len,
                    void *tasks)
{
    (void)w;
    (void)data;
    (void)len;
    json_array_append(tasks, task);
}

typedef struct page {
    json_t *plans; /* the records of the plans on the page, newest first */
} page_t;

/* A passage citing the document: one of its terms is the passage's. */
static bool cites_it(const char *line, size_t len, json_t **parsed,
                     void *payload)
{
    const cites_walk_t *w = payload;

    return cancu_archive__passage_has_term(line, len, w->terms, w->nterms,
                                           parsed);
}

/* A plan on the page: its record, and its passages citing the
 * document. */
static void plan_of(cites_walk_t *w, json_t *record, const char *data,
                    size_t len, void *payload)
{
    page_t *page = payload;
    json_t *passages = cancu_archive__plan_passages(data, len, cites_it, w),
           *passage;
    size_t i;

    take_plan(w, record);
    json_array_append(page->plans, record);
    json_array_foreach(passages, i, passage)
    {
        json_object_set(passage, "plan", json_object_get(record, "id"));
        json_object_del(passage, "terms");
        take_passage(w, record, passage);
    }
    json_decref(passages);
}

/* The first of a plan record's references (refs.references) whose key
 * is 'key', parsed, or NULL: found without parsing the others, the bulk
 * of the record. A record whose refs this walk does not reach is parsed
 * whole, as before. */
static json_t *reference_of(const char *record, size_t len, const char *key)
{
    const char *end = record + len, *refs, *list;
    const char *item, *item_end, *v, *v_end;
    json_t *whole, *r, *found = NULL;
    size_t i;

    /* One walk: where refs and its references end is not looked for. */
    if (cancu_json__member(record, end, "refs", &refs, NULL)) {
        if (!cancu_json__member(refs, end, "references", &list, NULL) ||
            *list != '[')
            return NULL;
        while (cancu_json__next_item(&list, end, &item, &item_end)) {
            if (cancu_json__member(item, item_end, "key", &v, &v_end) &&
                cancu_json__string_is(v, v_end, key))
                return cancu_json__load(item, (size_t)(item_end - item));
        }
        return NULL;
    }
    whole = cancu_json__load(record, len);
    json_array_foreach(
        json_object_get(json_object_get(whole, "refs"), "references"), i, r)
    {
        if (strcmp(string_of(r, "key"), key) == 0) {
            found = json_incref(r);
            break;
        }
    }
    json_decref(whole);
    return found;
}

/* The identity key of a match, what the plan loaded last of those citing
 * it says of it, and how many plans cite it. Not the newest by date: a
 * number of a province's office ("602/QĐ-UBND") has a key for each
 * province and year, each one more pass over its plans, and a pass
 * sorting by date costs two to three times one that reads no value. */
static cancu_status_t add_match(cites_walk_t *w, const char *key)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_xapian_mset_t *mset = NULL;
    cancu_xapian_query_t *q;
    cancu_status_t status;
    size_t plans = 0;
    json_t *m;

    if (json_object_get(w->matches, key))
        return CANCU_STATUS_SUCCESS;
    cancu_index__term(&term, CANCU_PREFIX_KEY, key);
    if (term.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    q = cancu_archive__terms_query(&term.data, 1, "plan", NULL);
    status =
        q ? cancu_xapian_newest(w->archive->db, q, CANCU_XAPIAN_LAST_ADDED, 0,
                                1, CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_IDENTITY),
                                &plans, &mset)
          : cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_xapian_query_destroy(q);
    cancu_strbuf__dispose(&term);
    if (status || !plans || !cancu_xapian_mset_size(mset)) {
        cancu_xapian_mset_destroy(mset);
        return status;
    }
    {
        /* The newest plan citing it says what it is, in its record. */
        size_t len = 0;
        const char *identity =
            cancu_xapian_mset_value(mset, 0, CANCU_SLOT_IDENTITY, &len);
        json_t *ids = identity ? cancu_json__load(identity, len) : NULL;
        const char *id = json_string_value(json_object_get(ids, "id"));
        char *record = NULL;
        json_t *r = NULL;

        status = id ? cancu_archive__plan_json(w->archive, id, &record)
                    : cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                       "a plan record is damaged");
        json_decref(ids);
        if (status) {
            cancu_xapian_mset_destroy(mset);
            return status;
        }
        r = reference_of(record, strlen(record), key);
        free(record);

        if (r) {
            m = json_pack(
                "{s:s, s:s, s:s, s:O?, s:O?, s:O?, s:I}", "id",
                string_of(r, "id"), "key", key, "type", string_of(r, "type"),
                "date", json_object_get(r, "date"), "issuer",
                json_object_get(r, "issuer"), "title",
                json_object_get(r, "title"), "plans", (json_int_t)plans);
            if (m && !json_is_string(json_object_get(m, "title")))
                json_object_set_new(m, "title", json_null());
            json_object_set_new(w->matches, key, m);
        }
        json_decref(r);
    }
    cancu_xapian_mset_destroy(mset);
    return CANCU_STATUS_SUCCESS;
}

typedef struct key_walk {
    cites_walk_t *w;
    const char *id;
    size_t skip;
    cancu_status_t status;
} key_walk_t;

/* A key term of the id searched for: the id, or the id with the
 * province or date that tell documents of one number apart. */
static bool match_key(const char *term, size_t len, void *payload)
{
    key_walk_t *k = payload;
    char key[300];
    const char *after;

    if (len - k->skip >= sizeof key)
        return true;
    memcpy(key, term + k->skip, len - k->skip);
    key[len - k->skip] = '\0';
    after = key + strlen(k->id);
    if (*after && *after != '@' && *after != ':')
        return true;
    k->status = add_match(k->w, key);
    return k->status == CANCU_STATUS_SUCCESS;
}

/* The documents the terms stand for, each by identity key. */
static cancu_status_t add_matches(cites_walk_t *w, char **terms, size_t nterms)
{
    size_t rlen = strlen(CANCU_PREFIX_REFERENCE),
           klen = strlen(CANCU_PREFIX_KEY);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    for (size_t i = 0; !status && i < nterms; i++) {
        cancu_strbuf_t prefix = CANCU_STRBUF_INIT;
        key_walk_t k = {w, terms[i] + rlen, klen, CANCU_STATUS_SUCCESS};

        if (strncmp(terms[i], CANCU_PREFIX_KEY, klen) == 0) {
            status = add_match(w, terms[i] + klen);
            continue;
        }
        cancu_strbuf__printf(&prefix, "%s%s", CANCU_PREFIX_KEY, k.id);
        status =
            prefix.failed
                ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
                : cancu_xapian_foreach_term(w->archive->db, prefix.data,
                                            match_key, &k);
        if (!status)
            status = k.status;
        cancu_strbuf__dispose(&prefix);
    }
    return status;
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

/* A view of one record of the answer. */
typedef struct record_view {
    json_t *record;
} record_view_t;

struct cancu_cites_match {
    json_t *record;
};
struct cancu_cites_plan {
    json_t *record;
};
struct cancu_passage {
    json_t *record;
};
struct cancu_cites_relation {
    json_t *record;
};

struct cancu_cites {
    /* The answer: {"query", "matches", "plans_total", "offset", "limit",
     * "plans", "passages", "relations"}; the views read it. */
    json_t *root;
    cancu_cites_match_t *matches;
    cancu_cites_plan_t *plans;
    cancu_passage_t *passages;
    cancu_cites_relation_t *relations;
    size_t nmatches, nplans, npassages, nrelations;
    cancu_task_list_t *tasks;
};

/* The views of the array at 'key' of the root: an array of structs
 * holding one json_t pointer each. */
static void *views(json_t *root, const char *key, size_t *count)
{
    json_t *array = json_object_get(root, key);
    size_t n = json_array_size(array);
    record_view_t *v = calloc(n + 1, sizeof *v);

    for (size_t i = 0; v && i < n; i++)
        v[i].record = json_array_get(array, i);
    *count = v ? n : 0;
    return v;
}

/* The answer 'root' (taken) and its tasks (taken) as typed views. */
static cancu_status_t make_cites(cancu_cites_t **out, json_t *root,
                                 json_t *tasks)
{
    cancu_cites_t *c = calloc(1, sizeof *c);
    cancu_status_t status;

    if (!c || !root) {
        free(c);
        json_decref(root);
        json_decref(tasks);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    c->root = root;
    status =
        cancu_task_list__wrap(&c->tasks, tasks, json_array_size(tasks), 0, 0);
    c->matches = views(root, "matches", &c->nmatches);
    c->plans = views(root, "plans", &c->nplans);
    c->passages = views(root, "passages", &c->npassages);
    c->relations = views(root, "relations", &c->nrelations);
    if (!status && (!c->matches || !c->plans || !c->passages || !c->relations))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (status) {
        cancu_cites_destroy(c);
        return status;
    }
    *out = c;
    return CANCU_STATUS_SUCCESS;
}

void cancu_cites_destroy(cancu_cites_t *cites)
{
    if (!cites)
        return;
    free(cites->matches);
    free(cites->plans);
    free(cites->passages);
    free(cites->relations);
    cancu_task_list_destroy(cites->tasks);
    json_decref(cites->root);
    free(cites);
}

static size_t size_of(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));

    return v > 0 ? (size_t)v : 0;
}

const char *cancu_cites_query(const cancu_cites_t *cites)
{
    assert(cites);
    return string_of(cites->root, "query");
}

size_t cancu_cites_plans_total(const cancu_cites_t *cites)
{
    assert(cites);
    return size_of(cites->root, "plans_total");
}

size_t cancu_cites_offset(const cancu_cites_t *cites)
{
    assert(cites);
    return size_of(cites->root, "offset");
}

size_t cancu_cites_limit(const cancu_cites_t *cites)
{
    assert(cites);
    return size_of(cites->root, "limit");
}

const cancu_task_list_t *cancu_cites_tasks(const cancu_cites_t *cites)
{
    assert(cites);
    return cites->tasks;
}

#define CITES_LIST(type, name, field, count)                                   \
    size_t cancu_cites_##name##_count(const cancu_cites_t *cites)              \
    {                                                                          \
        assert(cites);                                                         \
        return cites->count;                                                   \
    }                                                                          \
    const type *cancu_cites_##name##_get(const cancu_cites_t *cites,           \
                                         size_t index)                         \
    {                                                                          \
        assert(cites);                                                         \
        return index < cites->count ? &cites->field[index] : NULL;             \
    }

CITES_LIST(cancu_cites_match_t, match, matches, nmatches)
CITES_LIST(cancu_cites_plan_t, plan, plans, nplans)
CITES_LIST(cancu_passage_t, passage, passages, npassages)
CITES_LIST(cancu_cites_relation_t, relation, relations, nrelations)

#define VIEW_STRING(prefix, type, name, key)                                   \
    const char *prefix##_##name(const type *view)                              \
    {                                                                          \
        assert(view && view->record);                                          \
        return string_of(view->record, key);                                   \
    }

#define VIEW_SIZE(prefix, type, name, key)                                     \
    size_t prefix##_##name(const type *view)                                   \
    {                                                                          \
        assert(view && view->record);                                          \
        return size_of(view->record, key);                                     \
    }

VIEW_STRING(cancu_cites_match, cancu_cites_match_t, id, "id")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, key, "key")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, type, "type")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, date, "date")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, issuer, "issuer")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, title, "title")
VIEW_SIZE(cancu_cites_match, cancu_cites_match_t, plans, "plans")
VIEW_STRING(cancu_cites_match, cancu_cites_match_t, status, "status")

VIEW_STRING(cancu_cites_plan, cancu_cites_plan_t, id, "id")
VIEW_STRING(cancu_cites_plan, cancu_cites_plan_t, title, "title")
VIEW_STRING(cancu_cites_plan, cancu_cites_plan_t, date, "date")
VIEW_STRING(cancu_cites_plan, cancu_cites_plan_t, path, "path")

VIEW_STRING(cancu_passage, cancu_passage_t, kind, "kind")
VIEW_SIZE(cancu_passage, cancu_passage_t, block, "block")
VIEW_SIZE(cancu_passage, cancu_passage_t, row, "row")
VIEW_STRING(cancu_passage, cancu_passage_t, section, "section")
VIEW_STRING(cancu_passage, cancu_passage_t, text, "text")
VIEW_SIZE(cancu_passage, cancu_passage_t, line, "line")
VIEW_STRING(cancu_passage, cancu_passage_t, plan, "plan")
VIEW_STRING(cancu_passage, cancu_passage_t, plan_title, "plan_title")
VIEW_STRING(cancu_passage, cancu_passage_t, plan_date, "plan_date")
VIEW_STRING(cancu_passage, cancu_passage_t, plan_path, "plan_path")
VIEW_STRING(cancu_passage, cancu_passage_t, snippet, "snippet")

VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, kind, "kind")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, source, "source")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, target, "target")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, origin, "origin")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, text, "text")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, plan, "plan")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, plan_title,
            "plan_title")
VIEW_STRING(cancu_cites_relation, cancu_cites_relation_t, date, "date")

typedef struct cites_read {
    const char *typed, *highlight_start, *highlight_end;
    size_t offset, limit;
    cancu_cites_t **out;
} cites_read_t;

/* One read of what rests on the document a cites_read_t names: the
 * answer into its 'out' when it succeeds. */
static cancu_status_t read_cites(cancu_archive_t *archive, void *payload)
{
    const cites_read_t *r = payload;
    const char *typed = r->typed, *highlight_start = r->highlight_start,
               *highlight_end = r->highlight_end;
    size_t offset = r->offset, limit = r->limit;
    cancu_cites_t **out = r->out;
    cancu_typed_ref_t tr;
    cites_walk_t w;
    page_t page = {json_array()};
    char **terms = NULL;
    size_t nterms = 0, nplans = 0, want = 0;
    json_t *root = NULL, *tasks = json_array(), *matches = NULL, *plan;
    cancu_status_t status;
    size_t p;

    memset(&w, 0, sizeof w);
    status = cancu_typed_ref__parse(&tr, typed);
    if (!status)
        status = cancu_archive__reference_terms(archive, &tr, &terms, &nterms);
    w.tr = &tr;
    w.terms = terms;
    w.nterms = nterms;
    w.archive = archive;
    w.passages = json_array();
    w.matches = json_object();
    w.relations = json_array();
    w.highlight_start = highlight_start ? highlight_start : "[";
    w.highlight_end = highlight_end ? highlight_end : "]";
    /* Without it snippets are only slower. */
    w.words = cancu_analyzer__cache_new();
    w.snippets = json_object();
    /* The ids the terms stand for, whatever form was typed. */
    w.ids = calloc(nterms + 1, sizeof *w.ids);
    if (!status && (!w.ids || !page.plans || !tasks || !w.passages ||
                    !w.matches || !w.relations || !w.snippets))
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
    /* Through the index only: the page's plans, newest first, then their
     * passages and tasks; the counts without reading the rest. All the
     * plans are at most the archive's; a plan's tasks, its own. */
    if (!status && nterms && !limit)
        status = cancu_archive__type_count(archive, "plan", &want);
    if (!status && nterms)
        status = each_match(
            &w, cancu_archive__terms_query(terms, nterms, "plan", NULL), offset,
            limit ? limit : want, &nplans, plan_of, &page);
    json_array_foreach(page.plans, p, plan)
    {
        const char *id = string_of(plan, "id");
        json_int_t ntasks =
            json_integer_value(json_object_get(plan, "tasks_count"));

        if (!status && ntasks > 0)
            status = each_match(
                &w, cancu_archive__terms_query(terms, nterms, "task", id), 0,
                (size_t)ntasks, NULL, task_of, tasks);
    }
    if (!status)
        status = add_matches(&w, terms, nterms);
    if (!status) {
        const char *key;
        json_t *m;

        matches = json_array();
        if (!json_object_size(w.matches))
            status = add_registry_matches(w.matches, archive, typed);
        json_object_foreach(w.matches, key, m)
        {
            if (!status)
                status = add_registry_facts(m, w.relations, &w);
            if (json_object_get(m, "in_plans")) {
                json_object_set_new(m, "plans", json_integer(0));
                json_object_del(m, "in_plans");
            }
            json_array_append(matches, m);
        }
    }
    if (!status) {
        json_t *shown = json_array();

        json_array_foreach(page.plans, p, plan) json_array_append_new(
            shown,
            json_pack("{s:s, s:s, s:s, s:s}", "id", string_of(plan, "id"),
                      "title", string_of(plan, "title"), "date",
                      string_of(plan, "date"), "path",
                      string_of(plan, "path")));
        root = json_pack("{s:s, s:O, s:I, s:I, s:I, s:o, s:o, s:O}", "query",
                         typed, "matches", matches, "plans_total",
                         (json_int_t)nplans, "offset", (json_int_t)offset,
                         "limit", (json_int_t)limit, "plans", shown, "passages",
                         sorted(w.passages), "relations", w.relations);
        json_incref(tasks);
        status = make_cites(out, root, tasks);
    }
    json_decref(matches);
    json_decref(tasks);
    json_decref(page.plans);
    json_decref(w.passages);
    json_decref(w.matches);
    json_decref(w.relations);
    for (size_t i = 0; i < w.nids; i++)
        free(w.ids[i]);
    free(w.ids);
    forget_answers(&w);
    json_decref(w.snippets);
    cancu_analyzer__cache_destroy(w.words);
    for (size_t i = 0; i < nterms; i++)
        free(terms[i]);
    free(terms);
    cancu_typed_ref__dispose(&tr);
    return status;
}

cancu_status_t cancu_archive_cites(cancu_cites_t **out,
                                   cancu_archive_t *archive, const char *typed,
                                   const cancu_cites_options_t *options)
{
    cancu_cites_options_t all = CANCU_CITES_OPTIONS_INIT;
    cites_read_t r;

    assert(out && archive && typed);
    *out = NULL;
    if (!options)
        options = &all;
    r = (cites_read_t){
        typed,           options->highlight_start, options->highlight_end,
        options->offset, options->limit,           out};
    return cancu_archive__read(archive, read_cites, &r);
}
