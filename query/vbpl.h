/* The public datasets crawled from Vietnam's national legal database
 * (vbpl.vn): a table of documents and a table of relationships between
 * them, each as CSV (RFC 4180, with a header row) or as JSON lines. The
 * readers give one row at a time to a callback; their memory does not
 * grow with the file (a file over 4 GiB is read like a small one). The
 * shape of the tables, the labels and where they come from are in
 * corpora/vbpl/README.md. Private to the library: not installed. */
#ifndef CANCU_QUERY_VBPL_H
#define CANCU_QUERY_VBPL_H

#include <stdbool.h>
#include <stddef.h>

#include <cancu/registry.h>
#include <cancu/status.h>

/* Limits. A field longer than CANCU_VBPL_MAX_FIELD bytes, or a row
 * longer than CANCU_VBPL_MAX_ROW (a JSON line; a CSV record, counting
 * the line ends quoted inside it), is a row error. A CSV record of more
 * than CANCU_VBPL_MAX_COLUMNS fields is a row error, a header of more is
 * a file error. */
#define CANCU_VBPL_MAX_FIELD ((size_t)64 << 10)
#define CANCU_VBPL_MAX_ROW ((size_t)1 << 20)
#define CANCU_VBPL_MAX_COLUMNS 256
/* The counts keep the first CANCU_VBPL_MAX_MESSAGES messages and the
 * first CANCU_VBPL_MAX_NAMES distinct names of each tally (each name cut
 * to CANCU_VBPL_MAX_NAME bytes); the rest are only counted. */
#define CANCU_VBPL_MAX_MESSAGES 32
#define CANCU_VBPL_MAX_NAMES 64
#define CANCU_VBPL_MAX_NAME 120

/* What a relationship does, from the label table in vbpl.c. */
typedef enum cancu_vbpl_kind {
    /* The label is not in the table (counted in unknown_labels). */
    CANCU_VBPL_KIND_UNKNOWN = 0,
    /* Basis, reference, guidance, other relation, the document itself:
     * no change to either document's standing. */
    CANCU_VBPL_KIND_IGNORED,
    /* Amends or supplements (sửa đổi, bổ sung). */
    CANCU_VBPL_KIND_AMENDS,
    /* Replaces (thay thế). */
    CANCU_VBPL_KIND_REPLACES,
    /* Repeals (bãi bỏ). */
    CANCU_VBPL_KIND_REPEALS,
    /* Ends the other's effect (hết hiệu lực), without saying whether by
     * replacing or repealing it. */
    CANCU_VBPL_KIND_EXPIRES,
    /* Suspends (đình chỉ); the registry has no such relation. */
    CANCU_VBPL_KIND_SUSPENDS,
    CANCU_VBPL_KIND_COUNT
} cancu_vbpl_kind_t;

/* Which of a row's two documents acts on the other. */
typedef enum cancu_vbpl_direction {
    /* No direction: an unknown label, or a label with none (related
     * documents, the document itself). */
    CANCU_VBPL_NO_DIRECTION = 0,
    /* doc_id acts on other_doc_id ("Văn bản được sửa đổi": doc_id
     * amends other_doc_id). */
    CANCU_VBPL_DOC_ACTS,
    /* other_doc_id acts on doc_id ("Văn bản sửa đổi": other_doc_id
     * amends doc_id). */
    CANCU_VBPL_OTHER_ACTS
} cancu_vbpl_direction_t;

/* One row of the documents table. Every string is NUL-terminated UTF-8
 * in NFC with the spaces at its ends removed, never NULL ("" when the
 * column is absent or empty), and valid only during the callback. */
typedef struct cancu_vbpl_document {
    /* The dataset's id of the document (vbpl's ItemID), as the
     * relationships table names it. */
    const char *id;
    /* The number and symbol as written ("16/2015/NĐ-CP"), not made
     * canonical. */
    const char *number;
    const char *type;   /* "Nghị định" */
    const char *issuer; /* "Chính phủ" */
    /* Dates as ISO YYYY-MM-DD; "" when absent or not a date (a date
     * that is not one is counted in bad_dates). */
    char signed_on[11];
    char in_force[11];
    char expired[11];
    const char *title;
    /* The status as written ("Hết hiệu lực một phần"). */
    const char *status_label;
    /* The status as the registry's enum: "Còn hiệu lực" in force; "Hết
     * hiệu lực toàn bộ" expired (the table does not say why: a replaces
     * or repeals relationship says more); "Hết hiệu lực một phần" in
     * force with 'partial' set; "Chưa có hiệu lực" not yet in force;
     * "Ngưng hiệu lực" unknown with 'suspended' set (the registry has no
     * suspended standing, and a suspended document does not apply);
     * "Ngưng hiệu lực một phần" in force with both set. An empty or
     * unknown status is CANCU_LEGAL_UNKNOWN. */
    cancu_legal_status_t status;
    /* Part of the document only has ended or is suspended. */
    bool partial;
    /* The document, or part of it ('partial'), is suspended. */
    bool suspended;
    /* The line the row starts on (1 for a file's first line). */
    size_t line;
} cancu_vbpl_document_t;

/* One row of the relationships table; strings as in
 * cancu_vbpl_document_t. */
typedef struct cancu_vbpl_relationship {
    const char *doc_id;
    const char *other_doc_id;
    /* The label as written ("Văn bản được sửa đổi"). */
    const char *label;
    cancu_vbpl_kind_t kind;
    cancu_vbpl_direction_t direction;
    /* The change concerns part of the document only ("1 phần"). */
    bool partial;
    /* By 'direction': the acting document and the one acted on (""
     * when there is no direction). */
    const char *acting_id;
    const char *target_id;
    size_t line;
} cancu_vbpl_relationship_t;

/* A name and how often it was seen. */
typedef struct cancu_vbpl_tally_entry {
    char *name;
    size_t count;
} cancu_vbpl_tally_entry_t;

/* Distinct names in the order first seen; 'others' counts the sightings
 * of names past the first CANCU_VBPL_MAX_NAMES. */
typedef struct cancu_vbpl_tally {
    cancu_vbpl_tally_entry_t entries[CANCU_VBPL_MAX_NAMES];
    size_t count;
    size_t others;
} cancu_vbpl_tally_t;

/* What a read saw. */
typedef struct cancu_vbpl_counts {
    /* True when the file was read as JSON lines, false for CSV. */
    bool json;
    /* Data rows seen (not the header, not blank lines). */
    size_t rows;
    /* Rows given to the callback. */
    size_t given;
    /* Row errors: rows not given, each with a message. */
    size_t rejected;
    /* Dates that are not dates, given as "". */
    size_t bad_dates;
    /* Documents without a status, given as CANCU_LEGAL_UNKNOWN. */
    size_t no_status;
    /* Rows given, by status (documents) or by kind (relationships). */
    size_t by_status[CANCU_LEGAL_NOT_YET_IN_FORCE + 1];
    size_t by_kind[CANCU_VBPL_KIND_COUNT];
    /* Columns no field is read from, by name as written: once for a CSV
     * header, once a row for JSON lines. */
    cancu_vbpl_tally_t unknown_columns;
    /* Statuses (documents) or relationship labels not in the tables, by
     * label as written. Their rows are given, as CANCU_LEGAL_UNKNOWN or
     * CANCU_VBPL_KIND_UNKNOWN. */
    cancu_vbpl_tally_t unknown_labels;
    /* The first messages, each "FILE:LINE: reason": every row error,
     * and each date that is not one. */
    char *messages[CANCU_VBPL_MAX_MESSAGES];
    size_t nmessages;
} cancu_vbpl_counts_t;

/* A callback's status other than CANCU_STATUS_SUCCESS stops the read,
 * and the reader returns it unchanged (the callback records its
 * message). */
typedef cancu_status_t (*cancu_vbpl_document_cb)(
    const cancu_vbpl_document_t *document, void *payload);
typedef cancu_status_t (*cancu_vbpl_relationship_cb)(
    const cancu_vbpl_relationship_t *relationship, void *payload);

/* Read the documents table at 'path' and give each good row to
 * 'callback' with 'payload', in file order. The format is JSON lines
 * when the first byte that is not blank (after a UTF-8 BOM) is '{', else
 * CSV with a header row. Columns are found by name (the accepted names
 * are in corpora/vbpl/README.md); the id, number and status columns are
 * required (for JSON lines: keys of the first object). A bad row is
 * counted with its message and the reading goes on. '*counts' is
 * cleared first and filled as the file is read, also on failure.
 * Returns CANCU_STATUS_SUCCESS (also when rows were rejected),
 * _IO_ERROR (the file cannot be opened or read), _BAD_INPUT (no header
 * row; a header of too many columns; a required column missing; two
 * columns for one field), _OUT_OF_MEMORY, or the callback's status.
 * The caller frees what '*counts' holds with cancu_vbpl__counts_dispose,
 * whatever the status. */
cancu_status_t cancu_vbpl__read_documents(cancu_vbpl_counts_t *counts,
                                          const char *path,
                                          cancu_vbpl_document_cb callback,
                                          void *payload);

/* Read the relationships table at 'path' as cancu_vbpl__read_documents
 * reads the documents table; the doc_id, other_doc_id and relationship
 * columns are required, and a row without either id or without a label
 * is a row error. Same statuses and ownership. */
cancu_status_t
cancu_vbpl__read_relationships(cancu_vbpl_counts_t *counts, const char *path,
                               cancu_vbpl_relationship_cb callback,
                               void *payload);

/* Free the names and messages of 'counts' and clear it. */
void cancu_vbpl__counts_dispose(cancu_vbpl_counts_t *counts);

/* One entry of the label table. */
typedef struct cancu_vbpl_label {
    /* The label folded: NFC, case-folded, inner spaces single. */
    const char *label;
    cancu_vbpl_kind_t kind;
    cancu_vbpl_direction_t direction;
    bool partial;
} cancu_vbpl_label_t;

/* The label table, and its number of entries in *count. The table is
 * constant. */
const cancu_vbpl_label_t *cancu_vbpl__labels(size_t *count);

/* The entry of the table for 'len' bytes of 'label', matched case- and
 * NFC-insensitively with runs of spaces as one, or NULL when the label is
 * not in it. */
const cancu_vbpl_label_t *cancu_vbpl__find_label(const char *label, size_t len);

/* The status for 'len' bytes of 'label' (matched as labels are) into
 * *status, *partial and *suspended; false when it is not a known status
 * (then *status is CANCU_LEGAL_UNKNOWN). */
bool cancu_vbpl__find_status(const char *label, size_t len,
                             cancu_legal_status_t *status, bool *partial,
                             bool *suspended);

/* 'len' bytes of 's' as an ISO date into 'out': "dd/mm/yyyy" (one or two
 * digits for the day and the month), "yyyy-mm-dd", or the latter with a
 * time after 'T' or a space. An empty 's' gives "" and true; anything
 * else that is not a real day gives "" and false. */
bool cancu_vbpl__date(const char *s, size_t len, char out[11]);

/* The name of 'kind': "unknown", "ignored", "amends", "replaces",
 * "repeals", "expires" (the registry's names where it has the kind) or
 * "suspends". Never NULL. */
const char *cancu_vbpl__kind_name(cancu_vbpl_kind_t kind);

#endif
