/* In a reader module: the library's functions the reader calls, each
 * passed on to the library through the table it lent the module at
 * loading (readers.h). The names are the library's, so the readers are
 * written as if they were linked into it. */
#include <libintl.h>
#include <stdarg.h>
#include <stdio.h>

#include "ingest/readers.h"

const struct cancu_reader_host *cancu_reader__host;

cancu_status_t cancu_error__set(cancu_status_t status, const char *fmt, ...)
{
    char english[1024], translated[1024];
    va_list ap, again;

    /* Formatted and translated here, as the library's own
     * cancu_error__set does: the library is handed finished messages. */
    va_start(ap, fmt);
    va_copy(again, ap);
    vsnprintf(english, sizeof english, fmt, ap);
    vsnprintf(translated, sizeof translated,
              *fmt ? dgettext(CANCU_TEXT_DOMAIN, fmt) : fmt, again);
    va_end(again);
    va_end(ap);
    return cancu_reader__host->error_set_messages(status, english, translated);
}

cancu_document_t *cancu_document__new(const char *path, const char *format)
{
    return cancu_reader__host->document_new(path, format);
}

void cancu_document_destroy(cancu_document_t *doc)
{
    cancu_reader__host->document_destroy(doc);
}

cancu_status_t cancu_document__build_failure(cancu_document_t *doc)
{
    return cancu_reader__host->document_build_failure(doc);
}

bool cancu_document__add_paragraph(cancu_document_t *doc, const char *text,
                                   size_t len, size_t line)
{
    return cancu_reader__host->document_add_paragraph(doc, text, len, line);
}

bool cancu_document__add_wrapped_paragraph(cancu_document_t *doc,
                                           const char *text, size_t len,
                                           size_t line, const size_t *breaks,
                                           size_t nbreaks)
{
    return cancu_reader__host->document_add_wrapped_paragraph(
        doc, text, len, line, breaks, nbreaks);
}

struct cancu_block *cancu_document__last_block(cancu_document_t *doc)
{
    return cancu_reader__host->document_last_block(doc);
}

void cancu_document__mark_row(cancu_document_t *doc, bool header,
                              const bool *merged, size_t ncells)
{
    cancu_reader__host->document_mark_row(doc, header, merged, ncells);
}

bool cancu_document__begin_table(cancu_document_t *doc, size_t line)
{
    return cancu_reader__host->document_begin_table(doc, line);
}

bool cancu_document__add_row(cancu_document_t *doc, const char *const *cells,
                             const size_t *lens, size_t ncells, size_t line)
{
    return cancu_reader__host->document_add_row(doc, cells, lens, ncells, line);
}

bool cancu_document__set_cell_lines(cancu_document_t *doc, size_t cell,
                                    const char *lines, size_t len)
{
    return cancu_reader__host->document_set_cell_lines(doc, cell, lines, len);
}

bool cancu_tasks__opens_lower(const char *text)
{
    return cancu_reader__host->tasks_opens_lower(text);
}

cancu_status_t cancu_normalize__nfc(char **out, size_t *out_len,
                                    const char *text, size_t len)
{
    return cancu_reader__host->normalize_nfc(out, out_len, text, len);
}

const char *cancu_legacy__font_encoding(const char *font, bool *capitals_out)
{
    return cancu_reader__host->legacy_font_encoding(font, capitals_out);
}

cancu_status_t cancu_legacy__decode_font_text(char **out, size_t *out_len,
                                              const char *encoding,
                                              bool capitals, const char *utf8,
                                              size_t len)
{
    return cancu_reader__host->legacy_decode_font_text(out, out_len, encoding,
                                                       capitals, utf8, len);
}

#ifndef CANCU_READER_OCR
/* The PDF reader reaches the OCR module through the library, which loads
 * it the first time a scanned page is read. */
cancu_status_t cancu_ocr__poppler_page_words(cancu_ocr_word_t **words_out,
                                             size_t *count_out,
                                             struct _PopplerPage *page,
                                             const cancu_ocr_options_t *options)
{
    return cancu_reader__host->ocr_poppler_page_words(words_out, count_out,
                                                      page, options);
}

void cancu_ocr__words_free(cancu_ocr_word_t *words, size_t count)
{
    cancu_reader__host->ocr_words_free(words, count);
}
#endif
