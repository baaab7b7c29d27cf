/* Suite "query": TCases search and snippet. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "query/query-private.h"

TCase *query_registry_tcase(void);
TCase *query_check_tcase(void);
TCase *query_check_real_tcase(void);
TCase *query_vbpl_tcase(void);
TCase *query_tasks_tcase(void);
TCase *query_facets_tcase(void);
TCase *query_json_scan_tcase(void);

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

/* Search 'query': its hits must be as many as the fragments that follow
 * (NULL ends them), the text of each holding its fragment, in order. */
static void expect_hit_texts(const char *query, ...)
{
    cancu_results_t *r = search(query);
    size_t n = 0;
    const char *fragment;
    va_list ap;

    va_start(ap, query);
    while ((fragment = va_arg(ap, const char *)) != NULL) {
        const char *text;

        ck_assert_msg(n < cancu_results_count(r), "%s: hit %zu missing", query,
                      n);
        text = cancu_hit_text(cancu_results_get(r, n));
        ck_assert_msg(strstr(text, fragment), "%s: hit %zu is '%s', not '%s'",
                      query, n, text, fragment);
        n++;
    }
    va_end(ap);
    ck_assert_uint_eq(cancu_results_count(r), n);
    cancu_results_destroy(r);
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

/* Paragraphs of a plan's usual prose, with none of the words the tests
 * below search for, even folded. */
static const char *const filler[] = {
    "Tăng cường công tác kiểm tra, giám sát việc thực hiện nhiệm vụ được "
    "giao.",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan.",
    "Nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức.",
    "Rà soát, đánh giá các thủ tục hành chính thuộc thẩm quyền giải quyết.",
    "Công khai, minh bạch thông tin về kết quả giải quyết hồ sơ.",
    "Tổ chức tập huấn, bồi dưỡng kỹ năng cho người làm công tác văn phòng.",
    "Phối hợp với các đơn vị liên quan triển khai kế hoạch đúng tiến độ.",
    "Báo cáo kết quả thực hiện định kỳ hằng quý, sáu tháng và cả năm.",
    "Bố trí kinh phí bảo đảm cho các hoạt động theo quy định hiện hành.",
    "Tiếp nhận và xử lý phản ánh, kiến nghị của người dân và doanh nghiệp.",
    "Duy trì áp dụng hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia.",
};

/* A plan of 'n' paragraphs of prose, paragraph k of which is 'special[k]'
 * when that is set. */
static void add_plan(cancu_archive_t *writer, const char *name,
                     const char *title, size_t n, const char *const *special)
{
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    size_t nfiller = sizeof filler / sizeof *filler;

    cancu_strbuf__printf(&text, "KẾ HOẠCH\n%s\n", title);
    for (size_t k = 0; k < n; k++) {
        if (special && special[k])
            cancu_strbuf__printf(&text, "%s\n", special[k]);
        else
            cancu_strbuf__printf(&text, "%zu. %s\n", k + 1,
                                 filler[(k * 7 + strlen(name)) % nfiller]);
    }
    ck_assert(!text.failed);
    add_text(writer, name, text.data);
    cancu_strbuf__dispose(&text);
}

/* Where the first hit whose text holds 'needle' is, or SIZE_MAX. */
static size_t hit_index(const cancu_results_t *r, const char *needle)
{
    for (size_t i = 0; i < cancu_results_count(r); i++)
        if (strstr(cancu_hit_text(cancu_results_get(r, i)), needle))
            return i;
    return SIZE_MAX;
}

/* Plans with the phrase folded in one passage and its words with their
 * accents, many times over, in others rank above the plan with the
 * phrase as typed; its passage must still come first. */
START_TEST(test_query_search__typed_passage_ranks_first_across_plans)
{
    static const char *const queries[] = {"tinh giản biên chế",
                                          "\"tinh giản biên chế\""};
    const char *scattered[40] = {0}, *typed[40] = {0};
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r;

    scattered[4] = "Xây dựng đề án tinh gian bien che của đơn vị trong quý I.";
    for (size_t k = 8; k < 40; k += 4)
        scattered[k] = k % 8 ? "Tiếp tục tinh giản bộ máy, tinh giản đầu mối."
                             : "Quản lý biên chế được giao, biên chế sự "
                               "nghiệp.";
    typed[20] = "Thực hiện tinh giản biên chế theo lộ trình đến năm 2025.";
    add_plan(writer, "/plans/scattered-1.txt", "Sắp xếp bộ máy", 40, scattered);
    add_plan(writer, "/plans/typed.txt", "Tổ chức bộ máy", 40, typed);
    add_plan(writer, "/plans/scattered-2.txt", "Sắp xếp đơn vị", 36, scattered);
    fixture_reader(writer);
    for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
        size_t folded, as_typed;

        r = search(queries[q]);
        folded = hit_index(r, "tinh gian bien che");
        as_typed = hit_index(r, "theo lộ trình đến năm 2025");
        ck_assert_uint_ne(folded, SIZE_MAX);
        ck_assert_uint_ne(as_typed, SIZE_MAX);
        ck_assert_msg(as_typed < folded,
                      "%s: the passage as typed is hit %zu, the folded one "
                      "hit %zu",
                      queries[q], as_typed, folded);
        /* So does every passage that has the words as typed. */
        for (size_t i = folded; i < cancu_results_count(r); i++)
            ck_assert_ptr_null(strstr(cancu_hit_text(cancu_results_get(r, i)),
                                      "tinh giản biên chế"));
        cancu_results_destroy(r);
    }
    /* Typed without accents, both are found; then the unaccented passage
     * is the one as typed. */
    r = search("tinh gian bien che");
    ck_assert_uint_ne(hit_index(r, "theo lộ trình đến năm 2025"), SIZE_MAX);
    ck_assert_uint_lt(hit_index(r, "tinh gian bien che"),
                      hit_index(r, "theo lộ trình đến năm 2025"));
    cancu_results_destroy(r);
}
END_TEST

/* Ten plans have the words with their accents, in different passages;
 * the one plan where they meet has them without accents and comes after
 * them. The index's estimate of how many plans match, made from the
 * words' frequencies, is far below what matches: search must read on
 * until it has the page or the matches run out, not stop on it. */
START_TEST(test_query_search__page_reads_past_a_low_estimate)
{
    const char *split[30] = {0}, *together[60] = {0};
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;

    for (size_t k = 1; k < 30; k += 2)
        split[k] = k % 4 == 1 ? "Mua sắm phần mềm, cập nhật phần mềm."
                              : "Cấp thẻ công chức, đổi thẻ công chức.";
    together[40] = "Nang cap phan mem cap the cong chuc.";
    for (int i = 0; i < 40; i++) {
        char name[64], title[64];

        snprintf(name, sizeof name, "/plans/other-%02d.txt", i);
        snprintf(title, sizeof title, "Công tác văn phòng %d", i);
        add_plan(writer, name, title, 30, NULL);
    }
    for (int i = 0; i < 10; i++) {
        char name[64], title[64];

        snprintf(name, sizeof name, "/plans/split-%02d.txt", i);
        snprintf(title, sizeof title, "Chuyển đổi số %d", i);
        add_plan(writer, name, title, 30, split);
    }
    add_plan(writer, "/plans/together.txt", "Cổng dịch vụ công", 60, together);
    fixture_reader(writer);
    o.limit = 1;
    ck_assert_int_eq(cancu_search(&r, archive, "mềm thẻ", &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_results_count(r), 1);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/together.txt");
    ck_assert_uint_eq(cancu_results_total(r), 1);
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
                              cancu_hit_line(a) == cancu_hit_line(b) &&
                              strcmp(cancu_hit_text(a), cancu_hit_text(b)) == 0,
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

/* Pages add up to one list across the line between passages as typed
 * and passages matching only folded, on plans of many paragraphs whose
 * index ranking mixes the two kinds. */
START_TEST(test_query_search__typed_pages_add_up_to_one_list)
{
    const char *scattered[44] = {0}, *typed[44] = {0};
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r = NULL;
    cancu_search_options_t o = CANCU_SEARCH_OPTIONS_INIT;
    size_t last_typed = 0, first_folded = SIZE_MAX;

    scattered[6] = "Xây dựng đề án tinh gian bien che của đơn vị.";
    for (size_t k = 10; k < 44; k += 5)
        scattered[k] = k % 2 ? "Tiếp tục tinh giản bộ máy, tinh giản đầu mối."
                             : "Quản lý biên chế được giao, biên chế sự "
                               "nghiệp.";
    typed[15] = "Thực hiện tinh giản biên chế theo lộ trình.";
    for (int i = 0; i < 12; i++) {
        char name[64], title[64];

        snprintf(name, sizeof name, "/plans/scattered-%02d.txt", i);
        snprintf(title, sizeof title, "Sắp xếp bộ máy %d", i);
        add_plan(writer, name, title, 30 + (size_t)i, scattered);
        snprintf(name, sizeof name, "/plans/typed-%02d.txt", i);
        snprintf(title, sizeof title, "Tổ chức bộ máy %d", i);
        add_plan(writer, name, title, 44 - (size_t)i, typed);
    }
    fixture_reader(writer);
    check_pages("tinh giản biên chế", 4);
    check_pages("\"tinh giản biên chế\"", 7);
    check_pages("tinh gian bien che", 5);
    o.limit = 200;
    ck_assert_int_eq(cancu_search(&r, archive, "tinh giản biên chế", &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_results_total(r), cancu_results_count(r));
    for (size_t i = 0; i < cancu_results_count(r); i++) {
        const char *text = cancu_hit_text(cancu_results_get(r, i));

        if (strstr(text, "theo lộ trình"))
            last_typed = i;
        if (strstr(text, "tinh gian bien che") && first_folded == SIZE_MAX)
            first_folded = i;
    }
    ck_assert_uint_ne(first_folded, SIZE_MAX);
    ck_assert_uint_lt(last_typed, first_folded);
    cancu_results_destroy(r);
}
END_TEST

/* Tasks, whose exact words have no positions in the index: the task
 * written as the phrase is typed comes before the one written without
 * accents, and the other way round for the phrase typed without accents;
 * a task with the words apart does not match the phrase. (Which hits
 * match as typed at all, test_query_search__typed_passage_ranks_first_
 * across_plans checks: it fails when a task's text is not read for it;
 * this one alone would not, the exact words' weight ordering them too.) */
START_TEST(test_query_search__task_as_typed_before_task_without_accents)
{
    static const char *const objectives[] = {"Rà soát quy trình nội bộ",
                                             "Ra soat quy trinh noi bo",
                                             "Quy trình nội bộ được rà soát"};
    char *sample = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    char *text = test_read_file(sample, NULL);
    const char *header = strstr(text, "\nSTT\t");
    const char *header_end = header ? strchr(header + 1, '\n') : NULL;
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r;

    ck_assert(header && header_end);
    for (size_t i = 0; i < 3; i++) {
        char name[32], plan[1024];

        snprintf(name, sizeof name, "/plans/task-%zu.txt", i);
        snprintf(plan, sizeof plan,
                 "KẾ HOẠCH\nRà soát năm 2022\n\nPhụ lục%.*s\n1\t%s\tChuẩn "
                 "hóa hồ sơ\tLập danh mục\tDanh mục\tVăn phòng\tCác "
                 "phòng\tQuý I/2022\n",
                 (int)(header_end - header), header, objectives[i]);
        add_text(writer, name, plan);
    }
    fixture_reader(writer);

    for (size_t q = 0; q < 2; q++) {
        size_t typed = SIZE_MAX, folded = SIZE_MAX;

        r = search(q == 0 ? "\"rà soát quy trình\"" : "\"ra soat quy trinh\"");
        for (size_t i = 0; i < cancu_results_count(r); i++) {
            const cancu_hit_t *hit = cancu_results_get(r, i);

            if (strcmp(cancu_hit_kind(hit), "task") != 0)
                continue;
            ck_assert_ptr_null(strstr(cancu_hit_text(hit), objectives[2]));
            if (strstr(cancu_hit_text(hit), objectives[q]))
                typed = i;
            else if (strstr(cancu_hit_text(hit), objectives[1 - q]))
                folded = i;
        }
        ck_assert_uint_ne(typed, SIZE_MAX);
        ck_assert_uint_ne(folded, SIZE_MAX);
        ck_assert_uint_lt(typed, folded);
        cancu_results_destroy(r);
    }
    free(text);
    free(sample);
}
END_TEST

/* A passage's words as typed are read from its text, skipping a passage
 * whose text has not the letters of a word typed without marks: in any
 * case, and with a letter that folds to one (here the long s, "ſ", which
 * stays as it is in the text). Within a plan the passages as typed come
 * first, so both of those come before the one with marks, which comes
 * first in the text. */
START_TEST(test_query_search__typed_in_capitals_and_folding_letters)
{
    cancu_archive_t *writer = fixture_writer();

    add_text(writer, "/plans/caps.txt",
             "KẾ HOẠCH\nKiểm tra\nKiểm tra Sở Nội vụ hằng quý\n"
             "KIEM TRA SO NOI VU HANG NAM\n"
             "Kiem tra \xC5\xBFo noi vu theo chuyen de\n");
    fixture_reader(writer);
    expect_hit_texts("plan:/plans/caps.txt kiem tra so noi vu", "HANG NAM",
                     "chuyen de", "hằng quý", NULL);
}
END_TEST

/* A passage that has the words as typed written as they are, between
 * spaces or punctuation, matches as typed without its text being read
 * word by word; the same bytes inside a longer word ("ăvụ") are no such
 * word, so the passage with them and "Vu" matches folded only, after the
 * one as typed though it comes first in the text. */
START_TEST(test_query_search__typed_bytes_inside_a_word_are_not_the_word)
{
    cancu_archive_t *writer = fixture_writer();

    add_text(writer, "/plans/inside.txt",
             "KẾ HOẠCH\nLịch năm\nLễ Vu Lan và ăvụ\nNhiệm vụ trọng tâm\n");
    fixture_reader(writer);
    expect_hit_texts("plan:/plans/inside.txt vụ", "Nhiệm vụ", "Vu Lan", NULL);
}
END_TEST

/* Words typed without marks: their exact terms keep positions, so the
 * index finds the phrase as typed and each passage's share of the words
 * as typed comes from those positions. "Danh gia" (capitals, no marks)
 * is as typed and comes first; the passage with "danh" and "gia" apart
 * has both words as typed but not the phrase, so it matches folded only,
 * yet before the one that has neither word as typed. */
START_TEST(test_query_search__unmarked_phrase_as_typed_from_positions)
{
    cancu_archive_t *writer = fixture_writer();

    add_text(writer, "/plans/unmarked.txt",
             "KẾ HOẠCH\nĐánh giá chung\n"
             "Đánh giá kết quả theo danh sách hộ gia đình\n"
             "Danh gia lai ket qua\n");
    fixture_reader(writer);
    expect_hit_texts("plan:/plans/unmarked.txt \"danh gia\"", "Danh gia lai",
                     "danh sách", "giá chung", NULL);
}
END_TEST

/* A plan whose unmarked words are as typed only apart, its passages
 * holding the phrase folded: no passage of it is as typed, so the plan
 * with the phrase as typed comes first, though the index ranks the other
 * above it for having the words more often. */
START_TEST(test_query_search__unmarked_words_apart_are_not_as_typed)
{
    cancu_archive_t *writer = fixture_writer();
    cancu_results_t *r;

    add_text(writer, "/plans/apart.txt",
             "KẾ HOẠCH\nThổ cẩm tho ca, cam thảo và tho mộc cam thảo\n"
             "Thổ cẩm cam tho, vải thổ cẩm mới tho và cam\n");
    add_text(writer, "/plans/together.txt",
             "KẾ HOẠCH\nTổng hợp\nChợ tho cam hằng năm\n");
    fixture_reader(writer);
    /* Both only folded: the index ranks the plan with the words apart
     * first. */
    r = search("\"thổ càm\"");
    ck_assert_uint_eq(cancu_results_count(r), 3);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/apart.txt");
    cancu_results_destroy(r);
    r = search("\"tho cam\"");
    ck_assert_uint_eq(cancu_results_count(r), 3);
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 0)),
                     "/plans/together.txt");
    ck_assert_str_eq(cancu_hit_plan_path(cancu_results_get(r, 1)),
                     "/plans/apart.txt");
    ck_assert_ptr_nonnull(
        strstr(cancu_hit_text(cancu_results_get(r, 1)), "tho ca,"));
    cancu_results_destroy(r);
}
END_TEST

/* Words typed with marks, as a passage writes them in capitals (a
 * heading's) or next to a tab (a table row's, escaped in its line): as
 * typed, before the passages that have the words folded only, with one
 * word as typed ("ĐÁNH", so its share is larger) or none. */
START_TEST(test_query_search__marked_words_in_capitals_and_by_tabs)
{
    cancu_archive_t *writer = fixture_writer();

    add_text(writer, "/plans/marked.txt",
             "KẾ HOẠCH\nDanh gia lai\nĐÁNH GIÀ LẠI\nĐánh giá\tchung\n"
             "ĐÁNH GIÁ KẾT QUẢ\n");
    fixture_reader(writer);
    expect_hit_texts("plan:/plans/marked.txt \"đánh giá\"", "Đánh giá\tchung",
                     "ĐÁNH GIÁ KẾT", "ĐÁNH GIÀ", "Danh gia lai", NULL);
}
END_TEST

START_TEST(test_query_snippet__window_and_folded_highlight)
{
    cancu_query_words_t words = {0};
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    char *s;

    ck_assert(cancu_query_words__begin_phrase(&words));
    ck_assert(cancu_query_words__add(&words, "hoa", 3));
    s = cancu_snippet__make("chuẩn hoá\tđiện tử hóa", &words, "<", ">", 240,
                            NULL);
    ck_assert_str_eq(s, "chuẩn <hoá> | điện tử <hóa>");
    free(s);
    for (int i = 0; i < 100; i++)
        cancu_strbuf__puts(&text, "lời mở đầu ");
    cancu_strbuf__puts(&text, "chuẩn hoá ");
    for (int i = 0; i < 100; i++)
        cancu_strbuf__puts(&text, "phần sau ");
    s = cancu_snippet__make(text.data, &words, "<", ">", 120, NULL);
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
    s = cancu_snippet__make("Nghị định và quyết định", &words, "<", ">", 240,
                            NULL);
    ck_assert_str_eq(s, "<Nghị định> và quyết định");
    free(s);
    /* A reference asked for by id, spelled otherwise in the text. */
    words.ref_ids = ids;
    words.nref_ids = 1;
    s = cancu_snippet__make("theo 45/2020/NĐCP và 46/2020/NĐ-CP", &words, "<",
                            ">", 240, NULL);
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
    tcase_add_test(tc,
                   test_query_search__typed_passage_ranks_first_across_plans);
    tcase_add_test(tc, test_query_search__page_reads_past_a_low_estimate);
    tcase_add_test(tc, test_query_search__typed_pages_add_up_to_one_list);
    tcase_add_test(
        tc, test_query_search__task_as_typed_before_task_without_accents);
    tcase_add_test(tc,
                   test_query_search__typed_in_capitals_and_folding_letters);
    tcase_add_test(
        tc, test_query_search__typed_bytes_inside_a_word_are_not_the_word);
    tcase_add_test(tc,
                   test_query_search__unmarked_phrase_as_typed_from_positions);
    tcase_add_test(tc,
                   test_query_search__unmarked_words_apart_are_not_as_typed);
    tcase_add_test(tc, test_query_search__marked_words_in_capitals_and_by_tabs);
    suite_add_tcase(s, tc);
    tc = tcase_create("snippet");
    tcase_add_test(tc, test_query_snippet__window_and_folded_highlight);
    tcase_add_test(tc, test_query_snippet__phrases_and_references);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, query_registry_tcase());
    suite_add_tcase(s, query_check_tcase());
    suite_add_tcase(s, query_check_real_tcase());
    suite_add_tcase(s, query_vbpl_tcase());
    suite_add_tcase(s, query_tasks_tcase());
    suite_add_tcase(s, query_facets_tcase());
    suite_add_tcase(s, query_json_scan_tcase());
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
