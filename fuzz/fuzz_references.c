/* The reference extractor on UTF-8 text, so the fuzzer spends its time on
 * citations rather than on encoding detection. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cancu/document.h>

#include "util/util.h"
#include "walk-document.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_read_options_t options = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc = NULL;

    if (cancu_utf8__invalid_offset((const char *)data, size) != size)
        return -1;
    options.encoding = "UTF-8";
    if (cancu_document_open_buffer(&doc, "f.txt", data, size, &options) ==
        CANCU_STATUS_SUCCESS)
        walk_references(doc);
    cancu_document_destroy(doc);
    return 0;
}
