/* Query internals shared by the query module's files. */
#ifndef CANCU_QUERY_PRIVATE_H
#define CANCU_QUERY_PRIVATE_H

#include <stddef.h>

#include "index/xapian-shim.h"
#include "util/util.h"

/* One word or phrase of a query, as folded terms. */
typedef struct cancu_query_phrase {
    char **folded;
    size_t count;
} cancu_query_phrase_t;

/* What a snippet highlights: the query's phrases. A run of passage words
 * whose folded terms equal a whole phrase is highlighted, however its
 * accents are written. */
typedef struct cancu_query_words {
    cancu_query_phrase_t *phrases;
    size_t count;
    size_t cap;
    /* Canonical ids of references in the query: a reference in the text
     * with one of these ids is highlighted however it is spelled. */
    char *const *ref_ids;
    size_t nref_ids;
} cancu_query_words_t;

/* Start a new phrase; the words added next belong to it. */
bool cancu_query_words__begin_phrase(cancu_query_words_t *words);
bool cancu_query_words__add(cancu_query_words_t *words, const char *folded,
                            size_t len);
void cancu_query_words__dispose(cancu_query_words_t *words);

/* A window of at most about 'max_bytes' of 'text' around its first
 * matches, with each match between 'start' and 'end'; tabs between table
 * cells shown as " | ". malloc'd; NULL when memory runs out. */
char *cancu_snippet__make(const char *text, const cancu_query_words_t *words,
                          const char *start, const char *end, size_t max_bytes);

/* A reference as typed, parsed (resolve.c). */
typedef struct cancu_typed_ref {
    char **ids; /* exact canonical ids */
    size_t nids;
    char *key_prefix; /* "602/QĐ-UBND@Gia Lai": a province's document */
    char number[16];  /* with type_code: "NĐ 60" */
    const char *type_code;
} cancu_typed_ref_t;

cancu_status_t cancu_typed_ref__parse(cancu_typed_ref_t *tr, const char *typed);
void cancu_typed_ref__dispose(cancu_typed_ref_t *tr);
/* Does the reference with this id and key match what was typed? */
bool cancu_typed_ref__matches(const cancu_typed_ref_t *tr, const char *id,
                              const char *key);

/* The archive's terms (XR<id>, XK<key>) of what was typed. */
typedef struct cancu_archive cancu_archive_t;
cancu_status_t cancu_archive__reference_terms(cancu_archive_t *archive,
                                              const cancu_typed_ref_t *tr,
                                              char ***terms_out,
                                              size_t *count_out);

/* Any of 'terms', on documents of 'type' ("plan", "task"), of
 * plan 'plan' only when not NULL; NULL when memory runs out. */
cancu_xapian_query_t *cancu_archive__terms_query(char **terms, size_t nterms,
                                                 const char *type,
                                                 const char *plan);

/* The number of documents of 'type' ("task", "plan") in the archive: a
 * real bound on the matches of a query of that type (query/tasks.c). */
cancu_status_t cancu_archive__type_count(cancu_archive_t *archive,
                                         const char *type, size_t *out);

#endif
