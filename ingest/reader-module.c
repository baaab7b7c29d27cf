/* The entry point of a reader module (readers.h): built once for each
 * module, with CANCU_READER_DOCX, _PDF, _DOC or _OCR defined. */
#include "ingest/readers.h"

#if defined(CANCU_READER_DOCX)
static const struct cancu_docx_reader reader = {
    cancu_docx__read,
};
#elif defined(CANCU_READER_PDF)
static const struct cancu_pdf_reader reader = {
    cancu_pdf__read,
    cancu_pdf__set_time_limits,
};
#elif defined(CANCU_READER_DOC)
static const struct cancu_doc_reader reader = {
    cancu_doc__read,
};
#elif defined(CANCU_READER_OCR)
static const struct cancu_ocr_reader reader = {
    cancu_ocr__page,
    cancu_ocr__page_words,
    cancu_ocr__words_free,
    cancu_ocr__poppler_page,
    cancu_ocr__poppler_page_words,
    cancu_ocr__available,
    cancu_ocr__shutdown,
};
#else
#error "define CANCU_READER_DOCX, _PDF, _DOC or _OCR"
#endif

__attribute__((visibility("default"))) const void *
cancu_reader_module(const struct cancu_reader_host *host, int abi);

const void *cancu_reader_module(const struct cancu_reader_host *host, int abi)
{
    if (abi != CANCU_READER_ABI || !host || host->abi != CANCU_READER_ABI ||
        host->size != sizeof *host)
        return NULL;
    cancu_reader__host = host;
    return &reader;
}
