/* TCase "check" of suite "query": cancu_check on real files against a
 * registry in a real archive in a temporary folder. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "index/analyzer.h"
#include "index/index-private.h"
#include "index/xapian-shim.h"

TCase *query_check_tcase(void);

#define HEADER                                                                 \
    "id\ttype\tissuer\tsigned\tin_force\ttitle\tstatus\treplaced_by\t"         \
    "replaced_on\tamended_by\trepealed_on\texpired_on\tsource\tconfidence\n"

static char *dir;
static cancu_archive_t *archive;

static void check_setup(void)
{
    dir = test_tempdir();
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
}

static void check_teardown(void)
{
    cancu_archive_close(archive);
    archive = NULL;
    test_rmtree(dir);
    free(dir);
}

/* Write 'text' to 'name' in the test folder; the path is malloc'd. */
static char *write_file(const char *name, const char *text)
{
    return test_write_file(dir, name, text);
}

static void import(const char *text)
{
    cancu_registry_report_t *report = NULL;
    char *path = write_file("registry.tsv", text);

    ck_assert_int_eq(cancu_registry_import(&report, archive, path),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_report_rejected(report), 0);
    cancu_registry_report_destroy(report);
    free(path);
}

static cancu_check_t *check_text(const char *text, const char *as_of)
{
    char *path = write_file("plan.txt", text);
    cancu_document_t *doc = NULL;
    cancu_check_t *check = NULL;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_msg(cancu_check_document(&check, archive, doc, as_of) ==
                      CANCU_STATUS_SUCCESS,
                  "check: %s", cancu_error_last());
    cancu_document_destroy(doc);
    free(path);
    return check;
}

/* The one finding about 'id', or NULL. */
static const cancu_finding_t *finding_of(const cancu_check_t *c, const char *id)
{
    const cancu_finding_t *found = NULL;

    for (size_t i = 0; i < cancu_check_count(c); i++)
        if (strcmp(cancu_finding_id(cancu_check_get(c, i)), id) == 0) {
            ck_assert_msg(!found, "two findings about %s", id);
            found = cancu_check_get(c, i);
        }
    return found;
}

static const char plan[] =
    "UBND TỈNH GIA LAI\nSỞ NỘI VỤ\nSố: 7/KH-SNV\n"
    "Gia Lai, ngày 10 tháng 3 năm 2019\n\nKẾ HOẠCH\n"
    "Tinh giản biên chế năm 2019\n\n"
    "Căn cứ Nghị định số 108/2014/NĐ-CP ngày 20/11/2014 của Chính phủ;\n"
    "Căn cứ Nghị định số 16/2015/NĐ-CP ngày 14/03/2015 của Chính phủ;\n";

static const char plan_2024[] =
    "UBND TỈNH GIA LAI\nSỞ NỘI VỤ\nSố: 8/KH-SNV\n"
    "Gia Lai, ngày 10 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
    "Tinh giản biên chế năm 2024\n\n"
    "Căn cứ Nghị định số 29/2023/NĐ-CP ngày 03/6/2023 của Chính phủ;\n";

static const char registry[] =
    HEADER "108/2014/NĐ-CP\tNghị định\tChính phủ\t2014-11-20\t2015-01-01\t\t"
           "replaced\t113/2018/NĐ-CP\t2018-08-31\t\t\t\thttps://example.org/a\t"
           "verified\n"
           "113/2018/NĐ-CP\tNghị định\tChính phủ\t2018-08-31\t2018-08-31\t\t"
           "replaced\t29/2023/NĐ-CP\t2023-07-20\t\t\t\thttps://example.org/b\t"
           "verified\n"
           "29/2023/NĐ-CP\tNghị định\tChính phủ\t2023-06-03\t2023-07-20\t\t"
           "in-force\t\t\t\t\t\thttps://example.org/c\tverified\n"
           "16/2015/NĐ-CP\tNghị định\tChính phủ\t2015-02-14\t2015-04-06\t\t"
           "replaced\t60/2021/NĐ-CP\t2021-08-15\t\t\t\thttps://example.org/d\t"
           "verified\n";

START_TEST(test_query_check__typed_findings_follow_the_chain)
{
    cancu_check_t *c;
    const cancu_finding_t *f;

    import(registry);
    c = check_text(plan, "2024-01-01");
    ck_assert_str_eq(cancu_check_as_of(c), "2024-01-01");
    ck_assert_str_eq(cancu_check_plan_date(c), "2019-03-10");
    f = finding_of(c, "108/2014/NĐ-CP");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(cancu_finding_kind(f), CANCU_FINDING_REPLACED);
    ck_assert_int_eq(cancu_finding_severity(f), CANCU_SEVERITY_WARNING);
    ck_assert_uint_eq(cancu_finding_chain_count(f), 2);
    ck_assert_str_eq(cancu_finding_chain(f, 0), "113/2018/NĐ-CP");
    ck_assert_str_eq(cancu_finding_chain(f, 1), "29/2023/NĐ-CP");
    ck_assert_ptr_null(cancu_finding_chain(f, 2));
    ck_assert_str_eq(cancu_finding_suggestion(f), "29/2023/NĐ-CP");
    ck_assert_str_eq(cancu_finding_ended_on(f), "2018-08-31");
    ck_assert_uint_eq(cancu_finding_line(f), 9);
    ck_assert_str_eq(cancu_finding_record(f), "108/2014/NĐ-CP");
    ck_assert_ptr_nonnull(strstr(cancu_finding_origin(f), "registry.tsv:2"));
    /* The wrong date picks no record: the number is there, of 2015. */
    f = finding_of(c, "16/2015/NĐ-CP");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(cancu_finding_kind(f), CANCU_FINDING_DATE_MISMATCH);
    ck_assert_ptr_nonnull(strstr(cancu_finding_detail(f), "2015-02-14"));
    /* Warnings first, then by line. */
    for (size_t i = 1; i < cancu_check_count(c); i++)
        ck_assert_int_ge(cancu_finding_severity(cancu_check_get(c, i - 1)),
                         cancu_finding_severity(cancu_check_get(c, i)));
    cancu_check_destroy(c);

    /* As of the plan's own date the first replacement is in effect, the
     * second not yet: the suggestion is what was in force then. */
    c = check_text(plan, NULL);
    ck_assert_str_eq(cancu_check_as_of(c), "2019-03-10");
    f = finding_of(c, "108/2014/NĐ-CP");
    ck_assert_uint_eq(cancu_finding_chain_count(f), 1);
    ck_assert_str_eq(cancu_finding_suggestion(f), "113/2018/NĐ-CP");
    cancu_check_destroy(c);
}
END_TEST

/* A verified record stands over what a text says, and the check shows
 * the disagreement instead of hiding it. */
START_TEST(test_query_check__a_text_against_the_record_is_shown)
{
    cancu_check_t *c;
    const cancu_finding_t *f;

    import(registry);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "replaces",
                                              "99/2030/NĐ-CP", "29/2023/NĐ-CP",
                                              "2030-01-01", "decree-99.txt"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    c = check_text(plan_2024, "2031-01-01");
    f = finding_of(c, "29/2023/NĐ-CP");
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(cancu_finding_kind(f), CANCU_FINDING_DISPUTED);
    ck_assert_int_eq(cancu_finding_severity(f), CANCU_SEVERITY_INFO);
    ck_assert_str_eq(cancu_finding_origin(f), "decree-99.txt");
    ck_assert_str_eq(cancu_finding_suggestion(f), "99/2030/NĐ-CP");
    cancu_check_destroy(c);
    /* Before the text's date there is nothing to dispute. */
    c = check_text(plan_2024, "2029-12-31");
    ck_assert_ptr_null(finding_of(c, "29/2023/NĐ-CP"));
    cancu_check_destroy(c);
}
END_TEST

START_TEST(test_query_check__a_bad_date_is_refused)
{
    char *path = write_file("plan.txt", plan);
    cancu_document_t *doc = NULL;
    cancu_check_t *c = NULL;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_check_document(&c, archive, doc, "2023-13-01"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(cancu_check_document(&c, archive, doc, "29/02/2023"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_check_document(&c, archive, doc, "29/02/2024"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_check_as_of(c), "2024-02-29");
    cancu_check_destroy(c);
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

START_TEST(test_query_check__dates_as_people_write_them)
{
    static const struct {
        const char *typed, *iso;
    } cases[] = {
        {"2023-08-01", "2023-08-01"},
        {"01/08/2023", "2023-08-01"},
        {"1/8/2023", "2023-08-01"},
        {"2023-08", "2023-08"},
        {"08/2023", "2023-08"},
        {"2023", "2023"},
        {"31/02/2023", NULL},
        {"2023-02-30", NULL},
        {"", NULL},
        {"01/08/23", NULL},
        {"2023-8-1", NULL},
        {"13/2023", NULL},
        {"01/08/2023x", NULL},
        {"tomorrow", NULL},
    };
    char out[11];

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cancu_status_t status = cancu_date_parse(out, cases[i].typed);

        if (cases[i].iso) {
            ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: %s",
                          cases[i].typed, cancu_error_last());
            ck_assert_str_eq(out, cases[i].iso);
        } else {
            ck_assert_msg(status == CANCU_STATUS_INVALID_ARGUMENT,
                          "'%s' was read as %s", cases[i].typed, out);
            ck_assert_ptr_nonnull(strstr(cancu_error_last(), cases[i].typed));
        }
    }
    ck_assert_int_eq(cancu_date_parse(out, "today"), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(strlen(out), 10);
}
END_TEST

/* A registry that cannot be read is an archive error, never "unknown". */
START_TEST(test_query_check__a_damaged_registry_is_an_error)
{
    static const char term[] = CANCU_PREFIX_REGISTRY "108/2014/NĐ-CP";
    cancu_document_t *doc = NULL;
    cancu_check_t *c = NULL;
    cancu_xapian_doc_t *xdoc;
    char *path;

    import(registry);
    xdoc = cancu_xapian_doc_new();
    ck_assert(cancu_xapian_doc_add_term(xdoc, term, strlen(term)));
    ck_assert(cancu_xapian_doc_set_data(xdoc, "{not json", 9));
    ck_assert_int_eq(cancu_xapian_begin(archive->db), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_xapian_replace(archive->db, term, xdoc),
                     CANCU_STATUS_SUCCESS);
    cancu_xapian_doc_destroy(xdoc);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    path = write_file("plan.txt", plan);
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_check_document(&c, archive, doc, NULL),
                     CANCU_STATUS_ARCHIVE_ERROR);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "registry"));
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

TCase *query_check_tcase(void)
{
    TCase *tc = tcase_create("check");

    tcase_add_checked_fixture(tc, check_setup, check_teardown);
    tcase_add_test(tc, test_query_check__typed_findings_follow_the_chain);
    tcase_add_test(tc, test_query_check__a_text_against_the_record_is_shown);
    tcase_add_test(tc, test_query_check__a_bad_date_is_refused);
    tcase_add_test(tc, test_query_check__dates_as_people_write_them);
    tcase_add_test(tc, test_query_check__a_damaged_registry_is_an_error);
    return tc;
}
