/* The DOCX reader on whole zip packages. */
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
    static const char magic[] = "PK\x03\x04";
    cancu_document_t *doc = NULL;

    (void)argc;
    (void)argv;
    cancu_document_open_buffer(&doc, "f.docx", magic, sizeof magic - 1, NULL);
    cancu_document_destroy(doc);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cancu_document_t *doc = NULL;

    if (cancu_document_open_buffer(&doc, "f.docx", data, size, NULL) ==
        CANCU_STATUS_SUCCESS)
        walk_document(doc);
    cancu_document_destroy(doc);
    return 0;
}
