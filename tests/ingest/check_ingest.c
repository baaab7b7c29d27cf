/* Suite "ingest": TCases text (decoding, blocks), metadata, references. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "ingest/ingest-private.h"

TCase *ingest_docx_tcase(void);
TCase *ingest_doc_tcase(void);
TCase *ingest_legacy_tcase(void);
TCase *ingest_pdf_tcase(void);
TCase *ingest_references_tcase(void);
TCase *ingest_gold_tcase(void);
TCase *ingest_identity_tcase(void);
TCase *ingest_identity_ocr_tcase(void);
TCase *ingest_tasks_tcase(void);
TCase *ingest_deadlines_tcase(void);
TCase *ingest_deadlines_gold_tcase(void);
TCase *ingest_refs_real_tcase(void);
TCase *ingest_ocr_tcase(void);

static cancu_document_t *open_text(const char *name, const void *data,
                                   size_t len)
{
    cancu_document_t *doc = NULL;
    cancu_status_t status =
        cancu_document_open_buffer(&doc, name, data, len, NULL);

    ck_assert_msg(status == CANCU_STATUS_SUCCESS, "%s: %s", name,
                  cancu_error_last());
    return doc;
}

static cancu_status_t open_status(const void *data, size_t len)
{
    cancu_document_t *doc = NULL;
    cancu_status_t status =
        cancu_document_open_buffer(&doc, "bad.txt", data, len, NULL);

    ck_assert(status != CANCU_STATUS_SUCCESS || doc != NULL);
    cancu_document_destroy(doc);
    return status;
}

/* UTF-16 of an ASCII/BMP UTF-8 string, with a BOM. */
static char *to_utf16(const char *utf8, bool big_endian, size_t *len_out)
{
    size_t n = strlen(utf8), k = 0;
    char *out = malloc(2 * n + 2);

    out[k++] = big_endian ? (char)0xFE : (char)0xFF;
    out[k++] = big_endian ? (char)0xFF : (char)0xFE;
    for (size_t i = 0; i < n;) {
        unsigned c = (unsigned char)utf8[i], cp;

        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if (c < 0xE0) {
            cp = ((c & 0x1F) << 6) | (utf8[i + 1] & 0x3F);
            i += 2;
        } else {
            cp = ((c & 0x0F) << 12) | ((utf8[i + 1] & 0x3F) << 6) |
                 (utf8[i + 2] & 0x3F);
            i += 3;
        }
        out[k++] = (char)(big_endian ? cp >> 8 : cp & 0xFF);
        out[k++] = (char)(big_endian ? cp & 0xFF : cp >> 8);
    }
    *len_out = k;
    return out;
}

static const char plain[] = "Căn cứ Nghị định số 45/2020/NĐ-CP\n"
                            "STT\tNhiệm vụ\tThời gian\n"
                            "1\tChuẩn hoá\tQuý I/2022\n";

START_TEST(test_ingest_text__utf8_bom_crlf_utf16_give_one_id)
{
    const char bom[] = "\xEF\xBB\xBF";
    char *variant = malloc(sizeof plain * 2 + 4);
    cancu_document_t *base = open_text("plain.txt", plain, strlen(plain));
    cancu_document_t *doc;
    size_t k = 0, len;
    char *u16;

    ck_assert_str_eq(cancu_document_encoding(base), "UTF-8");
    /* BOM and CRLF. */
    memcpy(variant, bom, 3);
    k = 3;
    for (const char *p = plain; *p; p++) {
        if (*p == '\n')
            variant[k++] = '\r';
        variant[k++] = *p;
    }
    doc = open_text("bom.txt", variant, k);
    ck_assert_str_eq(cancu_document_id(doc), cancu_document_id(base));
    cancu_document_destroy(doc);
    free(variant);

    u16 = to_utf16(plain, false, &len);
    doc = open_text("le.txt", u16, len);
    ck_assert_str_eq(cancu_document_encoding(doc), "UTF-16LE");
    ck_assert_str_eq(cancu_document_id(doc), cancu_document_id(base));
    cancu_document_destroy(doc);
    free(u16);

    u16 = to_utf16(plain, true, &len);
    doc = open_text("be.txt", u16, len);
    ck_assert_str_eq(cancu_document_encoding(doc), "UTF-16BE");
    ck_assert_str_eq(cancu_document_id(doc), cancu_document_id(base));
    cancu_document_destroy(doc);
    free(u16);
    cancu_document_destroy(base);
}
END_TEST

START_TEST(test_ingest_text__utf16_without_bom_is_recognised)
{
    size_t len;
    char *u16 = to_utf16(plain, false, &len);
    cancu_document_t *doc = open_text("nobom.txt", u16 + 2, len - 2);

    ck_assert_str_eq(cancu_document_encoding(doc), "UTF-16LE");
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "Căn cứ Nghị định số 45/2020/NĐ-CP");
    cancu_document_destroy(doc);
    free(u16);
}
END_TEST

START_TEST(test_ingest_text__nfd_becomes_nfc)
{
    /* "hoá" decomposed: o, a, combining acute. */
    const char nfd[] = "chuan hoa\xCC\x81\n";
    cancu_document_t *doc = open_text("nfd.txt", nfd, strlen(nfd));

    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "chuan hoá");
    cancu_document_destroy(doc);
}
END_TEST

/* ICU's NFC of UTF-8 'text', for comparison. */
static char *icu_nfc(const char *text)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    UChar u[64], n[64];
    int32_t len, nlen;
    char *out = malloc(256);

    u_strFromUTF8(u, 64, &len, text, -1, &err);
    nlen = unorm2_normalize(nfc, u, len, n, 64, &err);
    u_strToUTF8(out, 256, NULL, n, nlen, &err);
    ck_assert_msg(U_SUCCESS(err), "%s", u_errorName(err));
    return out;
}

START_TEST(test_ingest_text__nfc_shortcut_agrees_with_icu)
{
    /* Text already NFC is copied without ICU: for every code point of
     * the ranges the shortcut knows and some past them, alone and before
     * combining marks, the result is ICU's. */
    static const char *const after[] = {"", "\xCC\x81", "\xCC\xA3\xCC\x82",
                                        "\xE1\xBB\x87"};

    for (UChar32 c = 1; c < 0x2100; c++) {
        for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
            char text[32], *got = NULL, *want;
            int32_t n = 0;
            UBool error = false;
            size_t len;

            text[0] = 'a';
            n = 1;
            U8_APPEND(text, n, (int32_t)sizeof text, c, error);
            ck_assert(!error);
            snprintf(text + n, sizeof text - (size_t)n, "%s b", after[k]);
            ck_assert_int_eq(
                cancu_normalize__nfc(&got, &len, text, strlen(text)),
                CANCU_STATUS_SUCCESS);
            want = icu_nfc(text);
            ck_assert_msg(strcmp(got, want) == 0 && len == strlen(want),
                          "U+%04X + %zu", (unsigned)c, k);
            free(got);
            free(want);
        }
    }
}
END_TEST

START_TEST(test_ingest_text__tabs_make_table_rows)
{
    cancu_document_t *doc = open_text("t.txt", plain, strlen(plain));
    const cancu_block_t *table;

    ck_assert_uint_eq(cancu_document_block_count(doc), 2);
    table = cancu_document_block(doc, 1);
    ck_assert_int_eq(cancu_block_kind(table), CANCU_BLOCK_TABLE);
    ck_assert_uint_eq(cancu_block_row_count(table), 2);
    ck_assert_uint_eq(cancu_block_cell_count(table, 1), 3);
    ck_assert_str_eq(cancu_block_cell_text(table, 1, 1), "Chuẩn hoá");
    ck_assert_uint_eq(cancu_block_row_line(table, 1), 3);
    ck_assert_ptr_null(cancu_block_cell_text(table, 1, 3));
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_text__continuation_row_keeps_empty_cells)
{
    const char text[] = "STT\tMục tiêu\tNhiệm vụ\n"
                        "6\tKhắc phục sự trùng lặp, chồng\tQuy định\n"
                        "\tchéo chức năng\t\n"
                        "\tindented paragraph\n";
    cancu_document_t *doc = open_text("c.txt", text, strlen(text));
    const cancu_block_t *table = cancu_document_block(doc, 0);

    ck_assert_uint_eq(cancu_block_row_count(table), 4);
    ck_assert_str_eq(cancu_block_cell_text(table, 2, 0), "");
    ck_assert_str_eq(cancu_block_cell_text(table, 2, 1), "chéo chức năng");
    cancu_document_destroy(doc);

    /* Outside a table, a leading tab is indentation. */
    doc = open_text("p.txt", "\tindented paragraph\n", 20);
    ck_assert_int_eq(cancu_block_kind(cancu_document_block(doc, 0)),
                     CANCU_BLOCK_PARAGRAPH);
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "indented paragraph");
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_text__rejects_what_is_not_text)
{
    static const char binary[] = "PLAN\0\0\x01\x02garbage\0more";
    /* Latin-1 German: not UTF-8, and no legacy Vietnamese encoding reads
     * it as Vietnamese. */
    static const char bad_utf8[] = "Die Gr\xF6\xDF"
                                   "e der \xDC"
                                   "bung f\xFCr Stra\xDF"
                                   "en und Pl\xE4tze\n";
    unsigned char noise[4096];

    ck_assert_int_eq(open_status(binary, sizeof binary),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "bad.txt: binary"));
    ck_assert_int_eq(open_status(bad_utf8, strlen(bad_utf8)),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "offset 6"));
    /* Short binary with zero bytes is not BOM-less UTF-16. */
    ck_assert_int_eq(open_status("abc\0\1\2def\0", 10), CANCU_STATUS_BAD_INPUT);
    ck_assert_int_eq(open_status("", 0), CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "empty"));
    ck_assert_int_eq(open_status("\n\n  \n", 5), CANCU_STATUS_BAD_INPUT);
    for (size_t i = 0; i < sizeof noise; i++)
        noise[i] = (unsigned char)((i * 7919u) >> 3);
    ck_assert_int_eq(open_status(noise, sizeof noise), CANCU_STATUS_BAD_INPUT);
    /* A PDF header and nothing after it is a PDF that cannot be read. */
    ck_assert_int_eq(open_status("%PDF-1.7\n...", 12), CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "not a readable PDF"));
    /* Renamed files say what they are. */
    /* A compound file's magic alone is read as a .doc, and is not one. */
    ck_assert_int_eq(open_status("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xx", 10),
                     CANCU_STATUS_BAD_INPUT);
    ck_assert_ptr_nonnull(
        strstr(cancu_error_last(), "corrupt or truncated compound file"));
}
END_TEST

START_TEST(test_ingest_text__size_limit_is_enforced)
{
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;

    o.max_file_size = 8;
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "big.txt", plain, strlen(plain), &o),
        CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_null(doc);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "big.txt"));
}
END_TEST

START_TEST(test_ingest_text__text_only_reads_the_same_text)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.docx");
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *full = NULL, *text = NULL, *old = NULL;

    ck_assert_int_eq(cancu_document_open(&full, path, NULL),
                     CANCU_STATUS_SUCCESS);
    o.flags = CANCU_READ_TEXT_ONLY;
    ck_assert_int_eq(cancu_document_open(&text, path, &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_id(text), cancu_document_id(full));
    ck_assert_uint_eq(cancu_document_block_count(text),
                      cancu_document_block_count(full));
    for (size_t i = 0; i < cancu_document_block_count(full); i++) {
        const cancu_block_t *a = cancu_document_block(full, i);
        const cancu_block_t *b = cancu_document_block(text, i);

        ck_assert_str_eq(cancu_block_text(b), cancu_block_text(a));
        ck_assert_str_eq(cancu_block_style(b), cancu_block_style(a));
        ck_assert_str_eq(cancu_block_section(b), "");
    }
    /* Nothing derived: as a plan that has none. */
    ck_assert_uint_gt(cancu_document_reference_count(full), 0);
    ck_assert_uint_eq(cancu_document_reference_count(text), 0);
    ck_assert_uint_eq(cancu_document_task_count(text), 0);
    ck_assert_str_eq(cancu_document_title(text), "");
    ck_assert_str_ne(cancu_document_title(full), "");
    /* A version 1 struct has no flags. */
    o.version = 1;
    ck_assert_int_eq(cancu_document_open(&old, path, &o), CANCU_STATUS_SUCCESS);
    ck_assert_uint_eq(cancu_document_reference_count(old),
                      cancu_document_reference_count(full));
    cancu_document_destroy(full);
    cancu_document_destroy(text);
    cancu_document_destroy(old);
    free(path);
}
END_TEST

START_TEST(test_ingest_text__legacy_detected_or_forced)
{
    /* "Hà Nội" in Windows-1258, tone marks combining: a, 0xCC (grave);
     * ô (0xF4), 0xF2 (dot below). Not UTF-8; read as Vietnamese. */
    static const char cp1258[] = "Ha\xCC N\xF4\xF2i, tha\xCCnh ph\xF4\xEC "
                                 "\xF0\xF4\xECng b\xF4\xECng\n";
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = open_text("w.txt", cp1258, strlen(cp1258));

    ck_assert_str_eq(cancu_document_encoding(doc), "windows-1258");
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "Hà Nội, thành phố đống bống");
    cancu_document_destroy(doc);
    o.encoding = "windows-1258";
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "w.txt", cp1258, strlen(cp1258), &o),
        CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_encoding(doc), "windows-1258");
    cancu_document_destroy(doc);
    /* Forcing an ICU converter that is not a Vietnamese one. */
    o.encoding = "ISO-8859-1";
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "w.txt", cp1258, strlen(cp1258), &o),
        CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_encoding(doc), "ISO-8859-1");
    cancu_document_destroy(doc);
    o.encoding = "no-such-encoding";
    ck_assert_int_eq(
        cancu_document_open_buffer(&doc, "w.txt", cp1258, strlen(cp1258), &o),
        CANCU_STATUS_INVALID_ARGUMENT);
}
END_TEST

START_TEST(test_ingest_metadata__headings)
{
    char label[32];
    int level;

    ck_assert(cancu_metadata__heading("II. NHIỆM VỤ", label, sizeof label,
                                      &level, NULL));
    ck_assert_str_eq(label, "II");
    ck_assert_int_eq(level, 1);
    ck_assert(cancu_metadata__heading("3. Cải cách tổ chức bộ máy", label,
                                      sizeof label, &level, NULL));
    ck_assert_str_eq(label, "3");
    ck_assert_int_eq(level, 2);
    ck_assert(cancu_metadata__heading("a) Nâng cao", label, sizeof label,
                                      &level, NULL));
    ck_assert_str_eq(label, "a");
    ck_assert_int_eq(level, 3);
    ck_assert(cancu_metadata__heading("- Triển khai", label, sizeof label,
                                      &level, NULL));
    ck_assert_int_eq(level, 0);
    ck_assert(!cancu_metadata__heading("Căn cứ Nghị định", label, sizeof label,
                                       &level, NULL));
    ck_assert(!cancu_metadata__heading("2022 là năm", label, sizeof label,
                                       &level, NULL));
}
END_TEST

START_TEST(test_ingest_metadata__sample_plan)
{
    char *path = test_corpus_path("default/gialai-sgddt-cchc-2022.txt");
    cancu_document_t *doc = NULL;
    bool seen_section = false;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(cancu_document_title(doc), "Cải cách hành chính năm 2022");
    /* "ngày   tháng 12 năm 2021": the day is left blank. */
    ck_assert_str_eq(cancu_document_date(doc), "2021-12");
    ck_assert_str_eq(cancu_document_format(doc), "txt");
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);

        if (strncmp(cancu_block_text(b),
                    "- Tăng cường công tác quản lý, sử "
                    "dụng biên chế",
                    50) == 0) {
            ck_assert_str_eq(cancu_block_section(b), "II.3");
            seen_section = true;
        }
        if (cancu_block_kind(b) == CANCU_BLOCK_TABLE)
            ck_assert_str_eq(cancu_block_section(b), "Phụ lục");
    }
    ck_assert(seen_section);
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

static Suite *ingest_suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("text");

    tcase_add_test(tc, test_ingest_text__utf8_bom_crlf_utf16_give_one_id);
    tcase_add_test(tc, test_ingest_text__utf16_without_bom_is_recognised);
    tcase_add_test(tc, test_ingest_text__nfd_becomes_nfc);
    tcase_add_test(tc, test_ingest_text__nfc_shortcut_agrees_with_icu);
    tcase_add_test(tc, test_ingest_text__tabs_make_table_rows);
    tcase_add_test(tc, test_ingest_text__continuation_row_keeps_empty_cells);
    tcase_add_test(tc, test_ingest_text__rejects_what_is_not_text);
    tcase_add_test(tc, test_ingest_text__size_limit_is_enforced);
    tcase_add_test(tc, test_ingest_text__text_only_reads_the_same_text);
    tcase_add_test(tc, test_ingest_text__legacy_detected_or_forced);
    suite_add_tcase(s, tc);
    tc = tcase_create("metadata");
    tcase_add_test(tc, test_ingest_metadata__headings);
    tcase_add_test(tc, test_ingest_metadata__sample_plan);
    suite_add_tcase(s, tc);
    suite_add_tcase(s, ingest_references_tcase());
    suite_add_tcase(s, ingest_gold_tcase());
    suite_add_tcase(s, ingest_identity_tcase());
    suite_add_tcase(s, ingest_identity_ocr_tcase());
    suite_add_tcase(s, ingest_tasks_tcase());
    suite_add_tcase(s, ingest_deadlines_tcase());
    suite_add_tcase(s, ingest_deadlines_gold_tcase());
    suite_add_tcase(s, ingest_ocr_tcase());
    suite_add_tcase(s, ingest_refs_real_tcase());
    suite_add_tcase(s, ingest_docx_tcase());
    suite_add_tcase(s, ingest_doc_tcase());
    suite_add_tcase(s, ingest_legacy_tcase());
    suite_add_tcase(s, ingest_pdf_tcase());
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ingest_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
