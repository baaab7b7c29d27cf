/* Query internals shared by the query module's files. */
#ifndef CANCU_QUERY_PRIVATE_H
#define CANCU_QUERY_PRIVATE_H

#include <stddef.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "index/analyzer.h"
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
 * cells shown as " | ", newlines between a task's rows as " ‖ ". Words are analysed through 'cache' (NULL: none):
 * the passages of one answer share most of their syllables. malloc'd;
 * NULL when memory runs out. */
char *cancu_snippet__make(const char *text, const cancu_query_words_t *words,
                          const char *start, const char *end, size_t max_bytes,
                          cancu_word_cache_t *cache);

/* A reference as typed, parsed (resolve.c). */
typedef struct cancu_typed_ref {
    char **ids; /* exact canonical ids */
    size_t nids;
    char *key_prefix; /* "602/QĐ-UBND@Gia Lai": a province's document */
    char number[16];  /* with type_code: "NĐ 60" */
    const char *type_code;
    /* The date pasted with it ("ngày 21/6/2021"), ISO, or "". */
    char date[11];
    /* A name the extractor does not know, folded ("luat to chuc x"): the
     * archive's names that fold to it. */
    char folded_name[256];
} cancu_typed_ref_t;

/* Read what was typed: a number in any spelling, a type word and a
 * number, a name in any case and without accents, a citation pasted
 * with its date. Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (empty,
 * or naming no document: the message says why), _OUT_OF_MEMORY. */
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

/* The Xapian query of a search (search.c), for the facets. */
cancu_status_t cancu_search__query(cancu_xapian_query_t **out,
                                   cancu_archive_t *archive, const char *query);

/* Any of 'terms', on documents of 'type' ("plan", "task"), of
 * plan 'plan' only when not NULL; NULL when memory runs out. */
cancu_xapian_query_t *cancu_archive__terms_query(char **terms, size_t nterms,
                                                 const char *type,
                                                 const char *plan);

/* The number of documents of 'type' ("task", "plan") in the archive: a
 * real bound on the matches of a query of that type (query/tasks.c). */
cancu_status_t cancu_archive__type_count(cancu_archive_t *archive,
                                         const char *type, size_t *out);

/* Stored JSON read without parsing all of it (json-scan.c): compact or
 * not, as jansson writes it. Each takes [p, end) and fails (NULL, false)
 * on what is not well formed. */
/* The end of the value at 'p'. */
const char *cancu_json__skip(const char *p, const char *end);
/* The value of the object at 'p' under 'name' (which holds nothing JSON
 * escapes): the first such member. With 'value_end' NULL its end is not
 * looked for: [value, end) holds it and what follows. */
bool cancu_json__member(const char *p, const char *end, const char *name,
                        const char **value, const char **value_end);
/* The members of the JSON object [text, text + len) named 'names' (which
 * hold nothing JSON escapes), as jansson parses them, in an object of
 * their own: those missing are not in it. The other members' values are
 * walked past, not parsed: a passage's line is mostly its terms. NULL
 * when the text is not an object (or memory ran out). */
json_t *cancu_json__load_members(const char *text, size_t len,
                                 const char *const *names, size_t nnames);
/* The next item of the array *p is in: *p at its '[' for the first, then
 * where the call left it. */
bool cancu_json__next_item(const char **p, const char *end, const char **item,
                           const char **item_end);
/* Whether the value is the JSON string 's'. */
bool cancu_json__string_is(const char *value, const char *value_end,
                           const char *s);
/* json_loadb(text, len, 0, NULL), the same tree, in a few times fewer
 * instructions for what the archive writes. */
json_t *cancu_json__load(const char *text, size_t len);

/* A task list of the task records 'records' (taken, even on failure),
 * as a page of 'total' from 'offset', 'limit' at most (query/tasks.c).
 * Returns CANCU_STATUS_SUCCESS or _OUT_OF_MEMORY. */
cancu_status_t cancu_task_list__wrap(cancu_task_list_t **out, json_t *records,
                                     size_t total, size_t offset, size_t limit);

/* The registry, for the archive's writer (registry.c). */
typedef struct cancu_mined_relation {
    const char *kind, *source, *target, *date;
    /* The file it was read from, the plan's id ("" or NULL: none), and
     * the line of the text that states it (0: not known). */
    const char *path, *plan;
    size_t line;
} cancu_mined_relation_t;

/* As cancu_registry_add_mined, remembering the plan that states it. */
cancu_status_t cancu_registry__add_mined(cancu_archive_t *archive,
                                         const cancu_mined_relation_t *m);

/* What an ingested document says of itself. */
typedef struct cancu_self_record {
    const char *id, *type, *issuer, *signed_on, *in_force, *title;
    const char *path, *plan;
} cancu_self_record_t;

/* The document's own record: made from its text when the registry has no
 * other, kept beside an imported or shipped one. */
cancu_status_t cancu_registry__add_self(cancu_archive_t *archive,
                                        const cancu_self_record_t *self);

/* Take out of the registry everything 'plan' told it, as the plan
 * leaves the archive. In the writer's transaction. */
cancu_status_t cancu_registry__forget_plan(cancu_archive_t *archive,
                                           const char *plan);

#endif
