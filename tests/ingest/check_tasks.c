/* Suite "ingest", TCase "tasks": task tables from TXT and DOCX, their
 * variants, units, and plans whose tasks are bullets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "ingest/ingest-private.h"

TCase *ingest_tasks_tcase(void);

static json_t *tasks_of(const char *path_or_text, bool is_text)
{
    cancu_document_t *doc = NULL;
    char *json = NULL, *path = NULL;
    json_t *root;

    if (is_text) {
        ck_assert_msg(cancu_document_open_buffer(&doc, "t.txt", path_or_text,
                                                 strlen(path_or_text),
                                                 NULL) == CANCU_STATUS_SUCCESS,
                      "%s", cancu_error_last());
    } else {
        path = test_corpus_path(path_or_text);
        ck_assert_msg(cancu_document_open(&doc, path, NULL) ==
                          CANCU_STATUS_SUCCESS,
                      "%s", cancu_error_last());
    }
    ck_assert_int_eq(cancu_document_tasks_json(doc, &json),
                     CANCU_STATUS_SUCCESS);
    root = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(root);
    free(json);
    free(path);
    cancu_document_destroy(doc);
    return root;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

static json_t *task(json_t *root, size_t i)
{
    return json_array_get(json_object_get(root, "tasks"), i);
}

/* The elements of a JSON array of strings, joined by " | ". */
static char *joined(json_t *array)
{
    size_t cap = 4096, n = 0, i;
    char *out = malloc(cap);
    json_t *v;

    out[0] = '\0';
    json_array_foreach(array, i, v) n += (size_t)snprintf(
        out + n, cap - n, "%s%s", i ? " | " : "", json_string_value(v));
    return out;
}

#define ASSERT_JOINED(array, expected)                                         \
    do {                                                                       \
        char *got_ = joined(array);                                            \
        ck_assert_str_eq(got_, expected);                                      \
        free(got_);                                                            \
    } while (0)

static void check_sample(json_t *root)
{
    json_t *t1 = task(root, 0), *t6 = task(root, 5), *a;

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 24);
    for (size_t i = 0; i < 24; i++) {
        char no[8];

        snprintf(no, sizeof no, "%zu", i + 1);
        ck_assert_str_eq(str(task(root, i), "no"), no);
    }
    ck_assert_int_eq(json_integer_value(json_object_get(
                         json_object_get(root, "document"), "year")),
                     2022);
    ck_assert_str_eq(str(t1, "area"), "Cải cách thể chế");
    ck_assert_str_eq(str(task(root, 23), "area"), "Công tác chỉ đạo điều hành");
    ASSERT_JOINED(json_object_get(t1, "lead"), "Thanh tra | Tổ Pháp chế");
    ASSERT_JOINED(json_object_get(t1, "partners"),
                  "Các phòng chuyên môn, nghiệp vụ | các đơn vị trực thuộc "
                  "Sở");
    /* Task 6 cites through its row continued across a page break. */
    ASSERT_JOINED(json_object_get(t6, "references"),
                  "18-NQ/TW | 107/2020/NĐ-CP | 108/2020/NĐ-CP");
    ck_assert_ptr_nonnull(strstr(str(t6, "objective"), "chồng chéo chức"));
    /* Task 1's third activity: two deadlines in one cell. */
    a = json_array_get(json_object_get(t1, "activities"), 2);
    ck_assert_uint_eq(json_array_size(json_object_get(a, "deadlines")), 2);
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "kind"), "by");
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "end"),
        "2021-12-31");
    ck_assert(json_is_null(json_object_get(
        json_array_get(json_object_get(a, "deadlines"), 0), "start")));
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 1), "start"),
        "2022-10-01");
    /* Task 8: recurring over the plan's year. */
    a = json_array_get(json_object_get(task(root, 7), "activities"), 0);
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "kind"),
        "recurring");
    /* Task 12: its second task cell is a clause of its own. */
    ck_assert_ptr_nonnull(
        strstr(str(task(root, 11), "task"), "; Triển khai thực hiện"));
    ASSERT_JOINED(json_object_get(task(root, 11), "references"),
                  "60/2021/NĐ-CP");
}

START_TEST(test_ingest_tasks__sample_txt)
{
    json_t *root = tasks_of("default/gialai-sgddt-cchc-2022.txt", false);

    check_sample(root);
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__sample_docx)
{
    json_t *root = tasks_of("default/gialai-sgddt-cchc-2022.docx", false);

    check_sample(root);
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__header_variants_and_groups)
{
    /* Other words for the same columns, in another order. */
    const char text[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "TT\tNội dung công việc\tCơ quan chủ trì\tThời hạn\tCơ quan phối "
        "hợp\tSản phẩm\n"
        "A\tCông tác pháp chế\t\t\t\t\n"
        "I\tXây dựng thể chế\t\t\t\t\n"
        "1\tRà soát văn bản theo Nghị định 34/2016/NĐ-CP\tVăn phòng\t"
        "Quý II/2023\tSở Tư pháp\tBáo cáo\n"
        "2\tTập huấn\tPhòng Tổ chức\tTháng 6/2023\t\tTài liệu\n";
    json_t *root = tasks_of(text, true), *a;

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 2);
    ck_assert_str_eq(str(task(root, 0), "area"), "Xây dựng thể chế");
    ck_assert_str_eq(str(task(root, 0), "task"),
                     "Rà soát văn bản theo Nghị định 34/2016/NĐ-CP");
    ASSERT_JOINED(json_object_get(task(root, 0), "references"),
                  "34/2016/NĐ-CP");
    ASSERT_JOINED(json_object_get(task(root, 0), "partners"), "Sở Tư pháp");
    a = json_array_get(json_object_get(task(root, 1), "activities"), 0);
    ck_assert_str_eq(str(a, "output"), "Tài liệu");
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "end"),
        "2023-06-30");
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__plan_metadata_and_section_tree)
{
    /* The header as plans write it: the day left blank for signing. */
    const char text[] =
        "ỦY BAN NHÂN DÂN TỈNH KON TUM\n"
        "SỞ Y TẾ\n"
        "Số: 15/KH-SYT\n"
        "Kon Tum, ngày    tháng 3 năm 2023\n"
        "KẾ HOẠCH\n"
        "Phòng, chống dịch bệnh năm 2023\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Mục đích\n"
        "a) Chủ động phòng bệnh\n"
        "- Tuyên truyền theo Luật Phòng, chống bệnh truyền nhiễm\n"
        "II. NHIỆM VỤ\n"
        "Giám sát dịch tễ\n";
    const char columns[] =
        "Số: 07/KH-UBND        Pleiku, ngày 05 tháng 01 năm 2024\n"
        "KẾ HOẠCH\nCông tác năm 2024\n";
    cancu_document_t *doc = NULL;
    const cancu_block_t *bullet, *after;

    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "t.txt", text, strlen(text), NULL),
        CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_number(doc), "15/KH-SYT");
    ck_assert_str_eq(cancu_document_place(doc), "Kon Tum");
    ck_assert_str_eq(cancu_document_date(doc), "2023-03");
    ck_assert_str_eq(cancu_document_issuer(doc), "SỞ Y TẾ");
    ck_assert_str_eq(cancu_document_title(doc),
                     "Phòng, chống dịch bệnh năm 2023");
    ck_assert_int_eq(cancu_document_plan_year(doc), 2023);
    bullet = cancu_document_block(doc, 9);
    ck_assert_str_eq(cancu_block_label(bullet), "-");
    ck_assert_str_eq(cancu_block_section(bullet), "I.1.a");
    ck_assert_str_eq(cancu_block_heading(bullet), "a) Chủ động phòng bệnh");
    /* A heading is under itself; a new part resets the levels below. */
    ck_assert_str_eq(cancu_block_heading(cancu_document_block(doc, 7)),
                     "1. Mục đích");
    after = cancu_document_block(doc, 11);
    ck_assert_str_eq(cancu_block_section(after), "II");
    ck_assert_str_eq(cancu_block_heading(after), "II. NHIỆM VỤ");
    cancu_document_destroy(doc);

    /* Number and place in the two columns of one line. */
    doc = NULL;
    ck_assert_int_eq(cancu_document_open_buffer(&doc, "t.txt", columns,
                                                strlen(columns), NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_number(doc), "07/KH-UBND");
    ck_assert_str_eq(cancu_document_place(doc), "Pleiku");
    ck_assert_str_eq(cancu_document_date(doc), "2024-01-05");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_tasks__several_tables)
{
    /* Two appendices, each its own table with its own header words and
     * numbering; the second's group row does not leak into the first. */
    const char text[] =
        "KẾ HOẠCH\nCông tác năm 2023\nPhụ lục I\n"
        "TT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "I\tCải cách thể chế\t\t\n"
        "1\tRà soát theo Nghị định 34/2016/NĐ-CP\tVăn phòng\tQuý I/2023\n"
        "2\tKiểm tra văn bản\tThanh tra\tQuý II/2023\n"
        "\nPhụ lục II\n"
        "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
        "I\tHiện đại hóa hành chính\t\t\n"
        "1\tDuy trì ISO theo Quyết định 19/2014/QĐ-TTg\tVăn phòng\t"
        "Trong năm 2023\n";
    json_t *root = tasks_of(text, true);

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 3);
    ck_assert_str_eq(str(task(root, 1), "area"), "Cải cách thể chế");
    ck_assert_str_eq(str(task(root, 2), "no"), "1");
    ck_assert_str_eq(str(task(root, 2), "area"), "Hiện đại hóa hành chính");
    ASSERT_JOINED(json_object_get(task(root, 2), "references"),
                  "19/2014/QĐ-TTg");
    ASSERT_JOINED(json_object_get(task(root, 1), "lead"), "Thanh tra");
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__bullets_when_no_table)
{
    const char text[] =
        "KẾ HOẠCH\nChuyển đổi số năm 2024\n"
        "I. MỤC TIÊU\n- Nâng cao nhận thức.\n"
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n1. Hạ tầng số\n"
        "- Nâng cấp mạng nội bộ trong Quý I/2024 theo Nghị định số "
        "47/2020/NĐ-CP.\n"
        "- Triển khai chữ ký số.\n"
        "2. Dữ liệu số\n- Số hóa hồ sơ trước ngày 30/6/2024.\n"
        "III. TỔ CHỨC THỰC HIỆN\n- Văn phòng theo dõi.\n";
    json_t *root = tasks_of(text, true), *a;

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 3);
    ck_assert_str_eq(str(task(root, 0), "area"), "Hạ tầng số");
    ASSERT_JOINED(json_object_get(task(root, 0), "references"),
                  "47/2020/NĐ-CP");
    a = json_array_get(json_object_get(task(root, 0), "activities"), 0);
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "start"),
        "2024-01-01");
    ck_assert_str_eq(str(task(root, 2), "area"), "Dữ liệu số");
    json_decref(root);
}
END_TEST

static char *units(const char *cell)
{
    cancu_document_t *doc = cancu_document__new("u.txt", "txt");
    cancu_unit_t *u = NULL;
    size_t n = cancu_units__split(doc, cell, &u), len = 0;
    char *out = malloc(1024);

    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, 1024 - len, "%s%s=%s",
                                i ? " | " : "", u[i].name, u[i].key);
    cancu_document_destroy(doc);
    return out;
}

#define ASSERT_UNITS(cell, expected)                                           \
    do {                                                                       \
        char *got_ = units(cell);                                              \
        ck_assert_str_eq(got_, expected);                                      \
        free(got_);                                                            \
    } while (0)

START_TEST(test_ingest_tasks__units)
{
    ASSERT_UNITS("Thanh tra + Tổ Pháp chế",
                 "Thanh tra=thanh tra | Tổ Pháp chế=to phap che");
    ASSERT_UNITS("Các phòng chuyên môn, nghiệp vụ",
                 "Các phòng chuyên môn, nghiệp vụ=cac phong chuyen mon nghiep "
                 "vu");
    ASSERT_UNITS("Sở Thông tin và Truyền thông",
                 "Sở Thông tin và Truyền thông=so thong tin va truyen thong");
    ASSERT_UNITS("Văn phòng và Sở Nội vụ; Bưu điện tỉnh",
                 "Văn phòng=van phong | Sở Nội vụ=so noi vu | Bưu điện "
                 "tỉnh=buu dien tinh");
    ASSERT_UNITS("Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh=ubnd tinh");
    ASSERT_UNITS("", "");
    /* A cell of spaces, no-break ones too, names no unit. */
    ASSERT_UNITS("\xc2\xa0", "");
    ASSERT_UNITS(" \xc2\xa0 \t", "");
    ASSERT_UNITS("Sở Tư pháp;\xc2\xa0", "Sở Tư pháp=so tu phap");
}
END_TEST

/* Body paragraphs and shifted columns: only a phrase that says when a
 * task is due is its deadline. */
START_TEST(test_ingest_tasks__deadlines_are_due_phrases_only)
{
    const char bullets[] =
        "KẾ HOẠCH\nTuyên truyền năm 2026\n"
        "I. NHIỆM VỤ\n1. Tuyên truyền\n"
        "- Ôn lại truyền thống giai đoạn 1974 - 1975 cho đoàn viên.\n"
        "- Hoàn thành rà soát theo Kế hoạch số 12/KH-UBND ngày 15/3/2025 "
        "trong Quý I.\n"
        "- UBND các xã, phường, đặc khu trên địa bàn tỉnh.\n";
    const char table[] =
        "KẾ HOẠCH\nCông tác năm 2026\n"
        "TT\tNội dung\tCơ quan chủ trì\tThời gian thực hiện\tCơ quan phối "
        "hợp\n"
        "1\tTập huấn\tSở Nội vụ\tUBND các xã, phường, đặc khu trên địa bàn "
        "tỉnh.\t\xc2\xa0\n";
    json_t *root = tasks_of(bullets, true), *a;

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 3);
    a = json_array_get(json_object_get(task(root, 0), "activities"), 0);
    ck_assert_str_eq(str(a, "deadline"), "");
    ck_assert_uint_eq(json_array_size(json_object_get(a, "deadlines")), 0);
    a = json_array_get(json_object_get(task(root, 1), "activities"), 0);
    ck_assert_str_eq(str(a, "deadline"), "trong Quý I");
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "end"),
        "2026-03-31");
    a = json_array_get(json_object_get(task(root, 2), "activities"), 0);
    ck_assert_str_eq(str(a, "deadline"), "");
    json_decref(root);
    root = tasks_of(table, true);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 1);
    a = json_array_get(json_object_get(task(root, 0), "activities"), 0);
    ck_assert_str_eq(str(a, "deadline"), "");
    ck_assert_uint_eq(json_array_size(json_object_get(a, "partners")), 0);
    json_decref(root);
}
END_TEST

TCase *ingest_tasks_tcase(void)
{
    TCase *tc = tcase_create("tasks");

    tcase_add_test(tc, test_ingest_tasks__sample_txt);
    tcase_add_test(tc, test_ingest_tasks__sample_docx);
    tcase_add_test(tc, test_ingest_tasks__header_variants_and_groups);
    tcase_add_test(tc, test_ingest_tasks__bullets_when_no_table);
    tcase_add_test(tc, test_ingest_tasks__several_tables);
    tcase_add_test(tc, test_ingest_tasks__plan_metadata_and_section_tree);
    tcase_add_test(tc, test_ingest_tasks__units);
    tcase_add_test(tc, test_ingest_tasks__deadlines_are_due_phrases_only);
    return tc;
}
