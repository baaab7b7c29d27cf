/* Suite "ingest", TCase "tasks": task tables from TXT and DOCX, their
 * variants, units, and plans whose tasks are bullets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zip.h>

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
    ck_assert_int_eq(test_tasks_json(doc, &json), CANCU_STATUS_SUCCESS);
    root = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(root);
    free(json);
    free(path);
    cancu_document_destroy(doc);
    return root;
}

/* A DOCX of 'body' (the children of w:body), zipped in memory. */
static json_t *docx_tasks_of(const char *body)
{
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
        "wordprocessingml/2006/main\"><w:body>";
    static const char tail[] = "</w:body></w:document>";
    char *dir = test_tempdir(), path[512], *xml, *data, *json = NULL;
    size_t n = strlen(head) + strlen(body) + strlen(tail) + 1, len;
    cancu_document_t *doc = NULL;
    zip_source_t *src;
    json_t *root;
    zip_t *zip;
    int err;

    xml = malloc(n);
    snprintf(xml, n, "%s%s%s", head, body, tail);
    snprintf(path, sizeof path, "%s/t.docx", dir);
    zip = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    ck_assert_ptr_nonnull(zip);
    src = zip_source_buffer(zip, xml, strlen(xml), 0);
    ck_assert_ptr_nonnull(src);
    ck_assert_int_ge(zip_file_add(zip, "word/document.xml", src, 0), 0);
    ck_assert_int_eq(zip_close(zip), 0);
    data = test_read_file(path, &len);
    ck_assert_msg(cancu_document_open_buffer(&doc, "t.docx", data, len, NULL) ==
                      CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    ck_assert_int_eq(test_tasks_json(doc, &json), CANCU_STATUS_SUCCESS);
    root = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(root);
    free(json);
    cancu_document_destroy(doc);
    free(data);
    free(xml);
    test_rmtree(dir);
    free(dir);
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

static size_t ntasks(json_t *root)
{
    return json_array_size(json_object_get(root, "tasks"));
}

static json_int_t int_of(json_t *o, const char *key)
{
    return json_integer_value(json_object_get(o, key));
}

/* The task's identity in its plan: "table.part.row". */
static char *identity(json_t *t)
{
    char *out = malloc(64);

    snprintf(out, 64, "%lld.%s.%lld", (long long)int_of(t, "table"),
             str(t, "part"), (long long)int_of(t, "row"));
    return out;
}

#define ASSERT_IDENTITY(t, expected)                                           \
    do {                                                                       \
        char *got_ = identity(t);                                              \
        ck_assert_str_eq(got_, expected);                                      \
        free(got_);                                                            \
    } while (0)

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

/* The same plan saved as Word 97-2003 (corpora/doc/, by LibreOffice). */
START_TEST(test_ingest_tasks__sample_doc)
{
    json_t *root = tasks_of("doc/gialai-sgddt-cchc-2022.doc", false);

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

START_TEST(test_ingest_tasks__flattened_markdown_table)
{
    /* The Markdown that legal-text web sites export: one cell a line
     * (its text wrapped over several), '|' lines between cells, two
     * between rows; a row merged down from the one above leaves out its
     * first cell; the table's next part, after blank lines, repeats a
     * header without the STT; the page leaves rows out with dots; the
     * table ends where a row would be wider than its header. */
    const char text[] =
        "**KẾ HOẠCH**\nChuyển đổi số năm 2025\n\n"
        "|\n**STT**\n|\n**Nhiệm vụ**\n|\n**Cơ quan chủ trì**\n|\n"
        "**Cơ quan phối hợp**\n|\n**Thời gian hoàn\nthành**\n|\n"
        "|\n**I.\nNÂNG CAO NHẬN THỨC**\n|\n"
        "|\n1\n|\nTriển khai nền tảng\nđào tạo trực tuyến\n|\nSở KH&CN\n|\n"
        "Các sở, ban, ngành\n|\nQuý IV/2025\n|\n"
        "|\nTổ chức tập huấn\n|\nSở Nội vụ\n|\n"
        "|\n2\n|\nRà soát quy định\n|\nSở Tư pháp\n|\n** **\n|\n2026\n|\n"
        "\n\n"
        "|\n**II**\n|\n**HỢP TÁC**\n|\n"
        "|\n**Nội dung**\n|\n**Cơ quan chủ trì**\n|\n**Cơ quan phối hợp**\n|\n"
        "**Thời gian hoàn thành**\n|\n"
        "|\n3\n|\nTổ chức hội thảo theo Nghị định số 80/2021/NĐ-CP\n|\n"
        "Sở Công Thương\n|\nSở Tài chính\n|\n2025 - 2030\n|\n"
        "|\n4\n|\nXúc tiến đầu tư\n|\nSở Tài chính\n|\nUBND các xã\n|\n"
        "Hằng năm\n|\n….....\n|\n"
        "6\n|\nĐánh giá kết quả\n|\nSở KH&CN\n|\nCác sở\n|\nTháng 12/2025\n|\n"
        "Nội dung ngoài bảng\n|\nChú thích\n|\n\nĐoạn văn sau bảng.\n";
    json_t *root = tasks_of(text, true),
           *tasks = json_object_get(root, "tasks");
    json_t *acts, *d;

    ck_assert_uint_eq(json_array_size(tasks), 5);
    ck_assert_str_eq(str(task(root, 0), "no"), "1");
    ck_assert_str_eq(
        str(task(root, 0), "task"),
        "Triển khai nền tảng đào tạo trực tuyến; Tổ chức tập huấn");
    ck_assert_str_eq(str(task(root, 0), "area"), "NÂNG CAO NHẬN THỨC");
    acts = json_object_get(task(root, 0), "activities");
    ck_assert_uint_eq(json_array_size(acts), 2);
    ASSERT_JOINED(json_object_get(json_array_get(acts, 1), "lead"),
                  "Sở Nội vụ");
    ck_assert_str_eq(str(task(root, 1), "no"), "2");
    ASSERT_JOINED(json_object_get(task(root, 1), "partners"), "");
    d = json_array_get(
        json_object_get(
            json_array_get(json_object_get(task(root, 1), "activities"), 0),
            "deadlines"),
        0);
    ck_assert_str_eq(str(d, "start"), "2026-01-01");
    ck_assert_str_eq(str(task(root, 2), "no"), "3");
    ck_assert_str_eq(str(task(root, 2), "area"), "HỢP TÁC");
    ASSERT_JOINED(json_object_get(task(root, 2), "references"),
                  "80/2021/NĐ-CP");
    ck_assert_str_eq(str(task(root, 3), "no"), "4");
    ck_assert_str_eq(str(task(root, 4), "no"), "6");
    ck_assert_str_eq(str(task(root, 4), "task"), "Đánh giá kết quả");
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__flattened_table_needs_a_header)
{
    /* A letterhead flattened the same way is no task table: its lines
     * stay paragraphs, and the plan has no task. */
    const char text[] = "|\n**ỦY BAN NHÂN\nDÂN**\nTỈNH ĐỒNG THÁP\n|\n"
                        "**CỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM**\n|\n|\n"
                        "Số: 617/KH-UBND\n|\n*Đồng Tháp,\nngày 01 tháng 12 "
                        "năm 2025*\n|\n\n**KẾ HOẠCH**\nChuyển đổi số\n";
    json_t *root = tasks_of(text, true);

    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 0);
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__flattened_bars_cost_bounded)
{
    /* 45000 cells that never end a row: each bar tries a header
     * of at most 32 cells, so the text is read in linear time (without
     * the bound, in quadratic: far past this test's timeout). */
    size_t repeats = 45000, len = repeats * 4;
    char *text = malloc(len + 1);
    json_t *root;

    ck_assert_ptr_nonnull(text);
    for (size_t i = 0; i < repeats; i++)
        memcpy(text + 4 * i, "|\nx\n", 4);
    text[len] = '\0';
    root = tasks_of(text, true);
    ck_assert_uint_eq(json_array_size(json_object_get(root, "tasks")), 0);
    json_decref(root);
    free(text);
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

START_TEST(test_ingest_tasks__identity_by_table_and_row)
{
    /* Two appendices numbered from 1 each, and bullets numbered from 1 in
     * each part: told apart by table (or part) and row, not by number. */
    const char tables[] =
        "KẾ HOẠCH\nCông tác năm 2023\nPhụ lục I\n"
        "TT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "I\tCải cách thể chế\t\t\n"
        "1\tRà soát theo Nghị định 34/2016/NĐ-CP\tVăn phòng\tQuý I/2023\n"
        "2\tKiểm tra văn bản\tThanh tra\tQuý II/2023\n"
        "\nPhụ lục II\n"
        "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
        "1\tDuy trì ISO\tVăn phòng\tTrong năm 2023\n";
    const char bullets[] = "KẾ HOẠCH\nChuyển đổi số năm 2024\n"
                           "II. NHIỆM VỤ\n1. Hạ tầng số\n"
                           "- Nâng cấp mạng nội bộ.\n- Triển khai chữ ký số.\n"
                           "III. NỘI DUNG, GIẢI PHÁP\n"
                           "- Số hóa hồ sơ trước ngày 30/6/2024.\n";
    json_t *root = tasks_of(tables, true);

    ck_assert_uint_eq(ntasks(root), 3);
    ASSERT_IDENTITY(task(root, 0), "1..3");
    ASSERT_IDENTITY(task(root, 1), "1..4");
    ASSERT_IDENTITY(task(root, 2), "2..2");
    ck_assert_str_eq(str(task(root, 2), "no"), "1");
    json_decref(root);

    root = tasks_of(bullets, true);
    ck_assert_uint_eq(ntasks(root), 3);
    ASSERT_IDENTITY(task(root, 0), "0.II.1");
    ASSERT_IDENTITY(task(root, 1), "0.II.2");
    ASSERT_IDENTITY(task(root, 2), "0.III.1");
    ck_assert_str_eq(str(task(root, 2), "no"), "1");
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__tables_of_the_same_columns)
{
    /* The same header again after "Phụ lục II": another table, whose
     * first rows are not the rest of the first table's last task and
     * whose tasks are under no area of the first. */
    const char appendix[] =
        "KẾ HOẠCH\nCông tác năm 2023\nPhụ lục I\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "I\tCải cách thể chế\t\t\n"
        "1\tRà soát văn bản\tVăn phòng\tQuý I/2023\n"
        "\nPhụ lục II\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "\tcủa các phòng chuyên môn\tThanh tra\tQuý II/2023\n"
        "1\tKiểm tra công vụ\tThanh tra\tQuý III/2023\n";
    /* Other header words for the same columns, after a blank line. */
    const char other_header[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "1\tRà soát văn bản\tVăn phòng\tQuý I/2023\n"
        "\n"
        "TT\tNội dung\tCơ quan chủ trì\tThời hạn\n"
        "\tcủa các phòng chuyên môn\tThanh tra\tQuý II/2023\n"
        "1\tKiểm tra công vụ\tThanh tra\tQuý III/2023\n";
    /* The same header after a page break (and its page number): the
     * same table going on, its first row the rest of the row above. */
    const char page_break[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "I\tCải cách thể chế\t\t\n"
        "1\tRà soát văn bản\tVăn phòng\tQuý I/2023\n"
        "\n- 2 -\n\n"
        "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "\tquy phạm pháp luật\t\t\n"
        "2\tKiểm tra công vụ\tThanh tra\tQuý III/2023\n";
    const char *both[] = {appendix, other_header};
    json_t *root;

    for (size_t i = 0; i < 2; i++) {
        root = tasks_of(both[i], true);
        ck_assert_uint_eq(ntasks(root), 2);
        ck_assert_str_eq(str(task(root, 0), "task"), "Rà soát văn bản");
        ASSERT_JOINED(json_object_get(task(root, 0), "lead"), "Văn phòng");
        ck_assert_str_eq(str(task(root, 1), "area"), "");
        ASSERT_IDENTITY(task(root, 1), "2..3");
        json_decref(root);
    }
    root = tasks_of(page_break, true);
    ck_assert_uint_eq(ntasks(root), 2);
    ck_assert_str_eq(str(task(root, 0), "task"),
                     "Rà soát văn bản quy phạm pháp luật");
    ck_assert_str_eq(str(task(root, 1), "area"), "Cải cách thể chế");
    ASSERT_IDENTITY(task(root, 1), "1..6");
    json_decref(root);
}
END_TEST

#define TC(text) "<w:tc><w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"
#define HEADER_ROW                                                             \
    "<w:tr>" TC("STT") TC("Nhiệm vụ") TC("Đơn vị chủ trì")                     \
        TC("Thời gian thực hiện") "</w:tr>"
#define FIRST_TABLE                                                            \
    "<w:tbl>" HEADER_ROW "<w:tr>" TC("1") TC("Rà soát văn bản")                \
        TC("Văn phòng") TC("Quý I/2023") "</w:tr></w:tbl>"
#define SECOND_TABLE                                                           \
    "<w:tbl>" HEADER_ROW "<w:tr>" TC("") TC("quy phạm pháp luật") TC("")       \
        TC("") "</w:tr><w:tr>" TC("2") TC("Kiểm tra công vụ") TC("Thanh tra")  \
            TC("Quý III/2023") "</w:tr></w:tbl>"

START_TEST(test_ingest_tasks__docx_blank_paragraph_or_page_break)
{
    /* Two Word tables of one header: a blank paragraph between them makes
     * them two, a paragraph that only breaks the page one. */
    json_t *root = docx_tasks_of(FIRST_TABLE "<w:p/>" SECOND_TABLE);

    ck_assert_uint_eq(ntasks(root), 2);
    ck_assert_str_eq(str(task(root, 0), "task"), "Rà soát văn bản");
    ASSERT_IDENTITY(task(root, 1), "2..3");
    json_decref(root);

    root = docx_tasks_of(
        FIRST_TABLE
        "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" SECOND_TABLE);
    ck_assert_uint_eq(ntasks(root), 2);
    ck_assert_str_eq(str(task(root, 0), "task"),
                     "Rà soát văn bản quy phạm pháp luật");
    ASSERT_IDENTITY(task(root, 1), "1..5");
    json_decref(root);
}
END_TEST

START_TEST(test_ingest_tasks__header_words)
{
    /* Every header text of the word table: the sample's, corpora/real's
     * (vbai-*.docx, tnt-*.txt) and other plans'. */
    static const char *const variants[][2] = {
        {"STT", "no"},
        {"TT", "no"},
        {"Số TT", "no"},
        {"Số thứ tự", "no"},
        {"Mục tiêu", "objective"},
        {"Nhiệm vụ", "task"},
        {"Nội dung", "task"},
        {"Nội dung nhiệm vụ", "task"},
        {"Nhiệm vụ, giải pháp", "task"},
        {"Nội dung công việc", "task"},
        {"Đơn vị được kiểm tra", "task"},
        {"Đối tượng kiểm tra", "task"},
        {"Thời gian kiểm tra", "deadline"},
        {"Nhiệm vụ thực hiện", "task"},
        {"Hoạt động", "activity"},
        {"Sản phẩm", "output"},
        {"Kết quả", "output"},
        {"Kết quả/ Sản phẩm", "output"},
        {"Sản phẩm đầu ra", "output"},
        {"Đơn vị chủ trì", "lead"},
        {"Cơ quan chủ trì", "lead"},
        {"Chủ trì thực hiện", "lead"},
        {"Đơn vị thực hiện", "lead"},
        {"Cơ quan thực hiện", "lead"},
        {"Trách nhiệm thực hiện", "lead"},
        {"Don vi thuc hien", "lead"},
        {"Đơn vị chủ trì, phối hợp", "lead+partners"},
        {"Cơ quan chủ trì/phối hợp", "lead+partners"},
        {"Đơn vị phối hợp", "partners"},
        {"Đơn vị phối hợp/thực hiện", "partners"},
        {"Phối hợp thực hiện", "partners"},
        {"Cơ quan phối hợp", "partners"},
        {"Thời hạn", "deadline"},
        {"THỜI HẠN", "deadline"},
        {"Thời gian", "deadline"},
        {"Thời gian thực hiện", "deadline"},
        {"Thời gian hoàn thành", "deadline"},
        {"Thời gian (Năm 2026)", "deadline"},
        {"Tiến độ", "deadline"},
        {"Mốc thời gian", "deadline"},
        {"Kinh phí", "budget"},
        {"Dự toán", "budget"},
        {"Nguồn vốn", "budget"},
        {"Ghi chú", "ignored"},
        {"Theo dõi, kiểm tra, đôn đốc", "ignored"},
        {"Người thực hiện", ""},
        {"Đơn vị tính", ""},
        {"Chỉ tiêu thống kê", ""},
        {"Thành tích", ""},
    };

    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++)
        ck_assert_msg(strcmp(cancu_tasks__header_column(variants[i][0]),
                             variants[i][1]) == 0,
                      "'%s' is '%s', not '%s'", variants[i][0],
                      cancu_tasks__header_column(variants[i][0]),
                      variants[i][1]);
}
END_TEST

START_TEST(test_ingest_tasks__lead_and_partners_columns)
{
    /* "Đơn vị chủ trì, phối hợp": the lead, then the partners where the
     * cell marks them; unmarked, all lead. "Ghi chú" is read for
     * nothing. */
    const char joint[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "TT\tNội dung nhiệm vụ\tĐơn vị chủ trì, phối hợp\tThời hạn\tGhi "
        "chú\n"
        "1\tRà soát thủ tục\tSở Nội vụ chủ trì, phối hợp với Sở Tài "
        "chính\tQuý I/2023\tđã có\n"
        "2\tTập huấn\tChủ trì: Văn phòng; Phối hợp: Thanh tra tỉnh\tQuý "
        "II/2023\t\n"
        "3\tKiểm tra\tSở Y tế (chủ trì); Sở Tài chính (phối hợp)\tQuý "
        "III/2023\t\n"
        "4\tBáo cáo\tSở Tư pháp, Văn phòng\tQuý IV/2023\t\n";
    /* "Đơn vị thực hiện" and "Trách nhiệm thực hiện" are the lead. */
    const char doing[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "STT\tNhiệm vụ, giải pháp\tĐơn vị thực hiện\tĐơn vị phối "
        "hợp\tThời gian hoàn thành\tSản phẩm đầu ra\n"
        "1\tSố hóa hồ sơ\tSở Nội vụ\tSở Tài chính\tQuý I/2023\tBáo cáo\n";
    const char responsible[] =
        "KẾ HOẠCH\nCông tác năm 2026\n"
        "TT\tNội dung\tTrách nhiệm thực hiện\tThời gian (Năm 2026)\n"
        "1\tĐối thoại về cải cách hành chính\tLãnh đạo Sở Công "
        "Thương\tTháng 3/2026\n";
    json_t *root = tasks_of(joint, true), *a;
    char *dumped;

    ck_assert_uint_eq(ntasks(root), 4);
    ASSERT_JOINED(json_object_get(task(root, 0), "lead"), "Sở Nội vụ");
    ASSERT_JOINED(json_object_get(task(root, 0), "partners"), "Sở Tài chính");
    ASSERT_JOINED(json_object_get(task(root, 1), "lead"), "Văn phòng");
    ASSERT_JOINED(json_object_get(task(root, 1), "partners"), "Thanh tra tỉnh");
    ASSERT_JOINED(json_object_get(task(root, 2), "lead"), "Sở Y tế");
    ASSERT_JOINED(json_object_get(task(root, 2), "partners"), "Sở Tài chính");
    ASSERT_JOINED(json_object_get(task(root, 3), "lead"),
                  "Sở Tư pháp | Văn phòng");
    ASSERT_JOINED(json_object_get(task(root, 3), "partners"), "");
    a = json_array_get(json_object_get(task(root, 0), "activities"), 0);
    ck_assert_str_eq(str(a, "deadline"), "Quý I/2023");
    dumped = json_dumps(a, 0);
    ck_assert_ptr_null(strstr(dumped, "đã có"));
    free(dumped);
    json_decref(root);

    root = tasks_of(doing, true);
    ck_assert_uint_eq(ntasks(root), 1);
    ASSERT_JOINED(json_object_get(task(root, 0), "lead"), "Sở Nội vụ");
    ASSERT_JOINED(json_object_get(task(root, 0), "partners"), "Sở Tài chính");
    a = json_array_get(json_object_get(task(root, 0), "activities"), 0);
    ck_assert_str_eq(str(a, "output"), "Báo cáo");
    ck_assert_str_eq(
        str(json_array_get(json_object_get(a, "deadlines"), 0), "end"),
        "2023-03-31");
    json_decref(root);

    root = tasks_of(responsible, true);
    ck_assert_uint_eq(ntasks(root), 1);
    ASSERT_JOINED(json_object_get(task(root, 0), "lead"),
                  "Lãnh đạo Sở Công Thương");
    json_decref(root);
}
END_TEST

/* Every letter of Vietnamese (and f j w z), with every tone, NFC. */
static const char vietnamese_lower[] =
    "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwzàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồ"
    "ốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ";
static const char vietnamese_upper[] =
    "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYFJWZÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒ"
    "ỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ";

/* Each letter of 'letters', followed by "ng", opens lower case or not. */
static void check_letters(const char *letters, bool lower)
{
    size_t count = 0;

    for (const char *p = letters; *p; count++) {
        size_t n = 1;
        char word[16];

        while ((p[n] & 0xC0) == 0x80)
            n++;
        snprintf(word, sizeof word, "%.*sng dụng", (int)n, p);
        ck_assert_msg(cancu_tasks__opens_lower(word) == lower,
                      "'%s' opens %s case", word, lower ? "upper" : "lower");
        p += n;
    }
    ck_assert_uint_eq(count, 93);
}

START_TEST(test_ingest_tasks__continued_row_by_letter_case)
{
    /* After a page break, a row of "Ứng dụng ..." is another activity
     * with its own lead and deadline; one of "và ..." goes on with the
     * row above. */
    const char text[] =
        "KẾ HOẠCH\nCông tác năm 2023\n"
        "STT\tNhiệm vụ\tHoạt động\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "1\tChuyển đổi số\tNâng cấp mạng nội bộ\tVăn phòng\tQuý I/2023\n"
        "\n"
        "STT\tNhiệm vụ\tHoạt động\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "\t\tỨng dụng chữ ký số\tThanh tra\tQuý II/2023\n"
        "\n"
        "STT\tNhiệm vụ\tHoạt động\tĐơn vị chủ trì\tThời gian thực hiện\n"
        "\t\tvà hệ thống một cửa\t\t\n";
    json_t *root, *acts;

    check_letters(vietnamese_lower, true);
    check_letters(vietnamese_upper, false);
    ck_assert(!cancu_tasks__opens_lower(""));
    ck_assert(!cancu_tasks__opens_lower("30/6/2022"));
    ck_assert(!cancu_tasks__opens_lower("(x)"));

    root = tasks_of(text, true);
    ck_assert_uint_eq(ntasks(root), 1);
    acts = json_object_get(task(root, 0), "activities");
    ck_assert_uint_eq(json_array_size(acts), 2);
    ck_assert_str_eq(str(json_array_get(acts, 1), "activity"),
                     "Ứng dụng chữ ký số và hệ thống một cửa");
    ASSERT_JOINED(json_object_get(json_array_get(acts, 1), "lead"),
                  "Thanh tra");
    ASSERT_JOINED(json_object_get(json_array_get(acts, 0), "lead"),
                  "Văn phòng");
    ck_assert_str_eq(str(json_array_get(acts, 1), "deadline"), "Quý II/2023");
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

    /* The bounded-cost test runs in a second or two under ASan; the
     * unbounded reader it guards against takes minutes. */
    tcase_set_timeout(tc, 60);

    tcase_add_test(tc, test_ingest_tasks__sample_txt);
    tcase_add_test(tc, test_ingest_tasks__sample_docx);
    tcase_add_test(tc, test_ingest_tasks__sample_doc);
    tcase_add_test(tc, test_ingest_tasks__header_variants_and_groups);
    tcase_add_test(tc, test_ingest_tasks__bullets_when_no_table);
    tcase_add_test(tc, test_ingest_tasks__several_tables);
    tcase_add_test(tc, test_ingest_tasks__plan_metadata_and_section_tree);
    tcase_add_test(tc, test_ingest_tasks__units);
    tcase_add_test(tc, test_ingest_tasks__deadlines_are_due_phrases_only);
    tcase_add_test(tc, test_ingest_tasks__identity_by_table_and_row);
    tcase_add_test(tc, test_ingest_tasks__tables_of_the_same_columns);
    tcase_add_test(tc, test_ingest_tasks__docx_blank_paragraph_or_page_break);
    tcase_add_test(tc, test_ingest_tasks__header_words);
    tcase_add_test(tc, test_ingest_tasks__flattened_markdown_table);
    tcase_add_test(tc, test_ingest_tasks__flattened_table_needs_a_header);
    tcase_add_test(tc, test_ingest_tasks__flattened_bars_cost_bounded);
    tcase_add_test(tc, test_ingest_tasks__lead_and_partners_columns);
    tcase_add_test(tc, test_ingest_tasks__continued_row_by_letter_case);
    return tc;
}
