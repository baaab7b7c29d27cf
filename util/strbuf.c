#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

bool cancu_strbuf__grow(cancu_strbuf_t *buf, size_t extra)
{
    size_t need, cap;
    char *data;

    if (buf->failed)
        return false;
    if (!cancu_size_add(buf->len, extra, &need) ||
        !cancu_size_add(need, 1, &need)) {
        buf->failed = true;
        return false;
    }
    if (need <= buf->cap)
        return true;
    cap = buf->cap ? buf->cap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    data = realloc(buf->data, cap);
    if (!data) {
        buf->failed = true;
        return false;
    }
    buf->data = data;
    buf->cap = cap;
    return true;
}

void cancu_strbuf__append(cancu_strbuf_t *buf, const char *s, size_t len)
{
    if (!cancu_strbuf__grow(buf, len))
        return;
    if (len)
        memcpy(buf->data + buf->len, s, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
}

void cancu_strbuf__puts(cancu_strbuf_t *buf, const char *s)
{
    cancu_strbuf__append(buf, s, strlen(s));
}

void cancu_strbuf__putc(cancu_strbuf_t *buf, char c)
{
    cancu_strbuf__append(buf, &c, 1);
}

void cancu_strbuf__printf(cancu_strbuf_t *buf, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !cancu_strbuf__grow(buf, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
}

void cancu_strbuf__json_string(cancu_strbuf_t *buf, const char *s, size_t len)
{
    size_t from = 0;

    cancu_strbuf__putc(buf, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char escape[8];
        const char *text = escape;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        cancu_strbuf__append(buf, s + from, i - from);
        from = i + 1;
        switch (c) {
        case '"':
            text = "\\\"";
            break;
        case '\\':
            text = "\\\\";
            break;
        case '\b':
            text = "\\b";
            break;
        case '\f':
            text = "\\f";
            break;
        case '\n':
            text = "\\n";
            break;
        case '\r':
            text = "\\r";
            break;
        case '\t':
            text = "\\t";
            break;
        default:
            snprintf(escape, sizeof escape, "\\u%04X", (unsigned)c);
        }
        cancu_strbuf__puts(buf, text);
    }
    cancu_strbuf__append(buf, s + from, len - from);
    cancu_strbuf__putc(buf, '"');
}

void cancu_strbuf__clear(cancu_strbuf_t *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

char *cancu_strbuf__detach(cancu_strbuf_t *buf)
{
    char *data = buf->data;

    if (!data && !buf->failed)
        data = calloc(1, 1);
    if (buf->failed) {
        free(buf->data);
        data = NULL;
    }
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = false;
    return data;
}

void cancu_strbuf__dispose(cancu_strbuf_t *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
    buf->failed = false;
}

const char *cancu_strbuf__cstr(const cancu_strbuf_t *buf)
{
    return buf->data ? buf->data : "";
}
