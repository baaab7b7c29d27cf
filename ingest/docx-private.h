/* DOCX internals: streaming the package's XML parts, and what the body
 * needs from the package (styles, list numbering, properties). */
#ifndef CANCU_DOCX_PRIVATE_H
#define CANCU_DOCX_PRIVATE_H

#include <stdbool.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "ingest/docx-lists.h"
#include "ingest/ingest-private.h"

/* Limits on what one DOCX may make us do. The inflated bytes and the
 * ratio are a file's: all the parts read from it (styles, numbering,
 * properties, document, footnotes, endnotes) count together. The ratio
 * compares the bytes inflated so far with the compressed bytes read so
 * far, never with the sizes the zip's headers claim. */
#define DOCX_MAX_ENTRIES 10000
#define DOCX_MAX_INFLATED ((zip_uint64_t)256 << 20)
#define DOCX_MAX_RATIO 200 /* inflated bytes per compressed byte read */
#define DOCX_RATIO_SLACK ((zip_uint64_t)1 << 20)
#define DOCX_MAX_DEPTH 128
#define DOCX_MAX_NESTING 16
#define DOCX_MAX_STYLES 4096
/* Grid columns one cell spans, or a row skips before or after its
 * cells (w:gridSpan, w:gridBefore, w:gridAfter); a larger value counts
 * as none. */
#define DOCX_MAX_GRID_SKIP 64

/* The namespaces the readers tell apart. */
typedef enum docx_ns {
    DOCX_NS_OTHER,
    DOCX_NS_W,  /* WordprocessingML, transitional or strict */
    DOCX_NS_MC, /* markup compatibility */
    DOCX_NS_DC, /* Dublin Core, and its terms, in docProps/core.xml */
} docx_ns_t;

/* The zip's bytes as libzip reads them, counted. */
typedef struct docx_source {
    const unsigned char *data;
    zip_uint64_t size;
    zip_uint64_t offset;
    /* Bytes libzip has read, all told. */
    zip_uint64_t read;
    zip_error_t error;
} docx_source_t;

/* One DOCX open for reading, and what its parts have cost so far. */
typedef struct docx_file {
    zip_t *zip;
    const char *path;
    docx_source_t source;
    /* Over all the parts read so far: bytes inflated, and compressed
     * bytes read from the zip to inflate them. */
    zip_uint64_t inflated;
    zip_uint64_t compressed;
} docx_file_t;

/* Open the zip in 'data' (borrowed; it must outlive 'file') as 'file'.
 * CANCU_STATUS_BAD_INPUT when it is not a zip, LIMIT_EXCEEDED past
 * DOCX_MAX_ENTRIES. On success, cancu_docx__close frees it. */
cancu_status_t cancu_docx__open(docx_file_t *file, const char *path,
                                const void *data, size_t size);
void cancu_docx__close(docx_file_t *file);

/* The streaming read of one part. */
typedef struct docx_walk docx_walk_t;

/* Called for each element start or end, and each text node (local is
 * then NULL). A non-zero status stops the walk. */
typedef cancu_status_t (*docx_node_fn)(docx_walk_t *w, int type, docx_ns_t ns,
                                       const char *local, int depth, bool empty,
                                       void *payload);

/* Stream part 'part' of 'file' through 'fn'. A missing part is an error
 * when 'required', else nothing happens. The inflated size and the
 * compression ratio of the file's parts together, and nesting depth, are
 * limited; a DTD is refused. */
cancu_status_t cancu_docx__walk(docx_file_t *file, const char *part,
                                bool required, docx_node_fn fn, void *payload);
/* Skip the current element and everything in it. */
void cancu_docx__skip(docx_walk_t *w);
/* A w: attribute of the current element (xmlFree it), or NULL. */
char *cancu_docx__attr(docx_walk_t *w, const char *name);
/* The value of the current text node. */
const char *cancu_docx__value(docx_walk_t *w);

/* Read styles.xml, numbering.xml and docProps/core.xml, where present. */
cancu_status_t cancu_docx__load_package(docx_package_t *pkg, docx_file_t *file);

#endif
