/* Text recognition (OCR) of scanned pages, for the PDF reader: Tesseract
 * through its C API, in Vietnamese. Nothing here knows about the
 * document model; a reader calls it for a page and gets UTF-8 text. */
#ifndef CANCU_OCR_H
#define CANCU_OCR_H

#include <stdbool.h>
#include <stddef.h>

#include <cancu/status.h>

/* poppler-glib's page, as poppler.h declares it: this header does not
 * need poppler's. */
struct _PopplerPage;

/* The language data Tesseract reads: Vietnamese, which also has the Latin
 * letters, digits and punctuation of numbers like 45/2020/NĐ-CP. Adding
 * English ("vie+eng") reads the sample's scanned page no better (0.992 to
 * 0.996 of its words either way) and needs a second package. */
#define CANCU_OCR_LANGUAGES "vie"
#define CANCU_OCR_DATA_FILE "vie.traineddata"
/* Where Debian's tesseract-ocr-vie puts it, when TESSDATA_PREFIX is not
 * set (Tesseract 5, then 4). */
#define CANCU_OCR_DEFAULT_DATAPATH "/usr/share/tesseract-ocr/5/tessdata"
#define CANCU_OCR_OLD_DATAPATH "/usr/share/tesseract-ocr/4.00/tessdata"
/* A page is rendered for OCR at this resolution; a page too large for
 * CANCU_OCR_MAX_PIXELS there is rendered at the highest resolution that
 * fits, down to CANCU_OCR_MIN_DPI, below which it is refused. */
#define CANCU_OCR_DPI 300
#define CANCU_OCR_MIN_DPI 150
/* At most this many pixels a page: A2 at 300 dpi (4961 x 7016), A0 at
 * 150 dpi. Tesseract holds a few bytes a pixel while it reads a page. */
#define CANCU_OCR_MAX_PIXELS ((size_t)35 * 1000 * 1000)
/* And at most this many pixels each side, whatever the other. */
#define CANCU_OCR_MAX_SIDE 32000
/* Recognition of one page stops after this time (an A4 page of the
 * sample at 300 dpi takes 2 s on one core, bench/bench-ocr). Page layout
 * analysis, before it, is bounded by the pixel limit only. */
#define CANCU_OCR_MAX_MS_PER_PAGE 60000
/* Recognisers kept for reuse between calls (one is created for each
 * concurrent call beyond these, and deleted after it). */
#define CANCU_OCR_POOL_SIZE 4

/* Pixels in memory, top row first. bytes_per_pixel is 1 (gray), 3 (RGB)
 * or 4 (RGBA, in that byte order); stride is the bytes from one row to
 * the next (at least width * bytes_per_pixel). */
typedef struct cancu_ocr_image {
    const unsigned char *pixels;
    int width;
    int height;
    int stride;
    int bytes_per_pixel;
} cancu_ocr_image_t;

typedef struct cancu_ocr_options {
    /* The file, named in messages ("" for none). */
    const char *path;
    /* The 1-based page named in messages, 0 for none (cancu_ocr__page
     * only: a poppler page knows its number). */
    int page;
    /* cancu_ocr__page: the image's resolution, which Tesseract uses to
     * judge sizes (0: unknown). cancu_ocr__poppler_page: the resolution
     * to render at. */
    int dpi;
    /* Limits; the defaults are the constants above. */
    size_t max_pixels;
    unsigned max_ms;
} cancu_ocr_options_t;

#define CANCU_OCR_OPTIONS_INIT                                                 \
    {                                                                          \
        "", 0, CANCU_OCR_DPI, CANCU_OCR_MAX_PIXELS, CANCU_OCR_MAX_MS_PER_PAGE  \
    }

/* A recognised word and where it stands. */
typedef struct cancu_ocr_word {
    char *text; /* UTF-8 in NFC, malloc'd */
    /* Its box, left, top, right, bottom: in pixels of the image for
     * cancu_ocr__page_words(); in points from the page's top left corner
     * for cancu_ocr__poppler_page_words(), as poppler's text layout gives
     * the glyphs of a page with a text layer. */
    double x0, y0, x1, y1;
    /* Tesseract's confidence in it, 0 to 1. */
    double confidence;
    /* The block, paragraph and line of the page it is in, as Tesseract
     * laid the page out, each counted from 0. */
    int block, paragraph, line;
} cancu_ocr_word_t;

/* Recognise the text of one page image. On success *text_out is its
 * text, UTF-8 in NFC, lines ending in newlines and a blank line between
 * blocks ("" for a page with no text), and *confidence_out (when not
 * NULL) Tesseract's mean word confidence, 0 to 1. 'options' may be NULL
 * for the defaults.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (no pixels, a bad
 * geometry), _LIMIT_EXCEEDED (too many pixels, too long), _IO_ERROR
 * (Tesseract's Vietnamese data is not installed: the message names the
 * package), _BAD_INPUT (Tesseract could not read the page) or
 * _OUT_OF_MEMORY, each with a one-line message naming the file.
 * *text_out: free(). */
cancu_status_t cancu_ocr__page(char **text_out, double *confidence_out,
                               const cancu_ocr_image_t *image,
                               const cancu_ocr_options_t *options);

/* The words of one page image, in reading order, as cancu_ocr__page()
 * recognises them (a page with no text has none: *words_out NULL and
 * *count_out 0). Returns what cancu_ocr__page() returns.
 * *words_out: cancu_ocr__words_free(). */
cancu_status_t cancu_ocr__page_words(cancu_ocr_word_t **words_out,
                                     size_t *count_out,
                                     const cancu_ocr_image_t *image,
                                     const cancu_ocr_options_t *options);

/* Free 'count' words and their array; (NULL, 0) does nothing. */
void cancu_ocr__words_free(cancu_ocr_word_t *words, size_t count);

/* Render 'page' in gray at options->dpi (a lower one for a page too
 * large, see CANCU_OCR_MIN_DPI) through cairo and recognise its text as
 * cancu_ocr__page() does; its messages name the page's number. Returns
 * what cancu_ocr__page() returns, and _LIMIT_EXCEEDED for a page too
 * large even at CANCU_OCR_MIN_DPI. *text_out: free(). */
cancu_status_t cancu_ocr__poppler_page(char **text_out, double *confidence_out,
                                       struct _PopplerPage *page,
                                       const cancu_ocr_options_t *options);

/* The words of 'page', rendered as cancu_ocr__poppler_page() renders it,
 * with their boxes in the page's points: a reader can lay them out in
 * lines, paragraphs and tables as it does the glyphs of a text layer.
 * Returns what cancu_ocr__poppler_page() returns.
 * *words_out: cancu_ocr__words_free(). */
cancu_status_t
cancu_ocr__poppler_page_words(cancu_ocr_word_t **words_out, size_t *count_out,
                              struct _PopplerPage *page,
                              const cancu_ocr_options_t *options);

/* Whether Tesseract's Vietnamese data can be found (TESSDATA_PREFIX, or
 * Debian's place), for a caller that decides whether to offer OCR. */
bool cancu_ocr__available(void);

/* Delete the recognisers kept for reuse. The next call creates one
 * again. Not to be called while another thread is recognising. */
void cancu_ocr__shutdown(void);

#endif
