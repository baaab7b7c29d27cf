/* Suite "query": TCases search and snippet. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "query/query-private.h"

TCase *query_registry_tcase(void);

static char *dir;
static cancu_archive_t *archive;

/* Add to the fixture's archive: its writer, the reader closed... */
static cancu_archive_t *fixture_writer(void)
{
    cancu_archive_t *writer = NULL;

    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    return writer;
}

/* ...then commit, and read it again. */
static void fixture_reader(cancu_archive_t *writer)
{
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    cancu_archive_close(writer);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
}

static void add_text(cancu_archive_t *a, const char *name, const char *text)
{
    cancu_document_t *doc = NULL;
    cancu_add_result_t result;

    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, name, text, strlen(text), NULL),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(a, doc, &result), CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
}

/* An archive with the sample plan and two small plans that differ only in
 * accents. */
static void search_setup(void)
{
    cancu_archive_t *writer = NULL;
    char *sample = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_document_t *doc = NULL;
    cancu_add_result_t result;

    dir = test_tempdir();
    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_open(&doc, sample, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(writer, doc, &result),
                     CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
    free(sample);
    add_text(writer, "/plans/folded.txt",
             "KẾ HOẠCH\nKhong dau\nCong tac chuan hoa quy trinh nam 2023\n");
    add_text(writer, "/plans/exact.txt",
             "KẾ HOẠCH\nCó dấu\nCông tác chuẩn hóa quy trình năm 2023\n");
    fixture_reader(writer);
}

static void search_teardown(void)
{
    cancu_archive_close(archive);
    test_rmtree(dir);
    free(dir);
}

static cancu_results_t *search(const char *query)
{
    cancu_results_t *r = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;

    o.limit = 50;
    ck_assert_msg(cancu_search(&r, archive, query, &o) == CANCU_STATUS_SUCCESS,
                  "%s: %s", query, cancu_error_last());
    return r;
}

/* Does some hit's text contain 'needle'? */
static bool any_text(const cancu_results_t *r, const char *needle)
{
    for (size_t i = 0; i < cancu_results_count(r); i++)
        if (strstr(cancu_hit_text(cancu_results_get(r, i)), needle))
            return true;
    return false;
}

START_TEST(test_query_search__accent_free_query_finds_accented_text)
{
    cancu_results_t *r = search("tinh gian bien che");

    ck_assert_uint_ge(cancu_results_count(r), 1);
    for (size_t i = 0; i < cancu_results_count(r); i++)
        ck_assert_ptr_nonnull(strstr(cancu_hit_text(cancu_results_get(r, i)),
                                     "tinh giản biên chế"));
    ck_assert_ptr_nonnull(strstr(cancu_hit_snippet(cancu_results_get(r, 0)),
                                 "[tinh giản biên chế]"));
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__tone_placement_variants_match)
{
    /* The sample writes "chuẩn hoá"; the query places the mark on o. */
    cancu_results_t *r = search("chuẩn hóa");

    ck_assert(any_text(r, "chuẩn hoá"));
    ck_assert(any_text(r, "Chuẩn hóa"));
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__eth_finds_d_with_stroke)
{
    cancu_results_t *r = search("N\xC3\x90-CP");

    ck_assert_uint_ge(cancu_results_count(r), 5);
    ck_assert(any_text(r, "NĐ-CP"));
    ck_assert_ptr_nonnull(
        strstr(cancu_hit_snippet(cancu_results_get(r, 0)), "[NĐ-CP]"));
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__exact_accents_rank_first)
{
    cancu_results_t *r = search("chuẩn hóa quy trình năm 2023");

    ck_assert_uint_eq(cancu_results_count(r), 2);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/exact.txt");
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 1)),
                     "/plans/folded.txt");
    ck_assert_double_gt(cancu_hit_score(cancu_results_get(r, 0)),
                        cancu_hit_score(cancu_results_get(r, 1)));
    /* Typed without accents, both match. */
    cancu_results_destroy(r);
    r = search("chuan hoa quy trinh nam 2023");
    ck_assert_uint_eq(cancu_results_count(r), 2);
    cancu_results_destroy(r);
    /* A phrase too: exact words weigh more, though only folded terms
     * carry positions. */
    r = search("\"chuẩn hóa quy trình\"");
    ck_assert_uint_eq(cancu_results_count(r), 2);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/exact.txt");
    ck_assert_double_gt(cancu_hit_score(cancu_results_get(r, 0)),
                        cancu_hit_score(cancu_results_get(r, 1)));
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__phrases)
{
    /* Both words are there, in the other order. */
    cancu_results_t *r = search("\"2023 năm\"");

    ck_assert_uint_eq(cancu_results_count(r), 0);
    cancu_results_destroy(r);
    r = search("2023 năm");
    ck_assert_uint_eq(cancu_results_count(r), 2);
    cancu_results_destroy(r);
    r = search("\"quy trình\" 2023");
    ck_assert_uint_eq(cancu_results_count(r), 2);
    cancu_results_destroy(r);
    /* Typed without the hyphen: the reference's canonical term. */
    r = search("60/2021/NĐCP");
    ck_assert(any_text(r, "60/2021/NĐ-CP"));
    ck_assert_ptr_nonnull(
        strstr(cancu_hit_snippet(cancu_results_get(r, 0)), "[60/2021/NĐ-CP]"));
    cancu_results_destroy(r);
    /* Joined by punctuation: a phrase, so the numbers must be adjacent. */
    r = search("60/2021/NĐ-CP");
    ck_assert(any_text(r, "60/2021/NĐ-CP"));
    for (size_t i = 0; i < cancu_results_count(r); i++)
        ck_assert_ptr_nonnull(
            strstr(cancu_hit_text(cancu_results_get(r, i)), "60/2021"));
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__hit_fields_and_paging)
{
    cancu_results_t *r = search("tinh gian bien che");
    cancu_results_t *page = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    const cancu_hit_t *hit = cancu_results_get(r, 0);

    ck_assert_str_eq(cancu_hit_plan_title(hit), "Cải cách hành chính năm 2022");
    ck_assert_uint_eq(strlen(cancu_hit_plan(hit)), 64);
    ck_assert_uint_gt(cancu_hit_line(hit), 0);
    ck_assert_ptr_null(cancu_results_get(r, cancu_results_count(r)));
    o.offset = 1;
    o.limit = 1;
    ck_assert_int_eq(cancu_search(&page, archive, "tinh gian bien che", &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_results_count(page), 1);
    ck_assert_str_eq(cancu_hit_text(cancu_results_get(page, 0)),
                     cancu_hit_text(cancu_results_get(r, 1)));
    cancu_results_destroy(page);
    cancu_results_destroy(r);
}
END_TEST

START_TEST(test_query_search__empty_query_is_an_error)
{
    cancu_results_t *r = NULL;

    ck_assert_int_eq(cancu_search(&r, archive, " ,;- ", NULL),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(r);
}
END_TEST

/* A plan is one document in the index: its words must still meet in
 * one passage, and phrases never run from one passage into the next. */
START_TEST(test_query_search__words_meet_in_one_passage)
{
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r;

    add_text(writer, "/plans/apart.txt",
             "KẾ HOẠCH\nTách\nalpha beta\ngamma delta\nalpha epsilon\n");
    fixture_reader(writer);
    r = search("alpha gamma");
    ck_assert_uint_eq(cancu_results_count(r), 0);
    cancu_results_destroy(r);
    r = search("\"beta gamma\"");
    ck_assert_uint_eq(cancu_results_count(r), 0);
    cancu_results_destroy(r);
    r = search("alpha");
    ck_assert_uint_eq(cancu_results_count(r), 2);
    ck_assert_uint_eq(cancu_results_total(r), 2);
    ck_assert_str_eq(cancu_hit_text(cancu_results_get(r, 0)), "alpha beta");
    ck_assert_str_eq(cancu_hit_text(cancu_results_get(r, 1)), "alpha epsilon");
    ck_assert_str_eq(cancu_hit_kind(cancu_results_get(r, 0)), "paragraph");
    cancu_results_destroy(r);
    r = search("\"gamma delta\"");
    ck_assert_uint_eq(cancu_results_count(r), 1);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/apart.txt");
    ck_assert_uint_eq(cancu_hit_line(cancu_results_get(r, 0)), 4);
    cancu_results_destroy(r);
}
END_TEST

/* Plans whose words match only across passages, ranked above the one
 * plan where they meet, must not hide it from a short page. */
START_TEST(test_query_search__page_reads_past_plans_without_a_passage)
{
    cancu_archive_t *writer = NULL;
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    cancu_results_t *r = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;

    writer = fixture_writer();
    for (int i = 0; i < 25; i++) {
        char name[64], body[128];

        snprintf(name, sizeof name, "/plans/split-%02d.txt", i);
        snprintf(body, sizeof body,
                 "KẾ HOẠCH\nSố %d\nomega omega\nsigma sigma\n", i);
        add_text(writer, name, body);
    }
    /* Long, so that the index ranks it below the short ones. */
    cancu_strbuf__puts(&text, "KẾ HOẠCH\nDài\n");
    for (int i = 0; i < 300; i++)
        cancu_strbuf__printf(&text, "đoạn văn thứ %d không liên quan\n", i);
    cancu_strbuf__puts(&text, "omega và sigma cùng nhau\n");
    add_text(writer, "/plans/together.txt", text.data);
    cancu_strbuf__dispose(&text);
    fixture_reader(writer);
    o.limit = 1;
    ck_assert_int_eq(cancu_search(&r, archive, "omega sigma", &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_results_count(r), 1);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/together.txt");
    ck_assert_str_eq(cancu_hit_text(cancu_results_get(r, 0)),
                     "omega và sigma cùng nhau");
    cancu_results_destroy(r);
}
END_TEST

/* Paging through the hits gives one list: no hit twice, none missed,
 * however deep each page made the search read. A plan that the index
 * ranks first but whose passages match the accents less well, then many
 * plans matching them exactly: reading deeper must not move hits across
 * pages. */
static void check_pages(const char *query, size_t page_size)
{
    cancu_results_t *all = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    size_t seen = 0;

    o.limit = 200;
    ck_assert_int_eq(cancu_search(&all, archive, query, &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_ge(cancu_results_count(all), 20);
    o.limit = page_size;
    for (o.offset = 0; o.offset < cancu_results_count(all);
         o.offset += page_size) {
        cancu_results_t *page = NULL;

        ck_assert_int_eq(cancu_search(&page, archive, query, &o),
                         CANCU_STATUS_SUCCESS);
        for (size_t i = 0; i < cancu_results_count(page); i++, seen++) {
            const cancu_hit_t *a = cancu_results_get(all, o.offset + i);
            const cancu_hit_t *b = cancu_results_get(page, i);

            ck_assert_ptr_nonnull(a);
            ck_assert_msg(strcmp(cancu_hit_plan(a), cancu_hit_plan(b)) == 0 &&
                              cancu_hit_line(a) == cancu_hit_line(b),
                          "%s: hit %zu is %s:%zu alone, %s:%zu on its page",
                          query, o.offset + i, cancu_hit_plan_path(a),
                          cancu_hit_line(a), cancu_hit_plan_path(b),
                          cancu_hit_line(b));
        }
        cancu_results_destroy(page);
    }
    ck_assert_uint_eq(seen, cancu_results_count(all));
    cancu_results_destroy(all);
}

START_TEST(test_query_search__pages_add_up_to_one_list)
{
    cancu_archive_t *writer = NULL;
    cancu_strbuf_t text = CANCU_STRBUF_INIT;

    writer = fixture_writer();
    cancu_strbuf__puts(&text, "KẾ HOẠCH\nDày\n");
    for (int i = 0; i < 12; i++)
        cancu_strbuf__puts(&text, "zeta omicron zeta omicron\n");
    add_text(writer, "/plans/dense.txt", text.data);
    for (int i = 0; i < 30; i++) {
        char name[64];

        cancu_strbuf__clear(&text);
        cancu_strbuf__printf(&text, "KẾ HOẠCH\nSố %d\nzêta ômicron", i);
        for (int k = 0; k < 40 + i; k++)
            cancu_strbuf__printf(&text, " lời%d", k);
        cancu_strbuf__putc(&text, '\n');
        snprintf(name, sizeof name, "/plans/sparse-%02d.txt", i);
        add_text(writer, name, text.data);
    }
    cancu_strbuf__dispose(&text);
    fixture_reader(writer);
    check_pages("zêta ômicron", 7);
    check_pages("zeta omicron", 5);
    check_pages("cong tac", 7);
}
END_TEST

START_TEST(test_query_snippet__window_and_folded_highlight)
{
    cancu_query_words_t words = {0};
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    char *s;

    ck_assert(cancu_query_words__begin_phrase(&words));
    ck_assert(cancu_query_words__add(&words, "hoa", 3));
    s = cancu_snippet__make("chuẩn hoá\tđiện tử hóa", &words, "<", ">", 240);
    ck_assert_str_eq(s, "chuẩn <hoá> | điện tử <hóa>");
    free(s);
    for (int i = 0; i < 100; i++)
        cancu_strbuf__puts(&text, "lời mở đầu ");
    cancu_strbuf__puts(&text, "chuẩn hoá ");
    for (int i = 0; i < 100; i++)
        cancu_strbuf__puts(&text, "phần sau ");
    s = cancu_snippet__make(text.data, &words, "<", ">", 120);
    ck_assert_ptr_nonnull(strstr(s, "<hoá>"));
    ck_assert(strncmp(s, "… ", strlen("… ")) == 0);
    ck_assert_ptr_nonnull(strstr(s, " …"));
    ck_assert_uint_lt(strlen(s), 200);
    free(s);
    cancu_strbuf__dispose(&text);
    cancu_query_words__dispose(&words);
}
END_TEST

START_TEST(test_query_snippet__phrases_and_references)
{
    cancu_query_words_t words = {0};
    char *ids[] = {"45/2020/NĐ-CP"};
    char *s;

    /* Only the whole phrase "nghi dinh" is highlighted, not "dinh" alone,
     * and punctuation inside a phrase is inside its highlight. */
    ck_assert(cancu_query_words__begin_phrase(&words));
    ck_assert(cancu_query_words__add(&words, "nghi", 4));
    ck_assert(cancu_query_words__add(&words, "dinh", 4));
    s = cancu_snippet__make("Nghị định và quyết định", &words, "<", ">", 240);
    ck_assert_str_eq(s, "<Nghị định> và quyết định");
    free(s);
    /* A reference asked for by id, spelled otherwise in the text. */
    words.ref_ids = ids;
    words.nref_ids = 1;
    s = cancu_snippet__make("theo 45/2020/NĐCP và 46/2020/NĐ-CP", &words, "<",
                            ">", 240);
    ck_assert_str_eq(s, "theo <45/2020/NĐCP> và 46/2020/NĐ-CP");
    free(s);
    cancu_query_words__dispose(&words);
}
END_TEST

static Suite *query_suite(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("search");

    tcase_add_checked_fixture(tc, search_setup, search_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc,
                   test_query_search__accent_free_query_finds_accented_text);
    tcase_add_test(tc, test_query_search__tone_placement_variants_match);
    tcase_add_test(tc, test_query_search__eth_finds_d_with_stroke);
    tcase_add_test(tc, test_query_search__exact_accents_rank_first);
    tcase_add_test(tc, test_query_search__phrases);
    tcase_add_test(tc, test_query_search__hit_fields_and_paging);
    tcase_add_test(tc, test_query_search__empty_query_is_an_error);
    tcase_add_test(tc, test_query_search__words_meet_in_one_passage);
    tcase_add_test(tc, test_query_search__pages_add_up_to_one_list);
    tcase_add_test(tc,
                   test_query_search__page_reads_past_plans_without_a_passage);
    suite_add_tcase(s, tc);
    tc = tcase_create("snippet");
    tcase_add_test(tc, test_query_snippet__window_and_folded_highlight);
    tcase_add_test(tc, test_query_snippet__phrases_and_references);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, query_registry_tcase());
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(query_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
