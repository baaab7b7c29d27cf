/* Suite "ingest", TCase "doc": Word 97-2003 files. The fixtures of
 * corpora/doc/ were saved by LibreOffice (scripts/fixtures-doc.sh); the
 * hostile ones of corpora/broken/ are made byte by byte. */
#include <check.h>
#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "helpers.h"

TCase *ingest_doc_tcase(void);

/* The paragraphs, or the table rows (cells joined by tabs), of 'doc'
 * one a line; emphasis marks a converter left in a TXT are not text. */
static char *flatten(const cancu_document_t *doc, bool tables)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);

    out[0] = '\0';
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);

        if ((cancu_block_kind(b) == CANCU_BLOCK_TABLE) != tables)
            continue;
        for (const char *p = cancu_block_text(b); *p && len + 2 < cap; p++)
            if (*p != '*')
                out[len++] = *p;
        out[len++] = '\n';
        out[len] = '\0';
    }
    return out;
}

static cancu_document_t *open_corpus(const char *relative)
{
    char *path = test_corpus_path(relative);
    cancu_document_t *doc = NULL;

    ck_assert_msg(cancu_document_open(&doc, path, NULL) == CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    free(path);
    return doc;
}

#define ASSERT_SAME_FLAT(a, b, tables)                                         \
    do {                                                                       \
        char *fa_ = flatten(a, tables), *fb_ = flatten(b, tables);             \
        ck_assert_str_eq(fa_, fb_);                                            \
        free(fa_);                                                             \
        free(fb_);                                                             \
    } while (0)

START_TEST(test_ingest_doc__sample_matches_its_txt)
{
    cancu_document_t *doc = open_corpus("doc/gialai-sgddt-cchc-2022.doc");
    cancu_document_t *txt = open_corpus("default/gialai-sgddt-cchc-2022.txt");
    cancu_document_t *docx = open_corpus("default/gialai-sgddt-cchc-2022.docx");

    ck_assert_str_eq(cancu_document_format(doc), "doc");
    ck_assert_str_eq(cancu_document_title(doc), cancu_document_title(txt));
    ck_assert_str_eq(cancu_document_date(doc), cancu_document_date(txt));
    ck_assert_uint_eq(cancu_document_reference_count(doc),
                      cancu_document_reference_count(txt));
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++)
        ck_assert_str_eq(cancu_reference_id(cancu_document_reference(doc, i)),
                         cancu_reference_id(cancu_document_reference(txt, i)));
    /* The same paragraphs and table rows as the TXT, and as the DOCX it
     * was saved from, which holds the table whole. */
    ASSERT_SAME_FLAT(doc, txt, true);
    ASSERT_SAME_FLAT(doc, txt, false);
    ASSERT_SAME_FLAT(doc, docx, true);
    ASSERT_SAME_FLAT(doc, docx, false);
    /* Same text, same content id, whatever the format. */
    ck_assert_str_eq(cancu_document_id(doc), cancu_document_id(docx));
    cancu_document_destroy(doc);
    cancu_document_destroy(txt);
    cancu_document_destroy(docx);
}
END_TEST

static const cancu_block_t *find_block(const cancu_document_t *doc,
                                       const char *text)
{
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);

        if (strcmp(cancu_block_text(b), text) == 0)
            return b;
    }
    ck_abort_msg("no block reads '%s'", text);
    return NULL;
}

START_TEST(test_ingest_doc__fields_notes_hidden_breaks)
{
    cancu_document_t *doc = open_corpus("doc/features.doc");
    const cancu_block_t *note;
    char *all = flatten(doc, false);

    /* A field gives its result, never its instruction. */
    find_block(doc, "Xem trang thông tin của Sở.");
    ck_assert_ptr_null(strstr(all, "HYPERLINK"));
    ck_assert_ptr_null(strstr(all, "example.invalid"));
    /* Hidden text is not read; a line break ends a line. */
    find_block(doc, "Hiện rồi.");
    ck_assert_ptr_null(strstr(all, "ẨN"));
    find_block(doc, "Dòng một");
    find_block(doc, "Dòng hai");
    /* A text box's paragraph follows the paragraph holding its shape. */
    ck_assert_ptr_nonnull(
        strstr(all, "Trước hộp.\nNội dung trong hộp văn bản.\n"));
    /* The footnote comes after the body, linked to the paragraph that
     * refers to it, its number mark left out. */
    note = find_block(doc, "Thay thế Thông tư số 01/2021/TT-BNV.");
    ck_assert_str_eq(cancu_block_note(note), "footnote");
    ck_assert_str_eq(
        cancu_block_text(cancu_document_block(doc, cancu_block_anchor(note))),
        "Căn cứ Nghị định số 45/2020/NĐ-CP của Chính phủ.");
    ck_assert_str_eq(cancu_block_note(find_block(doc, "Hết.")), "");
    free(all);
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_doc__table_rows_header_and_merges)
{
    cancu_document_t *doc = open_corpus("doc/features.doc");
    const cancu_block_t *t = NULL;

    for (size_t i = 0; i < cancu_document_block_count(doc) && !t; i++)
        if (cancu_block_kind(cancu_document_block(doc, i)) == CANCU_BLOCK_TABLE)
            t = cancu_document_block(doc, i);
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(cancu_block_row_count(t), 3);
    ck_assert(cancu_block_row_is_header(t, 0));
    ck_assert(!cancu_block_row_is_header(t, 1));
    for (size_t r = 0; r < 3; r++)
        ck_assert_uint_eq(cancu_block_cell_count(t, r), 3);
    ck_assert_str_eq(cancu_block_cell_text(t, 0, 2), "Đơn vị chủ trì");
    ck_assert_str_eq(cancu_block_cell_text(t, 1, 1), "Rà soát thủ tục");
    /* An empty cell stays in its column. */
    ck_assert_str_eq(cancu_block_cell_text(t, 1, 2), "");
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 2), "Văn phòng");
    /* A continued vertical merge reads as the cell it continues. */
    ck_assert_str_eq(cancu_block_cell_text(t, 2, 0), "1");
    ck_assert(cancu_block_cell_is_merged(t, 2, 0));
    ck_assert(!cancu_block_cell_is_merged(t, 1, 0));
    /* The paragraph after the table is a paragraph again. */
    ck_assert_int_eq(cancu_block_kind(find_block(doc, "Hết.")),
                     CANCU_BLOCK_PARAGRAPH);
    cancu_document_destroy(doc);
}
END_TEST

START_TEST(test_ingest_doc__legacy_font_runs)
{
    cancu_document_t *doc = open_corpus("doc/features.doc");

    /* TCVN3 by the run's font, its capitals-only variant, VNI-Windows,
     * and TCVN3 by the paragraph style's font. */
    find_block(doc, "Kế hoạch năm 2022");
    find_block(doc, "KẾ HOẠCH");
    find_block(doc, "Sở Nội vụ");
    ck_assert_str_eq(cancu_block_style(find_block(doc, "Cải cách hành chính")),
                     "VnBody");
    /* Unicode runs are left as they are. */
    find_block(doc, "Văn bản thử đọc .doc");
    ck_assert_str_eq(cancu_document_encoding(doc), "TCVN3");
    cancu_document_destroy(doc);
}
END_TEST

/* The small fixture reads as the DOCX it was saved from: the same text,
 * labels, notes and rows. */
START_TEST(test_ingest_doc__features_read_as_their_docx)
{
    cancu_document_t *doc = open_corpus("doc/features.doc");
    cancu_document_t *docx = open_corpus("doc/features.docx");

    ASSERT_SAME_FLAT(doc, docx, false);
    ASSERT_SAME_FLAT(doc, docx, true);
    ck_assert_uint_eq(cancu_document_block_count(doc),
                      cancu_document_block_count(docx));
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *a = cancu_document_block(doc, i);
        const cancu_block_t *b = cancu_document_block(docx, i);

        ck_assert_str_eq(cancu_block_label(a), cancu_block_label(b));
        ck_assert_str_eq(cancu_block_note(a), cancu_block_note(b));
        ck_assert_uint_eq(cancu_block_anchor(a), cancu_block_anchor(b));
        ck_assert_uint_eq(cancu_block_row_count(a), cancu_block_row_count(b));
    }
    ck_assert_str_eq(cancu_document_id(doc), cancu_document_id(docx));
    cancu_document_destroy(doc);
    cancu_document_destroy(docx);
}
END_TEST

/* Word's list numbering gives the labels: Roman parts, Arabic sections,
 * lettered subsections counted again under each part, and bullets. */
START_TEST(test_ingest_doc__list_numbering_labels)
{
    cancu_document_t *doc = open_corpus("doc/features.doc");
    static const char *const labels[][2] = {
        {"MỤC TIÊU", "I."},
        {"Cải cách thể chế", "1."},
        {"Nâng cao chất lượng", "a)"},
        {"Triển khai", "-"},
        {"Đổi mới", "b)"},
        {"NHIỆM VỤ", "II."},
        {"Cải cách thủ tục", "1."},
        {"Hết.", ""},
    };

    for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
        ck_assert_str_eq(cancu_block_label(find_block(doc, labels[i][0])),
                         labels[i][1]);
    cancu_document_destroy(doc);
}
END_TEST

/* Each hostile .doc of corpora/broken/ is refused with its status and a
 * message naming the file and the reason. */
START_TEST(test_ingest_doc__hostile_files)
{
    static const struct {
        const char *file;
        cancu_status_t status;
        const char *says;
    } cases[] = {
        {"doc-piece-outside.doc", CANCU_STATUS_BAD_INPUT,
         "piece 1 of the piece table points outside the WordDocument"},
        {"doc-pieces-repeat.doc", CANCU_STATUS_BAD_INPUT,
         "pieces hold more text than the WordDocument stream"},
        {"doc-clx-outside.doc", CANCU_STATUS_BAD_INPUT,
         "piece table lies outside the table stream"},
        {"doc-no-table.doc", CANCU_STATUS_BAD_INPUT,
         "table stream 1Table is missing"},
        {"doc-encrypted.doc", CANCU_STATUS_UNSUPPORTED_FORMAT,
         "encrypted (password-protected) Word document"},
        {"doc-fast-saved.doc", CANCU_STATUS_UNSUPPORTED_FORMAT, "fast-saved"},
        {"doc-word95.doc", CANCU_STATUS_UNSUPPORTED_FORMAT,
         "Word 6.0/95 or older document (nFib 101)"},
        {"doc-papx-outside.doc", CANCU_STATUS_BAD_INPUT,
         "formatting lies outside the WordDocument stream"},
        {"doc-truncated.doc", CANCU_STATUS_BAD_INPUT,
         "corrupt or truncated compound file"},
        {"doc-root-sibling.doc", CANCU_STATUS_BAD_INPUT,
         "root directory entry has siblings"},
        {"excel97.doc", CANCU_STATUS_UNSUPPORTED_FORMAT,
         "no WordDocument stream"},
        {"word97.doc", CANCU_STATUS_BAD_INPUT, "the FIB is damaged"},
    };

    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char rel[128], *path;
        cancu_document_t *doc = NULL;

        snprintf(rel, sizeof rel, "broken/%s", cases[i].file);
        path = test_corpus_path(rel);
        ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                         cases[i].status);
        ck_assert_ptr_null(doc);
        ck_assert_msg(strstr(cancu_error_last(), cases[i].says) &&
                          strstr(cancu_error_last(), cases[i].file),
                      "%s: %s", cases[i].file, cancu_error_last());
        ck_assert_ptr_null(strchr(cancu_error_last(), '\n'));
        free(path);
    }
}
END_TEST

/* The same page of properties named 3000 times is read once. */
START_TEST(test_ingest_doc__repeated_pages_read_once)
{
    cancu_document_t *doc = open_corpus("broken/doc-pages-repeat.doc");

    ck_assert_uint_eq(cancu_document_block_count(doc), 1);
    ck_assert_str_eq(cancu_block_text(cancu_document_block(doc, 0)),
                     "Ke hoach 2022");
    ck_assert_str_eq(cancu_document_encoding(doc), "windows-1252");
    cancu_document_destroy(doc);
}
END_TEST

/* The sample cut short anywhere, or with bytes of its streams changed,
 * is read or refused, never more: no crash, no overrun (ASan), no
 * unbounded work. */
START_TEST(test_ingest_doc__damaged_sample_never_crashes)
{
    char *path = test_corpus_path("doc/features.doc");
    size_t len;
    char *data = test_read_file(path, &len), *copy = malloc(len);
    unsigned seed = 12345;

    for (size_t cut = 512; cut < len; cut += 512) {
        cancu_document_t *doc = NULL;

        if (cancu_document_open_buffer(&doc, "cut.doc", data, cut, NULL) ==
            CANCU_STATUS_SUCCESS)
            cancu_document_destroy(doc);
    }
    for (int round = 0; round < 300; round++) {
        cancu_document_t *doc = NULL;

        memcpy(copy, data, len);
        /* Past the compound file's header and FAT: the streams. */
        for (int k = 0; k < 8; k++) {
            seed = seed * 1103515245u + 12345u;
            copy[1024 + (seed >> 8) % (len - 1024)] = (char)(seed >> 16);
        }
        if (cancu_document_open_buffer(&doc, "bytes.doc", copy, len, NULL) ==
            CANCU_STATUS_SUCCESS)
            cancu_document_destroy(doc);
    }
    free(copy);
    free(data);
    free(path);
}
END_TEST

/* Every Word 97-2003 file of corpora/real/ reads, or, fast-saved, is
 * refused in one line that says so; those that read have text. */
START_TEST(test_ingest_doc__real_files_read_or_say_why)
{
    char *dir_path = test_corpus_path("real");
    DIR *dir = opendir(dir_path);
    struct dirent *ent;
    size_t read = 0, refused = 0;

    ck_assert_ptr_nonnull(dir);
    while ((ent = readdir(dir))) {
        size_t n = strlen(ent->d_name);
        char path[1024];
        cancu_document_t *doc = NULL;
        cancu_status_t status;

        if (n < 5 || strcmp(ent->d_name + n - 4, ".doc") != 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir_path, ent->d_name);
        status = cancu_document_open(&doc, path, NULL);
        if (status == CANCU_STATUS_SUCCESS) {
            ck_assert_uint_gt(cancu_document_block_count(doc), 0);
            ck_assert_str_eq(cancu_document_format(doc), "doc");
            read++;
        } else {
            ck_assert_int_eq(status, CANCU_STATUS_UNSUPPORTED_FORMAT);
            ck_assert_msg(strstr(cancu_error_last(), ent->d_name) &&
                              strstr(cancu_error_last(), "fast-saved") &&
                              !strchr(cancu_error_last(), '\n'),
                          "%s", cancu_error_last());
            refused++;
        }
        cancu_document_destroy(doc);
    }
    closedir(dir);
    free(dir_path);
    /* 55 of the 60 on 2026-12-02; 5 fast-saved. */
    ck_assert_uint_ge(read, 55);
    ck_assert_uint_le(refused, 5);
}
END_TEST

enum { FIRST_READERS = 8 };

static pthread_barrier_t first_readers;

static void *read_first_doc(void *payload)
{
    char *path = payload;
    cancu_document_t *doc = NULL;
    cancu_status_t status;

    pthread_barrier_wait(&first_readers);
    status = cancu_document_open(&doc, path, NULL);
    cancu_document_destroy(doc);
    return (void *)(intptr_t)status;
}

/* The first .doc files a process reads, on several threads at once, as
 * an ingest's reader threads read a folder of them: libgsf registers its
 * object types on first use, unguarded, and two threads registering
 * GsfInput at once crashed (34 of 40 ingests of eight .doc files). Each
 * run of the loop is a process of its own (Check forks), its first
 * reading. */
START_TEST(test_ingest_doc__first_files_read_on_threads_at_once)
{
    char *path = test_corpus_path("doc/features.doc");
    pthread_t threads[FIRST_READERS];

    ck_assert_int_eq(pthread_barrier_init(&first_readers, NULL, FIRST_READERS),
                     0);
    for (size_t i = 0; i < FIRST_READERS; i++)
        ck_assert_int_eq(
            pthread_create(&threads[i], NULL, read_first_doc, path), 0);
    for (size_t i = 0; i < FIRST_READERS; i++) {
        void *status = NULL;

        ck_assert_int_eq(pthread_join(threads[i], &status), 0);
        ck_assert_int_eq((intptr_t)status, CANCU_STATUS_SUCCESS);
    }
    pthread_barrier_destroy(&first_readers);
    free(path);
}
END_TEST

TCase *ingest_doc_tcase(void)
{
    TCase *tc = tcase_create("doc");

    tcase_add_test(tc, test_ingest_doc__sample_matches_its_txt);
    tcase_add_test(tc, test_ingest_doc__fields_notes_hidden_breaks);
    tcase_add_test(tc, test_ingest_doc__table_rows_header_and_merges);
    tcase_add_test(tc, test_ingest_doc__legacy_font_runs);
    tcase_add_test(tc, test_ingest_doc__features_read_as_their_docx);
    tcase_add_test(tc, test_ingest_doc__list_numbering_labels);
    tcase_add_test(tc, test_ingest_doc__real_files_read_or_say_why);
    tcase_add_test(tc, test_ingest_doc__hostile_files);
    tcase_add_test(tc, test_ingest_doc__repeated_pages_read_once);
    tcase_add_test(tc, test_ingest_doc__damaged_sample_never_crashes);
    tcase_add_loop_test(
        tc, test_ingest_doc__first_files_read_on_threads_at_once, 0, 10);
    return tc;
}
