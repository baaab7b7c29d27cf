/* cancu: full-text search over the archive. */
#ifndef CANCU_SEARCH_H
#define CANCU_SEARCH_H

#include "common.h"
#include "status.h"
#include "archive.h"

CANCU_BEGIN_DECL

typedef struct cancu_results cancu_results_t;
typedef struct cancu_hit cancu_hit_t;

/* Options for a search. Initialise with CANCU_SEARCH_OPTIONS_INIT. */
typedef struct cancu_search_options {
    unsigned int version;
    size_t offset;
    size_t limit;
    /* Put around each matched word in snippets; NULL gives "[" and "]". */
    const char *highlight_start;
    const char *highlight_end;
} cancu_search_options_t;

#define CANCU_SEARCH_OPTIONS_VERSION 1
#define CANCU_SEARCH_OPTIONS_INIT                                              \
    {                                                                          \
        CANCU_SEARCH_OPTIONS_VERSION, 0, 10, NULL, NULL                        \
    }

/* Search the passages of 'archive' for 'query': words, with or without
 * accents, and "quoted phrases"; words joined by punctuation
 * ("45/2020/NĐ-CP") match as a phrase. Every word must match; passages
 * where the accents match exactly rank above those matched without them.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (a query with no word),
 * _ARCHIVE_ERROR, _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_results_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_search(cancu_results_t **out, cancu_archive_t *archive, const char *query,
             const cancu_search_options_t *options);

/* An estimate of all the matching passages and tasks: exact for the
 * plans read to fill the page, each other matching plan counted once. */
CANCU_EXTERN(size_t) cancu_results_total(const cancu_results_t *results);
/* The number of hits held: at most the limit asked for. */
CANCU_EXTERN(size_t) cancu_results_count(const cancu_results_t *results);
/* Hit 'index', borrowed from 'results' until cancu_results_destroy. */
CANCU_EXTERN(const cancu_hit_t *)
cancu_results_get(const cancu_results_t *results, size_t index);
CANCU_EXTERN(void) cancu_results_destroy(cancu_results_t *results);

/* Fields of a hit. Strings are never NULL. */
CANCU_EXTERN(const char *) cancu_hit_plan(const cancu_hit_t *hit);
CANCU_EXTERN(const char *) cancu_hit_plan_title(const cancu_hit_t *hit);
CANCU_EXTERN(const char *) cancu_hit_plan_path(const cancu_hit_t *hit);
CANCU_EXTERN(const char *) cancu_hit_section(const cancu_hit_t *hit);
/* "paragraph" or "row". */
CANCU_EXTERN(const char *) cancu_hit_kind(const cancu_hit_t *hit);
CANCU_EXTERN(const char *) cancu_hit_text(const cancu_hit_t *hit);
/* A window of the text around the matches, each match highlighted. */
CANCU_EXTERN(const char *) cancu_hit_snippet(const cancu_hit_t *hit);
CANCU_EXTERN(size_t) cancu_hit_line(const cancu_hit_t *hit);
CANCU_EXTERN(double) cancu_hit_score(const cancu_hit_t *hit);

CANCU_END_DECL

#endif
