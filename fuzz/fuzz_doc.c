/* The Word 97-2003 reader on whole .doc (compound) files: libgsf's
 * container, then the FIB, pieces, properties, styles and fonts. */
#include <stddef.h>
#include <stdint.h>

#include <cancu/document.h>

#include "walk-document.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader is a module the library loads on the first such file
 * (ingest/readers.h): load it before fuzzing, so its coverage counters
 * are there from the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char magic[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
    cancu_document_t *doc = NULL;

    (void)argc;
    (void)argv;
    cancu_document_open_buffer(&doc, "f.doc", magic, sizeof magic - 1, NULL);
    cancu_document_destroy(doc);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_document_t *doc = NULL;

    if (cancu_document_open_buffer(&doc, "f.doc", data, size, NULL) ==
        CANCU_STATUS_SUCCESS)
        walk_document(doc);
    cancu_document_destroy(doc);
    return 0;
}
