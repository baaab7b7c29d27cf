/* Suite "ingest", TCase "pdf": PDFs LibreOffice made from the sample plan
 * and from a real letter (corpora/pdf/, scripts/fixtures-pdf.sh) read
 * as their DOCX, and what a PDF reader must refuse. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <pthread.h>

#include <jansson.h>
#include <poppler.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "ingest/ingest-private.h"
#include "util/util.h"

TCase *ingest_pdf_tcase(void);

static cancu_document_t *open_corpus(const char *relative)
{
    char *path = test_corpus_path(relative);
    cancu_document_t *doc = NULL;

    ck_assert_msg(cancu_document_open(&doc, path, NULL) == CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    free(path);
    return doc;
}

static const cancu_block_t *first_table(const cancu_document_t *doc,
                                        size_t from, size_t *at)
{
    for (size_t i = from; i < cancu_document_block_count(doc); i++)
        if (cancu_block_kind(cancu_document_block(doc, i)) ==
            CANCU_BLOCK_TABLE) {
            *at = i;
            return cancu_document_block(doc, i);
        }
    return NULL;
}

START_TEST(test_ingest_pdf__sample_reads_as_its_docx)
{
    cancu_document_t *pdf = open_corpus("pdf/gialai-sgddt-cchc-2022.pdf");
    cancu_document_t *docx = open_corpus("default/gialai-sgddt-cchc-2022.docx");
    cancu_document_t *txt = open_corpus("default/gialai-sgddt-cchc-2022.txt");
    const cancu_block_t *a, *b;
    size_t ia, ib;

    ck_assert_str_eq(cancu_document_format(pdf), "pdf");
    ck_assert_str_eq(cancu_document_title(pdf), cancu_document_title(txt));
    ck_assert_str_eq(cancu_document_date(pdf), cancu_document_date(txt));
    ck_assert_str_eq(cancu_document_issuer(pdf), cancu_document_issuer(txt));
    ck_assert_str_eq(cancu_document_number(pdf), cancu_document_number(txt));
    /* The TXT's references, in its order. */
    ck_assert_uint_eq(cancu_document_reference_count(pdf),
                      cancu_document_reference_count(txt));
    for (size_t i = 0; i < cancu_document_reference_count(pdf); i++)
        ck_assert_str_eq(cancu_reference_id(cancu_document_reference(pdf, i)),
                         cancu_reference_id(cancu_document_reference(txt, i)));
    /* The task table: one table over eight pages, row for row and cell
     * for cell the DOCX's, the rows LibreOffice cut at page breaks
     * joined and the words its narrow columns cut ("Than" / "h tra")
     * whole again. */
    a = first_table(pdf, 0, &ia);
    b = first_table(docx, 0, &ib);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(first_table(pdf, ia + 1, &ia));
    ck_assert_uint_eq(cancu_block_row_count(a), cancu_block_row_count(b));
    for (size_t r = 0; r < cancu_block_row_count(a); r++) {
        ck_assert_uint_eq(cancu_block_cell_count(a, r),
                          cancu_block_cell_count(b, r));
        for (size_t c = 0; c < cancu_block_cell_count(a, r); c++)
            ck_assert_str_eq(cancu_block_cell_text(a, r, c),
                             cancu_block_cell_text(b, r, c));
    }
    cancu_document_destroy(pdf);
    cancu_document_destroy(docx);
    cancu_document_destroy(txt);
}
END_TEST

static json_t *tasks_of(const char *relative)
{
    cancu_document_t *doc = open_corpus(relative);
    char *json = NULL;
    json_t *root;

    ck_assert_int_eq(test_tasks_json(doc, &json), CANCU_STATUS_SUCCESS);
    root = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(root);
    free(json);
    cancu_document_destroy(doc);
    return root;
}

static const char *str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* The elements of a JSON array of strings, joined by " | ". */
static void joined(char *out, size_t cap, json_t *array)
{
    size_t n = 0, i;
    json_t *v;

    out[0] = '\0';
    json_array_foreach(array, i, v) n +=
        (size_t)snprintf(out + n, n < cap ? cap - n : 0, "%s%s", i ? " | " : "",
                         json_string_value(v));
}

START_TEST(test_ingest_pdf__sample_gives_the_24_tasks)
{
    json_t *pdf = tasks_of("pdf/gialai-sgddt-cchc-2022.pdf");
    json_t *docx = tasks_of("default/gialai-sgddt-cchc-2022.docx");
    json_t *tp = json_object_get(pdf, "tasks"),
           *td = json_object_get(docx, "tasks");
    char a[1024], b[1024];

    ck_assert_uint_eq(json_array_size(tp), 24);
    ck_assert_uint_eq(json_array_size(td), 24);
    for (size_t i = 0; i < 24; i++) {
        json_t *x = json_array_get(tp, i), *y = json_array_get(td, i);
        char no[8];

        snprintf(no, sizeof no, "%zu", i + 1);
        ck_assert_str_eq(str(x, "no"), no);
        ck_assert_str_eq(str(x, "area"), str(y, "area"));
        ck_assert_str_eq(str(x, "objective"), str(y, "objective"));
        ck_assert_str_eq(str(x, "task"), str(y, "task"));
        joined(a, sizeof a, json_object_get(x, "references"));
        joined(b, sizeof b, json_object_get(y, "references"));
        ck_assert_str_eq(a, b);
        joined(a, sizeof a, json_object_get(x, "lead"));
        joined(b, sizeof b, json_object_get(y, "lead"));
        ck_assert_str_eq(a, b);
        ck_assert_uint_eq(json_array_size(json_object_get(x, "activities")),
                          json_array_size(json_object_get(y, "activities")));
    }
    /* Task 6 cites through its row continued across a page break. */
    joined(a, sizeof a, json_object_get(json_array_get(tp, 5), "references"));
    ck_assert_str_eq(a, "18-NQ/TW | 107/2020/NĐ-CP | 108/2020/NĐ-CP");
    ck_assert_ptr_nonnull(
        strstr(str(json_array_get(tp, 5), "objective"), "chồng chéo chức"));
    joined(a, sizeof a, json_object_get(json_array_get(tp, 0), "lead"));
    ck_assert_str_eq(a, "Thanh tra | Tổ Pháp chế");
    json_decref(pdf);
    json_decref(docx);
}
END_TEST

START_TEST(test_ingest_pdf__header_columns_read_as_the_docx_header)
{
    cancu_document_t *pdf = open_corpus("pdf/vbai-to-trinh-header.pdf");
    cancu_document_t *docx =
        open_corpus("real/vbai-TO-TRINH-XET-DUYET-XA-PHUONG-KHONG-MA-TUY.docx");
    const cancu_block_t *b = cancu_document_block(pdf, 0);

    /* Issuer | motto: a table of one row and two cells, as in DOCX. */
    ck_assert_int_eq(cancu_block_kind(b), CANCU_BLOCK_TABLE);
    ck_assert_uint_eq(cancu_block_row_count(b), 1);
    ck_assert_uint_eq(cancu_block_cell_count(b, 0), 2);
    ck_assert_str_eq(
        cancu_block_cell_text(b, 0, 0),
        cancu_block_cell_text(cancu_document_block(docx, 0), 0, 0));
    ck_assert_str_eq(cancu_document_issuer(pdf), cancu_document_issuer(docx));
    ck_assert_str_eq(cancu_document_parent_issuer(pdf),
                     cancu_document_parent_issuer(docx));
    ck_assert_str_eq(cancu_document_number(pdf), cancu_document_number(docx));
    ck_assert_str_eq(cancu_document_type(pdf), cancu_document_type(docx));
    ck_assert_str_eq(cancu_document_place(pdf), cancu_document_place(docx));
    ck_assert_str_eq(cancu_document_date(pdf), cancu_document_date(docx));
    ck_assert_str_eq(cancu_document_title(pdf), cancu_document_title(docx));
    cancu_document_destroy(pdf);
    cancu_document_destroy(docx);
}
END_TEST

/* A PDF of 2004 in .VnTime fonts (TCVN3, no ToUnicode map): its text
 * converted by the tables DOCX runs use, as the transcript reads it. */
START_TEST(test_ingest_pdf__legacy_fonts_are_converted)
{
    cancu_document_t *doc =
        open_corpus("real/vip-2006-19412_QD115.04TTg_BLTch_DNNVV.pdf");
    const char *first = cancu_block_text(cancu_document_block(doc, 0));
    const char *second = cancu_block_text(cancu_document_block(doc, 1));

    ck_assert_str_eq(cancu_document_encoding(doc), "TCVN3");
    ck_assert_str_eq(first, "Quyết định");
    /* 0xAD and 0xB7, which poppler reads as math signs. */
    ck_assert_ptr_nonnull(strstr(second, "Thủ tướng Chính phủ"));
    ck_assert_str_eq(cancu_reference_id(cancu_document_reference(doc, 0)),
                     "115/2004/QĐ-TTg");
    cancu_document_destroy(doc);
}
END_TEST

/* A signed PDF whose header follows 22 bytes of its signing system's. */
START_TEST(test_ingest_pdf__header_after_a_prefix)
{
    cancu_document_t *doc =
        open_corpus("real/vbai-4377-30.09.2025_17h58p29-_signed.pdf");

    ck_assert_str_eq(cancu_document_format(doc), "pdf");
    cancu_document_destroy(doc);
}
END_TEST

/* The first page's text as poppler reads it without rendering: the
 * page's own, without its widgets'. g_free() it. */
static char *page_text_without_widgets(const char *rel)
{
    char *path = test_corpus_path(rel);
    char *uri = g_filename_to_uri(path, NULL, NULL), *plain;
    PopplerDocument *pd = poppler_document_new_from_file(uri, NULL, NULL);
    PopplerPage *page;

    ck_assert_ptr_nonnull(pd);
    page = poppler_document_get_page(pd, 0);
    plain = poppler_page_get_text(page);
    ck_assert_ptr_nonnull(plain);
    g_object_unref(page);
    g_object_unref(pd);
    g_free(uri);
    free(path);
    return plain;
}

/* A letter signed by its issuer's signing system (Bộ Nội vụ, 2025):
 * the page prints "Số:      /BNV-CCHC" and "ngày    tháng 12", and the
 * system stamped the number and the day into signature widgets over
 * the blanks, the number half a line above its blank. Read from the
 * page as shown (pdftoppm): "Số: 12094 /BNV-CCHC", "Hà Nội, ngày 15
 * tháng 12 năm 2025", under "BỘ NỘI VỤ". */
START_TEST(test_ingest_pdf__numbers_stamped_into_widgets_are_read)
{
    const char *rel = "real/vbai-12094-CV_HuongdantrienkhaiDean_2025.pdf";
    cancu_document_t *doc = open_corpus(rel);
    /* The page's own text lacks them: they are the widgets'. */
    char *plain = page_text_without_widgets(rel);

    ck_assert_ptr_nonnull(strstr(plain, "BNV-CCHC"));
    ck_assert_ptr_null(strstr(plain, "12094"));
    g_free(plain);

    ck_assert_str_eq(cancu_document_number(doc), "12094 /BNV-CCHC");
    ck_assert_str_eq(cancu_document_date(doc), "2025-12-15");
    /* The number joins its blank's line, not the issuer's name above. */
    ck_assert_str_eq(cancu_document_issuer(doc), "BỘ NỘI VỤ");
    ck_assert_str_eq(cancu_document_place(doc), "Hà Nội");
    cancu_document_destroy(doc);
}
END_TEST

static char *blocks_text(const cancu_document_t *doc);

/* A scanned letter under an OCR text layer, signed (UBND tỉnh Lâm Đồng,
 * 2025): the scan covers the page, so no ruling line can be found on it
 * and the page is rendered for its widget's text alone, to one pixel.
 * The signature's text is read all the same, and it is the widget's:
 * the page's own text lacks it. */
START_TEST(test_ingest_pdf__signed_scan_reads_its_widget_text)
{
    const char *rel = "real/vbai-4377-30.09.2025_17h58p29-_signed.pdf";
    cancu_document_t *doc = open_corpus(rel);
    char *plain = page_text_without_widgets(rel), *text;

    ck_assert_ptr_null(strstr(plain, "Ký bởi"));
    g_free(plain);

    text = blocks_text(doc);
    ck_assert_msg(strstr(text, "Ký bởi: UBND tỉnh Lâm Đồng") != NULL, "%s",
                  text);
    ck_assert_ptr_nonnull(strstr(text, "Giờ ký: 30/09/2025 17:58:22"));
    free(text);
    cancu_document_destroy(doc);
}
END_TEST

/* A report signed the same way (Sở Nội vụ Lâm Đồng, 2025), its day and
 * month stamped right after "ngày" and "tháng", touching them, in a
 * size of the widget's own: as shown (pdftoppm), "Lâm Đồng, ngày 12
 * tháng 12 năm 2025", "Số: 629 /TTr-SNV". */
START_TEST(test_ingest_pdf__words_stamped_against_a_word_stay_apart)
{
    cancu_document_t *doc = open_corpus("real/vbai-TTr-BC-CCHC-nam-2025.pdf");
    const cancu_block_t *b = cancu_document_block(doc, 0);

    ck_assert_int_eq(cancu_block_kind(b), CANCU_BLOCK_TABLE);
    ck_assert_ptr_nonnull(strstr(cancu_block_cell_text(b, 0, 1),
                                 "Lâm Đồng, ngày 12 tháng 12 năm 2025"));
    ck_assert_str_eq(cancu_document_number(doc), "629 /TTr-SNV");
    ck_assert_str_eq(cancu_document_date(doc), "2025-12-12");
    cancu_document_destroy(doc);
}
END_TEST

/* A header whose number line runs past the gap between its columns'
 * first lines ("BỘ NỘI VỤ" | "CỘNG HÒA ..."): as shown (pdftoppm), "Số:
 * 11902 /BNV-TCPCP" stands under the issuer, "Hà Nội, ngày 11 tháng 12
 * năm 2025" under the motto, one line. */
START_TEST(test_ingest_pdf__a_long_number_line_stays_in_the_header)
{
    cancu_document_t *doc =
        open_corpus("real/vbai-Cong-van-so-11902-cua-BNV.pdf");
    const cancu_block_t *b = cancu_document_block(doc, 0);

    ck_assert_int_eq(cancu_block_kind(b), CANCU_BLOCK_TABLE);
    ck_assert_str_eq(cancu_block_cell_text(b, 0, 0),
                     "BỘ NỘI VỤ Số: 11902 /BNV-TCPCP");
    ck_assert_str_eq(cancu_document_place(doc), "Hà Nội");
    ck_assert_str_eq(cancu_document_number(doc), "11902 /BNV-TCPCP");
    ck_assert_str_eq(cancu_document_issuer(doc), "BỘ NỘI VỤ");
    ck_assert_str_eq(cancu_document_date(doc), "2025-12-11");
    cancu_document_destroy(doc);
}
END_TEST

/* A letter whose text layer gives some letters as a base and a
 * combining mark ("Sô" U+0301 for "Số", "thuộ" U+0323 ...): read
 * composed (NFC), as DOCX is, so that "Số:" opens its number line. As
 * shown (pdftoppm): "BỘ NỘI VỤ" over "Số: 8151 /BNV-CCHC", "Hà Nội,
 * ngày 18 tháng 9 năm 2025". */
START_TEST(test_ingest_pdf__combining_marks_are_composed)
{
    cancu_document_t *doc = open_corpus(
        "real/vbai-17.9.2025.Vv-lay-y-kien-du-thao-BC-so-ket-2021-2025.pdf");
    char *text = blocks_text(doc);

    /* No combining mark (U+0300 to U+036F) is left. */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        ck_assert_msg(!(*p == 0xCC || (*p == 0xCD && p[1] <= 0xAF)),
                      "a combining mark at \"%.20s\"", (const char *)p);
    ck_assert_ptr_nonnull(strstr(text, "thành phố trực thuộc Trung ương"));
    ck_assert_str_eq(cancu_document_number(doc), "8151 /BNV-CCHC");
    ck_assert_str_eq(cancu_document_issuer(doc), "BỘ NỘI VỤ");
    ck_assert_str_eq(cancu_document_date(doc), "2025-09-18");
    free(text);
    cancu_document_destroy(doc);
}
END_TEST

/* Every PDF of corpora/real (29, most signed): read, or refused in one
 * line that says why: a scan, or a text layer of glyph numbers. */
START_TEST(test_ingest_pdf__real_pdfs_read_or_say_why)
{
    char *dir = test_corpus_path("real");
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t read = 0, scanned = 0, garbled = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char path[1024];
        cancu_document_t *doc = NULL;

        if (n < 4 || strcmp(e->d_name + n - 4, ".pdf") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (cancu_document_open(&doc, path, NULL) == CANCU_STATUS_SUCCESS) {
            ck_assert_uint_gt(cancu_document_block_count(doc), 0);
            read++;
            cancu_document_destroy(doc);
            continue;
        }
        ck_assert_msg(strstr(cancu_error_last(), e->d_name) &&
                          !strchr(cancu_error_last(), '\n'),
                      "%s", cancu_error_last());
        if (strstr(cancu_error_last(), "scanned PDF"))
            scanned++;
        else if (strstr(cancu_error_last(), "does not read as Vietnamese"))
            garbled++;
        else
            ck_abort_msg("%s", cancu_error_last());
    }
    closedir(d);
    free(dir);
    ck_assert_uint_eq(read, 17);
    ck_assert_uint_eq(scanned, 8);
    ck_assert_uint_eq(garbled, 4);
}
END_TEST

/* The PDFs of corpora/broken/: each refused with its status and its
 * reason, one line naming the file. */
START_TEST(test_ingest_pdf__hostile_files_are_refused)
{
    static const struct {
        const char *name;
        cancu_status_t status;
        const char *says;
    } cases[] = {
        {"truncated.pdf", CANCU_STATUS_BAD_INPUT, "not a readable PDF"},
        {"malformed-xref.pdf", CANCU_STATUS_BAD_INPUT, "not a readable PDF"},
        {"deep-nesting.pdf", CANCU_STATUS_BAD_INPUT, "page 1 cannot be read"},
        {"huge-page-count.pdf", CANCU_STATUS_LIMIT_EXCEEDED,
         "2001 pages, over the limit of 2000"},
        {"page-count-lie.pdf", CANCU_STATUS_BAD_INPUT, "no pages"},
        {"glyph-bomb.pdf", CANCU_STATUS_LIMIT_EXCEEDED, "over 40000 glyphs"},
        {"encrypted.pdf", CANCU_STATUS_UNSUPPORTED_FORMAT, "encrypted"},
        {"scanned.pdf", CANCU_STATUS_UNSUPPORTED_FORMAT,
         "scanned PDF, page 1 has no text layer"},
        {"no-text.pdf", CANCU_STATUS_BAD_INPUT, "no text"},
        {"pdf-renamed.docx", CANCU_STATUS_BAD_INPUT, "no text"},
        {"zip-renamed.pdf", CANCU_STATUS_BAD_INPUT, "word/document.xml"},
    };

    /* The limits the fixtures are made for. */
    ck_assert_int_eq(CANCU_PDF_MAX_PAGES, 2000);
    ck_assert_int_eq(CANCU_PDF_MAX_PAGE_GLYPHS, 40000);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char rel[128], *path;
        cancu_document_t *doc = NULL;
        cancu_status_t status;

        snprintf(rel, sizeof rel, "broken/%s", cases[i].name);
        path = test_corpus_path(rel);
        status = cancu_document_open(&doc, path, NULL);
        ck_assert_msg(status == cases[i].status, "%s: status %d: %s",
                      cases[i].name, status, cancu_error_last());
        ck_assert_ptr_null(doc);
        ck_assert_msg(strstr(cancu_error_last(), cases[i].says) != NULL,
                      "%s: %s", cases[i].name, cancu_error_last());
        ck_assert_msg(strstr(cancu_error_last(), cases[i].name) != NULL &&
                          strchr(cancu_error_last(), '\n') == NULL,
                      "%s: %s", cases[i].name, cancu_error_last());
        free(path);
    }
}
END_TEST

/* The file size limit holds for a PDF as for any file. */
START_TEST(test_ingest_pdf__file_size_limit_applies)
{
    char *path = test_corpus_path("pdf/gialai-sgddt-cchc-2022.pdf");
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;

    o.max_file_size = 4096;
    ck_assert_int_eq(cancu_document_open(&doc, path, &o),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "over the limit"));
    free(path);
}
END_TEST

/* The time limits stop a slow file at the page that passed them (made
 * tiny here: the constants are seconds). */
START_TEST(test_ingest_pdf__time_limits_apply)
{
    char *path = test_corpus_path("pdf/gialai-sgddt-cchc-2022.pdf");
    cancu_document_t *doc = NULL;

    ck_assert_int_eq(CANCU_PDF_MAX_PAGE_SECONDS, 10);
    ck_assert_int_eq(CANCU_PDF_MAX_SECONDS, 120);
    cancu_pdf__set_time_limits(1, 0);
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(
        strstr(cancu_error_last(), "page 1 took over 1e-06 s to read"));
    cancu_pdf__set_time_limits(0, 1);
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "the limit for a file"));
    ck_assert_ptr_null(doc);
    cancu_pdf__set_time_limits(0, 0);
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

/* The text of every block of a document, one a line, with its kind. */
static char *blocks_text(const cancu_document_t *doc)
{
    cancu_strbuf_t out = CANCU_STRBUF_INIT;
    char *text;

    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);
        const char *t = cancu_block_text(b);

        cancu_strbuf__printf(&out, "%d %s\n", (int)cancu_block_kind(b),
                             t ? t : "");
    }
    text = strdup(cancu_strbuf__cstr(&out));
    cancu_strbuf__dispose(&out);
    return text;
}

enum { PARALLEL_READERS = 4, READS_EACH = 6 };

typedef struct parallel_read {
    const char *path;
    const char *want;
    size_t differing;
} parallel_read_t;

static void *read_again_and_again(void *arg)
{
    parallel_read_t *job = arg;

    for (int i = 0; i < READS_EACH; i++) {
        cancu_document_t *doc = NULL;
        char *got;

        if (cancu_document_open(&doc, job->path, NULL) !=
            CANCU_STATUS_SUCCESS) {
            job->differing++;
            continue;
        }
        got = blocks_text(doc);
        job->differing += strcmp(got, job->want) != 0;
        free(got);
        cancu_document_destroy(doc);
    }
    return NULL;
}

/* cancu ingest reads files in parallel threads: a PDF read beside others
 * gives what it gives alone (the line grouping's sort once kept its words
 * in one variable for all threads). */
START_TEST(test_ingest_pdf__parallel_reads_give_the_serial_text)
{
    char *path = test_corpus_path("pdf/gialai-sgddt-cchc-2022.pdf");
    cancu_document_t *doc = open_corpus("pdf/gialai-sgddt-cchc-2022.pdf");
    char *want = blocks_text(doc);
    parallel_read_t jobs[PARALLEL_READERS];
    pthread_t threads[PARALLEL_READERS];

    cancu_document_destroy(doc);
    for (int i = 0; i < PARALLEL_READERS; i++) {
        jobs[i] = (parallel_read_t){path, want, 0};
        ck_assert_int_eq(
            pthread_create(&threads[i], NULL, read_again_and_again, &jobs[i]),
            0);
    }
    for (int i = 0; i < PARALLEL_READERS; i++) {
        pthread_join(threads[i], NULL);
        ck_assert_msg(jobs[i].differing == 0,
                      "reader %d: %zu of %d reads differ from the serial one",
                      i, jobs[i].differing, READS_EACH);
    }
    free(want);
    free(path);
}
END_TEST

TCase *ingest_pdf_tcase(void)
{
    TCase *tc = tcase_create("pdf");

    tcase_add_test(tc, test_ingest_pdf__sample_reads_as_its_docx);
    tcase_add_test(tc, test_ingest_pdf__sample_gives_the_24_tasks);
    tcase_add_test(tc, test_ingest_pdf__header_columns_read_as_the_docx_header);
    tcase_add_test(tc, test_ingest_pdf__legacy_fonts_are_converted);
    tcase_add_test(tc, test_ingest_pdf__header_after_a_prefix);
    tcase_add_test(tc, test_ingest_pdf__numbers_stamped_into_widgets_are_read);
    tcase_add_test(tc, test_ingest_pdf__signed_scan_reads_its_widget_text);
    tcase_add_test(tc,
                   test_ingest_pdf__words_stamped_against_a_word_stay_apart);
    tcase_add_test(tc, test_ingest_pdf__combining_marks_are_composed);
    tcase_add_test(tc, test_ingest_pdf__a_long_number_line_stays_in_the_header);
    tcase_add_test(tc, test_ingest_pdf__real_pdfs_read_or_say_why);
    tcase_add_test(tc, test_ingest_pdf__hostile_files_are_refused);
    tcase_add_test(tc, test_ingest_pdf__file_size_limit_applies);
    tcase_add_test(tc, test_ingest_pdf__time_limits_apply);
    tcase_add_test(tc, test_ingest_pdf__parallel_reads_give_the_serial_text);
    return tc;
}
