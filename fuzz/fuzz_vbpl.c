/* The vbpl.vn dataset readers on any bytes, read both as the documents
 * table and as the relationships table (CSV or JSON lines, as the bytes
 * say). The readers take a path: the input is written to one temporary
 * file, made once. Each row given is checked against what the header
 * promises. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "query/vbpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];
static int fd = -1;

static void remove_file(void)
{
    unlink(path);
}

static void check_text(const char *s)
{
    /* Never NULL, and a field is never over the limit. */
    if (!s || strlen(s) > CANCU_VBPL_MAX_FIELD)
        __builtin_trap();
}

static void check_date(const char date[11])
{
    size_t n = strnlen(date, 11);

    if (n != 0 && (n != 10 || date[4] != '-' || date[7] != '-'))
        __builtin_trap();
}

static cancu_status_t on_document(const cancu_vbpl_document_t *d, void *payload)
{
    (void)payload;
    check_text(d->id);
    check_text(d->number);
    check_text(d->type);
    check_text(d->issuer);
    check_text(d->title);
    check_text(d->status_label);
    check_date(d->signed_on);
    check_date(d->in_force);
    check_date(d->expired);
    if (!*d->id || d->line == 0 ||
        (unsigned)d->status > CANCU_LEGAL_NOT_YET_IN_FORCE)
        __builtin_trap();
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t on_relationship(const cancu_vbpl_relationship_t *r,
                                      void *payload)
{
    (void)payload;
    check_text(r->doc_id);
    check_text(r->other_doc_id);
    check_text(r->label);
    check_text(r->acting_id);
    check_text(r->target_id);
    if (!*r->doc_id || !*r->other_doc_id || !*r->label || r->line == 0 ||
        (unsigned)r->kind >= CANCU_VBPL_KIND_COUNT)
        __builtin_trap();
    /* The acting document is one of the two, as the direction says. */
    if ((r->direction == CANCU_VBPL_DOC_ACTS && r->acting_id != r->doc_id) ||
        (r->direction == CANCU_VBPL_OTHER_ACTS &&
         r->acting_id != r->other_doc_id) ||
        (r->direction == CANCU_VBPL_NO_DIRECTION && *r->acting_id) ||
        (r->kind == CANCU_VBPL_KIND_UNKNOWN &&
         r->direction != CANCU_VBPL_NO_DIRECTION))
        __builtin_trap();
    return CANCU_STATUS_SUCCESS;
}

static void check_counts(const cancu_vbpl_counts_t *c, cancu_status_t status)
{
    if (c->nmessages > CANCU_VBPL_MAX_MESSAGES ||
        c->unknown_columns.count > CANCU_VBPL_MAX_NAMES ||
        c->unknown_labels.count > CANCU_VBPL_MAX_NAMES)
        __builtin_trap();
    if (status == CANCU_STATUS_SUCCESS && c->given + c->rejected != c->rows)
        __builtin_trap();
    if (status != CANCU_STATUS_SUCCESS && status != CANCU_STATUS_BAD_INPUT)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_vbpl_counts_t counts;
    cancu_status_t status;

    if (fd < 0) {
        const char *dir = getenv("TMPDIR");

        snprintf(path, sizeof path, "%s/fuzz_vbpl-XXXXXX",
                 dir && *dir ? dir : "/tmp");
        fd = mkstemp(path);
        if (fd < 0)
            abort();
        atexit(remove_file);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    status = cancu_vbpl__read_documents(&counts, path, on_document, NULL);
    check_counts(&counts, status);
    cancu_vbpl__counts_dispose(&counts);
    status =
        cancu_vbpl__read_relationships(&counts, path, on_relationship, NULL);
    check_counts(&counts, status);
    cancu_vbpl__counts_dispose(&counts);
    return 0;
}
