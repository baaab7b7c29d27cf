/* What the document harnesses do with a plan once read: touch every
 * accessor a caller would, so the fuzzer reaches the lazy paths too. */
#ifndef CANCU_FUZZ_WALK_DOCUMENT_H
#define CANCU_FUZZ_WALK_DOCUMENT_H

#include <stdlib.h>
#include <string.h>

#include <cancu/document.h>

static size_t sink;

static void touch(const char *s)
{
    if (s)
        sink += strlen(s);
}

static void walk_document(const cancu_document_t *doc)
{
    char *json = NULL;

    touch(cancu_document_title(doc));
    touch(cancu_document_date(doc));
    touch(cancu_document_number(doc));
    touch(cancu_document_issuer(doc));
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *block = cancu_document_block(doc, i);

        touch(cancu_block_text(block));
        touch(cancu_block_section(block));
        touch(cancu_block_heading(block));
        for (size_t r = 0; r < cancu_block_row_count(block); r++)
            for (size_t c = 0; c < cancu_block_cell_count(block, r); c++)
                touch(cancu_block_cell_text(block, r, c));
    }
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++)
        touch(cancu_reference_key(cancu_document_reference(doc, i)));
    if (cancu_document_references_json(doc, &json) == CANCU_STATUS_SUCCESS)
        touch(json);
    free(json);
    json = NULL;
    if (cancu_document_tasks_json(doc, &json) == CANCU_STATUS_SUCCESS)
        touch(json);
    free(json);
}

#endif
