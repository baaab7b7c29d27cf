/* The document model: building it, reading a file into it, accessors. */
#define _GNU_SOURCE /* memmem */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cancu/cancu.h>

#include "ingest/ingest-private.h"

cancu_document_t *cancu_document__new(const char *path, const char *format)
{
    cancu_document_t *doc = calloc(1, sizeof *doc);

    if (!doc)
        return NULL;
    doc->arena = cancu_arena__new();
    if (!doc->arena) {
        free(doc);
        return NULL;
    }
    doc->path = cancu_arena__strdup(doc->arena, path);
    doc->format = format;
    doc->encoding = "";
    doc->title = "";
    doc->date = "";
    doc->created = "";
    doc->modified = "";
    doc->property_title = "";
    doc->own_id = "";
    doc->number = "";
    doc->place = "";
    doc->issuer = "";
    doc->identity = (cancu_identity_t){"", "", "", "",    "",       "",
                                       "", "", "", false, SIZE_MAX, SIZE_MAX};
    if (!doc->path) {
        cancu_document_destroy(doc);
        return NULL;
    }
    return doc;
}

void cancu_document_destroy(cancu_document_t *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->nblocks; i++)
        free(doc->blocks[i].rows);
    free(doc->blocks);
    free(doc->refs);
    free(doc->problems);
    free(doc->relations);
    free(doc->abbrevs);
    cancu_arena__destroy(doc->arena);
    free(doc);
}

static struct cancu_block *new_block(cancu_document_t *doc,
                                     cancu_block_kind_t kind, size_t line)
{
    struct cancu_block *b;

    if (doc->nblocks >= CANCU_MAX_BLOCKS) {
        doc->over_limit = true;
        return NULL;
    }
    if (!cancu_array__grow((void **)&doc->blocks, &doc->blocks_cap,
                           doc->nblocks, sizeof *doc->blocks))
        return NULL;
    b = &doc->blocks[doc->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->line = line;
    b->text = "";
    b->section = "";
    b->heading = "";
    b->label = "";
    b->style = "";
    b->note = "";
    b->anchor = SIZE_MAX;
    return b;
}

cancu_status_t cancu_document__build_failure(cancu_document_t *doc)
{
    if (doc->over_limit)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: more than %zu paragraphs or table rows",
                                doc->path, CANCU_MAX_BLOCKS);
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                            doc->path);
}

struct cancu_block *cancu_document__last_block(cancu_document_t *doc)
{
    return doc->nblocks ? &doc->blocks[doc->nblocks - 1] : NULL;
}

void cancu_document__mark_row(cancu_document_t *doc, bool header,
                              const bool *merged, size_t ncells)
{
    struct cancu_block *b = cancu_document__last_block(doc);
    cancu_row_t *row;

    if (!b || b->kind != CANCU_BLOCK_TABLE || !b->nrows)
        return;
    row = &b->rows[b->nrows - 1];
    row->header = header;
    for (size_t i = 0; merged && i < ncells && i < row->ncells; i++)
        row->cells[i].merged = merged[i];
}

bool cancu_document__add_paragraph(cancu_document_t *doc, const char *text,
                                   size_t len, size_t line)
{
    char *copy = cancu_arena__strndup(doc->arena, text, len);
    struct cancu_block *b;

    if (!copy)
        return false;
    b = new_block(doc, CANCU_BLOCK_PARAGRAPH, line);
    if (!b)
        return false;
    b->text = copy;
    return true;
}

bool cancu_document__add_wrapped_paragraph(cancu_document_t *doc,
                                           const char *text, size_t len,
                                           size_t line, const size_t *breaks,
                                           size_t nbreaks)
{
    struct cancu_block *b;
    size_t *copy;

    if (!cancu_document__add_paragraph(doc, text, len, line))
        return false;
    if (!nbreaks)
        return true;
    copy = cancu_arena__alloc(doc->arena, nbreaks * sizeof *copy);
    if (!copy)
        return false;
    memcpy(copy, breaks, nbreaks * sizeof *copy);
    b = cancu_document__last_block(doc);
    b->breaks = copy;
    b->nbreaks = nbreaks;
    return true;
}

size_t cancu_block__line_at(const struct cancu_block *b, size_t offset)
{
    size_t line = b->line;

    for (size_t i = 0; i < b->nbreaks && b->breaks[i] <= offset; i++)
        line++;
    return line;
}

size_t cancu_block__last_line(const struct cancu_block *b)
{
    if (b->kind == CANCU_BLOCK_TABLE && b->nrows)
        return b->rows[b->nrows - 1].line;
    return b->line + b->nbreaks;
}

bool cancu_document__begin_table(cancu_document_t *doc, size_t line)
{
    return new_block(doc, CANCU_BLOCK_TABLE, line) != NULL;
}

bool cancu_document__add_row(cancu_document_t *doc, const char *const *cells,
                             const size_t *lens, size_t ncells, size_t line)
{
    struct cancu_block *b;
    cancu_row_t *row;

    assert(doc->nblocks > 0);
    b = &doc->blocks[doc->nblocks - 1];
    assert(b->kind == CANCU_BLOCK_TABLE);
    if (doc->nrows_total >= CANCU_MAX_BLOCKS) {
        doc->over_limit = true;
        return false;
    }
    doc->nrows_total++;
    if (!cancu_array__grow((void **)&b->rows, &b->rows_cap, b->nrows,
                           sizeof *b->rows))
        return false;
    row = &b->rows[b->nrows];
    row->line = line;
    row->header = false;
    row->ncells = ncells;
    row->cells = NULL;
    if (ncells) {
        if (ncells > SIZE_MAX / sizeof *row->cells)
            return false;
        row->cells =
            cancu_arena__alloc(doc->arena, ncells * sizeof *row->cells);
        if (!row->cells)
            return false;
        for (size_t i = 0; i < ncells; i++) {
            row->cells[i].merged = false;
            row->cells[i].lines = NULL;
            row->cells[i].text =
                cancu_arena__strndup(doc->arena, cells[i], lens[i]);
            if (!row->cells[i].text)
                return false;
        }
    }
    b->nrows++;
    return true;
}

bool cancu_document__set_cell_lines(cancu_document_t *doc, size_t cell,
                                    const char *lines, size_t len)
{
    struct cancu_block *b = cancu_document__last_block(doc);
    cancu_row_t *row;

    if (!b || b->kind != CANCU_BLOCK_TABLE || !b->nrows)
        return true;
    row = &b->rows[b->nrows - 1];
    if (cell >= row->ncells)
        return true;
    row->cells[cell].lines = cancu_arena__strndup(doc->arena, lines, len);
    return row->cells[cell].lines != NULL;
}

bool cancu_document__add_reference(cancu_document_t *doc,
                                   const cancu_reference_t *ref)
{
    if (!cancu_array__grow((void **)&doc->refs, &doc->refs_cap, doc->nrefs,
                           sizeof *doc->refs))
        return false;
    doc->refs[doc->nrefs++] = *ref;
    return true;
}

bool cancu_document__add_problem(cancu_document_t *doc,
                                 const cancu_problem_t *problem)
{
    if (!cancu_array__grow((void **)&doc->problems, &doc->problems_cap,
                           doc->nproblems, sizeof *doc->problems))
        return false;
    doc->problems[doc->nproblems++] = *problem;
    return true;
}

bool cancu_document__add_relation(cancu_document_t *doc,
                                  const cancu_relation_t *relation)
{
    if (!cancu_array__grow((void **)&doc->relations, &doc->relations_cap,
                           doc->nrelations, sizeof *doc->relations))
        return false;
    doc->relations[doc->nrelations++] = *relation;
    return true;
}

/* The normalized text the content id is computed from: paragraphs on their
 * own lines, table rows as tab-separated lines. */
static void append_block_text(cancu_strbuf_t *out, const struct cancu_block *b)
{
    if (b->kind == CANCU_BLOCK_PARAGRAPH) {
        cancu_strbuf__puts(out, b->text);
        cancu_strbuf__putc(out, '\n');
        return;
    }
    for (size_t r = 0; r < b->nrows; r++) {
        for (size_t c = 0; c < b->rows[r].ncells; c++) {
            if (c)
                cancu_strbuf__putc(out, '\t');
            cancu_strbuf__puts(out, b->rows[r].cells[c].text);
        }
        cancu_strbuf__putc(out, '\n');
    }
}

static void place_references(cancu_document_t *doc);

/* Does any paragraph or cell hold text? */
static bool has_text(const cancu_document_t *doc)
{
    for (size_t i = 0; i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind == CANCU_BLOCK_PARAGRAPH && *b->text)
            return true;
        for (size_t r = 0; r < b->nrows; r++)
            for (size_t c = 0; c < b->rows[r].ncells; c++)
                if (*b->rows[r].cells[c].text)
                    return true;
    }
    return false;
}

cancu_status_t cancu_document__finish(cancu_document_t *doc, bool text_only)
{
    cancu_strbuf_t all = CANCU_STRBUF_INIT;
    cancu_strbuf_t one = CANCU_STRBUF_INIT;
    cancu_status_t status;

    if (!has_text(doc))
        return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: no text",
                                doc->path);

    for (size_t i = 0; i < doc->nblocks; i++) {
        struct cancu_block *b = &doc->blocks[i];

        if (b->kind == CANCU_BLOCK_TABLE) {
            cancu_strbuf__clear(&one);
            append_block_text(&one, b);
            if (one.len)
                one.len--; /* The last newline. */
            b->text = cancu_arena__strndup(doc->arena, cancu_strbuf__cstr(&one),
                                           one.len);
            if (one.failed || !b->text)
                goto oom;
        }
        if (i)
            cancu_strbuf__putc(&all, '\n');
        append_block_text(&all, b);
    }
    if (all.failed)
        goto oom;
    cancu_hash__sha256_hex(cancu_strbuf__cstr(&all), all.len, doc->id);
    cancu_strbuf__dispose(&all);
    cancu_strbuf__dispose(&one);
    if (text_only)
        return CANCU_STATUS_SUCCESS;

    status = cancu_metadata__derive(doc);
    if (status)
        return status;
    status = cancu_references__scan(doc);
    if (!status)
        status = cancu_tasks__extract(doc);
    if (!status)
        place_references(doc);
    if (!status)
        status = cancu_abbrev__scan(doc);
    return status;

oom:
    cancu_strbuf__dispose(&all);
    cancu_strbuf__dispose(&one);
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                            doc->path);
}

/* What the first bytes say the file is. */
typedef enum sniffed {
    SNIFF_TEXT,
    SNIFF_OTHER_BINARY,
    SNIFF_ZIP,
    SNIFF_OLE,
    SNIFF_PDF,
} sniffed_t;

static const char encrypted_package[] =
    "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";

static bool contains(const unsigned char *data, size_t size, const char *needle,
                     size_t len)
{
    /* glibc's memmem: a byte loop over a whole .doc was a twentieth of
     * reading it. */
    return memmem(data, size, needle, len) != NULL;
}

/* What a file that is neither a plan nor text says it is, by its magic
 * bytes, or NULL. */
static const char *binary_kind(const unsigned char *data, size_t size)
{
    static const struct {
        const char *magic;
        size_t len;
        const char *kind;
    } kinds[] = {
        {"\x89PNG\r\n\x1a\n", 8, "a PNG image"},
        {"\xff\xd8\xff", 3, "a JPEG image"},
        {"GIF8", 4, "a GIF image"},
        {"\x7f"
         "ELF",
         4, "a program (ELF)"},
        {"\x1f\x8b", 2, "a gzip archive"},
        {"Rar!", 4, "a RAR archive"},
        {"7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive"},
        {"{\\rtf", 5, "an RTF document"},
    };

    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (size >= kinds[i].len &&
            memcmp(data, kinds[i].magic, kinds[i].len) == 0)
            return kinds[i].kind;
    return NULL;
}

static sniffed_t sniff(const unsigned char *data, size_t size)
{
    static const unsigned char ole[] = {0xD0, 0xCF, 0x11, 0xE0,
                                        0xA1, 0xB1, 0x1A, 0xE1};

    if (size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return SNIFF_ZIP;
    if (size >= sizeof ole && memcmp(data, ole, sizeof ole) == 0)
        return SNIFF_OLE;
    /* A PDF's header may follow other bytes within its first KiB (a
     * signing system's prefix, as in corpora/real). */
    if (contains(data, size < 1024 ? size : 1024, "%PDF-", 5))
        return SNIFF_PDF;
    if (binary_kind(data, size))
        return SNIFF_OTHER_BINARY;
    return SNIFF_TEXT;
}

cancu_status_t cancu_document_open_buffer(cancu_document_t **out,
                                          const char *name, const void *data,
                                          size_t size,
                                          const cancu_read_options_t *options)
{
    cancu_read_options_t defaults = CANCU_READ_OPTIONS_INIT;
    cancu_document_t *doc;
    cancu_status_t status;
    size_t limit;
    char *text = NULL;
    size_t text_len = 0;
    const char *encoding = NULL;

    assert(out && name && (data || size == 0));
    *out = NULL;
    if (!options)
        options = &defaults;
    limit = options->max_file_size ? options->max_file_size
                                   : CANCU_DEFAULT_MAX_FILE_SIZE;
    if (size == 0)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: file is empty",
                                name);
    if (size > limit)
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: file is %zu bytes, over the limit of "
                                "%zu bytes",
                                name, size, limit);
    switch (sniff(data, size)) {
    case SNIFF_ZIP:
        doc = cancu_document__new(name, "docx");
        if (!doc)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", name);
        doc->encoding = "UTF-8";
        doc->source_size = size;
        status = cancu_docx__read(doc, data, size);
        goto finish;
    case SNIFF_OLE:
        /* Office encrypts a DOCX into an OLE container whose stream
         * "EncryptedPackage" holds the zip; its directory names the
         * streams in UTF-16LE. */
        if (contains(data, size, encrypted_package,
                     sizeof encrypted_package - 1))
            return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                    "%s: encrypted (password-protected) "
                                    "Office file; save it without a "
                                    "password first",
                                    name);
        doc = cancu_document__new(name, "doc");
        if (!doc)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", name);
        doc->encoding = "UTF-16LE";
        doc->source_size = size;
        status = cancu_doc__read(doc, data, size);
        goto finish;
    case SNIFF_PDF:
        doc = cancu_document__new(name, "pdf");
        if (!doc)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", name);
        doc->encoding = "UTF-8";
        doc->source_size = size;
        status = cancu_pdf__read(doc, data, size,
                                 options->version >= 2 &&
                                     (options->flags & CANCU_READ_OCR) != 0);
        goto finish;
    case SNIFF_OTHER_BINARY:
        return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                "%s: %s, not a plan; cancu reads DOCX, "
                                "DOC, PDF and TXT",
                                name, binary_kind(data, size));
    case SNIFF_TEXT:
        break;
    }

    status = cancu_text__decode(&text, &text_len, &encoding, name, data, size,
                                options->encoding);
    if (status)
        return status;
    doc = cancu_document__new(name, "txt");
    if (!doc) {
        free(text);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                name);
    }
    doc->encoding = encoding;
    doc->source_size = size;
    status = cancu_text__read(doc, text, text_len);
    free(text);
finish:
    if (!status)
        status = cancu_document__finish(
            doc, options->version >= 2 &&
                     (options->flags & CANCU_READ_TEXT_ONLY) != 0);
    if (status) {
        cancu_document_destroy(doc);
        return status;
    }
    *out = doc;
    return CANCU_STATUS_SUCCESS;
}

/* Read a whole regular file, refusing anything over 'limit' bytes. */
static cancu_status_t read_file(unsigned char **out, size_t *size_out,
                                const char *path, const char *name,
                                size_t limit)
{
    struct stat st;
    unsigned char *data;
    size_t size, done = 0;
    int fd;

    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return cancu_error__set(errno == ENOENT ? CANCU_STATUS_NOT_FOUND
                                                : CANCU_STATUS_IO_ERROR,
                                "%s: %s", name, strerror(errno));
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: not a regular file", name);
    }
    if ((uintmax_t)st.st_size > limit) {
        close(fd);
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: file is %jd bytes, over the limit of "
                                "%zu bytes",
                                name, (intmax_t)st.st_size, limit);
    }
    size = (size_t)st.st_size;
    data = malloc(size ? size : 1);
    if (!data) {
        close(fd);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                path);
    }
    while (done < size) {
        ssize_t n = read(fd, data + done, size - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int err = n < 0 ? errno : EIO;

            free(data);
            close(fd);
            return cancu_error__set(CANCU_STATUS_IO_ERROR, "%s: %s", name,
                                    strerror(err));
        }
        done += (size_t)n;
    }
    close(fd);
    *out = data;
    *size_out = size;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_document_open(cancu_document_t **out, const char *path,
                                   const cancu_read_options_t *options)
{
    unsigned char *data = NULL;
    size_t size = 0, limit;
    char resolved[PATH_MAX];
    const char *name = path;
    cancu_status_t status;

    assert(out && path);
    *out = NULL;
    limit = options && options->max_file_size ? options->max_file_size
                                              : CANCU_DEFAULT_MAX_FILE_SIZE;
    if (realpath(path, resolved))
        name = resolved;
    status = read_file(&data, &size, path, name, limit);
    if (status)
        return status;
    status = cancu_document_open_buffer(out, name, data, size, options);
    free(data);
    return status;
}

const char *cancu_document_id(const cancu_document_t *doc)
{
    return doc->id;
}

const char *cancu_document_path(const cancu_document_t *doc)
{
    return doc->path;
}

const char *cancu_document_format(const cancu_document_t *doc)
{
    return doc->format;
}

const char *cancu_document_encoding(const cancu_document_t *doc)
{
    return doc->encoding;
}

const char *cancu_document_title(const cancu_document_t *doc)
{
    return doc->title;
}

size_t cancu_document_ocr_pages(const cancu_document_t *doc)
{
    return doc->ocr_pages;
}

const char *cancu_document_own_title(const cancu_document_t *doc)
{
    return doc->identity.title;
}

const char *cancu_document_date(const cancu_document_t *doc)
{
    return doc->date;
}

const char *cancu_document_number(const cancu_document_t *doc)
{
    return doc->number;
}

const char *cancu_document_place(const cancu_document_t *doc)
{
    return doc->place;
}

const char *cancu_document_issuer(const cancu_document_t *doc)
{
    return doc->issuer ? doc->issuer : "";
}

int cancu_document_plan_year(const cancu_document_t *doc)
{
    return doc->plan_year;
}

const char *cancu_document_parent_issuer(const cancu_document_t *doc)
{
    return doc->identity.parent;
}

const char *cancu_document_type(const cancu_document_t *doc)
{
    return doc->identity.type;
}

const char *cancu_document_province(const cancu_document_t *doc)
{
    return doc->identity.province;
}

const char *cancu_document_in_force(const cancu_document_t *doc)
{
    return doc->identity.in_force;
}

const char *cancu_document_created(const cancu_document_t *doc)
{
    return doc->created;
}

const char *cancu_document_modified(const cancu_document_t *doc)
{
    return doc->modified;
}

size_t cancu_document_source_size(const cancu_document_t *doc)
{
    return doc->source_size;
}

size_t cancu_document_block_count(const cancu_document_t *doc)
{
    return doc->nblocks;
}

const cancu_block_t *cancu_document_block(const cancu_document_t *doc,
                                          size_t index)
{
    return index < doc->nblocks ? &doc->blocks[index] : NULL;
}

cancu_block_kind_t cancu_block_kind(const cancu_block_t *block)
{
    return block->kind;
}

const char *cancu_block_text(const cancu_block_t *block)
{
    return block->text;
}

size_t cancu_block_line(const cancu_block_t *block)
{
    return block->line;
}

const char *cancu_block_section(const cancu_block_t *block)
{
    return block->section;
}

const char *cancu_block_heading(const cancu_block_t *block)
{
    return block->heading;
}

const char *cancu_block_label(const cancu_block_t *block)
{
    return block->label;
}

const char *cancu_block_style(const cancu_block_t *block)
{
    return block->style;
}

int cancu_block_heading_level(const cancu_block_t *block)
{
    return block->heading_level;
}

const char *cancu_block_note(const cancu_block_t *block)
{
    return block->note;
}

size_t cancu_block_anchor(const cancu_block_t *block)
{
    return block->anchor;
}

bool cancu_block_row_is_header(const cancu_block_t *block, size_t row)
{
    return row < block->nrows && block->rows[row].header;
}

bool cancu_block_cell_is_merged(const cancu_block_t *block, size_t row,
                                size_t col)
{
    return row < block->nrows && col < block->rows[row].ncells &&
           block->rows[row].cells[col].merged;
}

size_t cancu_block_row_count(const cancu_block_t *block)
{
    return block->nrows;
}

size_t cancu_block_cell_count(const cancu_block_t *block, size_t row)
{
    return row < block->nrows ? block->rows[row].ncells : 0;
}

const char *cancu_block_cell_text(const cancu_block_t *block, size_t row,
                                  size_t col)
{
    if (row >= block->nrows || col >= block->rows[row].ncells)
        return NULL;
    return block->rows[row].cells[col].text;
}

size_t cancu_block_row_line(const cancu_block_t *block, size_t row)
{
    return row < block->nrows ? block->rows[row].line : 0;
}

size_t cancu_document_reference_count(const cancu_document_t *doc)
{
    return doc->nrefs;
}

const cancu_reference_t *cancu_document_reference(const cancu_document_t *doc,
                                                  size_t index)
{
    return index < doc->nrefs ? &doc->refs[index] : NULL;
}

const char *cancu_reference_id(const cancu_reference_t *ref)
{
    return ref->id;
}

const char *cancu_reference_text(const cancu_reference_t *ref)
{
    return ref->text;
}

size_t cancu_reference_block(const cancu_reference_t *ref)
{
    return ref->block;
}

size_t cancu_reference_row(const cancu_reference_t *ref)
{
    return ref->row;
}

size_t cancu_reference_cell(const cancu_reference_t *ref)
{
    return ref->cell;
}

/* The source line of 'ref' in 'doc'. */
static size_t reference_line(const cancu_document_t *doc,
                             const cancu_reference_t *ref)
{
    const struct cancu_block *b = &doc->blocks[ref->block];

    if (b->kind == CANCU_BLOCK_TABLE)
        return ref->row < b->nrows ? b->rows[ref->row].line : b->line;
    return cancu_block__line_at(b, ref->start);
}

/* Give each reference of 'doc' its place: section, line, table and
 * task. After the tasks are found. */
static void place_references(cancu_document_t *doc)
{
    for (size_t i = 0; i < doc->nrefs; i++) {
        cancu_reference_t *r = &doc->refs[i];
        const struct cancu_block *b = &doc->blocks[r->block];

        r->section = b->section;
        r->line = reference_line(doc, r);
        r->in_table = b->kind == CANCU_BLOCK_TABLE;
        r->task = NULL;
        if (!r->in_table)
            continue;
        /* The last task whose rows hold it, as findings name it. */
        for (size_t t = 0; t < doc->ntasks; t++)
            for (size_t k = 0; k < doc->tasks[t].nrows; k++)
                if (doc->tasks[t].rows[k].block == r->block &&
                    doc->tasks[t].rows[k].row == r->row)
                    r->task = doc->tasks[t].no;
    }
}

size_t cancu_reference_line(const cancu_reference_t *ref)
{
    return ref->line;
}

const char *cancu_reference_section(const cancu_reference_t *ref)
{
    return ref->section ? ref->section : "";
}

bool cancu_reference_in_table(const cancu_reference_t *ref)
{
    return ref->in_table;
}

bool cancu_reference_in_task(const cancu_reference_t *ref)
{
    return ref->task != NULL;
}

const char *cancu_reference_task(const cancu_reference_t *ref)
{
    return ref->task ? ref->task : "";
}

size_t cancu_reference_start(const cancu_reference_t *ref)
{
    return ref->start;
}

size_t cancu_reference_end(const cancu_reference_t *ref)
{
    return ref->end;
}

const char *cancu_reference_key(const cancu_reference_t *ref)
{
    return ref->key ? ref->key : ref->id;
}

const char *cancu_reference_form(const cancu_reference_t *ref)
{
    return ref->form;
}

const char *cancu_reference_type(const cancu_reference_t *ref)
{
    return ref->type ? ref->type : "";
}

const char *cancu_reference_number(const cancu_reference_t *ref)
{
    return ref->number ? ref->number : "";
}

int cancu_reference_year(const cancu_reference_t *ref)
{
    return ref->year;
}

const char *cancu_reference_code(const cancu_reference_t *ref)
{
    return ref->code ? ref->code : "";
}

const char *cancu_reference_issuer(const cancu_reference_t *ref)
{
    return ref->issuer ? ref->issuer : "";
}

const char *cancu_reference_province(const cancu_reference_t *ref)
{
    return ref->province ? ref->province : "";
}

const char *cancu_reference_date(const cancu_reference_t *ref)
{
    return ref->date ? ref->date : "";
}

const char *cancu_reference_title(const cancu_reference_t *ref)
{
    return ref->title ? ref->title : "";
}

bool cancu_reference_is_ambiguous(const cancu_reference_t *ref)
{
    return ref->ambiguous;
}

size_t cancu_reference_resolved_from(const cancu_reference_t *ref)
{
    return ref->resolved_from;
}

const char *cancu_document_own_id(const cancu_document_t *doc)
{
    return doc->own_id ? doc->own_id : "";
}

const char *cancu_document_identity_issuer(const cancu_document_t *doc)
{
    return doc->identity.issuer;
}

const char *cancu_document_identity_number(const cancu_document_t *doc)
{
    return doc->identity.number;
}

const char *cancu_document_identity_place(const cancu_document_t *doc)
{
    return doc->identity.place;
}

const char *cancu_document_identity_signed(const cancu_document_t *doc)
{
    return doc->identity.signed_on;
}

size_t cancu_document_problem_count(const cancu_document_t *doc)
{
    return doc->nproblems;
}

const cancu_problem_t *cancu_document_problem(const cancu_document_t *doc,
                                              size_t index)
{
    return index < doc->nproblems ? &doc->problems[index] : NULL;
}

const char *cancu_problem_kind(const cancu_problem_t *problem)
{
    return problem->kind;
}

const char *cancu_problem_detail(const cancu_problem_t *problem)
{
    return problem->detail;
}

const char *cancu_problem_suggestion(const cancu_problem_t *problem)
{
    return problem->suggestion ? problem->suggestion : "";
}

size_t cancu_problem_reference(const cancu_problem_t *problem)
{
    return problem->reference;
}

size_t cancu_document_relation_count(const cancu_document_t *doc)
{
    return doc->nrelations;
}

const cancu_relation_t *cancu_document_relation(const cancu_document_t *doc,
                                                size_t index)
{
    return index < doc->nrelations ? &doc->relations[index] : NULL;
}

const char *cancu_relation_kind(const cancu_relation_t *relation)
{
    return relation->kind;
}

size_t cancu_relation_source(const cancu_relation_t *relation)
{
    return relation->source;
}

size_t cancu_relation_target(const cancu_relation_t *relation)
{
    return relation->target;
}

const char *cancu_relation_text(const cancu_relation_t *relation)
{
    return relation->text;
}

int cancu_relation_is_partial(const cancu_relation_t *relation)
{
    return relation->partial;
}

const char *cancu_relation_date(const cancu_relation_t *relation)
{
    return relation->date ? relation->date : "";
}
