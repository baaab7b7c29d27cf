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

/* An estimate of all the matching passages (tasks among them): exact for the
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
/* "paragraph", "row" (of a table, no task's) or "task" (a task's rows,
 * or its paragraph, as one passage). */
CANCU_EXTERN(const char *) cancu_hit_kind(const cancu_hit_t *hit);
CANCU_EXTERN(const char *) cancu_hit_text(const cancu_hit_t *hit);
/* A window of the text around the matches, each match highlighted; made
 * when first asked for ("" when memory runs out then), so that the hits
 * of one results are asked for theirs from one thread at a time. */
CANCU_EXTERN(const char *) cancu_hit_snippet(const cancu_hit_t *hit);
CANCU_EXTERN(size_t) cancu_hit_line(const cancu_hit_t *hit);
CANCU_EXTERN(double) cancu_hit_score(const cancu_hit_t *hit);

/* Facets: the values of a field among the documents a query matches,
 * each with how many of them have it, to narrow the search by. */
typedef struct cancu_facets cancu_facets_t;
typedef struct cancu_facet cancu_facet_t;

typedef enum cancu_facet_field {
    CANCU_FACET_YEAR,   /* "year": the year a plan is for */
    CANCU_FACET_ISSUER, /* "issuer": who issued the plan, as written */
    CANCU_FACET_LEAD,   /* "lead": a task's lead unit */
    CANCU_FACET_AREA,   /* "area": a task's area */
    CANCU_FACET_CITES,  /* "cites": a document cited, by its canonical id */
    CANCU_FACET_LAST
} cancu_facet_field_t;

/* Options for cancu_search_facets. Initialise with
 * CANCU_FACETS_OPTIONS_INIT. */
typedef struct cancu_facets_options {
    unsigned int version;
    /* The fields to count, a bit (1u << field) each; 0 counts year,
     * issuer, lead and area. */
    unsigned int fields;
    /* At most this many values a field: the most frequent (years: the
     * newest); 0 for all. */
    size_t limit;
} cancu_facets_options_t;

#define CANCU_FACETS_OPTIONS_VERSION 1
#define CANCU_FACETS_OPTIONS_INIT                                              \
    {                                                                          \
        CANCU_FACETS_OPTIONS_VERSION, 0, 10                                    \
    }

/* Count the values of the fields 'options' asks for among the documents
 * cancu_search matches for 'query', field filters included: a plan
 * counts once however many of its passages and tasks match. With a NULL
 * 'query', among every plan. A plan has the lead units and areas of
 * each of its tasks; filtering a search by one ("lead:", "area:") keeps
 * the plans with such a task and, of a plan's matching passages, the
 * tasks that have it when any do, else all of them. A value narrows a search when added to the query as
 * FIELD:"=VALUE" (cancu_facet_field_name, cancu_facet_value); a value
 * that holds a double quote cannot be and is left out. Archives written
 * before issuers were recorded have no issuer values.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (a query with no word
 * and no field filter), _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_facets_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_search_facets(cancu_facets_t **out, cancu_archive_t *archive,
                    const char *query, const cancu_facets_options_t *options);

/* The field's name in a query ("year", "issuer", "lead", "area",
 * "cites"); NULL past CANCU_FACET_LAST. A static string. */
CANCU_EXTERN(const char *) cancu_facet_field_name(cancu_facet_field_t field);
/* The number of values held for 'field' (at most the limit asked for). */
CANCU_EXTERN(size_t)
cancu_facets_count(const cancu_facets_t *facets, cancu_facet_field_t field);
/* The number of values 'field' has among the matches, before the limit. */
CANCU_EXTERN(size_t)
cancu_facets_total(const cancu_facets_t *facets, cancu_facet_field_t field);
/* Value 'index' of 'field', borrowed from 'facets' until
 * cancu_facets_destroy. */
CANCU_EXTERN(const cancu_facet_t *)
cancu_facets_get(const cancu_facets_t *facets, cancu_facet_field_t field,
                 size_t index);
CANCU_EXTERN(void) cancu_facets_destroy(cancu_facets_t *facets);

/* Fields of a facet value. Strings are never NULL. */
/* What FIELD:"=VALUE" matches: the year, the issuer as written, a lead
 * unit's or an area's folded key, a document's canonical id. */
CANCU_EXTERN(const char *) cancu_facet_value(const cancu_facet_t *facet);
/* The value as a document writes it ("Sở Nội vụ" for "so noi vu"). */
CANCU_EXTERN(const char *) cancu_facet_label(const cancu_facet_t *facet);
/* How many of the matching documents have it. */
CANCU_EXTERN(size_t) cancu_facet_matches(const cancu_facet_t *facet);

CANCU_END_DECL

#endif
