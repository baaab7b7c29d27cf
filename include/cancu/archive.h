/* cancu: the archive, a directory holding a Xapian database of plans. */
#ifndef CANCU_ARCHIVE_H
#define CANCU_ARCHIVE_H

#include "common.h"
#include "status.h"
#include "document.h"

CANCU_BEGIN_DECL

typedef struct cancu_archive cancu_archive_t;
/* A snapshot of the plans in an archive. */
typedef struct cancu_plan_list cancu_plan_list_t;
/* One plan's record in the archive. */
typedef struct cancu_plan cancu_plan_t;
/* A plan made ready for an archive (see cancu_archive_prepare). */
typedef struct cancu_prepared cancu_prepared_t;

typedef enum cancu_archive_mode {
    /* Read only; works while another process writes. */
    CANCU_ARCHIVE_READ = 0,
    /* Read and write; creates the archive when missing. Only one process
     * may hold an archive open for writing. */
    CANCU_ARCHIVE_WRITE = 1
} cancu_archive_mode_t;

typedef enum cancu_add_result {
    /* A new plan. */
    CANCU_ADD_ADDED = 1,
    /* The same content was already in the archive; nothing changed. */
    CANCU_ADD_UNCHANGED = 2,
    /* The plan at this path had other content; it was replaced. */
    CANCU_ADD_UPDATED = 3
} cancu_add_result_t;

/* Open the archive in directory 'dir'.
 * Returns CANCU_STATUS_SUCCESS, _NOT_FOUND (reading an archive that does
 * not exist), _ARCHIVE_LOCKED (another process is writing),
 * _ARCHIVE_ERROR (damaged, unreadable, another schema), _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_archive_close. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_open(cancu_archive_t **out, const char *dir,
                   cancu_archive_mode_t mode);

/* Close 'archive'. Changes not yet committed are discarded, exactly as if
 * the process had died. NULL does nothing. */
CANCU_EXTERN(void) cancu_archive_close(cancu_archive_t *archive);

/* Bring an archive opened for reading to the latest revision a writer
 * committed, so that a long-lived reader (a server) sees an ingest
 * running beside it; an archive opened for writing is always there.
 * *changed (when not NULL) is false when nothing was committed since.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION (then
 * close the archive and open it again). */
CANCU_EXTERN(cancu_status_t)
cancu_archive_refresh(cancu_archive_t *archive, bool *changed);

/* Keep up to 'bytes' of the documents' data this reader reads in memory
 * for the next reads: one cache for the process, shared by every archive
 * it asked for (the latest limit holds), each entry valid for one
 * revision, so that a refreshed reader never answers from what a writer
 * has changed since. For a long-lived reader that reads the same plans
 * again and again (a server); 0 turns it off. Nothing for an archive open
 * for writing.
 * Returns CANCU_STATUS_SUCCESS, _XAPIAN_EXCEPTION. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_cache_data(cancu_archive_t *archive, size_t bytes);

/* Add 'doc' to the archive, inside the current batch: prepare it and
 * add it, as the two calls below do.
 * Returns what cancu_archive_add_prepared returns, with *result_out set
 * on success. 'doc' stays owned by the caller. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_add(cancu_archive_t *archive, const cancu_document_t *doc,
                  cancu_add_result_t *result_out);

/* cancu_archive_add in two steps, so that a program can read and prepare
 * the next plans on other threads while one thread writes: the first
 * step is most of the work and touches no archive.
 *
 * Turn 'doc' into what the archive stores. Safe to call from any thread,
 * on different documents at once. *out keeps what it needs of 'doc':
 * 'doc' may be destroyed at once. Returns CANCU_STATUS_SUCCESS,
 * _INVALID_ARGUMENT (too many words to index) or _OUT_OF_MEMORY; the
 * caller owns *out and frees it with cancu_prepared_destroy, or hands it
 * to cancu_archive_add_prepared. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_prepare(cancu_prepared_t **out, const cancu_document_t *doc);

/* A prepared plan's content id, source path, format and encoding, as its
 * document had them; borrowed from 'prep'. */
CANCU_EXTERN(const char *) cancu_prepared_id(const cancu_prepared_t *prep);
CANCU_EXTERN(const char *) cancu_prepared_path(const cancu_prepared_t *prep);
CANCU_EXTERN(const char *)
cancu_prepared_format(const cancu_prepared_t *prep);
CANCU_EXTERN(const char *)
cancu_prepared_encoding(const cancu_prepared_t *prep);
/* What adding it did (see cancu_archive_add_prepared). */
CANCU_EXTERN(cancu_add_result_t)
cancu_prepared_result(const cancu_prepared_t *prep);

/* Add a prepared plan to the current batch, written whole or not at
 * all. The path decides first: the plan ingested from the same path
 * with other content is replaced (updated); then the content: the same
 * content already in the archive, from any path, is unchanged. Plans
 * are committed 16 at a time on their own; a plan is durable only once
 * its batch is committed, when the callback set with
 * cancu_archive_on_commit is called for it.
 * A plan that cannot be written (the archive refuses one of its parts)
 * is left out alone: the batch's other plans stay in it.
 * Call it from one thread at a time per archive. Takes 'prep', even on
 * failure: the archive keeps it until its batch is committed.
 * Returns CANCU_STATUS_SUCCESS with *result_out (when not NULL) set;
 * _BAD_INPUT (this plan could not be written; the message names its
 * path and the reason; the batch's other plans are kept);
 * _INVALID_ARGUMENT (archive opened read-only); _ARCHIVE_ERROR,
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY (the archive failed: the batch not
 * yet committed is lost, what was committed stays). */
CANCU_EXTERN(cancu_status_t)
cancu_archive_add_prepared(cancu_archive_t *archive, cancu_prepared_t *prep,
                           cancu_add_result_t *result_out);

/* NULL does nothing. */
CANCU_EXTERN(void) cancu_prepared_destroy(cancu_prepared_t *prep);

/* Called once for each plan a commit made durable, in the order the
 * plans were added; 'prep' is borrowed for the call. */
typedef void (*cancu_archive_committed_fn)(const cancu_prepared_t *prep,
                                           void *payload);

/* Call 'fn' (NULL: none) after each commit, for each plan it made
 * durable, including the commits a batch makes on its own. */
CANCU_EXTERN(void)
cancu_archive_on_commit(cancu_archive_t *archive, cancu_archive_committed_fn fn,
                        void *payload);

/* Make everything added or removed so far durable, atomically.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION; on
 * failure the batch is lost, as after a crash. */
CANCU_EXTERN(cancu_status_t) cancu_archive_commit(cancu_archive_t *archive);

/* Loading many files: an ingest reads and prepares them on reader
 * threads while this thread adds them, in their order, to the archive's
 * batches (committed 16 plans at a time, and at the end), as
 * 'cancu ingest' does. */

/* A file that could not be loaded: its path, why, and a one-line message
 * naming the file and the reason, as cancu_error_last() and in English
 * (cancu_error_last_english()); borrowed for the call. */
typedef void (*cancu_ingest_failed_fn)(const char *path, cancu_status_t status,
                                       const char *message, const char *english,
                                       void *payload);
/* After each file: 'done' of 'total' files, 'bytes' of their sources. */
typedef void (*cancu_ingest_progress_fn)(size_t done, size_t total,
                                         unsigned long long bytes,
                                         void *payload);

/* Initialise with CANCU_INGEST_OPTIONS_INIT. */
typedef struct cancu_ingest_options {
    unsigned int version;
    /* How each file is read; NULL for the defaults. */
    const cancu_read_options_t *read;
    /* Reader threads: 0 for one a core; at most 8, at most one a file. */
    unsigned int threads;
    /* Called on this thread, in the files' order; NULL for none. */
    cancu_ingest_failed_fn on_failure;
    cancu_ingest_progress_fn on_progress;
    void *payload;
} cancu_ingest_options_t;

#define CANCU_INGEST_OPTIONS_VERSION 1
#define CANCU_INGEST_OPTIONS_INIT                                              \
    {                                                                          \
        CANCU_INGEST_OPTIONS_VERSION, NULL, 0, NULL, NULL, NULL                \
    }

/* Load the 'count' files at 'paths' into 'archive' (open for writing),
 * then commit. A file that cannot be read or written is reported to
 * 'on_failure' and counted in *failed_out (when not NULL); the others
 * are loaded. The callback set with cancu_archive_on_commit is called for
 * each plan made durable. A run that wrote plans ends by compacting the
 * archive once it has grown well beyond its compacted size
 * (cancu_archive_compact); a compaction that cannot be done leaves it as
 * it was and is not an error of the ingest. 'options' may be NULL.
 * Returns CANCU_STATUS_SUCCESS (every file loaded or reported);
 * _INVALID_ARGUMENT (archive opened read-only); _ARCHIVE_ERROR,
 * _XAPIAN_EXCEPTION (the archive failed: it keeps what was committed
 * before, and the same ingest run again finishes the work);
 * _OUT_OF_MEMORY (also when no reader thread can start). */
CANCU_EXTERN(cancu_status_t)
cancu_archive_ingest(size_t *failed_out, cancu_archive_t *archive,
                     const char *const *paths, size_t count,
                     const cancu_ingest_options_t *options);

/* Commit, then rewrite the archive's database compactly and put it in
 * place of the old one in one step: a reader sees one or the other whole
 * (cancu_archive_refresh moves a long-lived reader to the new one). An
 * archive updated by many commits takes up to twice the room of its
 * compacted copy (1.67 times for 200 generated plans); cancu_archive_ingest compacts on its own once the
 * archive has grown half as large again as its compacted size, scaled by
 * its plans. Needs free room for the copy.
 * Returns CANCU_STATUS_SUCCESS; _INVALID_ARGUMENT (archive opened
 * read-only); _ARCHIVE_ERROR, _XAPIAN_EXCEPTION (nothing changed, or,
 * when the message says it was compacted, it was, and 'archive' is left
 * open for reading only: another writer holds it); _OUT_OF_MEMORY. */
CANCU_EXTERN(cancu_status_t) cancu_archive_compact(cancu_archive_t *archive);

/* The bytes the archive's database takes on disk. */
CANCU_EXTERN(unsigned long long)
cancu_archive_size(const cancu_archive_t *archive);

/* Remove the plan named by 'id_or_path': its full id, a unique prefix of
 * at least 6 hex digits, or the path it was ingested from. Takes effect at
 * the next commit. On success *removed_id_out, when not NULL, receives the
 * plan's id, owned by the caller (free()).
 * Returns CANCU_STATUS_SUCCESS, _NOT_FOUND, _INVALID_ARGUMENT (an
 * ambiguous prefix), _ARCHIVE_ERROR, _XAPIAN_EXCEPTION. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_remove(cancu_archive_t *archive, const char *id_or_path,
                     char **removed_id_out);

/* The references, relations and problems the archive keeps with a
 * plan, as read from its file (cancu_document_reference and the like). */
typedef struct cancu_plan_refs cancu_plan_refs_t;

/* The references, relations and problems of the plan named by
 * 'id_or_path' (as for cancu_archive_remove).
 * Returns CANCU_STATUS_SUCCESS, _NOT_FOUND, _INVALID_ARGUMENT (an
 * ambiguous prefix), _ARCHIVE_ERROR (the plan has no reference record),
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY. The caller owns *out and frees it
 * with cancu_plan_refs_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_plan_references(cancu_plan_refs_t **out, cancu_archive_t *archive,
                              const char *id_or_path);

/* The same view of a document read from its file, so that one reader
 * serves a file and a stored plan: its references, relations and
 * problems are the document's, borrowed from 'doc', which must outlive
 * *out. Returns CANCU_STATUS_SUCCESS or _OUT_OF_MEMORY. The caller owns
 * *out and frees it with cancu_plan_refs_destroy (which leaves 'doc'
 * whole). */
CANCU_EXTERN(cancu_status_t)
cancu_document_plan_refs(cancu_plan_refs_t **out, const cancu_document_t *doc);

/* Free 'refs' and every reference, relation and problem borrowed from
 * it. NULL does nothing. */
CANCU_EXTERN(void) cancu_plan_refs_destroy(cancu_plan_refs_t *refs);

/* The plan: its id, the path it was ingested from, its title, date
 * (ISO), format and the number it gives itself (cancu_document_own_id),
 * as when it was read; "" when unknown. Borrowed from 'refs'. */
CANCU_EXTERN(const char *) cancu_plan_refs_id(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const char *) cancu_plan_refs_path(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const char *)
cancu_plan_refs_title(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const char *) cancu_plan_refs_date(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const char *)
cancu_plan_refs_format(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const char *)
cancu_plan_refs_number(const cancu_plan_refs_t *refs);

/* Its references, relations and problems, in the order the plan's
 * reading gave them; NULL past the end. Each is read with the
 * accessors of document.h (cancu_reference_id, cancu_relation_kind,
 * cancu_problem_kind, ...), and the indexes they give (a relation's
 * source and target, a problem's reference, a short form's
 * cancu_reference_resolved_from) are indexes of these references.
 * Borrowed from 'refs' until cancu_plan_refs_destroy. */
CANCU_EXTERN(size_t)
cancu_plan_refs_reference_count(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const cancu_reference_t *)
cancu_plan_refs_reference(const cancu_plan_refs_t *refs, size_t index);
CANCU_EXTERN(size_t)
cancu_plan_refs_relation_count(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const cancu_relation_t *)
cancu_plan_refs_relation(const cancu_plan_refs_t *refs, size_t index);
CANCU_EXTERN(size_t)
cancu_plan_refs_problem_count(const cancu_plan_refs_t *refs);
CANCU_EXTERN(const cancu_problem_t *)
cancu_plan_refs_problem(const cancu_plan_refs_t *refs, size_t index);

/* Check that every plan in the archive is whole: its record and exactly
 * the passages it counts, and no passage without its plan.
 * Returns CANCU_STATUS_SUCCESS, or _ARCHIVE_ERROR naming the first fault. */
CANCU_EXTERN(cancu_status_t) cancu_archive_verify(cancu_archive_t *archive);

/* The plans in the archive, newest plan date first.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY. The caller owns *out: cancu_plan_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_plans(cancu_plan_list_t **out, cancu_archive_t *archive);

/* The plan whose id is 'id', or begins with it (6 to 64 lower-case hex
 * digits), as a list of one; found through its id alone, whatever the
 * size of the archive. Never a path: nothing on disk is looked at.
 * Returns CANCU_STATUS_SUCCESS, _NOT_FOUND, _INVALID_ARGUMENT (not an
 * id, or a prefix naming several plans), _ARCHIVE_ERROR,
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY. The caller owns *out:
 * cancu_plan_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_plan(cancu_plan_list_t **out, cancu_archive_t *archive,
                   const char *id);

CANCU_EXTERN(size_t) cancu_plan_list_count(const cancu_plan_list_t *list);
/* Plan 'index', borrowed from 'list' until cancu_plan_list_destroy. */
CANCU_EXTERN(const cancu_plan_t *)
cancu_plan_list_get(const cancu_plan_list_t *list, size_t index);
CANCU_EXTERN(void) cancu_plan_list_destroy(cancu_plan_list_t *list);

/* Fields of a plan record. Strings are never NULL ("" when unknown). */
CANCU_EXTERN(const char *) cancu_plan_id(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_path(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_title(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_date(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_format(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_encoding(const cancu_plan_t *plan);
/* When it was ingested, ISO 8601 UTC. */
CANCU_EXTERN(const char *) cancu_plan_ingested(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_size(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_paragraphs(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_tables(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_passages(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_references(const cancu_plan_t *plan);
CANCU_EXTERN(size_t) cancu_plan_tasks(const cancu_plan_t *plan);
/* The plan's header, as cancu_document_issuer, _number, _place and
 * _plan_year read it ("" or 0 for a plan ingested before they were
 * kept). */
CANCU_EXTERN(const char *) cancu_plan_issuer(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_number(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_place(const cancu_plan_t *plan);
CANCU_EXTERN(int) cancu_plan_year(const cancu_plan_t *plan);
/* The document's identity, as cancu_document_type, _parent_issuer,
 * _province and _in_force read it ("" for a plan ingested before they
 * were kept). */
CANCU_EXTERN(const char *) cancu_plan_type(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_parent_issuer(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_province(const cancu_plan_t *plan);
CANCU_EXTERN(const char *) cancu_plan_in_force(const cancu_plan_t *plan);

CANCU_END_DECL

#endif
