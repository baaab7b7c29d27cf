/* The one printer of the cancu command, after notmuch's sprinter: a
 * command says what it prints (maps, lists, strings, numbers) once, and
 * the printer writes it as JSON (--json) or as plain text. */
#ifndef CANCU_SPRINTER_H
#define CANCU_SPRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct sprinter sprinter_t;

struct sprinter {
    /* Open a map or a list; close the innermost one opened. */
    void (*begin_map)(sprinter_t *sp);
    void (*begin_list)(sprinter_t *sp);
    void (*end)(sprinter_t *sp);
    /* Values. 'string' prints NULL as null; 'string_len' takes 'len'
     * bytes of 'text'. */
    void (*string)(sprinter_t *sp, const char *text);
    void (*integer)(sprinter_t *sp, long long value);
    void (*boolean)(sprinter_t *sp, bool value);
    void (*null)(sprinter_t *sp);
    /* The key of the next value in a map. */
    void (*map_key)(sprinter_t *sp, const char *key);
    /* Between the items of a list that text puts on lines of their own. */
    void (*separator)(sprinter_t *sp);
    /* Write out what was printed; returns 0, or -1 when it could not be
     * written (or memory ran out). Frees 'sp'. */
    int (*finish)(sprinter_t *sp);
};

/* A printer writing JSON to 'stream' (indented by two, keys in the
 * order printed, a newline at the end: as cancu always wrote it). NULL
 * when out of memory. */
sprinter_t *sprinter_json_create(FILE *stream);
/* A printer writing values as text to 'stream': strings and numbers as
 * they are, keys and brackets not at all, separators as newlines. */
sprinter_t *sprinter_text_create(FILE *stream);

/* Shorthands: "key": value in a map. */
void sprinter_key_string(sprinter_t *sp, const char *key, const char *text);
/* "" is printed as null. */
void sprinter_key_string_or_null(sprinter_t *sp, const char *key,
                                 const char *text);
void sprinter_key_integer(sprinter_t *sp, const char *key, long long value);

#endif
