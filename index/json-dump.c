/* Compact JSON of a jansson tree, written as json_dumps(JSON_COMPACT)
 * writes it: the archive's records and tasks are dumped at every ingest,
 * and jansson's dumper (a callback for each small piece, each string
 * decoded to code points to be escaped) took 0.14G of the 3.74G
 * instructions of an ingest of 20 generated plans. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "index/index-private.h"
#include "util/util.h"

/* Nesting as deep as jansson itself refuses to go further. */
#define MAX_DEPTH 2048

static bool dump(cancu_strbuf_t *out, const json_t *value, int depth)
{
    if (depth > MAX_DEPTH)
        return false;
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *member;
        bool first = true;

        cancu_strbuf__putc(out, '{');
        /* Cast: json_object_foreach takes a non-const object. */
        json_object_foreach((json_t *)value, key, member)
        {
            if (!first)
                cancu_strbuf__putc(out, ',');
            first = false;
            cancu_strbuf__json_string(out, key, strlen(key));
            cancu_strbuf__putc(out, ':');
            if (!dump(out, member, depth + 1))
                return false;
        }
        cancu_strbuf__putc(out, '}');
        return true;
    }
    case JSON_ARRAY:
        cancu_strbuf__putc(out, '[');
        for (size_t i = 0; i < json_array_size(value); i++) {
            if (i)
                cancu_strbuf__putc(out, ',');
            if (!dump(out, json_array_get(value, i), depth + 1))
                return false;
        }
        cancu_strbuf__putc(out, ']');
        return true;
    case JSON_STRING:
        cancu_strbuf__json_string(out, json_string_value(value),
                                  json_string_length(value));
        return true;
    case JSON_INTEGER:
        cancu_strbuf__printf(out, "%" JSON_INTEGER_FORMAT,
                             json_integer_value(value));
        return true;
    case JSON_TRUE:
        cancu_strbuf__puts(out, "true");
        return true;
    case JSON_FALSE:
        cancu_strbuf__puts(out, "false");
        return true;
    case JSON_NULL:
        cancu_strbuf__puts(out, "null");
        return true;
    case JSON_REAL: {
        /* jansson's own way with doubles (precision, ".0"). */
        char *real = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);

        if (!real)
            return false;
        cancu_strbuf__puts(out, real);
        free(real);
        return true;
    }
    }
    return false;
}

char *cancu_index__json_dumps(const json_t *value)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;

    /* As json_dumps without JSON_ENCODE_ANY: an object or an array. */
    if (!value || (!json_is_object(value) && !json_is_array(value)) ||
        !dump(&out, value, 0) || out.failed) {
        cancu_strbuf__dispose(&out);
        return NULL;
    }
    return cancu_strbuf__detach(&out);
}
