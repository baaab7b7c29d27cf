/* cancu_registry_import_vbpl: the national legal database's dataset
 * tables (query/vbpl.c reads them) into the registry. Each document is a
 * record found also by the dataset's id of it (XV<id>), so that the
 * relationships table, read after, finds both its documents in the
 * archive and memory does not grow with the tables. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include <cancu/cancu.h>
#include <cancu/registry.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "index/xapian-shim.h"
#include "query/registry-private.h"
#include "query/vbpl.h"
#include "util/util.h"

/* The dataset's id of a document, as a term. */
#define PREFIX_DATASET "XV"
/* Rows between two commits: what Xapian holds in memory meanwhile. */
#define ROWS_PER_COMMIT 5000

typedef struct import {
    cancu_archive_t *archive;
    cancu_registry_report_t *report;
    const char *path, *dataset;
    size_t since_commit;
    size_t left_out, ignored, not_found, suspended;
} import_t;

static cancu_status_t oom(void)
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

static cancu_status_t reject(import_t *im, size_t line, const char *fmt, ...)
    CANCU_PRINTF(3, 4);

static cancu_status_t reject(import_t *im, size_t line, const char *fmt, ...)
{
    char message[768];
    va_list ap;
    int n = snprintf(message, sizeof message, "%s:%zu: ", im->path, line);

    va_start(ap, fmt);
    vsnprintf(message + n, sizeof message - (size_t)n, fmt, ap);
    va_end(ap);
    return cancu_registry__reject(im->report, line, message) ? 0 : oom();
}

/* Commit every so many rows: an import of any size in flat memory. */
static cancu_status_t row_done(import_t *im)
{
    cancu_status_t status;

    if (++im->since_commit < ROWS_PER_COMMIT)
        return CANCU_STATUS_SUCCESS;
    im->since_commit = 0;
    status = cancu_archive_commit(im->archive);
    return status ? status : cancu_registry__begin(im->archive);
}

static const char *status_name(cancu_legal_status_t status)
{
    /* "Chưa có hiệu lực": in force from its date, which is later. */
    if (status == CANCU_LEGAL_NOT_YET_IN_FORCE)
        status = CANCU_LEGAL_IN_FORCE;
    return cancu_legal_status_to_string(status);
}

/* The id the registry keeps it under: the canonical number, with the
 * year it was signed when the number does not carry one. */
static cancu_status_t record_id(const cancu_vbpl_document_t *d, char **out,
                                char **why)
{
    cancu_status_t status = cancu_registry__canonical(d->number, out, why);
    const char *slash;
    bool has_year;
    char *with_year;
    size_t n;

    if (status)
        return status;
    slash = strchr(*out, '/');
    has_year = slash && strlen(slash) > 5 && slash[5] == '/' &&
               slash[1] >= '1' && slash[1] <= '2';
    if (has_year || strlen(d->signed_on) < 4 ||
        strncmp(*out, "Luật ", strlen("Luật ")) == 0)
        return CANCU_STATUS_SUCCESS;
    n = strlen(*out) + 6;
    with_year = malloc(n);
    if (!with_year)
        return oom();
    snprintf(with_year, n, "%s:%.4s", *out, d->signed_on);
    free(*out);
    *out = with_year;
    return CANCU_STATUS_SUCCESS;
}

/* The SHA-256 of a row's record without its origin, into 'hex'. */
static bool row_fingerprint(json_t *record, char hex[65])
{
    json_t *copy = json_copy(record);
    char *text;

    if (!copy)
        return false;
    json_object_del(copy, "origin");
    text = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(copy);
    if (!text)
        return false;
    cancu_hash__sha256_hex(text, strlen(text), hex);
    free(text);
    return true;
}

static cancu_status_t take_document(const cancu_vbpl_document_t *d,
                                    void *payload)
{
    import_t *im = payload;
    char *id = NULL, *why = NULL, origin[512], source[512], row[65];
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    json_t *old = NULL, *record;
    cancu_status_t status = record_id(d, &id, &why);

    if (status == CANCU_STATUS_INVALID_ARGUMENT) {
        status = reject(im, d->line, "number '%s': %s", d->number, why);
        free(why);
        return status ? status : row_done(im);
    }
    if (status)
        return status;
    status = cancu_registry__load(im->archive, id, &old);
    /* A number two documents of the dataset share tells neither apart. */
    if (!status && old &&
        strcmp(json_string_value(json_object_get(old, "dataset_id"))
                   ? json_string_value(json_object_get(old, "dataset_id"))
                   : "",
               d->id) != 0 &&
        json_object_get(old, "dataset") &&
        strcmp(json_string_value(json_object_get(old, "dataset")),
               im->dataset) == 0) {
        im->left_out++;
        status =
            reject(im, d->line,
                   "%s: the number of another document of the dataset "
                   "(%s); left out",
                   id, json_string_value(json_object_get(old, "dataset_id")));
        json_decref(old);
        free(id);
        return status ? status : row_done(im);
    }
    if (d->suspended)
        im->suspended++;
    snprintf(origin, sizeof origin, "%s (%s):%zu", im->path, im->dataset,
             d->line);
    snprintf(source, sizeof source,
             "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=%s", d->id);
    record = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:[], s:s, s:s, s:s, "
        "s:s, s:s, s:s, s:s, s:s, s:s}",
        "id", id, "type", d->type, "issuer", d->issuer, "signed", d->signed_on,
        "in_force", d->in_force, "title", d->title, "status",
        status_name(d->status), "replaced_by", "", "replaced_on", "",
        "amended_by", "repealed_on", "", "expired_on",
        d->status == CANCU_LEGAL_EXPIRED ? d->expired : "", "source", source,
        "confidence",
        d->status == CANCU_LEGAL_UNKNOWN ? "unverified" : "partial",
        "mined_from", "", "origin", origin, "provenance", "imported", "dataset",
        im->dataset, "dataset_id", d->id);
    if (!status && !record)
        status = oom();
    /* What the row says, apart from where it stands in the file: read
     * again, an unchanged row leaves its record alone, with what the
     * relationships set on it. */
    if (!status && !row_fingerprint(record, row))
        status = oom();
    if (!status && old &&
        strcmp(json_string_value(json_object_get(old, "dataset_row"))
                   ? json_string_value(json_object_get(old, "dataset_row"))
                   : "",
               row) == 0) {
        cancu_registry__count(im->report, 0, 0, 1);
        json_decref(record);
        json_decref(old);
        free(id);
        return row_done(im);
    }
    if (!status && json_object_set_new(record, "dataset_row", json_string(row)))
        status = oom();
    if (!status && old) {
        /* What the texts said, and the document's own text, stay. */
        if (json_object_get(old, "mined"))
            json_object_set(record, "mined", json_object_get(old, "mined"));
        if (json_object_get(old, "self"))
            json_object_set(record, "self", json_object_get(old, "self"));
    }
    cancu_index__term(&term, PREFIX_DATASET, d->id);
    if (!status && term.failed)
        status = oom();
    if (!status) {
        cancu_registry__count(im->report, !old, !!old, 0);
        status = cancu_registry__store(im->archive, record, term.data);
    }
    cancu_strbuf__dispose(&term);
    json_decref(record);
    json_decref(old);
    free(id);
    return status ? status : row_done(im);
}

typedef struct found {
    json_t *record;
    bool failed;
} found_t;

static bool take_record(const char *data, size_t len, void *payload)
{
    found_t *f = payload;

    f->record = json_loadb(data, len, 0, NULL);
    f->failed = !f->record;
    return false;
}

/* The record the dataset's id names, or NULL. */
static cancu_status_t by_dataset_id(import_t *im, const char *dataset_id,
                                    json_t **out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    found_t f = {NULL, false};
    cancu_status_t status;

    *out = NULL;
    cancu_index__term(&term, PREFIX_DATASET, dataset_id);
    if (term.failed)
        return oom();
    status =
        cancu_xapian_foreach_data(im->archive->db, term.data, take_record, &f);
    cancu_strbuf__dispose(&term);
    if (!status && f.failed)
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "registry record of dataset document %s is "
                                  "damaged",
                                  dataset_id);
    if (status) {
        json_decref(f.record);
        return status;
    }
    *out = f.record;
    return CANCU_STATUS_SUCCESS;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* What the acting document does to the target's record. */
static bool apply(json_t *target, cancu_vbpl_kind_t kind, bool partial,
                  const char *by, const char *from)
{
    json_t *amended = json_object_get(target, "amended_by");
    const char *status = str(target, "status");
    bool ended = !strcmp(status, "replaced") || !strcmp(status, "repealed");

    /* An ending of part of it leaves it in force, changed. */
    if (partial || kind == CANCU_VBPL_KIND_AMENDS) {
        for (size_t i = 0; i < json_array_size(amended); i++)
            if (!strcmp(str(json_array_get(amended, i), "id"), by))
                return true;
        if (json_array_append_new(
                amended, json_pack("{s:s, s:s}", "id", by, "date", from)))
            return false;
        if (!strcmp(status, "in-force") || !strcmp(status, "unknown"))
            return !json_object_set_new(target, "status",
                                        json_string("amended"));
        return true;
    }
    if (ended)
        return true;
    if (kind == CANCU_VBPL_KIND_REPLACES)
        return !json_object_set_new(target, "status",
                                    json_string("replaced")) &&
               !json_object_set_new(target, "replaced_by", json_string(by)) &&
               !json_object_set_new(target, "replaced_on", json_string(from));
    if (kind == CANCU_VBPL_KIND_REPEALS)
        return !json_object_set_new(target, "status",
                                    json_string("repealed")) &&
               !json_object_set_new(target, "repealed_on", json_string(from));
    /* Ended, without saying how: expired, from the acting document. */
    if (!*str(target, "expired_on") &&
        json_object_set_new(target, "expired_on", json_string(from)))
        return false;
    return !json_object_set_new(target, "status", json_string("expired"));
}

static cancu_status_t take_relationship(const cancu_vbpl_relationship_t *r,
                                        void *payload)
{
    import_t *im = payload;
    json_t *acting = NULL, *target = NULL, *before = NULL;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (r->kind == CANCU_VBPL_KIND_IGNORED ||
        r->kind == CANCU_VBPL_KIND_UNKNOWN ||
        r->kind == CANCU_VBPL_KIND_SUSPENDS ||
        r->direction == CANCU_VBPL_NO_DIRECTION) {
        im->ignored++;
        return row_done(im);
    }
    status = by_dataset_id(im, r->acting_id, &acting);
    if (!status)
        status = by_dataset_id(im, r->target_id, &target);
    if (!status && (!acting || !target)) {
        im->not_found++;
        status = reject(im, r->line,
                        "document %s is not in the documents table (or was "
                        "left out)",
                        acting ? r->target_id : r->acting_id);
    } else if (!status) {
        const char *from = *str(acting, "in_force") ? str(acting, "in_force")
                                                    : str(acting, "signed");

        cancu_strbuf_t term = CANCU_STRBUF_INIT;

        before = json_deep_copy(target);
        /* The dataset's id stays the record's second key. */
        cancu_index__term(&term, PREFIX_DATASET, r->target_id);
        if (!before || term.failed ||
            !apply(target, r->kind, r->partial, str(acting, "id"), from))
            status = oom();
        else if (!json_equal(before, target))
            status = cancu_registry__store(im->archive, target, term.data);
        cancu_strbuf__dispose(&term);
    }
    json_decref(before);
    json_decref(acting);
    json_decref(target);
    return status ? status : row_done(im);
}

/* The notes of one table's read: unknown columns, labels, statuses. */
static bool note_counts(import_t *im, const char *path,
                        const cancu_vbpl_counts_t *c, const char *labels)
{
    char line[512];

    for (size_t i = 0; i < c->unknown_columns.count; i++) {
        snprintf(line, sizeof line, "%s: column '%s' not read (%zu)", path,
                 c->unknown_columns.entries[i].name,
                 c->unknown_columns.entries[i].count);
        if (!cancu_registry__note(im->report, line))
            return false;
    }
    for (size_t i = 0; i < c->unknown_labels.count; i++) {
        snprintf(line, sizeof line, "%s: %s '%s' not known, not guessed (%zu)",
                 path, labels, c->unknown_labels.entries[i].name,
                 c->unknown_labels.entries[i].count);
        if (!cancu_registry__note(im->report, line))
            return false;
    }
    if (c->bad_dates) {
        snprintf(line, sizeof line,
                 "%s: %zu dates that are not dates, left "
                 "empty",
                 path, c->bad_dates);
        if (!cancu_registry__note(im->report, line))
            return false;
    }
    for (size_t i = 0; i < c->nmessages; i++)
        if (!cancu_registry__reject(im->report, 0, c->messages[i]))
            return false;
    return true;
}

/* The dataset as each record's origin names it: as given, else
 * "vbpl.vn dataset of DATE", the day the documents table was written. */
static const char *dataset_name(char *buf, size_t cap, const char *given,
                                const char *documents)
{
    struct stat st;
    struct tm tm;
    char day[16] = "";

    if (given && *given)
        return given;
    if (stat(documents, &st) == 0 && localtime_r(&st.st_mtime, &tm))
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
    snprintf(buf, cap, "vbpl.vn dataset of %s", *day ? day : "unknown date");
    return buf;
}

cancu_status_t cancu_registry_import_vbpl(cancu_registry_report_t **out,
                                          cancu_archive_t *archive,
                                          const char *documents,
                                          const char *relationships,
                                          const char *dataset)
{
    char named[512];
    import_t im = {
        archive,   NULL,
        documents, dataset_name(named, sizeof named, dataset, documents),
        0,         0,
        0,         0,
        0};
    cancu_vbpl_counts_t counts;
    cancu_status_t status;
    char line[256];

    assert(out && archive && documents && relationships);
    *out = NULL;
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    im.report = cancu_registry__report_new();
    if (!im.report)
        return oom();
    status = cancu_registry__begin(archive);
    memset(&counts, 0, sizeof counts);
    if (!status)
        status =
            cancu_vbpl__read_documents(&counts, documents, take_document, &im);
    if (!status && !note_counts(&im, documents, &counts, "status"))
        status = oom();
    cancu_vbpl__counts_dispose(&counts);
    im.path = relationships;
    if (!status)
        status = cancu_vbpl__read_relationships(&counts, relationships,
                                                take_relationship, &im);
    if (!status && !note_counts(&im, relationships, &counts, "label"))
        status = oom();
    cancu_vbpl__counts_dispose(&counts);
    if (!status) {
        snprintf(line, sizeof line,
                 "%zu numbers shared by two documents left out, %zu "
                 "relationships of no effect on standing (basis, "
                 "reference, suspension), %zu naming a document not "
                 "imported, %zu suspended documents read as unknown",
                 im.left_out, im.ignored, im.not_found, im.suspended);
        if (!cancu_registry__note(im.report, line))
            status = oom();
    }
    if (!status)
        status = cancu_archive_commit(archive);
    if (status) {
        cancu_archive__cancel(archive);
        cancu_registry_report_destroy(im.report);
        return status;
    }
    *out = im.report;
    return CANCU_STATUS_SUCCESS;
}
