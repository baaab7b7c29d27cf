/* Suite "ingest", TCase "docx": small DOCX files in the XML Word writes,
 * zipped by libzip in the test, read back through the public API. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include <jansson.h>

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
    /* 40 MB of white space between a few paragraphs: deflate packs runs
     * of one byte about a thousandfold. */
    size_t n = 40 << 20, unit = 4096, k = 0;
    char *body = malloc(n + 1), *data;
    cancu_document_t *doc = NULL;
    size_t len;

    while (k + unit <= n) {
        size_t head = strlen(P(R("a")));

        memcpy(body + k, P(R("a")), head);
        memset(body + k + head, ' ', unit - head);
        k += unit;
    }
    body[k] = '\0';
    data = make_docx(&len, body);
    free(body);
    ck_assert_uint_lt(len, 1 << 20);
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "bomb.docx", data, len, NULL),
        CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_msg(strstr(cancu_error_last(), "zip bomb") != NULL, "%s",
                  cancu_error_last());
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

/* clang-format off */
static const char styles_xml[] =
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\">"
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\"/>"
    "</w:rPr></w:rPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
    "<w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Muc\"><w:name w:val=\"Mục\"/>"
    "<w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>"
    "</w:pPr></w:style>"
    "</w:styles>";

static const char numbering_xml[] =
    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/"
    "wordprocessingml/2006/main\">"
    "<w:abstractNum w:abstractNumId=\"7\">"
    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"upperRoman\"/>"
    "<w:lvlText w:val=\"%1.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
    "<w:lvlText w:val=\"%2.\"/></w:lvl>"
    "<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>"
    "<w:lvlText w:val=\"%3)\"/></w:lvl>"
    "<w:lvl w:ilvl=\"3\"><w:numFmt w:val=\"bullet\"/>"
    "<w:lvlText w:val=\"-\"/></w:lvl>"
    "</w:abstractNum>"
    "<w:num w:numId=\"1\"><w:abstractNumId w:val=\"7\"/></w:num>"
    "</w:numbering>";

#define NUM(ilvl) "<w:pPr><w:numPr><w:ilvl w:val=\"" #ilvl "\"/>" \
                  "<w:numId w:val=\"1\"/></w:numPr></w:pPr>"

static const char numbered_body[] =
    "<w:p>" NUM(0) "<w:r><w:t>MỤC TIÊU</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Muc\"/></w:pPr>"
    "<w:r><w:t>Cải cách thể chế</w:t></w:r></w:p>"
    "<w:p>" NUM(2) "<w:r><w:t>Nâng cao chất lượng</w:t></w:r></w:p>"
    "<w:p>" NUM(3) "<w:r><w:t>Triển khai</w:t></w:r></w:p>"
    "<w:p>" NUM(2) "<w:r><w:t>Đổi mới</w:t></w:r></w:p>"
    "<w:p>" NUM(0) "<w:r><w:t>NHIỆM VỤ</w:t></w:r></w:p>"
    "<w:p>" NUM(1) "<w:r><w:t>Cải cách TTHC</w:t></w:r></w:p>"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
    "<w:r><w:t>Phụ lục</w:t></w:r></w:p>";
/* clang-format on */

static char *make_package(size_t *len, const char *body,
                          const char *const *extra, size_t nextra)
{
    size_t n = strlen(DOC_HEAD) + strlen(body) + strlen(DOC_TAIL) + 1;
    char *xml = malloc(n), *data;
    const char *entries[16] = {"word/document.xml", xml};

    snprintf(xml, n, "%s%s%s", DOC_HEAD, body, DOC_TAIL);
    for (size_t i = 0; i < 2 * nextra && i + 2 < 16; i++)
        entries[2 + i] = extra[i];
    data = make_zip(len, entries, 1 + nextra);
    free(xml);
    return data;
}

static cancu_document_t *open_package(const char *body,
                                      const char *const *extra, size_t nextra)
{
    size_t len;
    char *data = make_package(&len, body, extra, nextra);
    cancu_document_t *doc = NULL;

    ck_assert_msg(cancu_document_open_buffer(&doc, "p.docx", data, len, NULL) ==
                      CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    free(data);
    return doc;
}

START_TEST(test_ingest_docx__numbering_styles_and_sections)
{
    const char *extra[] = {"word/styles.xml", styles_xml, "word/numbering.xml",
                           numbering_xml};
    cancu_document_t *doc = open_package(numbered_body, extra, 2);
    static const char *const labels[] = {"I.", "1.",  "a)", "-",
                                         "b)", "II.", "1.", ""};
    static const char *const sections[] = {"I",     "I.1", "I.1.a", "I.1.a",
                                           "I.1.b", "II",  "II.1",  "Phụ lục"};

    ck_assert_uint_eq(cancu_document_block_count(doc), 8);
    for (size_t i = 0; i < 8; i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);

        ck_assert_str_eq(cancu_block_label(b), labels[i]);
        ck_assert_str_eq(cancu_block_section(b), sections[i]);
    }
    ck_assert_str_eq(cancu_block_style(cancu_document_block(doc, 1)), "Mục");
    ck_assert_str_eq(cancu_block_style(cancu_document_block(doc, 7)),
                     "heading 1");
    ck_assert_int_eq(cancu_block_heading_level(cancu_document_block(doc, 7)),
                     1);
    /* The label is not part of the text. */
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "MỤC TIÊU");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__notes_properties_symbols_hidden)
{
    /* clang-format off */
    const char *extra[] = {
        "word/footnotes.xml",
        "<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/"
        "wordprocessingml/2006/main\">"
        "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
        "<w:separator/></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"1\"><w:p><w:r><w:t>Nghị định 45/2020/NĐ-CP"
        "</w:t></w:r></w:p></w:footnote></w:footnotes>",
        "docProps/core.xml",
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
        "package/2006/metadata/core-properties\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
        "xmlns:dcterms=\"http://purl.org/dc/terms/\">"
        "<dc:title>Kế hoạch CCHC</dc:title>"
        "<dcterms:created>2021-12-01T08:00:00Z</dcterms:created>"
        "<dcterms:modified>2021-12-15T09:30:00Z</dcterms:modified>"
        "</cp:coreProperties>"};
    const char body[] =
        "<w:p><w:r><w:t>Căn cứ</w:t></w:r>"
        "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"
        "<w:r><w:sym w:font=\"Symbol\" w:char=\"F0B7\"/></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>ẩn</w:t></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> hiện</w:t></w:r></w:p>";
    /* clang-format on */
    cancu_document_t *doc = open_package(body, extra, 2);
    const cancu_block_t *note;

    ck_assert_uint_eq(cancu_document_block_count(doc), 2);
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "Căn cứ• hiện");
    note = cancu_document_block(doc, 1);
    ck_assert_str_eq(cancu_block_note(note), "footnote");
    ck_assert_uint_eq(cancu_block_anchor(note), 0);
    ck_assert_str_eq(cancu_block_note(cancu_document_block(doc, 0)), "");
    /* References in notes are references. */
    ck_assert_uint_eq(cancu_document_reference_count(doc), 1);
    ck_assert_str_eq(cancu_document_title(doc), "Kế hoạch CCHC");
    ck_assert_str_eq(cancu_document_created(doc), "2021-12-01T08:00:00Z");
    ck_assert_str_eq(cancu_document_modified(doc), "2021-12-15T09:30:00Z");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__header_rows_merges_nested_tables)
{
    /* clang-format off */
    const char body[] =
        "<w:tbl>"
        "<w:tr><w:trPr><w:tblHeader/></w:trPr>"
        "<w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
        "<w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>trong</w:t></w:r></w:p>"
        "</w:tc><w:tc><w:p><w:r><w:t>bảng</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl><w:p><w:r><w:t>ngoài</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>tiếp</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl>";
    /* clang-format on */
    cancu_document_t *doc = open_package(body, NULL, 0);
    const cancu_block_t *t = cancu_document_block(doc, 0);

    ck_assert_uint_eq(cancu_block_row_count(t), 3);
    ck_assert(cancu_block_row_is_header(t, 0));
    ck_assert(!cancu_block_row_is_header(t, 1));
    /* A nested table reads inside its cell. */
    ck_assert_str_eq(cancu_block_cell_text(t, 1, 1), "trong bảng ngoài");
    ck_assert(cancu_block_cell_is_merged(t, 2, 0));
    ck_assert(!cancu_block_cell_is_merged(t, 1, 0));
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 0), "1");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__legacy_font_runs)
{
    /* clang-format off */
    const char *extra[] = {
        "word/styles.xml",
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
        "wordprocessingml/2006/main\">"
        "<w:style w:type=\"paragraph\" w:styleId=\"Cu\"><w:name w:val=\"Cũ\"/>"
        "<w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr>"
        "</w:style></w:styles>"};
    /* TCVN3 "Hµ Néi" is "Hà Nội", stored by Word as the Windows-1252
     * characters of its bytes; .VnTimeH shows the same codes as capitals. */
    const char body[] =
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\"/></w:rPr>"
        "<w:t>Hµ Néi</w:t></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> và Huế</w:t></w:r></w:p>"
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTimeH\"/></w:rPr>"
        "<w:t>hµ néi</w:t></w:r></w:p>"
        "<w:p><w:pPr><w:pStyle w:val=\"Cu\"/></w:pPr>"
        "<w:r><w:t>Hµ Néi</w:t></w:r></w:p>";
    /* clang-format on */
    cancu_document_t *doc = open_package(body, extra, 1);

    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "Hà Nội và Huế");
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 1)), "HÀ NỘI");
    /* The font may come from the paragraph's style. */
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 2)), "Hà Nội");
    ck_assert_str_eq(cancu_document_encoding(doc), "TCVN3");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__limits_on_text)
{
    cancu_document_t *doc = NULL;
    size_t n = 100001, unit = 64;
    char *body = malloc(n * unit + 1);

    /* A table of empty cells is not a plan. */
    ck_assert_int_eq(open_docx(&doc, "<w:tbl><w:tr><w:tc><w:p/></w:tc>"
                                     "<w:tc><w:p/></w:tc></w:tr></w:tbl>"),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "no text"));
    /* More paragraphs than any plan has, each its own, so that they do
     * not compress like a bomb. */
    for (size_t i = 0, k = 0; i < n; i++)
        k += (size_t)snprintf(body + k, n * unit + 1 - k,
                              "<w:p><w:r><w:t>%zx</w:t></w:r></w:p>",
                              i * 2654435761u);
    ck_assert_int_eq(open_docx(&doc, body), CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_msg(strstr(cancu_error_last(), "paragraphs") != NULL, "%s",
                  cancu_error_last());
    free(body);
}
END_TEST

START_TEST(test_ingest_docx__heavily_edited_reads_as_clean)
{
    char *clean_path = test_corpus_path("default/gialai-sgddt-cchc-2022.docx");
    char *edited_path = test_corpus_path("docx/edited-sample.docx");
    cancu_document_t *clean = NULL, *edited = NULL;

    ck_assert_int_eq(cancu_document_open(&clean, clean_path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(cancu_document_open(&edited, edited_path, NULL),
                     CANCU_STATUS_SUCCESS);
    /* Same text, so the same content id: one plan. */
    ck_assert_str_eq(cancu_document_id(edited), cancu_document_id(clean));
    ck_assert_uint_eq(cancu_document_block_count(edited),
                      cancu_document_block_count(clean));
    for (size_t i = 0; i < cancu_document_block_count(clean); i++)
        ck_assert_str_eq(cancu_block_text(cancu_document_block(edited, i)),
                         cancu_block_text(cancu_document_block(clean, i)));
    cancu_document_destroy(clean);
    cancu_document_destroy(edited);
    free(clean_path);
    free(edited_path);
}
END_TEST

START_TEST(test_ingest_docx__markup_between_text)
{
    /* clang-format off */
    const char *extra[] = {
        "word/styles.xml",
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/"
        "wordprocessingml/2006/main\">"
        "<w:style w:type=\"paragraph\" w:styleId=\"A&amp;B\">"
        "<w:name w:val=\"Mục &amp; &#273;&#7873;\"/></w:style></w:styles>"};
    const char body[] =
        /* Comments, PIs, CDATA and references inside one text. */
        "<w:p><w:pPr><w:pStyle w:val=\"A&#38;B\"/></w:pPr>"
        "<w:r><w:t>a<!-- c -->b<?pi x?>c</w:t></w:r>"
        "<w:r><w:t>&#x20;x<![CDATA[<y>&amp;]]>z&amp;</w:t></w:r></w:p>"
        /* Blank runs are text; empty elements are no content. */
        "<w:p><w:r><w:t>d</w:t></w:r><w:r><w:t>  </w:t></w:r><w:r><w:t/></w:r>"
        "<w:del/><w:sectPr/><mc:AlternateContent/>"
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:t>e</w:t>"
        "</mc:Choice><mc:Fallback><w:t>f</w:t></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
        "</w:p>";
    /* clang-format on */
    cancu_document_t *doc = open_package(body, extra, 1);
    const cancu_block_t *b = cancu_document_block(doc, 0);

    ck_assert_uint_eq(cancu_document_block_count(doc), 2);
    ck_assert_str_eq(cancu_block_text(b), "abc x<y>&amp;z&");
    ck_assert_str_eq(cancu_block_style(b), "Mục & đề");
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 1)), "d  e");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__late_dtd_and_entities_refused)
{
    cancu_document_t *doc = NULL;
    size_t n = 70000, len;
    char *xml = malloc(n + 512), *data;
    const char *entries[] = {"word/document.xml", xml};

    /* A DTD past the prolog the inflater looks at is refused as it
     * starts, even with no internal subset. */
    len = (size_t)snprintf(xml, 64, "<?xml version=\"1.0\"?><!--");
    memset(xml + len, 'x', n);
    snprintf(xml + len + n, 512,
             "--><!DOCTYPE w:document><w:document xmlns:w=\"http://"
             "schemas.openxmlformats.org/wordprocessingml/2006/main\">"
             "<w:body><w:p><w:r><w:t>a</w:t></w:r></w:p></w:body>"
             "</w:document>");
    data = make_zip(&len, entries, 1);
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "x.docx", data, len, NULL),
        CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "DTD"));
    free(data);
    free(xml);
    /* An entity is never looked up, in text or in an attribute. */
    ck_assert_int_eq(open_docx(&doc, P(R("a&x;b"))), CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "entities"));
    ck_assert_int_eq(open_docx(&doc, "<w:p><w:pPr><w:pStyle w:val=\"&x;\"/>"
                                     "</w:pPr>" R("a") "</w:p>"),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "entities"));
    ck_assert_ptr_null(doc);
}
END_TEST

/* clang-format off */
#define CELL(text) "<w:tc><w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"
#define MERGE_START(text)                                                      \
    "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"                    \
    "<w:p><w:r><w:t>" text "</w:t></w:r></w:p></w:tc>"
#define MERGE_GOES_ON "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
static const char merged_task_table[] =
    "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Công tác năm 2023</w:t></w:r></w:p>"
    "<w:tbl>"
    "<w:tr>" CELL("TT") CELL("Mục tiêu") CELL("Nhiệm vụ") CELL("Hoạt động")
      CELL("Đơn vị chủ trì") CELL("Thời gian thực hiện") "</w:tr>"
    "<w:tr>" MERGE_START("1")
      MERGE_START("Thực hiện Nghị quyết số 18-NQ/TW")
      MERGE_START("Rà soát văn bản theo Nghị định 34/2016/NĐ-CP")
      CELL("Lập danh mục") MERGE_START("Văn phòng") CELL("Quý I/2023")
    "</w:tr>"
    "<w:tr>" MERGE_GOES_ON MERGE_GOES_ON MERGE_GOES_ON
      CELL("Công bố kết quả") MERGE_GOES_ON CELL("Quý II/2023") "</w:tr>"
    "<w:tr>" CELL("2") MERGE_GOES_ON CELL("Kiểm tra công vụ")
      CELL("Kiểm tra đột xuất") MERGE_GOES_ON CELL("Tháng 9/2023") "</w:tr>"
    "</w:tbl>";
/* clang-format on */

START_TEST(test_ingest_docx__task_table_with_merged_cells)
{
    cancu_document_t *doc = NULL;
    char *text = NULL;
    json_t *root, *tasks, *first, *second, *a;

    ck_assert_int_eq(open_docx(&doc, merged_task_table), CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(test_tasks_json(doc, &text), CANCU_STATUS_SUCCESS);
    root = json_loads(text, 0, NULL);
    tasks = json_object_get(root, "tasks");
    /* The merged number cell does not start a task again. */
    ck_assert_uint_eq(json_array_size(tasks), 2);
    first = json_array_get(tasks, 0);
    second = json_array_get(tasks, 1);
    ck_assert_str_eq(json_string_value(json_object_get(first, "task")),
                     "Rà soát văn bản theo Nghị định 34/2016/NĐ-CP");
    ck_assert_uint_eq(json_array_size(json_object_get(first, "activities")), 2);
    a = json_array_get(json_object_get(first, "activities"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(a, "activity")),
                     "Công bố kết quả");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(a, "lead"), 0)),
        "Văn phòng");
    ck_assert_uint_eq(json_array_size(json_object_get(first, "references")), 2);
    /* The objective's and the lead's merges run on into the next task,
     * with the objective's reference; the merged cells repeat no
     * mention. */
    ck_assert_str_eq(json_string_value(json_object_get(second, "no")), "2");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(second, "lead"), 0)),
        "Văn phòng");
    ck_assert_str_eq(json_string_value(json_object_get(second, "objective")),
                     "Thực hiện Nghị quyết số 18-NQ/TW");
    ck_assert_uint_eq(json_array_size(json_object_get(second, "references")),
                      1);
    ck_assert_str_eq(json_string_value(json_array_get(
                         json_object_get(second, "references"), 0)),
                     "18-NQ/TW");
    ck_assert_uint_eq(cancu_document_reference_count(doc), 2);
    json_decref(root);
    free(text);
    cancu_document_destroy(doc);
}
END_TEST

/* clang-format off */
#define TR_PR(props) "<w:trPr>" props "</w:trPr>"
/* Rows that skip grid columns: the second leaves out the number and
 * task columns (w:gridBefore), the third the deadline column
 * (w:gridAfter); each continues the lead's merge in column 3. */
static const char grid_skip_table[] =
    "<w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Công tác năm 2023</w:t></w:r></w:p>"
    "<w:tbl>"
    "<w:tr>" CELL("TT") CELL("Nhiệm vụ") CELL("Hoạt động")
      CELL("Đơn vị chủ trì") CELL("Thời gian thực hiện") "</w:tr>"
    "<w:tr>" MERGE_START("1")
      MERGE_START("Rà soát văn bản theo Nghị định 34/2016/NĐ-CP")
      CELL("Lập danh mục") MERGE_START("Văn phòng") CELL("Quý I/2023")
    "</w:tr>"
    "<w:tr>" TR_PR("<w:gridBefore w:val=\"2\"/><w:wBefore w:w=\"1400\"/>")
      CELL("Công bố kết quả") MERGE_GOES_ON CELL("Quý II/2023") "</w:tr>"
    "<w:tr>" TR_PR("<w:gridAfter w:val=\"1\"/>")
      CELL("2") CELL("Kiểm tra công vụ") CELL("Kiểm tra đột xuất")
      MERGE_GOES_ON "</w:tr>"
    "</w:tbl>";
/* clang-format on */

START_TEST(test_ingest_docx__grid_before_and_after_shift_cells)
{
    cancu_document_t *doc = NULL;
    const cancu_block_t *t;
    char *text = NULL;
    json_t *root, *tasks, *first, *second, *a;

    ck_assert_int_eq(open_docx(&doc, grid_skip_table), CANCU_STATUS_SUCCESS);
    t = cancu_document_block(doc, cancu_document_block_count(doc) - 1);
    ck_assert_int_eq(cancu_block_kind(t), CANCU_BLOCK_TABLE);
    ck_assert_uint_eq(cancu_block_row_count(t), 4);
    /* The skipped columns are empty cells: every cell stays in its grid
     * column, and each continued merge reads as the lead above it. */
    ck_assert_uint_eq(cancu_block_cell_count(t, 2), 5);
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 0), "");
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 1), "");
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 2), "Công bố kết quả");
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 3), "Văn phòng");
    ck_assert(cancu_block_cell_is_merged(t, 2, 3));
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 4), "Quý II/2023");
    ck_assert_uint_eq(cancu_block_cell_count(t, 3), 5);
    ck_assert_str_eq(cancu_block_cell_text(t, 3, 3), "Văn phòng");
    ck_assert(cancu_block_cell_is_merged(t, 3, 3));
    ck_assert_str_eq(cancu_block_cell_text(t, 3, 4), "");

    ck_assert_int_eq(test_tasks_json(doc, &text), CANCU_STATUS_SUCCESS);
    root = json_loads(text, 0, NULL);
    tasks = json_object_get(root, "tasks");
    ck_assert_uint_eq(json_array_size(tasks), 2);
    first = json_array_get(tasks, 0);
    second = json_array_get(tasks, 1);
    /* The shifted row is the first task's second activity, with its own
     * deadline and the merged lead. */
    ck_assert_uint_eq(json_array_size(json_object_get(first, "activities")), 2);
    a = json_array_get(json_object_get(first, "activities"), 1);
    ck_assert_str_eq(json_string_value(json_object_get(a, "activity")),
                     "Công bố kết quả");
    ck_assert_str_eq(json_string_value(json_object_get(a, "deadline")),
                     "Quý II/2023");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(a, "lead"), 0)),
        "Văn phòng");
    ck_assert_str_eq(
        json_string_value(json_array_get(json_object_get(second, "lead"), 0)),
        "Văn phòng");
    json_decref(root);
    free(text);
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_docx__ratio_on_bytes_read_not_headers)
{
    /* Headers claiming 4096 bytes inflated and 58 KB compressed, for 10
     * KB of deflate data that inflate to 10 MiB: 180 times the claimed
     * compressed size, 1000 times the bytes read. */
    char *path = test_corpus_path("broken/sizes-lie.docx");
    cancu_document_t *doc = NULL;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_msg(strstr(cancu_error_last(), "zip bomb") != NULL, "%s",
                  cancu_error_last());
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "sizes-lie.docx"));
    ck_assert_ptr_null(doc);
    free(path);
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
    tcase_add_test(tc, test_ingest_docx__numbering_styles_and_sections);
    tcase_add_test(tc, test_ingest_docx__notes_properties_symbols_hidden);
    tcase_add_test(tc, test_ingest_docx__header_rows_merges_nested_tables);
    tcase_add_test(tc, test_ingest_docx__legacy_font_runs);
    tcase_add_test(tc, test_ingest_docx__heavily_edited_reads_as_clean);
    tcase_add_test(tc, test_ingest_docx__limits_on_text);
    tcase_add_test(tc, test_ingest_docx__task_table_with_merged_cells);
    tcase_add_test(tc, test_ingest_docx__markup_between_text);
    tcase_add_test(tc, test_ingest_docx__late_dtd_and_entities_refused);
    tcase_add_test(tc, test_ingest_docx__grid_before_and_after_shift_cells);
    tcase_add_test(tc, test_ingest_docx__ratio_on_bytes_read_not_headers);
    return tc;
}
