/* The document model and the readers that build it. Nothing here knows
 * about Xapian. */
#ifndef CANCU_INGEST_PRIVATE_H
#define CANCU_INGEST_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include <cancu/document.h>

#include "util/util.h"

typedef struct cancu_cell {
    const char *text;
    /* A continued vertical merge: its text is its restart cell's. */
    bool merged;
    /* Its paragraphs joined by newlines, where a reader kept them (the
     * header tables of DOCX), else NULL: 'text' joins them by spaces. */
    const char *lines;
} cancu_cell_t;

typedef struct cancu_row {
    cancu_cell_t *cells;
    size_t ncells;
    size_t line;
    /* Marked as a header row (w:tblHeader). */
    bool header;
} cancu_row_t;

struct cancu_block {
    cancu_block_kind_t kind;
    /* Paragraph text; for a table, filled in when the document is done. */
    const char *text;
    const char *section;
    /* The text of the innermost heading it stands under, or "". */
    const char *heading;
    /* Its list or heading label ("II", "1.", "a)", "-"), as numbered by
     * Word or written in the text; "" for none. */
    const char *label;
    /* The paragraph style's name, and its heading level (1-9, else 0). */
    const char *style;
    int heading_level;
    /* "" in the body; "footnote" or "endnote" for a note, whose anchor is
     * the block that refers to it (SIZE_MAX when none does). */
    const char *note;
    size_t anchor;
    size_t line;
    /* A paragraph of a TXT whose lines wrap: the offsets in 'text' where
     * its second, third ... line starts (arena), else NULL and 0. */
    const size_t *breaks;
    size_t nbreaks;
    /* A table only: a blank paragraph, not a page break, stood between
     * it and the block before (DOCX), so it is not the same table going
     * on. */
    bool blank_before;
    cancu_row_t *rows; /* malloc'd, freed with the document */
    size_t nrows;
    size_t rows_cap;
};

struct cancu_reference {
    /* The canonical id: 45/2020/NĐ-CP, 18-NQ/TW, Luật Viên chức. */
    const char *id;
    /* The identity: the id, qualified by province and date or year where
     * the id alone is not unique. */
    const char *key;
    /* normative, law, administrative, party, letter, consolidated, name,
     * standard. */
    const char *form;
    const char *type;   /* Nghị định, Thông tư, ... */
    const char *number; /* as canonical: "45", "06" */
    int year;           /* 0 when unknown */
    int written_year;   /* the year in the number as written, or 0 */
    const char *code;   /* NĐ-CP, QĐ-UBND, NQ/TW */
    const char *issuer; /* the issuer phrase, or the code's issuer */
    const char *province;
    const char *date; /* ISO, or "" */
    const char *title;
    const char *text; /* as written */
    size_t block, row, cell, start, end;
    /* The full mention a short form was resolved to, or SIZE_MAX. */
    size_t resolved_from;
    bool local;   /* numbered afresh in every province */
    bool partial; /* a type word and number, the code not written */
    bool missing_year;
    bool unknown_code;
    bool ambiguous;
    /* Where it stands, set when the document is done (or read back from
     * the archive): the section of its block, its 1-based source line,
     * whether its block is a table and, when it is, the number of the
     * task whose rows hold it (NULL for none). */
    const char *section;
    size_t line;
    bool in_table;
    const char *task;
};

struct cancu_problem {
    size_t reference;
    const char *kind; /* year-mismatch, missing-year, conflicting-date,
                         future-dated, unknown-code, ambiguous */
    const char *detail;
    const char *suggestion;
};

struct cancu_relation {
    const char *kind; /* amends, replaces, repeals, expires */
    /* Indexes of references; SIZE_MAX as source: the document itself. */
    size_t source;
    size_t target;
    const char *text;
    /* Only parts of the target end ("Bãi bỏ Điều 5 Nghị định số ..."):
     * it stays in force, changed. */
    bool partial;
    /* The day the clause says it takes effect (ISO), or NULL: then the
     * acting document's own. */
    const char *date;
};

typedef struct cancu_problem cancu_problem_t;
typedef struct cancu_relation cancu_relation_t;

#include "ingest/deadlines.h"

/* A unit named as lead or partner, and the key that groups its
 * spellings. */
typedef struct cancu_unit {
    const char *name;
    const char *key;
} cancu_unit_t;

typedef struct cancu_activity {
    const char *activity, *output, *lead_text, *partners_text;
    const char *deadline_text, *budget;
    cancu_unit_t *lead, *partners;
    size_t nlead, npartners;
    cancu_deadline_t *deadlines;
    size_t ndeadlines;
    size_t line;
    /* For an activity handed out by a task query: the stored record its
     * accessors read (query/tasks.c); NULL in a document's model. */
    json_t *record;
} cancu_activity_t;

/* Where a task's text stands: its table rows, or its paragraph. */
typedef struct cancu_task_row {
    size_t block, row;
} cancu_task_row_t;

struct cancu_task {
    const char *no, *area, *objective, *task, *section;
    cancu_activity_t *activities;
    size_t nactivities;
    /* Indexes into the document's references, one per id. */
    size_t *refs;
    size_t nrefs;
    cancu_task_row_t *rows;
    size_t nrows;
    size_t line;
    /* The task's identity in its plan: the task table it stands in (1 for
     * the plan's first, 0 for a bullet of the body), the body part of a
     * bullet ("II"; "" in a table), and its row: the task's first row in
     * its table (1 for the table's first, its header) or the bullet's
     * place in its part (1 for the first). Numbers ("no") repeat: bullets
     * are numbered again in each part, tables from 1 each. */
    size_t table;
    const char *part;
    size_t row;
    /* For a task handed out by a task query: the stored record its
     * accessors read (query/tasks.c); NULL in a document's model. */
    json_t *record;
};
typedef struct cancu_task cancu_task_t;

/* An abbreviation the document defines and its expansion as written. */
typedef struct cancu_abbrev {
    const char *abbr;
    const char *expansion;
} cancu_abbrev_t;

/* The document's own identity, as its header and final clauses print it;
 * "" for what the text does not state. Dates are ISO, "YYYY-MM" when the
 * day is left blank and "YYYY" when the month is too. */
typedef struct cancu_identity {
    const char *issuer, *parent, *number, *type, *place, *signed_on;
    const char *title, *province, *in_force;
    /* The title is the text's first heading: it has no header. */
    bool title_is_heading;
    /* The block its header starts in, or SIZE_MAX when it gives no
     * number or gives it in the gazette form ("Nghị định số ... ngày ...
     * về ..." as its first line, which may as well be a citation). */
    size_t header_block;
    /* The block a gazette form's heading starts in ("Quyết định của Thủ
     * tướng Chính phủ số 115/2004/QĐ-TTg ngày ..."), or SIZE_MAX. */
    size_t gazette_block;
} cancu_identity_t;

struct cancu_document {
    cancu_arena_t *arena;
    const char *path;
    const char *format;
    const char *encoding;
    const char *title;
    const char *date;
    /* From docProps/core.xml, ISO 8601, or "". */
    const char *created;
    const char *modified;
    /* The title the file's properties give, used when the text has none. */
    const char *property_title;
    char id[65];
    size_t source_size;
    struct cancu_block *blocks;
    size_t nblocks;
    size_t blocks_cap;
    struct cancu_reference *refs;
    size_t nrefs;
    size_t refs_cap;
    struct cancu_problem *problems;
    size_t nproblems, problems_cap;
    struct cancu_relation *relations;
    size_t nrelations, relations_cap;
    /* Pages whose text was recognised from their image (OCR). */
    size_t ocr_pages;
    /* A limit was hit while building: the add functions fail with it. */
    bool over_limit;
    size_t nrows_total;
    /* Where the plan was signed ("Gia Lai, ngày ..."), or "". */
    const char *place;
    /* The number the document gives itself ("Số: ..."), or "". */
    const char *own_id;
    /* That number as written, blanks and all ("/KH-SGDĐT"), or "". */
    const char *number;
    /* The plan's issuer and the year it plans for (0 when unknown). */
    const char *issuer;
    int plan_year;
    /* The period the plan states (deadlines.h), 0 and 0 when none. */
    int plan_first, plan_last;
    /* Abbreviations it defines (abbrev.c); malloc'd. */
    cancu_abbrev_t *abbrevs;
    size_t nabbrevs, abbrevs_cap;
    /* Tasks (tasks.c); their arrays live in the arena. */
    struct cancu_task *tasks;
    size_t ntasks;
    /* The identity the document states about itself (identity.c). */
    cancu_identity_t identity;
};

/* No paragraph or cell is longer than this: a longer one is not a plan's
 * text but a file that only looks like text. */
#define CANCU_MAX_PARAGRAPH_BYTES ((size_t)1 << 20)

/* No plan has more paragraphs, or more table rows, than this. */
#define CANCU_MAX_BLOCKS ((size_t)100000)

/* Building a document (document.c). Every text handed in is UTF-8 NFC.
 * The *_add functions return false when memory runs out, or when a limit
 * is hit: see cancu_document__build_failure. */
cancu_status_t cancu_document__build_failure(cancu_document_t *doc);
cancu_document_t *cancu_document__new(const char *path, const char *format);
bool cancu_document__add_paragraph(cancu_document_t *doc, const char *text,
                                   size_t len, size_t line);
/* The last block added, to set its style, label, note and anchor. */
struct cancu_block *cancu_document__last_block(cancu_document_t *doc);
/* Mark the last row's header flag and a cell's merged flag. */
void cancu_document__mark_row(cancu_document_t *doc, bool header,
                              const bool *merged, size_t ncells);
/* Start a new table block; rows are appended to the last block. */
/* Add a paragraph joined from wrapped lines: 'breaks' (copied) are the
 * offsets in 'text' where each line after the first starts. */
bool cancu_document__add_wrapped_paragraph(cancu_document_t *doc,
                                           const char *text, size_t len,
                                           size_t line, const size_t *breaks,
                                           size_t nbreaks);
/* The source line of byte 'offset' of paragraph 'b' (its first line for
 * a table), and the last line it takes. */
size_t cancu_block__line_at(const struct cancu_block *b, size_t offset);
size_t cancu_block__last_line(const struct cancu_block *b);
bool cancu_document__begin_table(cancu_document_t *doc, size_t line);
bool cancu_document__add_row(cancu_document_t *doc, const char *const *cells,
                             const size_t *lens, size_t ncells, size_t line);
/* Keep the paragraphs of cell 'cell' of the last row, joined by newlines
 * ('len' bytes of 'lines'). */
bool cancu_document__set_cell_lines(cancu_document_t *doc, size_t cell,
                                    const char *lines, size_t len);
bool cancu_document__add_reference(cancu_document_t *doc,
                                   const cancu_reference_t *ref);
bool cancu_document__add_problem(cancu_document_t *doc,
                                 const cancu_problem_t *problem);
bool cancu_document__add_relation(cancu_document_t *doc,
                                  const cancu_relation_t *relation);
/* Derive everything computed from the blocks: table texts, sections,
 * title and date, references and the content id; with 'text_only', the
 * table texts and the content id alone (CANCU_READ_TEXT_ONLY). */
cancu_status_t cancu_document__finish(cancu_document_t *doc, bool text_only);

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

/* DOCX (docx.c, in the module docx.so, loaded by readers.c): read the
 * zip's word/document.xml into 'doc'. */
cancu_status_t cancu_docx__read(cancu_document_t *doc, const void *data,
                                size_t size);

/* PDF (pdf.c): read a PDF's text layer into 'doc': paragraphs, the
 * header's columns, tables from the page's ruling lines. Encrypted,
 * scanned and malformed files, and files over the limits below, fail
 * with a one-line message. */
cancu_status_t cancu_pdf__read(cancu_document_t *doc, const void *data,
                               size_t size, bool ocr);
/* The limits of a PDF, checked while it is read: bytes, pages, glyphs of
 * one page (a dense A4 page holds under 10000), seconds one page may take
 * and the whole file may take (checked after each page: poppler cannot
 * be stopped inside one), and the pixels of the rendering
 * its ruling lines are found in (the scale drops to stay under it, so a
 * huge page costs no more than an A4 one). */
#define CANCU_PDF_MAX_BYTES ((size_t)64 << 20)
#define CANCU_PDF_MAX_PAGES 2000
#define CANCU_PDF_MAX_PAGE_GLYPHS 40000
#define CANCU_PDF_MAX_PAGE_SECONDS 10
#define CANCU_PDF_MAX_SECONDS 120
#define CANCU_PDF_MAX_RENDER_PIXELS (4.0 * 1024 * 1024)
/* For tests: the time limits in microseconds, a page's and the file's
 * (0 for the constants above). Not thread-safe; the tests alone call it. */
void cancu_pdf__set_time_limits(long long page_us, long long file_us);
/* Word 97-2003 (doc.c): read the compound file's WordDocument stream
 * and its table stream into 'doc'. */
cancu_status_t cancu_doc__read(cancu_document_t *doc, const void *data,
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
 * bare label ("II", "1.2", "a") is written to 'label' (at most 'cap'
 * bytes with its NUL); *written_len, when not NULL, gets the length of the
 * label as written ("II.", "a)"). */
bool cancu_metadata__heading(const char *text, char *label, size_t cap,
                             int *level_out, size_t *written_len);
/* Fill in each block's section and label, and the title and date. */
cancu_status_t cancu_metadata__derive(cancu_document_t *doc);

/* Read the document's own identity (identity.c) into doc->identity: the
 * header's issuer, number, place, date, type and title, the province, and
 * the date it takes effect. Before the references. */
cancu_status_t cancu_identity__read(cancu_document_t *doc);

/* References (references.c). */

/* Called with each reference found: its canonical id and byte span. */
typedef cancu_status_t (*cancu_reference_cb)(const char *id, size_t start,
                                             size_t end, void *payload);
/* Find the references in 'text'; a non-zero status from 'cb' stops. */
cancu_status_t cancu_references__find(const char *text, size_t len,
                                      cancu_reference_cb cb, void *payload);
/* Find the references of every paragraph and cell of 'doc', then
 * resolve them as cancu_references__finish does. */
cancu_status_t cancu_references__scan(cancu_document_t *doc);
/* After every block was scanned: resolve short forms, give each
 * reference its key, and find problems and relations. */
cancu_status_t cancu_references__finish(cancu_document_t *doc);
/* {"references", "relations", "problems"} of 'doc' (refs-json.c). */
#include <jansson.h>
json_t *cancu_references__json(const cancu_document_t *doc);
/* Tasks (tasks.c): from task tables, or from the body's bullets when a
 * plan has no table; with units and deadlines. After the references. */
cancu_status_t cancu_tasks__extract(cancu_document_t *doc);
/* The column a task table's header cell names, by its words: "no",
 * "objective", "task", "activity", "output", "lead", "partners",
 * "lead+partners" (lead, then partners where the cell marks them),
 * "deadline", "budget", "ignored", or "" for none. */
const char *cancu_tasks__header_column(const char *cell);
/* Does a known law's name start on 'line' and go on into 'next' (a
 * wrapped text's "... của Luật Tổ chức" / "Chính phủ năm 2015")? */
/* The longest known name of a law, code or ordinance (corpora/data/
 * laws.tsv) that 'text' starts with, case and accents aside ("luat vien
 * chuc"): the bytes it takes, or 0. '*name' is the name as enacted and
 * '*enactments' how many times it was (may be NULL). */
size_t cancu_references__known_name(const char *text, size_t len,
                                    const char **name, int *enactments);
bool cancu_references__name_goes_on(const char *line, size_t len,
                                    const char *next, size_t next_len);
/* Do these cells head a task table (three columns named, one of them
 * the task or the activity)? */
bool cancu_tasks__header_row(const char *const *cells, size_t ncells);
/* Does 'text' open with a lower-case letter (ICU's case properties), as
 * a cell cut by a page break does? */
bool cancu_tasks__opens_lower(const char *text);
json_t *cancu_tasks__json(const cancu_document_t *doc);
/* Find the abbreviations the document defines (abbrev.c). */
cancu_status_t cancu_abbrev__scan(cancu_document_t *doc);
/* Split a lead or partner cell into units, into the arena. */
/* Does 'text' read as a unit's name ("UBND các xã, ...", "Sở Nội vụ")? */
bool cancu_units__reads_as_unit(const char *text);

size_t cancu_units__split(cancu_document_t *doc, const char *text,
                          cancu_unit_t **out);
/* The grouping key of a unit's name. */
const char *cancu_units__key(cancu_document_t *doc, const char *name);
/* The same into 'key', for a reader that has no document. */
void cancu_units__key_into(const char *name, char key[256]);

/* The canonical id of a reference's parts into 'out'. */
bool cancu_references__canonical(cancu_strbuf_t *out, const char *number,
                                 size_t number_len, const char *year,
                                 const char *code, size_t code_len);

#endif
