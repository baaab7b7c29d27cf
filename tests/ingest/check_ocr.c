/* Suite "ingest", TCase "ocr": Tesseract on a scanned page of the sample
 * plan (corpora/scan/, made by scripts/fixtures-ocr.sh), read as pixels
 * from its PNG and through poppler from its PDF; the limits; the missing
 * language data; two threads at once. */
#include <check.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <allheaders.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>

#include <cancu/cancu.h>

#include "helpers.h"
#include "index/analyzer.h"
#include "ingest/ingest-private.h"
#include "util/util.h"
#include "ingest/ocr.h"

TCase *ingest_ocr_tcase(void);

#define SCAN_PNG "scan/gialai-sgddt-cchc-2022-p1.png"
#define SCAN_PDF "scan/gialai-sgddt-cchc-2022-p1.pdf"
#define SAMPLE_TXT "default/gialai-sgddt-cchc-2022.txt"
/* The scanned page is page 1 of LibreOffice's layout of the sample: lines
 * 1 to 24 of the TXT (down to item 6 of I. MỤC TIÊU). */
#define PAGE_FIRST_LINE 1
#define PAGE_LAST_LINE 24
#define SCAN_DPI 200
/* At least this share of the page's words read right. */
#define MIN_WORD_ACCURACY 0.9

/* What page 1 cites, as cancu reads it in the TXT. */
static const char *const page_refs[] = {"602/QĐ-UBND", "924/QĐ-UBND",
                                        "59/2012/NĐ-CP", "32/2020/NĐ-CP"};

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A gray image loaded by leptonica, as plain bytes. */
typedef struct gray_image {
    unsigned char *pixels;
    int width;
    int height;
} gray_image_t;

/* How a scanner spoils a page: a page fed askew, a lens a little soft,
 * sensor noise. (Three degrees, a 5-pixel blur and noise of 48 leave
 * Tesseract nothing it reads as text.) */
#define SKEW_DEGREES 1.5
#define NOISE_STDEV 24
#define BLUR_HALF_WIDTH 1

/* The PNG in corpora/, in gray, spoiled as a scanner would when asked. */
static gray_image_t load_gray_as(const char *relative, bool spoil)
{
    char *path = test_corpus_path(relative);
    PIX *pix = pixRead(path), *gray;
    gray_image_t g;
    l_uint32 *data;
    int wpl;

    ck_assert_msg(pix != NULL, "%s cannot be read", path);
    gray = pixConvertTo8(pix, 0);
    ck_assert_ptr_nonnull(gray);
    if (spoil) {
        PIX *turned = pixRotate(gray, (float)(SKEW_DEGREES * 3.14159265 / 180),
                                L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
        PIX *soft = pixBlockconv(turned, BLUR_HALF_WIDTH, BLUR_HALF_WIDTH);
        PIX *noisy;

        srand(1); /* The same noise each run. */
        noisy = pixAddGaussianNoise(soft, NOISE_STDEV);
        ck_assert(turned && soft && noisy);
        pixDestroy(&gray);
        pixDestroy(&turned);
        pixDestroy(&soft);
        gray = noisy;
    }
    g.width = pixGetWidth(gray);
    g.height = pixGetHeight(gray);
    g.pixels = malloc((size_t)g.width * g.height);
    ck_assert_ptr_nonnull(g.pixels);
    data = pixGetData(gray);
    wpl = pixGetWpl(gray);
    for (int y = 0; y < g.height; y++)
        for (int x = 0; x < g.width; x++)
            g.pixels[(size_t)y * g.width + x] =
                (unsigned char)GET_DATA_BYTE(data + (size_t)y * wpl, x);
    pixDestroy(&gray);
    pixDestroy(&pix);
    free(path);
    return g;
}

static gray_image_t load_gray(const char *relative)
{
    return load_gray_as(relative, false);
}

static cancu_ocr_image_t image_of(const gray_image_t *g, int rows)
{
    cancu_ocr_image_t image = {g->pixels, g->width, rows, g->width, 1};

    return image;
}

/* Words, as the index reads them: case-folded NFC with one canonical
 * tone placement (hoá = hóa), Ð as Đ, punctuation between them. */
typedef struct words {
    char **w;
    size_t n;
    size_t cap;
} words_t;

static bool add_word(const cancu_token_t *t, void *payload)
{
    words_t *ws = payload;

    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? 2 * ws->cap : 256;
        ws->w = realloc(ws->w, ws->cap * sizeof *ws->w);
        ck_assert_ptr_nonnull(ws->w);
    }
    ws->w[ws->n++] = strndup(t->exact, t->exact_len);
    return true;
}

static words_t words_of(const char *text)
{
    words_t ws = {NULL, 0, 0};

    ck_assert_int_eq(
        cancu_analyzer__tokenize(text, strlen(text), add_word, &ws),
        CANCU_STATUS_SUCCESS);
    return ws;
}

static void words_free(words_t *ws)
{
    for (size_t i = 0; i < ws->n; i++)
        free(ws->w[i]);
    free(ws->w);
}

/* 1 - (word edit distance / reference words): the share of the
 * reference read right, less words added. */
static double word_accuracy(const words_t *ref, const words_t *got)
{
    size_t *prev = malloc((got->n + 1) * sizeof *prev);
    size_t *cur = malloc((got->n + 1) * sizeof *cur), dist;

    ck_assert(prev && cur);
    for (size_t j = 0; j <= got->n; j++)
        prev[j] = j;
    for (size_t i = 1; i <= ref->n; i++) {
        size_t *swap;

        cur[0] = i;
        for (size_t j = 1; j <= got->n; j++) {
            size_t sub =
                prev[j - 1] + (strcmp(ref->w[i - 1], got->w[j - 1]) != 0);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

            cur[j] =
                sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        swap = prev;
        prev = cur;
        cur = swap;
    }
    dist = prev[got->n];
    free(prev);
    free(cur);
    return ref->n ? 1.0 - (double)dist / (double)ref->n : 0.0;
}

/* Lines PAGE_FIRST_LINE to PAGE_LAST_LINE of the sample's TXT. */
static char *page_text(void)
{
    char *path = test_corpus_path(SAMPLE_TXT), *all, *p, *start = NULL;
    size_t len;
    int line = 1;

    all = test_read_file(path, &len);
    free(path);
    for (p = all; *p && line <= PAGE_LAST_LINE; p++) {
        if (line == PAGE_FIRST_LINE && !start)
            start = p;
        if (*p == '\n')
            line++;
    }
    *p = '\0';
    memmove(all, start, strlen(start) + 1);
    return all;
}

/* Whether the text, read as a TXT plan, cites exactly what page 1 does. */
static void assert_page_refs(const char *name, const char *text)
{
    cancu_document_t *doc = NULL;
    size_t found = 0;

    ck_assert_msg(cancu_document_open_buffer(&doc, name, text, strlen(text),
                                             NULL) == CANCU_STATUS_SUCCESS,
                  "%s: %s", name, cancu_error_last());
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++) {
        const char *id = cancu_reference_id(cancu_document_reference(doc, i));
        bool known = false;

        for (size_t k = 0; k < sizeof page_refs / sizeof *page_refs; k++)
            known |= strcmp(id, page_refs[k]) == 0;
        ck_assert_msg(known, "%s: %s is not cited on the page", name, id);
    }
    for (size_t k = 0; k < sizeof page_refs / sizeof *page_refs; k++) {
        bool seen = false;

        for (size_t i = 0; i < cancu_document_reference_count(doc); i++)
            seen |= strcmp(cancu_reference_id(cancu_document_reference(doc, i)),
                           page_refs[k]) == 0;
        ck_assert_msg(seen, "%s: %s not found in:\n%s", name, page_refs[k],
                      text);
        found += seen;
    }
    ck_assert_uint_eq(found, sizeof page_refs / sizeof *page_refs);
    cancu_document_destroy(doc);
}

/* The recognised page against the TXT's: its words, and its references;
 * returns the word accuracy. */
static double assert_page_read(const char *name, const char *text)
{
    char *ref_text = page_text();
    words_t ref = words_of(ref_text), got = words_of(text);
    double accuracy = word_accuracy(&ref, &got);

    assert_page_refs("page-1.txt", ref_text);
    assert_page_refs(name, text);
    ck_assert_msg(accuracy >= MIN_WORD_ACCURACY,
                  "%s: word accuracy %.3f < %.2f (%zu words read, %zu in "
                  "the TXT):\n%s",
                  name, accuracy, MIN_WORD_ACCURACY, got.n, ref.n, text);
    printf("ocr: %s: word accuracy %.3f (%zu words read, %zu in the TXT)\n",
           name, accuracy, got.n, ref.n);
    words_free(&ref);
    words_free(&got);
    free(ref_text);
    return accuracy;
}

START_TEST(test_ingest_ocr__scanned_page_reads_as_the_txt)
{
    gray_image_t g = load_gray(SCAN_PNG);
    cancu_ocr_image_t image = image_of(&g, g.height);
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    char *text = NULL;
    double confidence = -1, start = now_s(), first, second;

    o.path = SCAN_PNG;
    o.dpi = SCAN_DPI;
    ck_assert_msg(cancu_ocr__page(&text, &confidence, &image, &o) ==
                      CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    first = now_s() - start;
    ck_assert(confidence > 0.5 && confidence <= 1.0);
    assert_page_read(SCAN_PNG, text);
    free(text);
    /* Again, with the recogniser kept from the first call. */
    start = now_s();
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_SUCCESS);
    second = now_s() - start;
    printf("ocr: %s: %dx%d at %d dpi: %.2f s with a new recogniser, %.2f s "
           "with a kept one; confidence %.2f\n",
           SCAN_PNG, g.width, g.height, SCAN_DPI, first, second, confidence);
    free(text);
    free(g.pixels);
    cancu_ocr__shutdown();
}
END_TEST

/* A text page's 10 s do not cut a recognised page short: it has
 * recognition's limit (on a busy machine, 300 dpi took over 10 s). */
START_TEST(test_ingest_ocr__a_text_page_limit_leaves_recognition_its_own)
{
    char *path = test_corpus_path(SCAN_PDF);
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;

    o.flags = CANCU_READ_OCR;
    cancu_pdf__set_time_limits(1, 0);
    ck_assert_msg(cancu_document_open(&doc, path, &o) == CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    cancu_pdf__set_time_limits(0, 0);
    ck_assert_uint_eq(cancu_document_ocr_pages(doc), 1);
    cancu_document_destroy(doc);
    free(path);
}
END_TEST

START_TEST(test_ingest_ocr__a_scanned_pdf_is_read_when_asked)
{
    char *path = test_corpus_path(SCAN_PDF);
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;
    cancu_strbuf_t all = CANCU_STRBUF_INIT;

    /* Without OCR: refused, saying how to read it. */
    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_UNSUPPORTED_FORMAT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "--ocr"));
    ck_assert_ptr_null(doc);
    /* With it: the page's text and references, marked as recognised. */
    o.flags = CANCU_READ_OCR;
    ck_assert_msg(cancu_document_open(&doc, path, &o) == CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    ck_assert_uint_eq(cancu_document_ocr_pages(doc), 1);
    ck_assert_str_eq(cancu_document_encoding(doc), "OCR");
    ck_assert_str_eq(cancu_document_format(doc), "pdf");
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        cancu_strbuf__puts(&all,
                           cancu_block_text(cancu_document_block(doc, i)));
        cancu_strbuf__putc(&all, '\n');
    }
    ck_assert(!all.failed);
    assert_page_read(SCAN_PDF, cancu_strbuf__cstr(&all));
    cancu_strbuf__dispose(&all);
    cancu_document_destroy(doc);
    free(path);
    cancu_ocr__shutdown();
}
END_TEST

/* A signed letter of corpora/real whose fonts map glyph numbers, not
 * letters ("7ӌ1+" for "TỈNH"): refused without OCR, saying how to read
 * it; with OCR its pages are recognised from their pixels, and its
 * number and the decision it cites are found. */
START_TEST(test_ingest_ocr__a_text_layer_of_glyph_numbers_is_recognised)
{
    char *path = test_corpus_path("real/sct-466.-Phieu-chuyen-SCT-tham-dinh-"
                                  "phuong-an-no-min-thuy-dien-Ngoi-Nhu-1A.pdf");
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;
    bool cited = false;

    ck_assert_int_eq(cancu_document_open(&doc, path, NULL),
                     CANCU_STATUS_UNSUPPORTED_FORMAT);
    ck_assert_ptr_nonnull(
        strstr(cancu_error_last(), "does not read as Vietnamese"));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "--ocr"));
    o.flags = CANCU_READ_OCR;
    ck_assert_msg(cancu_document_open(&doc, path, &o) == CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    ck_assert_uint_ge(cancu_document_ocr_pages(doc), 1);
    ck_assert_str_eq(cancu_document_encoding(doc), "OCR");
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++)
        cited = cited ||
                strcmp(cancu_reference_id(cancu_document_reference(doc, i)),
                       "1522/QĐ-UBND") == 0;
    ck_assert_msg(cited, "1522/QĐ-UBND not among %zu references",
                  cancu_document_reference_count(doc));
    cancu_document_destroy(doc);
    free(path);
    cancu_ocr__shutdown();
}
END_TEST

/* The page as a poor scan: askew, soft and noisy. */
START_TEST(test_ingest_ocr__poor_scan_still_reads)
{
    gray_image_t g = load_gray_as(SCAN_PNG, true);
    cancu_ocr_image_t image = image_of(&g, g.height);
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    char *text = NULL, name[128];
    double confidence = 0;

    o.path = SCAN_PNG;
    o.dpi = SCAN_DPI;
    ck_assert_msg(cancu_ocr__page(&text, &confidence, &image, &o) ==
                      CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    snprintf(name, sizeof name, "%s %.1f degrees askew, blurred, noise %d",
             SCAN_PNG, SKEW_DEGREES, NOISE_STDEV);
    assert_page_read(name, text);
    printf("ocr: %s: confidence %.2f\n", name, confidence);
    free(text);
    free(g.pixels);
    cancu_ocr__shutdown();
}
END_TEST

/* The scanned PDF through poppler, as the PDF reader will call it, at
 * 300 dpi (the default) and at 200. */
START_TEST(test_ingest_ocr__scanned_pdf_through_poppler)
{
    char *path = test_corpus_path(SCAN_PDF), *uri, *text = NULL, *layer;
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    static const int dpis[] = {300, 200};
    PopplerDocument *pd;
    PopplerPage *page;
    GError *error = NULL;

    uri = g_filename_to_uri(path, NULL, NULL);
    pd = poppler_document_new_from_file(uri, NULL, &error);
    ck_assert_msg(pd != NULL, "%s: %s", path, error ? error->message : "");
    ck_assert_int_eq(poppler_document_get_n_pages(pd), 1);
    page = poppler_document_get_page(pd, 0);
    /* A scan: no text layer at all. */
    layer = poppler_page_get_text(page);
    ck_assert_str_eq(g_strstrip(layer), "");
    g_free(layer);
    o.path = SCAN_PDF;
    for (size_t i = 0; i < sizeof dpis / sizeof *dpis; i++) {
        double confidence = 0, start = now_s(), secs;
        char name[64];

        o.dpi = dpis[i];
        ck_assert_msg(cancu_ocr__poppler_page(&text, &confidence, page, &o) ==
                          CANCU_STATUS_SUCCESS,
                      "%s", cancu_error_last());
        secs = now_s() - start;
        snprintf(name, sizeof name, "%s at %d dpi", SCAN_PDF, dpis[i]);
        assert_page_read(name, text);
        printf("ocr: %s: %.2f s (render and OCR), confidence %.2f\n", name,
               secs, confidence);
        free(text);
    }
    g_object_unref(page);
    g_object_unref(pd);
    g_free(uri);
    free(path);
    cancu_ocr__shutdown();
}
END_TEST

/* The page's words with their boxes in points, as a reader lays out the
 * glyphs of a text layer: the same text, word for word, as the page's
 * text; in lines top to bottom; the decision of line 10 where the page
 * shows it. */
START_TEST(test_ingest_ocr__scanned_pdf_words_have_boxes)
{
    char *path = test_corpus_path(SCAN_PDF), *uri, *text = NULL;
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    cancu_ocr_word_t *words = NULL;
    size_t count = 0;
    cancu_strbuf_t joined = CANCU_STRBUF_INIT, flat = CANCU_STRBUF_INIT;
    PopplerDocument *pd;
    PopplerPage *page;
    double w = 0, h = 0;
    bool seen = false;

    uri = g_filename_to_uri(path, NULL, NULL);
    pd = poppler_document_new_from_file(uri, NULL, NULL);
    ck_assert_ptr_nonnull(pd);
    page = poppler_document_get_page(pd, 0);
    poppler_page_get_size(page, &w, &h);
    o.path = SCAN_PDF;
    o.dpi = SCAN_DPI;
    ck_assert_msg(cancu_ocr__poppler_page_words(&words, &count, page, &o) ==
                      CANCU_STATUS_SUCCESS,
                  "%s", cancu_error_last());
    ck_assert_uint_gt(count, 400);
    for (size_t i = 0; i < count; i++) {
        const cancu_ocr_word_t *wd = &words[i];

        ck_assert(wd->x0 >= 0 && wd->x0 < wd->x1 && wd->x1 <= w);
        ck_assert(wd->y0 >= 0 && wd->y0 < wd->y1 && wd->y1 <= h);
        ck_assert(wd->confidence >= 0 && wd->confidence <= 1);
        if (i) {
            const cancu_ocr_word_t *prev = &words[i - 1];

            ck_assert_int_ge(wd->line, prev->line);
            ck_assert_int_ge(wd->paragraph, prev->paragraph);
            ck_assert_int_ge(wd->block, prev->block);
            /* A line reads left to right; the next of its block starts
             * lower. */
            if (wd->line == prev->line)
                ck_assert(wd->x0 >= prev->x1 - 1);
            else if (wd->block == prev->block)
                ck_assert(wd->y0 > prev->y0);
            cancu_strbuf__putc(&joined, ' ');
        }
        cancu_strbuf__puts(&joined, wd->text);
        /* Căn cứ Quyết định số 602/QĐ-UBND: a sixth of the way down the
         * page, in its left half. */
        if (strcmp(wd->text, "602/QĐ-UBND") == 0) {
            ck_assert(wd->y0 > 0.12 * h && wd->y1 < 0.2 * h);
            ck_assert(wd->x1 < 0.6 * w);
            seen = true;
        }
    }
    ck_assert(seen);
    ck_assert_int_eq(cancu_ocr__poppler_page(&text, NULL, page, &o),
                     CANCU_STATUS_SUCCESS);
    /* The page's text with its white space made single spaces. */
    for (const char *p = text; *p; p++) {
        if (strchr(" \n\t", *p)) {
            if (flat.len && p[1] && !strchr(" \n\t", p[1]))
                cancu_strbuf__putc(&flat, ' ');
        } else {
            cancu_strbuf__putc(&flat, *p);
        }
    }
    ck_assert_str_eq(cancu_strbuf__cstr(&joined), cancu_strbuf__cstr(&flat));
    cancu_strbuf__dispose(&joined);
    cancu_strbuf__dispose(&flat);
    free(text);
    cancu_ocr__words_free(words, count);
    cancu_ocr__words_free(NULL, 0);
    g_object_unref(page);
    g_object_unref(pd);
    g_free(uri);
    free(path);
    cancu_ocr__shutdown();
}
END_TEST

START_TEST(test_ingest_ocr__limits)
{
    static const unsigned char pixel[4] = {255, 255, 255, 255};
    gray_image_t g = load_gray(SCAN_PNG);
    cancu_ocr_image_t image = {pixel, 1, 1, 1, 1};
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    char *text = NULL;
    double start;

    o.path = "scan.pdf";
    o.page = 3;
    /* Too many pixels, or too wide: refused before a pixel is read. */
    image.width = 7000;
    image.height = 6000;
    image.stride = 7000;
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "scan.pdf: page 3: "));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "7000x6000"));
    ck_assert_ptr_null(text);
    image.width = CANCU_OCR_MAX_SIDE + 1;
    image.height = 1;
    image.stride = image.width;
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    /* What is not an image. */
    image.width = 10;
    image.height = 10;
    image.stride = 9;
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_INVALID_ARGUMENT);
    image.stride = 10;
    image.bytes_per_pixel = 2;
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_INVALID_ARGUMENT);
    image.pixels = NULL;
    image.bytes_per_pixel = 1;
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_INVALID_ARGUMENT);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "scan.pdf: page 3: "));
    /* One white pixel: no text, and no error. */
    image = (cancu_ocr_image_t){pixel, 1, 1, 1, 1};
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(text, "");
    free(text);
    /* A page that takes longer than its time: stopped at the limit. */
    image = image_of(&g, g.height);
    o.dpi = SCAN_DPI;
    o.max_ms = 1;
    start = now_s();
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    printf("ocr: a page with a 1 ms limit stops after %.2f s\n",
           now_s() - start);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "1 ms"));
    ck_assert_ptr_null(text);
    free(g.pixels);
    cancu_ocr__shutdown();
}
END_TEST

/* A PDF of one blank page of w x h points, in 'dir'. */
static PopplerDocument *blank_pdf(const char *dir, double w, double h)
{
    char path[512], *uri;
    cairo_surface_t *s;
    cairo_t *cr;
    PopplerDocument *pd;

    snprintf(path, sizeof path, "%s/blank.pdf", dir);
    s = cairo_pdf_surface_create(path, w, h);
    cr = cairo_create(s);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    uri = g_filename_to_uri(path, NULL, NULL);
    pd = poppler_document_new_from_file(uri, NULL, NULL);
    ck_assert_ptr_nonnull(pd);
    g_free(uri);
    return pd;
}

START_TEST(test_ingest_ocr__poppler_page_sizes)
{
    char *dir = test_tempdir(), *text = NULL;
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    PopplerDocument *pd;
    PopplerPage *page;

    o.path = "huge.pdf";
    /* 200 x 200 inches: over the pixel limit even at 150 dpi. */
    pd = blank_pdf(dir, 14400, 14400);
    page = poppler_document_get_page(pd, 0);
    ck_assert_int_eq(cancu_ocr__poppler_page(&text, NULL, page, &o),
                     CANCU_STATUS_LIMIT_EXCEEDED);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "huge.pdf: page 1: "));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "too large"));
    ck_assert_ptr_null(text);
    g_object_unref(page);
    g_object_unref(pd);
    /* A blank A5 page: no text. */
    pd = blank_pdf(dir, 420, 595);
    page = poppler_document_get_page(pd, 0);
    ck_assert_int_eq(cancu_ocr__poppler_page(&text, NULL, page, &o),
                     CANCU_STATUS_SUCCESS);
    ck_assert_str_eq(text, "");
    free(text);
    g_object_unref(page);
    g_object_unref(pd);
    test_rmtree(dir);
    free(dir);
    cancu_ocr__shutdown();
}
END_TEST

START_TEST(test_ingest_ocr__missing_language_data)
{
    static const unsigned char pixel[1] = {255};
    cancu_ocr_image_t image = {pixel, 1, 1, 1, 1};
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;
    char *dir = test_tempdir(), *text = NULL, *data;
    const char *old = getenv("TESSDATA_PREFIX");
    char *saved = old ? strdup(old) : NULL;

    ck_assert(cancu_ocr__available());
    cancu_ocr__shutdown();
    setenv("TESSDATA_PREFIX", dir, 1);
    ck_assert(!cancu_ocr__available());
    o.path = "scan.pdf";
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, &o),
                     CANCU_STATUS_IO_ERROR);
    ck_assert_ptr_null(text);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "scan.pdf: "));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "tesseract-ocr-vie"));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), dir));
    ck_assert_ptr_null(strchr(cancu_error_last(), '\n'));
    /* A file cut short, as a broken install leaves it; no file name. */
    data = test_write_file(dir, "vie.traineddata", "tesseract");
    ck_assert(cancu_ocr__available());
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, NULL),
                     CANCU_STATUS_IO_ERROR);
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), data));
    ck_assert_ptr_nonnull(strstr(cancu_error_last(), "tesseract-ocr-vie"));
    ck_assert_int_eq(cancu_error_last()[0], 'T');
    free(data);
    if (saved)
        setenv("TESSDATA_PREFIX", saved, 1);
    else
        unsetenv("TESSDATA_PREFIX");
    free(saved);
    test_rmtree(dir);
    free(dir);
}
END_TEST

/* The top of the page (the two decisions it is based on), read by two
 * threads at once: each has a recogniser of its own. */
#define TOP_ROWS 670
typedef struct job {
    const cancu_ocr_image_t *image;
    char *text;
    cancu_status_t status;
} job_t;

static void *run_job(void *payload)
{
    job_t *job = payload;
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;

    o.dpi = SCAN_DPI;
    job->status = cancu_ocr__page(&job->text, NULL, job->image, &o);
    return NULL;
}

START_TEST(test_ingest_ocr__threads_at_once)
{
    gray_image_t g = load_gray(SCAN_PNG);
    cancu_ocr_image_t top = image_of(&g, TOP_ROWS);
    job_t jobs[2] = {{&top, NULL, CANCU_STATUS_LAST_STATUS},
                     {&top, NULL, CANCU_STATUS_LAST_STATUS}};
    pthread_t threads[2];

    for (int i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&threads[i], NULL, run_job, &jobs[i]),
                         0);
    for (int i = 0; i < 2; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(jobs[i].status, CANCU_STATUS_SUCCESS);
        ck_assert_ptr_nonnull(strstr(jobs[i].text, "602/QĐ-UBND"));
        ck_assert_ptr_nonnull(strstr(jobs[i].text, "924/QĐ-UBND"));
    }
    ck_assert_str_eq(jobs[0].text, jobs[1].text);
    free(jobs[0].text);
    free(jobs[1].text);
    free(g.pixels);
    cancu_ocr__shutdown();
}
END_TEST

/* Tesseract's OpenMP regions are serialised for a call only: the
 * caller's setting is what it was after. */
START_TEST(test_ingest_ocr__openmp_setting_is_put_back)
{
    static const unsigned char pixel[1] = {0};
    cancu_ocr_image_t image = {pixel, 1, 1, 1, 1};
    void *get = dlsym(RTLD_DEFAULT, "omp_get_max_active_levels");
    void *set = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    int (*get_levels)(void);
    void (*set_levels)(int);
    char *text = NULL;

    ck_assert_msg(get && set, "Tesseract is built without OpenMP");
    memcpy(&get_levels, &get, sizeof get);
    memcpy(&set_levels, &set, sizeof set);
    set_levels(3);
    ck_assert_int_eq(cancu_ocr__page(&text, NULL, &image, NULL),
                     CANCU_STATUS_SUCCESS);
    ck_assert_int_eq(get_levels(), 3);
    free(text);
    cancu_ocr__shutdown();
}
END_TEST

TCase *ingest_ocr_tcase(void)
{
    TCase *tc = tcase_create("ocr");

    /* A page takes seconds on one core. */
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_ingest_ocr__scanned_page_reads_as_the_txt);
    tcase_add_test(tc, test_ingest_ocr__poor_scan_still_reads);
    tcase_add_test(tc, test_ingest_ocr__scanned_pdf_through_poppler);
    tcase_add_test(tc, test_ingest_ocr__a_scanned_pdf_is_read_when_asked);
    tcase_add_test(
        tc, test_ingest_ocr__a_text_layer_of_glyph_numbers_is_recognised);
    tcase_add_test(
        tc, test_ingest_ocr__a_text_page_limit_leaves_recognition_its_own);
    tcase_add_test(tc, test_ingest_ocr__scanned_pdf_words_have_boxes);
    tcase_add_test(tc, test_ingest_ocr__limits);
    tcase_add_test(tc, test_ingest_ocr__poppler_page_sizes);
    tcase_add_test(tc, test_ingest_ocr__missing_language_data);
    tcase_add_test(tc, test_ingest_ocr__threads_at_once);
    tcase_add_test(tc, test_ingest_ocr__openmp_setting_is_put_back);
    return tc;
}
