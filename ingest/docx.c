/* DOCX plans: word/document.xml streamed out of the zip (libzip) through
 * libxml2's reader, into the same blocks as TXT. No DOM, no temporary
 * files, and the limits are enforced while inflating. */
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "ingest/ingest-private.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* Limits on what one DOCX may make us do. */
#define DOCX_MAX_ENTRIES 10000
#define DOCX_MAX_INFLATED ((zip_uint64_t)256 << 20)
#define DOCX_MAX_RATIO 200 /* inflated bytes per compressed byte */
#define DOCX_RATIO_SLACK ((zip_uint64_t)1 << 20)
#define DOCX_MAX_DEPTH 128
#define DOCX_MAX_NESTING 16
/* A DTD can only stand before the root element, near the start. */
#define DOCX_PROLOG_BYTES 65536

/* Inflating word/document.xml for the XML reader, counting as it goes:
 * the sizes in the zip's headers are not trusted. */
typedef struct inflater {
    zip_file_t *file;
    /* How much of "<!DOCTYPE" the prolog has shown so far. */
    size_t doctype_matched;
    size_t prolog_seen;
    zip_uint64_t compressed;
    zip_uint64_t inflated;
    cancu_status_t status;
    const char *name;
} inflater_t;

static int inflate_read(void *context, char *buffer, int len)
{
    inflater_t *in = context;
    zip_int64_t n;

    if (in->status)
        return -1;
    n = zip_fread(in->file, buffer, (zip_uint64_t)len);
    if (n < 0) {
        in->status = cancu_error__set(
            CANCU_STATUS_BAD_INPUT, "%s: corrupt DOCX: %s", in->name,
            zip_error_strerror(zip_file_get_error(in->file)));
        return -1;
    }
    in->inflated += (zip_uint64_t)n;
    /* Word never writes a DTD; refuse one before libxml2 reads it, so no
     * entity is ever declared, let alone expanded or fetched. */
    for (zip_int64_t i = 0; i < n && in->prolog_seen < DOCX_PROLOG_BYTES;
         i++, in->prolog_seen++) {
        static const char doctype[] = "<!DOCTYPE";

        if (buffer[i] == doctype[in->doctype_matched])
            in->doctype_matched++;
        else
            in->doctype_matched = buffer[i] == '<';
        if (in->doctype_matched == sizeof doctype - 1) {
            in->status = cancu_error__set(
                CANCU_STATUS_BAD_INPUT,
                "%s: word/document.xml has a DTD, which Word never "
                "writes; refused",
                in->name);
            return -1;
        }
    }
    if (in->inflated > DOCX_MAX_INFLATED) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: word/document.xml inflates past the limit of %llu bytes",
            in->name, (unsigned long long)DOCX_MAX_INFLATED);
        return -1;
    }
    if (in->inflated > in->compressed * DOCX_MAX_RATIO + DOCX_RATIO_SLACK) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: word/document.xml inflates more than %d times its "
            "compressed size (a zip bomb?)",
            in->name, DOCX_MAX_RATIO);
        return -1;
    }
    return (int)n;
}

/* Which branch of an mc:AlternateContent is being read. */
typedef struct alternate {
    int depth;
    bool chosen;
} alternate_t;

typedef struct docx_reader {
    cancu_document_t *doc;
    xmlTextReaderPtr xml;
    inflater_t *in;
    cancu_status_t status;
    char xml_error[256];

    size_t paragraphs; /* w:p seen, for block positions */
    int p_depth;       /* nesting of w:p (text boxes nest them) */
    cancu_strbuf_t p_text[DOCX_MAX_NESTING];
    bool in_t;
    bool in_ppr;
    /* Complex fields: between begin and separate is the instruction. */
    int field_depth;
    bool field_instr[DOCX_MAX_NESTING];
    alternate_t alt[DOCX_MAX_NESTING];
    int alt_depth;
    /* After skipping a subtree the reader already stands on the next
     * node: 1, or 0 at the end, -1 on error; 2 when nothing is pending. */
    int pending;

    /* The top-level table being read. */
    int tbl_depth;
    bool table_open;
    size_t row_line;
    bool in_cell;
    cancu_strbuf_t cell;
    int grid_span;
    bool v_merge_continue;
    /* Cells of the current row, and of the row above for vMerge. */
    char **cells, **above;
    size_t ncells, cells_cap, nabove;
    /* Paragraphs of text boxes, emitted after their anchor paragraph. */
    char **deferred;
    size_t ndeferred, deferred_cap;
} docx_reader_t;

static bool is_w(const xmlChar *ns)
{
    return ns && (strcmp((const char *)ns, W_NS) == 0 ||
                  strcmp((const char *)ns, W_NS_STRICT) == 0);
}

static bool is_mc(const xmlChar *ns)
{
    return ns && strcmp((const char *)ns, MC_NS) == 0;
}

/* Skip the current element and everything in it. */
static void skip_subtree(docx_reader_t *r)
{
    r->pending = xmlTextReaderNext(r->xml);
}

static char *w_attr(docx_reader_t *r, const char *name)
{
    xmlChar *v =
        xmlTextReaderGetAttributeNs(r->xml, BAD_CAST name, BAD_CAST W_NS);

    if (!v)
        v = xmlTextReaderGetAttributeNs(r->xml, BAD_CAST name,
                                        BAD_CAST W_NS_STRICT);
    return (char *)v;
}

static cancu_status_t oom(docx_reader_t *r)
{
    if (!r->status)
        r->status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                     "%s: out of memory", r->doc->path);
    return r->status;
}

static bool suppressed(const docx_reader_t *r)
{
    for (int i = 0; i < r->field_depth && i < DOCX_MAX_NESTING; i++)
        if (r->field_instr[i])
            return true;
    return false;
}

static void append_text(docx_reader_t *r, const char *s, size_t len)
{
    cancu_strbuf_t *buf;

    if (r->p_depth <= 0 || r->p_depth > DOCX_MAX_NESTING || suppressed(r))
        return;
    buf = &r->p_text[r->p_depth - 1];
    if (buf->len + len > CANCU_MAX_PARAGRAPH_BYTES ||
        r->cell.len > CANCU_MAX_PARAGRAPH_BYTES) {
        if (!r->status)
            r->status = cancu_error__set(
                CANCU_STATUS_LIMIT_EXCEEDED,
                "%s: paragraph %zu is over the limit of %zu bytes",
                r->doc->path, r->paragraphs, CANCU_MAX_PARAGRAPH_BYTES);
        return;
    }
    cancu_strbuf__append(buf, s, len);
}

/* NFC of a finished paragraph or cell, trimmed. */
static char *finish_text(docx_reader_t *r, const cancu_strbuf_t *buf,
                         size_t *len_out)
{
    const char *s = cancu_strbuf__cstr(buf);
    size_t len = buf->len;
    char *out = NULL;

    while (len && strchr(" \t\n", *s)) {
        s++;
        len--;
    }
    while (len && strchr(" \t\n", s[len - 1]))
        len--;
    if (cancu_normalize__nfc(&out, len_out, s, len)) {
        r->status =
            cancu_error__set(CANCU_STATUS_BAD_INPUT,
                             "%s: text cannot be normalized", r->doc->path);
        return NULL;
    }
    return out;
}

static bool push_string(char ***items, size_t *count, size_t *cap, char *s)
{
    if (*count == *cap) {
        size_t n = *cap ? *cap * 2 : 8;
        char **p = realloc(*items, n * sizeof *p);

        if (!p)
            return false;
        *items = p;
        *cap = n;
    }
    (*items)[(*count)++] = s;
    return true;
}

static void free_strings(char **items, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(items[i]);
}

static void emit_paragraph(docx_reader_t *r, const char *text, size_t len)
{
    if (len && !cancu_document__add_paragraph(r->doc, text, len, r->paragraphs))
        oom(r);
}

static void end_paragraph(docx_reader_t *r)
{
    cancu_strbuf_t *buf;
    size_t len;
    char *text;

    if (r->p_depth <= 0)
        return;
    if (r->p_depth > DOCX_MAX_NESTING) {
        r->p_depth--;
        return;
    }
    buf = &r->p_text[r->p_depth - 1];
    if (buf->failed) {
        oom(r);
        return;
    }
    text = finish_text(r, buf, &len);
    cancu_strbuf__clear(buf);
    r->p_depth--;
    if (!text)
        return;
    if (r->p_depth > 0) {
        /* A text box's paragraph: after the paragraph that holds it. */
        if (!len ||
            !push_string(&r->deferred, &r->ndeferred, &r->deferred_cap, text)) {
            free(text);
            if (len)
                oom(r);
        }
        return;
    }
    if (r->in_cell) {
        /* Paragraphs of one cell read as one line, as Word saves text. */
        for (size_t i = 0; i < r->ndeferred + 1; i++) {
            const char *t = i == 0 ? text : r->deferred[i - 1];

            if (!*t)
                continue;
            if (r->cell.len)
                cancu_strbuf__putc(&r->cell, ' ');
            cancu_strbuf__puts(&r->cell, t);
        }
    } else {
        /* A line break ends a line as in TXT: each line a paragraph. */
        for (char *line = text; line && *line;) {
            char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);

            emit_paragraph(r, line, n);
            line = nl ? nl + 1 : NULL;
        }
        for (size_t i = 0; i < r->ndeferred; i++)
            emit_paragraph(r, r->deferred[i], strlen(r->deferred[i]));
    }
    free_strings(r->deferred, r->ndeferred);
    r->ndeferred = 0;
    free(text);
}

static void end_cell(docx_reader_t *r)
{
    size_t len;
    char *text;
    size_t col = r->ncells;

    r->in_cell = false;
    if (r->cell.failed) {
        oom(r);
        return;
    }
    if (r->v_merge_continue && col < r->nabove && !r->cell.len) {
        /* A continued vertical merge reads as the cell it continues. */
        cancu_strbuf__puts(&r->cell, r->above[col]);
    }
    text = finish_text(r, &r->cell, &len);
    cancu_strbuf__clear(&r->cell);
    if (!text)
        return;
    if (!push_string(&r->cells, &r->ncells, &r->cells_cap, text)) {
        free(text);
        oom(r);
        return;
    }
    /* A cell spanning several grid columns: empty cells keep the columns
     * of the rows below and above aligned. */
    for (int i = 1; i < r->grid_span && i < 64; i++) {
        char *empty = strdup("");

        if (!empty ||
            !push_string(&r->cells, &r->ncells, &r->cells_cap, empty)) {
            free(empty);
            oom(r);
            return;
        }
    }
}

static void end_row(docx_reader_t *r)
{
    size_t *lens;

    if (!r->ncells)
        return;
    if (!r->table_open) {
        if (!cancu_document__begin_table(r->doc, r->row_line)) {
            oom(r);
            return;
        }
        r->table_open = true;
    }
    lens = malloc(r->ncells * sizeof *lens);
    if (!lens) {
        oom(r);
        return;
    }
    for (size_t i = 0; i < r->ncells; i++)
        lens[i] = strlen(r->cells[i]);
    if (!cancu_document__add_row(r->doc, (const char *const *)r->cells, lens,
                                 r->ncells, r->row_line))
        oom(r);
    free(lens);
    /* This row is the one above the next. */
    free_strings(r->above, r->nabove);
    free(r->above);
    r->above = r->cells;
    r->nabove = r->ncells;
    r->cells = NULL;
    r->ncells = r->cells_cap = 0;
}

static void start_element(docx_reader_t *r, const char *name, bool empty)
{
    if (strcmp(name, "p") == 0) {
        r->paragraphs++;
        if (!empty)
            r->p_depth++;
    } else if (strcmp(name, "pPr") == 0) {
        r->in_ppr = !empty;
    } else if (strcmp(name, "t") == 0) {
        r->in_t = !empty;
    } else if (strcmp(name, "tab") == 0) {
        if (!r->in_ppr)
            append_text(r, "\t", 1);
    } else if (strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) {
        append_text(r, "\n", 1);
    } else if (strcmp(name, "noBreakHyphen") == 0) {
        append_text(r, "-", 1);
    } else if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0 ||
               strcmp(name, "delText") == 0 || strcmp(name, "instrText") == 0 ||
               strcmp(name, "delInstrText") == 0 ||
               strcmp(name, "sdtPr") == 0 || strcmp(name, "rPr") == 0) {
        /* Deleted text and field instructions are never text. */
        if (!empty)
            skip_subtree(r);
    } else if (strcmp(name, "fldChar") == 0) {
        char *type = w_attr(r, "fldCharType");

        if (type && strcmp(type, "begin") == 0) {
            if (r->field_depth < DOCX_MAX_NESTING)
                r->field_instr[r->field_depth] = true;
            r->field_depth++;
        } else if (type && strcmp(type, "separate") == 0) {
            if (r->field_depth > 0 && r->field_depth <= DOCX_MAX_NESTING)
                r->field_instr[r->field_depth - 1] = false;
        } else if (type && strcmp(type, "end") == 0) {
            if (r->field_depth > 0)
                r->field_depth--;
        }
        xmlFree(type);
    } else if (strcmp(name, "tbl") == 0) {
        r->tbl_depth++;
    } else if (strcmp(name, "tr") == 0 && r->tbl_depth == 1) {
        r->row_line = r->paragraphs + 1;
    } else if (strcmp(name, "tc") == 0 && r->tbl_depth == 1) {
        r->in_cell = true;
        r->grid_span = 1;
        r->v_merge_continue = false;
        cancu_strbuf__clear(&r->cell);
    } else if (strcmp(name, "gridSpan") == 0 && r->tbl_depth == 1) {
        char *v = w_attr(r, "val");

        if (v) {
            long n = strtol(v, NULL, 10);

            r->grid_span = n > 1 && n < 64 ? (int)n : 1;
        }
        xmlFree(v);
    } else if (strcmp(name, "vMerge") == 0 && r->tbl_depth == 1) {
        char *v = w_attr(r, "val");

        r->v_merge_continue = !v || strcmp(v, "continue") == 0;
        xmlFree(v);
    }
}

static void end_element(docx_reader_t *r, const char *name)
{
    if (strcmp(name, "p") == 0) {
        end_paragraph(r);
    } else if (strcmp(name, "pPr") == 0) {
        r->in_ppr = false;
    } else if (strcmp(name, "t") == 0) {
        r->in_t = false;
    } else if (strcmp(name, "tc") == 0 && r->tbl_depth == 1) {
        end_cell(r);
    } else if (strcmp(name, "tr") == 0 && r->tbl_depth == 1) {
        end_row(r);
    } else if (strcmp(name, "tbl") == 0) {
        if (r->tbl_depth == 1) {
            r->table_open = false;
            free_strings(r->above, r->nabove);
            free(r->above);
            r->above = NULL;
            r->nabove = 0;
        }
        if (r->tbl_depth > 0)
            r->tbl_depth--;
    }
}

/* mc:AlternateContent: read the first mc:Choice, or else mc:Fallback;
 * never both, so a text box is read once. Returns true when the element
 * was skipped. */
static bool alternate_element(docx_reader_t *r, const char *name, int depth,
                              bool empty)
{
    if (strcmp(name, "AlternateContent") == 0) {
        if (!empty && r->alt_depth < DOCX_MAX_NESTING) {
            r->alt[r->alt_depth].depth = depth;
            r->alt[r->alt_depth].chosen = false;
            r->alt_depth++;
        }
        return false;
    }
    if ((strcmp(name, "Choice") == 0 || strcmp(name, "Fallback") == 0) &&
        r->alt_depth > 0 && r->alt[r->alt_depth - 1].depth == depth - 1) {
        if (r->alt[r->alt_depth - 1].chosen) {
            if (!empty)
                skip_subtree(r);
            return true;
        }
        r->alt[r->alt_depth - 1].chosen = true;
    }
    return false;
}

static void xml_error(void *payload, xmlErrorPtr error)
{
    docx_reader_t *r = payload;

    if (!r->xml_error[0] && error)
        snprintf(r->xml_error, sizeof r->xml_error, "line %d: %s", error->line,
                 error->message ? error->message : "");
}

static cancu_status_t read_body(docx_reader_t *r)
{
    bool in_body = false;
    int ret;

    r->pending = 2;
    for (;;) {
        if (r->pending != 2) {
            ret = r->pending;
            r->pending = 2;
        } else {
            ret = xmlTextReaderRead(r->xml);
        }
        if (r->status || ret != 1)
            break;
        int type = xmlTextReaderNodeType(r->xml);
        int depth = xmlTextReaderDepth(r->xml);
        const xmlChar *ns, *local;

        if (depth > DOCX_MAX_DEPTH)
            return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                    "%s: XML nested deeper than %d levels",
                                    r->doc->path, DOCX_MAX_DEPTH);
        if (type == XML_READER_TYPE_DOCUMENT_TYPE)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: word/document.xml has a DTD, which "
                                    "Word never writes; refused",
                                    r->doc->path);
        if (type == XML_READER_TYPE_ENTITY_REFERENCE)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: word/document.xml uses entities, "
                                    "which Word never writes; refused",
                                    r->doc->path);
        if ((type == XML_READER_TYPE_TEXT ||
             type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
             type == XML_READER_TYPE_CDATA) &&
            r->in_t) {
            const char *v = (const char *)xmlTextReaderConstValue(r->xml);

            if (v)
                append_text(r, v, strlen(v));
            continue;
        }
        if (type != XML_READER_TYPE_ELEMENT &&
            type != XML_READER_TYPE_END_ELEMENT)
            continue;
        ns = xmlTextReaderConstNamespaceUri(r->xml);
        local = xmlTextReaderConstLocalName(r->xml);
        if (!local)
            continue;
        if (is_mc(ns)) {
            if (type == XML_READER_TYPE_ELEMENT)
                alternate_element(r, (const char *)local, depth,
                                  xmlTextReaderIsEmptyElement(r->xml));
            else if (strcmp((const char *)local, "AlternateContent") == 0 &&
                     r->alt_depth > 0)
                r->alt_depth--;
            continue;
        }
        if (!is_w(ns))
            continue;
        if (strcmp((const char *)local, "body") == 0) {
            in_body = type == XML_READER_TYPE_ELEMENT;
            continue;
        }
        if (!in_body)
            continue;
        if (type == XML_READER_TYPE_ELEMENT) {
            bool empty = xmlTextReaderIsEmptyElement(r->xml);

            start_element(r, (const char *)local, empty);
            /* An empty element gets no end event of its own. */
            if (empty && (strcmp((const char *)local, "tc") == 0 ||
                          strcmp((const char *)local, "tr") == 0 ||
                          strcmp((const char *)local, "tbl") == 0))
                end_element(r, (const char *)local);
        } else {
            end_element(r, (const char *)local);
        }
    }
    if (r->status)
        return r->status;
    if (ret < 0 && r->in->status)
        return r->in->status; /* a limit hit while inflating */
    if (ret < 0)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: word/document.xml is not well-formed "
                                "XML (%s)",
                                r->doc->path,
                                r->xml_error[0] ? r->xml_error : "truncated");
    return CANCU_STATUS_SUCCESS;
}

static void reader_dispose(docx_reader_t *r)
{
    for (int i = 0; i < DOCX_MAX_NESTING; i++)
        cancu_strbuf__dispose(&r->p_text[i]);
    cancu_strbuf__dispose(&r->cell);
    free_strings(r->cells, r->ncells);
    free(r->cells);
    free_strings(r->above, r->nabove);
    free(r->above);
    free_strings(r->deferred, r->ndeferred);
    free(r->deferred);
}

static cancu_status_t zip_failure(const char *name, zip_error_t *error)
{
    int code = zip_error_code_zip(error);

    if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_CRC ||
        code == ZIP_ER_EOF || code == ZIP_ER_READ || code == ZIP_ER_SEEK)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: corrupt or truncated DOCX (%s)", name,
                                zip_error_strerror(error));
    return cancu_error__set(CANCU_STATUS_BAD_INPUT, "%s: unreadable DOCX (%s)",
                            name, zip_error_strerror(error));
}

cancu_status_t cancu_docx__read(cancu_document_t *doc, const void *data,
                                size_t size)
{
    zip_error_t error;
    zip_source_t *source;
    zip_t *zip;
    zip_stat_t st;
    zip_int64_t index, entries;
    inflater_t in = {0};
    docx_reader_t r = {0};
    cancu_status_t status;

    zip_error_init(&error);
    source = zip_source_buffer_create(data, size, 0, &error);
    if (!source) {
        status = zip_failure(doc->path, &error);
        zip_error_fini(&error);
        return status;
    }
    zip = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (!zip) {
        zip_source_free(source);
        status = zip_failure(doc->path, &error);
        zip_error_fini(&error);
        return status;
    }
    zip_error_fini(&error);
    entries = zip_get_num_entries(zip, 0);
    if (entries > DOCX_MAX_ENTRIES) {
        zip_close(zip);
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: DOCX has %lld entries, over the limit "
                                "of %d",
                                doc->path, (long long)entries,
                                DOCX_MAX_ENTRIES);
    }
    index = zip_name_locate(zip, "word/document.xml", 0);
    if (index < 0 || zip_stat_index(zip, (zip_uint64_t)index, 0, &st) != 0) {
        bool encrypted = zip_name_locate(zip, "EncryptedPackage", 0) >= 0;

        zip_close(zip);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                encrypted ? "%s: encrypted Office file"
                                          : "%s: not a DOCX: part "
                                            "word/document.xml is missing",
                                doc->path);
    }
    in.file = zip_fopen_index(zip, (zip_uint64_t)index, 0);
    if (!in.file) {
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "%s: word/document.xml cannot be read "
                                  "(%s)",
                                  doc->path, zip_strerror(zip));
        zip_close(zip);
        return status;
    }
    in.compressed =
        (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : (zip_uint64_t)size;
    in.name = doc->path;

    r.doc = doc;
    r.in = &in;
    r.xml = xmlReaderForIO(inflate_read, NULL, &in, "word/document.xml", NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!r.xml) {
        zip_fclose(in.file);
        zip_close(zip);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    }
    xmlTextReaderSetStructuredErrorHandler(r.xml, xml_error, &r);
    status = read_body(&r);
    xmlFreeTextReader(r.xml);
    reader_dispose(&r);
    zip_fclose(in.file);
    zip_close(zip);
    if (!status && doc->nblocks == 0)
        status = cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                  "%s: DOCX has no text", doc->path);
    return status;
}
