/* TCase "facets" of suite "query": cancu_search_facets on a real
 * archive (the sample plan and the Word plans of corpora/real) in a
 * temporary folder. Each count is checked against what the archive says
 * another way: the plan list, the narrowed search's own hits. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "ingest/ingest-private.h"
#include "util/util.h"

TCase *query_facets_tcase(void);

static char *dir;
static cancu_archive_t *archive;

static void add_file(cancu_archive_t *writer, const char *path)
{
    cancu_document_t *doc = NULL;
    cancu_add_result_t result;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(writer, doc, &result),
                     CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
}

/* Plans of three issuers and years; the Lâm Đồng ones have tasks with
 * lead units and areas of their own. */
static const char *const real_plans[] = {
    "default/gialai-sgddt-cchc-2022.docx",
    "real/sct-BC-cong-tac-QL-an-toan-hoa-chat-2025.docx",
    "real/sct-CV-don-doc-bao-cao-tinh-hinh-hoa-chat-2025.docx",
    "real/vbai-KHCCHC-2026-cua-tinh.docx",
    "real/vbai-Ke-hoach-tuyen-truyen-CCHC-tinh-Lam-Dong-nam-2026.docx",
    "real/vbai-Van-ban-chi-dao-cai-thien-cac-chi-so-ve-CCHC-nam-2025.docx",
    "real/vbai-Ke-hoach-thuc-hien-Chuong-trinh-PCMT-den-nam-2030.docx",
};

static void facets_setup(void)
{
    cancu_archive_t *writer = NULL;
    char *path;

    dir = test_tempdir();
    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < sizeof real_plans / sizeof *real_plans; i++) {
        path = test_corpus_path(real_plans[i]);
        add_file(writer, path);
        free(path);
    }
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    cancu_archive_close(writer);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
}

static void facets_teardown(void)
{
    cancu_archive_close(archive);
    test_rmtree(dir);
    free(dir);
}

static cancu_facets_t *facets_of(const char *query, unsigned int fields)
{
    cancu_facets_options_t o = CANCU_FACETS_OPTIONS_INIT;
    cancu_facets_t *f = NULL;

    o.fields = fields;
    o.limit = 0;
    ck_assert_msg(cancu_search_facets(&f, archive, query, &o) ==
                      CANCU_STATUS_SUCCESS,
                  "%s: %s", query ? query : "(all plans)", cancu_error_last());
    return f;
}

static const cancu_facet_t *find_value(const cancu_facets_t *f,
                                       cancu_facet_field_t field,
                                       const char *value)
{
    for (size_t i = 0; i < cancu_facets_count(f, field); i++)
        if (strcmp(cancu_facet_value(cancu_facets_get(f, field, i)), value) ==
            0)
            return cancu_facets_get(f, field, i);
    return NULL;
}

/* 'query' narrowed to 'field' = 'value', as a link on the page does. */
static char *narrowed(const char *query, cancu_facet_field_t field,
                      const char *value)
{
    cancu_strbuf_t q = CANCU_STRBUF_INIT;

    cancu_strbuf__printf(&q, "%s %s:\"=%s\"", query,
                         cancu_facet_field_name(field), value);
    return cancu_strbuf__detach(&q);
}

/* How many hits the search for 'query' has: every one, by pages; with
 * 'plans', how many plans they come from, and with 'others', how many
 * are not of kind 'kind'. */
static size_t count_hits_in(const char *query, const char *kind, size_t *plans,
                            size_t *others)
{
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_results_t *r = NULL;
    size_t n = 0, distinct = 0, not_kind = 0;

    o.limit = 100000;
    ck_assert_msg(cancu_search(&r, archive, query, &o) == CANCU_STATUS_SUCCESS,
                  "%s: %s", query, cancu_error_last());
    for (size_t i = 0; i < cancu_results_count(r); i++) {
        const cancu_hit_t *hit = cancu_results_get(r, i);
        bool seen = false;

        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(cancu_hit_plan(cancu_results_get(r, k)),
                          cancu_hit_plan(hit)) == 0;
        distinct += !seen;
        if (!kind || strcmp(cancu_hit_kind(hit), kind) == 0)
            n++;
        else
            not_kind++;
    }
    cancu_results_destroy(r);
    if (plans)
        *plans = distinct;
    if (others)
        *others = not_kind;
    return n;
}

START_TEST(test_query_facets__each_value_narrows_to_its_count)
{
    const char *queries[] = {"ke hoach", "hoa chat", "cai cach hanh chinh"};
    size_t checked = 0, narrowed_tasks = 0, narrowed_hits = 0;

    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        cancu_facets_t *all = facets_of(queries[q], 0);

        for (int k = 0; k < CANCU_FACET_CITES; k++) {
            cancu_facet_field_t field = (cancu_facet_field_t)k;

            ck_assert_uint_eq(cancu_facets_count(all, field),
                              cancu_facets_total(all, field));
            for (size_t i = 0; i < cancu_facets_count(all, field); i++) {
                const cancu_facet_t *v = cancu_facets_get(all, field, i);
                char *nq = narrowed(queries[q], field, cancu_facet_value(v));
                cancu_facets_t *only = facets_of(nq, 0);
                const cancu_facet_t *same =
                    find_value(only, field, cancu_facet_value(v));

                ck_assert_msg(same, "%s: lost its own value", nq);
                ck_assert_msg(cancu_facet_matches(same) ==
                                  cancu_facet_matches(v),
                              "%s: %zu, not %zu", nq, cancu_facet_matches(same),
                              cancu_facet_matches(v));
                /* A plan has one year and one issuer. */
                if (field == CANCU_FACET_YEAR || field == CANCU_FACET_ISSUER)
                    ck_assert_uint_eq(cancu_facets_count(only, field), 1);
                /* Narrowed by a value, the hits come from the plans the
                 * facet counts (a plan that has the words in no one
                 * passage gives none): lead units and areas are a plan's
                 * tasks', which are kept when the words are in them. */
                {
                    size_t plans = 0, others = 0;
                    size_t tasks = count_hits_in(nq, "task", &plans, &others);

                    if (field == CANCU_FACET_LEAD || field == CANCU_FACET_AREA)
                        narrowed_tasks += tasks;
                    else
                        ck_assert_uint_gt(tasks + others, 0);
                    narrowed_hits += tasks + others;
                    ck_assert_msg(plans <= cancu_facet_matches(v),
                                  "%s: %zu tasks, %zu others, %zu plans for "
                                  "%zu",
                                  nq, tasks, others, plans,
                                  cancu_facet_matches(v));
                }
                cancu_facets_destroy(only);
                free(nq);
                checked++;
            }
        }
        cancu_facets_destroy(all);
    }
    ck_assert_uint_gt(checked, 10);
    ck_assert_uint_gt(narrowed_tasks, 10);
    ck_assert_uint_gt(narrowed_hits, narrowed_tasks);
}
END_TEST

/* A search narrowed by a lead unit whose tasks hold the words gives those
 * tasks and nothing else of their plan: each hit is, by its line, a task
 * that 'cancu_archive_tasks' lists for that unit, and each such task of
 * the sample that has the words is a hit. */
START_TEST(test_query_facets__a_lead_unit_keeps_its_tasks)
{
    cancu_task_query_t tq = CANCU_TASK_QUERY_INIT;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    cancu_task_list_t *tasks = NULL;
    cancu_results_t *r = NULL;
    size_t with_words = 0;

    tq.lead = "thanh tra";
    ck_assert_int_eq(cancu_archive_tasks(&tasks, archive, &tq),
                     CANCU_STATUS_SUCCESS);
    o.limit = 1000;
    ck_assert_int_eq(
        cancu_search(&r, archive, "thanh tra lead:\"thanh tra\"", &o),
        CANCU_STATUS_SUCCESS);
    ck_assert_uint_gt(cancu_results_count(r), 0);
    for (size_t i = 0; i < cancu_results_count(r); i++) {
        const cancu_hit_t *hit = cancu_results_get(r, i);
        bool listed = false;

        ck_assert_str_eq(cancu_hit_kind(hit), "task");
        for (size_t k = 0; k < cancu_task_list_count(tasks) && !listed; k++) {
            const cancu_task_t *t = cancu_task_list_get(tasks, k);

            listed = cancu_task_line(t) == cancu_hit_line(hit) &&
                     strcmp(cancu_task_plan(t), cancu_hit_plan(hit)) == 0;
        }
        ck_assert_msg(listed, "line %zu of %s is no task of Thanh tra",
                      cancu_hit_line(hit), cancu_hit_plan(hit));
    }
    for (size_t k = 0; k < cancu_task_list_count(tasks); k++) {
        const cancu_task_t *t = cancu_task_list_get(tasks, k);
        char folded[4096];

        cancu_fold__ascii(cancu_task_search_text(t),
                          strlen(cancu_task_search_text(t)), folded,
                          sizeof folded);
        if (strstr(folded, "thanh tra"))
            with_words++;
    }
    ck_assert_uint_ge(cancu_results_count(r), with_words);
    ck_assert_uint_gt(with_words, 0);
    cancu_results_destroy(r);
    cancu_task_list_destroy(tasks);
}
END_TEST

START_TEST(test_query_facets__every_plan_counted_once_by_year_and_issuer)
{
    cancu_plan_list_t *plans = NULL;
    cancu_facets_t *f =
        facets_of(NULL, 1u << CANCU_FACET_YEAR | 1u << CANCU_FACET_ISSUER);
    size_t by_year = 0, by_issuer = 0;

    ck_assert_int_eq(cancu_archive_plans(&plans, archive),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_facets_count(f, CANCU_FACET_LEAD), 0);
    for (size_t i = 0; i < cancu_facets_count(f, CANCU_FACET_YEAR); i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_YEAR, i);
        size_t n = 0;

        for (size_t p = 0; p < cancu_plan_list_count(plans); p++) {
            char year[16];

            snprintf(year, sizeof year, "%d",
                     cancu_plan_year(cancu_plan_list_get(plans, p)));
            n += strcmp(year, cancu_facet_value(v)) == 0;
        }
        ck_assert_uint_eq(cancu_facet_matches(v), n);
        by_year += n;
        /* The newest year first. */
        if (i)
            ck_assert_int_lt(strtol(cancu_facet_value(v), NULL, 10),
                             strtol(cancu_facet_value(cancu_facets_get(
                                        f, CANCU_FACET_YEAR, i - 1)),
                                    NULL, 10));
    }
    for (size_t i = 0; i < cancu_facets_count(f, CANCU_FACET_ISSUER); i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_ISSUER, i);
        size_t n = 0;

        for (size_t p = 0; p < cancu_plan_list_count(plans); p++)
            n += strcmp(cancu_plan_issuer(cancu_plan_list_get(plans, p)),
                        cancu_facet_value(v)) == 0;
        ck_assert_msg(cancu_facet_matches(v) == n, "%s: %zu plans, not %zu",
                      cancu_facet_value(v), cancu_facet_matches(v), n);
        by_issuer += n;
        ck_assert_str_eq(cancu_facet_label(v), cancu_facet_value(v));
    }
    ck_assert_uint_gt(by_year, 0);
    ck_assert_uint_gt(by_issuer, 0);
    ck_assert_uint_le(by_year, cancu_plan_list_count(plans));
    cancu_plan_list_destroy(plans);
    cancu_facets_destroy(f);
}
END_TEST

START_TEST(test_query_facets__labels_are_names_as_written)
{
    cancu_facets_t *f = facets_of("ke hoach", 0);
    size_t leads = cancu_facets_count(f, CANCU_FACET_LEAD);
    size_t areas = cancu_facets_count(f, CANCU_FACET_AREA);
    bool accented = false;

    ck_assert_uint_gt(leads, 0);
    ck_assert_uint_gt(areas, 0);
    for (size_t i = 0; i < leads; i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_LEAD, i);
        char key[256];

        cancu_units__key_into(cancu_facet_label(v), key);
        ck_assert_str_eq(key, cancu_facet_value(v));
        accented |= strcmp(cancu_facet_label(v), cancu_facet_value(v)) != 0;
    }
    for (size_t i = 0; i < areas; i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_AREA, i);
        char folded[256];

        cancu_fold__ascii(cancu_facet_label(v), strlen(cancu_facet_label(v)),
                          folded, sizeof folded);
        ck_assert_str_eq(folded, cancu_facet_value(v));
    }
    ck_assert(accented);
    /* The sample plan's Thanh tra leads its first task. */
    ck_assert_ptr_nonnull(find_value(f, CANCU_FACET_LEAD, "thanh tra"));
    ck_assert_str_eq(
        cancu_facet_label(find_value(f, CANCU_FACET_LEAD, "thanh tra")),
        "Thanh tra");
    cancu_facets_destroy(f);
}
END_TEST

START_TEST(test_query_facets__most_cited_documents_of_the_plans)
{
    cancu_facets_t *f = facets_of(NULL, 1u << CANCU_FACET_CITES);
    size_t n = cancu_facets_count(f, CANCU_FACET_CITES);

    ck_assert_uint_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_CITES, i);
        cancu_strbuf_t q = CANCU_STRBUF_INIT;
        cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
        cancu_results_t *r = NULL;
        char **seen;
        size_t plans = 0;

        if (i)
            ck_assert_uint_le(cancu_facet_matches(v),
                              cancu_facet_matches(cancu_facets_get(
                                  f, CANCU_FACET_CITES, i - 1)));
        /* The plans holding a passage that cites it, from a search. */
        cancu_strbuf__printf(&q, "cites:\"=%s\"", cancu_facet_value(v));
        o.limit = 100000;
        ck_assert_msg(cancu_search(&r, archive, q.data, &o) ==
                          CANCU_STATUS_SUCCESS,
                      "%s: %s", q.data, cancu_error_last());
        seen = calloc(cancu_results_count(r) + 1, sizeof *seen);
        for (size_t h = 0; h < cancu_results_count(r); h++) {
            const char *plan = cancu_hit_plan(cancu_results_get(r, h));
            size_t k = 0;

            while (k < plans && strcmp(seen[k], plan) != 0)
                k++;
            if (k == plans)
                seen[plans++] = (char *)plan;
        }
        ck_assert_msg(plans == cancu_facet_matches(v),
                      "%s: %zu plans found, %zu counted", q.data, plans,
                      cancu_facet_matches(v));
        free(seen);
        cancu_results_destroy(r);
        cancu_strbuf__dispose(&q);
    }
    cancu_facets_destroy(f);
}
END_TEST

/* Every value of every field and its count, one a line. */
static char *facets_text(cancu_archive_t *reader, const char *query,
                         unsigned int fields)
{
    cancu_facets_options_t o = CANCU_FACETS_OPTIONS_INIT;
    cancu_facets_t *f = NULL;
    cancu_strbuf_t text = CANCU_STRBUF_INIT;

    o.fields = fields;
    o.limit = 0;
    ck_assert_msg(cancu_search_facets(&f, reader, query, &o) ==
                      CANCU_STATUS_SUCCESS,
                  "%s: %s", query ? query : "(all plans)", cancu_error_last());
    for (int k = 0; k < CANCU_FACET_LAST; k++)
        for (size_t i = 0; i < cancu_facets_count(f, k); i++) {
            const cancu_facet_t *v = cancu_facets_get(f, k, i);

            cancu_strbuf__printf(&text, "%s %s (%s) %zu\n",
                                 cancu_facet_field_name(k),
                                 cancu_facet_value(v), cancu_facet_label(v),
                                 cancu_facet_matches(v));
        }
    cancu_facets_destroy(f);
    return cancu_strbuf__detach(&text);
}

/* A reader with the cache (a server's) counts from a table of its
 * revision's facet terms: the same counts as a reader without, and,
 * once refreshed after a commit, those of the new revision. */
START_TEST(test_query_facets__cached_reader_counts_its_revision)
{
    static const char *const queries[] = {NULL, "ke hoach", "hoa chat",
                                          "cai cach hanh chinh"};
    unsigned int all = (1u << CANCU_FACET_LAST) - 1;
    char *own = test_tempdir(), *path;
    cancu_archive_t *writer = NULL, *cached = NULL, *plain = NULL;
    bool changed = false;

    ck_assert_int_eq(cancu_archive_open(&writer, own, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < 3; i++) {
        path = test_corpus_path(real_plans[i]);
        add_file(writer, path);
        free(path);
    }
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&cached, own, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_cache_data(cached, 1u << 20),
                     CANCU_STATUS_SUCCESS);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(cancu_archive_open(&plain, own, CANCU_ARCHIVE_READ),
                         CANCU_STATUS_SUCCESS);
        for (size_t q = 0; q < sizeof queries / sizeof *queries; q++)
            for (int twice = 0; twice < 2; twice++) {
                char *expected = facets_text(plain, queries[q], all);
                char *got = facets_text(cached, queries[q], all);

                ck_assert_msg(*expected, "%s", queries[q]);
                ck_assert_str_eq(got, expected);
                free(expected);
                free(got);
            }
        cancu_archive_close(plain);
        if (round)
            break;
        /* The rest of the plans, committed beside the reader. */
        for (size_t i = 3; i < sizeof real_plans / sizeof *real_plans; i++) {
            path = test_corpus_path(real_plans[i]);
            add_file(writer, path);
            free(path);
        }
        ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_archive_refresh(cached, &changed),
                         CANCU_STATUS_SUCCESS);
        ck_assert(changed);
    }
    cancu_archive_close(cached);
    cancu_archive_close(writer);
    test_rmtree(own);
    free(own);
}
END_TEST

START_TEST(test_query_facets__nothing_matches_no_value)
{
    cancu_facets_t *f = facets_of("ke hoach year:\"=1999\"", 0);

    for (int k = 0; k < CANCU_FACET_LAST; k++)
        ck_assert_uint_eq(cancu_facets_count(f, (cancu_facet_field_t)k), 0);
    cancu_facets_destroy(f);
    f = facets_of("ke hoach lead:\"=<script>\"", 0);
    ck_assert_uint_eq(cancu_facets_count(f, CANCU_FACET_YEAR), 0);
    cancu_facets_destroy(f);
    ck_assert_ptr_null(cancu_facet_field_name(CANCU_FACET_LAST));
    ck_assert_int_eq(cancu_search_facets(&f, archive, "", NULL),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(f);
    cancu_facets_destroy(NULL);
}
END_TEST

START_TEST(test_query_facets__part_of_a_name_narrows_wider_than_a_value)
{
    cancu_facets_t *f = facets_of("ke hoach", 1u << CANCU_FACET_ISSUER);

    for (size_t i = 0; i < cancu_facets_count(f, CANCU_FACET_ISSUER); i++) {
        const cancu_facet_t *v = cancu_facets_get(f, CANCU_FACET_ISSUER, i);
        cancu_strbuf_t q = CANCU_STRBUF_INIT;
        char folded[256];
        cancu_facets_t *part;
        const cancu_facet_t *same;

        cancu_fold__ascii(cancu_facet_value(v), strlen(cancu_facet_value(v)),
                          folded, sizeof folded);
        cancu_strbuf__printf(&q, "ke hoach issuer:\"%s\"", folded);
        part = facets_of(q.data, 1u << CANCU_FACET_ISSUER);
        same = find_value(part, CANCU_FACET_ISSUER, cancu_facet_value(v));
        ck_assert_msg(same, "%s: lost %s", q.data, cancu_facet_value(v));
        ck_assert_uint_eq(cancu_facet_matches(same), cancu_facet_matches(v));
        cancu_facets_destroy(part);
        cancu_strbuf__dispose(&q);
    }
    cancu_facets_destroy(f);
}
END_TEST

TCase *query_facets_tcase(void)
{
    TCase *tc = tcase_create("facets");

    tcase_add_unchecked_fixture(tc, facets_setup, facets_teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_query_facets__each_value_narrows_to_its_count);
    tcase_add_test(
        tc, test_query_facets__every_plan_counted_once_by_year_and_issuer);
    tcase_add_test(tc, test_query_facets__labels_are_names_as_written);
    tcase_add_test(tc, test_query_facets__a_lead_unit_keeps_its_tasks);
    tcase_add_test(tc, test_query_facets__most_cited_documents_of_the_plans);
    tcase_add_test(tc, test_query_facets__nothing_matches_no_value);
    tcase_add_test(tc, test_query_facets__cached_reader_counts_its_revision);
    tcase_add_test(
        tc, test_query_facets__part_of_a_name_narrows_wider_than_a_value);
    return tc;
}
