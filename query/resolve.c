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
#include "util/util.h"

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

#define TYPE_WORDS                                                                        \
    "nghị định|nghi dinh|nđ|nd|thông tư liên tịch|thong tu lien tich|ttlt|"    \
    "thông tư|thong tu|tt|quyết định|quyet dinh|qđ|qd|nghị quyết|nghi quyet|" \
    "nq|chỉ thị|chi thi|ct"

/* "107/2020", "Thông tư 06/2020": a number and year with no code, maybe
 * after a type word (a circular's code names its ministry, which the
 * extractor cannot guess). */
static cancu_pattern_t number_year = CANCU_PATTERN(
    "^\\s*(?:(" TYPE_WORDS ")\\s+)?(?:(?:số|so)\\s+)?(\\d{1,5})\\s*/\\s*"
    "((?:19|20)\\d{2})\\s*$",
    PCRE2_CASELESS);

/* The date pasted after a citation: "ngày 21/6/2021", "ngày 21 tháng 6
 * năm 2021", maybe after a comma, then anything ("của Chính phủ"). */
static cancu_pattern_t pasted_date = CANCU_PATTERN(
    "^[\\s,]*(?:ban hành\\s+)?(?:ngày|ngay)\\s+(\\d{1,2})\\s*(?:/|-|\\.|"
    "tháng|thang)\\s*(\\d{1,2})\\s*(?:/|-|\\.|năm|nam)\\s*((?:19|20)\\d{2})",
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
    if (!strcmp(f, "thong tu lien tich") || !strcmp(f, "ttlt"))
        return "TTLT";
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

/* The captures of 'pattern' on 'text', or 0 when it does not match;
 * 'ov' gets the offsets (pairs). */
static int match(cancu_pattern_t *pattern, const char *text, size_t len,
                 size_t ov[][2], int cap)
{
    const pcre2_code *code = cancu_pattern__code(pattern);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    int rc = md ? pcre2_match(code, (PCRE2_SPTR)text, len, 0, 0, md, NULL) : 0;

    if (rc > 0) {
        PCRE2_SIZE *v = pcre2_get_ovector_pointer(md);

        for (int i = 0; i < rc && i < cap; i++) {
            ov[i][0] = v[2 * i];
            ov[i][1] = v[2 * i + 1];
        }
    }
    pcre2_match_data_free(md);
    return rc > 0 ? rc : 0;
}

/* A number without its leading zeros ("060" is 60), as canonical ids
 * write it ("06" keeps one: ids write two digits below ten). */
static void put_number(char *out, size_t cap, const char *num, size_t n,
                       const char *rest)
{
    while (n > 1 && *num == '0') {
        num++;
        n--;
    }
    snprintf(out, cap, "%s%.*s%s", n == 1 ? "0" : "", (int)n, num, rest);
}

/* A date pasted after the citation, into tr->date; the bytes it takes. */
static size_t take_date(cancu_typed_ref_t *tr, const char *rest)
{
    size_t ov[4][2];
    int d, m, y;

    if (match(&pasted_date, rest, strlen(rest), ov, 4) < 4)
        return 0;
    d = (int)strtol(rest + ov[1][0], NULL, 10);
    m = (int)strtol(rest + ov[2][0], NULL, 10);
    y = (int)strtol(rest + ov[3][0], NULL, 10);
    snprintf(tr->date, sizeof tr->date, "%04d-%02d-%02d", y, m, d);
    if (!cancu_date__valid(tr->date))
        tr->date[0] = '\0';
    return ov[0][1];
}

/* The kinds of document known by name, folded, and as ids write them. */
static const struct {
    const char *folded, *kind;
} name_kinds[] = {
    {"bo luat ", "Bộ luật "},
    {"luat ", "Luật "},
    {"phap lenh ", "Pháp lệnh "},
    {"hien phap", "Hiến pháp"},
};

/* "luat vien chuc", "Luật viên chức năm 2010": a known name, in any case
 * and without accents. */
static cancu_status_t take_known_name(cancu_typed_ref_t *tr, const char *typed)
{
    const char *name = NULL, *rest;
    int enactments = 0;
    size_t len = strlen(typed);
    size_t n = cancu_references__known_name(typed, len, &name, &enactments);
    int year = 0;

    if (!n)
        return CANCU_STATUS_NOT_FOUND;
    rest = typed + n;
    while (*rest == ' ' || *rest == ',')
        rest++;
    if (!strncmp(rest, "năm ", strlen("năm ")))
        rest += strlen("năm ");
    else if (!strncmp(rest, "nam ", 4))
        rest += 4;
    if (rest[0] >= '1' && rest[0] <= '2' && strlen(rest) >= 4) {
        year = (int)strtol(rest, NULL, 10);
        rest += 4;
    }
    if (*rest && !take_date(tr, rest))
        return CANCU_STATUS_NOT_FOUND;
    if (!push(&tr->ids, &tr->nids, name, strlen(name)))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (year && enactments > 1) {
        /* Its year tells which enactment: the key carries it. */
        size_t cap = strlen(name) + 8;

        tr->key_prefix = malloc(cap);
        if (!tr->key_prefix)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        snprintf(tr->key_prefix, cap, "%s:%04d", name, year);
    }
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t meaningless(const char *typed)
{
    if (!*typed)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "the reference is empty: write a number "
                                "('ND 60/2021', '18-NQ/TW') or a name "
                                "('Luật Viên chức')");
    return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                            "'%s' names no document: write a number ('ND "
                            "60/2021', '18-NQ/TW') or a name ('Luật Viên "
                            "chức')",
                            typed);
}

cancu_status_t cancu_typed_ref__parse(cancu_typed_ref_t *tr, const char *typed)
{
    collected_t c = {tr, 0, false};
    size_t len, ov[4][2];
    cancu_status_t status;
    const char *rest;
    char folded[256];

    memset(tr, 0, sizeof *tr);
    while (*typed == ' ' || *typed == '\t')
        typed++;
    len = strlen(typed);
    while (len && (typed[len - 1] == ' ' || typed[len - 1] == '\t'))
        len--;
    if (!len)
        return meaningless("");
    status = cancu_references__find(typed, len, collect, &c);
    if (status)
        return status;
    rest = typed + c.last_end;
    while (rest < typed + len && (*rest == ' ' || *rest == ','))
        rest++;
    /* "nghị định số 60/2021/NĐ-CP ngày 21/6/2021 của Chính phủ". */
    if (tr->nids == 1 && rest < typed + len && take_date(tr, rest))
        rest = typed + len;
    if (tr->nids == 1 && rest == typed + len)
        widen_issuerless(tr);
    if (tr->nids == 1 && rest < typed + len) {
        /* "602/QĐ-UBND Gia Lai": that province's document. */
        size_t n = strlen(tr->ids[0]) + (size_t)(typed + len - rest) + 2;

        tr->key_prefix = malloc(n);
        if (!tr->key_prefix)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        snprintf(tr->key_prefix, n, "%s@%.*s", tr->ids[0],
                 (int)(typed + len - rest), rest);
        return CANCU_STATUS_SUCCESS;
    }
    if (tr->nids)
        return CANCU_STATUS_SUCCESS;
    if (match(&number_only, typed, len, ov, 3) >= 3) {
        /* "NĐ 60", "Chỉ thị 14". */
        put_number(tr->number, sizeof tr->number, typed + ov[2][0],
                   ov[2][1] - ov[2][0], "");
        tr->type_code = type_code(typed + ov[1][0], ov[1][1] - ov[1][0]);
        return CANCU_STATUS_SUCCESS;
    }
    if (match(&number_year, typed, len, ov, 4) >= 4) {
        char year[8];

        snprintf(year, sizeof year, "/%.4s", typed + ov[3][0]);
        put_number(tr->number, sizeof tr->number, typed + ov[2][0],
                   ov[2][1] - ov[2][0], year);
        /* With no type word, any code: "107/2020" is 107/2020/NĐ-CP. */
        tr->type_code = ov[1][0] == PCRE2_UNSET
                            ? ""
                            : type_code(typed + ov[1][0], ov[1][1] - ov[1][0]);
        return CANCU_STATUS_SUCCESS;
    }
    status = take_known_name(tr, typed);
    if (status != CANCU_STATUS_NOT_FOUND)
        return status;
    /* A name cancu does not know: the archive's names that fold to it. */
    cancu_fold__ascii(typed, len, folded, sizeof folded);
    for (size_t k = 0; k < sizeof name_kinds / sizeof *name_kinds; k++)
        if (strncmp(folded, name_kinds[k].folded,
                    strlen(name_kinds[k].folded)) == 0) {
            snprintf(tr->folded_name, sizeof tr->folded_name, "%s", folded);
            if (!push(&tr->ids, &tr->nids, typed, len))
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "out of memory");
            return CANCU_STATUS_SUCCESS;
        }
    return meaningless(typed);
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
    size_t n = strlen(tr->number), t;
    const char *slash = strrchr(id, '/');

    if (!*tr->number || !tr->type_code || strncmp(id, tr->number, n) != 0)
        return false;
    t = strlen(tr->type_code);
    /* A Party document: "14-CT/TW" for "Chỉ thị 14". */
    if (id[n] == '-')
        return t && strncmp(id + n + 1, tr->type_code, t) == 0 &&
               id[n + 1 + t] == '/';
    return id[n] == '/' && slash && strncmp(slash + 1, tr->type_code, t) == 0;
}

/* Is 'id' the name typed, accents and case aside? */
static bool folds_to_name(const cancu_typed_ref_t *tr, const char *id)
{
    char folded[256];

    if (!*tr->folded_name)
        return false;
    cancu_fold__ascii(id, strlen(id), folded, sizeof folded);
    return strcmp(folded, tr->folded_name) == 0;
}

bool cancu_typed_ref__matches(const cancu_typed_ref_t *tr, const char *id,
                              const char *key)
{
    if (tr->key_prefix)
        return strncmp(key, tr->key_prefix, strlen(tr->key_prefix)) == 0;
    for (size_t i = 0; i < tr->nids; i++)
        if (strcmp(tr->ids[i], id) == 0)
            return true;
    return number_and_type(tr, id) || folds_to_name(tr, id);
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
    if (w->tr->key_prefix || number_and_type(w->tr, id) ||
        folds_to_name(w->tr, id)) {
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
        /* Every document of that type and number, whatever its year; a
         * Party document's number goes on with '-'. */
        for (const char *sep = "/-"; !status && *sep; sep++) {
            cancu_strbuf__clear(&buf);
            cancu_strbuf__printf(&buf, "%s%s%c", CANCU_PREFIX_REFERENCE,
                                 tr->number, *sep);
            if (!buf.failed)
                status = cancu_xapian_foreach_term(archive->db, buf.data,
                                                   keep_term, &w);
        }
    } else if (*tr->folded_name) {
        for (size_t k = 0;
             !status && k < sizeof name_kinds / sizeof *name_kinds; k++) {
            cancu_strbuf__clear(&buf);
            cancu_strbuf__printf(&buf, "%s%s", CANCU_PREFIX_REFERENCE,
                                 name_kinds[k].kind);
            if (!buf.failed)
                status = cancu_xapian_foreach_term(archive->db, buf.data,
                                                   keep_term, &w);
        }
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
