/* A reference as a person types it ("nghi dinh 60/2021", "ND 60/2021",
 * "NĐ 60", "18-NQ/TW", "Luật Viên chức", "602/QĐ-UBND Gia Lai") into what
 * it can name: exact ids, a province's document, or every document of a
 * type and number whatever its year. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "ingest/pattern.h"
#include "query/query-private.h"

static bool push(char ***items, size_t *count, const char *s, size_t len)
{
    char **p, *copy;

    for (size_t i = 0; i < *count; i++)
        if (strlen((*items)[i]) == len && memcmp((*items)[i], s, len) == 0)
            return true;
    p = realloc(*items, (*count + 1) * sizeof *p);
    if (!p)
        return false;
    *items = p;
    copy = strndup(s, len);
    if (!copy)
        return false;
    (*items)[(*count)++] = copy;
    return true;
}

typedef struct collected {
    cancu_typed_ref_t *tr;
    size_t last_end;
    bool failed;
} collected_t;

static cancu_status_t collect(const char *id, size_t start, size_t end,
                              void *payload)
{
    collected_t *c = payload;

    (void)start;
    c->last_end = end;
    if (!push(&c->tr->ids, &c->tr->nids, id, strlen(id)))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return CANCU_STATUS_SUCCESS;
}

#define TYPE_WORDS                                                                       \
    "nghị định|nghi dinh|nđ|nd|thông tư|thong tu|tt|quyết định|quyet dinh|" \
    "qđ|qd|nghị quyết|nghi quyet|nq|chỉ thị|chi thi|ct"

/* "107/2020", "Thông tư 06/2020": a number and year with no code, maybe
 * after a type word (a circular's code names its ministry, which the
 * extractor cannot guess). */
static cancu_pattern_t number_year = CANCU_PATTERN(
    "^\\s*(?:(" TYPE_WORDS ")\\s+)?(?:(?:số|so)\\s+)?(\\d{1,5})\\s*/\\s*"
    "((?:19|20)\\d{2})\\s*$",
    PCRE2_CASELESS);

/* "NĐ 60", "Nghị định số 60": a type word and a number, no year. */
static cancu_pattern_t number_only =
    CANCU_PATTERN("^\\s*(" TYPE_WORDS ")\\s+(?:(?:số|so)\\s+)?(\\d{1,5})\\s*$",
                  PCRE2_CASELESS);

static const char *type_code(const char *word, size_t len)
{
    char f[32];

    cancu_fold__ascii(word, len, f, sizeof f);
    if (!strcmp(f, "nghi dinh") || !strcmp(f, "nd"))
        return "NĐ";
    if (!strcmp(f, "thong tu") || !strcmp(f, "tt"))
        return "TT";
    if (!strcmp(f, "quyet dinh") || !strcmp(f, "qd"))
        return "QĐ";
    if (!strcmp(f, "nghi quyet") || !strcmp(f, "nq"))
        return "NQ";
    if (!strcmp(f, "chi thi") || !strcmp(f, "ct"))
        return "CT";
    return NULL;
}

/* "Thông tư 06/2020" reads as 06/2020/TT: the type without the issuer a
 * circular's or a decision's code names. Any issuer's document of that
 * type, number and year is meant. */
static void widen_issuerless(cancu_typed_ref_t *tr)
{
    const char *id = tr->ids[0], *code = strrchr(id, '/');
    const char *type = code ? type_code(code + 1, strlen(code + 1)) : NULL;

    if (!type || strchr(code, '-') || (size_t)(code - id) >= sizeof tr->number)
        return;
    snprintf(tr->number, sizeof tr->number, "%.*s", (int)(code - id), id);
    tr->type_code = type;
}

cancu_status_t cancu_typed_ref__parse(cancu_typed_ref_t *tr, const char *typed)
{
    collected_t c = {tr, 0, false};
    size_t len = strlen(typed);
    cancu_status_t status;
    const char *rest;

    memset(tr, 0, sizeof *tr);
    status = cancu_references__find(typed, len, collect, &c);
    if (status)
        return status;
    rest = typed + c.last_end;
    while (*rest == ' ' || *rest == ',')
        rest++;
    if (tr->nids == 1 && !*rest)
        widen_issuerless(tr);
    if (tr->nids == 1 && *rest) {
        /* "602/QĐ-UBND Gia Lai": that province's document. */
        size_t n = strlen(tr->ids[0]) + strlen(rest) + 2;

        tr->key_prefix = malloc(n);
        if (!tr->key_prefix)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        snprintf(tr->key_prefix, n, "%s@%s", tr->ids[0], rest);
        return CANCU_STATUS_SUCCESS;
    }
    if (!tr->nids) {
        const pcre2_code *code = cancu_pattern__code(&number_only);
        pcre2_match_data *md =
            code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;

        if (md &&
            pcre2_match(code, (PCRE2_SPTR)typed, len, 0, 0, md, NULL) >= 3) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t n = ov[5] - ov[4];
            const char *num = typed + ov[4];

            while (n > 1 && *num == '0') {
                num++;
                n--;
            }
            snprintf(tr->number, sizeof tr->number, "%s%.*s", n == 1 ? "0" : "",
                     (int)n, num);
            tr->type_code = type_code(typed + ov[2], ov[3] - ov[2]);
        }
        pcre2_match_data_free(md);
    }
    if (!tr->nids && !*tr->number) {
        const pcre2_code *code = cancu_pattern__code(&number_year);
        pcre2_match_data *md =
            code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;

        if (md &&
            pcre2_match(code, (PCRE2_SPTR)typed, len, 0, 0, md, NULL) >= 4) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t n = ov[5] - ov[4];
            const char *num = typed + ov[4];

            while (n > 1 && *num == '0') {
                num++;
                n--;
            }
            /* With no type word, any code: "107/2020" is 107/2020/NĐ-CP. */
            snprintf(tr->number, sizeof tr->number, "%s%.*s/%.4s",
                     n == 1 ? "0" : "", (int)n, num, typed + ov[6]);
            tr->type_code = ov[2] == PCRE2_UNSET
                                ? ""
                                : type_code(typed + ov[2], ov[3] - ov[2]);
        }
        pcre2_match_data_free(md);
    }
    if (!tr->nids && !*tr->number) {
        /* As written: a name the extractor does not know. */
        while (*typed == ' ')
            typed++;
        if (!push(&tr->ids, &tr->nids, typed, strlen(typed)))
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
    }
    return CANCU_STATUS_SUCCESS;
}

void cancu_typed_ref__dispose(cancu_typed_ref_t *tr)
{
    for (size_t i = 0; i < tr->nids; i++)
        free(tr->ids[i]);
    free(tr->ids);
    free(tr->key_prefix);
    memset(tr, 0, sizeof *tr);
}

/* Is the id of the form NUMBER/.../CODE... with that type code? */
static bool number_and_type(const cancu_typed_ref_t *tr, const char *id)
{
    size_t n = strlen(tr->number);
    const char *slash = strrchr(id, '/');

    return *tr->number && strncmp(id, tr->number, n) == 0 && id[n] == '/' &&
           slash &&
           strncmp(slash + 1, tr->type_code, strlen(tr->type_code)) == 0;
}

bool cancu_typed_ref__matches(const cancu_typed_ref_t *tr, const char *id,
                              const char *key)
{
    if (tr->key_prefix)
        return strncmp(key, tr->key_prefix, strlen(tr->key_prefix)) == 0;
    for (size_t i = 0; i < tr->nids; i++)
        if (strcmp(tr->ids[i], id) == 0)
            return true;
    return number_and_type(tr, id);
}

typedef struct term_walk {
    const cancu_typed_ref_t *tr;
    char ***terms;
    size_t *count;
    bool failed;
} term_walk_t;

static bool keep_term(const char *term, size_t len, void *payload)
{
    term_walk_t *w = payload;
    char id[256];
    size_t skip = strlen(CANCU_PREFIX_REFERENCE);

    if (len - skip >= sizeof id)
        return true;
    memcpy(id, term + skip, len - skip);
    id[len - skip] = '\0';
    if (w->tr->key_prefix || number_and_type(w->tr, id)) {
        if (!push(w->terms, w->count, term, len)) {
            w->failed = true;
            return false;
        }
    }
    return true;
}

cancu_status_t cancu_archive__reference_terms(cancu_archive_t *archive,
                                              const cancu_typed_ref_t *tr,
                                              char ***terms_out,
                                              size_t *count_out)
{
    char **terms = NULL;
    size_t count = 0;
    cancu_strbuf_t buf = CANCU_STRBUF_INIT;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    term_walk_t w = {tr, &terms, &count, false};

    assert(cancu_archive__may_read(archive));
    if (tr->key_prefix) {
        cancu_strbuf__printf(&buf, "%s%s", CANCU_PREFIX_KEY, tr->key_prefix);
        if (!buf.failed)
            status =
                cancu_xapian_foreach_term(archive->db, buf.data, keep_term, &w);
    } else if (*tr->number) {
        /* Every document of that type and number, whatever its year. */
        cancu_strbuf__printf(&buf, "%s%s/", CANCU_PREFIX_REFERENCE, tr->number);
        if (!buf.failed)
            status =
                cancu_xapian_foreach_term(archive->db, buf.data, keep_term, &w);
    }
    /* A province's document is found by its key alone. */
    for (size_t i = 0; !status && !tr->key_prefix && i < tr->nids; i++) {
        cancu_strbuf__clear(&buf);
        cancu_index__term(&buf, CANCU_PREFIX_REFERENCE, tr->ids[i]);
        if (!buf.failed && !push(&terms, &count, buf.data, buf.len))
            w.failed = true;
    }
    if (!status && (buf.failed || w.failed))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_strbuf__dispose(&buf);
    if (status) {
        for (size_t i = 0; i < count; i++)
            free(terms[i]);
        free(terms);
        return status;
    }
    *terms_out = terms;
    *count_out = count;
    return CANCU_STATUS_SUCCESS;
}

cancu_xapian_query_t *cancu_archive__terms_query(char **terms, size_t nterms,
                                                 const char *type,
                                                 const char *plan)
{
    cancu_xapian_query_t **any = calloc(nterms, sizeof *any);
    cancu_xapian_query_t *parts[3] = {NULL, NULL, NULL};
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    size_t nparts = 2;

    if (!any)
        return NULL;
    for (size_t i = 0; i < nterms; i++)
        any[i] = cancu_xapian_query_term(terms[i], strlen(terms[i]));
    parts[0] = cancu_xapian_query_combine(CANCU_XAPIAN_OR, any, nterms);
    free(any);
    cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_TYPE, type);
    if (!term.failed)
        parts[1] = cancu_xapian_query_term(term.data, term.len);
    if (plan) {
        cancu_strbuf__clear(&term);
        cancu_strbuf__printf(&term, "%s%s", CANCU_PREFIX_DOC, plan);
        if (!term.failed)
            parts[2] = cancu_xapian_query_term(term.data, term.len);
        nparts = 3;
    }
    cancu_strbuf__dispose(&term);
    return cancu_xapian_query_combine(CANCU_XAPIAN_FILTER, parts, nparts);
}
