/* The JSON and text backends of the command's printer. The JSON one
 * builds the document with jansson, which writes it as cancu always
 * has; the text one writes as it goes. */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/sprinter.h"

/* How deep maps and lists nest, at most. */
#define MAX_DEPTH 32

typedef struct json_sprinter {
    sprinter_t vtable;
    FILE *stream;
    json_t *root;
    json_t *stack[MAX_DEPTH];
    size_t depth;
    /* The key the next value goes under, in a map. */
    char *key;
    bool failed;
} json_sprinter_t;

/* Put 'value' where the printer stands; steals it. */
static void json_put(json_sprinter_t *js, json_t *value)
{
    json_t *parent = js->depth ? js->stack[js->depth - 1] : NULL;

    if (!value) {
        js->failed = true;
    } else if (!parent) {
        if (js->root)
            js->failed = true;
        json_decref(js->root);
        js->root = value;
        return;
    } else if (json_is_array(parent)) {
        if (json_array_append_new(parent, value))
            js->failed = true;
        return;
    } else if (js->key) {
        if (json_object_set_new(parent, js->key, value))
            js->failed = true;
        free(js->key);
        js->key = NULL;
        return;
    } else {
        js->failed = true;
    }
    json_decref(value);
}

static void json_open(json_sprinter_t *js, json_t *value)
{
    if (!value || js->depth == MAX_DEPTH) {
        js->failed = true;
        json_decref(value);
        return;
    }
    json_incref(value);
    json_put(js, value);
    js->stack[js->depth++] = value;
}

static void json_begin_map(sprinter_t *sp)
{
    json_open((json_sprinter_t *)sp, json_object());
}

static void json_begin_list(sprinter_t *sp)
{
    json_open((json_sprinter_t *)sp, json_array());
}

static void json_end(sprinter_t *sp)
{
    json_sprinter_t *js = (json_sprinter_t *)sp;

    if (!js->depth) {
        js->failed = true;
        return;
    }
    json_decref(js->stack[--js->depth]);
}

static void json_string_(sprinter_t *sp, const char *text)
{
    json_put((json_sprinter_t *)sp, text ? json_string(text) : json_null());
}

static void json_integer_(sprinter_t *sp, long long value)
{
    json_put((json_sprinter_t *)sp, json_integer((json_int_t)value));
}

static void json_boolean_(sprinter_t *sp, bool value)
{
    json_put((json_sprinter_t *)sp, json_boolean(value));
}

static void json_null_(sprinter_t *sp)
{
    json_put((json_sprinter_t *)sp, json_null());
}

static void json_map_key(sprinter_t *sp, const char *key)
{
    json_sprinter_t *js = (json_sprinter_t *)sp;
    size_t n = strlen(key) + 1;

    free(js->key);
    js->key = malloc(n);
    if (js->key)
        memcpy(js->key, key, n);
    else
        js->failed = true;
}

static void json_separator(sprinter_t *sp)
{
    (void)sp;
}

static int json_finish(sprinter_t *sp)
{
    json_sprinter_t *js = (json_sprinter_t *)sp;
    int rc = -1;

    while (js->depth)
        json_decref(js->stack[--js->depth]);
    if (!js->failed && js->root &&
        json_dumpf(js->root, js->stream,
                   JSON_INDENT(2) | JSON_PRESERVE_ORDER) == 0 &&
        fputc('\n', js->stream) != EOF)
        rc = 0;
    json_decref(js->root);
    free(js->key);
    free(js);
    return rc;
}

sprinter_t *sprinter_json_create(FILE *stream)
{
    json_sprinter_t *js = calloc(1, sizeof *js);

    if (!js)
        return NULL;
    js->vtable =
        (sprinter_t){json_begin_map, json_begin_list, json_end,   json_string_,
                     json_integer_,  json_boolean_,   json_null_, json_map_key,
                     json_separator, json_finish};
    js->stream = stream;
    return &js->vtable;
}

typedef struct text_sprinter {
    sprinter_t vtable;
    FILE *stream;
    bool failed;
} text_sprinter_t;

static void text_nothing(sprinter_t *sp)
{
    (void)sp;
}

static void text_string(sprinter_t *sp, const char *text)
{
    text_sprinter_t *ts = (text_sprinter_t *)sp;

    if (text && fputs(text, ts->stream) == EOF)
        ts->failed = true;
}

static void text_integer(sprinter_t *sp, long long value)
{
    text_sprinter_t *ts = (text_sprinter_t *)sp;

    if (fprintf(ts->stream, "%lld", value) < 0)
        ts->failed = true;
}

static void text_boolean(sprinter_t *sp, bool value)
{
    text_string(sp, value ? "true" : "false");
}

static void text_map_key(sprinter_t *sp, const char *key)
{
    (void)sp;
    (void)key;
}

static void text_separator(sprinter_t *sp)
{
    text_string(sp, "\n");
}

static int text_finish(sprinter_t *sp)
{
    text_sprinter_t *ts = (text_sprinter_t *)sp;
    int rc = ts->failed || fflush(ts->stream) == EOF ? -1 : 0;

    free(ts);
    return rc;
}

sprinter_t *sprinter_text_create(FILE *stream)
{
    text_sprinter_t *ts = calloc(1, sizeof *ts);

    if (!ts)
        return NULL;
    ts->vtable = (sprinter_t){
        text_nothing, text_nothing, text_nothing, text_string,    text_integer,
        text_boolean, text_nothing, text_map_key, text_separator, text_finish};
    ts->stream = stream;
    return &ts->vtable;
}

void sprinter_key_string(sprinter_t *sp, const char *key, const char *text)
{
    sp->map_key(sp, key);
    sp->string(sp, text);
}

void sprinter_key_string_or_null(sprinter_t *sp, const char *key,
                                 const char *text)
{
    sp->map_key(sp, key);
    sp->string(sp, text && *text ? text : NULL);
}

void sprinter_key_integer(sprinter_t *sp, const char *key, long long value)
{
    sp->map_key(sp, key);
    sp->integer(sp, value);
}
