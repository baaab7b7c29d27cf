/* Reading one field of a stored JSON record without parsing the rest:
 * jansson spends a few hundred instructions a byte building every object
 * of a plan's record, where walking past what is not wanted costs a few.
 * What is found is then parsed by jansson as before. */
#include <string.h>

#include "query/query-private.h"

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Past the closing quote of the string opening at 'p'; *escaped says
 * whether it holds a backslash. NULL when it does not end. Strings are
 * most of a record's bytes: memchr crosses them. */
static const char *skip_string(const char *p, const char *end, bool *escaped)
{
    *escaped = false;
    for (p++; p < end;) {
        const char *quote = memchr(p, '"', (size_t)(end - p));
        const char *backslash;

        if (!quote)
            return NULL;
        backslash = memchr(p, '\\', (size_t)(quote - p));
        if (!backslash)
            return quote + 1;
        /* What the backslash escapes, perhaps that quote. */
        *escaped = true;
        p = backslash + 2;
    }
    return NULL;
}

const char *cancu_json__skip(const char *p, const char *end)
{
    size_t depth = 0;
    bool escaped;

    p = skip_space(p, end);
    if (p >= end)
        return NULL;
    if (*p == '"')
        return skip_string(p, end, &escaped);
    if (*p != '{' && *p != '[') {
        /* A number, true, false or null. */
        while (p < end && *p != ',' && *p != '}' && *p != ']' && *p != ' ' &&
               *p != '\t' && *p != '\n' && *p != '\r')
            p++;
        return p;
    }
    while (p < end) {
        if (*p == '"') {
            p = skip_string(p, end, &escaped);
            if (!p)
                return NULL;
            continue;
        }
        if (*p == '{' || *p == '[')
            depth++;
        else if (*p == '}' || *p == ']') {
            if (--depth == 0)
                return p + 1;
        }
        p++;
    }
    return NULL;
}

bool cancu_json__member(const char *p, const char *end, const char *name,
                        const char **value, const char **value_end)
{
    size_t n = strlen(name);

    p = skip_space(p, end);
    if (p >= end || *p != '{')
        return false;
    p = skip_space(p + 1, end);
    if (p < end && *p == '}')
        return false;
    while (p < end && *p == '"') {
        bool escaped;
        const char *key = p + 1, *key_end = skip_string(p, end, &escaped);
        const char *v, *v_end;

        if (!key_end)
            return false;
        p = skip_space(key_end, end);
        if (p >= end || *p != ':')
            return false;
        v = skip_space(p + 1, end);
        v_end = cancu_json__skip(v, end);
        if (!v_end)
            return false;
        /* 'name' holds nothing JSON escapes: a key with a backslash is
         * another. */
        if (!escaped && (size_t)(key_end - 1 - key) == n &&
            memcmp(key, name, n) == 0) {
            *value = v;
            *value_end = v_end;
            return true;
        }
        p = skip_space(v_end, end);
        if (p >= end || *p != ',')
            return false;
        p = skip_space(p + 1, end);
    }
    return false;
}

bool cancu_json__next_item(const char **p, const char *end, const char **item,
                           const char **item_end)
{
    const char *at = skip_space(*p, end);

    if (at >= end)
        return false;
    /* The first item follows the '[', the next ones a ','. */
    if (*at != '[' && *at != ',')
        return false;
    at = skip_space(at + 1, end);
    if (at >= end || *at == ']')
        return false;
    *item = at;
    *item_end = cancu_json__skip(at, end);
    if (!*item_end)
        return false;
    *p = *item_end;
    return true;
}

bool cancu_json__string_is(const char *value, const char *value_end,
                           const char *s)
{
    size_t n = strlen(s);
    bool escaped = false, same;
    json_t *decoded;

    if (value >= value_end || *value != '"')
        return false;
    for (const char *c = value + 1; c < value_end - 1; c++)
        escaped = escaped || *c == '\\';
    if (!escaped)
        return (size_t)(value_end - value - 2) == n &&
               memcmp(value + 1, s, n) == 0;
    decoded = json_loadb(value, (size_t)(value_end - value),
                         JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
    same = json_is_string(decoded) && json_string_length(decoded) == n &&
           memcmp(json_string_value(decoded), s, n) == 0;
    json_decref(decoded);
    return same;
}
