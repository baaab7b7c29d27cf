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
        /* 'name' holds nothing JSON escapes: a key with a backslash is
         * another. */
        if (!escaped && (size_t)(key_end - 1 - key) == n &&
            memcmp(key, name, n) == 0) {
            *value = v;
            if (!value_end)
                return v < end;
            *value_end = cancu_json__skip(v, end);
            return *value_end != NULL;
        }
        v_end = cancu_json__skip(v, end);
        if (!v_end)
            return false;
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

/* The loader: objects, arrays, strings with the short escapes, integers
 * and the three words, built as jansson builds them; anything else (a
 * \u escape, a real number, what is not JSON) sends the whole text to
 * jansson, so that it decides as before. */
#define LOAD_DEPTH_MAX 256

typedef struct loader {
    const char *p, *end;
    cancu_strbuf_t text; /* a string's bytes once its escapes are undone */
} loader_t;

static json_t *load_value(loader_t *l, unsigned int depth);

static bool is_delimiter(const loader_t *l)
{
    char c;

    if (l->p >= l->end)
        return true;
    c = *l->p;
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' ||
           c == '\n' || c == '\r';
}

/* The string at l->p (its opening quote) into l->text. */
static bool load_string(loader_t *l)
{
    const char *p = l->p + 1;

    cancu_strbuf__clear(&l->text);
    while (p < l->end) {
        const char *run = p;

        while (p < l->end && *p != '"' && *p != '\\' &&
               (unsigned char)*p >= 0x20)
            p++;
        cancu_strbuf__append(&l->text, run, (size_t)(p - run));
        if (p >= l->end || (unsigned char)*p < 0x20)
            return false;
        if (*p == '"') {
            l->p = p + 1;
            return !l->text.failed;
        }
        if (++p >= l->end)
            return false;
        switch (*p) {
        case '"':
        case '\\':
        case '/':
            cancu_strbuf__putc(&l->text, *p);
            break;
        case 'b':
            cancu_strbuf__putc(&l->text, '\b');
            break;
        case 'f':
            cancu_strbuf__putc(&l->text, '\f');
            break;
        case 'n':
            cancu_strbuf__putc(&l->text, '\n');
            break;
        case 'r':
            cancu_strbuf__putc(&l->text, '\r');
            break;
        case 't':
            cancu_strbuf__putc(&l->text, '\t');
            break;
        default: /* \u, or what is not an escape */
            return false;
        }
        p++;
    }
    return false;
}

static json_t *load_integer(loader_t *l)
{
    const char *p = l->p;
    bool negative = p < l->end && *p == '-';
    json_int_t value = 0;
    size_t digits = 0;

    if (negative)
        p++;
    if (p >= l->end || *p < '0' || *p > '9' ||
        (*p == '0' && p + 1 < l->end && p[1] >= '0' && p[1] <= '9'))
        return NULL;
    for (; p < l->end && *p >= '0' && *p <= '9' && digits < 18; p++, digits++)
        value = 10 * value + (*p - '0');
    l->p = p;
    if (!is_delimiter(l))
        return NULL;
    return json_integer(negative ? -value : value);
}

static json_t *load_word(loader_t *l, const char *word, json_t *value)
{
    size_t n = strlen(word);

    if ((size_t)(l->end - l->p) < n || memcmp(l->p, word, n) != 0)
        return NULL;
    l->p += n;
    return is_delimiter(l) ? value : NULL;
}

static json_t *load_object(loader_t *l, unsigned int depth)
{
    json_t *object = json_object();

    l->p = skip_space(l->p + 1, l->end);
    if (l->p < l->end && *l->p == '}') {
        l->p++;
        return object;
    }
    while (object) {
        json_t *value;
        const char *key, *key_end;
        bool escaped;

        /* A key is taken from the text: one with an escape is jansson's
         * to read. */
        if (l->p >= l->end || *l->p != '"')
            break;
        key = l->p + 1;
        key_end = skip_string(l->p, l->end, &escaped);
        if (!key_end || escaped)
            break;
        key_end--;
        for (const char *c = key; c < key_end && key; c++)
            if ((unsigned char)*c < 0x20)
                key = NULL;
        if (!key)
            break;
        l->p = skip_space(key_end + 1, l->end);
        if (l->p >= l->end || *l->p != ':')
            break;
        l->p = skip_space(l->p + 1, l->end);
        value = load_value(l, depth + 1);
        /* json_object_setn_new refuses a key that is not UTF-8, as the
         * parser does. */
        if (!value ||
            json_object_setn_new(object, key, (size_t)(key_end - key), value))
            break;
        l->p = skip_space(l->p, l->end);
        if (l->p < l->end && *l->p == '}') {
            l->p++;
            return object;
        }
        if (l->p >= l->end || *l->p != ',')
            break;
        l->p = skip_space(l->p + 1, l->end);
    }
    json_decref(object);
    return NULL;
}

static json_t *load_array(loader_t *l, unsigned int depth)
{
    json_t *array = json_array();

    l->p = skip_space(l->p + 1, l->end);
    if (l->p < l->end && *l->p == ']') {
        l->p++;
        return array;
    }
    while (array) {
        json_t *value = load_value(l, depth + 1);

        if (!value || json_array_append_new(array, value))
            break;
        l->p = skip_space(l->p, l->end);
        if (l->p < l->end && *l->p == ']') {
            l->p++;
            return array;
        }
        if (l->p >= l->end || *l->p != ',')
            break;
        l->p = skip_space(l->p + 1, l->end);
    }
    json_decref(array);
    return NULL;
}

static json_t *load_value(loader_t *l, unsigned int depth)
{
    if (l->p >= l->end || depth > LOAD_DEPTH_MAX)
        return NULL;
    switch (*l->p) {
    case '{':
        return load_object(l, depth);
    case '[':
        return load_array(l, depth);
    case '"':
        /* json_stringn refuses what is not UTF-8, as the parser does. */
        return load_string(l)
                   ? json_stringn(cancu_strbuf__cstr(&l->text), l->text.len)
                   : NULL;
    case 't':
        return load_word(l, "true", json_true());
    case 'f':
        return load_word(l, "false", json_false());
    case 'n':
        return load_word(l, "null", json_null());
    default:
        return load_integer(l);
    }
}

json_t *cancu_json__load(const char *text, size_t len)
{
    loader_t l = {text, text + len, CANCU_STRBUF_INIT};
    json_t *value = NULL;

    l.p = skip_space(l.p, l.end);
    if (l.p < l.end && (*l.p == '{' || *l.p == '['))
        value = load_value(&l, 1);
    if (value && skip_space(l.p, l.end) != l.end) {
        json_decref(value);
        value = NULL;
    }
    cancu_strbuf__dispose(&l.text);
    return value ? value : json_loadb(text, len, 0, NULL);
}

/* The value [v, v_end) as jansson parses it. */
static json_t *load_one(const char *v, const char *v_end)
{
    loader_t l = {v, v_end, CANCU_STRBUF_INIT};
    json_t *value = load_value(&l, 1);

    if (value && l.p != v_end) {
        json_decref(value);
        value = NULL;
    }
    cancu_strbuf__dispose(&l.text);
    return value ? value
                 : json_loadb(v, (size_t)(v_end - v), JSON_DECODE_ANY, NULL);
}

json_t *cancu_json__load_members(const char *text, size_t len,
                                 const char *const *names, size_t nnames)
{
    const char *p = skip_space(text, text + len), *end = text + len;
    json_t *object = json_object(), *whole;

    if (!object)
        return NULL;
    if (p >= end || *p != '{')
        goto whole;
    p = skip_space(p + 1, end);
    if (p < end && *p == '}')
        p++;
    while (p < end && *p == '"') {
        bool escaped;
        const char *key = p + 1, *key_end = skip_string(p, end, &escaped);
        const char *v, *v_end;
        size_t k = nnames;

        /* A key with an escape may spell a name: jansson says. */
        if (!key_end || escaped)
            goto whole;
        p = skip_space(key_end, end);
        if (p >= end || *p != ':')
            goto whole;
        v = skip_space(p + 1, end);
        v_end = cancu_json__skip(v, end);
        if (!v_end)
            goto whole;
        for (k = 0; k < nnames; k++)
            if ((size_t)(key_end - 1 - key) == strlen(names[k]) &&
                memcmp(key, names[k], (size_t)(key_end - 1 - key)) == 0)
                break;
        if (k < nnames) {
            json_t *value = load_one(v, v_end);

            /* The last of equal keys holds, as in jansson. */
            if (!value || json_object_set_new(object, names[k], value))
                goto whole;
        }
        p = skip_space(v_end, end);
        if (p < end && *p == '}') {
            p++;
            break;
        }
        if (p >= end || *p != ',')
            goto whole;
        p = skip_space(p + 1, end);
    }
    if (p > text && p[-1] == '}' && skip_space(p, end) == end)
        return object;
whole:
    json_decref(object);
    whole = cancu_json__load(text, len);
    if (!json_is_object(whole)) {
        json_decref(whole);
        return NULL;
    }
    object = json_object();
    for (size_t k = 0; object && k < nnames; k++) {
        json_t *value = json_object_get(whole, names[k]);

        if (value && json_object_set(object, names[k], value)) {
            json_decref(object);
            object = NULL;
        }
    }
    json_decref(whole);
    return object;
}
