/* Full-text search: query words through the same analyzer as the index,
 * each matched exactly or with accents folded, exact matches weighted
 * higher. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"

/* An exact-accent match counts this much more than a folded one. */
#define EXACT_WEIGHT 2.0
#define SNIPPET_BYTES 240

struct cancu_hit {
    const char *plan, *plan_title, *plan_path, *section, *kind, *text, *snippet;
    size_t line;
    double score;
};

struct cancu_results {
    cancu_arena_t *arena;
    struct cancu_hit *hits;
    size_t count;
    size_t total;
};

/* A group of words matched together: one word, or a phrase. */
typedef struct word {
    char *exact;
    char *folded;
    size_t group;
} word_t;

typedef struct parsed {
    word_t *words;
    size_t count, cap;
    size_t groups;
    bool quoted; /* Inside "...": the whole quote is one group. */
    bool failed;
    cancu_query_words_t highlight;
    /* Canonical ids of the references typed in the query. */
    char **refs;
    size_t nrefs;
    /* Field filters (plan:, year:, lead:, cites:, area:), as the terms
     * each accepts: a document passes when it has one term of each. */
    char **filters[8];
    size_t nfilters[8];
    size_t nfields;
} parsed_t;

static bool add_word(const cancu_token_t *token, void *payload)
{
    parsed_t *p = payload;
    word_t *w;

    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        word_t *words = realloc(p->words, cap * sizeof *words);

        if (!words) {
            p->failed = true;
            return false;
        }
        p->words = words;
        p->cap = cap;
    }
    w = &p->words[p->count];
    /* Words joined by punctuation, or inside quotes, form one phrase. */
    if (!(p->quoted && token->position > 0) && !token->joined) {
        p->groups++;
        if (!cancu_query_words__begin_phrase(&p->highlight)) {
            p->failed = true;
            return false;
        }
    }
    w->group = p->groups - 1;
    w->exact = strndup(token->exact, token->exact_len);
    w->folded = strndup(token->folded, token->folded_len);
    if (!w->exact || !w->folded ||
        !cancu_query_words__add(&p->highlight, token->folded,
                                token->folded_len)) {
        free(w->exact);
        free(w->folded);
        p->failed = true;
        return false;
    }
    p->count++;
    return true;
}

static void parsed_dispose(parsed_t *p)
{
    for (size_t i = 0; i < p->count; i++) {
        free(p->words[i].exact);
        free(p->words[i].folded);
    }
    free(p->words);
    cancu_query_words__dispose(&p->highlight);
    for (size_t i = 0; i < p->nrefs; i++)
        free(p->refs[i]);
    free(p->refs);
    for (size_t f = 0; f < p->nfields; f++) {
        for (size_t i = 0; i < p->nfilters[f]; i++)
            free(p->filters[f][i]);
        free(p->filters[f]);
    }
}

static cancu_status_t add_reference(const char *id, size_t start, size_t end,
                                    void *payload)
{
    parsed_t *p = payload;
    char **refs = realloc(p->refs, (p->nrefs + 1) * sizeof *refs);

    (void)start;
    (void)end;
    if (!refs)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    p->refs = refs;
    p->refs[p->nrefs] = strdup(id);
    if (!p->refs[p->nrefs])
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    p->nrefs++;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t parse(parsed_t *p, const char *query)
{
    const char *s = query;
    cancu_status_t status;

    /* A reference typed in any of its spellings also matches its
     * canonical term, as written in any other. */
    status = cancu_references__find(query, strlen(query), add_reference, p);
    if (status)
        return status;
    p->highlight.ref_ids = p->refs;
    p->highlight.nref_ids = p->nrefs;
    while (*s) {
        const char *quote = strchr(s, '"');
        size_t len = quote ? (size_t)(quote - s) : strlen(s);

        status = cancu_analyzer__tokenize(s, len, add_word, p);
        if (status)
            return status;
        if (p->failed)
            break;
        if (!quote)
            break;
        s = quote + 1;
        /* Toggle between outside and inside quotes. */
        p->quoted = !p->quoted;
    }
    if (p->failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (p->count == 0 && p->nfields == 0)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "query '%s' has no word to search for", query);
    return CANCU_STATUS_SUCCESS;
}

/* The words as one phrase of folded terms (the only ones indexed with
 * positions), and exact matches of the words anywhere in the passage
 * adding weight: exact terms carry no positions, which halves what
 * ingest writes. */
static cancu_xapian_query_t *form_query(const word_t *words, size_t n)
{
    cancu_xapian_query_t **folded = calloc(n, sizeof *folded);
    cancu_xapian_query_t **exact = calloc(n, sizeof *exact);
    cancu_xapian_query_t *pair[2] = {NULL, NULL};

    if (!folded || !exact) {
        free(folded);
        free(exact);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;

        cancu_strbuf__puts(&term, CANCU_PREFIX_FOLDED);
        cancu_strbuf__puts(&term, words[i].folded);
        if (!term.failed)
            folded[i] = cancu_xapian_query_term(term.data, term.len);
        cancu_strbuf__dispose(&term);
        exact[i] =
            cancu_xapian_query_term(words[i].exact, strlen(words[i].exact));
    }
    pair[0] = n == 1
                  ? folded[0]
                  : cancu_xapian_query_combine(CANCU_XAPIAN_PHRASE, folded, n);
    pair[1] = cancu_xapian_query_scale(
        n == 1 ? exact[0]
               : cancu_xapian_query_combine(CANCU_XAPIAN_AND, exact, n),
        EXACT_WEIGHT);
    free(folded);
    free(exact);
    return cancu_xapian_query_combine(CANCU_XAPIAN_AND_MAYBE, pair, 2);
}

/* The query of the words of 'text' as a phrase. */
static cancu_xapian_query_t *text_query(const char *text)
{
    parsed_t words = {0};
    cancu_xapian_query_t *q;

    if (cancu_analyzer__tokenize(text, strlen(text), add_word, &words) ||
        words.failed || !words.count) {
        parsed_dispose(&words);
        return NULL;
    }
    q = form_query(words.words, words.count);
    parsed_dispose(&words);
    return q;
}

/* The other side of an abbreviation a plan defined: "TTHC" for "thủ
 * tục hành chính" and back; NULL when 'folded' is neither. */
static char *abbreviation_of(cancu_archive_t *archive, const char *kind,
                             const char *folded)
{
    cancu_strbuf_t key = CANCU_STRBUF_INIT;
    char *value = NULL;

    cancu_strbuf__printf(&key, "%s:%s", kind, folded);
    if (key.failed ||
        cancu_xapian_get_metadata(archive->db, key.data, &value) || !*value) {
        free(value);
        value = NULL;
    }
    cancu_strbuf__dispose(&key);
    return value;
}

/* OR 'q' with the query of what 'folded' abbreviates or is abbreviated
 * to. Takes 'q'. */
static cancu_xapian_query_t *with_abbreviation(cancu_archive_t *archive,
                                               cancu_xapian_query_t *q,
                                               const char *folded)
{
    char *other = abbreviation_of(archive, "abbr", folded);
    cancu_xapian_query_t *pair[2] = {q, NULL};

    if (!other)
        other = abbreviation_of(archive, "abbr-of", folded);
    if (!other)
        return q;
    pair[1] = text_query(other);
    free(other);
    if (!pair[1])
        return q;
    return cancu_xapian_query_combine(CANCU_XAPIAN_OR, pair, 2);
}

/* The folded words of groups [first, last), joined by spaces. */
static void folded_words(const parsed_t *p, size_t from, size_t to,
                         cancu_strbuf_t *out)
{
    for (size_t i = from; i < to; i++) {
        if (i > from)
            cancu_strbuf__putc(out, ' ');
        cancu_strbuf__puts(out, p->words[i].folded);
    }
}

static cancu_xapian_query_t *build_query(const parsed_t *p,
                                         cancu_archive_t *archive)
{
    cancu_xapian_query_t **groups = calloc(p->groups + 1, sizeof *groups);
    cancu_xapian_query_t *all;
    size_t i = 0;

    if (!groups)
        return NULL;
    for (size_t g = 0; g < p->groups; g++) {
        size_t first = i;

        while (i < p->count && p->words[i].group == g)
            i++;
        groups[g] = form_query(p->words + first, i - first);
        {
            /* An abbreviation, or a phrase one abbreviates. */
            cancu_strbuf_t f = CANCU_STRBUF_INIT;

            folded_words(p, first, i, &f);
            if (!f.failed && groups[g])
                groups[g] = with_abbreviation(archive, groups[g], f.data);
            cancu_strbuf__dispose(&f);
        }
    }
    all = p->groups
              ? cancu_xapian_query_combine(CANCU_XAPIAN_AND, groups, p->groups)
              : NULL;
    if (all && p->groups > 1) {
        /* The words typed, together, as what an abbreviation stands
         * for: "thủ tục hành chính" finds "TTHC". */
        cancu_strbuf_t f = CANCU_STRBUF_INIT;

        folded_words(p, 0, p->count, &f);
        if (!f.failed)
            all = with_abbreviation(archive, all, f.data);
        cancu_strbuf__dispose(&f);
    }
    for (size_t r = 0; all && r < p->nrefs; r++) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;
        cancu_xapian_query_t *pair[2] = {all, NULL};

        cancu_strbuf__puts(&term, CANCU_PREFIX_REFERENCE);
        cancu_strbuf__puts(&term, p->refs[r]);
        if (!term.failed)
            pair[1] = cancu_xapian_query_term(term.data, term.len);
        cancu_strbuf__dispose(&term);
        all = cancu_xapian_query_combine(CANCU_XAPIAN_OR, pair, 2);
    }
    {
        /* Passages and tasks, then every field's terms. */
        cancu_xapian_query_t **parts = calloc(p->nfields + 2, sizeof *parts);
        cancu_xapian_query_t *types[2] = {
            cancu_xapian_query_term(CANCU_PREFIX_TYPE "passage",
                                    strlen(CANCU_PREFIX_TYPE "passage")),
            cancu_xapian_query_term(CANCU_PREFIX_TYPE "task",
                                    strlen(CANCU_PREFIX_TYPE "task"))};
        cancu_xapian_query_t *type =
            cancu_xapian_query_combine(CANCU_XAPIAN_OR, types, 2);
        size_t n = 0;

        if (!parts) {
            cancu_xapian_query_destroy(all);
            cancu_xapian_query_destroy(type);
            free(groups);
            return NULL;
        }
        parts[n++] = p->groups ? all : type;
        if (p->groups)
            parts[n++] = type;
        for (size_t f = 0; f < p->nfields; f++) {
            cancu_xapian_query_t **alts =
                calloc(p->nfilters[f] + 1, sizeof *alts);

            for (size_t k = 0; alts && k < p->nfilters[f]; k++)
                alts[k] = cancu_xapian_query_term(p->filters[f][k],
                                                  strlen(p->filters[f][k]));
            parts[n++] = alts ? cancu_xapian_query_combine(CANCU_XAPIAN_OR,
                                                           alts, p->nfilters[f])
                              : NULL;
            free(alts);
        }
        all = cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, parts, n);
        free(parts);
    }
    free(groups);
    return all;
}

typedef struct term_match {
    const char *prefix;
    const char *folded; /* what the term must contain */
    char ***terms;
    size_t *count;
    bool failed;
} term_match_t;

static bool push_term(char ***terms, size_t *count, const char *s, size_t len)
{
    char **p = realloc(*terms, (*count + 1) * sizeof *p);

    if (!p)
        return false;
    *terms = p;
    p[*count] = strndup(s, len);
    if (!p[*count])
        return false;
    (*count)++;
    return true;
}

static bool match_term(const char *term, size_t len, void *payload)
{
    term_match_t *m = payload;
    size_t skip = strlen(m->prefix);
    char key[256];

    if (len - skip >= sizeof key)
        return true;
    memcpy(key, term + skip, len - skip);
    key[len - skip] = '\0';
    if (strstr(key, m->folded) && !push_term(m->terms, m->count, term, len)) {
        m->failed = true;
        return false;
    }
    return true;
}

/* The terms of one field filter's value. */
static cancu_status_t field_terms(parsed_t *p, cancu_archive_t *archive,
                                  const char *name, const char *value)
{
    size_t f = p->nfields;
    char ***terms = &p->filters[f];
    size_t *count = &p->nfilters[f];
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (f == sizeof p->filters / sizeof *p->filters)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "too many field filters");
    p->nfields++;
    if (strcmp(name, "plan") == 0) {
        char *id = NULL;

        status = cancu_archive__find_plan(archive, value, &id);
        if (!status) {
            cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_DOC, id);
            if (term.failed || !push_term(terms, count, term.data, term.len))
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
        }
        free(id);
    } else if (strcmp(name, "year") == 0) {
        cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_YEAR, value);
        if (term.failed || !push_term(terms, count, term.data, term.len))
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    } else if (strcmp(name, "cites") == 0) {
        cancu_typed_ref_t tr;

        status = cancu_typed_ref__parse(&tr, value);
        if (!status)
            status = cancu_archive__reference_terms(archive, &tr, terms, count);
        cancu_typed_ref__dispose(&tr);
    } else {
        /* lead: and area: match part of the name, accents ignored. */
        char folded[256];
        term_match_t m = {strcmp(name, "lead") == 0 ? CANCU_PREFIX_UNIT
                                                    : CANCU_PREFIX_AREA,
                          folded, terms, count, false};

        cancu_fold__ascii(value, strlen(value), folded, sizeof folded);
        status =
            cancu_xapian_foreach_term(archive->db, m.prefix, match_term, &m);
        if (!status && m.failed)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    cancu_strbuf__dispose(&term);
    if (!status && !*count) {
        /* Nothing can match: a term no document has. */
        if (!push_term(terms, count, "XNONE", 5))
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    return status;
}

/* Take the field filters out of the query ("plan:ID", "year:2022",
 * "lead:...", "cites:...", "area:...", a value in quotes when it has
 * spaces); *words_out gets the rest. */
static cancu_status_t extract_fields(parsed_t *p, cancu_archive_t *archive,
                                     const char *query, char **words_out)
{
    static const char *const names[] = {"plan", "year", "lead", "cites",
                                        "area"};
    cancu_strbuf_t words = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    const char *s = query;

    while (*s && !status) {
        const char *start = s;
        bool taken = false;

        while (*s == ' ')
            s++;
        for (size_t k = 0; k < sizeof names / sizeof *names && !taken; k++) {
            size_t n = strlen(names[k]);
            char value[512];
            const char *v, *end;

            if ((s != query && s[-1] != ' ') || strncmp(s, names[k], n) != 0 ||
                s[n] != ':')
                continue;
            v = s + n + 1;
            if (*v == '"') {
                v++;
                end = strchr(v, '"');
                if (!end)
                    end = v + strlen(v);
                s = *end ? end + 1 : end;
            } else {
                end = v + strcspn(v, " ");
                s = end;
            }
            snprintf(value, sizeof value, "%.*s", (int)(end - v), v);
            status = field_terms(p, archive, names[k], value);
            taken = true;
        }
        if (!taken) {
            /* A word or a quoted phrase, kept whole. */
            const char *end = s;

            if (*end == '"') {
                const char *close = strchr(end + 1, '"');

                end = close ? close + 1 : end + strlen(end);
            } else {
                end += strcspn(end, " ");
            }
            cancu_strbuf__append(&words, start, (size_t)(end - start));
            s = end;
        }
    }
    if (!status && words.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    *words_out = cancu_strbuf__detach(&words);
    if (!status && !*words_out)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return status;
}

static const char *field(cancu_arena_t *arena, json_t *root, const char *key)
{
    const char *s = json_string_value(json_object_get(root, key));

    return cancu_arena__strdup(arena, s ? s : "");
}

/* Title and path of plan 'id', remembered across the hits of one search. */
typedef struct plan_cache {
    const char *id, *title, *path;
} plan_cache_t;

static cancu_status_t fill_hit(cancu_results_t *r, struct cancu_hit *hit,
                               cancu_archive_t *archive, const char *data,
                               size_t len, const parsed_t *p,
                               const cancu_search_options_t *o,
                               plan_cache_t *cache, size_t *ncache)
{
    json_t *root = json_loadb(data, len, 0, NULL);
    char *snippet;

    if (!root)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a passage record is damaged");
    hit->plan = field(r->arena, root, "plan");
    hit->section = field(r->arena, root, "section");
    hit->kind = field(r->arena, root, "kind");
    hit->text = field(r->arena, root, "text");
    hit->line = (size_t)json_integer_value(json_object_get(root, "line"));
    json_decref(root);
    if (!hit->plan || !hit->section || !hit->kind || !hit->text)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    snippet = cancu_snippet__make(
        hit->text, &p->highlight, o->highlight_start ? o->highlight_start : "[",
        o->highlight_end ? o->highlight_end : "]", SNIPPET_BYTES);
    hit->snippet = snippet ? cancu_arena__strdup(r->arena, snippet) : NULL;
    free(snippet);
    if (!hit->snippet)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");

    for (size_t i = 0; i < *ncache; i++)
        if (strcmp(cache[i].id, hit->plan) == 0) {
            hit->plan_title = cache[i].title;
            hit->plan_path = cache[i].path;
            return CANCU_STATUS_SUCCESS;
        }
    char *json = NULL;
    cancu_status_t status = cancu_archive__plan_json(archive, hit->plan, &json);
    if (status)
        return status;
    root = json_loads(json, 0, NULL);
    free(json);
    hit->plan_title = field(r->arena, root, "title");
    hit->plan_path = field(r->arena, root, "path");
    json_decref(root);
    if (!hit->plan_title || !hit->plan_path)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cache[*ncache].id = hit->plan;
    cache[*ncache].title = hit->plan_title;
    cache[*ncache].path = hit->plan_path;
    (*ncache)++;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t run(cancu_results_t *r, cancu_archive_t *archive,
                          const cancu_xapian_query_t *query, const parsed_t *p,
                          const cancu_search_options_t *o)
{
    cancu_xapian_mset_t *mset = NULL;
    plan_cache_t *cache;
    size_t ncache = 0;
    cancu_status_t status;

    status =
        cancu_xapian_search(archive->db, query, o->offset, o->limit, &mset);
    if (status)
        return status;
    r->total = cancu_xapian_mset_estimate(mset);
    r->count = cancu_xapian_mset_size(mset);
    r->hits = cancu_arena__alloc(r->arena, (r->count + 1) * sizeof *r->hits);
    cache = calloc(r->count + 1, sizeof *cache);
    if (!r->hits || !cache) {
        free(cache);
        cancu_xapian_mset_destroy(mset);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    for (size_t i = 0; !status && i < r->count; i++) {
        size_t len;
        const char *data = cancu_xapian_mset_data(mset, i, &len);

        r->hits[i].score = cancu_xapian_mset_weight(mset, i);
        status =
            fill_hit(r, &r->hits[i], archive, data, len, p, o, cache, &ncache);
    }
    free(cache);
    cancu_xapian_mset_destroy(mset);
    return status;
}

cancu_status_t cancu_search(cancu_results_t **out, cancu_archive_t *archive,
                            const char *query,
                            const cancu_search_options_t *options)
{
    cancu_search_options_t defaults = CANCU_SEARCH_OPTIONS_INIT;
    parsed_t p = {0};
    cancu_xapian_query_t *xq = NULL;
    cancu_results_t *r = NULL;
    char *words = NULL;
    cancu_status_t status;

    assert(out && archive && query);
    *out = NULL;
    if (!options)
        options = &defaults;
    status = extract_fields(&p, archive, query, &words);
    if (!status)
        status = parse(&p, words);
    if (!status) {
        xq = build_query(&p, archive);
        if (!xq)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    for (int attempt = 0; !status && attempt < CANCU_ARCHIVE_RETRIES;
         attempt++) {
        r = calloc(1, sizeof *r);
        if (!r || !(r->arena = cancu_arena__new())) {
            free(r);
            r = NULL;
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
            break;
        }
        status = run(r, archive, xq, &p, options);
        if (status != CANCU_STATUS_OPERATION_INVALIDATED)
            break;
        /* A writer committed meanwhile: read the new revision. */
        cancu_results_destroy(r);
        r = NULL;
        if (attempt + 1 == CANCU_ARCHIVE_RETRIES)
            break;
        status = cancu_xapian_reopen(archive->db);
    }
    cancu_xapian_query_destroy(xq);
    parsed_dispose(&p);
    free(words);
    if (status) {
        cancu_results_destroy(r);
        return status;
    }
    *out = r;
    return CANCU_STATUS_SUCCESS;
}

size_t cancu_results_total(const cancu_results_t *results)
{
    return results->total;
}

size_t cancu_results_count(const cancu_results_t *results)
{
    return results->count;
}

const cancu_hit_t *cancu_results_get(const cancu_results_t *results,
                                     size_t index)
{
    return index < results->count ? &results->hits[index] : NULL;
}

void cancu_results_destroy(cancu_results_t *results)
{
    if (!results)
        return;
    cancu_arena__destroy(results->arena);
    free(results);
}

const char *cancu_hit_plan(const cancu_hit_t *hit)
{
    return hit->plan;
}
const char *cancu_hit_plan_title(const cancu_hit_t *hit)
{
    return hit->plan_title;
}
const char *cancu_hit_plan_path(const cancu_hit_t *hit)
{
    return hit->plan_path;
}
const char *cancu_hit_section(const cancu_hit_t *hit)
{
    return hit->section;
}
const char *cancu_hit_kind(const cancu_hit_t *hit)
{
    return hit->kind;
}
const char *cancu_hit_text(const cancu_hit_t *hit)
{
    return hit->text;
}
const char *cancu_hit_snippet(const cancu_hit_t *hit)
{
    return hit->snippet;
}
size_t cancu_hit_line(const cancu_hit_t *hit)
{
    return hit->line;
}
double cancu_hit_score(const cancu_hit_t *hit)
{
    return hit->score;
}
