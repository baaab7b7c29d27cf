/* Snippets that highlight what matched, also where it matched only once
 * accents were folded away (Xapian's own snippets miss those). */
#include <stdlib.h>
#include <string.h>

#include "index/analyzer.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"

/* Words of context shown before the first match. */
#define LEAD_WORDS 6

bool cancu_query_words__begin_phrase(cancu_query_words_t *words)
{
    if (words->count == words->cap) {
        size_t cap = words->cap ? words->cap * 2 : 8;
        cancu_query_phrase_t *p = realloc(words->phrases, cap * sizeof *p);

        if (!p)
            return false;
        words->phrases = p;
        words->cap = cap;
    }
    words->phrases[words->count].folded = NULL;
    words->phrases[words->count].count = 0;
    words->count++;
    return true;
}

bool cancu_query_words__add(cancu_query_words_t *words, const char *folded,
                            size_t len)
{
    cancu_query_phrase_t *phrase;
    char **p, *copy;

    if (!words->count && !cancu_query_words__begin_phrase(words))
        return false;
    phrase = &words->phrases[words->count - 1];
    copy = strndup(folded, len);
    p = realloc(phrase->folded, (phrase->count + 1) * sizeof *p);
    if (!copy || !p) {
        free(copy);
        if (p)
            phrase->folded = p;
        return false;
    }
    phrase->folded = p;
    phrase->folded[phrase->count++] = copy;
    return true;
}

void cancu_query_words__dispose(cancu_query_words_t *words)
{
    for (size_t i = 0; i < words->count; i++) {
        for (size_t k = 0; k < words->phrases[i].count; k++)
            free(words->phrases[i].folded[k]);
        free(words->phrases[i].folded);
    }
    free(words->phrases);
    memset(words, 0, sizeof *words);
}

typedef struct span {
    size_t start, end;
    size_t folded; /* offset of its folded term in the collector's text */
    bool matched;
    bool linked; /* matched within one phrase with the next word */
} span_t;

typedef struct collector {
    span_t *spans;
    size_t count, cap;
    cancu_strbuf_t folded; /* NUL-separated folded terms */
    bool failed;
} collector_t;

static bool collect(const cancu_token_t *token, void *payload)
{
    collector_t *c = payload;

    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        span_t *p = realloc(c->spans, cap * sizeof *p);

        if (!p) {
            c->failed = true;
            return false;
        }
        c->spans = p;
        c->cap = cap;
    }
    c->spans[c->count] =
        (span_t){token->start, token->end, c->folded.len, false, false};
    cancu_strbuf__append(&c->folded, token->folded, token->folded_len);
    cancu_strbuf__putc(&c->folded, '\0');
    c->count++;
    return !c->folded.failed;
}

/* Mark every run of words that spells a whole phrase of the query. */
static void mark_matches(collector_t *c, const cancu_query_words_t *words)
{
    for (size_t i = 0; i < c->count; i++) {
        for (size_t p = 0; p < words->count; p++) {
            const cancu_query_phrase_t *phrase = &words->phrases[p];
            size_t k = 0;

            if (!phrase->count || i + phrase->count > c->count)
                continue;
            while (k < phrase->count &&
                   strcmp(c->folded.data + c->spans[i + k].folded,
                          phrase->folded[k]) == 0)
                k++;
            if (k < phrase->count)
                continue;
            for (k = 0; k < phrase->count; k++) {
                c->spans[i + k].matched = true;
                if (k + 1 < phrase->count)
                    c->spans[i + k].linked = true;
            }
        }
    }
}

typedef struct ref_marker {
    collector_t *c;
    const cancu_query_words_t *words;
} ref_marker_t;

static cancu_status_t mark_reference(const char *id, size_t start, size_t end,
                                     void *payload)
{
    ref_marker_t *m = payload;
    bool wanted = false;
    span_t *last = NULL;

    for (size_t i = 0; i < m->words->nref_ids && !wanted; i++)
        wanted = strcmp(m->words->ref_ids[i], id) == 0;
    if (!wanted)
        return CANCU_STATUS_SUCCESS;
    for (size_t i = 0; i < m->c->count; i++) {
        span_t *s = &m->c->spans[i];

        if (s->start < start || s->end > end)
            continue;
        s->matched = true;
        if (last)
            last->linked = true;
        last = s;
    }
    return CANCU_STATUS_SUCCESS;
}

static bool only_spaces(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ')
            return false;
    return true;
}

static void append_plain(cancu_strbuf_t *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\t')
            cancu_strbuf__puts(out, " | ");
        else if (s[i] == '\n')
            cancu_strbuf__puts(out, " ‖ ");
        else
            cancu_strbuf__putc(out, s[i]);
    }
}

char *cancu_snippet__make(const char *text, const cancu_query_words_t *words,
                          const char *start, const char *end, size_t max_bytes,
                          cancu_word_cache_t *cache)
{
    collector_t c = {NULL, 0, 0, CANCU_STRBUF_INIT, false};
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    size_t len = strlen(text), first = 0, from = 0, to = len, cursor;

    if (cancu_analyzer__tokenize_cached(text, len, cache, collect, &c) ||
        c.failed || c.folded.failed) {
        free(c.spans);
        cancu_strbuf__dispose(&c.folded);
        return NULL;
    }
    mark_matches(&c, words);
    if (words->nref_ids) {
        ref_marker_t m = {&c, words};

        cancu_references__find(text, len, mark_reference, &m);
    }
    if (len > max_bytes && c.count) {
        size_t lead, i;

        while (first < c.count && !c.spans[first].matched)
            first++;
        if (first == c.count)
            first = 0;
        lead = first > LEAD_WORDS ? first - LEAD_WORDS : 0;
        from = lead ? c.spans[lead].start : 0;
        for (i = lead; i < c.count && c.spans[i].end - from <= max_bytes; i++)
            to = c.spans[i].end;
        if (i == c.count)
            to = len;
    }
    if (from > 0)
        cancu_strbuf__puts(&out, "… ");
    cursor = from;
    for (size_t i = 0; i < c.count; i++) {
        const span_t *s = &c.spans[i];
        size_t stop;

        if (!s->matched || s->start < from || s->end > to)
            continue;
        /* A phrase, and matched words with only spaces between, are
         * highlighted as one: [tinh giản biên chế], [60/2021/NĐ-CP]. */
        stop = s->end;
        while (i + 1 < c.count && c.spans[i + 1].matched &&
               c.spans[i + 1].end <= to &&
               (c.spans[i].linked ||
                only_spaces(text + stop, c.spans[i + 1].start - stop)))
            stop = c.spans[++i].end;
        append_plain(&out, text + cursor, s->start - cursor);
        cancu_strbuf__puts(&out, start);
        cancu_strbuf__append(&out, text + s->start, stop - s->start);
        cancu_strbuf__puts(&out, end);
        cursor = stop;
    }
    append_plain(&out, text + cursor, to - cursor);
    if (to < len)
        cancu_strbuf__puts(&out, " …");
    free(c.spans);
    cancu_strbuf__dispose(&c.folded);
    return cancu_strbuf__detach(&out);
}
