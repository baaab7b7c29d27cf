/* Suite "query", TCase "tasks": the typed task lists of query/tasks.c,
 * read from a real archive in a temporary folder and from a file. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"

TCase *query_tasks_tcase(void);

static char *dir;
static cancu_archive_t *archive;
static cancu_document_t *real;

/* The 2026 plan of Lâm Đồng: a task table with monthly work. */
#define REAL_PLAN "real/vbai-Ke-hoach-CCHC-2026-cua-tinh-Lam-Dong.docx"

static void tasks_setup(void)
{
    cancu_archive_t *writer = NULL;
    char *path = test_corpus_path(REAL_PLAN);
    cancu_add_result_t result;

    dir = test_tempdir();
    ck_assert_int_eq(cancu_document_open(&real, path, NULL),
                     CANCU_STATUS_SUCCESS);
    free(path);
    ck_assert_int_eq(cancu_archive_open(&writer, dir, CANCU_ARCHIVE_WRITE),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_add(writer, real, &result),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_archive_commit(writer), CANCU_STATUS_SUCCESS);
    cancu_archive_close(writer);
    ck_assert_int_eq(cancu_archive_open(&archive, dir, CANCU_ARCHIVE_READ),
                     CANCU_STATUS_SUCCESS);
}

static void tasks_teardown(void)
{
    cancu_archive_close(archive);
    cancu_document_destroy(real);
    test_rmtree(dir);
    free(dir);
}

/* The task of 'list' told apart by table, part and row as 't' is. */
static const cancu_task_t *same_task(const cancu_task_list_t *list,
                                     const cancu_task_t *t)
{
    for (size_t i = 0; i < cancu_task_list_count(list); i++) {
        const cancu_task_t *u = cancu_task_list_get(list, i);

        if (cancu_task_table(u) == cancu_task_table(t) &&
            cancu_task_row(u) == cancu_task_row(t) &&
            strcmp(cancu_task_part(u), cancu_task_part(t)) == 0)
            return u;
    }
    return NULL;
}

START_TEST(test_query_tasks__archive_and_file_give_the_same_tasks)
{
    cancu_task_list_t *stored = NULL, *read = NULL;

    ck_assert_int_eq(cancu_archive_tasks(&stored, archive, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_tasks(&read, real, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_gt(cancu_task_list_count(read), 10);
    ck_assert_uint_eq(cancu_task_list_count(stored),
                      cancu_document_task_count(real));
    ck_assert_uint_eq(cancu_task_list_count(read),
                      cancu_task_list_count(stored));
    ck_assert_uint_eq(cancu_task_list_total(read), cancu_task_list_count(read));
    ck_assert_ptr_null(cancu_task_list_get(read, cancu_task_list_count(read)));
    for (size_t i = 0; i < cancu_task_list_count(read); i++) {
        const cancu_task_t *t = cancu_task_list_get(read, i);
        const cancu_task_t *u = same_task(stored, t);

        ck_assert_ptr_nonnull(u);
        ck_assert(!cancu_task_is_archived(t));
        ck_assert(cancu_task_is_archived(u));
        ck_assert_str_eq(cancu_task_search_text(t), "");
        ck_assert_str_ne(cancu_task_search_text(u), "");
        ck_assert_str_eq(cancu_task_no(u), cancu_task_no(t));
        ck_assert_str_eq(cancu_task_text(u), cancu_task_text(t));
        ck_assert_str_eq(cancu_task_area(u), cancu_task_area(t));
        ck_assert_str_eq(cancu_task_section(u), cancu_task_section(t));
        ck_assert_uint_eq(cancu_task_line(u), cancu_task_line(t));
        ck_assert_str_eq(cancu_task_plan(t), cancu_document_id(real));
        ck_assert_str_eq(cancu_task_plan(u), cancu_document_id(real));
        ck_assert_str_eq(cancu_task_plan_path(u), cancu_document_path(real));
        ck_assert_str_eq(cancu_task_plan_date(t), cancu_document_date(real));
        ck_assert_uint_eq(cancu_task_activity_count(u),
                          cancu_task_activity_count(t));
        ck_assert_uint_eq(cancu_task_lead_count(u), cancu_task_lead_count(t));
        ck_assert_ptr_null(cancu_task_lead(t, cancu_task_lead_count(t)));
        ck_assert_ptr_null(
            cancu_task_activity(t, cancu_task_activity_count(t)));
        ck_assert_uint_eq(cancu_task_reference_count(u),
                          cancu_task_reference_count(t));
        for (size_t k = 0; k < cancu_task_reference_count(t); k++) {
            ck_assert_str_eq(cancu_task_reference_id(u, k),
                             cancu_task_reference_id(t, k));
            ck_assert_str_eq(cancu_task_reference_key(u, k),
                             cancu_task_reference_key(t, k));
        }
        ck_assert_ptr_null(
            cancu_task_reference_id(t, cancu_task_reference_count(t)));
    }
    cancu_task_list_destroy(stored);
    cancu_task_list_destroy(read);
}
END_TEST

/* The monthly reports: "Trước ngày 05 của tháng liền kề" is due on the
 * 5th of each next month, twelve times over the plan's year. */
START_TEST(test_query_tasks__recurring_deadline_lists_its_occurrences)
{
    cancu_task_list_t *list = NULL;
    const cancu_deadline_t *monthly = NULL;
    const cancu_activity_t *owner = NULL;

    ck_assert_int_eq(cancu_archive_tasks(&list, archive, NULL),
                     CANCU_STATUS_SUCCESS);
    for (size_t i = 0; !monthly && i < cancu_task_list_count(list); i++) {
        const cancu_task_t *t = cancu_task_list_get(list, i);

        for (size_t k = 0; !monthly && k < cancu_task_activity_count(t); k++) {
            const cancu_activity_t *a = cancu_task_activity(t, k);

            for (size_t d = 0; d < cancu_activity_deadline_count(a); d++) {
                const cancu_deadline_t *dl = cancu_activity_deadline(a, d);

                if (strcmp(cancu_deadline_text(dl),
                           "Trước ngày 05 của tháng liền kề") == 0) {
                    monthly = dl;
                    owner = a;
                    break;
                }
            }
        }
    }
    ck_assert_ptr_nonnull(monthly);
    ck_assert_ptr_nonnull(
        strstr(cancu_activity_deadline_text(owner), "Trước ngày 05"));
    ck_assert_ptr_null(
        cancu_activity_deadline(owner, cancu_activity_deadline_count(owner)));
    ck_assert_str_eq(cancu_deadline_recurrence(monthly), "monthly");
    ck_assert_str_eq(cancu_deadline_rule(monthly), "monthly:day=5,next-month");
    ck_assert_uint_eq(cancu_deadline_occurrence_count(monthly), 12);
    ck_assert_str_eq(cancu_deadline_occurrence_end(monthly, 0), "2026-02-05");
    ck_assert_str_eq(cancu_deadline_occurrence_end(monthly, 11), "2027-01-05");
    ck_assert_ptr_null(cancu_deadline_occurrence_end(monthly, 12));
    ck_assert_ptr_null(cancu_deadline_occurrence_start(monthly, 12));
    cancu_task_list_destroy(list);
}
END_TEST

/* A page: the total counts all that pass, offset and limit echo the
 * query, and the page's tasks are the list's from the offset on; a
 * list outlives the document it was read from. */
START_TEST(test_query_tasks__page_and_lifetime)
{
    cancu_task_query_t q = CANCU_TASK_QUERY_INIT;
    cancu_task_list_t *all = NULL, *page = NULL, *file = NULL;
    cancu_document_t *doc = NULL;
    char *path = test_corpus_path(REAL_PLAN);

    ck_assert_int_eq(cancu_archive_tasks(&all, archive, &q),
                     CANCU_STATUS_SUCCESS);
    q.offset = 2;
    q.limit = 3;
    ck_assert_int_eq(cancu_archive_tasks(&page, archive, &q),
                     CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_task_list_count(page), 3);
    ck_assert_uint_eq(cancu_task_list_total(page), cancu_task_list_count(all));
    ck_assert_uint_eq(cancu_task_list_offset(page), 2);
    ck_assert_uint_eq(cancu_task_list_limit(page), 3);
    for (size_t i = 0; i < 3; i++)
        ck_assert_str_eq(cancu_task_text(cancu_task_list_get(page, i)),
                         cancu_task_text(cancu_task_list_get(all, i + 2)));
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_tasks(&file, doc, &q),
                     CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
    ck_assert_uint_eq(cancu_task_list_count(file), 3);
    ck_assert_str_eq(cancu_task_text(cancu_task_list_get(file, 0)),
                     cancu_task_text(cancu_task_list_get(page, 0)));
    cancu_task_list_destroy(page);
    page = NULL;
    q.due_within = "2026-13";
    ck_assert_int_eq(cancu_archive_tasks(&page, archive, &q),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_null(page);
    cancu_task_list_destroy(NULL);
    cancu_task_list_destroy(file);
    cancu_task_list_destroy(all);
    free(path);
}
END_TEST

TCase *query_tasks_tcase(void)
{
    TCase *tc = tcase_create("tasks");

    tcase_add_checked_fixture(tc, tasks_setup, tasks_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_query_tasks__archive_and_file_give_the_same_tasks);
    tcase_add_test(tc,
                   test_query_tasks__recurring_deadline_lists_its_occurrences);
    tcase_add_test(tc, test_query_tasks__page_and_lifetime);
    return tc;
}
