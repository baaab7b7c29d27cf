/* The lists, styles and properties of a Word document, as the DOCX
 * reader gathers them from its package's parts and the Word 97-2003
 * reader from its tables: plain data, with no zip or XML in it, so that
 * both reader modules link it (docx-lists.c). */
#ifndef CANCU_DOCX_LISTS_H
#define CANCU_DOCX_LISTS_H

#include <stdbool.h>
#include <stddef.h>

#define DOCX_LEVELS 9

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

/* Free what the package holds, and empty it. */
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
