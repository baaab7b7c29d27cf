/* The check of a plan's citations (include/cancu/check.h): each
 * reference matched to its registry record by number and date, judged as
 * of a date, replacements followed to the document then in force; the
 * problems the text alone shows. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include <cancu/cancu.h>
#include <cancu/check.h>

#include "util/util.h"

/* A chain of replacements longer than this is a loop in the data. */
#define MAX_CHAIN 8
#define MAX_DETAIL 1024

struct cancu_finding {
    cancu_finding_kind_t kind;
    const char *id, *text, *section, *task;
    size_t line, order;
    const char *detail, *detail_vi, *suggestion, *ended_on;
    const char *record, *origin;
    const char **chain, **candidates;
    size_t nchain, ncandidates;
};

struct cancu_check {
    cancu_arena_t *arena;
    const char *plan_id, *path, *title, *date, *as_of;
    cancu_finding_t *findings;
    size_t count, cap, warnings;
};

static const struct {
    const char *name;
    cancu_severity_t severity;
} kinds[CANCU_FINDING_LAST_KIND] = {
    [CANCU_FINDING_REPLACED] = {"replaced", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_REPEALED] = {"repealed", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_EXPIRED] = {"expired", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_DATE_MISMATCH] = {"date-mismatch", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_YEAR_MISMATCH] = {"year-mismatch", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_MISSING_YEAR] = {"missing-year", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_CONFLICTING_DATE] = {"conflicting-date",
                                        CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_FUTURE_DATED] = {"future-dated", CANCU_SEVERITY_WARNING},
    [CANCU_FINDING_AMBIGUOUS] = {"ambiguous", CANCU_SEVERITY_INFO},
    [CANCU_FINDING_AMENDED] = {"amended", CANCU_SEVERITY_INFO},
    [CANCU_FINDING_UNKNOWN] = {"unknown", CANCU_SEVERITY_INFO},
    [CANCU_FINDING_UNKNOWN_CODE] = {"unknown-code", CANCU_SEVERITY_INFO},
    [CANCU_FINDING_DISPUTED] = {"disputed", CANCU_SEVERITY_INFO},
};

const char *cancu_finding_kind_to_string(cancu_finding_kind_t kind)
{
    return (unsigned)kind < CANCU_FINDING_LAST_KIND ? kinds[kind].name : "";
}

const char *cancu_severity_to_string(cancu_severity_t severity)
{
    return severity == CANCU_SEVERITY_WARNING ? "warning" : "info";
}

static cancu_status_t oom(void)
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

/* Dates as people write them. */

static bool digits_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Does 'text' end with "/YYYY", four digits after its last slash? */
static bool four_digit_year(const char *text)
{
    const char *slash = strrchr(text, '/');

    return slash && strlen(slash + 1) == 4 && digits_at(slash + 1, 4);
}

cancu_status_t cancu_date_parse(char out[11], const char *text)
{
    int day = 0, month = 0, year = 0, used = 0;
    size_t n;

    assert(out && text);
    out[0] = '\0';
    n = strlen(text);
    if (strcmp(text, "today") == 0 || strcmp(text, "hôm nay") == 0) {
        time_t now = time(NULL);
        struct tm tm;

        if (!localtime_r(&now, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
            return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                    "the clock gives no date");
        return CANCU_STATUS_SUCCESS;
    }
    if (n <= 10 && cancu_date__valid(text)) {
        memcpy(out, text, n + 1);
        return CANCU_STATUS_SUCCESS;
    }
    if (sscanf(text, "%2d/%2d/%4d%n", &day, &month, &year, &used) == 3 &&
        (size_t)used == n && four_digit_year(text)) {
        if (month < 1 || month > 12 || day < 1 ||
            day > cancu_date__days_in_month(year, month))
            return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                    "%s is not a day", text);
        snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
        if (cancu_date__valid(out))
            return CANCU_STATUS_SUCCESS;
    } else if (sscanf(text, "%2d/%4d%n", &month, &year, &used) == 2 &&
               (size_t)used == n && four_digit_year(text)) {
        snprintf(out, 11, "%04d-%02d", year, month);
        if (month >= 1 && month <= 12 && cancu_date__valid(out))
            return CANCU_STATUS_SUCCESS;
    }
    out[0] = '\0';
    return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                            "'%s' is not a date (write 2023-08-01, "
                            "01/08/2023 or today)",
                            text);
}

/* Building a check. */

static const char *keep(cancu_check_t *c, const char *s)
{
    return cancu_arena__strdup(c->arena, s ? s : "");
}

/* A new finding about 'ref' (a reference or problem of the references
 * JSON), or NULL when memory runs out. */
static cancu_finding_t *add(cancu_check_t *c, const cancu_reference_t *ref,
                            cancu_finding_kind_t kind, const char *detail,
                            const char *detail_vi, const char *suggestion)
{
    cancu_finding_t *f;

    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        cancu_finding_t *grown = realloc(c->findings, cap * sizeof *grown);

        if (!grown)
            return NULL;
        c->findings = grown;
        c->cap = cap;
    }
    f = &c->findings[c->count];
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->order = c->count;
    f->id = keep(c, cancu_reference_id(ref));
    f->text = keep(c, cancu_reference_text(ref));
    f->section = keep(c, cancu_reference_section(ref));
    f->task = keep(c, cancu_reference_task(ref));
    f->line = cancu_reference_line(ref);
    f->detail = keep(c, detail);
    f->detail_vi = keep(c, detail_vi);
    f->suggestion = keep(c, suggestion);
    f->ended_on = keep(c, "");
    f->record = keep(c, "");
    f->origin = keep(c, "");
    if (!f->id || !f->text || !f->section || !f->task || !f->detail ||
        !f->detail_vi || !f->suggestion || !f->ended_on || !f->record ||
        !f->origin)
        return NULL;
    c->count++;
    if (kinds[kind].severity == CANCU_SEVERITY_WARNING)
        c->warnings++;
    return f;
}

static const char **keep_list(cancu_check_t *c, const char *const *items,
                              size_t n)
{
    const char **list =
        cancu_arena__alloc(c->arena, (n ? n : 1) * sizeof *list);

    for (size_t i = 0; list && i < n; i++)
        if (!(list[i] = keep(c, items[i])))
            return NULL;
    return list;
}

/* Where a record's facts come from, as the finding says it. */
static const char *origin_of(const cancu_registry_entry_t *e, char *buf,
                             size_t cap)
{
    const char *origin = cancu_registry_entry_origin(e);

    if (*origin)
        snprintf(buf, cap, "%s", origin);
    else if (*cancu_registry_entry_mined_from(e))
        snprintf(buf, cap, "mined from %s", cancu_registry_entry_mined_from(e));
    else
        snprintf(buf, cap, "%s",
                 cancu_registry_confidence_to_string(
                     cancu_registry_entry_confidence(e)));
    return buf;
}

/* Matching a citation to a record. */

/* The id without its ":YEAR". */
static size_t base_len(const char *id)
{
    size_t n = strlen(id);

    if (n > 5 && id[n - 5] == ':' && digits_at(id + n - 4, 4))
        return n - 5;
    return n;
}

/* The date a record stands for: when it was signed, else the year its
 * id carries after a colon. */
static void record_date(const cancu_registry_entry_t *e, char out[11])
{
    const char *signed_on = cancu_registry_entry_signed(e);
    const char *id = cancu_registry_entry_id(e);
    size_t n = strlen(id);

    if (*signed_on)
        snprintf(out, 11, "%s", signed_on);
    else if (base_len(id) != n)
        snprintf(out, 11, "%s", id + n - 4);
    else
        out[0] = '\0';
}

/* The date the citation gives: the date written with it, else the year
 * its key carries ("Luật Ngân sách nhà nước:2015", "18-NQ/TW:2022"). */
static void cited_date(const cancu_reference_t *ref, char out[11])
{
    const char *date = cancu_reference_date(ref);
    const char *key = cancu_reference_key(ref);
    size_t n = strlen(key);

    out[0] = '\0';
    if (*date && strlen(date) <= 10 && cancu_date__valid(date))
        snprintf(out, 11, "%s", date);
    else if (base_len(key) != n)
        snprintf(out, 11, "%s", key + n - 4);
}

typedef struct match {
    const cancu_registry_entry_t *entry;
    /* A record of the number whose date the citation contradicts. */
    const cancu_registry_entry_t *contradicted;
    /* Several fit and nothing tells which. */
    bool ambiguous;
} match_t;

/* The record among 'list' that the citation names: the one of the date
 * written with it; else, of several, the newest signed on or before the
 * plan ('plan_date'); of a number used again (an id with ":YEAR"), one
 * signed after the plan never. */
static match_t choose(const cancu_registry_entry_list_t *list,
                      const char *cited, const char *plan_date)
{
    match_t m = {NULL, NULL, false};
    size_t fitting = 0;
    char best_date[11] = "";
    const char *only =
        cancu_registry_entry_list_count(list) == 1
            ? cancu_registry_entry_id(cancu_registry_entry_list_get(list, 0))
            : NULL;
    bool unique = only && base_len(only) == strlen(only);

    for (size_t i = 0; i < cancu_registry_entry_list_count(list); i++) {
        const cancu_registry_entry_t *e =
            cancu_registry_entry_list_get(list, i);
        char date[11];

        record_date(e, date);
        if (*cited && *date && cancu_date__compare(cited, date) != 0) {
            if (!m.contradicted)
                m.contradicted = e;
            continue;
        }
        /* Of a number used again, not one signed after the plan; a
         * number that says its year is that document whatever the
         * plan's date (its text's date may be wrong: future-dated). */
        if (!*cited && *plan_date && *date && !unique &&
            cancu_date__compare(date, plan_date) > 0)
            continue;
        fitting++;
        /* The most precise date that fits wins; then the newest. */
        if (!m.entry || strlen(date) > strlen(best_date) ||
            (strlen(date) == strlen(best_date) &&
             strcmp(date, best_date) > 0)) {
            m.entry = e;
            snprintf(best_date, sizeof best_date, "%s", date);
        }
    }
    /* Several documents of one number and no date to tell them apart. */
    if (fitting > 1 && !*cited && !*plan_date)
        m.ambiguous = true;
    return m;
}

static cancu_status_t lookup(cancu_registry_entry_list_t **list,
                             cancu_archive_t *archive, const char *id)
{
    cancu_status_t status;

    *list = NULL;
    status = cancu_registry_lookup(list, archive, id);
    if (status == CANCU_STATUS_NOT_FOUND ||
        status == CANCU_STATUS_INVALID_ARGUMENT) {
        cancu_error_clear();
        return CANCU_STATUS_NOT_FOUND;
    }
    if (status && status != CANCU_STATUS_OUT_OF_MEMORY)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "the registry cannot be read: %s",
                                cancu_error_last());
    return status;
}

/* Judging a matched record. */

typedef struct judged {
    cancu_legal_status_t status;
    char ended_on[11];
    const char *chain[MAX_CHAIN];
    size_t nchain;
    char amenders[512];
} judged_t;

/* The standing of 'e' as of 'as_of', replacements followed to the
 * document then in force. Strings in 'j' live in 'c'. */
static cancu_status_t judge(cancu_check_t *c, cancu_archive_t *archive,
                            const cancu_registry_entry_t *e, const char *as_of,
                            judged_t *j)
{
    cancu_registry_standing_t *s = NULL;
    cancu_registry_entry_list_t *next = NULL;
    cancu_status_t status;
    size_t n = 0;

    memset(j, 0, sizeof *j);
    status = cancu_registry_status_as_of(&s, e, as_of);
    if (status)
        return status;
    j->status = cancu_registry_standing_status(s);
    snprintf(j->ended_on, sizeof j->ended_on, "%s",
             cancu_registry_standing_ended_on(s));
    for (size_t i = 0; i < cancu_registry_standing_amended_count(s); i++) {
        int w =
            snprintf(j->amenders + n, sizeof j->amenders - n, "%s%s",
                     i ? ", " : "", cancu_registry_standing_amended_by(s, i));

        if (w > 0 && (size_t)w < sizeof j->amenders - n)
            n += (size_t)w;
    }
    /* Follow the replacements: each to the record of its replacement. */
    while (!status &&
           cancu_registry_standing_status(s) == CANCU_LEGAL_REPLACED &&
           j->nchain < MAX_CHAIN) {
        const char *by = cancu_registry_standing_replaced_by(s);
        const char *on = cancu_registry_standing_replaced_on(s);
        match_t m;
        bool seen = strcmp(by, cancu_registry_entry_id(e)) == 0;

        for (size_t i = 0; i < j->nchain; i++)
            seen = seen || strcmp(j->chain[i], by) == 0;
        if (!*by || seen) {
            /* Nothing is replaced by itself: a record saying so is
             * wrong, and says nothing of the document. */
            if (!j->nchain)
                j->status = CANCU_LEGAL_UNKNOWN;
            break;
        }
        if (!(j->chain[j->nchain++] = keep(c, by))) {
            status = oom();
            break;
        }
        cancu_registry_entry_list_destroy(next);
        status = lookup(&next, archive, by);
        if (status == CANCU_STATUS_NOT_FOUND) {
            status = CANCU_STATUS_SUCCESS;
            break;
        }
        if (status)
            break;
        m = choose(next, "", on);
        if (!m.entry)
            break;
        cancu_registry_standing_destroy(s);
        s = NULL;
        status = cancu_registry_status_as_of(&s, m.entry, as_of);
    }
    cancu_registry_entry_list_destroy(next);
    cancu_registry_standing_destroy(s);
    return status;
}

/* Has the text's own reading already flagged this reference's date
 * (a year that contradicts it, two dates)? */
static bool already_said(const cancu_check_t *c, const cancu_reference_t *ref)
{
    size_t line = cancu_reference_line(ref);

    for (size_t i = 0; i < c->count; i++)
        if (c->findings[i].line == line &&
            strcmp(c->findings[i].id, cancu_reference_id(ref)) == 0 &&
            (c->findings[i].kind == CANCU_FINDING_YEAR_MISMATCH ||
             c->findings[i].kind == CANCU_FINDING_CONFLICTING_DATE))
            return true;
    return false;
}

static bool ended(cancu_legal_status_t status)
{
    return status == CANCU_LEGAL_REPLACED || status == CANCU_LEGAL_REPEALED ||
           status == CANCU_LEGAL_EXPIRED;
}

/* A record that keeps the document standing while an ingested text says
 * it ended by 'as_of': one "disputed" finding naming the text. False
 * when memory runs out. */
static bool dispute(cancu_check_t *c, const cancu_reference_t *ref,
                    const cancu_registry_entry_t *e, const char *as_of)
{
    const char *id = cancu_reference_id(ref);
    char en[MAX_DETAIL], vi[MAX_DETAIL];

    if (strcmp(cancu_registry_entry_provenance(e), "mined") == 0)
        return true;
    for (size_t i = 0; i < cancu_registry_entry_relation_count(e); i++) {
        const char *kind = cancu_registry_entry_relation_kind(e, i);
        const char *date = cancu_registry_entry_relation_date(e, i);
        const char *by = cancu_registry_entry_relation_source(e, i);
        const char *text = cancu_registry_entry_relation_mined_from(e, i);
        size_t line = cancu_registry_entry_relation_line(e, i);
        bool replaces = !strcmp(kind, "replaces");
        bool repeals = !strcmp(kind, "repeals");
        cancu_finding_t *f;

        if (!strcmp(kind, "amends") || !*date ||
            cancu_date__compare(date, as_of) > 0)
            continue;
        snprintf(en, sizeof en,
                 "the registry (%s) keeps %s standing, but %s (line %zu) "
                 "says %s %s it from %s",
                 cancu_registry_entry_provenance(e), id, text, line,
                 *by ? by : "a text",
                 replaces  ? "replaced"
                 : repeals ? "repealed"
                           : "ended",
                 date);
        snprintf(vi, sizeof vi,
                 "cơ sở dữ liệu (%s) ghi %s còn hiệu lực, nhưng %s (dòng "
                 "%zu) ghi %s %s từ ngày %s",
                 cancu_registry_entry_provenance(e), id, text, line,
                 *by ? by : "văn bản",
                 replaces  ? "đã thay thế"
                 : repeals ? "đã bãi bỏ"
                           : "làm hết hiệu lực",
                 date);
        f = add(c, ref, CANCU_FINDING_DISPUTED, en, vi, by);
        if (!f)
            return false;
        f->record = keep(c, cancu_registry_entry_id(e));
        f->origin = keep(c, text);
        return f->record && f->origin;
    }
    return true;
}

static cancu_status_t check_reference(cancu_check_t *c,
                                      cancu_archive_t *archive,
                                      const cancu_reference_t *ref,
                                      const char *as_of)
{
    cancu_registry_entry_list_t *list = NULL;
    const char *id = cancu_reference_id(ref);
    char cited[11], when[11], origin[512];
    char en[MAX_DETAIL], vi[MAX_DETAIL];
    cancu_status_t status = lookup(&list, archive, id);
    cancu_finding_t *f = NULL;
    match_t m = {NULL, NULL, false};
    judged_t j;

    cited_date(ref, cited);
    if (!status)
        m = choose(list, cited, c->date);
    if (status == CANCU_STATUS_NOT_FOUND ||
        (!status && !m.entry && !m.contradicted)) {
        snprintf(en, sizeof en, "%s is not in the registry", id);
        snprintf(vi, sizeof vi,
                 "%s chưa có trong cơ sở dữ liệu tình trạng hiệu lực", id);
        cancu_registry_entry_list_destroy(list);
        return add(c, ref, CANCU_FINDING_UNKNOWN, en, vi, NULL) ? 0 : oom();
    }
    if (status) {
        cancu_registry_entry_list_destroy(list);
        return status;
    }
    if (m.ambiguous) {
        const char *ids[16];
        size_t n = 0;

        for (size_t i = 0; i < cancu_registry_entry_list_count(list) && n < 16;
             i++)
            ids[n++] =
                cancu_registry_entry_id(cancu_registry_entry_list_get(list, i));
        snprintf(en, sizeof en,
                 "%s names %zu documents of the registry; its date would "
                 "tell which",
                 id, n);
        snprintf(vi, sizeof vi,
                 "%s ứng với %zu văn bản; cần ghi ngày ban hành để xác định",
                 id, n);
        f = add(c, ref, CANCU_FINDING_AMBIGUOUS, en, vi, NULL);
        if (f && !(f->candidates = keep_list(c, ids, n)))
            f = NULL;
        if (f)
            f->ncandidates = n;
        cancu_registry_entry_list_destroy(list);
        return f ? 0 : oom();
    }
    if (!m.entry && already_said(c, ref)) {
        cancu_registry_entry_list_destroy(list);
        return CANCU_STATUS_SUCCESS;
    }
    if (!m.entry) {
        /* The number is there, of another date: a mistyped date, or
         * another document of a number used again. */
        record_date(m.contradicted, when);
        snprintf(en, sizeof en,
                 "%s is cited with the date %s; the registry's %s was "
                 "signed on %s",
                 id, cited, cancu_registry_entry_id(m.contradicted), when);
        snprintf(vi, sizeof vi,
                 "%s được ghi ngày %s; văn bản %s trong cơ sở dữ liệu ban "
                 "hành ngày %s",
                 id, cited, cancu_registry_entry_id(m.contradicted), when);
        f = add(c, ref,
                strchr(id, '/') &&
                        base_len(cancu_registry_entry_id(m.contradicted)) ==
                            strlen(cancu_registry_entry_id(m.contradicted))
                    ? CANCU_FINDING_DATE_MISMATCH
                    : CANCU_FINDING_UNKNOWN,
                en, vi, NULL);
        if (f &&
            !(f->record = keep(c, cancu_registry_entry_id(m.contradicted))))
            f = NULL;
        cancu_registry_entry_list_destroy(list);
        return f ? 0 : oom();
    }
    status = judge(c, archive, m.entry, as_of, &j);
    if (status) {
        cancu_registry_entry_list_destroy(list);
        return status;
    }
    switch (j.status) {
    case CANCU_LEGAL_REPLACED: {
        const char *last = j.nchain ? j.chain[j.nchain - 1] : "";
        int w =
            snprintf(en, sizeof en, "%s was replaced by %s from %s", id,
                     j.nchain ? j.chain[0] : "another document", j.ended_on);
        int v =
            snprintf(vi, sizeof vi, "%s đã được thay thế bởi %s từ ngày %s", id,
                     j.nchain ? j.chain[0] : "văn bản khác", j.ended_on);

        for (size_t i = 1; i < j.nchain && w > 0 && v > 0; i++) {
            w += snprintf(en + w, sizeof en - (size_t)w,
                          ", which was replaced in turn by %s", j.chain[i]);
            v += snprintf(vi + v, sizeof vi - (size_t)v,
                          ", văn bản này lại được thay thế bởi %s", j.chain[i]);
            if ((size_t)w >= sizeof en || (size_t)v >= sizeof vi)
                break;
        }
        f = add(c, ref, CANCU_FINDING_REPLACED, en, vi, last);
        if (f && !(f->chain = keep_list(c, j.chain, j.nchain)))
            f = NULL;
        if (f)
            f->nchain = j.nchain;
        break;
    }
    case CANCU_LEGAL_REPEALED:
    case CANCU_LEGAL_EXPIRED: {
        bool repealed = j.status == CANCU_LEGAL_REPEALED;

        snprintf(en, sizeof en, "%s was %s on %s", id,
                 repealed ? "repealed" : "no longer in force", j.ended_on);
        snprintf(vi, sizeof vi, "%s đã %s từ ngày %s", id,
                 repealed ? "bị bãi bỏ" : "hết hiệu lực", j.ended_on);
        f = add(c, ref,
                repealed ? CANCU_FINDING_REPEALED : CANCU_FINDING_EXPIRED, en,
                vi, NULL);
        break;
    }
    case CANCU_LEGAL_AMENDED:
        snprintf(en, sizeof en, "%s is in force, amended by %s", id,
                 j.amenders);
        snprintf(vi, sizeof vi,
                 "%s còn hiệu lực, đã được sửa đổi, bổ sung bởi %s", id,
                 j.amenders);
        f = add(c, ref, CANCU_FINDING_AMENDED, en, vi, j.amenders);
        break;
    case CANCU_LEGAL_UNKNOWN:
        snprintf(en, sizeof en,
                 "%s is in the registry, but its standing on %s is not "
                 "known",
                 id, as_of);
        snprintf(vi, sizeof vi,
                 "%s có trong cơ sở dữ liệu nhưng chưa rõ tình trạng hiệu "
                 "lực tại ngày %s",
                 id, as_of);
        f = add(c, ref, CANCU_FINDING_UNKNOWN, en, vi, NULL);
        break;
    default: {
        /* In force, or not yet: nothing to say, unless a text says
         * otherwise. */
        bool ok = dispute(c, ref, m.entry, as_of);

        cancu_registry_entry_list_destroy(list);
        return ok ? CANCU_STATUS_SUCCESS : oom();
    }
    }
    if (f) {
        f->ended_on =
            keep(c, j.status == CANCU_LEGAL_AMENDED ? "" : j.ended_on);
        f->record = keep(c, cancu_registry_entry_id(m.entry));
        f->origin = keep(c, origin_of(m.entry, origin, sizeof origin));
        if (!f->ended_on || !f->record || !f->origin)
            f = NULL;
    }
    /* 'f' is not used past here: dispute() may move the findings. */
    if (f && !ended(j.status) && !dispute(c, ref, m.entry, as_of))
        f = NULL;
    cancu_registry_entry_list_destroy(list);
    return f ? 0 : oom();
}

static const char *problem_vi(const char *kind)
{
    if (!strcmp(kind, "year-mismatch"))
        return "năm trong số hiệu khác năm ban hành";
    if (!strcmp(kind, "missing-year"))
        return "số hiệu thiếu năm ban hành";
    if (!strcmp(kind, "conflicting-date"))
        return "một văn bản được ghi hai ngày ban hành khác nhau";
    if (!strcmp(kind, "future-dated"))
        return "văn bản được dẫn ban hành sau ngày của kế hoạch";
    if (!strcmp(kind, "ambiguous"))
        return "không xác định được văn bản nào";
    return "mã văn bản không rõ";
}

static int kind_of(const char *name)
{
    for (int k = 0; k < CANCU_FINDING_LAST_KIND; k++)
        if (strcmp(kinds[k].name, name) == 0)
            return k;
    return -1;
}

/* Warnings first, then in the order of the text. */
static int by_severity_then_place(const void *pa, const void *pb)
{
    const cancu_finding_t *a = pa, *b = pb;
    int sa = kinds[a->kind].severity, sb = kinds[b->kind].severity;

    if (sa != sb)
        return sb - sa;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* An end of a relation: its reference's id, else the plan's own
 * number. */
static const char *relation_end(const cancu_plan_refs_t *v, size_t index)
{
    const cancu_reference_t *r = cancu_plan_refs_reference(v, index);

    return r ? cancu_reference_id(r) : cancu_plan_refs_number(v);
}

/* Is 'ref' a document the text says was replaced, repealed or ended
 * ("Nghị định này thay thế Nghị định số ..."), or one the text itself
 * amends? Citing it so is history, not an outdated citation. */
static bool reported_ended(const cancu_plan_refs_t *v,
                           const cancu_reference_t *ref)
{
    const char *own = cancu_plan_refs_number(v);

    for (size_t i = 0; i < cancu_plan_refs_relation_count(v); i++) {
        const cancu_relation_t *relation = cancu_plan_refs_relation(v, i);

        if (strcmp(relation_end(v, cancu_relation_target(relation)),
                   cancu_reference_id(ref)) != 0)
            continue;
        /* What the text itself changes, amendments too: the text is
         * what may be outdated, not its citing of what it changed. */
        if (strcmp(cancu_relation_kind(relation), "amends") != 0 ||
            (*own && strcmp(relation_end(v, cancu_relation_source(relation)),
                            own) == 0))
            return true;
    }
    return false;
}

static cancu_status_t run(cancu_check_t *c, cancu_archive_t *archive,
                          const cancu_plan_refs_t *v)
{
    json_t *seen = json_object();
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    /* With no date at all, only what has ended for good counts. */
    const char *as_of = *c->as_of ? c->as_of : "9999";

    if (!seen)
        return oom();
    c->plan_id = keep(c, cancu_plan_refs_id(v));
    c->path = keep(c, cancu_plan_refs_path(v));
    c->title = keep(c, cancu_plan_refs_title(v));
    if (!c->plan_id || !c->path || !c->title)
        status = oom();
    for (size_t i = 0; !status && i < cancu_plan_refs_problem_count(v); i++) {
        /* The text's problems first; an ambiguous reference may be
         * settled by the registry below. */
        const cancu_problem_t *p = cancu_plan_refs_problem(v, i);
        const cancu_reference_t *r =
            cancu_plan_refs_reference(v, cancu_problem_reference(p));
        char vi[MAX_DETAIL];
        int kind = kind_of(cancu_problem_kind(p));

        if (!r || kind < 0 || kind == CANCU_FINDING_AMBIGUOUS)
            continue;
        snprintf(vi, sizeof vi, "%s: %s", cancu_reference_text(r),
                 problem_vi(cancu_problem_kind(p)));
        if (!add(c, r, (cancu_finding_kind_t)kind, cancu_problem_detail(p), vi,
                 cancu_problem_suggestion(p)))
            status = oom();
    }
    for (size_t i = 0; i < cancu_plan_refs_reference_count(v); i++) {
        /* One finding per document and place, not per mention. */
        const cancu_reference_t *r = cancu_plan_refs_reference(v, i);
        char key[1024];

        if (status)
            break;
        snprintf(key, sizeof key, "%s|%s", cancu_reference_key(r),
                 cancu_reference_section(r));
        if (json_object_get(seen, key) || reported_ended(v, r))
            continue;
        if (json_object_set_new(seen, key, json_true()) != 0) {
            status = oom();
            break;
        }
        if (cancu_reference_is_ambiguous(r)) {
            cancu_registry_entry_list_t *list = NULL;

            status = lookup(&list, archive, cancu_reference_id(r));
            cancu_registry_entry_list_destroy(list);
            if (status == CANCU_STATUS_NOT_FOUND) {
                char en[MAX_DETAIL], vi[MAX_DETAIL];

                snprintf(en, sizeof en,
                         "%s cannot be told apart without its date or "
                         "issuer",
                         cancu_reference_text(r));
                snprintf(vi, sizeof vi, "%s: %s", cancu_reference_text(r),
                         problem_vi("ambiguous"));
                status = add(c, r, CANCU_FINDING_AMBIGUOUS, en, vi, NULL)
                             ? CANCU_STATUS_SUCCESS
                             : oom();
                continue;
            }
            if (status)
                break;
        }
        status = check_reference(c, archive, r, as_of);
    }
    json_decref(seen);
    if (!status && c->count)
        qsort(c->findings, c->count, sizeof *c->findings,
              by_severity_then_place);
    return status;
}

static cancu_status_t check_refs(cancu_check_t **out, cancu_archive_t *archive,
                                 const cancu_plan_refs_t *v, const char *as_of)
{
    cancu_check_t *c;
    char date[11] = "";
    cancu_status_t status;

    if (as_of && (status = cancu_date_parse(date, as_of)) != 0)
        return status;
    c = calloc(1, sizeof *c);
    if (!c || !(c->arena = cancu_arena__new())) {
        free(c);
        return oom();
    }
    c->date = keep(c, cancu_plan_refs_date(v));
    c->as_of = keep(c, as_of ? date : c->date ? c->date : "");
    status = c->date && c->as_of ? run(c, archive, v) : oom();
    if (status) {
        cancu_check_destroy(c);
        return status;
    }
    *out = c;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_check_document(cancu_check_t **out,
                                    cancu_archive_t *archive,
                                    const cancu_document_t *doc,
                                    const char *as_of)
{
    cancu_plan_refs_t *refs = NULL;
    cancu_status_t status;

    assert(out && doc);
    *out = NULL;
    status = cancu_document_plan_refs(&refs, doc);
    if (!status)
        status = check_refs(out, archive, refs, as_of);
    cancu_plan_refs_destroy(refs);
    return status;
}

cancu_status_t cancu_check_plan(cancu_check_t **out, cancu_archive_t *archive,
                                const char *id_or_path, const char *as_of)
{
    cancu_plan_refs_t *plan = NULL;
    char date[11];
    cancu_status_t status;

    assert(out && archive && id_or_path);
    *out = NULL;
    /* A bad date is the caller's mistake, told before any lookup. */
    if (as_of && (status = cancu_date_parse(date, as_of)) != 0)
        return status;
    status = cancu_archive_plan_references(&plan, archive, id_or_path);
    if (!status)
        status = check_refs(out, archive, plan, as_of);
    cancu_plan_refs_destroy(plan);
    return status;
}

const char *cancu_check_plan_id(const cancu_check_t *c)
{
    return c->plan_id;
}
const char *cancu_check_plan_path(const cancu_check_t *c)
{
    return c->path;
}
const char *cancu_check_plan_title(const cancu_check_t *c)
{
    return c->title;
}
const char *cancu_check_plan_date(const cancu_check_t *c)
{
    return c->date;
}
const char *cancu_check_as_of(const cancu_check_t *c)
{
    return c->as_of;
}
size_t cancu_check_count(const cancu_check_t *c)
{
    return c->count;
}
size_t cancu_check_warnings(const cancu_check_t *c)
{
    return c->warnings;
}

const cancu_finding_t *cancu_check_get(const cancu_check_t *c, size_t index)
{
    return index < c->count ? &c->findings[index] : NULL;
}

void cancu_check_destroy(cancu_check_t *c)
{
    if (!c)
        return;
    free(c->findings);
    cancu_arena__destroy(c->arena);
    free(c);
}

cancu_finding_kind_t cancu_finding_kind(const cancu_finding_t *f)
{
    return f->kind;
}

cancu_severity_t cancu_finding_severity(const cancu_finding_t *f)
{
    return kinds[f->kind].severity;
}

const char *cancu_finding_id(const cancu_finding_t *f)
{
    return f->id;
}
const char *cancu_finding_text(const cancu_finding_t *f)
{
    return f->text;
}
const char *cancu_finding_section(const cancu_finding_t *f)
{
    return f->section;
}
const char *cancu_finding_task(const cancu_finding_t *f)
{
    return f->task;
}
size_t cancu_finding_line(const cancu_finding_t *f)
{
    return f->line;
}
const char *cancu_finding_detail(const cancu_finding_t *f)
{
    return f->detail;
}
const char *cancu_finding_detail_vi(const cancu_finding_t *f)
{
    return f->detail_vi;
}
const char *cancu_finding_suggestion(const cancu_finding_t *f)
{
    return f->suggestion;
}
const char *cancu_finding_ended_on(const cancu_finding_t *f)
{
    return f->ended_on;
}
size_t cancu_finding_chain_count(const cancu_finding_t *f)
{
    return f->nchain;
}
const char *cancu_finding_chain(const cancu_finding_t *f, size_t index)
{
    return index < f->nchain ? f->chain[index] : NULL;
}
size_t cancu_finding_candidate_count(const cancu_finding_t *f)
{
    return f->ncandidates;
}
const char *cancu_finding_candidate(const cancu_finding_t *f, size_t index)
{
    return index < f->ncandidates ? f->candidates[index] : NULL;
}
const char *cancu_finding_record(const cancu_finding_t *f)
{
    return f->record;
}
const char *cancu_finding_origin(const cancu_finding_t *f)
{
    return f->origin;
}
