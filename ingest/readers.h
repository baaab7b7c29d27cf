/* The readers whose libraries are heavy to load: DOCX (libzip, which
 * brings libcrypto, and libxml2), PDF (poppler, cairo), OCR (Tesseract,
 * Leptonica) and Word 97-2003 (libgsf). Loading poppler and Tesseract
 * costs a process some 20 ms of dynamic linking, more than most commands
 * take in all, and libzip's libcrypto half of the symbol lookups of a
 * start-up, so each is a module of its own, opened with dlopen() the
 * first time a file of its kind is read (readers.c), and a command that
 * reads no such file never loads it.
 *
 * A module calls back into the library through the host table below
 * (reader-stubs.c gives it the library's own function names), so that
 * docx.c, pdf.c, doc.c and ocr.c are written as if linked into the
 * library, and the library exports nothing but its public API. */
#ifndef CANCU_READERS_H
#define CANCU_READERS_H

#include <stdbool.h>
#include <stddef.h>

#include "ingest/ingest-private.h"
#include "ingest/ocr.h"

/* Bumped whenever a table below changes; a module from another build of
 * cancu is refused rather than called through the wrong table. */
#define CANCU_READER_ABI 3

/* Where a module is looked for: $CANCU_READER_DIR when set (tests and
 * harnesses run from the build tree), then the folder of this name beside
 * the library or the program linking it (the build tree's layout, and an
 * installed libcancu.so's), then the install folder relative to that
 * program's (an installed cancu's, ../lib/cancu-readers from bin/), then
 * the folder the build installs it in. */
#define CANCU_READER_DIR_NAME "cancu-readers"

/* What the library lends a module. */
struct cancu_reader_host {
    int abi;
    size_t size;
    cancu_status_t (*error_set_messages)(cancu_status_t status,
                                         const char *english,
                                         const char *translated);
    cancu_document_t *(*document_new)(const char *path, const char *format);
    void (*document_destroy)(cancu_document_t *doc);
    cancu_status_t (*document_build_failure)(cancu_document_t *doc);
    bool (*document_add_paragraph)(cancu_document_t *doc, const char *text,
                                   size_t len, size_t line);
    bool (*document_add_wrapped_paragraph)(cancu_document_t *doc,
                                           const char *text, size_t len,
                                           size_t line, const size_t *breaks,
                                           size_t nbreaks);
    struct cancu_block *(*document_last_block)(cancu_document_t *doc);
    void (*document_mark_row)(cancu_document_t *doc, bool header,
                              const bool *merged, size_t ncells);
    bool (*document_begin_table)(cancu_document_t *doc, size_t line);
    bool (*document_add_row)(cancu_document_t *doc, const char *const *cells,
                             const size_t *lens, size_t ncells, size_t line);
    bool (*document_set_cell_lines)(cancu_document_t *doc, size_t cell,
                                    const char *lines, size_t len);
    bool (*tasks_opens_lower)(const char *text);
    cancu_status_t (*normalize_nfc)(char **out, size_t *out_len,
                                    const char *text, size_t len);
    const char *(*legacy_font_encoding)(const char *font, bool *capitals_out);
    cancu_status_t (*legacy_decode_font_text)(char **out, size_t *out_len,
                                              const char *encoding,
                                              bool capitals, const char *utf8,
                                              size_t len);
    /* The PDF reader's way to the OCR module, through the library. */
    cancu_status_t (*ocr_poppler_page_words)(
        cancu_ocr_word_t **words_out, size_t *count_out,
        struct _PopplerPage *page, const cancu_ocr_options_t *options);
    void (*ocr_words_free)(cancu_ocr_word_t *words, size_t count);
};

/* What each module gives back. */
struct cancu_docx_reader {
    cancu_status_t (*read)(cancu_document_t *doc, const void *data,
                           size_t size);
};

struct cancu_pdf_reader {
    cancu_status_t (*read)(cancu_document_t *doc, const void *data, size_t size,
                           bool ocr);
    void (*set_time_limits)(long long page_us, long long file_us);
};

struct cancu_doc_reader {
    cancu_status_t (*read)(cancu_document_t *doc, const void *data,
                           size_t size);
};

struct cancu_ocr_reader {
    cancu_status_t (*page)(char **text_out, double *confidence_out,
                           const cancu_ocr_image_t *image,
                           const cancu_ocr_options_t *options);
    cancu_status_t (*page_words)(cancu_ocr_word_t **words_out,
                                 size_t *count_out,
                                 const cancu_ocr_image_t *image,
                                 const cancu_ocr_options_t *options);
    void (*words_free)(cancu_ocr_word_t *words, size_t count);
    cancu_status_t (*poppler_page)(char **text_out, double *confidence_out,
                                   struct _PopplerPage *page,
                                   const cancu_ocr_options_t *options);
    cancu_status_t (*poppler_page_words)(cancu_ocr_word_t **words_out,
                                         size_t *count_out,
                                         struct _PopplerPage *page,
                                         const cancu_ocr_options_t *options);
    bool (*available)(void);
    void (*shutdown)(void);
};

/* The one symbol a module exports: its table (a struct
 * cancu_docx_reader, _pdf_reader, _doc_reader or _ocr_reader as the
 * module is), or NULL when 'abi' or
 * host->size is not the module's own. The module keeps 'host'. */
#define CANCU_READER_ENTRY "cancu_reader_module"
typedef const void *cancu_reader_entry_fn(const struct cancu_reader_host *host,
                                          int abi);

/* In a module: the table the library lent it (reader-stubs.c). */
extern const struct cancu_reader_host *cancu_reader__host;

#endif
