/* The C face of the Xapian shim: the only declarations through which C
 * reaches Xapian. No Xapian type and no exception crosses this line;
 * failures come back as a status with the message recorded. */
#ifndef CANCU_XAPIAN_SHIM_H
#define CANCU_XAPIAN_SHIM_H

#include <stdbool.h>
#include <stddef.h>

#include <cancu/status.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cancu_xapian_db cancu_xapian_db_t;
typedef struct cancu_xapian_doc cancu_xapian_doc_t;
typedef struct cancu_xapian_query cancu_xapian_query_t;
typedef struct cancu_xapian_mset cancu_xapian_mset_t;

typedef enum cancu_xapian_mode {
    CANCU_XAPIAN_READ,   /* an existing database, read only */
    CANCU_XAPIAN_WRITE,  /* an existing database, for writing */
    CANCU_XAPIAN_CREATE, /* a new database; fails if one is there */
} cancu_xapian_mode_t;

/* Open the database at 'path'. */
cancu_status_t cancu_xapian_open(cancu_xapian_db_t **out, const char *path,
                                 cancu_xapian_mode_t mode);
/* Close; an open transaction is discarded. NULL does nothing. */
void cancu_xapian_close(cancu_xapian_db_t *db);
/* Re-read the latest committed revision (readers). *changed (when not
 * NULL) is false when the handle was already at the latest revision. */
cancu_status_t cancu_xapian_reopen(cancu_xapian_db_t *db, bool *changed);

/* Keep the data of the documents 'db' (a reader) reads in the process's
 * cache, which holds up to 'bytes' of them for every reader that uses it
 * (the latest limit set); 0 stops 'db' using it. A reader's entries are
 * those of the revision it reads: a reopened handle reads its new
 * revision's data afresh. Nothing for a writer. */
cancu_status_t cancu_xapian_cache_data(cancu_xapian_db_t *db, size_t bytes);
/* What names the revision a reader that uses the cache reads (its
 * database and revision), for what a caller keeps of that revision
 * alone; valid until the next reopen. NULL for a handle without the
 * cache. */
const char *cancu_xapian_revision(const cancu_xapian_db_t *db);

/* Write a compacted copy of 'db' (a writer with nothing uncommitted) as
 * a new database at 'path', which must not exist: the same documents
 * under the same ids, its blocks full. Xapian's tables fill about half
 * their blocks once they are updated by more than one commit (the
 * position table's keys lead with the term, so every commit inserts all
 * over it): for 200 generated plans the copy's position table took half
 * the room (29.8 against 14.8 MB), the whole copy 60 %. */
cancu_status_t cancu_xapian_compact(cancu_xapian_db_t *db, const char *path);

/* Transactions: everything between begin and commit lands at once. */
cancu_status_t cancu_xapian_begin(cancu_xapian_db_t *db);
cancu_status_t cancu_xapian_commit(cancu_xapian_db_t *db);
cancu_status_t cancu_xapian_cancel(cancu_xapian_db_t *db);

/* User metadata. *out is malloc'd ("" when unset). */
cancu_status_t cancu_xapian_get_metadata(cancu_xapian_db_t *db, const char *key,
                                         char **out);
cancu_status_t cancu_xapian_set_metadata(cancu_xapian_db_t *db, const char *key,
                                         const char *value);

/* The number of documents indexed by 'term'. */
cancu_status_t cancu_xapian_term_freq(cancu_xapian_db_t *db, const char *term,
                                      size_t *out);
/* Delete every document indexed by 'term'. */
cancu_status_t cancu_xapian_delete_term(cancu_xapian_db_t *db,
                                        const char *term);

/* Documents under construction. */
cancu_xapian_doc_t *cancu_xapian_doc_new(void);
void cancu_xapian_doc_destroy(cancu_xapian_doc_t *doc);
/* A positional term; false when memory runs out. */
bool cancu_xapian_doc_add_posting(cancu_xapian_doc_t *doc, const char *term,
                                  size_t len, unsigned int position);
/* A word of the document without its position: 'term' once more in its
 * within-document frequency. */
bool cancu_xapian_doc_add_word(cancu_xapian_doc_t *doc, const char *term,
                               size_t len);
/* A boolean term (filters, identity): no weight, no position. */
bool cancu_xapian_doc_add_term(cancu_xapian_doc_t *doc, const char *term,
                               size_t len);
bool cancu_xapian_doc_set_data(cancu_xapian_doc_t *doc, const char *data,
                               size_t len);
bool cancu_xapian_doc_set_value(cancu_xapian_doc_t *doc, unsigned int slot,
                                const char *value, size_t len);
/* Put 'doc' in place of the document holding 'term' (added when none
 * does). */
cancu_status_t cancu_xapian_replace(cancu_xapian_db_t *db, const char *term,
                                    const cancu_xapian_doc_t *doc);
cancu_status_t cancu_xapian_add(cancu_xapian_db_t *db,
                                const cancu_xapian_doc_t *doc);

/* Call 'cb' with the data of every document indexed by 'term', in docid
 * order; a false return stops the walk. */
typedef bool (*cancu_xapian_data_cb)(const char *data, size_t len,
                                     void *payload);
cancu_status_t cancu_xapian_foreach_data(cancu_xapian_db_t *db,
                                         const char *term,
                                         cancu_xapian_data_cb cb,
                                         void *payload);
/* The same walk, giving 'cb' each document's value in 'slot' instead,
 * or its data when it has no such value; the value is read without the
 * document's data. */
cancu_status_t cancu_xapian_foreach_value(cancu_xapian_db_t *db,
                                          const char *term, unsigned int slot,
                                          cancu_xapian_data_cb cb,
                                          void *payload);
/* Call 'cb' with every term that starts with 'prefix'. */
typedef bool (*cancu_xapian_term_cb)(const char *term, size_t len,
                                     void *payload);
cancu_status_t cancu_xapian_foreach_term(cancu_xapian_db_t *db,
                                         const char *prefix,
                                         cancu_xapian_term_cb cb,
                                         void *payload);

/* Query trees. Each constructor returns NULL when memory runs out; the
 * combining ones take ownership of their subqueries, even on failure. */
typedef enum cancu_xapian_op {
    CANCU_XAPIAN_AND,
    CANCU_XAPIAN_OR,
    CANCU_XAPIAN_FILTER, /* first, filtered by the rest (no weight) */
    CANCU_XAPIAN_PHRASE,
    CANCU_XAPIAN_AND_MAYBE, /* first; the rest only add weight */
} cancu_xapian_op_t;

cancu_xapian_query_t *cancu_xapian_query_term(const char *term, size_t len);
cancu_xapian_query_t *cancu_xapian_query_combine(cancu_xapian_op_t op,
                                                 cancu_xapian_query_t **subs,
                                                 size_t nsubs);
cancu_xapian_query_t *cancu_xapian_query_scale(cancu_xapian_query_t *sub,
                                               double factor);
/* A query of its own that matches as 'query' does. */
cancu_xapian_query_t *
cancu_xapian_query_copy(const cancu_xapian_query_t *query);
void cancu_xapian_query_destroy(cancu_xapian_query_t *query);

/* What a reading keeps of each match besides its id and weight: its
 * data (CANCU_XAPIAN_FETCH_DATA; else cancu_xapian_mset_fetch_data()
 * reads it when it is needed) and the values of the slots named by
 * CANCU_XAPIAN_FETCH_SLOT(slot), slots 0 to 30. A value not asked for is
 * not read: reading a match's values one by one costs a lookup each,
 * all of them a lookup more and one for each slot the document has. */
#define CANCU_XAPIAN_FETCH_DATA (1u << 31)
#define CANCU_XAPIAN_FETCH_SLOT(slot) (1u << (slot))

/* Run 'query': the matches in [offset, offset + limit), best first; of
 * each what 'fetch' names. The result set owns copies of what it read. */
cancu_status_t cancu_xapian_search(cancu_xapian_db_t *db,
                                   const cancu_xapian_query_t *query,
                                   size_t offset, size_t limit,
                                   unsigned int fetch,
                                   cancu_xapian_mset_t **out);
cancu_status_t cancu_xapian_mset_fetch_data(cancu_xapian_db_t *db,
                                            cancu_xapian_mset_t *mset,
                                            size_t index);
/* The data of document 'docid' (of a match: cancu_xapian_mset_docid()),
 * as cancu_xapian_mset_fetch_data() reads it, into *out (malloc'd, with
 * a '\0' after its *len_out bytes). */
cancu_status_t cancu_xapian_document_data(cancu_xapian_db_t *db,
                                          unsigned int docid, char **out,
                                          size_t *len_out);
/* The matches of 'query' in [offset, offset + limit), greatest value in
 * 'slot' first (dates: newest first), of equal values the last added
 * first; with CANCU_XAPIAN_LAST_ADDED for 'slot', the last added first.
 * With 'count_out', how many match in all, exactly. One pass over the
 * matches, whose weights play no part; without a slot to read, the
 * cheapest pass there is. Of each match what 'fetch' names, as for
 * cancu_xapian_search(). */
#define CANCU_XAPIAN_LAST_ADDED (-1)
cancu_status_t cancu_xapian_newest(cancu_xapian_db_t *db,
                                   const cancu_xapian_query_t *query, int slot,
                                   size_t offset, size_t limit,
                                   unsigned int fetch, size_t *count_out,
                                   cancu_xapian_mset_t **out);
size_t cancu_xapian_mset_size(const cancu_xapian_mset_t *mset);
size_t cancu_xapian_mset_estimate(const cancu_xapian_mset_t *mset);
const char *cancu_xapian_mset_data(const cancu_xapian_mset_t *mset,
                                   size_t index, size_t *len_out);
double cancu_xapian_mset_weight(const cancu_xapian_mset_t *mset, size_t index);
/* The value in 'slot' of a match, borrowed from 'mset'; NULL when it has
 * none. */
const char *cancu_xapian_mset_value(const cancu_xapian_mset_t *mset,
                                    size_t index, unsigned int slot,
                                    size_t *len_out);
/* The document id of a match, for cancu_xapian_positions(). */
unsigned int cancu_xapian_mset_docid(const cancu_xapian_mset_t *mset,
                                     size_t index);
void cancu_xapian_mset_destroy(cancu_xapian_mset_t *mset);

/* Count, among the documents matching 'query', those holding each term
 * that starts with one of the 'nprefixes' 'prefixes': 'cb' is called
 * with each term some match holds, its prefix's index and its count; a
 * false return stops. One unweighted match for the set of documents,
 * then each such term's posting list checked against it, so the cost
 * grows with the prefixes' postings, not with the matches' terms. */
typedef bool (*cancu_xapian_count_cb)(const char *term, size_t len,
                                      size_t prefix, size_t count,
                                      void *payload);
cancu_status_t cancu_xapian_count_terms(cancu_xapian_db_t *db,
                                        const cancu_xapian_query_t *query,
                                        const char *const *prefixes,
                                        size_t nprefixes,
                                        cancu_xapian_count_cb cb,
                                        void *payload);

/* The positions of 'term' in document 'docid', ascending (malloc'd; NULL
 * and 0 when it has none). */
cancu_status_t cancu_xapian_positions(cancu_xapian_db_t *db, unsigned int docid,
                                      const char *term, size_t len,
                                      unsigned int **out, size_t *count_out);

#ifdef __cplusplus
}
#endif

#endif
