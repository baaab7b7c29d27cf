/* TCase "check_real" of suite "query": the check on what the real
 * legal texts of corpora/real state about the documents they end. The
 * relations are the hand-made gold of corpora/gold/check-real: each
 * acting text is ingested, and a plan citing its target must be flagged
 * from the day the text says and not before. Figures are printed; the
 * floors below hold what was reached. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "util/util.h"

TCase *query_check_real_tcase(void);

/* Floors: the share of gold endings flagged from their date (with the
 * right kind), and none flagged before. */
#define MIN_FLAGGED 0.86
#define MIN_RIGHT_KIND 0.86

/* Ceilings on the gold's citations judged (findings.tsv): endings said
 * where reading says none, and endings or amendments not said. */
#define MAX_WRONG 2
#define MAX_MISSING 4

#define MAX_ROWS 512

typedef struct ending {
    char *file, *kind, *source, *target, *from;
} ending_t;

static const char *finding_for(const char *kind)
{
    return strcmp(kind, "replaces") == 0  ? "replaced"
           : strcmp(kind, "repeals") == 0 ? "repealed"
                                          : "expired";
}

/* The type word a plan writes before a number of this code. */
static const char *type_word(const char *id)
{
    const char *code = strrchr(id, '/');

    code = code ? code + 1 : id;
    if (strncmp(code, "NĐ", strlen("NĐ")) == 0)
        return "Nghị định";
    if (strncmp(code, "TT", 2) == 0)
        return "Thông tư";
    if (strncmp(code, "NQ", 2) == 0)
        return "Nghị quyết";
    if (strncmp(code, "CT", 2) == 0)
        return "Chỉ thị";
    return "Quyết định";
}

/* The day before 'iso' (YYYY-MM-DD), into 'out'. */
static void day_before(const char *iso, char out[11])
{
    int y = (int)strtol(iso, NULL, 10), m = (int)strtol(iso + 5, NULL, 10);
    int d = (int)strtol(iso + 8, NULL, 10);

    if (--d == 0) {
        if (--m == 0) {
            m = 12;
            y--;
        }
        d = cancu_date__days_in_month(y, m);
    }
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

static size_t read_endings(ending_t *rows, char **text_out)
{
    char *path = test_corpus_path("gold/check-real/relations.tsv");
    char *text = test_read_file(path, NULL), *line, *next;
    size_t n = 0;

    ck_assert_ptr_nonnull(text);
    for (line = text; line && *line; line = next) {
        char *f[8];
        size_t nf;
        const char *ext;

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        nf = test_split_tabs(line, f, 8);
        if (nf < 6 || strcmp(f[0], "FILE") == 0)
            continue;
        ext = strrchr(f[0], '.');
        /* Endings the text dates, by a document other than the target. */
        if ((strcmp(f[2], "replaces") && strcmp(f[2], "repeals") &&
             strcmp(f[2], "expires")) ||
            strlen(f[5]) != 10 || strcmp(f[3], "-") == 0 ||
            strcmp(f[3], f[4]) == 0 || !ext ||
            (strcmp(ext, ".txt") && strcmp(ext, ".docx")))
            continue;
        ck_assert_uint_lt(n, MAX_ROWS);
        rows[n++] = (ending_t){f[0], f[2], f[3], f[4], f[5]};
    }
    free(path);
    *text_out = text;
    return n;
}

static void ingest(cancu_archive_t *archive, const char *file)
{
    char rel[512], *path;
    cancu_document_t *doc = NULL;
    cancu_add_result_t result;

    snprintf(rel, sizeof rel, "real/%s", file);
    path = test_corpus_path(rel);
    ck_assert_msg(cancu_document_open(&doc, path, NULL) == CANCU_STATUS_SUCCESS,
                  "%s: %s", file, cancu_error_last());
    ck_assert_msg(cancu_archive_add(archive, doc, &result) ==
                      CANCU_STATUS_SUCCESS,
                  "%s: %s", file, cancu_error_last());
    cancu_document_destroy(doc);
    free(path);
}

/* The finding about 'target' in a check of a plan citing it, or NULL. */
static const cancu_finding_t *about(const cancu_check_t *c, const char *target)
{
    for (size_t i = 0; i < cancu_check_count(c); i++)
        if (strcmp(cancu_finding_id(cancu_check_get(c, i)), target) == 0)
            return cancu_check_get(c, i);
    return NULL;
}

static bool is_ending(const cancu_finding_t *f)
{
    cancu_finding_kind_t k = f ? cancu_finding_kind(f) : CANCU_FINDING_UNKNOWN;

    return k == CANCU_FINDING_REPLACED || k == CANCU_FINDING_REPEALED ||
           k == CANCU_FINDING_EXPIRED;
}

START_TEST(test_query_check_real__ended_documents_flagged_from_their_date)
{
    static ending_t rows[MAX_ROWS];
    char *dir = test_tempdir(), *text = NULL;
    size_t n = read_endings(rows, &text), flagged = 0, right_kind = 0;
    size_t right_date = 0, early = 0;
    cancu_archive_t *archive = NULL;

    ck_assert_uint_gt(n, 40);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        bool seen = false;

        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(rows[k].file, rows[i].file) == 0;
        if (!seen)
            ingest(archive, rows[i].file);
    }
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        const ending_t *r = &rows[i];
        char before[11], plan[1024];
        cancu_document_t *doc = NULL;
        cancu_check_t *c = NULL;
        const cancu_finding_t *f;

        day_before(r->from, before);
        /* A plan of the day before, citing the target. */
        snprintf(plan, sizeof plan,
                 "UBND TỈNH GIA LAI\nSỞ NỘI VỤ\nSố: 1/KH-SNV\n"
                 "Gia Lai, ngày %.2s tháng %.2s năm %.4s\n\nKẾ HOẠCH\n"
                 "Thực hiện nhiệm vụ năm %.4s\n\nCăn cứ %s số %s;\n",
                 before + 8, before + 5, before, before, type_word(r->target),
                 r->target);
        ck_assert_int_eq(cancu_document_open_buffer(&doc, "plan.txt", plan,
                                                    strlen(plan), NULL),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_check_document(&c, archive, doc, NULL),
                         CANCU_STATUS_SUCCESS);
        if (is_ending(about(c, r->target))) {
            early++;
            printf("check_real: %s flagged before %s (%s)\n", r->target,
                   r->from, r->file);
        }
        cancu_check_destroy(c);
        ck_assert_int_eq(cancu_check_document(&c, archive, doc, r->from),
                         CANCU_STATUS_SUCCESS);
        f = about(c, r->target);
        if (is_ending(f)) {
            flagged++;
            right_kind +=
                strcmp(cancu_finding_kind_to_string(cancu_finding_kind(f)),
                       finding_for(r->kind)) == 0;
            right_date += strcmp(cancu_finding_ended_on(f), r->from) == 0;
            if (strcmp(cancu_finding_kind_to_string(cancu_finding_kind(f)),
                       finding_for(r->kind)))
                printf("check_real: %s %s, gold %s (%s)\n", r->target,
                       cancu_finding_kind_to_string(cancu_finding_kind(f)),
                       r->kind, r->file);
        } else {
            printf("check_real: %s not flagged as of %s: %s (%s %s by %s)\n",
                   r->target, r->from,
                   f ? cancu_finding_detail(f) : "no finding", r->file, r->kind,
                   r->source);
        }
        cancu_check_destroy(c);
        cancu_document_destroy(doc);
    }
    printf("check_real: %zu endings; flagged from their date %zu (%.3f), "
           "right kind %zu (%.3f), right date %zu, flagged before %zu\n",
           n, flagged, (double)flagged / (double)n, right_kind,
           (double)right_kind / (double)n, right_date, early);
    ck_assert_uint_eq(early, 0);
    ck_assert_uint_eq(right_date, flagged);
    ck_assert_msg((double)flagged / (double)n >= MIN_FLAGGED,
                  "flagged %zu of %zu", flagged, n);
    ck_assert_msg((double)right_kind / (double)n >= MIN_RIGHT_KIND,
                  "right kind %zu of %zu", right_kind, n);
    cancu_archive_close(archive);
    test_rmtree(dir);
    free(dir);
    free(text);
}
END_TEST

/* The gold's citations (findings.tsv): each citing document checked as
 * of its own date and as of 2026-12-01, with every file of the gold
 * ingested, the finding about the cited document judged against what
 * reading said. An ending where the gold has none (history: the text
 * reports the change; self: the acting text itself; not-yet) is wrong;
 * a gold ending not flagged, or a gold amendment not said, is missing. */
typedef struct judged {
    size_t right, wrong, missing, lines;
} judged_t;

static const char *gold_kind(const char *verdict)
{
    if (!strcmp(verdict, "replaced") || !strcmp(verdict, "repealed") ||
        !strcmp(verdict, "expired") || !strcmp(verdict, "amended"))
        return verdict;
    return NULL;
}

static void judge(judged_t *j, const cancu_check_t *c, const char *cited,
                  const char *verdict, const char *file, const char *when)
{
    const cancu_finding_t *f = about(c, cited);
    const char *want = gold_kind(verdict);
    const char *got =
        f ? cancu_finding_kind_to_string(cancu_finding_kind(f)) : "";

    j->lines++;
    if (want && strcmp(want, got) == 0) {
        j->right++;
    } else if (want) {
        j->missing++;
        printf("check_real: missing %s %s %s (%s; cancu: %s)\n", when, cited,
               want, file, *got ? got : "nothing");
    } else if (is_ending(f)) {
        j->wrong++;
        printf("check_real: wrong %s %s %s, gold %s (%s)\n", when, cited, got,
               verdict, file);
    } else {
        j->right++;
    }
}

START_TEST(test_query_check_real__citations_judged_as_read)
{
    char *path = test_corpus_path("gold/check-real/findings.tsv");
    char *text = test_read_file(path, NULL), *line, *next;
    static ending_t rows[MAX_ROWS];
    static char *citing[MAX_ROWS][4];
    char *relations_text = NULL, *dir = test_tempdir();
    size_t n = 0, nrel = read_endings(rows, &relations_text);
    judged_t at_plan = {0, 0, 0, 0}, today = {0, 0, 0, 0};
    cancu_archive_t *archive = NULL;

    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    for (line = text; line && *line; line = next) {
        char *f[8];
        const char *ext;

        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        if (test_split_tabs(line, f, 8) < 5 || !strcmp(f[0], "FILE"))
            continue;
        ext = strrchr(f[0], '.');
        if (!ext || (strcmp(ext, ".txt") && strcmp(ext, ".docx")))
            continue;
        ck_assert_uint_lt(n, MAX_ROWS);
        citing[n][0] = f[0];
        citing[n][1] = f[1];
        citing[n][2] = f[3];
        citing[n][3] = f[4];
        n++;
    }
    /* Every acting text and every citing one, each once. */
    for (size_t i = 0; i < nrel + n; i++) {
        const char *file = i < nrel ? rows[i].file : citing[i - nrel][0];
        bool seen = false;

        for (size_t k = 0; k < i && !seen; k++)
            seen = !strcmp(file, k < nrel ? rows[k].file : citing[k - nrel][0]);
        if (!seen)
            ingest(archive, file);
    }
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < n; i++) {
        char rel[512], *doc_path;
        cancu_document_t *doc = NULL;
        cancu_check_t *c = NULL;

        snprintf(rel, sizeof rel, "real/%s", citing[i][0]);
        doc_path = test_corpus_path(rel);
        ck_assert_int_eq(cancu_document_open(&doc, doc_path, NULL),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_check_document(&c, archive, doc, NULL),
                         CANCU_STATUS_SUCCESS);
        judge(&at_plan, c, citing[i][1], citing[i][2], citing[i][0], "at plan");
        cancu_check_destroy(c);
        ck_assert_int_eq(cancu_check_document(&c, archive, doc, "2026-12-01"),
                         CANCU_STATUS_SUCCESS);
        judge(&today, c, citing[i][1], citing[i][3], citing[i][0], "today");
        cancu_check_destroy(c);
        cancu_document_destroy(doc);
        free(doc_path);
    }
    printf("check_real: %zu citations; as of the plan's date right %zu, "
           "wrong %zu, missing %zu; as of 2026-12-01 right %zu, wrong %zu, "
           "missing %zu\n",
           n, at_plan.right, at_plan.wrong, at_plan.missing, today.right,
           today.wrong, today.missing);
    ck_assert_uint_le(at_plan.wrong + today.wrong, MAX_WRONG);
    ck_assert_uint_le(at_plan.missing + today.missing, MAX_MISSING);
    cancu_archive_close(archive);
    test_rmtree(dir);
    free(dir);
    free(text);
    free(relations_text);
    free(path);
}
END_TEST

TCase *query_check_real_tcase(void)
{
    TCase *tc = tcase_create("check_real");

    tcase_set_timeout(tc, 600);
    tcase_add_test(
        tc, test_query_check_real__ended_documents_flagged_from_their_date);
    tcase_add_test(tc, test_query_check_real__citations_judged_as_read);
    return tc;
}
