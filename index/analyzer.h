/* The analyzer: the one place where text becomes index terms. Indexing
 * and querying both call it, so a word typed in a query meets the same
 * term the indexer wrote. */
#ifndef CANCU_ANALYZER_H
#define CANCU_ANALYZER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

/* Term prefixes (Xapian convention: upper case, X for multi-letter). */
#define CANCU_PREFIX_FOLDED "F"        /* no tone or vowel marks, đ -> d */
#define CANCU_PREFIX_YEAR "XY"         /* the year a plan is for */
#define CANCU_PREFIX_UNIT "XU"         /* a task's lead unit, by its key */
#define CANCU_PREFIX_AREA "XA"         /* a task's area, folded */
#define CANCU_PREFIX_ISSUER "XI"       /* who issued the plan, as written */
#define CANCU_PREFIX_DUE "XE"          /* a month a task's deadline ends in */
#define CANCU_PREFIX_KEY "XK"          /* reference identity key */
#define CANCU_PREFIX_REFERENCE "XR"    /* canonical reference id */
#define CANCU_PREFIX_DOC "XD"          /* every record of one plan */
#define CANCU_PREFIX_HASH "XH"         /* the plan record, by content id */
#define CANCU_PREFIX_PATH "XP"         /* the plan record, by source path */
#define CANCU_PREFIX_TYPE "XT"         /* "plan" or "task" */
#define CANCU_PREFIX_TASK_RECORDS "XJ" /* the records of a plan's tasks */
#define CANCU_PREFIX_RECORD "XW"       /* a plan's whole record */
#define CANCU_PREFIX_REGISTRY "XG"     /* a registry record, by document id */
/* XB (a record, by a document acting on it) and XV (by a dataset's id)
 * are the registry's own (query/registry.c, registry-vbpl.c). */

/* The longest term Xapian takes, in bytes (its backends refuse longer
 * ones with an exception), and the longest metadata key. */
#define CANCU_TERM_MAX_BYTES 245

/* Append 'prefix' and 'value' to 'out' as one term of at most
 * CANCU_TERM_MAX_BYTES. A value too long for that is cut at a character
 * boundary and followed by '#' and 16 hex digits of its SHA-256: two
 * long values stay two terms, and the cut one still starts as the value
 * did, so filters that match part of a name (lead:, area:) find it.
 * Indexing and every query that names such a term build it here. */
void cancu_index__term(cancu_strbuf_t *out, const char *prefix,
                       const char *value);

typedef struct cancu_token {
    /* Byte span of the word in the analyzed text. */
    size_t start;
    size_t end;
    /* Word position, counted from 0. */
    unsigned int position;
    /* True when only punctuation, no space, separates it from the previous
     * word, as inside "45/2020/NĐ-CP". */
    bool joined;
    /* Case-folded NFC with the one canonical tone placement. */
    const char *exact;
    size_t exact_len;
    /* The exact form without any mark, đ as d. */
    const char *folded;
    size_t folded_len;
} cancu_token_t;

/* Return false to stop the walk. */
typedef bool (*cancu_token_cb)(const cancu_token_t *token, void *payload);

/* Split 'len' bytes of UTF-8 into words and call 'cb' for each. Invalid
 * bytes separate words. Returns CANCU_STATUS_SUCCESS or _OUT_OF_MEMORY. */
cancu_status_t cancu_analyzer__tokenize(const char *text, size_t len,
                                        cancu_token_cb cb, void *payload);

/* A memory of words already analysed, for one thread at a time. */
typedef struct cancu_word_cache cancu_word_cache_t;

cancu_word_cache_t *cancu_analyzer__cache_new(void);
void cancu_analyzer__cache_destroy(cancu_word_cache_t *cache);

/* cancu_analyzer__tokenize() remembering words in 'cache' (NULL: none),
 * which makes text that repeats its words faster to analyse; the tokens
 * are the same. */
cancu_status_t cancu_analyzer__tokenize_cached(const char *text, size_t len,
                                               cancu_word_cache_t *cache,
                                               cancu_token_cb cb,
                                               void *payload);

/* The exact and folded terms of one word. */
bool cancu_analyzer__word(const char *word, size_t len, cancu_strbuf_t *exact,
                          cancu_strbuf_t *folded);

#endif
