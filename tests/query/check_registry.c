/* TCase "registry" of suite "query": the legal-status registry on a real
 * archive in a temporary folder. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>
#include <cancu/registry.h>

#include "helpers.h"
#include "index/index-private.h"
#include "query/query-private.h"

TCase *query_registry_tcase(void);

#define HEADER                                                                 \
    "id\ttype\tissuer\tsigned\tin_force\ttitle\tstatus\treplaced_by\t"         \
    "replaced_on\tamended_by\trepealed_on\texpired_on\tsource\tconfidence\n"

static char *dir;
static cancu_archive_t *archive;

static void registry_setup(void)
{
    dir = test_tempdir();
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
}

static void registry_teardown(void)
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

/* Import 'path' and return the report, checking the counts. */
static cancu_registry_report_t *import_path(const char *path, size_t added,
                                            size_t updated, size_t unchanged,
                                            size_t rejected)
{
    cancu_registry_report_t *report = NULL;
    cancu_status_t status = cancu_registry_import(&report, archive, path);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "import %s: %s", path,
                  cancu_error_last());
    ck_assert_ptr_nonnull(report);
    ck_assert_msg(cancu_registry_report_rejected(report) == rejected,
                  "%zu rejected, expected %zu; first: %s",
                  cancu_registry_report_rejected(report), rejected,
                  cancu_registry_report_rejected(report)
                      ? cancu_registry_report_rejection(report, 0)
                      : "-");
    ck_assert_uint_eq(cancu_registry_report_added(report), added);
    ck_assert_uint_eq(cancu_registry_report_updated(report), updated);
    ck_assert_uint_eq(cancu_registry_report_unchanged(report), unchanged);
    return report;
}

static void import_text(const char *name, const char *text, size_t added,
                        size_t updated, size_t unchanged, size_t rejected)
{
    char *path = write_file(name, text);

    cancu_registry_report_destroy(
        import_path(path, added, updated, unchanged, rejected));
    free(path);
}

static void import_shipped(void)
{
    char *path = test_corpus_path("registry/vn-legal-status.tsv");

    cancu_registry_report_destroy(import_path(path, 25, 0, 0, 0));
    free(path);
}

/* The one record for 'id'; the list is the caller's. */
static const cancu_registry_entry_t *
lookup_one(cancu_registry_entry_list_t **list, const char *id)
{
    cancu_status_t status = cancu_registry_lookup(list, archive, id);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "lookup %s: %s", id,
                  cancu_error_last());
    ck_assert_uint_eq(cancu_registry_entry_list_count(*list), 1);
    return cancu_registry_entry_list_get(*list, 0);
}

/* How many records of 'list' have their fields from 'provenance'. */
static size_t count_provenance(const cancu_registry_entry_list_t *list,
                               const char *provenance)
{
    size_t n = 0;

    for (size_t i = 0; i < cancu_registry_entry_list_count(list); i++)
        n += strcmp(cancu_registry_entry_provenance(
                        cancu_registry_entry_list_get(list, i)),
                    provenance) == 0;
    return n;
}

/* The standing of 'e' as of 'date'; the caller destroys it. */
static cancu_registry_standing_t *as_of(const cancu_registry_entry_t *e,
                                        const char *date,
                                        cancu_legal_status_t expected)
{
    cancu_registry_standing_t *s = NULL;

    ck_assert_int_eq(cancu_registry_status_as_of(&s, e, date),
                     CANCU_STATUS_SUCCESS);
    ck_assert_msg(
        cancu_registry_standing_status(s) == expected,
        "%s as of %s: %s, expected %s", cancu_registry_entry_id(e), date,
        cancu_legal_status_to_string(cancu_registry_standing_status(s)),
        cancu_legal_status_to_string(expected));
    return s;
}

static void check_as_of(const cancu_registry_entry_t *e, const char *date,
                        cancu_legal_status_t expected)
{
    cancu_registry_standing_destroy(as_of(e, date, expected));
}

START_TEST(test_query_registry__shipped_file_imports_whole)
{
    cancu_registry_entry_list_t *list = NULL;

    import_shipped();
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 25);
    /* Sorted by id; every record says how sure it is. */
    for (size_t i = 1; i < cancu_registry_entry_list_count(list); i++)
        ck_assert_int_lt(strcmp(cancu_registry_entry_id(
                                    cancu_registry_entry_list_get(list, i - 1)),
                                cancu_registry_entry_id(
                                    cancu_registry_entry_list_get(list, i))),
                         0);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__replaced_decree_as_of_dates)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    cancu_registry_standing_t *s;

    import_shipped();
    /* Any spelling the extractor reads finds the record. */
    e = lookup_one(&list, "16/2015/ND-CP");
    ck_assert_str_eq(cancu_registry_entry_id(e), "16/2015/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_type(e), "Nghị định");
    ck_assert_str_eq(cancu_registry_entry_issuer(e), "Chính phủ");
    ck_assert_str_eq(cancu_registry_entry_signed(e), "2015-02-14");
    ck_assert_str_eq(cancu_registry_entry_in_force(e), "");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_REPLACED);
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "60/2021/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_replaced_on(e), "2021-08-15");
    ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 0);
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_VERIFIED);
    ck_assert_ptr_nonnull(
        strstr(cancu_registry_entry_source(e), "https://vietlawonline.com/"));
    ck_assert_ptr_nonnull(
        strstr(cancu_registry_entry_origin(e), "vn-legal-status.tsv:"));

    /* The December 2021 plan cites it after its replacement. */
    s = as_of(e, "2021-12-15", CANCU_LEGAL_REPLACED);
    ck_assert_str_eq(cancu_registry_standing_replaced_by(s), "60/2021/NĐ-CP");
    ck_assert_str_eq(cancu_registry_standing_replaced_on(s), "2021-08-15");
    ck_assert_str_eq(cancu_registry_standing_ended_on(s), "2021-08-15");
    ck_assert_str_eq(cancu_registry_standing_date(s), "2021-12-15");
    cancu_registry_standing_destroy(s);
    s = as_of(e, "2021-06-01", CANCU_LEGAL_IN_FORCE);
    ck_assert_str_eq(cancu_registry_standing_replaced_by(s), "");
    cancu_registry_standing_destroy(s);
    /* Partial dates compare by the parts given. */
    check_as_of(e, "2021-12", CANCU_LEGAL_REPLACED);
    check_as_of(e, "2021-08", CANCU_LEGAL_REPLACED);
    check_as_of(e, "2021-07", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2021-08-14", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2021-08-15", CANCU_LEGAL_REPLACED);
    check_as_of(e, "2014", CANCU_LEGAL_NOT_YET_IN_FORCE);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__amended_then_replaced)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    cancu_registry_standing_t *s;

    import_shipped();
    e = lookup_one(&list, "108/2014/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_signed(e), "2014-11-20");
    ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 2);
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0), "113/2018/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_amended_on(e, 0), "");
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 1), "143/2020/NĐ-CP");
    ck_assert_ptr_null(cancu_registry_entry_amended_by(e, 2));

    /* In force, amended twice, when the 2021 plan was written. */
    s = as_of(e, "2021-12", CANCU_LEGAL_AMENDED);
    ck_assert_uint_eq(cancu_registry_standing_amended_count(s), 2);
    ck_assert_str_eq(cancu_registry_standing_amended_by(s, 0),
                     "113/2018/NĐ-CP");
    ck_assert_str_eq(cancu_registry_standing_amended_by(s, 1),
                     "143/2020/NĐ-CP");
    ck_assert_str_eq(cancu_registry_standing_replaced_by(s), "");
    cancu_registry_standing_destroy(s);
    check_as_of(e, "2021-12-31", CANCU_LEGAL_AMENDED);
    /* Outdated as of today. */
    s = as_of(e, "2024-01-01", CANCU_LEGAL_REPLACED);
    ck_assert_str_eq(cancu_registry_standing_replaced_by(s), "29/2023/NĐ-CP");
    ck_assert_str_eq(cancu_registry_standing_replaced_on(s), "2023-07-20");
    cancu_registry_standing_destroy(s);
    /* Undated amendments count from the year in their number. */
    s = as_of(e, "2019-06-01", CANCU_LEGAL_AMENDED);
    ck_assert_uint_eq(cancu_registry_standing_amended_count(s), 1);
    ck_assert_str_eq(cancu_registry_standing_amended_by(s, 0),
                     "113/2018/NĐ-CP");
    ck_assert_ptr_null(cancu_registry_standing_amended_by(s, 1));
    cancu_registry_standing_destroy(s);
    check_as_of(e, "2015-03-01", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2014-11", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2014-10-31", CANCU_LEGAL_NOT_YET_IN_FORCE);
    cancu_registry_entry_list_destroy(list);

    /* Dated amendments: 60/2021/NĐ-CP by 111/2025/NĐ-CP. */
    e = lookup_one(&list, "60/2021/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_AMENDED);
    ck_assert_str_eq(cancu_registry_entry_in_force(e), "2021-08-15");
    ck_assert_str_eq(cancu_registry_entry_amended_on(e, 0), "2025-05-22");
    check_as_of(e, "2021-07-01", CANCU_LEGAL_NOT_YET_IN_FORCE);
    check_as_of(e, "2021-12-15", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2025-05-21", CANCU_LEGAL_IN_FORCE);
    s = as_of(e, "2025-06", CANCU_LEGAL_AMENDED);
    ck_assert_str_eq(cancu_registry_standing_amended_by(s, 0),
                     "111/2025/NĐ-CP");
    ck_assert_str_eq(cancu_registry_standing_amended_on(s, 0), "2025-05-22");
    cancu_registry_standing_destroy(s);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__unverified_stays_unknown)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    cancu_registry_standing_t *s = NULL;

    import_shipped();
    e = lookup_one(&list, "130/2005/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_UNKNOWN);
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_UNVERIFIED);
    ck_assert_str_eq(cancu_registry_entry_source(e), "");
    ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 0);
    check_as_of(e, "2021-12-15", CANCU_LEGAL_UNKNOWN);
    cancu_registry_entry_list_destroy(list);

    /* A partial record keeps its verified parts, its status unknown. */
    e = lookup_one(&list, "113/2018/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_PARTIAL);
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0), "143/2020/NĐ-CP");
    s = as_of(e, "2021-12-15", CANCU_LEGAL_UNKNOWN);
    ck_assert_uint_eq(cancu_registry_standing_amended_count(s), 1);
    cancu_registry_standing_destroy(s);
    check_as_of(e, "2017", CANCU_LEGAL_NOT_YET_IN_FORCE);
    ck_assert_int_eq(cancu_registry_status_as_of(&s, e, "2021-02-30"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(cancu_registry_status_as_of(&s, e, "15/12/2021"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    cancu_registry_entry_list_destroy(list);

    /* The replaced Thông tư and its three-digit replacement. */
    e = lookup_one(&list, "06/2020/TT-BNV");
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "01/2025/TT-BNV");
    check_as_of(e, "2025-05-01", CANCU_LEGAL_REPLACED);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__party_numbers_find_every_candidate)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;

    import_shipped();
    e = lookup_one(&list, "18-NQ/TW");
    ck_assert_str_eq(cancu_registry_entry_id(e), "18-NQ/TW:2017");
    ck_assert_str_eq(cancu_registry_entry_signed(e), "2017-10-25");
    cancu_registry_entry_list_destroy(list);

    import_text("party.tsv",
                HEADER "18-NQ/TW:2022\tNghị quyết\tTrung ương Đảng\t"
                       "2022-06-16\t\t\tunknown\t\t\t\t\t\t\tpartial\n",
                1, 0, 0, 0);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "18-NQ/TW"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 2);
    ck_assert_str_eq(
        cancu_registry_entry_id(cancu_registry_entry_list_get(list, 0)),
        "18-NQ/TW:2017");
    ck_assert_str_eq(
        cancu_registry_entry_id(cancu_registry_entry_list_get(list, 1)),
        "18-NQ/TW:2022");
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "18-nq/tw:2022");
    ck_assert_str_eq(cancu_registry_entry_signed(e), "2022-06-16");
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "18-NQ/TW:2019"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_ptr_null(list);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "999/2099/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "999/2099/NĐ-CP"));
}
END_TEST

START_TEST(test_query_registry__bad_rows_rejected_with_their_line)
{
    cancu_registry_entry_list_t *list = NULL;
    cancu_registry_report_t *report;
    const char *text =
        "# A registry with bad rows.\n" HEADER
        "12/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\tin-force\t\t\t"
        "\t\t\thttps://example.org/a\tverified\n"
        "13/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\treplaced\t"
        "14/2021/NĐ-CP\t2021-13-01\t\t\t\thttps://example.org/b\tverified\n"
        "15/2019/NĐ-CP\tNghị định\tChính phủ\t\t\t\tabolished\t\t\t\t\t\t"
        "https://example.org/c\tverified\n"
        "16/2019/NĐ-CP\tNghị định\tChính phủ\n"
        "\n"
        "Nghị định 17/2019/NĐ-CP\t\t\t\t\t\tunknown\t\t\t\t\t\t\tpartial\n"
        "18/2019/NĐ-CP\t\t\t2018-05-01\t\t\tunknown\t\t\t\t\t\t\tpartial\n"
        "19/2019/NĐ-CP\t\t\t\t\t\treplaced\t\t\t\t\t\t"
        "https://example.org/d\tverified\n"
        "20/2019/NĐ-CP\t\t\t\t\t\tin-force\t\t\t\t\t\t\tverified\n"
        "21/2019/NĐ-CP\t\t\t2019-05-01\t2019-04-01\t\tunknown\t\t\t\t\t\t\t"
        "partial\n"
        "22/2019/NĐ-CP\t\t\t\t\t\tamended\t\t\t22/2019/NĐ-CP@2019-02-30\t\t\t"
        "https://example.org/e\tverified\n"
        "23/2019/NĐ-CP\t\t\t\t\t\tunknown\t\t\t\t\t\tnot a url\tpartial\n"
        "12/2019/ND-CP\t\t\t\t\t\tunknown\t\t\t\t\t\t\tpartial\n"
        "Luật Viên chức\tLuật\tQuốc hội\t\t\t\tunknown\t\t\t\t\t\t\tpartial\n"
        "24/2019/NĐ-CP\t\t\t\t\t\tunknown\t\t\t\t\t\t\tcertain\n";
    char *path = write_file("bad.tsv", text);
    static const struct {
        size_t line;
        const char *says;
    } expected[] = {
        {4, "replaced_on: date '2021-13-01' is not a date"},
        {5, "status 'abolished'"},
        {6, "3 fields where the header names 14"},
        {8, "write '17/2019/NĐ-CP'"},
        {9, "signed 2018-05-01 contradicts the year of '18/2019/NĐ-CP'"},
        {10, "status 'replaced' needs replaced_by"},
        {11, "status 'in-force' needs a source"},
        {12, "in_force 2019-04-01 is before signed 2019-05-01"},
        {13, "date '2019-02-30' is not a date"},
        {14, "'not a url' is not a URL"},
        {15, "id '12/2019/NĐ-CP' was given before, at bad.tsv:3"},
        {17, "confidence 'certain'"},
    };
    size_t n = sizeof expected / sizeof *expected;

    report = import_path(path, 2, 0, 0, n);
    for (size_t i = 0; i < n; i++) {
        char prefix[64];
        const char *message = cancu_registry_report_rejection(report, i);

        snprintf(prefix, sizeof prefix, "bad.tsv:%zu: ", expected[i].line);
        ck_assert_uint_eq(cancu_registry_report_rejection_line(report, i),
                          expected[i].line);
        ck_assert_msg(strstr(message, prefix) && strstr(message, dir) &&
                          strstr(message, expected[i].says),
                      "rejection %zu is '%s', expected '%s' and '%s'", i,
                      message, prefix, expected[i].says);
    }
    ck_assert_ptr_null(cancu_registry_report_rejection(report, n));
    cancu_registry_report_destroy(report);
    free(path);

    /* The good rows are in, the bad ones are not. */
    cancu_registry_entry_list_destroy(list);
    lookup_one(&list, "12/2019/NĐ-CP");
    cancu_registry_entry_list_destroy(list);
    lookup_one(&list, "Luật Viên chức");
    ck_assert_str_eq(
        cancu_registry_entry_type(cancu_registry_entry_list_get(list, 0)),
        "Luật");
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "13/2019/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(count_provenance(list, "imported"), 2);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__all_bad_rows_write_nothing)
{
    cancu_registry_entry_list_t *list = NULL;

    import_text("allbad.tsv",
                HEADER
                "12/2019/NĐ-CP\t\t\t2019-13-01\t\t\tunknown\t\t\t\t\t\t\t"
                "partial\n",
                0, 0, 0, 1);
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(count_provenance(list, "imported"), 0);
    cancu_registry_entry_list_destroy(list);
    /* A file of comments and a header imports nothing, successfully. */
    import_text("empty.tsv", "# Nothing yet.\n" HEADER, 0, 0, 0, 0);
}
END_TEST

START_TEST(test_query_registry__file_level_errors)
{
    cancu_registry_report_t *report = NULL;
    cancu_archive_t *reader = NULL;
    char *path;

    path = write_file("noheader.tsv", "# Only a comment.\n\n");
    ck_assert_int_eq(cancu_registry_import(&report, archive, path),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_null(report);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "no header"));
    free(path);

    path = write_file("nocolumn.tsv", "id\ttype\tissuer\n");
    ck_assert_int_eq(cancu_registry_import(&report, archive, path),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "nocolumn.tsv:1:"));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "'signed' is missing"));
    free(path);

    path = write_file("extra.tsv", "# Comment.\nid\tstatus\tcolour\n");
    ck_assert_int_eq(cancu_registry_import(&report, archive, path),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "extra.tsv:2:"));
    ck_assert_ptr_nonnull(
        strstr(cancu_error_last(), "unknown column 'colour'"));
    free(path);

    ck_assert_int_eq(cancu_registry_import(&report, archive, "/nonexistent/x"),
                     CANCU_STATUS_IO_ERROR);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "/nonexistent/x"));

    /* Importing needs an archive open for writing. */
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    path = test_corpus_path("registry/vn-legal-status.tsv");
    ck_assert_int_eq(cancu_registry_import(&report, reader, path),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_registry_add_mined(reader, "amends", "13/2021/NĐ-CP",
                                              "12/2019/NĐ-CP", NULL, "plan"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    free(path);
    cancu_archive_close(reader);
}
END_TEST

START_TEST(test_query_registry__reimport_replaces_the_record)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    const char *first =
        HEADER "12/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\t"
               "in-force\t\t\t\t\t\thttps://example.org/a\tpartial\n";
    const char *second =
        "# Now amended.\n" HEADER
        "12/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\tamended\t\t\t"
        "13/2021/NĐ-CP@2021-03-01\t\t\thttps://example.org/a; "
        "https://example.org/b\tverified\n";

    import_text("first.tsv", first, 1, 0, 0, 0);
    import_text("second.tsv", second, 0, 1, 0, 0);
    e = lookup_one(&list, "12/2019/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_AMENDED);
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_VERIFIED);
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0), "13/2021/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_amended_on(e, 0), "2021-03-01");
    ck_assert_str_eq(cancu_registry_entry_source(e),
                     "https://example.org/a; https://example.org/b");
    ck_assert_str_eq(cancu_registry_entry_origin(e), "second.tsv:3");
    check_as_of(e, "2021-02", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2021-03", CANCU_LEGAL_AMENDED);
    cancu_registry_entry_list_destroy(list);
    /* The same content again, from another file: unchanged. */
    import_text("again.tsv", second, 0, 0, 1, 0);
    /* The shipped file twice: all unchanged the second time. */
    import_shipped();
    {
        char *path = test_corpus_path("registry/vn-legal-status.tsv");

        cancu_registry_report_destroy(import_path(path, 0, 0, 25, 0));
        free(path);
    }
}
END_TEST

/* The status a reader finds for 12/2019/NĐ-CP. */
static cancu_legal_status_t status_seen(cancu_archive_t *reader)
{
    cancu_registry_entry_list_t *list = NULL;
    cancu_legal_status_t status;

    ck_assert_int_eq(cancu_registry_lookup(&list, reader, "12/2019/NĐ-CP"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 1);
    status =
        cancu_registry_entry_status(cancu_registry_entry_list_get(list, 0));
    cancu_registry_entry_list_destroy(list);
    return status;
}

/* One record, in force, then replaced in place by its amended standing:
 * what the cached readers' tests import before and after a commit. */
static const char *const in_force_record =
    HEADER "12/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\t"
           "in-force\t\t\t\t\t\thttps://example.org/a\tverified\n";
static const char *const amended_record =
    HEADER "12/2019/NĐ-CP\tNghị định\tChính phủ\t2019-02-01\t\t\t"
           "amended\t\t\t13/2021/NĐ-CP@2021-03-01\t\t\t"
           "https://example.org/b\tverified\n";

/* A reader that keeps the documents' data it read (the server's) answers
 * from what the writer committed once it refreshes, though a record
 * replaced in place keeps its document id. */
START_TEST(test_query_registry__cached_reader_sees_a_record_replaced)
{
    cancu_archive_t *reader = NULL;
    bool changed = false;

    import_text("first.tsv", in_force_record, 1, 0, 0, 0);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&reader, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_cache_data(reader, 1u << 20),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(status_seen(reader), CANCU_LEGAL_IN_FORCE);
    ck_assert_int_eq(status_seen(reader), CANCU_LEGAL_IN_FORCE);
    import_text("second.tsv", amended_record, 0, 1, 0, 0);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_refresh(reader, &changed),
                     CANCU_STATUS_SUCCESS);
    ck_assert(changed);
    ck_assert_int_eq(status_seen(reader), CANCU_LEGAL_AMENDED);
    /* A writer keeps no cache. */
    ck_assert_int_eq(cancu_archive_cache_data(archive, 1u << 20),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_cache_data(reader, 0), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(status_seen(reader), CANCU_LEGAL_AMENDED);
    cancu_archive_close(reader);
}
END_TEST

START_TEST(test_query_registry__cached_readers_each_see_their_revision)
{
    cancu_archive_t *old = NULL, *fresh = NULL;

    /* Two handles of a server's pool, one not yet refreshed after a
     * commit: each answers from its own revision, whichever asks
     * first. */
    import_text("first.tsv", in_force_record, 1, 0, 0, 0);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&old, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_cache_data(old, 1u << 20),
                     CANCU_STATUS_SUCCESS);
    import_text("second.tsv", amended_record, 0, 1, 0, 0);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_open(&fresh, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_cache_data(fresh, 1u << 20),
                     CANCU_STATUS_SUCCESS);
    for (int round = 0; round < 2; round++) {
        ck_assert_int_eq(status_seen(fresh), CANCU_LEGAL_AMENDED);
        ck_assert_int_eq(status_seen(old), CANCU_LEGAL_IN_FORCE);
    }
    ck_assert_int_eq(status_seen(old), CANCU_LEGAL_IN_FORCE);
    ck_assert_int_eq(status_seen(fresh), CANCU_LEGAL_AMENDED);
    cancu_archive_close(old);
    cancu_archive_close(fresh);
}
END_TEST

START_TEST(test_query_registry__mined_relations_keep_verified_facts)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;

    import_shipped();
    /* A text that claims 60/2021 was replaced does not change the
     * verified record; the claim is kept beside it. */
    ck_assert_int_eq(cancu_registry_add_mined(archive, "replaces",
                                              "99/2030/NĐ-CP", "60/2021/ND-CP",
                                              "2030-01-01", "plan-a"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    e = lookup_one(&list, "60/2021/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_AMENDED);
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "");
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_VERIFIED);
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 1);
    ck_assert_str_eq(cancu_registry_entry_relation_kind(e, 0), "replaces");
    ck_assert_str_eq(cancu_registry_entry_relation_source(e, 0),
                     "99/2030/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_relation_date(e, 0), "2030-01-01");
    ck_assert_str_eq(cancu_registry_entry_relation_mined_from(e, 0), "plan-a");
    ck_assert_ptr_null(cancu_registry_entry_relation_kind(e, 1));
    check_as_of(e, "2031-01-01", CANCU_LEGAL_AMENDED);
    cancu_registry_entry_list_destroy(list);

    /* A document the registry does not know gets a mined record. */
    ck_assert_int_eq(cancu_registry_add_mined(archive, "amends",
                                              "32/2020/NĐ-CP", "12/2012/NĐ-CP",
                                              "2020-04-20", "plan-b"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "replaces",
                                              "13/2021/NĐ-CP", "12/2012/NĐ-CP",
                                              "2021-03-01", "plan-b"),
                     CANCU_STATUS_SUCCESS);
    /* The same relation again is kept once, from the first plan that
     * stated it: a relation every plan repeats must not grow its record
     * (and each ingest and cites with it) with the archive. */
    ck_assert_int_eq(cancu_registry_add_mined(archive, "replaces",
                                              "13/2021/NĐ-CP", "12/2012/NĐ-CP",
                                              "2021-03-01", "plan-b"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "replaces",
                                              "13/2021/NĐ-CP", "12/2012/NĐ-CP",
                                              "2021-03-01", "plan-c"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    e = lookup_one(&list, "12/2012/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_confidence(e),
                     CANCU_CONFIDENCE_MINED);
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_REPLACED);
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "13/2021/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_replaced_on(e), "2021-03-01");
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0), "32/2020/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_mined_from(e), "plan-b");
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 2);
    ck_assert_str_eq(cancu_registry_entry_relation_mined_from(e, 1), "plan-b");
    check_as_of(e, "2020-12", CANCU_LEGAL_AMENDED);
    check_as_of(e, "2021-03-01", CANCU_LEGAL_REPLACED);
    cancu_registry_entry_list_destroy(list);

    /* A verified import over it replaces the fields, keeps the relations. */
    import_text("verified.tsv",
                HEADER "12/2012/NĐ-CP\tNghị định\tChính phủ\t2012-03-01\t\t\t"
                       "in-force\t\t\t\t\t\thttps://example.org/v\tverified\n",
                0, 1, 0, 0);
    e = lookup_one(&list, "12/2012/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_IN_FORCE);
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 2);
    cancu_registry_entry_list_destroy(list);

    /* Bad arguments. */
    ck_assert_int_eq(cancu_registry_add_mined(archive, "annuls",
                                              "13/2021/NĐ-CP", "12/2012/NĐ-CP",
                                              NULL, "plan"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "amends", NULL,
                                              "12/2012/NĐ-CP", NULL, "plan"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "repeals", NULL,
                                              "no such thing", NULL, "plan"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "expires", NULL,
                                              "12/2012/NĐ-CP", "2021-02-30",
                                              "plan"),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "expires", NULL,
                                              "12/2012/NĐ-CP", NULL, ""),
                     CANCU_STATUS_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_query_registry__mined_relations_land_with_the_commit)
{
    cancu_registry_entry_list_t *list = NULL;

    ck_assert_int_eq(cancu_registry_add_mined(archive, "repeals", NULL,
                                              "12/2012/NĐ-CP", "2013", "plan"),
                     CANCU_STATUS_SUCCESS);
    /* Closing without a commit drops it, as a crash would. */
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "12/2012/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_int_eq(cancu_registry_add_mined(archive, "repeals", NULL,
                                              "12/2012/NĐ-CP", "2013", "plan"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "12/2012/NĐ-CP"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(
        cancu_registry_entry_status(cancu_registry_entry_list_get(list, 0)),
        CANCU_LEGAL_REPEALED);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

/* Reads the data of the stored record of 'id'. */
static bool first_data(const char *data, size_t len, void *payload)
{
    char **out = payload;

    *out = strndup(data, len);
    return false;
}

static char *stored_data(const char *id)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    char *data = NULL;

    cancu_index__term(&term, CANCU_PREFIX_REGISTRY, id);
    ck_assert_int_eq(
        cancu_xapian_foreach_data(archive->db, term.data, first_data, &data),
        CANCU_STATUS_SUCCESS);
    cancu_strbuf__dispose(&term);
    ck_assert_ptr_nonnull(data);
    return data;
}

START_TEST(test_query_registry__plans_stating_a_relation_stay_out_of_the_record)
{
    enum { PLANS = 40 };
    char plans[PLANS][65];
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    char *one = NULL, *all;

    for (int i = 0; i < PLANS; i++) {
        cancu_mined_relation_t m = {"amends",
                                    "98/2013/NĐ-CP",
                                    "99/2005/NĐ-CP",
                                    "2013-10-07",
                                    "plan.docx",
                                    plans[i],
                                    12};

        snprintf(plans[i], sizeof plans[i], "%064x", i + 1);
        ck_assert_int_eq(cancu_registry__add_mined(archive, &m),
                         CANCU_STATUS_SUCCESS);
        if (i == 0) {
            ck_assert_int_eq(cancu_archive_commit(archive),
                             CANCU_STATUS_SUCCESS);
            one = stored_data("99/2005/NĐ-CP");
        }
    }
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    /* Every read of the registry parses the record: it does not grow
     * with the plans that restate one relation. */
    all = stored_data("99/2005/NĐ-CP");
    ck_assert_uint_eq(strlen(all), strlen(one));
    ck_assert_ptr_null(strstr(all, plans[PLANS - 1]));
    free(one);
    free(all);
    /* The relation stays while one plan states it, and goes with the
     * last. */
    for (int i = 0; i < PLANS; i++) {
        ck_assert_int_eq(cancu_xapian_begin(archive->db), CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_registry__forget_plan(archive, plans[i]),
                         CANCU_STATUS_SUCCESS);
        ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
        if (i == PLANS - 2) {
            e = lookup_one(&list, "99/2005/NĐ-CP");
            ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 1);
            ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0),
                             "98/2013/NĐ-CP");
            cancu_registry_entry_list_destroy(list);
        }
    }
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "99/2005/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__survives_reopening_the_archive)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;

    import_shipped();
    cancu_archive_close(archive);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_verify(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 25);
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "29/2023/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "154/2025/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_replaced_on(e), "2025-06-16");
    cancu_registry_entry_list_destroy(list);
}
END_TEST

START_TEST(test_query_registry__names_of_statuses_and_confidences)
{
    ck_assert_str_eq(cancu_legal_status_to_string(CANCU_LEGAL_IN_FORCE),
                     "in-force");
    ck_assert_str_eq(cancu_legal_status_to_string(CANCU_LEGAL_NOT_YET_IN_FORCE),
                     "not-yet-in-force");
    ck_assert_str_eq(cancu_legal_status_to_string((cancu_legal_status_t)99),
                     "unknown");
    ck_assert_str_eq(
        cancu_registry_confidence_to_string(CANCU_CONFIDENCE_VERIFIED),
        "verified");
    cancu_registry_report_destroy(NULL);
    cancu_registry_entry_list_destroy(NULL);
    cancu_registry_standing_destroy(NULL);
}
END_TEST

START_TEST(test_query_registry__shipped_in_every_archive)
{
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;

    /* No import: the registry built into cancu answers. */
    e = lookup_one(&list, "16/2015/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_provenance(e), "shipped");
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "60/2021/NĐ-CP");
    ck_assert_ptr_nonnull(
        strstr(cancu_registry_entry_origin(e), "vn-legal-status.tsv:"));
    check_as_of(e, "2022-01-01", CANCU_LEGAL_REPLACED);
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(count_provenance(list, "shipped"), 25);
    cancu_registry_entry_list_destroy(list);
    /* Without an archive at all, too. */
    ck_assert_int_eq(cancu_registry_lookup(&list, NULL, "16/2015/ND-CP"),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 1);
    cancu_registry_entry_list_destroy(list);

    /* An import stands over the shipped record; the rest stay shipped,
     * and the list names each id once. */
    import_text("mine.tsv",
                HEADER "16/2015/NĐ-CP\tNghị định\tChính phủ\t2015-02-14\t\t\t"
                       "in-force\t\t\t\t\t\thttps://example.org/mine\t"
                       "verified\n",
                1, 0, 0, 0);
    e = lookup_one(&list, "16/2015/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_provenance(e), "imported");
    ck_assert_str_eq(cancu_registry_entry_origin(e), "mine.tsv:2");
    check_as_of(e, "2022-01-01", CANCU_LEGAL_IN_FORCE);
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(cancu_registry_list(&list, archive), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 25);
    ck_assert_uint_eq(count_provenance(list, "shipped"), 24);
    ck_assert_uint_eq(count_provenance(list, "imported"), 1);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

static cancu_document_t *open_text(const char *name, const char *text)
{
    char *path = write_file(name, text);
    cancu_document_t *doc = NULL;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    free(path);
    return doc;
}

static const char decree[] =
    "CHÍNH PHỦ\nSố: 77/2022/NĐ-CP\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Hà Nội, ngày 30 tháng 9 năm 2022\n\nNGHỊ ĐỊNH\n"
    "Quy định về quản lý kho bãi\n\n"
    "Điều 2. Hiệu lực thi hành\n"
    "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 12 năm 2022.\n"
    "2. Nghị định này thay thế Nghị định số 12/2012/NĐ-CP ngày 01 tháng 3 "
    "năm 2012 của Chính phủ.\n";

/* An ingested text is the record of itself and sets the standing of what
 * it ends, with the date; removing it takes both away. */
START_TEST(test_query_registry__ingested_texts_make_records)
{
    cancu_document_t *doc = open_text("decree.txt", decree);
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    cancu_add_result_t result;
    char *removed = NULL;

    ck_assert_int_eq(cancu_archive_add(archive, doc, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    e = lookup_one(&list, "77/2022/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_provenance(e), "mined");
    ck_assert_str_eq(cancu_registry_entry_type(e), "Nghị định");
    ck_assert_str_eq(cancu_registry_entry_signed(e), "2022-09-30");
    ck_assert_str_eq(cancu_registry_entry_in_force(e), "2022-12-01");
    ck_assert_str_eq(cancu_registry_entry_title(e),
                     "Quy định về quản lý kho bãi");
    ck_assert_ptr_nonnull(strstr(cancu_registry_entry_text(e), "decree.txt"));
    check_as_of(e, "2023-01-01", CANCU_LEGAL_IN_FORCE);
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "12/2012/NĐ-CP");
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 1);
    ck_assert_str_eq(cancu_registry_entry_relation_source(e, 0),
                     "77/2022/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_relation_date(e, 0), "2022-12-01");
    ck_assert_uint_eq(cancu_registry_entry_relation_line(e, 0), 12);
    check_as_of(e, "2022-11-30", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2022-12-01", CANCU_LEGAL_REPLACED);
    cancu_registry_entry_list_destroy(list);
    /* What a document acts on, found without reading the registry: the
     * text's own, and the shipped record's. */
    ck_assert_int_eq(
        cancu_registry_acted_on_by(&list, archive, "77/2022/NĐ-CP"),
        CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 1);
    ck_assert_str_eq(
        cancu_registry_entry_id(cancu_registry_entry_list_get(list, 0)),
        "12/2012/NĐ-CP");
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(
        cancu_registry_acted_on_by(&list, archive, "60/2021/NĐ-CP"),
        CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_registry_entry_list_count(list), 1);
    ck_assert_str_eq(
        cancu_registry_entry_id(cancu_registry_entry_list_get(list, 0)),
        "16/2015/NĐ-CP");
    cancu_registry_entry_list_destroy(list);

    ck_assert_int_eq(
        cancu_archive_remove(archive, cancu_document_id(doc), &removed),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "77/2022/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "12/2012/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    free(removed);
    cancu_document_destroy(doc);
}
END_TEST

/* Two texts stating one relation: removing one keeps it. A verified
 * record keeps its fields, with the relation beside them. */
START_TEST(test_query_registry__a_relation_stays_while_a_text_says_it)
{
    static const char plan[] =
        "UBND TỈNH GIA LAI\nSỞ CÔNG THƯƠNG\nSố: 5/KH-SCT\n"
        "Gia Lai, ngày 10 tháng 3 năm 2023\n\nKẾ HOẠCH\nKho bãi năm 2023\n\n"
        "Căn cứ Nghị định số 77/2022/NĐ-CP ngày 30/9/2022 của Chính phủ "
        "thay thế Nghị định số 12/2012/NĐ-CP;\n"
        "Căn cứ Nghị định số 60/2021/NĐ-CP thay thế Nghị định số "
        "16/2015/NĐ-CP;\n";
    cancu_document_t *a = open_text("decree.txt", decree);
    cancu_document_t *b = open_text("plan.txt", plan);
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;
    cancu_add_result_t result;
    char *removed = NULL;

    ck_assert_int_eq(cancu_archive_add(archive, a, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(archive, b, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    e = lookup_one(&list, "16/2015/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_provenance(e), "shipped");
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 1);
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(
        cancu_archive_remove(archive, cancu_document_id(a), &removed),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    free(removed);
    e = lookup_one(&list, "12/2012/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_REPLACED);
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 1);
    ck_assert_ptr_nonnull(
        strstr(cancu_registry_entry_relation_mined_from(e, 0), "plan.txt"));
    cancu_registry_entry_list_destroy(list);
    ck_assert_int_eq(
        cancu_archive_remove(archive, cancu_document_id(b), &removed),
        CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    free(removed);
    ck_assert_int_eq(cancu_registry_lookup(&list, archive, "12/2012/NĐ-CP"),
                     CANCU_STATUS_NOT_FOUND);
    e = lookup_one(&list, "16/2015/NĐ-CP");
    ck_assert_uint_eq(cancu_registry_entry_relation_count(e), 0);
    cancu_registry_entry_list_destroy(list);
    cancu_document_destroy(a);
    cancu_document_destroy(b);
}
END_TEST

static cancu_registry_report_t *import_dataset(const char *documents,
                                               const char *relationships)
{
    char *d = test_corpus_path(documents), *r = test_corpus_path(relationships);
    cancu_registry_report_t *report = NULL;

    ck_assert_msg(cancu_registry_import_vbpl(&report, archive, d, r,
                                             "test dataset 2026-12") ==
                      CANCU_STATUS_SUCCESS,
                  "import: %s", cancu_error_last());
    free(d);
    free(r);
    return report;
}

/* The national database's tables: each document a record, each
 * relationship the standing of the one acted on, in the direction the
 * texts of corpora/real state (corpora/vbpl/README.md). */
START_TEST(test_query_registry__vbpl_dataset_imports)
{
    cancu_registry_report_t *report = import_dataset(
        "vbpl/real-documents.csv", "vbpl/real-relationships.csv");
    cancu_registry_entry_list_t *list = NULL;
    const cancu_registry_entry_t *e;

    ck_assert_uint_eq(cancu_registry_report_added(report), 20);
    ck_assert_uint_eq(cancu_registry_report_rejected(report), 0);
    cancu_registry_report_destroy(report);
    e = lookup_one(&list, "01/2021/TT-BTC");
    ck_assert_str_eq(cancu_registry_entry_provenance(e), "imported");
    ck_assert_ptr_nonnull(
        strstr(cancu_registry_entry_origin(e), "test dataset 2026-12"));
    ck_assert_ptr_nonnull(strstr(cancu_registry_entry_source(e), "vbpl.vn"));
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_EXPIRED);
    ck_assert_str_eq(cancu_registry_entry_expired_on(e), "2026-01-05");
    check_as_of(e, "2026-01-04", CANCU_LEGAL_IN_FORCE);
    check_as_of(e, "2026-01-05", CANCU_LEGAL_EXPIRED);
    cancu_registry_entry_list_destroy(list);
    /* "117/2003 | 95/1998 | Văn bản bị thay thế": 117/2003 replaces. */
    e = lookup_one(&list, "95/1998/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_REPLACED);
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "117/2003/NĐ-CP");
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "123/2020/NĐ-CP");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_AMENDED);
    ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 1);
    ck_assert_str_eq(cancu_registry_entry_amended_by(e, 0), "70/2025/NĐ-CP");
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "07/2013/TTLT-BGDĐT-BNV-BTC");
    ck_assert_int_eq(cancu_registry_entry_status(e), CANCU_LEGAL_REPEALED);
    cancu_registry_entry_list_destroy(list);
    /* The same tables again change nothing, standings included. */
    report = import_dataset("vbpl/real-documents.csv",
                            "vbpl/real-relationships.csv");
    ck_assert_uint_eq(cancu_registry_report_added(report), 0);
    ck_assert_uint_eq(cancu_registry_report_updated(report), 0);
    ck_assert_uint_eq(cancu_registry_report_unchanged(report), 20);
    cancu_registry_report_destroy(report);
    e = lookup_one(&list, "95/1998/NĐ-CP");
    ck_assert_str_eq(cancu_registry_entry_replaced_by(e), "117/2003/NĐ-CP");
    cancu_registry_entry_list_destroy(list);
    e = lookup_one(&list, "123/2020/NĐ-CP");
    ck_assert_uint_eq(cancu_registry_entry_amended_count(e), 1);
    cancu_registry_entry_list_destroy(list);
}
END_TEST

/* Columns and labels it does not know are reported, never guessed. */
START_TEST(test_query_registry__vbpl_unknowns_are_reported)
{
    cancu_registry_report_t *report =
        import_dataset("vbpl/documents.csv", "vbpl/relationships.csv");
    bool column = false, label = false;

    for (size_t i = 0; i < cancu_registry_report_note_count(report); i++) {
        const char *note = cancu_registry_report_note(report, i);

        column = column || strstr(note, "column") != NULL;
        label = label || strstr(note, "not known, not guessed") != NULL;
    }
    ck_assert_msg(column && label, "notes: %zu",
                  cancu_registry_report_note_count(report));
    ck_assert_ptr_null(cancu_registry_report_note(
        report, cancu_registry_report_note_count(report)));
    cancu_registry_report_destroy(report);
}
END_TEST

/* Each relation from the day its clause says, else the text's own day
 * in force; a list's day from its lead. */
START_TEST(test_query_registry__relations_take_their_clause_date)
{
    static const char text[] =
        "CHÍNH PHỦ\nSố: 78/2022/NĐ-CP\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Hà Nội, ngày 30 tháng 9 năm 2022\n\nNGHỊ ĐỊNH\n"
        "Quy định về quản lý kho bãi\n\nĐiều 1. Phạm vi điều chỉnh\n"
        "Nghị định này quy định về quản lý kho bãi.\n\n"
        "Điều 2. Hiệu lực thi hành\n"
        "1. Nghị định này có hiệu lực thi hành từ ngày 01 tháng 12 năm "
        "2022.\n"
        "2. Nghị định số 12/2012/NĐ-CP ngày 01 tháng 3 năm 2012 của Chính "
        "phủ hết hiệu lực kể từ ngày 01 tháng 01 năm 2023.\n"
        "3. Các văn bản sau đây hết hiệu lực kể từ ngày 01/6/2023, sáu "
        "tháng sau ngày Nghị định này có hiệu lực thi hành:\n"
        "a) Nghị định số 13/2013/NĐ-CP ngày 01 tháng 3 năm 2013 của Chính "
        "phủ;\n"
        "b) Nghị định số 14/2014/NĐ-CP ngày 01 tháng 3 năm 2014 của Chính "
        "phủ.\n"
        "4. Nghị định này thay thế Nghị định số 15/2015/NĐ-CP.\n";
    static const struct {
        const char *id, *ended_on;
        cancu_legal_status_t status;
    } want[] = {
        {"12/2012/NĐ-CP", "2023-01-01", CANCU_LEGAL_EXPIRED},
        {"13/2013/NĐ-CP", "2023-06-01", CANCU_LEGAL_EXPIRED},
        {"14/2014/NĐ-CP", "2023-06-01", CANCU_LEGAL_EXPIRED},
        {"15/2015/NĐ-CP", "2022-12-01", CANCU_LEGAL_REPLACED},
    };
    cancu_document_t *doc = open_text("decree-78.txt", text);
    cancu_registry_entry_list_t *list = NULL;
    cancu_add_result_t result;

    ck_assert_int_eq(cancu_archive_add(archive, doc, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(archive), CANCU_STATUS_SUCCESS);
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const cancu_registry_entry_t *e = lookup_one(&list, want[i].id);

        ck_assert_int_eq(cancu_registry_entry_status(e), want[i].status);
        ck_assert_str_eq(want[i].status == CANCU_LEGAL_REPLACED
                             ? cancu_registry_entry_replaced_on(e)
                             : cancu_registry_entry_expired_on(e),
                         want[i].ended_on);
        cancu_registry_entry_list_destroy(list);
    }
    cancu_document_destroy(doc);
}
END_TEST

TCase *query_registry_tcase(void)
{
    TCase *tc = tcase_create("registry");

    tcase_add_checked_fixture(tc, registry_setup, registry_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_query_registry__shipped_file_imports_whole);
    tcase_add_test(tc, test_query_registry__replaced_decree_as_of_dates);
    tcase_add_test(tc, test_query_registry__amended_then_replaced);
    tcase_add_test(tc, test_query_registry__unverified_stays_unknown);
    tcase_add_test(tc, test_query_registry__party_numbers_find_every_candidate);
    tcase_add_test(tc, test_query_registry__bad_rows_rejected_with_their_line);
    tcase_add_test(tc, test_query_registry__all_bad_rows_write_nothing);
    tcase_add_test(tc, test_query_registry__file_level_errors);
    tcase_add_test(tc, test_query_registry__reimport_replaces_the_record);
    tcase_add_test(tc,
                   test_query_registry__cached_reader_sees_a_record_replaced);
    tcase_add_test(tc,
                   test_query_registry__cached_readers_each_see_their_revision);
    tcase_add_test(tc,
                   test_query_registry__mined_relations_keep_verified_facts);
    tcase_add_test(tc,
                   test_query_registry__mined_relations_land_with_the_commit);
    tcase_add_test(
        tc,
        test_query_registry__plans_stating_a_relation_stay_out_of_the_record);
    tcase_add_test(tc, test_query_registry__survives_reopening_the_archive);
    tcase_add_test(tc, test_query_registry__names_of_statuses_and_confidences);
    tcase_add_test(tc, test_query_registry__shipped_in_every_archive);
    tcase_add_test(tc, test_query_registry__ingested_texts_make_records);
    tcase_add_test(tc,
                   test_query_registry__a_relation_stays_while_a_text_says_it);
    tcase_add_test(tc, test_query_registry__relations_take_their_clause_date);
    tcase_add_test(tc, test_query_registry__vbpl_dataset_imports);
    tcase_add_test(tc, test_query_registry__vbpl_unknowns_are_reported);
    return tc;
}
