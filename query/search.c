/* Full-text search: query words through the same analyzer as the index,
 * each matched exactly or with accents folded. Passages that match the
 * query as typed, accents included, come before those that match only
 * folded (see run). */
#include <assert.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

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
    /* Whose hit it is: its snippet is made when first asked for. */
    struct cancu_results *results;
};

struct cancu_results {
    cancu_arena_t *arena;
    struct cancu_hit *hits;
    size_t count;
    size_t total;
    /* What the snippets highlight, and with what; the analysed words the
     * snippets share (NULL until the first is made). A plan's page, which
     * shows every passage of the plan and none of their snippets, made
     * them for 16 of its 63 M instructions. */
    cancu_query_words_t highlight;
    const char *mark_start, *mark_end;
    cancu_word_cache_t *words;
};

/* A phrase as the folded terms a plan document's positions hold. */
typedef struct phrase {
    char **terms;
    size_t count;
} phrase_t;

/* Phrases any one of which will do. */
typedef struct phrases {
    phrase_t *items;
    size_t count;
} phrases_t;

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
    /* Filters a passage must pass itself (cites:), not only its plan. */
    bool passage_filter[8];
    /* Filters of a task's values (lead:, area:): a plan passes when one
     * of its tasks has the value; of its matching passages, the tasks
     * that have it are kept when there are any, else all of them, so
     * that a plan a facet counts always gives hits. */
    bool task_filter[8];
    /* What a passage of a plan document must hold: a phrase of each
     * group (its words, or what they abbreviate or stand for), or the
     * phrase the whole query abbreviates. */
    phrases_t *group_phrases;
    phrases_t whole_phrases;
    /* Each group's words as typed, the exact terms in a row that a
     * passage matching the query as typed holds. */
    phrases_t *typed_phrases;
    /* The same, each group's exact terms one space apart (NULL when
     * memory ran out); and that with its first letter, then all its
     * letters, in capitals (NULL when they do not analyse back to the
     * exact terms, or memory ran out). */
    char **typed_spelled, **typed_title, **typed_upper;
    /* Each word's folded term, with its prefix (NULL when memory ran
     * out). */
    char **folded_terms;
    /* For each group, whether its words are all written without marks,
     * their exact terms then with positions in plan passages
     * (cancu_archive__exact_positioned); 'positioned' when every
     * group's are. */
    bool *group_positioned;
    bool positioned;
    /* For the texts whose words search reads (NULL: none). */
    cancu_word_cache_t *cache;
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

static void phrases_dispose(phrases_t *list)
{
    for (size_t i = 0; i < list->count; i++) {
        for (size_t k = 0; k < list->items[i].count; k++)
            free(list->items[i].terms[k]);
        free(list->items[i].terms);
    }
    free(list->items);
}

static void parsed_dispose(parsed_t *p)
{
    for (size_t g = 0; p->group_phrases && g < p->groups; g++)
        phrases_dispose(&p->group_phrases[g]);
    free(p->group_phrases);
    for (size_t g = 0; p->typed_phrases && g < p->groups; g++)
        phrases_dispose(&p->typed_phrases[g]);
    free(p->typed_phrases);
    for (size_t g = 0; p->typed_spelled && g < p->groups; g++)
        free(p->typed_spelled[g]);
    free(p->typed_spelled);
    for (size_t g = 0; p->typed_title && g < p->groups; g++)
        free(p->typed_title[g]);
    free(p->typed_title);
    for (size_t g = 0; p->typed_upper && g < p->groups; g++)
        free(p->typed_upper[g]);
    free(p->typed_upper);
    for (size_t k = 0; p->folded_terms && k < p->count; k++)
        free(p->folded_terms[k]);
    free(p->folded_terms);
    free(p->group_positioned);
    phrases_dispose(&p->whole_phrases);
    for (size_t i = 0; i < p->count; i++) {
        free(p->words[i].exact);
        free(p->words[i].folded);
    }
    free(p->words);
    cancu_query_words__dispose(&p->highlight);
    cancu_analyzer__cache_destroy(p->cache);
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

/* The words as one phrase of folded terms, and exact matches of the
 * words anywhere in the plan adding weight. Which passages match as
 * typed is decided from the exact terms' positions when the words are
 * all without marks (match_typed), from their text when not
 * (typed_passages): the index keeps no marked exact term's positions. */
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

/* Add the folded terms of 'n' words to 'list' as one phrase, or their
 * exact terms when 'exact'. */
static bool add_terms(phrases_t *list, const word_t *words, size_t n,
                      bool exact)
{
    phrase_t *items = realloc(list->items, (list->count + 1) * sizeof *items);
    phrase_t *ph;

    if (!items)
        return false;
    list->items = items;
    ph = &items[list->count];
    ph->count = 0;
    ph->terms = calloc(n + 1, sizeof *ph->terms);
    if (!ph->terms)
        return false;
    list->count++;
    for (size_t i = 0; i < n; i++) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;

        if (exact)
            cancu_strbuf__puts(&term, words[i].exact);
        else
            cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_FOLDED,
                                 words[i].folded);
        ph->terms[i] = cancu_strbuf__detach(&term);
        if (!ph->terms[i])
            return false;
        ph->count++;
    }
    return true;
}

static bool add_phrase(phrases_t *list, const word_t *words, size_t n)
{
    return add_terms(list, words, n, false);
}

/* The query of the words of 'text' as a phrase; the phrase also into
 * 'list'. */
static cancu_xapian_query_t *text_query(const char *text, phrases_t *list)
{
    parsed_t words = {0};
    cancu_xapian_query_t *q;

    if (cancu_analyzer__tokenize(text, strlen(text), add_word, &words) ||
        words.failed || !words.count ||
        !add_phrase(list, words.words, words.count)) {
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

    cancu_index__term(&key, kind, folded);
    if (key.failed ||
        cancu_xapian_get_metadata(archive->db, key.data, &value) || !*value) {
        free(value);
        value = NULL;
    }
    cancu_strbuf__dispose(&key);
    return value;
}

/* OR 'q' with the query of what 'folded' abbreviates or is abbreviated
 * to, that phrase also into 'list'. Takes 'q'. */
static cancu_xapian_query_t *with_abbreviation(cancu_archive_t *archive,
                                               cancu_xapian_query_t *q,
                                               const char *folded,
                                               phrases_t *list)
{
    char *other = abbreviation_of(archive, "abbr:", folded);
    cancu_xapian_query_t *pair[2] = {q, NULL};

    if (!other)
        other = abbreviation_of(archive, "abbr-of:", folded);
    if (!other)
        return q;
    pair[1] = text_query(other, list);
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

/* Do the words of 'written' (one space apart) analyse to the exact terms
 * 'spelled' has, one space apart? */
static bool analyses_to(const char *written, const char *spelled)
{
    cancu_strbuf_t exact = CANCU_STRBUF_INIT, folded = CANCU_STRBUF_INIT;
    bool same = true;

    while (same && *written && *spelled) {
        size_t wlen = strcspn(written, " "), slen = strcspn(spelled, " ");

        same = cancu_analyzer__word(written, wlen, &exact, &folded) &&
               exact.len == slen && memcmp(exact.data, spelled, slen) == 0 &&
               (written[wlen] == ' ') == (spelled[slen] == ' ');
        written += wlen + (written[wlen] == ' ');
        spelled += slen + (spelled[slen] == ' ');
    }
    same = same && !*written && !*spelled;
    cancu_strbuf__dispose(&exact);
    cancu_strbuf__dispose(&folded);
    return same;
}

/* 'spelled' (a group's exact terms one space apart) with its first
 * letter ('first') or all its letters in capitals, as a heading or a
 * sentence may write it; NULL when that is no other way of writing it
 * than in ASCII capitals (which has_as_written finds anyway), when its
 * words would not analyse back to the same exact terms, or when memory
 * ran out. */
static char *in_capitals(const char *spelled, bool first)
{
    UChar raw[256], upper[512];
    char out[1024];
    UErrorCode err = U_ZERO_ERROR;
    int32_t n, len, head;
    bool ascii = true;

    for (const char *c = spelled; *c; c++)
        ascii = ascii && (unsigned char)*c < 0x80;
    if (ascii)
        return NULL;
    u_strFromUTF8(raw, 256, &n, spelled, -1, &err);
    if (U_FAILURE(err) || n >= 256)
        return NULL;
    head = 0;
    if (first)
        U16_FWD_1(raw, head, n);
    else
        head = n;
    len = u_strToUpper(upper, 512, raw, head, "", &err);
    if (U_FAILURE(err) || len + (n - head) >= 512)
        return NULL;
    memcpy(upper + len, raw + head, (size_t)(n - head) * sizeof *raw);
    u_strToUTF8(out, (int32_t)sizeof out, NULL, upper, len + (n - head), &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING)
        return NULL;
    /* Its first letter in ASCII: has_as_written finds it already. */
    if (first && (unsigned char)out[0] < 0x80)
        return NULL;
    return analyses_to(out, spelled) ? strdup(out) : NULL;
}

static cancu_xapian_query_t *build_query(parsed_t *p, cancu_archive_t *archive)
{
    cancu_xapian_query_t **groups = calloc(p->groups + 1, sizeof *groups);
    cancu_xapian_query_t *all;
    size_t i = 0;

    p->group_phrases = calloc(p->groups + 1, sizeof *p->group_phrases);
    p->typed_phrases = calloc(p->groups + 1, sizeof *p->typed_phrases);
    p->typed_spelled = calloc(p->groups + 1, sizeof *p->typed_spelled);
    p->typed_title = calloc(p->groups + 1, sizeof *p->typed_title);
    p->typed_upper = calloc(p->groups + 1, sizeof *p->typed_upper);
    p->group_positioned = calloc(p->groups + 1, sizeof *p->group_positioned);
    p->folded_terms = calloc(p->count + 1, sizeof *p->folded_terms);
    if (!groups || !p->group_phrases || !p->typed_phrases ||
        !p->typed_spelled || !p->typed_title || !p->typed_upper ||
        !p->group_positioned || !p->folded_terms) {
        free(groups);
        return NULL;
    }
    p->positioned = true;
    for (size_t k = 0; k < p->count; k++) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;

        cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_FOLDED,
                             p->words[k].folded);
        p->folded_terms[k] = cancu_strbuf__detach(&term);
    }
    for (size_t g = 0; g < p->groups; g++) {
        size_t first = i;

        while (i < p->count && p->words[i].group == g)
            i++;
        groups[g] = form_query(p->words + first, i - first);
        if (groups[g] &&
            (!add_phrase(&p->group_phrases[g], p->words + first, i - first) ||
             !add_terms(&p->typed_phrases[g], p->words + first, i - first,
                        true))) {
            cancu_xapian_query_destroy(groups[g]);
            groups[g] = NULL;
        }
        {
            cancu_strbuf_t spelled = CANCU_STRBUF_INIT;

            for (size_t k = first; k < i; k++)
                cancu_strbuf__printf(&spelled, "%s%s", k > first ? " " : "",
                                     p->words[k].exact);
            p->typed_spelled[g] = cancu_strbuf__detach(&spelled);
            if (p->typed_spelled[g]) {
                p->typed_title[g] = in_capitals(p->typed_spelled[g], true);
                p->typed_upper[g] = in_capitals(p->typed_spelled[g], false);
            }
        }
        p->group_positioned[g] = true;
        for (size_t k = first; k < i; k++)
            p->group_positioned[g] =
                p->group_positioned[g] &&
                cancu_archive__exact_positioned(p->words[k].exact,
                                                strlen(p->words[k].exact));
        p->positioned = p->positioned && p->group_positioned[g];
        {
            /* An abbreviation, or a phrase one abbreviates. */
            cancu_strbuf_t f = CANCU_STRBUF_INIT;

            folded_words(p, first, i, &f);
            if (!f.failed && groups[g])
                groups[g] = with_abbreviation(archive, groups[g], f.data,
                                              &p->group_phrases[g]);
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
            all = with_abbreviation(archive, all, f.data, &p->whole_phrases);
        cancu_strbuf__dispose(&f);
    }
    for (size_t r = 0; all && r < p->nrefs; r++) {
        cancu_strbuf_t term = CANCU_STRBUF_INIT;
        cancu_xapian_query_t *pair[2] = {all, NULL};

        cancu_index__term(&term, CANCU_PREFIX_REFERENCE, p->refs[r]);
        if (!term.failed)
            pair[1] = cancu_xapian_query_term(term.data, term.len);
        cancu_strbuf__dispose(&term);
        all = cancu_xapian_query_combine(CANCU_XAPIAN_OR, pair, 2);
    }
    {
        /* Plans (for their passages, tasks among them), then every
         * field's terms. */
        cancu_xapian_query_t **parts = calloc(p->nfields + 2, sizeof *parts);
        cancu_xapian_query_t *type = cancu_xapian_query_term(
            CANCU_PREFIX_TYPE "plan", strlen(CANCU_PREFIX_TYPE "plan"));
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

/* 'q' (taken) for the documents of type 'type' only. */
static cancu_xapian_query_t *of_type(cancu_xapian_query_t *q, const char *type)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_xapian_query_t *pair[2] = {q, NULL};

    cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_TYPE, type);
    if (!term.failed)
        pair[1] = cancu_xapian_query_term(term.data, term.len);
    cancu_strbuf__dispose(&term);
    return cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, pair, 2);
}

typedef struct term_match {
    const char *prefix;
    const char *folded; /* what the term must contain */
    char ***terms;
    size_t *count;
    bool failed;
    bool fold; /* the terms are as written (issuer): fold them first */
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
    if (m->fold) {
        char as_written[256];

        memcpy(as_written, key, sizeof key);
        cancu_fold__ascii(as_written, len - skip, key, sizeof key);
    }
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

    /* "=VALUE" names one value exactly, as cancu_facet_value gives it. */
    bool exact = *value == '=';

    if (exact)
        value++;
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

        p->passage_filter[f] = true;
        if (exact) {
            /* A canonical id, as the cites facet gives it. */
            cancu_index__term(&term, CANCU_PREFIX_REFERENCE, value);
            if (term.failed || !push_term(terms, count, term.data, term.len))
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
        } else {
            status = cancu_typed_ref__parse(&tr, value);
            if (!status)
                status =
                    cancu_archive__reference_terms(archive, &tr, terms, count);
            cancu_typed_ref__dispose(&tr);
        }
    } else if (exact) {
        p->task_filter[f] = strcmp(name, "issuer") != 0;
        cancu_index__term(&term,
                          strcmp(name, "lead") == 0   ? CANCU_PREFIX_UNIT
                          : strcmp(name, "area") == 0 ? CANCU_PREFIX_AREA
                                                      : CANCU_PREFIX_ISSUER,
                          value);
        if (term.failed || !push_term(terms, count, term.data, term.len))
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    } else {
        /* lead:, area: and issuer: match part of the name, accents
         * ignored. */
        char folded[256];
        term_match_t m;

        p->task_filter[f] = strcmp(name, "issuer") != 0;
        m = (term_match_t){strcmp(name, "lead") == 0   ? CANCU_PREFIX_UNIT
                           : strcmp(name, "area") == 0 ? CANCU_PREFIX_AREA
                                                       : CANCU_PREFIX_ISSUER,
                           folded,
                           terms,
                           count,
                           false,
                           strcmp(name, "issuer") == 0};
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
 * "lead:...", "cites:...", "area:...", "issuer:...", a value in quotes
 * when it has spaces); *words_out gets the rest. */
static cancu_status_t extract_fields(parsed_t *p, cancu_archive_t *archive,
                                     const char *query, char **words_out)
{
    static const char *const names[] = {"plan",  "year", "lead",
                                        "cites", "area", "issuer"};
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

/* The hits found so far, in the order of the index's ranking of their
 * documents; a plan's passages among themselves by 'share' (see
 * match_typed), then in the order of the text ('order'). */
typedef struct found_hit {
    struct cancu_hit hit;
    double share;
    size_t order;
    /* A passage's line, kept (in the results' arena) to be parsed only
     * when the hit is on the page asked for: a plan's passages share its
     * rank, so a reading finds many more than a page holds. */
    const char *line;
    size_t line_len;
    /* Or, when finding the passage did not read its plan's data, where
     * its line is: the plan document (not 0) and the line's offset among
     * its lines. The data is read when the hit is on the page: most of a
     * reading's plans have none there (see page_line). */
    unsigned int docid;
    size_t line_at;
} found_hit_t;

/* Which passages of a plan document match on their own (match_passages),
 * by its document id: the second reading reads again the documents the
 * first read, and a query whose words are in every plan but in no one
 * passage reads every plan twice ('quản cán cải' on 1,000 plans, half
 * of its 350 M instructions finding the same passages twice). */
typedef struct marks_seen {
    unsigned int *docids; /* 0: a free slot */
    bool **marks;
    size_t count, cap; /* cap: 0 or a power of 2 */
} marks_seen_t;

typedef struct found {
    found_hit_t *items;
    size_t count, cap;
    marks_seen_t seen;
} found_t;

static size_t seen_slot(const marks_seen_t *m, unsigned int docid)
{
    size_t i = (docid * 2654435761u) & (m->cap - 1);

    while (m->docids[i] && m->docids[i] != docid)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The marks of 'docid' seen by an earlier reading, or NULL. */
static const bool *seen_marks(const marks_seen_t *m, unsigned int docid)
{
    size_t i;

    if (!m->cap || !docid)
        return NULL;
    i = seen_slot(m, docid);
    return m->docids[i] ? m->marks[i] : NULL;
}

/* Keep a copy of the 'n' marks of 'docid'; nothing when memory runs out
 * (the next reading finds them again). */
static void see_marks(marks_seen_t *m, unsigned int docid, const bool *marks,
                      size_t n)
{
    bool *copy;
    size_t i;

    if (!docid || seen_marks(m, docid))
        return;
    if (2 * (m->count + 1) > m->cap) {
        marks_seen_t grown = {NULL, NULL, m->count, m->cap ? 2 * m->cap : 64};

        grown.docids = calloc(grown.cap, sizeof *grown.docids);
        grown.marks = calloc(grown.cap, sizeof *grown.marks);
        if (!grown.docids || !grown.marks) {
            free(grown.docids);
            free(grown.marks);
            return;
        }
        for (size_t k = 0; k < m->cap; k++)
            if (m->docids[k]) {
                size_t at = seen_slot(&grown, m->docids[k]);

                grown.docids[at] = m->docids[k];
                grown.marks[at] = m->marks[k];
            }
        free(m->docids);
        free(m->marks);
        *m = grown;
    }
    if (!(copy = malloc(n + 1)))
        return;
    memcpy(copy, marks, n * sizeof *marks);
    i = seen_slot(m, docid);
    m->docids[i] = docid;
    m->marks[i] = copy;
    m->count++;
}

static void seen_dispose(marks_seen_t *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->marks[i]);
    free(m->docids);
    free(m->marks);
}

static struct cancu_hit *new_hit(found_t *f)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 32;
        found_hit_t *items = realloc(f->items, cap * sizeof *items);

        if (!items)
            return NULL;
        f->items = items;
        f->cap = cap;
    }
    memset(&f->items[f->count], 0, sizeof *f->items);
    f->items[f->count].order = f->count;
    return &f->items[f->count++].hit;
}

/* A word of a text that is one of the query's: the query's exact term
 * it is as typed (or NULL), the folded term of the query's it is (or
 * NULL; with its prefix), and its position. */
typedef struct text_word {
    const char *exact, *folded;
    unsigned int position;
} text_word_t;

/* The words of a text that the query has, as typed and, with 'folded',
 * folded (the terms of its phrases, abbreviations included). */
typedef struct text_words {
    const parsed_t *query;
    bool folded;
    text_word_t *items;
    size_t count, cap;
    bool failed;
} text_words_t;

/* The positions of a plan document's terms, each read once; or, with
 * 'text', of the words of a text (a task's, or a passage's when a word
 * of the query has marks: the index has no such exact term's
 * positions). */
typedef struct positions {
    cancu_archive_t *archive;
    unsigned int docid;
    struct {
        const char *term;
        unsigned int *at;
        size_t count;
    } * terms;
    size_t count;
    const text_words_t *text;
} positions_t;

static bool is_form(const char *term, const char *form, size_t len)
{
    return strncmp(term, form, len) == 0 && term[len] == '\0';
}

/* The term of 'list' that is folded word 'form', or NULL. */
static const char *folded_term_in(const phrases_t *list, const char *form,
                                  size_t len)
{
    size_t skip = strlen(CANCU_PREFIX_FOLDED);

    for (size_t i = 0; i < list->count; i++)
        for (size_t k = 0; k < list->items[i].count; k++)
            if (is_form(list->items[i].terms[k] + skip, form, len))
                return list->items[i].terms[k];
    return NULL;
}

static bool add_text_word(const cancu_token_t *token, void *payload)
{
    text_words_t *t = payload;
    const parsed_t *q = t->query;
    const char *exact = NULL, *folded = NULL;

    for (size_t k = 0; !exact && k < q->count; k++)
        if (is_form(q->words[k].exact, token->exact, token->exact_len))
            exact = q->words[k].exact;
    for (size_t g = 0; t->folded && !folded && g < q->groups; g++)
        folded = folded_term_in(&q->group_phrases[g], token->folded,
                                token->folded_len);
    if (t->folded && !folded)
        folded =
            folded_term_in(&q->whole_phrases, token->folded, token->folded_len);
    if (!exact && !folded)
        return true;
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        text_word_t *items = realloc(t->items, cap * sizeof *items);

        if (!items) {
            t->failed = true;
            return false;
        }
        t->items = items;
        t->cap = cap;
    }
    t->items[t->count].exact = exact;
    t->items[t->count].folded = folded;
    t->items[t->count].position = token->position;
    t->count++;
    return true;
}

static void text_words_dispose(text_words_t *t)
{
    free(t->items);
}

/* The positions of 'term' (an exact term, or a folded one with its
 * prefix) among 'text''s words, ascending (malloc'd; NULL when none). */
static cancu_status_t text_positions(const text_words_t *text, const char *term,
                                     unsigned int **out, size_t *count)
{
    bool folded =
        strncmp(term, CANCU_PREFIX_FOLDED, strlen(CANCU_PREFIX_FOLDED)) == 0;

    *out = NULL;
    *count = 0;
    for (size_t i = 0; i < text->count; i++) {
        const text_word_t *w = &text->items[i];
        const char *as = folded ? w->folded : w->exact;

        if (!as || strcmp(as, term) != 0)
            continue;
        if (!*out && !(*out = malloc((text->count - i) * sizeof **out)))
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        (*out)[(*count)++] = w->position;
    }
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t positions_of(positions_t *ps, const char *term,
                                   const unsigned int **at, size_t *count)
{
    void *grown;
    cancu_status_t status;

    for (size_t i = 0; i < ps->count; i++)
        if (strcmp(ps->terms[i].term, term) == 0) {
            *at = ps->terms[i].at;
            *count = ps->terms[i].count;
            return CANCU_STATUS_SUCCESS;
        }
    grown = realloc(ps->terms, (ps->count + 1) * sizeof *ps->terms);
    if (!grown)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    ps->terms = grown;
    ps->terms[ps->count].term = term;
    status = ps->text ? text_positions(ps->text, term, &ps->terms[ps->count].at,
                                       &ps->terms[ps->count].count)
                      : cancu_xapian_positions(ps->archive->db, ps->docid, term,
                                               strlen(term),
                                               &ps->terms[ps->count].at,
                                               &ps->terms[ps->count].count);
    if (status)
        return status;
    *at = ps->terms[ps->count].at;
    *count = ps->terms[ps->count].count;
    ps->count++;
    return CANCU_STATUS_SUCCESS;
}

static void positions_dispose(positions_t *ps)
{
    for (size_t i = 0; i < ps->count; i++)
        free(ps->terms[i].at);
    free(ps->terms);
}

/* The index of the first of the 'count' ascending positions at 'at'
 * that is 'from' or more ('count' when none is). */
static size_t first_from(const unsigned int *at, size_t count,
                         unsigned int from)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (at[mid] < from)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool has_position(const unsigned int *at, size_t count,
                         unsigned int want)
{
    size_t i = first_from(at, count, want);

    return i < count && at[i] == want;
}

/* Is one of the 'count' ascending positions at 'at' in [from, to)? */
static bool has_position_in(const unsigned int *at, size_t count,
                            unsigned int from, unsigned int to)
{
    size_t i = first_from(at, count, from);

    return i < count && at[i] < to;
}

/* The passage holding position 'pos': the last one starting at or
 * before it. */
static size_t passage_at(const unsigned int *starts, size_t n, unsigned int pos)
{
    size_t lo = 0, hi = n;

    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;

        if (starts[mid] <= pos)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Mark the passages where one of 'list' occurs, its terms at
 * consecutive positions. */
static cancu_status_t mark_phrases(positions_t *ps, const phrases_t *list,
                                   const unsigned int *starts, size_t n,
                                   bool *marks)
{
    for (size_t i = 0; i < list->count; i++) {
        const phrase_t *ph = &list->items[i];
        const unsigned int *first;
        size_t nfirst;
        cancu_status_t status;

        if (!ph->count)
            continue;
        status = positions_of(ps, ph->terms[0], &first, &nfirst);
        for (size_t k = 0; !status && k < nfirst; k++) {
            bool whole = true;

            for (size_t w = 1; !status && whole && w < ph->count; w++) {
                const unsigned int *at;
                size_t count;

                status = positions_of(ps, ph->terms[w], &at, &count);
                whole = !status && first[k] <= UINT_MAX - w &&
                        has_position(at, count, first[k] + (unsigned int)w);
            }
            if (!status && whole)
                marks[passage_at(starts, n, first[k])] = true;
        }
        if (status)
            return status;
    }
    return CANCU_STATUS_SUCCESS;
}

/* A plan document as search reads it: its data, and where each passage
 * starts in its positions and its data (CANCU_SLOT_PASSAGES). */
typedef struct plan_doc {
    const char *data, *slot;
    size_t len, npassages;
    /* Its passages' lines, in 'data'. */
    const char *lines;
    size_t lines_len;
} plan_doc_t;

/* Read the data of the plan document at 'at' in 'mset' into 'pd'. */
static cancu_status_t fetch_plan(cancu_archive_t *archive,
                                 cancu_xapian_mset_t *mset, size_t at,
                                 plan_doc_t *pd)
{
    cancu_status_t status = cancu_xapian_mset_fetch_data(archive->db, mset, at);

    if (status)
        return status;
    pd->data = cancu_xapian_mset_data(mset, at, &pd->len);
    pd->lines = cancu_archive__plan_lines(pd->data, pd->len, &pd->lines_len);
    return CANCU_STATUS_SUCCESS;
}

/* The line of passage 'i', or NULL when the document is damaged. */
static const char *passage_line(const plan_doc_t *pd, size_t i, size_t *n)
{
    return cancu_archive__passage_line(
        pd->lines, pd->lines_len, cancu_archive__slot_offset(pd->slot, i), n);
}

/* Does passage 'i' hold one of 'terms' among its references' terms? */
static bool passage_has_term(const plan_doc_t *pd, size_t i, char *const *terms,
                             size_t nterms)
{
    size_t n;
    const char *line = passage_line(pd, i, &n);

    return line &&
           cancu_archive__passage_has_term(line, n, terms, nterms, NULL);
}

/* Which of a plan document's passages match the query on their own, as
 * the index matched the plan: every group's phrase (or what it
 * abbreviates), the whole query's abbreviation, or a reference typed in
 * it; and every cites: filter. With 'by_group', also those that have
 * each group's phrase, a row of passages a group. */
static cancu_status_t match_passages(positions_t *ps, const parsed_t *p,
                                     const plan_doc_t *pd,
                                     const unsigned int *starts, bool *marks,
                                     bool *by_group)
{
    size_t n = pd->npassages;
    bool *group = calloc(n + 1, sizeof *group);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!group)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; i < n; i++)
        marks[i] = true;
    for (size_t g = 0; !status && g < p->groups; g++) {
        memset(group, 0, n * sizeof *group);
        status = mark_phrases(ps, &p->group_phrases[g], starts, n, group);
        for (size_t i = 0; i < n; i++)
            marks[i] = marks[i] && group[i];
        if (by_group)
            memcpy(by_group + g * n, group, n * sizeof *group);
    }
    if (!status && p->whole_phrases.count) {
        memset(group, 0, n * sizeof *group);
        status = mark_phrases(ps, &p->whole_phrases, starts, n, group);
        for (size_t i = 0; i < n; i++)
            marks[i] = marks[i] || group[i];
    }
    for (size_t i = 0; !status && i < n; i++) {
        for (size_t r = 0; !marks[i] && r < p->nrefs; r++) {
            cancu_strbuf_t term = CANCU_STRBUF_INIT;

            cancu_index__term(&term, CANCU_PREFIX_REFERENCE, p->refs[r]);
            if (term.failed)
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
            else
                marks[i] = passage_has_term(pd, i, &term.data, 1);
            cancu_strbuf__dispose(&term);
        }
        for (size_t f = 0; marks[i] && f < p->nfields; f++)
            if (p->passage_filter[f])
                marks[i] =
                    passage_has_term(pd, i, p->filters[f], p->nfilters[f]);
    }
    for (size_t f = 0; !status && f < p->nfields; f++) {
        bool any = false;

        if (!p->task_filter[f])
            continue;
        for (size_t i = 0; i < n; i++) {
            group[i] = marks[i] &&
                       passage_has_term(pd, i, p->filters[f], p->nfilters[f]);
            any = any || group[i];
        }
        if (any)
            memcpy(marks, group, n * sizeof *marks);
    }
    free(group);
    return status;
}

/* The share of a passage that has 'exact' of the query's 'count' words
 * as typed: 1 when all, a third when none (EXACT_WEIGHT, as the index
 * weighs exact terms). */
static double share_of(size_t exact, size_t count)
{
    return count ? (1.0 + EXACT_WEIGHT * (double)exact / (double)count) /
                       (1.0 + EXACT_WEIGHT)
                 : 1.0;
}

/* Which of a document's 'n' passages (starting at 'starts') match the
 * query as typed, accents included: every group's exact terms in a row,
 * found from their positions as the folded phrases are. 'shares' gets,
 * for each, how many of the words it has as typed: 1 when all, a third
 * when none (EXACT_WEIGHT, as the index weighs exact terms). 'ps' reads
 * them from a plan document's positions when the query's words are all
 * without marks (p->positioned); from a text when not, one passage's or
 * one task's, 'n' 1. */
static cancu_status_t match_typed(positions_t *ps, const parsed_t *p,
                                  const unsigned int *starts, size_t n,
                                  bool *typed, double *shares)
{
    bool *group = calloc(n + 1, sizeof *group);
    size_t *exact = calloc(n + 1, sizeof *exact);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!group || !exact)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; i < n; i++)
        typed[i] = true;
    for (size_t g = 0; !status && g < p->groups; g++) {
        memset(group, 0, n * sizeof *group);
        status = mark_phrases(ps, &p->typed_phrases[g], starts, n, group);
        for (size_t i = 0; i < n; i++)
            typed[i] = typed[i] && group[i];
    }
    for (size_t w = 0; !status && w < p->count; w++) {
        const unsigned int *at;
        size_t count, last = SIZE_MAX;

        status = positions_of(ps, p->words[w].exact, &at, &count);
        /* Ascending positions, so each passage comes up in one run. */
        for (size_t k = 0; !status && k < count; k++) {
            size_t i = passage_at(starts, n, at[k]);

            if (i != last)
                exact[i]++;
            last = i;
        }
    }
    for (size_t i = 0; !status && i < n; i++)
        shares[i] = share_of(exact[i], p->count);
    free(group);
    free(exact);
    return status;
}

/* Which matching passages and tasks one reading of the index keeps. */
typedef enum keep {
    KEEP_TYPED,  /* those matching the query as typed */
    KEEP_FOLDED, /* those matching it only with accents folded */
    KEEP_ALL,    /* all: the query has no words (fields alone) */
} keep_t;

static bool kept(keep_t keep, bool typed)
{
    return keep == KEEP_ALL || typed == (keep == KEEP_TYPED);
}

/* The query's words in 'text' into 'words' (none when the query has no
 * words, which then need none). */
static cancu_status_t text_words(const parsed_t *p, const char *text,
                                 size_t len, text_words_t *words)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    words->query = p;
    if (p->count) {
        status = cancu_analyzer__tokenize_cached(text, len, p->cache,
                                                 add_text_word, words);
        if (!status && words->failed)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    return status;
}

/* Whether 'words' (one passage's or one task's) match the query as
 * typed, and their share of the words as typed (see match_typed). */
static cancu_status_t typed_in_words(const parsed_t *p,
                                     const text_words_t *words, bool *typed,
                                     double *share)
{
    positions_t ps = {NULL, 0, NULL, 0, words};
    const unsigned int start = 0;
    cancu_status_t status = match_typed(&ps, p, &start, 1, typed, share);

    positions_dispose(&ps);
    return status;
}

/* Where 'needle' starts in the 'n' bytes at 's', or NULL. */
static const char *find_bytes(const char *s, size_t n, const char *needle,
                              size_t len)
{
    for (const char *at = len ? memchr(s, *needle, n) : s;
         at && (size_t)(at - s) + len <= n;
         at = memchr(at + 1, *needle, n - (size_t)(at + 1 - s)))
        if (memcmp(at, needle, len) == 0)
            return at;
    return NULL;
}

/* Characters that fold to ASCII letters (ß, ſ, ẞ, the Kelvin sign, the
 * ligatures ﬀ to ﬆ), in UTF-8: a word with one of them can be a word
 * typed in ASCII without its letters being in the text. */
static bool has_ascii_folding(const char *s, size_t n)
{
    static const char *const folding[] = {
        "\xC3\x9F", "\xC5\xBF", "\xE1\xBA\x9E", "\xE2\x84\xAA", "\xEF\xAC"};

    for (size_t k = 0; k < sizeof folding / sizeof *folding; k++)
        if (find_bytes(s, n, folding[k], strlen(folding[k])))
            return true;
    return false;
}

/* Can 's' (a passage's line) hold the exact term 'exact' as a word of
 * its text? Surely not when the term is ASCII (a word typed without
 * marks, lower case: only an ASCII word analyses to it, but for the
 * few characters has_ascii_folding finds) and 's' has not its letters in
 * any case; a term with marks may be written in other ways, so yes. */
static bool may_hold(const char *s, size_t n, const char *exact,
                     bool ascii_folding)
{
    size_t len = strlen(exact);

    for (size_t k = 0; k < len; k++)
        if ((unsigned char)exact[k] >= 0x80)
            return true;
    if (ascii_folding || !len)
        return true;
    for (int upper = 0; upper < 2; upper++) {
        char first = upper && exact[0] >= 'a' && exact[0] <= 'z'
                         ? (char)(exact[0] - 'a' + 'A')
                         : exact[0];

        if (upper && first == exact[0])
            break;
        for (const char *at = memchr(s, first, n); at;
             at = memchr(at + 1, first, n - (size_t)(at + 1 - s))) {
            size_t k = 1;

            if ((size_t)(at - s) + len > n)
                break;
            while (k < len &&
                   (at[k] >= 'A' && at[k] <= 'Z' ? at[k] - 'A' + 'a' : at[k]) ==
                       exact[k])
                k++;
            if (k == len)
                return true;
        }
    }
    return false;
}

/* The words of a plan document's passages, each read from its line
 * when first needed. */
typedef struct passage_words {
    text_words_t *items;
    bool *read;
} passage_words_t;

static void passage_words_dispose(passage_words_t *pw, size_t n)
{
    for (size_t i = 0; pw->items && i < n; i++)
        text_words_dispose(&pw->items[i]);
    free(pw->items);
    free(pw->read);
}

/* A passage's text from its line, NULL when damaged:
 * the "text" member alone, without the rest of the line, its references
 * most of it. */
static json_t *line_text(const char *line, size_t n)
{
    static const char key[] = "\"text\":";
    const char *at = find_bytes(line, n, key, sizeof key - 1);
    json_t *text = NULL;

    /* The key as json_dumps() writes it: a quote inside a string is
     * escaped, so none before "text" ends a string but this one. */
    if (at)
        text = json_loadb(at + sizeof key - 1,
                          n - (size_t)(at + sizeof key - 1 - line),
                          JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, NULL);
    if (!json_is_string(text)) {
        json_t *passage = json_loadb(line, n, 0, NULL);

        json_decref(text);
        text = json_incref(json_object_get(passage, "text"));
        json_decref(passage);
    }
    return text;
}

static cancu_status_t words_of(const parsed_t *p, const plan_doc_t *pd,
                               passage_words_t *pw, size_t i,
                               const text_words_t **out)
{
    size_t n;
    const char *line;
    json_t *text;
    cancu_status_t status;

    *out = &pw->items[i];
    if (pw->read[i])
        return CANCU_STATUS_SUCCESS;
    line = passage_line(pd, i, &n);
    text = line ? line_text(line, n) : NULL;
    status = json_is_string(text)
                 ? text_words(p, json_string_value(text),
                              json_string_length(text), &pw->items[i])
                 : cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                    "a plan record is damaged");
    json_decref(text);
    pw->read[i] = !status;
    return status;
}

/* The text of passage 'i' in its line ('*n' bytes at '*text', as
 * json_dumps() writes them: escaped), and whether that is the text alone
 * (else the whole line); false when the line is damaged. */
static bool passage_text(const plan_doc_t *pd, size_t i, const char **text,
                         size_t *n, bool *alone)
{
    static const char key[] = "\"text\":\"", next[] = "\",\"line\":";
    size_t len;
    const char *line = passage_line(pd, i, &len), *start, *end;

    if (!line)
        return false;
    /* The text's quotes are escaped, so neither key is found inside it. */
    start = find_bytes(line, len, key, sizeof key - 1);
    start = start ? start + sizeof key - 1 : NULL;
    end = start ? find_bytes(start, len - (size_t)(start - line), next,
                             sizeof next - 1)
                : NULL;
    *alone = end != NULL;
    *text = *alone ? start : line;
    *n = *alone ? (size_t)(end - start) : len;
    return true;
}

/* Which of the words of the query the text of a passage ('n' bytes at
 * 'text', see passage_text) can have as typed ('possible'). */
static void possible_words(const parsed_t *p, const char *text, size_t n,
                           bool *possible)
{
    bool folding = has_ascii_folding(text, n);

    for (size_t k = 0; k < p->count; k++)
        possible[k] = may_hold(text, n, p->words[k].exact, folding);
}

static bool is_ascii_word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does the byte before 'at' in 'text' (a passage's text as json_dumps()
 * escapes it) end no word: the text's start, an ASCII byte that is no
 * letter, digit or backslash (which would escape the word's first byte),
 * or the letter of an escape of a tab, line break or the like? */
static bool starts_word(const char *text, size_t at)
{
    size_t slashes = 0;
    char c;

    if (at == 0)
        return true;
    c = text[at - 1];
    if ((unsigned char)c < 0x80 && !is_ascii_word_byte(c) && c != '\\')
        return true;
    if (!strchr("bfnrt", c))
        return false;
    while (slashes + 1 < at && text[at - 2 - slashes] == '\\')
        slashes++;
    return slashes % 2 == 1;
}

/* Does the byte at 'at' in 'text', after a word, start none: the text's
 * end, or an ASCII byte that is no letter or digit (a backslash starts
 * an escape, of a quote, a backslash or a control character)? */
static bool ends_word(const char *text, size_t n, size_t at)
{
    return at == n ||
           ((unsigned char)text[at] < 0x80 && !is_ascii_word_byte(text[at]));
}

/* Does a passage's text ('n' bytes at 'text', the text alone) have
 * 'written', a group's exact terms one space apart or those in capitals
 * (in_capitals), as they are but for ASCII letters in either case, and
 * no part of a word on either side (starts_word, ends_word)? Then its
 * words are the group's words in a row, as typed: an exact term analyses
 * to itself, and so does the same word with some letters in capitals,
 * the analyser folding case letter by letter. No says nothing: the words
 * may be written otherwise (in other capitals, decomposed, with
 * punctuation between), or a letter or an escape may stand next to
 * them. */
static bool has_as_written(const char *text, size_t n, const char *written)
{
    size_t len = strlen(written);
    const char *end, *next_lower = NULL, *next_upper = NULL;
    char lower, upper;

    if (!len || len > n)
        return false;
    /* Where it may start: its first byte, a letter in either case, each
     * case's next found by memchr (most of the instructions of a query
     * with marks went to trying every byte). */
    end = text + n - len + 1;
    lower = ascii_lower(written[0]);
    upper = lower >= 'a' && lower <= 'z' ? (char)(lower - 'a' + 'A') : lower;
    for (const char *at = text; at < end; at++) {
        size_t k = 1;

        if (!next_lower || next_lower < at) {
            next_lower = memchr(at, lower, (size_t)(end - at));
            if (!next_lower)
                next_lower = end;
        }
        if (upper == lower) {
            next_upper = next_lower;
        } else if (!next_upper || next_upper < at) {
            next_upper = memchr(at, upper, (size_t)(end - at));
            if (!next_upper)
                next_upper = end;
        }
        at = next_lower < next_upper ? next_lower : next_upper;
        if (at == end)
            break;
        while (k < len && ascii_lower(at[k]) == ascii_lower(written[k]))
            k++;
        if (k == len && starts_word(text, (size_t)(at - text)) &&
            ends_word(text, n, (size_t)(at - text) + len))
            return true;
    }
    return false;
}

/* Has a passage's text group 'g' written as typed, as it is or in
 * capitals (has_as_written)? */
static bool group_as_written(const parsed_t *p, size_t g, const char *text,
                             size_t n)
{
    return (p->typed_spelled[g] &&
            has_as_written(text, n, p->typed_spelled[g])) ||
           (p->typed_title[g] && has_as_written(text, n, p->typed_title[g])) ||
           (p->typed_upper[g] && has_as_written(text, n, p->typed_upper[g]));
}

/* Has a passage's text every group of the query written as typed
 * (group_as_written)? Then it matches as typed, all its words as typed. */
static bool all_as_written(const parsed_t *p, const char *text, size_t n)
{
    for (size_t g = 0; g < p->groups; g++)
        if (!group_as_written(p, g, text, n))
            return false;
    return true;
}

/* Which of the marked passages of a plan document match the query as
 * typed, and their shares, from their words, when a word of the query
 * has marks: the index has such exact terms without positions. A
 * passage that has each group written as typed (all_as_written) is as
 * typed. One whose text lacks the letters of one of the words typed in
 * ASCII cannot be, which is all the first reading asks ('keep'), nor has
 * it that word for its share; nor can one without a word's folded term
 * among its positions ('ps', the plan document's; 'starts', where each
 * passage starts in them), the term every word written as typed has.
 * Only the others' words are read one by one. */
static cancu_status_t
typed_passages(const parsed_t *p, const plan_doc_t *pd, positions_t *ps,
               const unsigned int *starts, passage_words_t *pw, keep_t keep,
               const bool *marks, bool *typed, double *shares)
{
    bool *possible = calloc(p->count + 1, sizeof *possible);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!possible)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && i < pd->npassages; i++) {
        const text_words_t *words;
        const char *text;
        size_t all = 0, n;
        bool alone;

        if (!marks[i])
            continue;
        if (!p->count) {
            /* No words: each passage is as typed. */
            typed[i] = true;
            shares[i] = 1.0;
            continue;
        }
        if (!passage_text(pd, i, &text, &n, &alone)) {
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "a plan record is damaged");
            break;
        }
        if (alone && all_as_written(p, text, n)) {
            typed[i] = true;
            shares[i] = 1.0;
            continue;
        }
        possible_words(p, text, n, possible);
        for (size_t k = 0; !status && k < p->count; k++) {
            const unsigned int *at;
            size_t count;

            if (possible[k] && p->folded_terms[k]) {
                status = positions_of(ps, p->folded_terms[k], &at, &count);
                possible[k] = !status && has_position_in(at, count, starts[i],
                                                         i + 1 < pd->npassages
                                                             ? starts[i + 1]
                                                             : UINT_MAX);
            }
            all += possible[k];
        }
        if (status)
            break;
        if (!all || (keep == KEEP_TYPED && all < p->count)) {
            typed[i] = false;
            shares[i] = share_of(0, p->count);
            continue;
        }
        status = words_of(p, pd, pw, i, &words);
        if (!status)
            status = typed_in_words(p, words, &typed[i], &shares[i]);
    }
    free(possible);
    return status;
}

/* Has the query a group of more than one word, a phrase, that the
 * index cannot match as typed itself (its words not all without marks)? */
static bool has_unpositioned_phrase(const parsed_t *p)
{
    for (size_t g = 0; g < p->groups; g++)
        if (p->typed_phrases[g].items[0].count > 1 && !p->group_positioned[g])
            return true;
    return false;
}

/* Does a plan document have each group of the query's words as typed,
 * its words in a row, in a passage that has it folded ('by_group', a row
 * of passages a group)? What the index's phrase of exact terms matched
 * when it had their positions: the first reading counts such documents
 * alone (see collect). A group of one word needs no check: the reading's
 * query asks for its exact term. */
static cancu_status_t has_typed_phrases(const parsed_t *p, const plan_doc_t *pd,
                                        passage_words_t *pw,
                                        const bool *by_group, bool *out)
{
    size_t n = pd->npassages;
    bool *possible = calloc(p->count + 1, sizeof *possible);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!possible)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    *out = true;
    for (size_t g = 0; !status && *out && g < p->groups; g++) {
        const unsigned int start = 0;
        bool found = false;

        if (p->typed_phrases[g].items[0].count < 2 || p->group_positioned[g])
            continue;
        for (size_t i = 0; !status && !found && i < n; i++) {
            const text_words_t *words;
            positions_t ps = {NULL, 0, NULL, 0, NULL};
            const char *text;
            size_t len;
            bool all = true, alone;

            if (!by_group[g * n + i])
                continue;
            if (!passage_text(pd, i, &text, &len, &alone)) {
                status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                          "a plan record is damaged");
                break;
            }
            if (alone && group_as_written(p, g, text, len)) {
                found = true;
                break;
            }
            possible_words(p, text, len, possible);
            for (size_t k = 0; k < p->count; k++)
                all = all && (p->words[k].group != g || possible[k]);
            if (!all)
                continue;
            status = words_of(p, pd, pw, i, &words);
            ps.text = words;
            if (!status)
                status =
                    mark_phrases(&ps, &p->typed_phrases[g], &start, 1, &found);
            positions_dispose(&ps);
        }
        *out = found;
    }
    free(possible);
    return status;
}

static int exact_first(const void *a, const void *b)
{
    const found_hit_t *x = a, *y = b;

    if (x->share != y->share)
        return x->share > y->share ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Does finding a document's passages need its data: the references of
 * each passage, which are in its line? */
static bool needs_lines(const parsed_t *p)
{
    for (size_t f = 0; f < p->nfields; f++)
        if (p->passage_filter[f] || p->task_filter[f])
            return true;
    return p->nrefs > 0;
}

/* The passages of a matching plan document that match on their own and
 * that 'keep' keeps, with the plan's weight, those with more of the words
 * as typed first. Which match comes from the folded terms' positions (and
 * from the passages' reference terms when the query has references),
 * which of those match as typed from the exact terms' positions when the
 * words are all without marks, from their text when not; the data is
 * read only when needed, and only their lines are parsed. *counts says whether
 * the first reading counts the document (see collect). */
static cancu_status_t add_plan_hits(found_t *f, cancu_results_t *r,
                                    cancu_archive_t *archive, const parsed_t *p,
                                    keep_t keep, cancu_xapian_mset_t *mset,
                                    size_t at, bool *counts)
{
    plan_doc_t pd = {NULL, NULL, 0, 0, NULL, 0};
    size_t slot_len = 0, id_len = 0;
    const char *id_json =
        cancu_xapian_mset_value(mset, at, CANCU_SLOT_IDENTITY, &id_len);
    json_t *identity = id_json ? cancu_json__load(id_json, id_len) : NULL;
    unsigned int *starts;
    bool *marks, *typed, *by_group = NULL, any = false;
    double *shares;
    passage_words_t pw = {NULL, NULL};
    positions_t ps = {archive, cancu_xapian_mset_docid(mset, at), NULL, 0,
                      NULL};
    double weight = cancu_xapian_mset_weight(mset, at);
    const char *plan, *title, *path;
    size_t first = f->count;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    pd.slot = cancu_xapian_mset_value(mset, at, CANCU_SLOT_PASSAGES, &slot_len);
    pd.npassages = cancu_archive__slot_passages(slot_len);
    if (!pd.slot || needs_lines(p)) {
        status = fetch_plan(archive, mset, at, &pd);
    }
    starts = calloc(pd.npassages + 1, sizeof *starts);
    marks = calloc(pd.npassages + 1, sizeof *marks);
    typed = calloc(pd.npassages + 1, sizeof *typed);
    shares = calloc(pd.npassages + 1, sizeof *shares);
    pw.items = calloc(pd.npassages + 1, sizeof *pw.items);
    pw.read = calloc(pd.npassages + 1, sizeof *pw.read);
    if (!status &&
        (!identity ||
         (!pd.slot &&
          cancu_archive__record_length(pd.data, pd.len) + 1 < pd.len)))
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "a plan record is damaged");
    if (!status &&
        (!starts || !marks || !typed || !shares || !pw.items || !pw.read))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && i < pd.npassages; i++)
        starts[i] = cancu_archive__slot_start(pd.slot, i);
    /* The first reading needs each group's passages: see
     * has_typed_phrases. */
    if (!status && keep == KEEP_TYPED && !p->positioned &&
        !(by_group = calloc(p->groups * pd.npassages + 1, sizeof *by_group)))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status) {
        /* 'by_group' is the first reading's alone: it reads each
         * document once. */
        const bool *seen = by_group ? NULL : seen_marks(&f->seen, ps.docid);

        if (seen) {
            memcpy(marks, seen, pd.npassages * sizeof *marks);
        } else {
            status = match_passages(&ps, p, &pd, starts, marks, by_group);
            if (!status)
                see_marks(&f->seen, ps.docid, marks, pd.npassages);
        }
    }
    for (size_t i = 0; !status && i < pd.npassages; i++)
        any = any || marks[i];
    /* Whether a passage has the words as typed: the exact terms'
     * positions say when the words are all without marks, its words,
     * read from its line, when not. */
    if (!status && any && p->positioned)
        status = match_typed(&ps, p, starts, pd.npassages, typed, shares);
    if (!status && any && !p->positioned && p->count && !pd.data) {
        status = fetch_plan(archive, mset, at, &pd);
    }
    if (!status && any && !p->positioned)
        status = typed_passages(p, &pd, &ps, starts, &pw, keep, marks, typed,
                                shares);
    any = false;
    for (size_t i = 0; !status && i < pd.npassages; i++) {
        marks[i] = marks[i] && kept(keep, typed[i]);
        any = any || marks[i];
    }
    *counts = keep != KEEP_TYPED || any || !has_unpositioned_phrase(p);
    if (!status && !*counts && !pd.data) {
        status = fetch_plan(archive, mset, at, &pd);
    }
    if (!status && !*counts)
        status = has_typed_phrases(p, &pd, &pw, by_group, counts);
    plan = any ? field(r->arena, identity, "id") : NULL;
    title = any ? field(r->arena, identity, "title") : NULL;
    path = any ? field(r->arena, identity, "path") : NULL;
    if (!status && any && (!plan || !title || !path))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && any && i < pd.npassages; i++) {
        struct cancu_hit *hit;
        found_hit_t *item;
        const char *line = NULL;
        size_t n = 0;

        if (!marks[i])
            continue;
        if (pd.data && !(line = passage_line(&pd, i, &n))) {
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "a passage of plan %s is damaged", plan);
            break;
        }
        hit = new_hit(f);
        item = hit ? &f->items[f->count - 1] : NULL;
        if (hit && line) {
            char *copy = cancu_arena__alloc(r->arena, n + 1);

            if (copy) {
                memcpy(copy, line, n);
                copy[n] = '\0';
            }
            item->line = copy;
            item->line_len = n;
        } else if (hit) {
            item->docid = ps.docid;
            item->line_at = cancu_archive__slot_offset(pd.slot, i);
        }
        if (hit) {
            hit->plan = plan;
            hit->plan_title = title;
            hit->plan_path = path;
        }
        if (!hit || (line && !item->line)) {
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
            break;
        }
        hit->score = weight;
        f->items[f->count - 1].share = shares[i];
    }
    if (!status && f->count > first)
        qsort(f->items + first, f->count - first, sizeof *f->items,
              exact_first);
    positions_dispose(&ps);
    passage_words_dispose(&pw, pd.npassages);
    free(by_group);
    free(starts);
    free(marks);
    free(typed);
    free(shares);
    json_decref(identity);
    return status;
}

/* One reading of the index: a query, and which of the passages and tasks
 * it matches are hits of this reading. */
typedef struct reading {
    const cancu_xapian_query_t *query;
    keep_t keep;
} reading_t;

/* Add the hits of the documents the index ranks from *read on for
 * 'reading', until *done, the number of those it counts, is 'depth':
 * every document, but in the first reading only those that have each
 * group of words as typed in a row: the index's phrase of exact terms
 * says it of a group without marks, has_typed_phrases of the others (as
 * that phrase would, had their exact terms positions); the others hold
 * no hit of it. *read moves past the documents read, *exhausted
 * says whether no document is left after them and *estimate is how many
 * the index guesses match in all. */
static cancu_status_t collect(found_t *f, cancu_results_t *r,
                              cancu_archive_t *archive,
                              const reading_t *reading, const parsed_t *p,
                              size_t *read, size_t *done, size_t depth,
                              bool *exhausted, size_t *estimate)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    *exhausted = false;
    while (!status && !*exhausted && *done < depth) {
        cancu_xapian_mset_t *mset = NULL;
        size_t n, want = depth - *done;

        status = cancu_xapian_search(
            archive->db, reading->query, *read, want,
            CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_IDENTITY) |
                CANCU_XAPIAN_FETCH_SLOT(CANCU_SLOT_PASSAGES),
            &mset);
        if (status)
            return status;
        n = cancu_xapian_mset_size(mset);
        /* Only a short reading proves the matches are all read: the
         * estimate can be as low as what was read while more match. */
        *exhausted = n < want;
        *estimate = cancu_xapian_mset_estimate(mset);
        for (size_t i = 0; !status && i < n && *done < depth; i++) {
            size_t slot_len;
            bool counts = true;

            /* Plans have their identity in a value. */
            if (cancu_xapian_mset_value(mset, i, CANCU_SLOT_IDENTITY,
                                        &slot_len))
                status = add_plan_hits(f, r, archive, p, reading->keep, mset, i,
                                       &counts);
            else
                status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                          "a plan record is damaged");
            (*read)++;
            if (counts)
                (*done)++;
        }
        cancu_xapian_mset_destroy(mset);
    }
    return status;
}

/* How many documents the index guesses 'query' matches, without
 * matching: from its terms' frequencies. */
static cancu_status_t guess_matches(cancu_archive_t *archive,
                                    const cancu_xapian_query_t *query,
                                    size_t *count)
{
    cancu_xapian_mset_t *mset = NULL;
    cancu_status_t status =
        cancu_xapian_search(archive->db, query, 0, 0, 0, &mset);

    *count = status ? 0 : cancu_xapian_mset_estimate(mset);
    cancu_xapian_mset_destroy(mset);
    return status;
}

/* A passage hit's section, kind, text and line, from its line. */
static cancu_status_t fill_passage(struct cancu_hit *hit, cancu_arena_t *arena,
                                   const char *line, size_t len)
{
    static const char *const wanted[] = {"section", "kind", "text", "line"};
    json_t *passage = cancu_json__load_members(line, len, wanted, 4);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!passage)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a passage of plan %s is damaged", hit->plan);
    hit->section = field(arena, passage, "section");
    hit->kind = field(arena, passage, "kind");
    hit->text = field(arena, passage, "text");
    hit->line = (size_t)json_integer_value(json_object_get(passage, "line"));
    if (!hit->section || !hit->kind || !hit->text)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    json_decref(passage);
    return status;
}

/* A plan document's data read for the lines of the page's hits: the
 * last one read, which the next hits most often share (a plan's hits
 * are in a row). */
typedef struct page_plan {
    unsigned int docid;
    char *data;
    const char *lines;
    size_t lines_len;
} page_plan_t;

/* The line of the found hit 'item' whose line was left in its plan's
 * data (see found_hit_t), its plan's data read into 'pp' unless it is
 * there already. */
static cancu_status_t page_line(cancu_archive_t *archive, page_plan_t *pp,
                                const found_hit_t *item, const char **line,
                                size_t *len)
{
    if (pp->docid != item->docid) {
        size_t data_len;
        cancu_status_t status;

        free(pp->data);
        pp->data = NULL;
        pp->docid = 0;
        status = cancu_xapian_document_data(archive->db, item->docid, &pp->data,
                                            &data_len);
        if (status)
            return status;
        pp->docid = item->docid;
        pp->lines =
            cancu_archive__plan_lines(pp->data, data_len, &pp->lines_len);
    }
    *line = cancu_archive__passage_line(pp->lines, pp->lines_len, item->line_at,
                                        len);
    if (!*line)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a passage of plan %s is damaged",
                                item->hit.plan);
    return CANCU_STATUS_SUCCESS;
}

/* The hits come in two readings of the index. First the passages and
 * tasks that match the query as typed, accents included, from the
 * documents that have every group of words as typed (typed_query), in
 * the order the index ranks those; then the ones that match only with
 * accents folded, from all the documents that match, in the order the
 * index ranks them. Whether a passage matches as typed is decided
 * passage by passage, from the exact terms' positions when every word is
 * typed without marks, from its text when not, so a plan with the phrase
 * folded in one passage and its accented words in others cannot pass
 * for one that has it as typed.
 *
 * The index keeps the positions of only the exact terms written without
 * marks: those of all would hold every word's position a second time (on
 * 200 generated plans the compacted position table is 10.8 MB so, 14.8
 * MB with all, 9.8 MB with none). Without those, a query typed without
 * marks whose words are in every plan but never together ("danh gia")
 * reads every such plan's data before the first reading runs out: 15
 * times the instructions. A query with marks reads the data of the plans
 * with a passage that matches folded; a passage with the words written
 * as typed (ASCII letters in either case, or the first or every letter
 * in capitals), or without the folded term or, typed without marks, the
 * letters of a word, is not read word by word (typed_passages).
 *
 * Each reading reads enough documents to fill the page asked for, more
 * when some plans' words matched only across passages or only folded,
 * until it has the page or no document is left; the second starts only
 * when the first ran out. A plan's passages share its rank, so reading
 * more only adds hits after those found and pages never overlap. */
/* Keep in 'r' what its snippets highlight, and with what. */
static bool keep_highlight(cancu_results_t *r, const cancu_query_words_t *words,
                           const cancu_search_options_t *o)
{
    char **ids =
        cancu_arena__alloc(r->arena, (words->nref_ids + 1) * sizeof *ids);

    r->mark_start = cancu_arena__strdup(
        r->arena, o->highlight_start ? o->highlight_start : "[");
    r->mark_end = cancu_arena__strdup(
        r->arena, o->highlight_end ? o->highlight_end : "]");
    if (!ids || !r->mark_start || !r->mark_end)
        return false;
    for (size_t i = 0; i < words->nref_ids; i++)
        if (!(ids[i] = cancu_arena__strdup(r->arena, words->ref_ids[i])))
            return false;
    r->highlight.ref_ids = ids;
    r->highlight.nref_ids = words->nref_ids;
    for (size_t i = 0; i < words->count; i++) {
        const cancu_query_phrase_t *phrase = &words->phrases[i];

        if (!cancu_query_words__begin_phrase(&r->highlight))
            return false;
        for (size_t k = 0; k < phrase->count; k++)
            if (!cancu_query_words__add(&r->highlight, phrase->folded[k],
                                        strlen(phrase->folded[k])))
                return false;
    }
    return true;
}

static cancu_status_t run(cancu_results_t *r, cancu_archive_t *archive,
                          const reading_t *readings, size_t nreadings,
                          const parsed_t *p, const cancu_search_options_t *o)
{
    size_t want =
        o->offset + o->limit < o->offset ? SIZE_MAX : o->offset + o->limit;
    size_t others = 0;
    found_t f = {NULL, 0, 0, {NULL, NULL, 0, 0}};
    page_plan_t pp = {0, NULL, NULL, 0};
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    for (size_t k = 0; !status && k < nreadings; k++) {
        size_t read = 0, done = 0, estimate = 0;
        size_t depth = want - f.count < 10 ? 10 : want - f.count;
        bool exhausted = false;

        /* Each round reads only the documents the last did not. */
        while (!status && !exhausted && f.count < want) {
            status = collect(&f, r, archive, &readings[k], p, &read, &done,
                             depth, &exhausted, &estimate);
            depth = depth > SIZE_MAX / 4 ? SIZE_MAX : depth * 4;
        }
        if (status || exhausted)
            continue;
        /* The page is full: guess how many more there are, a hit a
         * document not read, of this reading's and the later ones'. */
        others = estimate > done ? estimate - done : 0;
        for (size_t later = k + 1; !status && later < nreadings; later++) {
            size_t guess;

            status = guess_matches(archive, readings[later].query, &guess);
            if (!status && guess > done + others)
                others = guess - done;
        }
        break;
    }
    r->total = f.count + others;
    r->count = status || o->offset >= f.count ? 0 : f.count - o->offset;
    if (r->count > o->limit)
        r->count = o->limit;
    r->hits = cancu_arena__alloc(r->arena, (r->count + 1) * sizeof *r->hits);
    if (!status && !r->hits)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status && !keep_highlight(r, &p->highlight, o))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && i < r->count; i++) {
        struct cancu_hit *hit = &r->hits[i];
        const found_hit_t *item = &f.items[o->offset + i];
        const char *line = item->line;
        size_t line_len = item->line_len;

        *hit = item->hit;
        hit->results = r;
        hit->snippet = NULL;
        if (!line && item->docid)
            status = page_line(archive, &pp, item, &line, &line_len);
        if (!status && line)
            status = fill_passage(hit, r->arena, line, line_len);
    }
    free(f.items);
    free(pp.data);
    seen_dispose(&f.seen);
    return status;
}

/* The documents of 'all' that have each group of the query's words as
 * typed: only they can hold a passage that matches as typed. A group
 * whose words are all written without marks, its exact terms in a row,
 * from their positions (a task's anywhere in it, as its exact terms have
 * none: its text then says whether in a row); any other group its exact
 * terms anywhere, the text of each passage then saying whether in a
 * row. */
static cancu_xapian_query_t *typed_query(const parsed_t *p,
                                         const cancu_xapian_query_t *all)
{
    cancu_xapian_query_t **parts = calloc(p->groups + 1, sizeof *parts);
    cancu_xapian_query_t *q;

    if (!parts)
        return NULL;
    parts[0] = cancu_xapian_query_copy(all);
    for (size_t g = 0; g < p->groups; g++) {
        const phrase_t *ph = p->typed_phrases[g].items;
        /* The terms twice: for the phrase, and for all of them. */
        cancu_xapian_query_t **terms =
            ph ? calloc(2 * ph->count + 1, sizeof *terms) : NULL;

        for (size_t k = 0; terms && k < 2 * ph->count; k++)
            terms[k] = cancu_xapian_query_term(
                ph->terms[k % ph->count], strlen(ph->terms[k % ph->count]));
        if (!terms) {
            parts[g + 1] = NULL;
        } else if (ph->count == 1) {
            parts[g + 1] = terms[0];
            cancu_xapian_query_destroy(terms[1]);
        } else if (p->group_positioned[g]) {
            cancu_xapian_query_t *either[2] = {NULL, NULL};

            either[1] =
                of_type(cancu_xapian_query_combine(
                            CANCU_XAPIAN_AND, terms + ph->count, ph->count),
                        "task");
            either[0] = cancu_xapian_query_combine(CANCU_XAPIAN_PHRASE, terms,
                                                   ph->count);
            parts[g + 1] =
                cancu_xapian_query_combine(CANCU_XAPIAN_OR, either, 2);
        } else {
            parts[g + 1] =
                cancu_xapian_query_combine(CANCU_XAPIAN_AND, terms, ph->count);
            for (size_t k = ph->count; k < 2 * ph->count; k++)
                cancu_xapian_query_destroy(terms[k]);
        }
        free(terms);
    }
    q = cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, parts, p->groups + 1);
    free(parts);
    return q;
}

static cancu_status_t search_archive(cancu_results_t **out,
                                     cancu_archive_t *archive,
                                     const char *query,
                                     const cancu_search_options_t *options)
{
    cancu_search_options_t defaults = CANCU_SEARCH_OPTIONS_INIT;
    parsed_t p = {0};
    cancu_xapian_query_t *xq = NULL, *typed = NULL;
    cancu_results_t *r = NULL;
    char *words = NULL;
    cancu_status_t status;

    *out = NULL;
    if (!options)
        options = &defaults;
    status = extract_fields(&p, archive, query, &words);
    if (!status)
        status = parse(&p, words);
    if (!status) {
        /* Without it, reading texts is only slower. */
        p.cache = cancu_analyzer__cache_new();
        xq = build_query(&p, archive);
        typed = xq && p.groups ? typed_query(&p, xq) : NULL;
        if (!xq || (p.groups && !typed))
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    if (!status) {
        r = calloc(1, sizeof *r);
        if (!r || !(r->arena = cancu_arena__new())) {
            free(r);
            r = NULL;
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        }
    }
    if (!status && p.groups) {
        reading_t readings[2] = {{typed, KEEP_TYPED}, {xq, KEEP_FOLDED}};

        status = run(r, archive, readings, 2, &p, options);
    } else if (!status) {
        reading_t all = {xq, KEEP_ALL};

        status = run(r, archive, &all, 1, &p, options);
    }
    cancu_xapian_query_destroy(xq);
    cancu_xapian_query_destroy(typed);
    parsed_dispose(&p);
    free(words);
    if (status) {
        cancu_results_destroy(r);
        return status;
    }
    *out = r;
    return CANCU_STATUS_SUCCESS;
}

typedef struct search_read {
    cancu_results_t **out;
    const char *query;
    const cancu_search_options_t *options;
} search_read_t;

/* One read of the results a search_read_t asks for. */
static cancu_status_t read_search(cancu_archive_t *archive, void *payload)
{
    search_read_t *r = payload;

    return search_archive(r->out, archive, r->query, r->options);
}

cancu_status_t cancu_search(cancu_results_t **out, cancu_archive_t *archive,
                            const char *query,
                            const cancu_search_options_t *options)
{
    search_read_t r = {out, query, options};

    assert(out && archive && query);
    *out = NULL;
    return cancu_archive__read(archive, read_search, &r);
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
    cancu_query_words__dispose(&results->highlight);
    cancu_analyzer__cache_destroy(results->words);
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
    struct cancu_hit *h = (struct cancu_hit *)hit;
    cancu_results_t *r = hit->results;
    char *snippet;

    if (hit->snippet)
        return hit->snippet;
    /* The results' snippets share one: without it they are slower. */
    if (!r->words)
        r->words = cancu_analyzer__cache_new();
    snippet = cancu_snippet__make(hit->text, &r->highlight, r->mark_start,
                                  r->mark_end, SNIPPET_BYTES, r->words);
    h->snippet = snippet ? cancu_arena__strdup(r->arena, snippet) : NULL;
    free(snippet);
    return h->snippet ? h->snippet : "";
}
size_t cancu_hit_line(const cancu_hit_t *hit)
{
    return hit->line;
}
double cancu_hit_score(const cancu_hit_t *hit)
{
    return hit->score;
}

/* The Xapian query cancu_search runs for 'query' (field filters
 * included), for a reader that wants the matching documents themselves:
 * the facets. Call inside cancu_archive__read; the caller owns *out. */
cancu_status_t cancu_search__query(cancu_xapian_query_t **out,
                                   cancu_archive_t *archive, const char *query)
{
    parsed_t p = {0};
    char *words = NULL;
    cancu_status_t status;

    *out = NULL;
    status = extract_fields(&p, archive, query, &words);
    if (!status)
        status = parse(&p, words);
    if (!status && !(*out = build_query(&p, archive)))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    parsed_dispose(&p);
    free(words);
    return status;
}
