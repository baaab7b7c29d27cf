/* The document model and the readers that build it. Nothing here knows
 * about Xapian. */
#ifndef CANCU_INGEST_PRIVATE_H
#define CANCU_INGEST_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <cancu/document.h>

#include "util/util.h"

typedef struct cancu_cell {
    const char *text;
} cancu_cell_t;

typedef struct cancu_row {
    cancu_cell_t *cells;
    size_t ncells;
    size_t line;
} cancu_row_t;

struct cancu_block {
    cancu_block_kind_t kind;
    /* Paragraph text; for a table, filled in when the document is done. */
    const char *text;
    const char *section;
    const char *label;
    size_t line;
    cancu_row_t *rows; /* malloc'd, freed with the document */
    size_t nrows;
    size_t rows_cap;
};

struct cancu_reference {
    const char *id;
    const char *text;
    size_t block;
    size_t row;
    size_t cell;
    size_t start;
    size_t end;
};

struct cancu_document {
    cancu_arena_t *arena;
    const char *path;
    const char *format;
    const char *encoding;
    const char *title;
    const char *date;
    char id[65];
    size_t source_size;
    struct cancu_block *blocks;
    size_t nblocks;
    size_t blocks_cap;
    struct cancu_reference *refs;
    size_t nrefs;
    size_t refs_cap;
};

/* No paragraph or cell is longer than this: a longer one is not a plan's
 * text but a file that only looks like text. */
#define CANCU_MAX_PARAGRAPH_BYTES ((size_t)1 << 20)

/* Building a document (document.c). Every text handed in is UTF-8 NFC.
 * The *_add functions return false when memory runs out. */
cancu_document_t *cancu_document__new(const char *path, const char *format);
bool cancu_document__add_paragraph(cancu_document_t *doc, const char *text,
                                   size_t len, size_t line);
/* Start a new table block; rows are appended to the last block. */
bool cancu_document__begin_table(cancu_document_t *doc, size_t line);
bool cancu_document__add_row(cancu_document_t *doc, const char *const *cells,
                             const size_t *lens, size_t ncells, size_t line);
bool cancu_document__add_reference(cancu_document_t *doc,
                                   const cancu_reference_t *ref);
/* Derive everything computed from the blocks: table texts, sections,
 * title and date, references and the content id. */
cancu_status_t cancu_document__finish(cancu_document_t *doc);

/* Text decoding (text.c). */

/* Decode 'size' bytes into NFC UTF-8 (malloc'd, *out_len bytes, NUL
 * terminated), detecting the encoding unless 'forced' names one, and put
 * the encoding's name in *encoding_out (a static string). 'name' is used
 * in error messages. */
cancu_status_t cancu_text__decode(char **out, size_t *out_len,
                                  const char **encoding_out, const char *name,
                                  const unsigned char *data, size_t size,
                                  const char *forced);

/* Read a TXT plan into 'doc' from decoded text. */
cancu_status_t cancu_text__read(cancu_document_t *doc, const char *text,
                                size_t len);

/* DOCX (docx.c): read the zip's word/document.xml into 'doc'. */
cancu_status_t cancu_docx__read(cancu_document_t *doc, const void *data,
                                size_t size);

/* Normalization (normalize.c). */

/* NFC of 'n' UTF-16 units into malloc'd UTF-8; 'name' is for messages. */
#include <unicode/utypes.h>
cancu_status_t cancu_normalize__utf16_to_nfc(char **out, size_t *out_len,
                                             const char *name, const UChar *u,
                                             int32_t n);
/* NFC of 'len' bytes of UTF-8 into a malloc'd string. */
cancu_status_t cancu_normalize__nfc(char **out, size_t *out_len,
                                    const char *text, size_t len);

/* Metadata and structure (metadata.c). */

/* The heading label that starts 'text' and its level (1 Roman part,
 * 2 numbered section, 3 lettered subsection, 0 bullet), or false. The
 * label is written to 'label' (at most 'cap' bytes with its NUL). */
bool cancu_metadata__heading(const char *text, char *label, size_t cap,
                             int *level_out);
/* Fill in each block's section and label, and the title and date. */
cancu_status_t cancu_metadata__derive(cancu_document_t *doc);

/* References (references.c). */

/* Called with each reference found: its canonical id and byte span. */
typedef cancu_status_t (*cancu_reference_cb)(const char *id, size_t start,
                                             size_t end, void *payload);
/* Find the references in 'text'; a non-zero status from 'cb' stops. */
cancu_status_t cancu_references__find(const char *text, size_t len,
                                      cancu_reference_cb cb, void *payload);
/* Find references in 'text' (block 'block', row, cell) and add them. */
cancu_status_t cancu_references__scan(cancu_document_t *doc, const char *text,
                                      size_t len, size_t block, size_t row,
                                      size_t cell);
/* The canonical id of a reference's parts into 'out'. */
bool cancu_references__canonical(cancu_strbuf_t *out, const char *number,
                                 size_t number_len, const char *year,
                                 const char *code, size_t code_len);

#endif
