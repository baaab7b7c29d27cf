/* Suite "ingest", TCase "docx": small DOCX files in the XML Word writes,
 * zipped by libzip in the test, read back through the public API. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include <cancu/cancu.h>

#include "helpers.h"

TCase *ingest_docx_tcase(void);

#define DOC_HEAD                                                               \
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"            \
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"                 \
    "wordprocessingml/2006/main\" xmlns:mc=\"http://schemas.openxmlformats."   \
    "org/markup-compatibility/2006\"><w:body>"
#define DOC_TAIL "</w:body></w:document>"

/* A zip holding 'name' -> 'content' pairs, as bytes in memory. */
static char *make_zip(size_t *len_out, const char *const *entries, size_t count)
{
    char *dir = test_tempdir(), path[512], *data;
    zip_t *zip;
    int err;

    snprintf(path, sizeof path, "%s/t.docx", dir);
    zip = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    ck_assert_ptr_nonnull(zip);
    for (size_t i = 0; i < count; i++) {
        zip_source_t *src = zip_source_buffer(zip, entries[2 * i + 1],
                                              strlen(entries[2 * i + 1]), 0);

        ck_assert_ptr_nonnull(src);
        ck_assert_int_ge(zip_file_add(zip, entries[2 * i], src, 0), 0);
    }
    ck_assert_int_eq(zip_close(zip), 0);
    data = test_read_file(path, len_out);
    test_rmtree(dir);
    free(dir);
    return data;
}

static char *make_docx(size_t *len_out, const char *body)
{
    size_t n = strlen(DOC_HEAD) + strlen(body) + strlen(DOC_TAIL) + 1;
    char *xml = malloc(n), *data;
    const char *entries[] = {"word/document.xml", xml};

    snprintf(xml, n, "%s%s%s", DOC_HEAD, body, DOC_TAIL);
    data = make_zip(len_out, entries, 1);
    free(xml);
    return data;
}

static cancu_status_t open_docx(cancu_document_t **doc, const char *body)
{
    size_t len;
    char *data = make_docx(&len, body);
    cancu_status_t status =
        cancu_document_open_buffer(doc, "t.docx", data, len, NULL);

    free(data);
    return status;
}

/* The whole text as `cancu extract` prints it. */
static char *docx_text(const char *body)
{
    cancu_document_t *doc = NULL;
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);

    ck_assert_msg(open_docx(&doc, body) == CANCU_STATUS_SUCCESS, "%s",
                  cancu_error_last());
    ck_assert_str_eq(cancu_document_format(doc), "docx");
    out[0] = '\0';
    for (size_t i = 0; i < cancu_document_block_count(doc); i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%s", i ? "\n" : "",
                                cancu_block_text(cancu_document_block(doc, i)));
    cancu_document_destroy(doc);
    return out;
}

#define ASSERT_TEXT(body, expected)                                            \
    do {                                                                       \
        char *got_ = docx_text(body);                                          \
        ck_assert_str_eq(got_, expected);                                      \
        free(got_);                                                            \
    } while (0)

#define P(runs) "<w:p>" runs "</w:p>"
#define R(text) "<w:r><w:t>" text "</w:t></w:r>"

/* clang-format off */
START_TEST(test_ingest_docx__split_runs_join_without_spaces)
{
    ASSERT_TEXT(P("<w:r><w:rPr><w:b/></w:rPr><w:t>Ho</w:t></w:r>"
                  R("à") R(" bình")),
                "Hoà bình");
    /* Decomposed text in the XML is composed. */
    ASSERT_TEXT(P(R("hoa\xCC\x81")), "hoá");
}
END_TEST

START_TEST(test_ingest_docx__tabs_breaks_hyphens)
{
    /* Tab stops in the paragraph's properties are not tabs. */
    ASSERT_TEXT(P("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/>"
                  "</w:tabs></w:pPr>"
                  R("a") "<w:r><w:tab/></w:r>" R("b")),
                "a\tb");
    ASSERT_TEXT(P(R("dòng một") "<w:r><w:br/></w:r>" R("dòng hai")),
                "dòng một\ndòng hai");
    ASSERT_TEXT(P(R("kinh tế") "<w:r><w:noBreakHyphen/></w:r>"
                  R("xã hội") "<w:r><w:softHyphen/></w:r>" R("!")),
                "kinh tế-xã hội!");
}
END_TEST

START_TEST(test_ingest_docx__tracked_changes)
{
    ASSERT_TEXT(P(R("Nghị định ")
                  "<w:del w:id=\"1\"><w:r><w:delText>16/2015/NĐ-CP"
                  "</w:delText></w:r></w:del>"
                  "<w:ins w:id=\"2\">" R("60/2021/NĐ-CP") "</w:ins>"
                  "<w:moveFrom>" R(" cũ") "</w:moveFrom>"),
                "Nghị định 60/2021/NĐ-CP");
}
END_TEST

START_TEST(test_ingest_docx__fields_give_their_result)
{
    ASSERT_TEXT(P(R("Xem ")
                  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                  "<w:r><w:instrText> HYPERLINK \"http://x\" </w:instrText>"
                  "</w:r>"
                  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                  R("trang")
                  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                  "<w:fldSimple w:instr=\"PAGE\">" R("3") "</w:fldSimple>"
                  "<w:hyperlink>" R(" liên kết") "</w:hyperlink>"),
                "Xem trang3 liên kết");
}
END_TEST

START_TEST(test_ingest_docx__alternate_content_read_once)
{
    ASSERT_TEXT(P(R("Neo")
                  "<w:r><mc:AlternateContent>"
                  "<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
                  P(R("Hộp chữ"))
                  "</w:txbxContent></w:drawing></mc:Choice>"
                  "<mc:Fallback><w:pict><w:txbxContent>"
                  P(R("Hộp chữ"))
                  "</w:txbxContent></w:pict></mc:Fallback>"
                  "</mc:AlternateContent></w:r>"),
                "Neo\nHộp chữ");
}
END_TEST

static const char merged_table[] =
    "<w:tbl>"
    "<w:tr>"
      "<w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>"
        "<w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p></w:tc>"
    "</w:tr>"
    "<w:tr>"
      "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
        "<w:p><w:r><w:t>1</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>(a)</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
      "<w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc>"
    "</w:tr>"
    "<w:tr>"
      "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
      "<w:tc><w:p><w:r><w:t>z</w:t></w:r></w:p></w:tc>"
      "<w:tc/>"
    "</w:tr>"
    "</w:tbl>";
/* clang-format on */

START_TEST(test_ingest_docx__tables_spans_and_merges)
{
    cancu_document_t *doc = NULL;
    const cancu_block_t *t;

    ck_assert_int_eq(open_docx(&doc, merged_table), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_document_block_count(doc), 1);
    t = cancu_document_block(doc, 0);
    ck_assert_int_eq(cancu_block_kind(t), CANCU_BLOCK_TABLE);
    ck_assert_uint_eq(cancu_block_row_count(t), 3);
    /* gridSpan keeps the columns aligned. */
    ck_assert_uint_eq(cancu_block_cell_count(t, 0), 3);
    ck_assert_str_eq(cancu_block_cell_text(t, 0, 1), "Nhiệm vụ");
    ck_assert_str_eq(cancu_block_cell_text(t, 0, 2), "");
    /* A cell's paragraphs read as one line. */
    ck_assert_str_eq(cancu_block_cell_text(t, 1, 0), "1 (a)");
    /* A continued vertical merge reads as its restart cell. */
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 0), "1 (a)");
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 1), "z");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__hostile_files)
{
    cancu_document_t *doc = NULL;
    const char *no_body[] = {"word/other.xml", "<x/>"};
    size_t len;
    char *data, *deep;

    data = make_zip(&len, no_body, 1);
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "x.docx", data, len, NULL),
        CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "word/document.xml"));
    /* Truncated: the central directory is gone. */
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "x.docx", data, len / 2, NULL),
        CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "x.docx"));
    free(data);

    /* A DTD, with an entity-expansion bomb in it. */
    {
        const char *dtd[] = {
            "word/document.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
            "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&c;"
            "</w:t></w:r></w:p></w:body></w:document>"};

        data = make_zip(&len, dtd, 1);
        ck_assert_int_eq(
            cancu_document_open_buffer(&doc, "x.docx", data, len, NULL),
            CANCU_STATUS_BAD_INPUT);
        ck_assert_ptr_nonnull(strstr(cancu_error_last(), "DTD"));
        free(data);
    }

    /* Nesting-depth bomb. */
    deep = malloc(5000 * 7 + 1);
    for (int i = 0; i < 5000; i++)
        memcpy(deep + 7 * i, "<w:sdt>", 7);
    deep[5000 * 7] = '\0';
    ck_assert_int_eq(open_docx(&doc, deep), CANCU_STATUS_LIMIT_EXCEEDED);
    free(deep);

    /* Not well-formed. */
    ck_assert_int_eq(open_docx(&doc, "<w:p><w:r><w:t>x</w:r></w:p>"),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "not well-formed"));
    ck_assert_ptr_null(doc);
}
END_TEST

START_TEST(test_ingest_docx__zip_bomb_stops_while_inflating)
{
    /* 40 MB of one repeated paragraph compresses about a thousandfold. */
    size_t unit_len = strlen(P(R("aaaaaaaaaaaaaaaaaaaa"))), n = 40 << 20;
    char *body = malloc(n + 1), *data;
    cancu_document_t *doc = NULL;
    size_t len;

    for (size_t i = 0; i + unit_len <= n; i += unit_len)
        memcpy(body + i, P(R("aaaaaaaaaaaaaaaaaaaa")), unit_len);
    body[n - n % unit_len] = '\0';
    data = make_docx(&len, body);
    free(body);
    ck_assert_uint_lt(len, 1 << 20);
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "bomb.docx", data, len, NULL),
        CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "zip bomb"));
    free(data);
}
END_TEST

/* Every table row of 'doc', one per line, cells tab-separated; the
 * result lives until the next call with the same kind. */
static const char *flatten(const cancu_document_t *doc, bool tables,
                           char **keep)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);

    out[0] = '\0';
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);
        bool is_table = cancu_block_kind(b) == CANCU_BLOCK_TABLE;

        if (is_table != tables)
            continue;
        /* Emphasis marks a converter left in the TXT are not text. */
        for (const char *p = cancu_block_text(b); *p && len + 2 < cap; p++)
            if (*p != '*')
                out[len++] = *p;
        out[len++] = '\n';
        out[len] = '\0';
    }
    free(*keep);
    *keep = out;
    return out;
}

static char *kept[4];
#define flat_rows(doc) flatten(doc, true, &kept[(doc) == a ? 0 : 1])
#define flat_paragraphs(doc) flatten(doc, false, &kept[(doc) == a ? 2 : 3])

START_TEST(test_ingest_docx__sample_matches_its_txt)
{
    char *docx = test_corpus_path("default/gialai-sgddt-cchc-2022.docx");
    char *txt = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_document_t *a = NULL, *b = NULL;

    ck_assert_int_eq(cancu_document_open(&a, docx, NULL), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_open(&b, txt, NULL), CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_title(a), cancu_document_title(b));
    ck_assert_str_eq(cancu_document_date(a), cancu_document_date(b));
    ck_assert_uint_eq(cancu_document_reference_count(a),
                      cancu_document_reference_count(b));
    for (size_t i = 0; i < cancu_document_reference_count(a); i++)
        ck_assert_str_eq(cancu_reference_id(cancu_document_reference(a, i)),
                         cancu_reference_id(cancu_document_reference(b, i)));
    /* The same paragraphs, and the same table rows: the TXT splits the
     * table at page breaks, the DOCX holds it whole. */
    ck_assert_str_eq(flat_rows(a), flat_rows(b));
    ck_assert_str_eq(flat_paragraphs(a), flat_paragraphs(b));
    cancu_document_destroy(a);
    cancu_document_destroy(b);
    free(docx);
    free(txt);
    for (int i = 0; i < 4; i++)
        free(kept[i]);
}
END_TEST

TCase *ingest_docx_tcase(void)
{
    TCase *tc = tcase_create("docx");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_ingest_docx__split_runs_join_without_spaces);
    tcase_add_test(tc, test_ingest_docx__tabs_breaks_hyphens);
    tcase_add_test(tc, test_ingest_docx__tracked_changes);
    tcase_add_test(tc, test_ingest_docx__fields_give_their_result);
    tcase_add_test(tc, test_ingest_docx__alternate_content_read_once);
    tcase_add_test(tc, test_ingest_docx__tables_spans_and_merges);
    tcase_add_test(tc, test_ingest_docx__hostile_files);
    tcase_add_test(tc, test_ingest_docx__zip_bomb_stops_while_inflating);
    tcase_add_test(tc, test_ingest_docx__sample_matches_its_txt);
    return tc;
}
