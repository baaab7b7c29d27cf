/* The archive as the query module sees it. */
#ifndef CANCU_INDEX_PRIVATE_H
#define CANCU_INDEX_PRIVATE_H

#include <jansson.h>

#include <cancu/archive.h>

#include "index/xapian-shim.h"

/* Bumped when the terms or records change shape; an archive of another
 * schema is refused rather than misread. */
#define CANCU_SCHEMA_VERSION "4"

/* Positions left empty between two passages of a plan document: more
 * than any phrase a query holds, so that none matches across them. */
#define CANCU_PASSAGE_GAP 100

/* Value slots. */
#define CANCU_SLOT_DATE 0

struct cancu_archive {
    char *dir;
    char *db_path;
    cancu_archive_mode_t mode;
    cancu_xapian_db_t *db;
    /* Plans added in the current batch. */
    size_t pending;
};

/* Run 'op' on the archive, reopening and retrying when a writer changed
 * the database under this reader. */
#define CANCU_ARCHIVE_RETRIES 5

/* The data of the plan record with content id 'id' (malloc'd JSON), or
 * NULL with _NOT_FOUND. */
cancu_status_t cancu_archive__plan_json(cancu_archive_t *archive,
                                        const char *id, char **out);

/* The length of the record's JSON at the start of a plan document's data
 * (its passages follow, after a newline). */
size_t cancu_archive__record_length(const char *data, size_t len);

/* The passages of a plan document's data: a JSON array of objects with
 * kind, block, row, section, text, line, start (the position of its
 * first word) and terms (its references' XR and XK terms); NULL when
 * damaged. */
json_t *cancu_archive__plan_passages(const char *data, size_t len);

/* The id of the plan named by its full id, a unique prefix of at least
 * 6 hex digits, or the path it was ingested from (malloc'd). */
cancu_status_t cancu_archive__find_plan(cancu_archive_t *archive,
                                        const char *id_or_path, char **id_out);

#endif
