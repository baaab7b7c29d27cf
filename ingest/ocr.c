/* Text recognition of scanned pages with Tesseract's C API (5.x), and
 * the rendering of a poppler page to gray pixels for it. Recognisers are
 * slow to create (they load the language data), so a few are kept in a
 * pool shared by the threads; each call takes one for itself. */
#include <assert.h>
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>
#include <poppler.h>
#include <tesseract/capi.h>

#include "ingest/ingest-private.h"
#include "ingest/ocr.h"

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static TessBaseAPI *pool[CANCU_OCR_POOL_SIZE];
static size_t pool_count;

/* "path: page 3: ", "path: " or "", to start messages. */
static void where(char *buf, size_t cap, const char *path, int page)
{
    const char *sep = path && *path ? ": " : "";

    if (page > 0)
        snprintf(buf, cap, "%s%spage %d: ", path ? path : "", sep, page);
    else
        snprintf(buf, cap, "%s%s", path ? path : "", sep);
}

/* The folder holding the Vietnamese data: TESSDATA_PREFIX when set (as
 * Tesseract itself reads it), else Debian's. False when the file is not
 * there; 'dir' names where it was looked for. */
static bool find_datapath(char *dir, size_t cap)
{
    static const char *const defaults[] = {CANCU_OCR_DEFAULT_DATAPATH,
                                           CANCU_OCR_OLD_DATAPATH};
    const char *env = getenv("TESSDATA_PREFIX");
    char file[4096];

    if (env && *env) {
        snprintf(dir, cap, "%s", env);
        snprintf(file, sizeof file, "%s/%s", env, CANCU_OCR_DATA_FILE);
        return access(file, R_OK) == 0;
    }
    for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++) {
        snprintf(file, sizeof file, "%s/%s", defaults[i], CANCU_OCR_DATA_FILE);
        if (access(file, R_OK) == 0) {
            snprintf(dir, cap, "%s", defaults[i]);
            return true;
        }
    }
    snprintf(dir, cap, "%s", defaults[0]);
    return false;
}

bool cancu_ocr__available(void)
{
    char dir[4096];

    return find_datapath(dir, sizeof dir);
}

/* A recogniser from the pool, or a new one. */
static cancu_status_t take(TessBaseAPI **out, const char *at)
{
    TessBaseAPI *api = NULL;
    char dir[4096];

    pthread_mutex_lock(&pool_lock);
    if (pool_count)
        api = pool[--pool_count];
    pthread_mutex_unlock(&pool_lock);
    if (api) {
        *out = api;
        return CANCU_STATUS_SUCCESS;
    }
    if (!find_datapath(dir, sizeof dir))
        return cancu_error__set(
            CANCU_STATUS_IO_ERROR,
            "%sOCR needs Tesseract's Vietnamese data (%s in %s): install "
            "Debian's tesseract-ocr-vie, or set TESSDATA_PREFIX",
            at, CANCU_OCR_DATA_FILE, dir);
    api = TessBaseAPICreate();
    if (!api)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%sout of memory",
                                at);
    /* Tesseract prints its warnings and progress on stderr; a library
     * keeps quiet, and says what matters in its status. */
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    if (TessBaseAPIInit3(api, dir, CANCU_OCR_LANGUAGES) != 0) {
        TessBaseAPIDelete(api);
        return cancu_error__set(CANCU_STATUS_IO_ERROR,
                                "%sTesseract cannot load %s/%s (reinstall "
                                "Debian's tesseract-ocr-vie)",
                                at, dir, CANCU_OCR_DATA_FILE);
    }
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    TessBaseAPISetPageSegMode(api, PSM_AUTO);
    *out = api;
    return CANCU_STATUS_SUCCESS;
}

/* Back to the pool once its page is cleared, or deleted when it is full. */
static void give_back(TessBaseAPI *api)
{
    TessBaseAPIClear(api);
    pthread_mutex_lock(&pool_lock);
    if (pool_count < CANCU_OCR_POOL_SIZE) {
        pool[pool_count++] = api;
        api = NULL;
    }
    pthread_mutex_unlock(&pool_lock);
    if (api) {
        TessBaseAPIEnd(api);
        TessBaseAPIDelete(api);
    }
}

void cancu_ocr__shutdown(void)
{
    pthread_mutex_lock(&pool_lock);
    while (pool_count) {
        TessBaseAPI *api = pool[--pool_count];

        TessBaseAPIEnd(api);
        TessBaseAPIDelete(api);
    }
    pthread_mutex_unlock(&pool_lock);
}

/* Debian's Tesseract is built with OpenMP and runs parts of its line
 * recogniser on several threads. On a machine busy with other work those
 * threads wait for each other: a page takes five times as long, and a
 * folder of pages is read faster a page a thread. So its parallel regions
 * are made inactive on the calling thread for the length of a call (no
 * active levels), as OMP_THREAD_LIMIT=1 would do for the whole process,
 * and the caller's setting is put back after. The OpenMP runtime is
 * looked up, not linked: a Tesseract without it is left as it is. */
typedef int (*get_levels_fn)(void);
typedef void (*set_levels_fn)(int);
static pthread_once_t omp_once = PTHREAD_ONCE_INIT;
static get_levels_fn omp_get_levels;
static set_levels_fn omp_set_levels;

static void find_omp(void)
{
    void *get = dlsym(RTLD_DEFAULT, "omp_get_max_active_levels");
    void *set = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");

    if (get && set) {
        memcpy(&omp_get_levels, &get, sizeof get);
        memcpy(&omp_set_levels, &set, sizeof set);
    }
}

/* The caller's setting, or -1 when there is no OpenMP. */
static int serial_begin(void)
{
    int levels;

    pthread_once(&omp_once, find_omp);
    if (!omp_set_levels)
        return -1;
    levels = omp_get_levels();
    omp_set_levels(0);
    return levels;
}

static void serial_end(int levels)
{
    if (levels >= 0)
        omp_set_levels(levels);
}

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct deadline {
    int64_t end;
    bool passed;
} deadline_t;

/* Tesseract asks after each word whether to stop. */
static bool past_deadline(void *payload, int words)
{
    deadline_t *d = payload;

    (void)words;
    if (now_ms() >= d->end)
        d->passed = true;
    return d->passed;
}

static cancu_status_t check_image(const cancu_ocr_image_t *image,
                                  size_t max_pixels, const char *at)
{
    int bpp = image->bytes_per_pixel;

    if (!image->pixels || image->width <= 0 || image->height <= 0 ||
        (bpp != 1 && bpp != 3 && bpp != 4) ||
        image->stride / bpp < image->width)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "%sno page image to recognise (%dx%d, %d "
                                "bytes a pixel, stride %d)",
                                at, image->width, image->height, bpp,
                                image->stride);
    if (image->width > CANCU_OCR_MAX_SIDE ||
        image->height > CANCU_OCR_MAX_SIDE ||
        (size_t)image->width * (size_t)image->height > max_pixels)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%san image of %dx%d pixels is over the "
                                "OCR limit of %zu pixels (%d a side)",
                                at, image->width, image->height, max_pixels,
                                CANCU_OCR_MAX_SIDE);
    return CANCU_STATUS_SUCCESS;
}

/* What a call asks for: the page's text, or its words. */
typedef struct result {
    char **text;
    double *confidence;
    cancu_ocr_word_t **words;
    size_t *nwords;
    /* Word boxes: page units a pixel (72 / dpi for points, 1 for
     * pixels). */
    double scale;
} result_t;

/* Set 'image' and recognise it within the time limit. */
static cancu_status_t run(TessBaseAPI *api, const cancu_ocr_image_t *image,
                          const cancu_ocr_options_t *o, const char *at)
{
    ETEXT_DESC *monitor = TessMonitorCreate();
    deadline_t deadline = {now_ms() + (int64_t)o->max_ms, false};
    int failed, levels;

    if (!monitor)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%sout of memory",
                                at);
    TessBaseAPISetImage(api, image->pixels, image->width, image->height,
                        image->bytes_per_pixel, image->stride);
    if (o->dpi > 0)
        TessBaseAPISetSourceResolution(api, o->dpi);
    TessMonitorSetCancelFunc(monitor, past_deadline);
    TessMonitorSetCancelThis(monitor, &deadline);
    levels = serial_begin();
    failed = TessBaseAPIRecognize(api, monitor);
    serial_end(levels);
    TessMonitorDelete(monitor);
    if (deadline.passed || now_ms() > deadline.end)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%sOCR took longer than the limit of %u ms "
                                "a page",
                                at, o->max_ms);
    if (failed)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%sTesseract cannot recognise the page", at);
    return CANCU_STATUS_SUCCESS;
}

/* Tesseract's text, in NFC and malloc'd; 'len' bytes. */
static cancu_status_t nfc_of(char **out, const char *text, const char *at)
{
    size_t len;

    if (!text)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%sout of memory",
                                at);
    return cancu_normalize__nfc(out, &len, text, strlen(text));
}

static cancu_status_t page_text(const result_t *res, TessBaseAPI *api,
                                const char *at)
{
    char *text = TessBaseAPIGetUTF8Text(api);
    cancu_status_t status = nfc_of(res->text, text, at);

    TessDeleteText(text);
    if (status == CANCU_STATUS_SUCCESS && res->confidence) {
        int conf = TessBaseAPIMeanTextConf(api);

        *res->confidence = conf > 0 ? conf / 100.0 : 0.0;
    }
    return status;
}

void cancu_ocr__words_free(cancu_ocr_word_t *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(words[i].text);
    free(words);
}

/* One word where the iterator stands, appended to the list. */
static cancu_status_t add_word(cancu_ocr_word_t **list, size_t *n, size_t *cap,
                               TessResultIterator *it, const int counts[3],
                               double scale, const char *at)
{
    const TessPageIterator *pit = TessResultIteratorGetPageIteratorConst(it);
    char *raw = TessResultIteratorGetUTF8Text(it, RIL_WORD), *text = NULL;
    int left = 0, top = 0, right = 0, bottom = 0;
    cancu_status_t status;

    if (!raw)
        return CANCU_STATUS_SUCCESS; /* A word with no text: nothing. */
    status = nfc_of(&text, raw, at);
    TessDeleteText(raw);
    if (status != CANCU_STATUS_SUCCESS)
        return status;
    if (*n == *cap) {
        size_t more = *cap ? 2 * *cap : 256;
        cancu_ocr_word_t *grown = realloc(*list, more * sizeof *grown);

        if (!grown) {
            free(text);
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%sout of memory", at);
        }
        *list = grown;
        *cap = more;
    }
    TessPageIteratorBoundingBox(pit, RIL_WORD, &left, &top, &right, &bottom);
    (*list)[(*n)++] = (cancu_ocr_word_t){
        text,           left * scale,
        top * scale,    right * scale,
        bottom * scale, TessResultIteratorConfidence(it, RIL_WORD) / 100.0,
        counts[0],      counts[1],
        counts[2],
    };
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t page_words(const result_t *res, TessBaseAPI *api,
                                 const char *at)
{
    TessResultIterator *it = TessBaseAPIGetIterator(api);
    static const TessPageIteratorLevel levels[3] = {RIL_BLOCK, RIL_PARA,
                                                    RIL_TEXTLINE};
    cancu_ocr_word_t *list = NULL;
    size_t n = 0, cap = 0;
    int counts[3] = {-1, -1, -1};
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    /* No iterator: a page with nothing on it. */
    for (bool more = it != NULL; more && status == CANCU_STATUS_SUCCESS;
         more = TessResultIteratorNext(it, RIL_WORD)) {
        const TessPageIterator *pit =
            TessResultIteratorGetPageIteratorConst(it);

        for (int l = 0; l < 3; l++)
            if (counts[l] < 0 ||
                TessPageIteratorIsAtBeginningOf(pit, levels[l]))
                counts[l]++;
        status = add_word(&list, &n, &cap, it, counts, res->scale, at);
    }
    if (it)
        TessResultIteratorDelete(it);
    if (status != CANCU_STATUS_SUCCESS) {
        cancu_ocr__words_free(list, n);
        return status;
    }
    *res->words = list;
    *res->nwords = n;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t ocr_image(const result_t *res,
                                const cancu_ocr_image_t *image,
                                const cancu_ocr_options_t *o, int page)
{
    TessBaseAPI *api = NULL;
    char at[4200];
    cancu_status_t status;

    where(at, sizeof at, o->path, page);
    status = check_image(image, o->max_pixels, at);
    if (status == CANCU_STATUS_SUCCESS)
        status = take(&api, at);
    if (status != CANCU_STATUS_SUCCESS)
        return status;
    status = run(api, image, o, at);
    if (status == CANCU_STATUS_SUCCESS)
        status = res->text ? page_text(res, api, at) : page_words(res, api, at);
    give_back(api);
    return status;
}

static const cancu_ocr_options_t defaults = CANCU_OCR_OPTIONS_INIT;

cancu_status_t cancu_ocr__page(char **text_out, double *confidence_out,
                               const cancu_ocr_image_t *image,
                               const cancu_ocr_options_t *options)
{
    const cancu_ocr_options_t *o = options ? options : &defaults;
    result_t res = {text_out, confidence_out, NULL, NULL, 1.0};

    assert(text_out && image);
    *text_out = NULL;
    if (confidence_out)
        *confidence_out = 0;
    return ocr_image(&res, image, o, o->page);
}

cancu_status_t cancu_ocr__page_words(cancu_ocr_word_t **words_out,
                                     size_t *count_out,
                                     const cancu_ocr_image_t *image,
                                     const cancu_ocr_options_t *options)
{
    const cancu_ocr_options_t *o = options ? options : &defaults;
    result_t res = {NULL, NULL, words_out, count_out, 1.0};

    assert(words_out && count_out && image);
    *words_out = NULL;
    *count_out = 0;
    return ocr_image(&res, image, o, o->page);
}

/* The resolution to render a page of w x h points at: 'dpi', or the
 * highest one under it that keeps the page within the limits; 0 when
 * even CANCU_OCR_MIN_DPI does not. */
static int render_dpi(double w, double h, int dpi, size_t max_pixels)
{
    for (; dpi >= CANCU_OCR_MIN_DPI; dpi--) {
        double pw = ceil(w * dpi / 72.0), ph = ceil(h * dpi / 72.0);

        if (pw <= CANCU_OCR_MAX_SIDE && ph <= CANCU_OCR_MAX_SIDE &&
            pw * ph <= (double)max_pixels)
            return dpi;
    }
    return 0;
}

/* 'page' drawn on white in cairo's RGB24 at 'dpi', made 8-bit gray. */
static cancu_status_t render_gray(cancu_ocr_image_t *out, PopplerPage *page,
                                  int dpi, const char *at)
{
    double w = 0, h = 0, scale = dpi / 72.0;
    cairo_surface_t *surface;
    cairo_t *cr;
    unsigned char *gray, *data;
    int pw, ph, stride;

    poppler_page_get_size(page, &w, &h);
    pw = (int)ceil(w * scale);
    ph = (int)ceil(h * scale);
    surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                "%sout of memory for a page of %dx%d pixels",
                                at, pw, ph);
    }
    cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    gray = malloc((size_t)pw * (size_t)ph);
    if (!gray) {
        cairo_surface_destroy(surface);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%sout of memory",
                                at);
    }
    data = cairo_image_surface_get_data(surface);
    stride = cairo_image_surface_get_stride(surface);
    for (int y = 0; y < ph; y++) {
        const uint32_t *row = (const uint32_t *)(data + (size_t)y * stride);
        unsigned char *line = gray + (size_t)y * pw;

        for (int x = 0; x < pw; x++) {
            uint32_t p = row[x];

            /* ITU-R BT.601 luma, as scanners and leptonica weigh it. */
            line[x] = (unsigned char)((((p >> 16) & 0xFF) * 299 +
                                       ((p >> 8) & 0xFF) * 587 +
                                       (p & 0xFF) * 114 + 500) /
                                      1000);
        }
    }
    cairo_surface_destroy(surface);
    *out = (cancu_ocr_image_t){gray, pw, ph, pw, 1};
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t ocr_poppler(result_t *res, PopplerPage *page,
                                  const cancu_ocr_options_t *o)
{
    cancu_ocr_options_t render = *o;
    cancu_ocr_image_t image = {NULL, 0, 0, 0, 1};
    double w = 0, h = 0;
    int number = poppler_page_get_index(page) + 1, dpi;
    char at[4200];
    cancu_status_t status;

    where(at, sizeof at, o->path, number);
    poppler_page_get_size(page, &w, &h);
    if (!(w > 0 && h > 0))
        return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%sno size to render",
                                at);
    dpi = render_dpi(w, h, o->dpi > 0 ? o->dpi : CANCU_OCR_DPI, o->max_pixels);
    if (!dpi)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s%.0fx%.0f points, too large to "
                                "recognise (over %zu pixels at %d dpi)",
                                at, w, h, o->max_pixels, CANCU_OCR_MIN_DPI);
    status = render_gray(&image, page, dpi, at);
    if (status != CANCU_STATUS_SUCCESS)
        return status;
    render.dpi = dpi;
    res->scale = 72.0 / dpi;
    status = ocr_image(res, &image, &render, number);
    free((unsigned char *)image.pixels);
    return status;
}

cancu_status_t cancu_ocr__poppler_page(char **text_out, double *confidence_out,
                                       struct _PopplerPage *page,
                                       const cancu_ocr_options_t *options)
{
    result_t res = {text_out, confidence_out, NULL, NULL, 1.0};

    assert(text_out && page);
    *text_out = NULL;
    if (confidence_out)
        *confidence_out = 0;
    return ocr_poppler(&res, page, options ? options : &defaults);
}

cancu_status_t cancu_ocr__poppler_page_words(cancu_ocr_word_t **words_out,
                                             size_t *count_out,
                                             struct _PopplerPage *page,
                                             const cancu_ocr_options_t *options)
{
    result_t res = {NULL, NULL, words_out, count_out, 1.0};

    assert(words_out && count_out && page);
    *words_out = NULL;
    *count_out = 0;
    return ocr_poppler(&res, page, options ? options : &defaults);
}
