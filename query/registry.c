/* The legal-status registry, kept in the archive: one Xapian document a
 * record, found by the term of its id (XG<ID>), holding its JSON; what
 * each plan told it under the metadata key "registry:from:<PLAN>". The
 * registry built into cancu (corpora/registry/vn-legal-status.tsv) lies
 * under the archive's records. Records are read from TSV files
 * (corpora/registry/README.md) and from the texts ingested. Archives made
 * before kept records in metadata ("registry:id:<ID>", the ids in
 * "registry:ids"): they are read there until the next write moves
 * them. */
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>
#include <cancu/registry.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"
#include "query/registry-private.h"
#include "util/util.h"

/* Before records were listed by their keys: an array of every id. */
#define KEY_IDS "registry:ids"
#define KEY_RECORD "registry:id:"
/* A record by a document acting on it (its replacement, an amender). */
#define PREFIX_ACTOR "XB"
/* What each plan told the registry: the ids of the records. */
#define KEY_FROM "registry:from:"
/* Ids longer than this are stored under their hash: Xapian keys are
 * short. */
#define MAX_KEY_ID 200
/* No id, name included, is longer than this. */
#define MAX_ID 400
/* The same limit as for a plan file. */
#define MAX_REGISTRY_FILE ((size_t)64 << 20)
#define MAX_COLUMNS 32

/* Dates. */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* The year an id carries ("2015" of 16/2015/NĐ-CP or of 18-NQ/TW:2015)
 * into 'out', or false. */
static bool id_year(const char *id, char out[5])
{
    const char *slash = strchr(id, '/');
    size_t n = strlen(id);

    if (n > 5 && id[n - 5] == ':' && all_digits(id + n - 4, 4)) {
        memcpy(out, id + n - 4, 4);
        out[4] = '\0';
        return true;
    }
    if (slash && slash > id && all_digits(id, (size_t)(slash - id)) &&
        strlen(slash) > 5 && all_digits(slash + 1, 4) && slash[5] == '/') {
        memcpy(out, slash + 1, 4);
        out[4] = '\0';
        return true;
    }
    return false;
}

/* Ids. */

typedef struct first_reference {
    char id[MAX_ID + 1];
    size_t start, end;
    bool found;
} first_reference_t;

static cancu_status_t take_first(const char *id, size_t start, size_t end,
                                 void *payload)
{
    first_reference_t *f = payload;

    if ((!f->found || start < f->start) && strlen(id) <= MAX_ID) {
        memcpy(f->id, id, strlen(id) + 1);
        f->start = start;
        f->end = end;
        f->found = true;
    }
    return CANCU_STATUS_SUCCESS;
}

/* The first reference in 'len' bytes of 'text', as the extractor reads
 * it. */
static cancu_status_t first_reference(const char *text, size_t len,
                                      first_reference_t *f)
{
    memset(f, 0, sizeof *f);
    return cancu_references__find(text, len, take_first, f);
}

typedef enum id_check {
    ID_OK,
    ID_BAD,
    ID_FAILED, /* out of memory */
} id_check_t;

/* The canonical id of 'text' (trimmed by the caller) into 'out': the id
 * the reference extractor gives when the reference is the whole text,
 * followed by ":YEAR" when the text ends so; a name such as "Luật Viên
 * chức" is its own id. On ID_BAD, 'why' says what is wrong. */
static id_check_t canonical_id(const char *text, cancu_strbuf_t *out,
                               cancu_strbuf_t *why)
{
    size_t len = strlen(text);
    first_reference_t f;
    char year[5];

    if (len == 0) {
        cancu_strbuf__puts(why, "the id is empty");
        return ID_BAD;
    }
    if (len > MAX_ID) {
        cancu_strbuf__printf(why, "id '%.40s...' is too long", text);
        return ID_BAD;
    }
    if (cancu_utf8__invalid_offset(text, len) < len) {
        cancu_strbuf__puts(why, "an id is not UTF-8");
        return ID_BAD;
    }
    if (first_reference(text, len, &f) == CANCU_STATUS_OUT_OF_MEMORY)
        return ID_FAILED;
    if (f.found && f.start == 0 && f.end == len) {
        cancu_strbuf__puts(out, f.id);
        return out->failed ? ID_FAILED : ID_OK;
    }
    if (len > 5 && text[len - 5] == ':' && all_digits(text + len - 4, 4)) {
        first_reference_t base;

        if (first_reference(text, len - 5, &base) == CANCU_STATUS_OUT_OF_MEMORY)
            return ID_FAILED;
        if (base.found && base.start == 0 && base.end == len - 5) {
            if (id_year(base.id, year)) {
                cancu_strbuf__printf(why,
                                     "'%s': a number with its year takes "
                                     "no ':YEAR'",
                                     text);
                return ID_BAD;
            }
            cancu_strbuf__printf(out, "%s:%s", base.id, text + len - 4);
            return out->failed ? ID_FAILED : ID_OK;
        }
    }
    if (f.found)
        cancu_strbuf__printf(why, "'%s' is not a canonical id: write '%s'",
                             text, f.id);
    else
        cancu_strbuf__printf(why, "'%s' is not a document number or name",
                             text);
    return ID_BAD;
}

/* The id without its ":YEAR", into 'out' (the id itself when it has
 * none). */
static void id_base(const char *id, cancu_strbuf_t *out)
{
    size_t n = strlen(id);

    if (n > 5 && id[n - 5] == ':' && all_digits(id + n - 4, 4))
        n -= 5;
    cancu_strbuf__append(out, id, n);
}

/* Names. */

static const char *const status_names[] = {
    "unknown",  "in-force", "amended",         "replaced",
    "repealed", "expired",  "not-yet-in-force"};

static const char *const confidence_names[] = {"unverified", "mined", "partial",
                                               "verified"};

static const char *const relation_kinds[] = {"amends", "replaces", "repeals",
                                             "expires"};

const char *cancu_legal_status_to_string(cancu_legal_status_t status)
{
    if ((size_t)status < sizeof status_names / sizeof *status_names)
        return status_names[status];
    return "unknown";
}

const char *
cancu_registry_confidence_to_string(cancu_registry_confidence_t confidence)
{
    if ((size_t)confidence < sizeof confidence_names / sizeof *confidence_names)
        return confidence_names[confidence];
    return "unverified";
}

/* The index of 'name' in 'names', or -1. */
static int name_index(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

#define NAME_INDEX(names, name)                                                \
    name_index(names, sizeof names / sizeof *names, name)

/* A status a record may state: not "not-yet-in-force". */
static int record_status(const char *name)
{
    int i = NAME_INDEX(status_names, name);

    return i == CANCU_LEGAL_NOT_YET_IN_FORCE ? -1 : i;
}

static bool terminal(int status)
{
    return status == CANCU_LEGAL_REPLACED || status == CANCU_LEGAL_REPEALED ||
           status == CANCU_LEGAL_EXPIRED;
}

/* Storage. */

static cancu_status_t oom(void)
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

/* The metadata key of a record as archives before 0.2 kept it. */
static void record_key(cancu_strbuf_t *key, const char *id)
{
    cancu_strbuf__puts(key, KEY_RECORD);
    if (strlen(id) > MAX_KEY_ID) {
        char hex[65];

        cancu_hash__sha256_hex(id, strlen(id), hex);
        cancu_strbuf__putc(key, '#');
        cancu_strbuf__puts(key, hex);
    } else {
        cancu_strbuf__puts(key, id);
    }
}

static cancu_status_t parse_record(const char *id, const char *text, size_t len,
                                   json_t **out)
{
    json_t *root = cancu_json__load(text, len);

    if (!json_is_object(root) || !json_is_string(json_object_get(root, "id"))) {
        json_decref(root);
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "registry record of '%s' is damaged", id);
    }
    *out = root;
    return CANCU_STATUS_SUCCESS;
}

typedef struct first_data {
    char *text;
    size_t len;
    bool failed;
} first_data_t;

static bool take_first_data(const char *data, size_t len, void *payload)
{
    first_data_t *f = payload;

    f->text = malloc(len + 1);
    if (!f->text) {
        f->failed = true;
        return false;
    }
    memcpy(f->text, data, len);
    f->text[len] = '\0';
    f->len = len;
    return false;
}

/* The record of 'id' as JSON, or NULL in *out when there is none. Each
 * record is a Xapian document holding its JSON, found by the term of its
 * id; an archive made before keeps its records in metadata until its
 * next write to the registry. */
static cancu_status_t load_record(cancu_archive_t *archive, const char *id,
                                  json_t **out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    first_data_t f = {NULL, 0, false};
    char *value = NULL;
    cancu_status_t status;

    *out = NULL;
    if (!archive)
        return CANCU_STATUS_SUCCESS;
    cancu_index__term(&term, CANCU_PREFIX_REGISTRY, id);
    if (term.failed)
        return oom();
    status =
        cancu_xapian_foreach_data(archive->db, term.data, take_first_data, &f);
    cancu_strbuf__dispose(&term);
    if (!status && f.failed)
        status = oom();
    if (!status && f.text)
        status = parse_record(id, f.text, f.len, out);
    free(f.text);
    if (status || *out)
        return status;
    record_key(&term, id);
    if (term.failed)
        return oom();
    status = cancu_xapian_get_metadata(archive->db, term.data, &value);
    cancu_strbuf__dispose(&term);
    if (!status && *value)
        status = parse_record(id, value, strlen(value), out);
    free(value);
    return status;
}

static cancu_status_t store_record_with(cancu_archive_t *archive,
                                        json_t *record, const char *extra_term);

/* A mined relation's name in CANCU_SLOT_MINED_PLANS: what tells two
 * relations apart (remember_relation). */
static void mined_key(cancu_strbuf_t *key, json_t *relation)
{
    static const char *const fields[] = {"kind", "source", "date"};

    for (size_t i = 0; i < 3; i++) {
        const char *v = json_string_value(json_object_get(relation, fields[i]));

        if (i)
            cancu_strbuf__putc(key, '\t');
        cancu_strbuf__puts(key, v ? v : "");
    }
}

/* The plans of the mined relations of the stored record of 'id', as its
 * CANCU_SLOT_MINED_PLANS value holds them; an empty object when it holds
 * none (or there is no such record). */
static cancu_status_t stored_plans(cancu_archive_t *archive, const char *id,
                                   json_t **out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_xapian_query_t *q;
    cancu_xapian_mset_t *mset = NULL;
    cancu_status_t status;
    const char *value = NULL;
    size_t len = 0;

    *out = NULL;
    cancu_index__term(&term, CANCU_PREFIX_REGISTRY, id);
    q = term.failed ? NULL : cancu_xapian_query_term(term.data, term.len);
    cancu_strbuf__dispose(&term);
    if (!q)
        return oom();
    status = cancu_xapian_search(
        archive->db, q, 0, 1, CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_MINED_PLANS),
        &mset);
    cancu_xapian_query_destroy(q);
    if (!status && cancu_xapian_mset_size(mset))
        value = cancu_xapian_mset_value(mset, 0, CANCU_SLOT_MINED_PLANS, &len);
    if (!status) {
        *out = value && len ? json_loadb(value, len, 0, NULL) : json_object();
        if (!json_is_object(*out)) {
            json_decref(*out);
            *out = NULL;
            status = value ? cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                              "registry record of '%s' is "
                                              "damaged",
                                              id)
                           : oom();
        }
    }
    cancu_xapian_mset_destroy(mset);
    return status;
}

/* The record of 'id' with the plans of its mined relations, for a change
 * to what plans say of it (a record written before they were kept apart
 * has them in its data already). */
static cancu_status_t load_full_record(cancu_archive_t *archive, const char *id,
                                       json_t **out)
{
    json_t *plans = NULL, *relation;
    cancu_status_t status = load_record(archive, id, out);
    size_t i;

    if (status || !*out || !json_array_size(json_object_get(*out, "mined")))
        return status;
    status = stored_plans(archive, id, &plans);
    json_array_foreach(json_object_get(*out, "mined"), i, relation)
    {
        cancu_strbuf_t key = CANCU_STRBUF_INIT;
        json_t *these;

        if (status || json_object_get(relation, "plans"))
            continue;
        mined_key(&key, relation);
        these = key.failed ? NULL : json_object_get(plans, key.data);
        if (key.failed || (these && json_object_set(relation, "plans", these)))
            status = oom();
        cancu_strbuf__dispose(&key);
    }
    json_decref(plans);
    if (status) {
        json_decref(*out);
        *out = NULL;
    }
    return status;
}

/* 'record' to store: a copy without its mined relations' plans, and those
 * plans (a relation without them keeps what the stored record had). */
static cancu_status_t split_plans(cancu_archive_t *archive, json_t *record,
                                  json_t **data_out, json_t **plans_out)
{
    json_t *copy = json_deep_copy(record), *plans = json_object(), *old = NULL;
    json_t *relation;
    const char *id = json_string_value(json_object_get(record, "id"));
    cancu_status_t status = copy && plans ? CANCU_STATUS_SUCCESS : oom();
    size_t i;

    json_array_foreach(copy ? json_object_get(copy, "mined") : NULL, i,
                       relation)
    {
        cancu_strbuf_t key = CANCU_STRBUF_INIT;
        json_t *these = json_object_get(relation, "plans");

        if (status)
            break;
        mined_key(&key, relation);
        if (!these && !old)
            status = stored_plans(archive, id, &old);
        if (!status && !these)
            these = json_object_get(old, key.data);
        if (key.failed ||
            (!status && these && json_object_set(plans, key.data, these)))
            status = oom();
        json_object_del(relation, "plans");
        cancu_strbuf__dispose(&key);
    }
    json_decref(old);
    if (status) {
        json_decref(copy);
        json_decref(plans);
        return status;
    }
    *data_out = copy;
    *plans_out = plans;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t store_record(cancu_archive_t *archive, json_t *record)
{
    return store_record_with(archive, record, NULL);
}

static bool add_actor_term(cancu_xapian_doc_t *doc, const char *actor)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    bool ok;

    if (!actor || !*actor)
        return true;
    cancu_index__term(&term, PREFIX_ACTOR, actor);
    ok = !term.failed && cancu_xapian_doc_add_term(doc, term.data, term.len);
    cancu_strbuf__dispose(&term);
    return ok;
}

/* The documents that act on the record's one (what replaced or amended
 * it, by its fields or by what texts say), as terms: what a document
 * replaced or amended is then found without reading the registry. */
static bool add_actor_terms(cancu_xapian_doc_t *doc, json_t *record)
{
    json_t *item;
    size_t i;
    bool ok = add_actor_term(
        doc, json_string_value(json_object_get(record, "replaced_by")));

    json_array_foreach(json_object_get(record, "amended_by"), i, item) ok =
        ok &&
        add_actor_term(doc, json_string_value(json_object_get(item, "id")));
    json_array_foreach(json_object_get(record, "mined"), i, item) ok =
        ok &&
        add_actor_term(doc, json_string_value(json_object_get(item, "source")));
    return ok;
}

/* Store 'record', indexed also by 'extra_term' when not NULL (a
 * dataset's own id of the document). */
static cancu_status_t store_record_with(cancu_archive_t *archive,
                                        json_t *record, const char *extra_term)
{
    const char *id = json_string_value(json_object_get(record, "id"));
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    json_t *data = NULL, *plans = NULL;
    cancu_status_t status = split_plans(archive, record, &data, &plans);
    char *value =
        status ? NULL : json_dumps(data, JSON_COMPACT | JSON_PRESERVE_ORDER);
    char *plans_value = status || !json_object_size(plans)
                            ? NULL
                            : json_dumps(plans, JSON_COMPACT);
    cancu_xapian_doc_t *doc = cancu_xapian_doc_new();

    json_decref(data);
    json_decref(plans);
    if (status) {
        cancu_xapian_doc_destroy(doc);
        return status;
    }
    cancu_index__term(&term, CANCU_PREFIX_REGISTRY, id);
    if (term.failed || !value || !doc ||
        (plans_value &&
         !cancu_xapian_doc_set_value(doc, CANCU_SLOT_MINED_PLANS, plans_value,
                                     strlen(plans_value))) ||
        !cancu_xapian_doc_add_term(doc, term.data, term.len) ||
        !cancu_xapian_doc_add_term(doc, CANCU_PREFIX_TYPE "registry",
                                   strlen(CANCU_PREFIX_TYPE "registry")) ||
        !cancu_xapian_doc_set_data(doc, value, strlen(value)) ||
        (extra_term &&
         !cancu_xapian_doc_add_term(doc, extra_term, strlen(extra_term))) ||
        !add_actor_terms(doc, record))
        status = oom();
    else
        status = cancu_xapian_replace(archive->db, term.data, doc);
    cancu_xapian_doc_destroy(doc);
    free(value);
    free(plans_value);
    cancu_strbuf__dispose(&term);
    return status;
}

static cancu_status_t delete_record(cancu_archive_t *archive, const char *id)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    cancu_index__term(&term, CANCU_PREFIX_REGISTRY, id);
    status =
        term.failed ? oom() : cancu_xapian_delete_term(archive->db, term.data);
    cancu_strbuf__dispose(&term);
    return status;
}

/* The ids of archives made before 0.2: one JSON array, or NULL. */
static cancu_status_t legacy_ids(cancu_archive_t *archive, json_t **out)
{
    char *value = NULL;
    cancu_status_t status =
        cancu_xapian_get_metadata(archive->db, KEY_IDS, &value);

    *out = NULL;
    if (!status && *value) {
        *out = json_loads(value, 0, NULL);
        if (!json_is_array(*out)) {
            json_decref(*out);
            *out = NULL;
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "registry index is damaged");
        }
    }
    free(value);
    return status;
}

/* Before a write: an archive's records kept in metadata become
 * documents, once. */
static cancu_status_t upgrade_records(cancu_archive_t *archive)
{
    json_t *ids = NULL, *value;
    cancu_status_t status = legacy_ids(archive, &ids);
    size_t i;

    json_array_foreach(ids, i, value)
    {
        const char *id = json_string_value(value);
        cancu_strbuf_t key = CANCU_STRBUF_INIT;
        json_t *record = NULL;

        if (status || !id)
            continue;
        status = load_record(archive, id, &record);
        if (!status && record)
            status = store_record(archive, record);
        record_key(&key, id);
        if (!status)
            status = key.failed
                         ? oom()
                         : cancu_xapian_set_metadata(archive->db, key.data, "");
        cancu_strbuf__dispose(&key);
        json_decref(record);
    }
    if (!status && ids)
        status = cancu_xapian_set_metadata(archive->db, KEY_IDS, "");
    json_decref(ids);
    return status;
}

/* The ids of the archive's records whose id starts with 'prefix' ("" for
 * every one), appended to the JSON array 'out', in byte order. */
typedef struct id_walk {
    cancu_archive_t *archive;
    json_t *out;
    cancu_status_t status;
} id_walk_t;

static bool take_term(const char *term, size_t len, void *payload)
{
    id_walk_t *w = payload;
    size_t skip = strlen(CANCU_PREFIX_REGISTRY);
    json_t *id = json_stringn(term + skip, len - skip);

    if (!id || json_array_append_new(w->out, id) != 0) {
        w->status = oom();
        return false;
    }
    return true;
}

static cancu_status_t record_ids(cancu_archive_t *archive, const char *prefix,
                                 json_t *out)
{
    id_walk_t w = {archive, out, CANCU_STATUS_SUCCESS};
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    json_t *legacy = NULL, *value;
    cancu_status_t status;
    size_t i;

    if (!archive)
        return CANCU_STATUS_SUCCESS;
    cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_REGISTRY, prefix);
    if (term.failed)
        return oom();
    status = cancu_xapian_foreach_term(archive->db, term.data, take_term, &w);
    cancu_strbuf__dispose(&term);
    if (!status)
        status = w.status;
    if (!status)
        status = legacy_ids(archive, &legacy);
    json_array_foreach(legacy, i, value)
    {
        const char *id = json_string_value(value);

        if (!status && id && strncmp(id, prefix, strlen(prefix)) == 0 &&
            json_array_append(out, value))
            status = oom();
    }
    json_decref(legacy);
    return status;
}

/* Reports. */

typedef struct rejection {
    size_t line;
    char *message;
} rejection_t;

struct cancu_registry_report {
    size_t added, updated, unchanged;
    rejection_t *rejections;
    size_t nrejections, cap;
    /* What an import saw besides its rows: unknown columns, labels. */
    char **notes;
    size_t nnotes;
};

static bool add_rejection(cancu_registry_report_t *report, size_t line,
                          const char *message)
{
    rejection_t *r;

    if (report->nrejections == report->cap) {
        size_t cap = report->cap ? report->cap * 2 : 8;

        r = realloc(report->rejections, cap * sizeof *r);
        if (!r)
            return false;
        report->rejections = r;
        report->cap = cap;
    }
    r = &report->rejections[report->nrejections];
    r->line = line;
    r->message = strdup(message);
    if (!r->message)
        return false;
    report->nrejections++;
    return true;
}

size_t cancu_registry_report_added(const cancu_registry_report_t *report)
{
    return report->added;
}

size_t cancu_registry_report_updated(const cancu_registry_report_t *report)
{
    return report->updated;
}

size_t cancu_registry_report_unchanged(const cancu_registry_report_t *report)
{
    return report->unchanged;
}

size_t cancu_registry_report_rejected(const cancu_registry_report_t *report)
{
    return report->nrejections;
}

const char *
cancu_registry_report_rejection(const cancu_registry_report_t *report,
                                size_t index)
{
    return index < report->nrejections ? report->rejections[index].message
                                       : NULL;
}

size_t
cancu_registry_report_rejection_line(const cancu_registry_report_t *report,
                                     size_t index)
{
    return index < report->nrejections ? report->rejections[index].line : 0;
}

size_t cancu_registry_report_note_count(const cancu_registry_report_t *report)
{
    return report->nnotes;
}

const char *cancu_registry_report_note(const cancu_registry_report_t *report,
                                       size_t index)
{
    return index < report->nnotes ? report->notes[index] : NULL;
}

void cancu_registry_report_destroy(cancu_registry_report_t *report)
{
    if (!report)
        return;
    for (size_t i = 0; i < report->nrejections; i++)
        free(report->rejections[i].message);
    free(report->rejections);
    for (size_t i = 0; i < report->nnotes; i++)
        free(report->notes[i]);
    free(report->notes);
    free(report);
}

/* The TSV format. */

enum column {
    COL_ID,
    COL_TYPE,
    COL_ISSUER,
    COL_SIGNED,
    COL_IN_FORCE,
    COL_TITLE,
    COL_STATUS,
    COL_REPLACED_BY,
    COL_REPLACED_ON,
    COL_AMENDED_BY,
    COL_REPEALED_ON,
    COL_EXPIRED_ON,
    COL_SOURCE,
    COL_CONFIDENCE,
    COL_MINED_FROM,
    COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "id",          "type",       "issuer",      "signed",      "in_force",
    "title",       "status",     "replaced_by", "replaced_on", "amended_by",
    "repealed_on", "expired_on", "source",      "confidence",  "mined_from"};

/* Where each column stands in a row, or -1 for an optional one that is
 * absent. */
typedef struct layout {
    int at[COL_COUNT];
    size_t ncolumns;
} layout_t;

/* One row being checked: its fields and the message of its rejection. */
typedef struct row {
    const char *path;
    size_t line;
    char *fields[MAX_COLUMNS];
    size_t nfields;
    const layout_t *layout;
    cancu_strbuf_t why;
    bool failed; /* out of memory, not a bad row */
} row_t;

static const char *field(const row_t *row, enum column c)
{
    int at = row->layout->at[c];

    return at >= 0 ? row->fields[at] : "";
}

static bool reject(row_t *row, const char *fmt, ...) CANCU_PRINTF(2, 3);

static bool reject(row_t *row, const char *fmt, ...)
{
    va_list ap;
    char message[512];

    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    if (!row->why.len)
        cancu_strbuf__printf(&row->why, "%s:%zu: %s", row->path, row->line,
                             message);
    return false;
}

/* Remove spaces at both ends, in place. */
static char *trim(char *s)
{
    char *end = s + strlen(s);

    while (*s == ' ' || *s == '\r')
        s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\r'))
        end--;
    *end = '\0';
    return s;
}

/* Split 'line' at tabs, in place, trimming each field. */
static size_t split_fields(char *line, char **fields, size_t cap)
{
    size_t n = 0;

    for (char *p = line;;) {
        char *tab = strchr(p, '\t');

        if (tab)
            *tab = '\0';
        if (n < cap)
            fields[n] = trim(p);
        n++;
        if (!tab)
            break;
        p = tab + 1;
    }
    return n;
}

static bool check_date(row_t *row, enum column c)
{
    const char *value = field(row, c);

    if (*value && !cancu_date__valid(value))
        return reject(row, "%s: date '%s' is not a date", column_names[c],
                      value);
    return true;
}

/* The canonical form of 'text', an id of field 'what', into 'out'. */
static bool check_id(row_t *row, const char *what, const char *text,
                     cancu_strbuf_t *out)
{
    cancu_strbuf_t why = CANCU_STRBUF_INIT;
    id_check_t check = canonical_id(text, out, &why);

    if (check == ID_FAILED || why.failed)
        row->failed = true;
    else if (check == ID_BAD)
        reject(row, "%s: %s", what, cancu_strbuf__cstr(&why));
    cancu_strbuf__dispose(&why);
    return check == ID_OK;
}

/* "113/2018/NĐ-CP; 143/2020/NĐ-CP@2020-12-10" as [{id, date}]. */
static bool parse_amendments(row_t *row, const char *text, json_t *out)
{
    char *copy = strdup(text);
    bool ok = copy != NULL;

    if (!copy)
        row->failed = true;
    for (char *p = copy; ok && p && *p;) {
        char *semi = strchr(p, ';'), *item, *at;
        cancu_strbuf_t id = CANCU_STRBUF_INIT;
        const char *date = "";

        if (semi)
            *semi = '\0';
        item = trim(p);
        p = semi ? semi + 1 : NULL;
        if (!*item) {
            if (p && *trim(p))
                ok = reject(row, "amended_by: an amendment is empty");
            continue;
        }
        at = strrchr(item, '@');
        if (at) {
            *at = '\0';
            date = trim(at + 1);
            trim(item);
            if (!cancu_date__valid(date))
                ok = reject(row, "amended_by: date '%s' is not a date", date);
        }
        ok = ok && check_id(row, "amended_by", item, &id);
        for (size_t i = 0; ok && i < json_array_size(out); i++)
            if (strcmp(json_string_value(
                           json_object_get(json_array_get(out, i), "id")),
                       cancu_strbuf__cstr(&id)) == 0)
                ok = reject(row, "amended_by: '%s' is named twice",
                            cancu_strbuf__cstr(&id));
        if (ok && json_array_append_new(out, json_pack("{s:s, s:s}", "id",
                                                       cancu_strbuf__cstr(&id),
                                                       "date", date)) != 0) {
            row->failed = true;
            ok = false;
        }
        cancu_strbuf__dispose(&id);
    }
    free(copy);
    return ok;
}

/* "URL; URL" checked and written with "; " between. */
static bool parse_sources(row_t *row, const char *text, cancu_strbuf_t *out)
{
    char *copy = strdup(text);
    bool ok = copy != NULL;

    if (!copy)
        row->failed = true;
    for (char *p = copy; ok && p && *p;) {
        char *semi = strchr(p, ';'), *url;

        if (semi)
            *semi = '\0';
        url = trim(p);
        p = semi ? semi + 1 : NULL;
        if (!*url)
            continue;
        if ((strncmp(url, "http://", 7) != 0 &&
             strncmp(url, "https://", 8) != 0) ||
            strchr(url, ' '))
            ok = reject(row, "source: '%s' is not a URL", url);
        if (out->len)
            cancu_strbuf__puts(out, "; ");
        cancu_strbuf__puts(out, url);
    }
    free(copy);
    if (out->failed)
        row->failed = true;
    return ok && !out->failed;
}

/* Dates that must not come before another: 'later' against 'earlier'. */
static bool check_order(row_t *row, enum column later, enum column earlier)
{
    const char *a = field(row, later), *b = field(row, earlier);

    if (*a && *b && cancu_date__compare(a, b) < 0)
        return reject(row, "%s %s is before %s %s", column_names[later], a,
                      column_names[earlier], b);
    return true;
}

/* Checks between fields, once each is valid alone. */
static bool check_consistency(row_t *row, int status, int confidence,
                              const char *id, const char *replaced_by,
                              size_t namended, bool has_source)
{
    const char *signed_on = field(row, COL_SIGNED);
    char year[5];

    if (status == CANCU_LEGAL_REPLACED && !*replaced_by)
        return reject(row, "status 'replaced' needs replaced_by");
    if (*field(row, COL_REPLACED_ON) && !*replaced_by)
        return reject(row, "replaced_on needs replaced_by");
    if (*replaced_by && status != CANCU_LEGAL_REPLACED &&
        !*field(row, COL_REPLACED_ON))
        return reject(row,
                      "replaced_by with status '%s' needs replaced_on "
                      "(when the replacement takes effect)",
                      status_names[status]);
    if (*replaced_by && strcmp(replaced_by, id) == 0)
        return reject(row, "'%s' cannot replace itself", id);
    if (status == CANCU_LEGAL_AMENDED && namended == 0)
        return reject(row, "status 'amended' needs amended_by");
    if (confidence == CANCU_CONFIDENCE_UNVERIFIED &&
        status != CANCU_LEGAL_UNKNOWN)
        return reject(row, "confidence 'unverified' allows status 'unknown' "
                           "only");
    if (confidence == CANCU_CONFIDENCE_MINED && !*field(row, COL_MINED_FROM))
        return reject(row, "confidence 'mined' needs mined_from");
    if (!has_source && status != CANCU_LEGAL_UNKNOWN &&
        confidence != CANCU_CONFIDENCE_MINED)
        return reject(row, "status '%s' needs a source", status_names[status]);
    if (*signed_on && id_year(id, year) && strncmp(signed_on, year, 4) != 0)
        return reject(row, "signed %s contradicts the year of '%s'", signed_on,
                      id);
    return check_order(row, COL_IN_FORCE, COL_SIGNED) &&
           check_order(row, COL_REPLACED_ON, COL_SIGNED) &&
           check_order(row, COL_REPLACED_ON, COL_IN_FORCE) &&
           check_order(row, COL_REPEALED_ON, COL_SIGNED) &&
           check_order(row, COL_REPEALED_ON, COL_IN_FORCE) &&
           check_order(row, COL_EXPIRED_ON, COL_SIGNED) &&
           check_order(row, COL_EXPIRED_ON, COL_IN_FORCE);
}

/* The file's name without its folders, for the origin of a record. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* The record of a checked row, or NULL when it is rejected (with the
 * reason in row->why) or memory runs out (row->failed). */
static json_t *row_record(row_t *row)
{
    static const enum column dates[] = {COL_SIGNED, COL_IN_FORCE,
                                        COL_REPLACED_ON, COL_REPEALED_ON,
                                        COL_EXPIRED_ON};
    cancu_strbuf_t id = CANCU_STRBUF_INIT, replaced_by = CANCU_STRBUF_INIT;
    cancu_strbuf_t sources = CANCU_STRBUF_INIT, origin = CANCU_STRBUF_INIT;
    json_t *amended = json_array(), *record = NULL;
    int status, confidence;
    bool ok;

    if (!amended) {
        row->failed = true;
        return NULL;
    }
    ok = check_id(row, "id", field(row, COL_ID), &id);
    status = record_status(field(row, COL_STATUS));
    confidence = NAME_INDEX(confidence_names, field(row, COL_CONFIDENCE));
    if (ok && status < 0)
        ok = reject(row,
                    "status '%s' is not one of in-force, amended, replaced, "
                    "repealed, expired, unknown",
                    field(row, COL_STATUS));
    if (ok && confidence < 0)
        ok = reject(row,
                    "confidence '%s' is not one of verified, partial, mined, "
                    "unverified",
                    field(row, COL_CONFIDENCE));
    for (size_t i = 0; ok && i < sizeof dates / sizeof *dates; i++)
        ok = check_date(row, dates[i]);
    if (ok && *field(row, COL_REPLACED_BY))
        ok = check_id(row, "replaced_by", field(row, COL_REPLACED_BY),
                      &replaced_by);
    ok = ok && parse_amendments(row, field(row, COL_AMENDED_BY), amended);
    ok = ok && parse_sources(row, field(row, COL_SOURCE), &sources);
    ok = ok &&
         check_consistency(row, status, confidence, cancu_strbuf__cstr(&id),
                           cancu_strbuf__cstr(&replaced_by),
                           json_array_size(amended), sources.len > 0);
    if (ok) {
        cancu_strbuf__printf(&origin, "%s:%zu", base_name(row->path),
                             row->line);
        record = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:O, s:s, s:s, "
            "s:s, s:s, s:s, s:s}",
            "id", cancu_strbuf__cstr(&id), "type", field(row, COL_TYPE),
            "issuer", field(row, COL_ISSUER), "signed", field(row, COL_SIGNED),
            "in_force", field(row, COL_IN_FORCE), "title",
            field(row, COL_TITLE), "status", status_names[status],
            "replaced_by", cancu_strbuf__cstr(&replaced_by), "replaced_on",
            field(row, COL_REPLACED_ON), "amended_by", amended, "repealed_on",
            field(row, COL_REPEALED_ON), "expired_on",
            field(row, COL_EXPIRED_ON), "source", cancu_strbuf__cstr(&sources),
            "confidence", confidence_names[confidence], "mined_from",
            field(row, COL_MINED_FROM), "origin", cancu_strbuf__cstr(&origin));
        if (!record || origin.failed)
            row->failed = true;
    }
    if (id.failed || replaced_by.failed)
        row->failed = true;
    if (row->failed) {
        json_decref(record);
        record = NULL;
    }
    json_decref(amended);
    cancu_strbuf__dispose(&id);
    cancu_strbuf__dispose(&replaced_by);
    cancu_strbuf__dispose(&sources);
    cancu_strbuf__dispose(&origin);
    return record;
}

/* Read the header line into 'layout'. */
static cancu_status_t parse_header(const char *path, size_t line, char *text,
                                   layout_t *layout)
{
    char *names[MAX_COLUMNS];
    size_t n = split_fields(text, names, MAX_COLUMNS);

    if (n > MAX_COLUMNS)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s:%zu: more than %d columns", path, line,
                                MAX_COLUMNS);
    for (size_t c = 0; c < COL_COUNT; c++)
        layout->at[c] = -1;
    layout->ncolumns = n;
    for (size_t i = 0; i < n; i++) {
        int c = NAME_INDEX(column_names, names[i]);

        if (c < 0)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s:%zu: unknown column '%s'", path, line,
                                    names[i]);
        if (layout->at[c] >= 0)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s:%zu: column '%s' is named twice", path,
                                    line, names[i]);
        layout->at[c] = (int)i;
    }
    for (size_t c = 0; c < COL_COUNT; c++)
        if (layout->at[c] < 0 && c != COL_MINED_FROM)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s:%zu: column '%s' is missing", path,
                                    line, column_names[c]);
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t read_file(const char *path, char **out, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    char chunk[65536];
    size_t n;

    *out = NULL;
    if (!f)
        return cancu_error__set(CANCU_STATUS_IO_ERROR, "%s: %s", path,
                                strerror(errno));
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.len + n > MAX_REGISTRY_FILE) {
            fclose(f);
            cancu_strbuf__dispose(&buf);
            return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                    "%s: larger than %zu MiB", path,
                                    MAX_REGISTRY_FILE >> 20);
        }
        cancu_strbuf__append(&buf, chunk, n);
    }
    if (ferror(f)) {
        fclose(f);
        cancu_strbuf__dispose(&buf);
        return cancu_error__set(CANCU_STATUS_IO_ERROR, "%s: cannot be read",
                                path);
    }
    fclose(f);
    if (buf.failed)
        return oom();
    *len_out = buf.len;
    *out = buf.len ? cancu_strbuf__detach(&buf) : strdup("");
    return *out ? CANCU_STATUS_SUCCESS : oom();
}

/* The good rows of a file, by id, each with its line. */
typedef struct parsed {
    json_t *records; /* id -> record */
    json_t *order;   /* ids in file order */
} parsed_t;

/* Check one data line; a good row joins 'parsed', a bad one the
 * report. */
static cancu_status_t
take_row(parsed_t *parsed, cancu_registry_report_t *report, const char *path,
         size_t number, const char *text, size_t len, const layout_t *layout)
{
    row_t row = {path, number, {NULL}, 0, layout, CANCU_STRBUF_INIT, false};
    char *line = NULL;
    size_t line_len;
    json_t *record = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (cancu_utf8__invalid_offset(text, len) < len) {
        reject(&row, "the line is not UTF-8");
    } else {
        status = cancu_normalize__nfc(&line, &line_len, text, len);
        if (status) {
            cancu_strbuf__dispose(&row.why);
            return status;
        }
        row.nfields = split_fields(line, row.fields, MAX_COLUMNS);
        if (row.nfields != layout->ncolumns)
            reject(&row, "%zu fields where the header names %zu", row.nfields,
                   layout->ncolumns);
        else
            record = row_record(&row);
    }
    if (record) {
        const char *id = json_string_value(json_object_get(record, "id"));
        json_t *before = json_object_get(parsed->records, id);

        if (before) {
            reject(&row, "id '%s' was given before, at %s", id,
                   json_string_value(json_object_get(before, "origin")));
            json_decref(record);
            record = NULL;
        } else if (json_array_append_new(parsed->order, json_string(id))) {
            json_decref(record);
            row.failed = true;
        } else if (json_object_set_new(parsed->records, id, record)) {
            row.failed = true;
        }
    }
    if (!row.failed && row.why.len &&
        !add_rejection(report, number, cancu_strbuf__cstr(&row.why)))
        row.failed = true;
    if (row.failed || row.why.failed)
        status = oom();
    cancu_strbuf__dispose(&row.why);
    free(line);
    return status;
}

/* Read and check every line of 'text'. */
static cancu_status_t parse_file(parsed_t *parsed,
                                 cancu_registry_report_t *report,
                                 const char *path, char *text, size_t len)
{
    layout_t layout;
    bool have_header = false;
    size_t number = 0;
    char *p = text, *end = text + len;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *stop = nl ? nl : end;
        size_t n;
        const char *q;
        cancu_status_t status;

        number++;
        *stop = '\0';
        n = (size_t)(stop - p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        for (q = p; *q == ' ' || *q == '\t'; q++)
            ;
        if (*q == '\0' || *q == '#') {
            p = stop + 1;
            continue;
        }
        if (!have_header) {
            if (cancu_utf8__invalid_offset(p, n) < n)
                return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                        "%s:%zu: the header is not UTF-8", path,
                                        number);
            status = parse_header(path, number, p, &layout);
            have_header = true;
        } else {
            status = take_row(parsed, report, path, number, p, n, &layout);
        }
        if (status)
            return status;
        p = stop + 1;
    }
    if (!have_header)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: no header line naming the columns", path);
    return CANCU_STATUS_SUCCESS;
}

/* Whether two records say the same, leaving aside where each came
 * from. */
static bool same_record(json_t *a, json_t *b)
{
    json_t *x = json_copy(a), *y = json_copy(b);
    bool same;

    json_object_del(x, "origin");
    json_object_del(y, "origin");
    same = x && y && json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return same;
}

/* Merge the good rows into the registry, in one transaction. */
static cancu_status_t merge(cancu_archive_t *archive, parsed_t *parsed,
                            cancu_registry_report_t *report)
{
    json_t *value;
    cancu_status_t status;
    size_t i;

    status = cancu_xapian_begin(archive->db);
    if (!status)
        status = upgrade_records(archive);
    json_array_foreach(parsed->order, i, value)
    {
        const char *id = json_string_value(value);
        json_t *record = json_object_get(parsed->records, id), *old = NULL;

        if (status)
            break;
        status = load_record(archive, id, &old);
        if (status)
            break;
        /* What the texts said stays with the document. */
        if (old && json_object_get(old, "mined"))
            json_object_set(record, "mined", json_object_get(old, "mined"));
        if (old && json_object_get(old, "self"))
            json_object_set(record, "self", json_object_get(old, "self"));
        if (json_object_set_new(record, "provenance", json_string("imported")))
            status = oom();
        else if (old && same_record(old, record))
            report->unchanged++;
        else {
            if (old)
                report->updated++;
            else
                report->added++;
            status = store_record(archive, record);
        }
        json_decref(old);
    }
    if (!status)
        status = cancu_archive_commit(archive);
    if (status)
        cancu_archive__cancel(archive);
    return status;
}

cancu_status_t cancu_registry_import(cancu_registry_report_t **out,
                                     cancu_archive_t *archive, const char *path)
{
    cancu_registry_report_t *report;
    parsed_t parsed = {json_object(), json_array()};
    char *text = NULL;
    size_t len = 0;
    cancu_status_t status;

    assert(out && archive && path);
    *out = NULL;
    if (archive->mode != CANCU_ARCHIVE_WRITE) {
        json_decref(parsed.records);
        json_decref(parsed.order);
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    }
    report = calloc(1, sizeof *report);
    status = report && parsed.records && parsed.order
                 ? read_file(path, &text, &len)
                 : oom();
    if (!status)
        status = parse_file(&parsed, report, path, text, len);
    if (!status && json_array_size(parsed.order) > 0)
        status = merge(archive, &parsed, report);
    free(text);
    json_decref(parsed.records);
    json_decref(parsed.order);
    if (status) {
        cancu_registry_report_destroy(report);
        return status;
    }
    *out = report;
    return CANCU_STATUS_SUCCESS;
}

/* The shipped registry: corpora/registry/vn-legal-status.tsv, built into
 * cancu, under every archive's own records. */

static const unsigned char shipped_tsv[] = {
#include "shipped-registry.inc"
};

#define SHIPPED_NAME "vn-legal-status.tsv"

static struct {
    pthread_once_t once;
    json_t *records; /* id -> record */
    json_t *ids;     /* sorted */
} shipped = {PTHREAD_ONCE_INIT, NULL, NULL};

static int compare_json_strings(const void *a, const void *b)
{
    return strcmp(json_string_value(*(json_t *const *)a),
                  json_string_value(*(json_t *const *)b));
}

static void load_shipped(void)
{
    parsed_t parsed = {json_object(), json_array()};
    cancu_registry_report_t *report = calloc(1, sizeof *report);
    char *text = malloc(sizeof shipped_tsv);
    json_t **sorted = NULL;
    size_t n = 0, i;
    json_t *value;

    if (text && report && parsed.records && parsed.order &&
        parse_file(&parsed, report, SHIPPED_NAME,
                   memcpy(text, shipped_tsv, sizeof shipped_tsv),
                   sizeof shipped_tsv) == CANCU_STATUS_SUCCESS) {
        n = json_array_size(parsed.order);
        sorted = malloc((n ? n : 1) * sizeof *sorted);
    }
    if (sorted) {
        json_array_foreach(parsed.order, i, value) sorted[i] = value;
        qsort(sorted, n, sizeof *sorted, compare_json_strings);
        shipped.ids = json_array();
        for (i = 0; shipped.ids && i < n; i++)
            json_array_append(shipped.ids, sorted[i]);
        shipped.records = json_incref(parsed.records);
    }
    /* The shipped file is tested to parse whole; memory running out
     * here leaves only the archive's own records. */
    free(sorted);
    free(text);
    cancu_registry_report_destroy(report);
    json_decref(parsed.records);
    json_decref(parsed.order);
}

/* The shipped record of 'id' (borrowed), or NULL. */
static json_t *shipped_record(const char *id)
{
    pthread_once(&shipped.once, load_shipped);
    return json_object_get(shipped.records, id);
}

static json_t *shipped_ids(void)
{
    pthread_once(&shipped.once, load_shipped);
    return shipped.ids;
}

static const char *provenance_of(json_t *record)
{
    const char *p = json_string_value(json_object_get(record, "provenance"));

    if (p)
        return p;
    /* Records stored before provenance was kept. */
    p = json_string_value(json_object_get(record, "origin"));
    return p && *p ? "imported" : "mined";
}

static bool apply_relation(json_t *record, const char *kind, const char *source,
                           const char *date);

/* A shipped or imported record that does not establish the document's
 * standing takes it from what the texts say, as a mined record does;
 * one that does keeps its own, the texts' claims beside it. */
static cancu_status_t fill_unknown(json_t **record)
{
    json_t *mined = *record ? json_object_get(*record, "mined") : NULL, *r,
           *copy;
    size_t i;

    if (!json_array_size(mined) ||
        strcmp(provenance_of(*record), "mined") == 0 ||
        strcmp(json_string_value(json_object_get(*record, "status")),
               "unknown") != 0)
        return CANCU_STATUS_SUCCESS;
    copy = json_deep_copy(*record);
    json_array_foreach(json_object_get(copy, "mined"), i, r)
    {
        if (copy &&
            !apply_relation(copy, json_string_value(json_object_get(r, "kind")),
                            json_string_value(json_object_get(r, "source")),
                            json_string_value(json_object_get(r, "date")))) {
            json_decref(copy);
            copy = NULL;
        }
    }
    json_decref(*record);
    *record = copy;
    return copy ? CANCU_STATUS_SUCCESS : oom();
}

/* The record of 'id' as the registry states it, or NULL in *out: what the
 * user imported; else the shipped record; else what the texts say. The
 * relations mined from texts stay with each. */
/* The effective record of 'id' from 'own', its stored record (taken;
 * NULL when the archive has none). */
static cancu_status_t effective_of(const char *id, json_t *own, json_t **out)
{
    json_t *ship = shipped_record(id), *merged;

    *out = NULL;
    if (!ship || (own && strcmp(provenance_of(own), "imported") == 0)) {
        *out = own;
        return fill_unknown(out);
    }
    merged = json_deep_copy(ship);
    if (!merged ||
        json_object_set_new(merged, "provenance", json_string("shipped")) ||
        (own && json_object_get(own, "mined") &&
         json_object_set(merged, "mined", json_object_get(own, "mined"))) ||
        (own && json_object_get(own, "self") &&
         json_object_set(merged, "self", json_object_get(own, "self")))) {
        json_decref(merged);
        json_decref(own);
        return oom();
    }
    json_decref(own);
    *out = merged;
    return fill_unknown(out);
}

/* The effective records a reader with the cache (the server's) made, for
 * the revision it read them from: a record gathers the relations mined
 * from every plan citing it, and parsing and merging it again for each
 * reference made most of a plan's page (39 of 123 M instructions on
 * 1,000 plans, for its two checks' 120 lookups). One revision's at a
 * time, those of the handles that read the latest; what a handle still
 * at another one makes is not kept. Never changed once kept: a caller
 * reads its reference, and jansson counts references atomically. */
static struct {
    pthread_mutex_t lock;
    char *revision;
    json_t *records; /* id -> record, null when there is none */
} made = {PTHREAD_MUTEX_INITIALIZER, NULL, NULL};

/* Is 'b' a revision before 'a' of the same database? Names are
 * "UUID@REVISION:" (cancu_xapian_revision); another database (a
 * compaction's) counts as later. */
static bool revision_before(const char *a, const char *b)
{
    const char *at_a = strchr(a, '@'), *at_b = strchr(b, '@');

    return at_a && at_b && at_a - a == at_b - b &&
           strncmp(a, b, (size_t)(at_a - a)) == 0 &&
           strtoull(at_b + 1, NULL, 10) < strtoull(at_a + 1, NULL, 10);
}

/* Keep the record 'r' (NULL: none) of 'id' at 'revision'. */
static void keep_made(const char *revision, const char *id, json_t *r)
{
    pthread_mutex_lock(&made.lock);
    if (made.revision && revision_before(made.revision, revision)) {
        pthread_mutex_unlock(&made.lock);
        return;
    }
    if (!made.revision || strcmp(made.revision, revision) != 0) {
        free(made.revision);
        json_decref(made.records);
        made.revision = strdup(revision);
        made.records = made.revision ? json_object() : NULL;
    }
    if (made.records)
        json_object_set_new(made.records, id, r ? json_incref(r) : json_null());
    pthread_mutex_unlock(&made.lock);
}

/* The record of 'id' kept for 'revision' into *out (a reference; NULL
 * when there is none): false when none is kept. */
static bool made_record(const char *revision, const char *id, json_t **out)
{
    json_t *kept;

    pthread_mutex_lock(&made.lock);
    kept = made.revision && strcmp(made.revision, revision) == 0
               ? json_object_get(made.records, id)
               : NULL;
    if (kept)
        *out = json_is_null(kept) ? NULL : json_incref(kept);
    pthread_mutex_unlock(&made.lock);
    return kept != NULL;
}

static cancu_status_t effective_record(cancu_archive_t *archive, const char *id,
                                       json_t **out)
{
    json_t *own = NULL;
    const char *revision = archive ? cancu_xapian_revision(archive->db) : NULL;
    cancu_status_t status;

    *out = NULL;
    if (revision && made_record(revision, id, out))
        return CANCU_STATUS_SUCCESS;
    status = load_record(archive, id, &own);
    if (!status)
        status = effective_of(id, own, out);
    if (!status && revision)
        keep_made(revision, id, *out);
    return status;
}

/* Entries. */

typedef struct amendment {
    const char *id, *date;
} amendment_t;

typedef struct relation {
    const char *kind, *source, *date, *mined_from;
    size_t line;
} relation_t;

struct cancu_registry_entry {
    const char *id, *type, *issuer, *signed_on, *in_force, *title;
    cancu_legal_status_t status;
    const char *replaced_by, *replaced_on;
    amendment_t *amended;
    size_t namended;
    const char *repealed_on, *expired_on, *source;
    cancu_registry_confidence_t confidence;
    const char *mined_from, *origin, *provenance, *text;
    relation_t *relations;
    size_t nrelations;
};

struct cancu_registry_entry_list {
    cancu_arena_t *arena;
    struct cancu_registry_entry *entries;
    size_t count, cap;
};

typedef struct builder {
    cancu_arena_t *arena;
    bool failed;
} builder_t;

static const char *copy_string(builder_t *b, json_t *object, const char *key)
{
    const char *s = json_string_value(json_object_get(object, key));
    char *copy = cancu_arena__strdup(b->arena, s ? s : "");

    if (!copy)
        b->failed = true;
    return copy ? copy : "";
}

/* Fill 'e' from the JSON record 'r', into the list's arena. */
static bool entry_from_json(struct cancu_registry_entry *e, cancu_arena_t *a,
                            json_t *r)
{
    builder_t b = {a, false};
    json_t *amended = json_object_get(r, "amended_by");
    json_t *mined = json_object_get(r, "mined");
    int status = record_status(copy_string(&b, r, "status"));
    int confidence =
        NAME_INDEX(confidence_names, copy_string(&b, r, "confidence"));

    memset(e, 0, sizeof *e);
    e->id = copy_string(&b, r, "id");
    e->type = copy_string(&b, r, "type");
    e->issuer = copy_string(&b, r, "issuer");
    e->signed_on = copy_string(&b, r, "signed");
    e->in_force = copy_string(&b, r, "in_force");
    e->title = copy_string(&b, r, "title");
    e->status = status < 0 ? CANCU_LEGAL_UNKNOWN : (cancu_legal_status_t)status;
    e->replaced_by = copy_string(&b, r, "replaced_by");
    e->replaced_on = copy_string(&b, r, "replaced_on");
    e->repealed_on = copy_string(&b, r, "repealed_on");
    e->expired_on = copy_string(&b, r, "expired_on");
    e->source = copy_string(&b, r, "source");
    e->confidence = confidence < 0 ? CANCU_CONFIDENCE_UNVERIFIED
                                   : (cancu_registry_confidence_t)confidence;
    e->mined_from = copy_string(&b, r, "mined_from");
    e->origin = copy_string(&b, r, "origin");
    e->provenance = cancu_arena__strdup(a, provenance_of(r));
    e->text = copy_string(&b, json_object_get(r, "self"), "path");
    if (!e->provenance)
        return false;
    e->namended = json_array_size(amended);
    if (e->namended) {
        e->amended = cancu_arena__alloc(a, e->namended * sizeof *e->amended);
        if (!e->amended)
            return false;
        for (size_t i = 0; i < e->namended; i++) {
            json_t *item = json_array_get(amended, i);

            e->amended[i].id = copy_string(&b, item, "id");
            e->amended[i].date = copy_string(&b, item, "date");
        }
    }
    e->nrelations = json_array_size(mined);
    if (e->nrelations) {
        e->relations =
            cancu_arena__alloc(a, e->nrelations * sizeof *e->relations);
        if (!e->relations)
            return false;
        for (size_t i = 0; i < e->nrelations; i++) {
            json_t *item = json_array_get(mined, i);

            e->relations[i].kind = copy_string(&b, item, "kind");
            e->relations[i].source = copy_string(&b, item, "source");
            e->relations[i].date = copy_string(&b, item, "date");
            e->relations[i].mined_from = copy_string(&b, item, "mined_from");
            e->relations[i].line =
                (size_t)json_integer_value(json_object_get(item, "line"));
        }
    }
    return !b.failed;
}

static cancu_status_t list_new(cancu_registry_entry_list_t **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out || !((*out)->arena = cancu_arena__new())) {
        free(*out);
        *out = NULL;
        return oom();
    }
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t list_push(cancu_registry_entry_list_t *list, json_t *r)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        struct cancu_registry_entry *e =
            realloc(list->entries, cap * sizeof *e);

        if (!e)
            return oom();
        list->entries = e;
        list->cap = cap;
    }
    if (!entry_from_json(&list->entries[list->count], list->arena, r))
        return oom();
    list->count++;
    return CANCU_STATUS_SUCCESS;
}

/* A read of the registry's records into a list. */
typedef cancu_status_t (*read_fn)(cancu_registry_entry_list_t *list,
                                  cancu_archive_t *archive,
                                  const char *payload);

typedef struct entries_read {
    cancu_registry_entry_list_t **out;
    read_fn fn;
    const char *payload;
} entries_read_t;

/* One run of an entries_read_t's read, into a new list. */
static cancu_status_t read_once(cancu_archive_t *archive, void *payload)
{
    entries_read_t *r = payload;
    cancu_registry_entry_list_t *list = NULL;
    cancu_status_t status = list_new(&list);

    if (!status)
        status = r->fn(list, archive, r->payload);
    if (status) {
        cancu_registry_entry_list_destroy(list);
        return status;
    }
    *r->out = list;
    return CANCU_STATUS_SUCCESS;
}

/* Run 'fn' on the archive as one read (cancu_archive__read). */
static cancu_status_t read_entries(cancu_registry_entry_list_t **out,
                                   cancu_archive_t *archive, read_fn fn,
                                   const char *payload)
{
    entries_read_t r = {out, fn, payload};

    *out = NULL;
    /* No archive: the shipped registry alone. */
    if (!archive)
        return read_once(NULL, &r);
    return cancu_archive__read(archive, read_once, &r);
}

/* Add the registry's record of 'id' to 'list' when there is one; *found
 * says. */
static cancu_status_t push_id(cancu_registry_entry_list_t *list,
                              cancu_archive_t *archive, const char *id,
                              bool *found)
{
    json_t *record = NULL;
    cancu_status_t status = effective_record(archive, id, &record);

    if (found)
        *found = record != NULL;
    if (!status && record)
        status = list_push(list, record);
    json_decref(record);
    return status;
}

/* Is 'other' the number 'base' with a year ("18-NQ/TW:2017")? */
static bool is_year_variant(const char *other, const char *base, size_t n)
{
    return strlen(other) == n + 5 && strncmp(other, base, n) == 0 &&
           other[n] == ':' && all_digits(other + n + 1, 4);
}

static cancu_status_t read_lookup(cancu_registry_entry_list_t *list,
                                  cancu_archive_t *archive, const char *id)
{
    cancu_strbuf_t base = CANCU_STRBUF_INIT;
    json_t *ids = json_array(), *value;
    bool exact = false, has_year;
    cancu_status_t status;
    size_t i;

    id_base(id, &base);
    if (base.failed || !ids) {
        cancu_strbuf__dispose(&base);
        json_decref(ids);
        return oom();
    }
    has_year = base.len < strlen(id);
    status = push_id(list, archive, id, &exact);
    if (!status && has_year && !exact)
        status = push_id(list, archive, base.data, NULL);
    if (!status && !has_year) {
        /* The same number with a year: other candidates, the archive's
         * and the shipped ones, each once. */
        cancu_strbuf__putc(&base, ':');
        status = base.failed ? oom() : record_ids(archive, base.data, ids);
        if (!base.failed)
            base.data[--base.len] = '\0';
        json_array_foreach(shipped_ids(), i, value)
        {
            const char *other = json_string_value(value);
            bool known = false;

            for (size_t k = 0; k < json_array_size(ids) && !known; k++)
                known = strcmp(json_string_value(json_array_get(ids, k)),
                               other) == 0;
            if (!status && !known &&
                is_year_variant(other, base.data, base.len) &&
                json_array_append(ids, value))
                status = oom();
        }
    }
    json_array_foreach(ids, i, value)
    {
        if (status)
            break;
        if (is_year_variant(json_string_value(value), base.data, base.len))
            status = push_id(list, archive, json_string_value(value), NULL);
    }
    json_decref(ids);
    cancu_strbuf__dispose(&base);
    if (!status && list->count == 0)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND,
                                  "no registry entry for '%s'", id);
    return status;
}

/* What was typed, read as cites reads it ("ND 58/2019", "luat vien
 * chuc", "TTLT 47/2009", a citation pasted with its date): the records
 * whose ids it names. */
static cancu_status_t read_typed(cancu_registry_entry_list_t *list,
                                 cancu_archive_t *archive, const char *typed)
{
    cancu_typed_ref_t tr;
    json_t *ids = json_array(), *value;
    cancu_status_t status = ids ? cancu_typed_ref__parse(&tr, typed) : oom();
    const char *prefix = "";
    size_t i;

    if (status) {
        json_decref(ids);
        return status;
    }
    /* The ids themselves, each as the exact lookup finds it. */
    for (i = 0; !status && i < tr.nids && !*tr.folded_name; i++) {
        status = read_lookup(list, archive, tr.ids[i]);
        if (status == CANCU_STATUS_NOT_FOUND) {
            cancu_error_clear();
            status = CANCU_STATUS_SUCCESS;
        }
    }
    /* A number with a type word, or a name: walk the ids it may be. */
    if (*tr.number)
        prefix = tr.number;
    if (!status && (*tr.number || *tr.folded_name))
        status = record_ids(archive, prefix, ids);
    json_array_foreach(shipped_ids(), i, value)
    {
        if (!status && (*tr.number || *tr.folded_name) &&
            json_array_append(ids, value))
            status = oom();
    }
    json_array_foreach(ids, i, value)
    {
        const char *id = json_string_value(value);
        bool dup = false;
        cancu_strbuf_t base = CANCU_STRBUF_INIT;

        if (status)
            break;
        id_base(id, &base);
        for (size_t k = 0; k < list->count && !dup; k++)
            dup = strcmp(list->entries[k].id, id) == 0;
        if (!base.failed && !dup &&
            cancu_typed_ref__matches(&tr, base.data, ""))
            status = push_id(list, archive, id, NULL);
        cancu_strbuf__dispose(&base);
    }
    json_decref(ids);
    cancu_typed_ref__dispose(&tr);
    if (!status && list->count == 0)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND,
                                  "no registry entry for '%s'", typed);
    return status;
}

cancu_status_t cancu_registry_lookup(cancu_registry_entry_list_t **out,
                                     cancu_archive_t *archive, const char *id)
{
    cancu_strbuf_t canonical = CANCU_STRBUF_INIT, why = CANCU_STRBUF_INIT;
    char *copy;
    cancu_status_t status;
    id_check_t check;

    assert(out && id);
    *out = NULL;
    copy = strdup(id);
    if (!copy)
        return oom();
    check = canonical_id(trim(copy), &canonical, &why);
    if (check == ID_FAILED)
        status = oom();
    else if (canonical.failed)
        status = oom();
    else if (check == ID_OK)
        status = read_entries(out, archive, read_lookup,
                              cancu_strbuf__cstr(&canonical));
    else
        status = read_entries(out, archive, read_typed, trim(copy));
    free(copy);
    cancu_strbuf__dispose(&canonical);
    cancu_strbuf__dispose(&why);
    return status;
}

static cancu_status_t read_all(cancu_registry_entry_list_t *list,
                               cancu_archive_t *archive, const char *unused)
{
    json_t *own = json_array(), *ship = shipped_ids();
    cancu_status_t status = own ? record_ids(archive, "", own) : oom();
    size_t a = 0, b = 0, na, nb = json_array_size(ship);

    (void)unused;
    na = json_array_size(own);
    /* Both are in byte order: one merged walk, each id once. */
    while (!status && (a < na || b < nb)) {
        const char *x =
            a < na ? json_string_value(json_array_get(own, a)) : NULL;
        const char *y =
            b < nb ? json_string_value(json_array_get(ship, b)) : NULL;
        int c = !x ? 1 : !y ? -1 : strcmp(x, y);

        status = push_id(list, archive, c <= 0 ? x : y, NULL);
        a += c <= 0;
        b += c >= 0;
    }
    json_decref(own);
    return status;
}

cancu_status_t cancu_registry_list(cancu_registry_entry_list_t **out,
                                   cancu_archive_t *archive)
{
    assert(out);
    return read_entries(out, archive, read_all, NULL);
}

size_t cancu_registry_entry_list_count(const cancu_registry_entry_list_t *list)
{
    return list->count;
}

const cancu_registry_entry_t *
cancu_registry_entry_list_get(const cancu_registry_entry_list_t *list,
                              size_t index)
{
    return index < list->count ? &list->entries[index] : NULL;
}

void cancu_registry_entry_list_destroy(cancu_registry_entry_list_t *list)
{
    if (!list)
        return;
    free(list->entries);
    cancu_arena__destroy(list->arena);
    free(list);
}

/* Mined relations. */

/* Change a mined record's fields by one relation: a document ends once;
 * amendments add up. */
static bool apply_relation(json_t *record, const char *kind, const char *source,
                           const char *date)
{
    int status =
        record_status(json_string_value(json_object_get(record, "status")));
    bool ok = true;

    if (strcmp(kind, "amends") == 0) {
        json_t *amended = json_object_get(record, "amended_by");

        for (size_t i = 0; i < json_array_size(amended); i++)
            if (strcmp(json_string_value(
                           json_object_get(json_array_get(amended, i), "id")),
                       source) == 0)
                return true;
        ok =
            json_array_append_new(amended, json_pack("{s:s, s:s}", "id", source,
                                                     "date", date)) == 0;
        if (ok && !terminal(status))
            ok = json_object_set_new(record, "status",
                                     json_string("amended")) == 0;
        return ok;
    }
    if (terminal(status))
        return true;
    if (strcmp(kind, "replaces") == 0)
        ok = json_object_set_new(record, "status", json_string("replaced")) ==
                 0 &&
             json_object_set_new(record, "replaced_by", json_string(source)) ==
                 0 &&
             json_object_set_new(record, "replaced_on", json_string(date)) == 0;
    else if (strcmp(kind, "repeals") == 0)
        ok = json_object_set_new(record, "status", json_string("repealed")) ==
                 0 &&
             json_object_set_new(record, "repealed_on", json_string(date)) == 0;
    else
        ok = json_object_set_new(record, "status", json_string("expired")) ==
                 0 &&
             json_object_set_new(record, "expired_on", json_string(date)) == 0;
    return ok;
}

/* A record known only from texts. */
static json_t *mined_record(const char *id, const char *mined_from)
{
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[], "
        "s:s, s:s, s:s, s:s, s:s, s:s}",
        "id", id, "type", "", "issuer", "", "signed", "", "in_force", "",
        "title", "", "status", "unknown", "replaced_by", "", "replaced_on", "",
        "amended_by", "repealed_on", "", "expired_on", "", "source", "",
        "confidence", "mined", "mined_from", mined_from, "origin", "");
}

/* Canonical id of an argument, or _INVALID_ARGUMENT. */
static cancu_status_t argument_id(const char *what, const char *text,
                                  cancu_strbuf_t *out)
{
    cancu_strbuf_t why = CANCU_STRBUF_INIT;
    id_check_t check = canonical_id(text, out, &why);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (check == ID_FAILED || why.failed)
        status = oom();
    else if (check == ID_BAD)
        status = cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT, "%s: %s", what,
                                  cancu_strbuf__cstr(&why));
    cancu_strbuf__dispose(&why);
    return status;
}

static cancu_status_t check_mined_arguments(cancu_archive_t *archive,
                                            const char *kind,
                                            const char *source_id,
                                            const char *date,
                                            const char *mined_from)
{
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    if (NAME_INDEX(relation_kinds, kind) < 0)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "relation '%s' is not one of amends, replaces, "
                                "repeals, expires",
                                kind);
    if (!*source_id &&
        (strcmp(kind, "amends") == 0 || strcmp(kind, "replaces") == 0))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "relation '%s' needs the document that %s",
                                kind, kind);
    if (*date && !cancu_date__valid(date))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "date '%s' is not a date", date);
    if (!*mined_from)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "a mined relation needs the document it was "
                                "read from");
    return CANCU_STATUS_SUCCESS;
}

static bool same_field(json_t *a, json_t *b, const char *key)
{
    return json_equal(json_object_get(a, key), json_object_get(b, key));
}

/* Keep the relation with 'record', stated by 'plan' ("" when no plan
 * says it: the public cancu_registry_add_mined). A relation several plans
 * state is kept once, with each plan, so that removing one keeps it;
 * *changed is false when nothing was new. */
static cancu_status_t remember_relation(json_t *record, json_t *relation,
                                        const char *plan, bool *changed)
{
    json_t *mined = json_object_get(record, "mined"), *plans;

    *changed = false;
    if (!mined) {
        mined = json_array();
        if (!mined || json_object_set_new(record, "mined", mined) != 0)
            return oom();
    }
    for (size_t i = 0; i < json_array_size(mined); i++) {
        json_t *known = json_array_get(mined, i);

        if (!same_field(known, relation, "kind") ||
            !same_field(known, relation, "source") ||
            !same_field(known, relation, "date"))
            continue;
        plans = json_object_get(known, "plans");
        if (!*plan || !plans)
            return CANCU_STATUS_SUCCESS;
        for (size_t k = 0; k < json_array_size(plans); k++)
            if (strcmp(json_string_value(json_array_get(plans, k)), plan) == 0)
                return CANCU_STATUS_SUCCESS;
        *changed = true;
        return json_array_append_new(plans, json_string(plan))
                   ? oom()
                   : CANCU_STATUS_SUCCESS;
    }
    if (*plan && json_object_set_new(relation, "plans", json_pack("[s]", plan)))
        return oom();
    if (json_array_append(mined, relation) != 0)
        return oom();
    *changed = true;
    return CANCU_STATUS_SUCCESS;
}

/* A record made from texts takes its fields from them: from the text of
 * the document itself when one was ingested, its standing from what the
 * texts state about it, in the order they were read. */
static bool rederive(json_t *record)
{
    json_t *self = json_object_get(record, "self"), *r;
    static const char *const facts[] = {"type", "issuer", "signed", "in_force",
                                        "title"};
    size_t i;
    bool ok;

    if (strcmp(provenance_of(record), "mined") != 0)
        return true;
    for (i = 0; self && i < sizeof facts / sizeof *facts; i++)
        if (json_object_set(record, facts[i], json_object_get(self, facts[i])))
            return false;
    ok = !json_object_set_new(
             record, "status",
             json_string(
                 self && *json_string_value(json_object_get(self, "in_force"))
                     ? "in-force"
                     : "unknown")) &&
         !json_object_set_new(record, "replaced_by", json_string("")) &&
         !json_object_set_new(record, "replaced_on", json_string("")) &&
         !json_object_set_new(record, "repealed_on", json_string("")) &&
         !json_object_set_new(record, "expired_on", json_string("")) &&
         !json_object_set_new(record, "amended_by", json_array());
    json_array_foreach(json_object_get(record, "mined"), i, r) ok =
        ok &&
        apply_relation(record, json_string_value(json_object_get(r, "kind")),
                       json_string_value(json_object_get(r, "source")),
                       json_string_value(json_object_get(r, "date")));
    return ok;
}

/* The plan's list of the records it told something about, for
 * cancu_registry__forget_plan. */
static cancu_status_t note_plan_record(cancu_archive_t *archive,
                                       const char *plan, const char *id)
{
    cancu_strbuf_t key = CANCU_STRBUF_INIT;
    char *value = NULL, *text = NULL;
    json_t *ids = NULL;
    cancu_status_t status;

    if (!*plan)
        return CANCU_STATUS_SUCCESS;
    cancu_strbuf__printf(&key, "%s%s", KEY_FROM, plan);
    if (key.failed)
        return oom();
    status = cancu_xapian_get_metadata(archive->db, key.data, &value);
    if (!status) {
        ids = *value ? json_loads(value, 0, NULL) : json_array();
        if (!json_is_array(ids))
            status =
                cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                 "registry list of plan %s is damaged", plan);
    }
    for (size_t i = 0; !status && i < json_array_size(ids); i++)
        if (strcmp(json_string_value(json_array_get(ids, i)), id) == 0)
            goto done;
    if (!status && json_array_append_new(ids, json_string(id)))
        status = oom();
    if (!status)
        text = json_dumps(ids, JSON_COMPACT);
    if (!status)
        status = text ? cancu_xapian_set_metadata(archive->db, key.data, text)
                      : oom();
done:
    free(text);
    free(value);
    json_decref(ids);
    cancu_strbuf__dispose(&key);
    return status;
}

/* The archive's own record of 'id', made from texts when there is none. */
static cancu_status_t own_record(cancu_archive_t *archive, const char *id,
                                 const char *path, json_t **out)
{
    cancu_status_t status = cancu_xapian_begin(archive->db);

    if (!status)
        status = upgrade_records(archive);
    if (!status)
        status = load_full_record(archive, id, out);
    if (!status && !*out) {
        *out = mined_record(id, path);
        if (!*out ||
            json_object_set_new(*out, "provenance", json_string("mined")))
            status = oom();
    }
    return status;
}

cancu_status_t cancu_registry__add_mined(cancu_archive_t *archive,
                                         const cancu_mined_relation_t *m)
{
    cancu_strbuf_t source = CANCU_STRBUF_INIT, target = CANCU_STRBUF_INIT;
    const char *source_id = m->source ? m->source : "";
    const char *date = m->date ? m->date : "";
    const char *plan = m->plan ? m->plan : "";
    json_t *record = NULL, *relation = NULL;
    cancu_status_t status;
    bool changed = false;

    assert(archive && m->kind && m->target && m->path);
    status = check_mined_arguments(archive, m->kind, source_id, date, m->path);
    if (!status)
        status = argument_id("target", m->target, &target);
    if (!status && *source_id)
        status = argument_id("source", source_id, &source);
    if (!status &&
        strcmp(cancu_strbuf__cstr(&source), cancu_strbuf__cstr(&target)) == 0)
        status = cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                  "'%s' %s itself", m->target, m->kind);
    if (!status)
        status =
            own_record(archive, cancu_strbuf__cstr(&target), m->path, &record);
    if (!status) {
        relation =
            json_pack("{s:s, s:s, s:s, s:s, s:I}", "kind", m->kind, "source",
                      cancu_strbuf__cstr(&source), "date", date, "mined_from",
                      m->path, "line", (json_int_t)m->line);
        status = relation ? remember_relation(record, relation, plan, &changed)
                          : oom();
    }
    if (!status && changed && !rederive(record))
        status = oom();
    if (!status && changed)
        status = store_record(archive, record);
    if (!status && changed)
        status = note_plan_record(archive, plan, cancu_strbuf__cstr(&target));
    json_decref(relation);
    json_decref(record);
    cancu_strbuf__dispose(&source);
    cancu_strbuf__dispose(&target);
    return status;
}

cancu_status_t cancu_registry_add_mined(cancu_archive_t *archive,
                                        const char *kind, const char *source_id,
                                        const char *target_id, const char *date,
                                        const char *mined_from)
{
    cancu_mined_relation_t m = {kind,       source_id, target_id, date,
                                mined_from, NULL,      0};

    assert(archive && kind && target_id && mined_from);
    return cancu_registry__add_mined(archive, &m);
}

cancu_status_t cancu_registry__add_self(cancu_archive_t *archive,
                                        const cancu_self_record_t *self)
{
    cancu_strbuf_t id = CANCU_STRBUF_INIT;
    json_t *record = NULL, *facts;
    cancu_status_t status;

    assert(archive && self && self->id && self->plan && self->path);
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    status = argument_id("id", self->id, &id);
    if (!status)
        status =
            own_record(archive, cancu_strbuf__cstr(&id), self->path, &record);
    facts = status ? NULL
                   : json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "plan",
                               self->plan, "path", self->path, "type",
                               self->type ? self->type : "", "issuer",
                               self->issuer ? self->issuer : "", "signed",
                               self->signed_on ? self->signed_on : "",
                               "in_force", self->in_force ? self->in_force : "",
                               "title", self->title ? self->title : "");
    if (!status && !facts)
        status = oom();
    /* The first text of a document ingested stays its text. */
    if (!status && json_object_get(record, "self")) {
        json_decref(facts);
        facts = NULL;
    }
    if (facts &&
        (json_object_set_new(record, "self", facts) || !rederive(record)))
        status = oom();
    if (!status && facts)
        status = store_record(archive, record);
    if (!status && facts)
        status = note_plan_record(archive, self->plan, cancu_strbuf__cstr(&id));
    json_decref(record);
    cancu_strbuf__dispose(&id);
    return status;
}

/* Take out of 'record' what 'plan' said; true when something was. */
static bool forget_in_record(json_t *record, const char *plan)
{
    json_t *mined = json_object_get(record, "mined");
    json_t *self = json_object_get(record, "self");
    bool changed = false;

    if (self &&
        strcmp(json_string_value(json_object_get(self, "plan")), plan) == 0) {
        json_object_del(record, "self");
        changed = true;
    }
    for (size_t i = json_array_size(mined); i-- > 0;) {
        json_t *plans = json_object_get(json_array_get(mined, i), "plans");

        for (size_t k = json_array_size(plans); k-- > 0;)
            if (strcmp(json_string_value(json_array_get(plans, k)), plan) ==
                0) {
                json_array_remove(plans, k);
                changed = true;
            }
        if (plans && json_array_size(plans) == 0)
            json_array_remove(mined, i);
    }
    return changed;
}

cancu_status_t cancu_registry__forget_plan(cancu_archive_t *archive,
                                           const char *plan)
{
    cancu_strbuf_t key = CANCU_STRBUF_INIT;
    char *value = NULL;
    json_t *ids = NULL;
    cancu_status_t status;

    cancu_strbuf__printf(&key, "%s%s", KEY_FROM, plan);
    if (key.failed)
        return oom();
    status = cancu_xapian_get_metadata(archive->db, key.data, &value);
    if (!status && *value) {
        ids = json_loads(value, 0, NULL);
        if (!json_is_array(ids))
            status =
                cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                 "registry list of plan %s is damaged", plan);
    }
    for (size_t i = 0; !status && i < json_array_size(ids); i++) {
        const char *id = json_string_value(json_array_get(ids, i));
        json_t *record = NULL;

        status =
            id ? load_full_record(archive, id, &record) : CANCU_STATUS_SUCCESS;
        if (status || !record || !forget_in_record(record, plan)) {
            json_decref(record);
            continue;
        }
        if (strcmp(provenance_of(record), "mined") == 0 &&
            !json_object_get(record, "self") &&
            json_array_size(json_object_get(record, "mined")) == 0) {
            /* Nothing says anything of it any more. */
            status = delete_record(archive, id);
        } else {
            status = rederive(record) ? store_record(archive, record) : oom();
        }
        json_decref(record);
    }
    if (!status && *value)
        status = cancu_xapian_set_metadata(archive->db, key.data, "");
    json_decref(ids);
    free(value);
    cancu_strbuf__dispose(&key);
    return status;
}

/* The standing as of a date. */

struct cancu_registry_standing {
    cancu_arena_t *arena;
    const char *date;
    cancu_legal_status_t status;
    const char *replaced_by, *replaced_on, *ended_on;
    amendment_t *amended;
    size_t namended;
};

typedef enum happened {
    HAPPENED,
    NOT_YET,
    UNCERTAIN,
} happened_t;

/* Whether an event dated 'date' (or, undated, of the document 'id') had
 * happened by 'as_of'. */
static happened_t event_by(const char *as_of, const char *date, const char *id)
{
    char year[5];

    if (*date)
        return cancu_date__compare(as_of, date) >= 0 ? HAPPENED : NOT_YET;
    if (id && id_year(id, year) && cancu_date__compare(as_of, year) < 0)
        return NOT_YET;
    return UNCERTAIN;
}

typedef struct ending {
    cancu_legal_status_t status;
    const char *date, *by;
    happened_t happened;
} ending_t;

/* How the document had ended by 'as_of', if it had: the first ending
 * that had happened; else UNCERTAIN when one cannot be placed. */
static ending_t ending_by(const cancu_registry_entry_t *e, const char *as_of)
{
    ending_t found = {CANCU_LEGAL_UNKNOWN, "", "", NOT_YET};
    ending_t candidates[3] = {
        {CANCU_LEGAL_REPLACED, e->replaced_on, e->replaced_by, NOT_YET},
        {CANCU_LEGAL_REPEALED, e->repealed_on, "", NOT_YET},
        {CANCU_LEGAL_EXPIRED, e->expired_on, "", NOT_YET},
    };
    bool uncertain = false;

    for (size_t i = 0; i < 3; i++) {
        ending_t *c = &candidates[i];
        bool exists = e->status == c->status || *c->date ||
                      (c->status == CANCU_LEGAL_REPLACED && *c->by);

        if (!exists)
            continue;
        c->happened = event_by(
            as_of, c->date, c->status == CANCU_LEGAL_REPLACED ? c->by : NULL);
        if (c->happened == UNCERTAIN)
            uncertain = true;
        if (c->happened == HAPPENED &&
            (found.happened != HAPPENED ||
             cancu_date__compare(c->date, found.date) < 0))
            found = *c;
    }
    if (found.happened != HAPPENED && uncertain)
        found.happened = UNCERTAIN;
    return found;
}

static bool standing_amendments(cancu_registry_standing_t *s,
                                const cancu_registry_entry_t *e)
{
    if (!e->namended)
        return true;
    s->amended = cancu_arena__alloc(s->arena, e->namended * sizeof *s->amended);
    if (!s->amended)
        return false;
    for (size_t i = 0; i < e->namended; i++) {
        if (event_by(s->date, e->amended[i].date, e->amended[i].id) == NOT_YET)
            continue;
        s->amended[s->namended].id =
            cancu_arena__strdup(s->arena, e->amended[i].id);
        s->amended[s->namended].date =
            cancu_arena__strdup(s->arena, e->amended[i].date);
        if (!s->amended[s->namended].id || !s->amended[s->namended].date)
            return false;
        s->namended++;
    }
    return true;
}

cancu_status_t cancu_registry_status_as_of(cancu_registry_standing_t **out,
                                           const cancu_registry_entry_t *entry,
                                           const char *date)
{
    cancu_registry_standing_t *s;
    ending_t end;
    bool ok;

    assert(out && entry && date);
    *out = NULL;
    if (!cancu_date__valid(date))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "date '%s' is not a date", date);
    s = calloc(1, sizeof *s);
    if (!s || !(s->arena = cancu_arena__new())) {
        free(s);
        return oom();
    }
    s->date = cancu_arena__strdup(s->arena, date);
    s->replaced_by = s->replaced_on = s->ended_on = "";
    ok = s->date && standing_amendments(s, entry);
    end = ending_by(entry, date);
    if ((*entry->signed_on &&
         cancu_date__compare(date, entry->signed_on) < 0) ||
        (*entry->in_force && cancu_date__compare(date, entry->in_force) < 0)) {
        s->status = CANCU_LEGAL_NOT_YET_IN_FORCE;
    } else if (end.happened == HAPPENED) {
        s->status = end.status;
        s->ended_on = cancu_arena__strdup(s->arena, end.date);
        ok = ok && s->ended_on;
        if (end.status == CANCU_LEGAL_REPLACED) {
            s->replaced_by = cancu_arena__strdup(s->arena, end.by);
            s->replaced_on = s->ended_on;
            ok = ok && s->replaced_by;
        }
    } else if (end.happened == UNCERTAIN ||
               entry->status == CANCU_LEGAL_UNKNOWN) {
        s->status = CANCU_LEGAL_UNKNOWN;
    } else {
        s->status = s->namended ? CANCU_LEGAL_AMENDED : CANCU_LEGAL_IN_FORCE;
    }
    if (!ok) {
        cancu_registry_standing_destroy(s);
        return oom();
    }
    *out = s;
    return CANCU_STATUS_SUCCESS;
}

const char *
cancu_registry_standing_date(const cancu_registry_standing_t *standing)
{
    return standing->date;
}

cancu_legal_status_t
cancu_registry_standing_status(const cancu_registry_standing_t *standing)
{
    return standing->status;
}

const char *
cancu_registry_standing_replaced_by(const cancu_registry_standing_t *standing)
{
    return standing->replaced_by;
}

const char *
cancu_registry_standing_replaced_on(const cancu_registry_standing_t *standing)
{
    return standing->replaced_on;
}

const char *
cancu_registry_standing_ended_on(const cancu_registry_standing_t *standing)
{
    return standing->ended_on;
}

size_t
cancu_registry_standing_amended_count(const cancu_registry_standing_t *standing)
{
    return standing->namended;
}

const char *
cancu_registry_standing_amended_by(const cancu_registry_standing_t *standing,
                                   size_t index)
{
    return index < standing->namended ? standing->amended[index].id : NULL;
}

const char *
cancu_registry_standing_amended_on(const cancu_registry_standing_t *standing,
                                   size_t index)
{
    return index < standing->namended ? standing->amended[index].date : NULL;
}

void cancu_registry_standing_destroy(cancu_registry_standing_t *standing)
{
    if (!standing)
        return;
    cancu_arena__destroy(standing->arena);
    free(standing);
}

/* Entry fields. */

const char *cancu_registry_entry_id(const cancu_registry_entry_t *entry)
{
    return entry->id;
}

const char *cancu_registry_entry_type(const cancu_registry_entry_t *entry)
{
    return entry->type;
}

const char *cancu_registry_entry_issuer(const cancu_registry_entry_t *entry)
{
    return entry->issuer;
}

const char *cancu_registry_entry_signed(const cancu_registry_entry_t *entry)
{
    return entry->signed_on;
}

const char *cancu_registry_entry_in_force(const cancu_registry_entry_t *entry)
{
    return entry->in_force;
}

const char *cancu_registry_entry_title(const cancu_registry_entry_t *entry)
{
    return entry->title;
}

cancu_legal_status_t
cancu_registry_entry_status(const cancu_registry_entry_t *entry)
{
    return entry->status;
}

const char *
cancu_registry_entry_replaced_by(const cancu_registry_entry_t *entry)
{
    return entry->replaced_by;
}

const char *
cancu_registry_entry_replaced_on(const cancu_registry_entry_t *entry)
{
    return entry->replaced_on;
}

size_t cancu_registry_entry_amended_count(const cancu_registry_entry_t *entry)
{
    return entry->namended;
}

const char *cancu_registry_entry_amended_by(const cancu_registry_entry_t *entry,
                                            size_t index)
{
    return index < entry->namended ? entry->amended[index].id : NULL;
}

const char *cancu_registry_entry_amended_on(const cancu_registry_entry_t *entry,
                                            size_t index)
{
    return index < entry->namended ? entry->amended[index].date : NULL;
}

const char *
cancu_registry_entry_repealed_on(const cancu_registry_entry_t *entry)
{
    return entry->repealed_on;
}

const char *cancu_registry_entry_expired_on(const cancu_registry_entry_t *entry)
{
    return entry->expired_on;
}

const char *cancu_registry_entry_source(const cancu_registry_entry_t *entry)
{
    return entry->source;
}

cancu_registry_confidence_t
cancu_registry_entry_confidence(const cancu_registry_entry_t *entry)
{
    return entry->confidence;
}

const char *cancu_registry_entry_mined_from(const cancu_registry_entry_t *entry)
{
    return entry->mined_from;
}

const char *cancu_registry_entry_origin(const cancu_registry_entry_t *entry)
{
    return entry->origin;
}

const char *cancu_registry_entry_provenance(const cancu_registry_entry_t *entry)
{
    return entry->provenance;
}

const char *cancu_registry_entry_text(const cancu_registry_entry_t *entry)
{
    return entry->text;
}

size_t cancu_registry_entry_relation_line(const cancu_registry_entry_t *entry,
                                          size_t index)
{
    return index < entry->nrelations ? entry->relations[index].line : 0;
}

size_t cancu_registry_entry_relation_count(const cancu_registry_entry_t *entry)
{
    return entry->nrelations;
}

const char *
cancu_registry_entry_relation_kind(const cancu_registry_entry_t *entry,
                                   size_t index)
{
    return index < entry->nrelations ? entry->relations[index].kind : NULL;
}

const char *
cancu_registry_entry_relation_source(const cancu_registry_entry_t *entry,
                                     size_t index)
{
    return index < entry->nrelations ? entry->relations[index].source : NULL;
}

const char *
cancu_registry_entry_relation_date(const cancu_registry_entry_t *entry,
                                   size_t index)
{
    return index < entry->nrelations ? entry->relations[index].date : NULL;
}

const char *
cancu_registry_entry_relation_mined_from(const cancu_registry_entry_t *entry,
                                         size_t index)
{
    return index < entry->nrelations ? entry->relations[index].mined_from
                                     : NULL;
}

/* The records a document acts on. */

typedef struct acted_walk {
    cancu_registry_entry_list_t *list;
    cancu_archive_t *archive;
    cancu_status_t status;
} acted_walk_t;

/* Add the effective record of 'id' to the walk's list, once; 'own' is
 * its stored record when the caller has read it (taken), else NULL and
 * read here. */
static bool take_acted_record(acted_walk_t *w, const char *id, json_t *own)
{
    json_t *record = NULL;
    const char *revision =
        w->archive ? cancu_xapian_revision(w->archive->db) : NULL;
    bool dup = false;

    for (size_t k = 0; k < w->list->count && !dup; k++)
        dup = strcmp(w->list->entries[k].id, id) == 0;
    if (dup) {
        json_decref(own);
        return true;
    }
    if (own) {
        w->status = effective_of(id, own, &record);
        if (!w->status && revision)
            keep_made(revision, id, record);
    } else {
        w->status = effective_record(w->archive, id, &record);
    }
    if (!w->status && record)
        w->status = list_push(w->list, record);
    json_decref(record);
    return w->status == CANCU_STATUS_SUCCESS;
}

static bool take_acted_id(acted_walk_t *w, const char *id)
{
    return take_acted_record(w, id, NULL);
}

/* A stored record naming the document: the record of its own id (one
 * document a registry term), parsed once. */
static bool take_acted(const char *data, size_t len, void *payload)
{
    acted_walk_t *w = payload;
    const char *revision =
        w->archive ? cancu_xapian_revision(w->archive->db) : NULL;
    json_t *stored;

    /* A record kept for the revision is not parsed again: the walk
     * reads the document effective_record reads. */
    if (revision) {
        static const char *const id_only[] = {"id"};
        json_t *head = cancu_json__load_members(data, len, id_only, 1);
        const char *id = json_string_value(json_object_get(head, "id"));
        json_t *record = NULL;
        bool go_on = true;

        if (id && made_record(revision, id, &record)) {
            json_decref(record);
            go_on = take_acted_record(w, id, NULL);
            json_decref(head);
            return go_on;
        }
        json_decref(head);
    }
    stored = cancu_json__load(data, len);
    const char *id = json_string_value(json_object_get(stored, "id"));
    char *copy;
    bool go_on = true;

    if (!id) {
        json_decref(stored);
        return true;
    }
    /* The id outlives the record the walk may drop. */
    copy = strdup(id);
    if (!copy) {
        json_decref(stored);
        ((acted_walk_t *)payload)->status = oom();
        return false;
    }
    go_on = take_acted_record(payload, copy, stored);
    free(copy);
    return go_on;
}

static bool acts_on(const cancu_registry_entry_t *e, const char *id)
{
    if (strcmp(e->replaced_by, id) == 0)
        return true;
    for (size_t k = 0; k < e->namended; k++)
        if (strcmp(e->amended[k].id, id) == 0)
            return true;
    for (size_t k = 0; k < e->nrelations; k++)
        if (strcmp(e->relations[k].source, id) == 0)
            return true;
    return false;
}

static cancu_status_t read_acted_on(cancu_registry_entry_list_t *list,
                                    cancu_archive_t *archive, const char *id)
{
    acted_walk_t w = {list, archive, CANCU_STATUS_SUCCESS};
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    json_t *value;
    size_t i, kept = 0;

    if (archive) {
        cancu_index__term(&term, PREFIX_ACTOR, id);
        status = term.failed ? oom()
                             : cancu_xapian_foreach_data(archive->db, term.data,
                                                         take_acted, &w);
        cancu_strbuf__dispose(&term);
        if (!status)
            status = w.status;
    }
    /* The shipped records: a few dozen, read as they are. */
    json_array_foreach(shipped_ids(), i, value)
    {
        json_t *ship = shipped_record(json_string_value(value));
        const char *by =
            json_string_value(json_object_get(ship, "replaced_by"));
        json_t *item;
        size_t k;
        bool names = by && strcmp(by, id) == 0;

        json_array_foreach(json_object_get(ship, "amended_by"), k, item) names =
            names ||
            !strcmp(json_string_value(json_object_get(item, "id")), id);
        if (!status && names && !take_acted_id(&w, json_string_value(value)))
            status = w.status;
    }
    /* Only what the document acts on by the effective record. */
    for (i = 0; !status && i < list->count; i++)
        if (acts_on(&list->entries[i], id))
            list->entries[kept++] = list->entries[i];
    if (!status)
        list->count = kept;
    return status;
}

cancu_status_t cancu_registry_acted_on_by(cancu_registry_entry_list_t **out,
                                          cancu_archive_t *archive,
                                          const char *id)
{
    assert(out && id);
    return read_entries(out, archive, read_acted_on, id);
}

/* For the dataset import (registry-vbpl.c): see registry-private.h. */

cancu_status_t cancu_registry__canonical(const char *text, char **out,
                                         char **why)
{
    cancu_strbuf_t id = CANCU_STRBUF_INIT, reason = CANCU_STRBUF_INIT;
    char *copy = strdup(text);
    id_check_t check =
        copy ? canonical_id(trim(copy), &id, &reason) : ID_FAILED;

    free(copy);
    *out = *why = NULL;
    if (check == ID_OK && !id.failed) {
        *out = cancu_strbuf__detach(&id);
        cancu_strbuf__dispose(&reason);
        return *out ? CANCU_STATUS_SUCCESS : oom();
    }
    cancu_strbuf__dispose(&id);
    if (check == ID_FAILED || reason.failed) {
        cancu_strbuf__dispose(&reason);
        return oom();
    }
    *why = cancu_strbuf__detach(&reason);
    return *why ? CANCU_STATUS_INVALID_ARGUMENT : oom();
}

cancu_status_t cancu_registry__load(cancu_archive_t *archive, const char *id,
                                    json_t **out)
{
    return load_record(archive, id, out);
}

cancu_status_t cancu_registry__store(cancu_archive_t *archive, json_t *record,
                                     const char *extra_term)
{
    return store_record_with(archive, record, extra_term);
}

cancu_status_t cancu_registry__begin(cancu_archive_t *archive)
{
    cancu_status_t status = cancu_xapian_begin(archive->db);

    return status ? status : upgrade_records(archive);
}

cancu_registry_report_t *cancu_registry__report_new(void)
{
    return calloc(1, sizeof(cancu_registry_report_t));
}

bool cancu_registry__reject(cancu_registry_report_t *report, size_t line,
                            const char *message)
{
    return add_rejection(report, line, message);
}

void cancu_registry__count(cancu_registry_report_t *report, int added,
                           int updated, int unchanged)
{
    report->added += (size_t)added;
    report->updated += (size_t)updated;
    report->unchanged += (size_t)unchanged;
}

bool cancu_registry__note(cancu_registry_report_t *report, const char *note)
{
    char **notes = realloc(report->notes, (report->nnotes + 1) * sizeof *notes);

    if (!notes)
        return false;
    report->notes = notes;
    if (!(notes[report->nnotes] = strdup(note)))
        return false;
    report->nnotes++;
    return true;
}
