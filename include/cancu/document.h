/* cancu: reading plan files into the document model. */
#ifndef CANCU_DOCUMENT_H
#define CANCU_DOCUMENT_H

#include <stdbool.h>

#include "common.h"
#include "status.h"

CANCU_BEGIN_DECL

/* A plan read into memory: an ordered list of blocks. */
typedef struct cancu_document cancu_document_t;
/* One block: a paragraph, or a table of rows and cells. */
typedef struct cancu_block cancu_block_t;
/* One legal reference found in the document's text. */
typedef struct cancu_reference cancu_reference_t;
/* A problem the text alone shows about one reference. */
typedef struct cancu_problem cancu_problem_t;
/* A relation the text states between two documents. */
typedef struct cancu_relation cancu_relation_t;

typedef enum cancu_block_kind {
    CANCU_BLOCK_PARAGRAPH = 1,
    CANCU_BLOCK_TABLE = 2
} cancu_block_kind_t;

/* Options for reading. Initialise with CANCU_READ_OPTIONS_INIT. */
typedef struct cancu_read_options {
    unsigned int version;
    /* Force this encoding (an ICU converter name); NULL to detect. */
    const char *encoding;
    /* Refuse files larger than this many bytes; 0 means the default. */
    size_t max_file_size;
    /* Since version 2: CANCU_READ_* flags, or 0. */
    unsigned int flags;
} cancu_read_options_t;

/* Read the blocks and their text only, for printing the text: the plan's
 * header (title, date, number, place, issuer), sections and headings,
 * references, problems, relations, tasks and abbreviations are not
 * derived; their accessors give "" and 0, as for a plan that has none.
 * The blocks, their text, labels and styles, and the content id are as
 * without the flag. */
#define CANCU_READ_TEXT_ONLY 0x1u

/* Recognise the text of PDF pages that have no text layer (scans) with
 * Tesseract's Vietnamese model; without it such a file is refused. The
 * document then says so: cancu_document_ocr_pages() > 0 and its encoding
 * is "OCR". */
#define CANCU_READ_OCR 0x2u

#define CANCU_READ_OPTIONS_VERSION 2
#define CANCU_READ_OPTIONS_INIT                                                \
    {                                                                          \
        CANCU_READ_OPTIONS_VERSION, NULL, 0, 0                                 \
    }
/* The default size limit for one plan file: 64 MiB. */
#define CANCU_DEFAULT_MAX_FILE_SIZE ((size_t)64 << 20)

/* Read the plan at 'path' (TXT for now), detecting its format and
 * encoding. 'options' may be NULL.
 * Returns CANCU_STATUS_SUCCESS, _IO_ERROR (cannot read), _BAD_INPUT (not
 * text, undecodable, empty), _UNSUPPORTED_FORMAT, _LIMIT_EXCEEDED,
 * _OUT_OF_MEMORY. The message of cancu_error_last() names the reason.
 * The caller owns *out and frees it with cancu_document_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_document_open(cancu_document_t **out, const char *path,
                    const cancu_read_options_t *options);

/* As cancu_document_open, from 'size' bytes at 'data'; 'name' is used in
 * messages and as the document's path. The bytes are copied as needed. */
CANCU_EXTERN(cancu_status_t)
cancu_document_open_buffer(cancu_document_t **out, const char *name,
                           const void *data, size_t size,
                           const cancu_read_options_t *options);

/* Free 'doc' and everything borrowed from it. NULL does nothing. */
CANCU_EXTERN(void) cancu_document_destroy(cancu_document_t *doc);

/* The content id: hex SHA-256 of the normalized text. Two files with the
 * same text have the same id whatever their encoding or format. */
CANCU_EXTERN(const char *) cancu_document_id(const cancu_document_t *doc);
/* The path given when opening, made absolute where possible. */
CANCU_EXTERN(const char *) cancu_document_path(const cancu_document_t *doc);
/* "txt", "docx" or "doc". */
CANCU_EXTERN(const char *) cancu_document_format(const cancu_document_t *doc);
/* The encoding found or forced, e.g. "UTF-8", "UTF-16LE". */
CANCU_EXTERN(const char *) cancu_document_encoding(const cancu_document_t *doc);
/* The plan's title: the one it prints, else its file's properties', else
 * its file's name; "" only for a buffer read without a name. */
CANCU_EXTERN(const char *) cancu_document_title(const cancu_document_t *doc);
/* The summary title the text prints for itself: its header's ("Về ...",
 * a letter's "V/v ..."), or a text without a header's first heading; ""
 * when it prints none (a bare table). */
CANCU_EXTERN(const char *)
cancu_document_own_title(const cancu_document_t *doc);
/* The plan's date in ISO form ("2021-12-15", or "2021-12" when the day is
 * left blank), or "" when none was found. */
CANCU_EXTERN(const char *) cancu_document_date(const cancu_document_t *doc);
/* When the file says it was created and last modified (DOCX
 * docProps/core.xml), ISO 8601, or "". */
CANCU_EXTERN(const char *) cancu_document_created(const cancu_document_t *doc);
CANCU_EXTERN(const char *)
cancu_document_modified(const cancu_document_t *doc);
/* How many of its pages were recognised from their image (OCR), not
 * read from a text layer; 0 for every file read without CANCU_READ_OCR. */
CANCU_EXTERN(size_t) cancu_document_ocr_pages(const cancu_document_t *doc);
/* The size of the file read, in bytes. */
CANCU_EXTERN(size_t) cancu_document_source_size(const cancu_document_t *doc);

CANCU_EXTERN(size_t) cancu_document_block_count(const cancu_document_t *doc);
/* Block 'index' (0-based), or NULL when out of range. */
CANCU_EXTERN(const cancu_block_t *)
cancu_document_block(const cancu_document_t *doc, size_t index);

CANCU_EXTERN(cancu_block_kind_t) cancu_block_kind(const cancu_block_t *block);
/* A paragraph's text (NFC UTF-8); for a table, its rows joined by newlines
 * and its cells by tabs. */
CANCU_EXTERN(const char *) cancu_block_text(const cancu_block_t *block);
/* The 1-based line (TXT) or paragraph number (DOCX) where it starts. */
CANCU_EXTERN(size_t) cancu_block_line(const cancu_block_t *block);
/* The label of the heading the block stands under, outermost first and
 * joined with '.', e.g. "II.3.a", or "" before the first heading. */
CANCU_EXTERN(const char *) cancu_block_section(const cancu_block_t *block);
/* The text of that innermost heading ("3. Cải cách tổ chức bộ máy"), or
 * "" before the first heading; a heading is under itself. */
CANCU_EXTERN(const char *) cancu_block_heading(const cancu_block_t *block);
/* For a paragraph that is itself a heading or list item: its label
 * ("II", "3", "a", "-"), else "". */
CANCU_EXTERN(const char *) cancu_block_label(const cancu_block_t *block);
/* The paragraph style's name (DOCX), or "". */
CANCU_EXTERN(const char *) cancu_block_style(const cancu_block_t *block);
/* The heading level its style or outline level gives (1-9), else 0. */
CANCU_EXTERN(int) cancu_block_heading_level(const cancu_block_t *block);
/* "footnote" or "endnote" for a note's paragraph, "" in the body. */
CANCU_EXTERN(const char *) cancu_block_note(const cancu_block_t *block);
/* For a note: the index of the block that refers to it, or SIZE_MAX. */
CANCU_EXTERN(size_t) cancu_block_anchor(const cancu_block_t *block);
CANCU_EXTERN(size_t) cancu_block_row_count(const cancu_block_t *block);
/* Whether a table row is marked as a (repeating) header row. */
CANCU_EXTERN(bool)
cancu_block_row_is_header(const cancu_block_t *block, size_t row);
/* Whether a cell continues a vertical merge; its text is then the text of
 * the cell where the merge starts. */
CANCU_EXTERN(bool)
cancu_block_cell_is_merged(const cancu_block_t *block, size_t row, size_t col);
CANCU_EXTERN(size_t)
cancu_block_cell_count(const cancu_block_t *block, size_t row);
/* The text of a cell, or NULL when out of range. */
CANCU_EXTERN(const char *)
cancu_block_cell_text(const cancu_block_t *block, size_t row, size_t col);
/* The 1-based source line of a table row. */
CANCU_EXTERN(size_t)
cancu_block_row_line(const cancu_block_t *block, size_t row);

CANCU_EXTERN(size_t)
cancu_document_reference_count(const cancu_document_t *doc);
CANCU_EXTERN(const cancu_reference_t *)
cancu_document_reference(const cancu_document_t *doc, size_t index);
/* The canonical id, e.g. "45/2020/NĐ-CP". */
CANCU_EXTERN(const char *) cancu_reference_id(const cancu_reference_t *ref);
/* The text as written in the document. */
CANCU_EXTERN(const char *) cancu_reference_text(const cancu_reference_t *ref);
/* The index of the block holding it. */
CANCU_EXTERN(size_t) cancu_reference_block(const cancu_reference_t *ref);
/* Its table row and cell inside that block; both 0 for a paragraph. */
CANCU_EXTERN(size_t) cancu_reference_row(const cancu_reference_t *ref);
CANCU_EXTERN(size_t) cancu_reference_cell(const cancu_reference_t *ref);
/* Its byte span in that paragraph's or cell's text. */
CANCU_EXTERN(size_t) cancu_reference_start(const cancu_reference_t *ref);
CANCU_EXTERN(size_t) cancu_reference_end(const cancu_reference_t *ref);
/* The 1-based source line it stands on: of its table row, or of its
 * place in a paragraph (a TXT paragraph may join wrapped lines). */
CANCU_EXTERN(size_t) cancu_reference_line(const cancu_reference_t *ref);
/* The section label of the block holding it, as cancu_block_section. */
CANCU_EXTERN(const char *)
cancu_reference_section(const cancu_reference_t *ref);
/* Whether the block holding it is a table (then its row and cell tell
 * where in it). */
CANCU_EXTERN(bool) cancu_reference_in_table(const cancu_reference_t *ref);
/* Whether it stands in a row of one of the plan's tasks, and that task's
 * number (cancu_task_no; "" when none, or when the task has none). When
 * several tasks hold the row, the last one. */
CANCU_EXTERN(bool) cancu_reference_in_task(const cancu_reference_t *ref);
CANCU_EXTERN(const char *) cancu_reference_task(const cancu_reference_t *ref);

/* The identity: the id, qualified where it is not unique by the issuer's
 * province ("@Gia Lai") and the year of its date (":2021"), with "?" for
 * what the text does not tell: 602/QĐ-UBND@Gia Lai:2021, 18-NQ/TW:2017. */
CANCU_EXTERN(const char *) cancu_reference_key(const cancu_reference_t *ref);
/* "normative" (45/2020/NĐ-CP), "law" (22/2008/QH12), "administrative"
 * (602/QĐ-UBND), "party" (18-NQ/TW), "letter" (1234/BGDĐT-GDTrH),
 * "consolidated" (05/VBHN-BNV), "name" (Luật Viên chức), "standard". */
CANCU_EXTERN(const char *) cancu_reference_form(const cancu_reference_t *ref);
/* The type word: "Nghị định", "Thông tư", "Luật", ... or "". */
CANCU_EXTERN(const char *) cancu_reference_type(const cancu_reference_t *ref);
CANCU_EXTERN(const char *)
cancu_reference_number(const cancu_reference_t *ref);
/* The year the id carries (written or inferred from the date), or 0. */
CANCU_EXTERN(int) cancu_reference_year(const cancu_reference_t *ref);
/* The code: "NĐ-CP", "QĐ-UBND", "NQ/TW", or "". */
CANCU_EXTERN(const char *) cancu_reference_code(const cancu_reference_t *ref);
/* The issuer as the text names it ("Ủy ban nhân dân tỉnh Gia Lai"), or as
 * its code does ("Chính phủ"), or "". */
CANCU_EXTERN(const char *)
cancu_reference_issuer(const cancu_reference_t *ref);
CANCU_EXTERN(const char *)
cancu_reference_province(const cancu_reference_t *ref);
/* Its date, ISO ("2020-04-08"), or "". */
CANCU_EXTERN(const char *) cancu_reference_date(const cancu_reference_t *ref);
/* Its title as written after it ("về ..."), or "". */
CANCU_EXTERN(const char *)
cancu_reference_title(const cancu_reference_t *ref);
/* Whether the text does not tell which document this is. */
CANCU_EXTERN(bool) cancu_reference_is_ambiguous(const cancu_reference_t *ref);
/* For a short form: the index of the full mention it refers back to, or
 * SIZE_MAX. */
CANCU_EXTERN(size_t)
cancu_reference_resolved_from(const cancu_reference_t *ref);

/* The number of tasks the plan sets: rows of its task tables, or bullets
 * of its body when it has no table. */
CANCU_EXTERN(size_t) cancu_document_task_count(const cancu_document_t *doc);

/* The plan's number as its header writes it, blanks kept ("Số: /KH-SGDĐT"
 * gives "/KH-SGDĐT", the number to be filled in at signing), or "". */
CANCU_EXTERN(const char *) cancu_document_number(const cancu_document_t *doc);
/* Where it was signed ("Gia Lai, ngày ..." gives "Gia Lai"), or "". */
CANCU_EXTERN(const char *) cancu_document_place(const cancu_document_t *doc);
/* The issuing body: the header's line above "Số:" ("SỞ GIÁO DỤC VÀ ĐÀO
 * TẠO"), else the closing line's ("Trên đây là Kế hoạch ... của X"), or
 * "". */
CANCU_EXTERN(const char *) cancu_document_issuer(const cancu_document_t *doc);
/* The year it plans for: its title's ("... năm 2022"), else its date's;
 * 0 when neither says. */
CANCU_EXTERN(int) cancu_document_plan_year(const cancu_document_t *doc);
/* The upper line of a two-level issuer ("UBND TỈNH LÀO CAI" over "SỞ
 * CÔNG THƯƠNG"), or "" when the issuer stands alone. */
CANCU_EXTERN(const char *)
cancu_document_parent_issuer(const cancu_document_t *doc);
/* The kind of document its type line names, in normal case ("Nghị
 * định", "Kế hoạch"; "Công văn" for a letter's "V/v"; "Văn bản hợp nhất"
 * for a number coded VBHN), or "". */
CANCU_EXTERN(const char *) cancu_document_type(const cancu_document_t *doc);
/* The province its issuer belongs to ("Lâm Đồng", "Hồ Chí Minh"), or ""
 * for a central issuer or none. */
CANCU_EXTERN(const char *) cancu_document_province(const cancu_document_t *doc);
/* The date it takes effect, ISO, as its own clause states it ("có hiệu
 * lực từ ngày ...", "kể từ ngày ký" gives the date signed, "sau 45 ngày
 * kể từ ngày ký" that date plus 45 days), or "" when it states none or
 * the date cannot be known from the text (days after the gazette). */
CANCU_EXTERN(const char *) cancu_document_in_force(const cancu_document_t *doc);

/* The number the document gives itself in its header, or "". */
CANCU_EXTERN(const char *) cancu_document_own_id(const cancu_document_t *doc);

/* The identity its header and final clauses state, "" for what the text
 * does not (see also cancu_document_own_title, _parent_issuer, _type,
 * _province and _in_force): the issuer as the header names it, the
 * number as written, the place it was signed and the day, ISO
 * ("YYYY-MM" when the day is left blank, "YYYY" when the month is too).
 * Unlike cancu_document_issuer, _number, _place and _date, nothing is
 * taken from elsewhere when the header is silent. */
CANCU_EXTERN(const char *)
cancu_document_identity_issuer(const cancu_document_t *doc);
CANCU_EXTERN(const char *)
cancu_document_identity_number(const cancu_document_t *doc);
CANCU_EXTERN(const char *)
cancu_document_identity_place(const cancu_document_t *doc);
CANCU_EXTERN(const char *)
cancu_document_identity_signed(const cancu_document_t *doc);

CANCU_EXTERN(size_t)
cancu_document_problem_count(const cancu_document_t *doc);
CANCU_EXTERN(const cancu_problem_t *)
cancu_document_problem(const cancu_document_t *doc, size_t index);
/* "year-mismatch", "missing-year", "conflicting-date", "future-dated",
 * "unknown-code" or "ambiguous". */
CANCU_EXTERN(const char *) cancu_problem_kind(const cancu_problem_t *problem);
/* One line saying what is wrong. */
CANCU_EXTERN(const char *)
cancu_problem_detail(const cancu_problem_t *problem);
/* The id probably meant, or "". The reference concerned gives the
 * text and the place (cancu_problem_reference). */
CANCU_EXTERN(const char *)
cancu_problem_suggestion(const cancu_problem_t *problem);
/* The index of the reference concerned. */
CANCU_EXTERN(size_t) cancu_problem_reference(const cancu_problem_t *problem);

CANCU_EXTERN(size_t)
cancu_document_relation_count(const cancu_document_t *doc);
CANCU_EXTERN(const cancu_relation_t *)
cancu_document_relation(const cancu_document_t *doc, size_t index);
/* "amends", "replaces", "repeals" or "expires". */
CANCU_EXTERN(const char *)
cancu_relation_kind(const cancu_relation_t *relation);
/* The index of the acting reference, or SIZE_MAX when the document
 * itself acts ("Nghị định này thay thế ..."; see cancu_document_own_id). */
CANCU_EXTERN(size_t) cancu_relation_source(const cancu_relation_t *relation);
/* The index of the reference acted on. */
CANCU_EXTERN(size_t) cancu_relation_target(const cancu_relation_t *relation);
/* The words that state it. */
CANCU_EXTERN(const char *)
cancu_relation_text(const cancu_relation_t *relation);
/* Non-zero when only parts of the target end ("Bãi bỏ Điều 5 Nghị định
 * số ..."): it stays in force, changed, and the registry counts it an
 * amendment. */
CANCU_EXTERN(int) cancu_relation_is_partial(const cancu_relation_t *relation);
/* The day its clause says it takes effect ("hết hiệu lực kể từ ngày 01
 * tháng 01 năm 2026"), ISO, or "" when it says none (then the acting
 * document's own day). */
CANCU_EXTERN(const char *)
cancu_relation_date(const cancu_relation_t *relation);

CANCU_END_DECL

#endif
