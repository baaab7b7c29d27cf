/* The Word 97-2003 reader on whole .doc (compound) files: libgsf's
 * container, then the FIB, pieces, properties, styles and fonts. */
#include <stddef.h>
#include <stdint.h>

#include <cancu/document.h>

#include "walk-document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_document_t *doc = NULL;

    if (cancu_document_open_buffer(&doc, "f.doc", data, size, NULL) ==
        CANCU_STATUS_SUCCESS)
        walk_document(doc);
    cancu_document_destroy(doc);
    return 0;
}
