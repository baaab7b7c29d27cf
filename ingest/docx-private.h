/* DOCX internals: streaming the package's XML parts, and what the body
 * needs from the package (styles, list numbering, properties). */
#ifndef CANCU_DOCX_PRIVATE_H
#define CANCU_DOCX_PRIVATE_H

#include <stdbool.h>

#include <libxml/xmlreader.h>
#include <zip.h>

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
#define DOCX_LEVELS 9

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

typedef struct docx_style {
    char *id;
    char *name;
    char *based_on;
    char *font; /* rFonts w:ascii, or NULL */
    int heading_level;
    int num_id, ilvl; /* numbering the style gives, num_id 0 for none */
} docx_style_t;

typedef struct docx_level {
    char format[24]; /* numFmt: decimal, lowerLetter, upperRoman, bullet */
    char text[32];   /* lvlText: "%1.", "%2)", "-" */
    int start;
} docx_level_t;

typedef struct docx_abstract {
    int id;
    docx_level_t levels[DOCX_LEVELS];
} docx_abstract_t;

typedef struct docx_num {
    int id;
    int abstract;
    int start_override[DOCX_LEVELS]; /* -1 for none */
    int counters[DOCX_LEVELS];
    bool started[DOCX_LEVELS];
} docx_num_t;

typedef struct docx_package {
    docx_style_t *styles;
    size_t nstyles, styles_cap;
    char *default_font;
    docx_abstract_t *abstracts;
    size_t nabstracts, abstracts_cap;
    docx_num_t *nums;
    size_t nnums, nums_cap;
    char *title, *created, *modified;
} docx_package_t;

/* Read styles.xml, numbering.xml and docProps/core.xml, where present. */
cancu_status_t cancu_docx__load_package(docx_package_t *pkg, docx_file_t *file);
void cancu_docx__package_dispose(docx_package_t *pkg);
/* The style with id 'id', or NULL. */
const docx_style_t *cancu_docx__style(const docx_package_t *pkg,
                                      const char *id);
/* The font a style gives its runs, through basedOn, else the default. */
const char *cancu_docx__style_font(const docx_package_t *pkg,
                                   const char *style_id);
/* Count one more paragraph of list 'num_id' at level 'ilvl' and write its
 * label ("1.", "a)", "II.", "-") to 'out'; false when it has none. */
bool cancu_docx__next_label(docx_package_t *pkg, int num_id, int ilvl,
                            char *out, size_t cap);

#endif
