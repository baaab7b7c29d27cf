/* The DOCX package: opening the zip, streaming its XML parts out of it
 * within the file's limits, and the parts the body depends on (styles,
 * numbering, properties). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "ingest/docx-private.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"
/* A DTD can only stand before the root element, near the start. */
#define DOCX_PROLOG_BYTES 65536
/* Inflated bytes handed to the parser at a time. Small: libxml2 moves
 * what is left of its buffer down each time it shrinks it, which cost
 * 14M instructions a plan with 64 KiB chunks, and the chunk stays in
 * the first-level cache. */
#define DOCX_CHUNK 4096

/* Inflating a part for the XML parser, counting as it goes: the sizes in
 * the zip's headers are not trusted. */
typedef struct inflater {
    zip_file_t *file;
    /* The DOCX, which counts the bytes of all its parts. */
    docx_file_t *docx;
    /* How much of "<!DOCTYPE" the prolog has shown so far. */
    size_t doctype_matched;
    size_t prolog_seen;
    cancu_status_t status;
    const char *path;
    const char *part;
} inflater_t;

/* One part read by libxml2's SAX2 push parser. Its callbacks turn into
 * the reader-like events of docx_node_fn: adjacent character data is one
 * text event, an element written <x/> is empty, and an empty element
 * gets its end event too. */
struct docx_walk {
    xmlParserCtxtPtr ctxt;
    inflater_t in;
    docx_node_fn fn;
    void *payload;
    /* The first failure, of a callback or of a rule; it stops the parser
     * and is what the walk returns. */
    cancu_status_t status;
    /* Elements open: the depth of the next element or text. */
    int depth;
    /* While >= 0, the events up to the end of the element at this depth
     * are dropped, that end included. */
    int skip_depth;
    /* The element just started is written <x/>: its end comes next. */
    bool just_empty;
    /* In the start event of an element. */
    bool in_start;
    /* The current element's attributes, during its start event: five
     * pointers each (local name, prefix, URI, value, end of value). */
    const xmlChar **attrs;
    int nattrs;
    /* Character data seen since the last markup, skipped or not. */
    size_t text_run;
    /* The text node being gathered. */
    cancu_strbuf_t text;
    /* Namespace URIs as the parser's dictionary interns them, so that
     * most elements are told apart by pointer. */
    const xmlChar *w_ns, *w_strict;
    const xmlChar *last_uri;
    docx_ns_t last_ns;
    char error[256];
};

/* Inflate up to 'len' bytes into 'buffer': how many, 0 at the end, or -1
 * with in->status set. */
static zip_int64_t inflate_read(inflater_t *in, char *buffer, size_t len)
{
    docx_file_t *docx = in->docx;
    zip_uint64_t read_before = docx->source.read;
    zip_int64_t n;

    if (in->status)
        return -1;
    n = zip_fread(in->file, buffer, (zip_uint64_t)len);
    /* What libzip read from the zip to inflate these bytes: the part's
     * compressed data, as much of it as inflating has taken. */
    docx->compressed += docx->source.read - read_before;
    if (n < 0) {
        in->status = cancu_error__set(
            CANCU_STATUS_BAD_INPUT, "%s: corrupt DOCX: %s: %s", in->path,
            in->part, zip_error_strerror(zip_file_get_error(in->file)));
        return -1;
    }
    docx->inflated += (zip_uint64_t)n;
    /* Word never writes a DTD; refuse one before libxml2 reads it, so no
     * entity is ever declared, let alone expanded or fetched. */
    for (zip_int64_t i = 0; i < n && in->prolog_seen < DOCX_PROLOG_BYTES;
         i++, in->prolog_seen++) {
        static const char doctype[] = "<!DOCTYPE";

        if (!in->doctype_matched) {
            /* Nothing under way: on to the next '<'. */
            size_t left = DOCX_PROLOG_BYTES - in->prolog_seen;
            size_t span = (size_t)(n - i) < left ? (size_t)(n - i) : left;
            const char *lt = memchr(buffer + i, '<', span);
            zip_int64_t skip = lt ? lt - (buffer + i) : (zip_int64_t)span;

            i += skip;
            in->prolog_seen += (size_t)skip;
            if (!lt)
                break;
        }
        if (buffer[i] == doctype[in->doctype_matched])
            in->doctype_matched++;
        else
            in->doctype_matched = buffer[i] == '<';
        if (in->doctype_matched == sizeof doctype - 1) {
            in->status = cancu_error__set(
                CANCU_STATUS_BAD_INPUT,
                "%s: %s has a DTD, which Word never writes; refused", in->path,
                in->part);
            return -1;
        }
    }
    /* The limits are the file's: its parts count together. */
    if (docx->inflated > DOCX_MAX_INFLATED) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: DOCX parts inflate past the limit of %llu bytes a file "
            "(at %s)",
            in->path, (unsigned long long)DOCX_MAX_INFLATED, in->part);
        return -1;
    }
    if (docx->inflated > docx->compressed * DOCX_MAX_RATIO + DOCX_RATIO_SLACK) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: DOCX inflates more than %d times the compressed bytes read, "
            "at %s (a zip bomb?)",
            in->path, DOCX_MAX_RATIO, in->part);
        return -1;
    }
    return n;
}

static void xml_error(void *payload, xmlErrorPtr error)
{
    docx_walk_t *w = payload;

    if (!w->error[0] && error) {
        size_t n;

        snprintf(w->error, sizeof w->error, "line %d: %s", error->line,
                 error->message ? error->message : "");
        /* libxml2 ends its messages with a newline. */
        n = strlen(w->error);
        while (n && (w->error[n - 1] == '\n' || w->error[n - 1] == ' '))
            w->error[--n] = '\0';
    }
}

/* Stop the walk with 'status', the first failure only. */
static void stop(docx_walk_t *w, cancu_status_t status)
{
    if (!w->status)
        w->status = status;
    xmlStopParser(w->ctxt);
}

static void refuse(docx_walk_t *w, const char *what)
{
    if (!w->status)
        stop(w, cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                 "%s: %s %s, which Word never writes; refused",
                                 w->in.path, w->in.part, what));
}

static inline docx_ns_t namespace_of(docx_walk_t *w, const xmlChar *uri)
{
    const char *s = (const char *)uri;

    if (!uri)
        return DOCX_NS_OTHER;
    if (uri == w->w_ns || uri == w->w_strict)
        return DOCX_NS_W;
    if (uri == w->last_uri)
        return w->last_ns;
    w->last_uri = uri;
    if (strcmp(s, W_NS) == 0 || strcmp(s, W_NS_STRICT) == 0)
        w->last_ns = DOCX_NS_W;
    else if (strcmp(s, MC_NS) == 0)
        w->last_ns = DOCX_NS_MC;
    else if (strcmp(s, DC_NS) == 0 || strcmp(s, DCTERMS_NS) == 0)
        w->last_ns = DOCX_NS_DC;
    else
        w->last_ns = DOCX_NS_OTHER;
    return w->last_ns;
}

/* Nodes deeper than the limit stop the walk, as libxml2's own limit
 * (256) would, but sooner. */
static bool too_deep(docx_walk_t *w, int depth)
{
    if (depth <= DOCX_MAX_DEPTH)
        return false;
    stop(w, cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                             "%s: %s nested deeper than %d levels", w->in.path,
                             w->in.part, DOCX_MAX_DEPTH));
    return true;
}

/* Markup ends the text node gathered so far: hand it over. */
static void deliver_text(docx_walk_t *w)
{
    cancu_status_t status;

    if (w->text.failed) {
        stop(w, cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                 "%s: out of memory", w->in.path));
        return;
    }
    if (too_deep(w, w->depth))
        return;
    status = w->fn(w, XML_READER_TYPE_TEXT, DOCX_NS_OTHER, NULL, w->depth,
                   false, w->payload);
    cancu_strbuf__clear(&w->text);
    if (status)
        stop(w, status);
}

static inline void flush_text(docx_walk_t *w)
{
    w->text_run = 0;
    if (w->text.len || w->text.failed)
        deliver_text(w);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    docx_walk_t *w = ctx;
    const xmlChar *cur;
    cancu_status_t status;
    bool empty;
    int depth;

    (void)prefix, (void)nb_namespaces, (void)namespaces, (void)nb_defaulted;
    if (w->status)
        return;
    if (w->skip_depth >= 0) {
        w->depth++;
        w->text_run = 0;
        return;
    }
    flush_text(w);
    depth = w->depth++;
    if (w->status || too_deep(w, depth))
        return;
    /* The parser stands after the start tag's attributes: on "/>" for an
     * element written <x/>, as libxml2's reader tells them apart too. */
    cur = w->ctxt->input ? w->ctxt->input->cur : NULL;
    empty = cur && cur[0] == '/' && cur[1] == '>';
    w->in_start = true;
    w->attrs = attributes;
    w->nattrs = nb_attributes;
    status = w->fn(w, XML_READER_TYPE_ELEMENT, namespace_of(w, uri),
                   (const char *)local, depth, empty, w->payload);
    w->in_start = false;
    w->just_empty = empty && w->skip_depth < 0;
    if (status)
        stop(w, status);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix,
                   const xmlChar *uri)
{
    docx_walk_t *w = ctx;
    cancu_status_t status;
    bool empty = w->just_empty;

    (void)prefix;
    w->just_empty = false;
    if (w->status)
        return;
    if (w->skip_depth >= 0) {
        if (--w->depth == w->skip_depth)
            w->skip_depth = -1;
        w->text_run = 0;
        return;
    }
    /* Text in the element is one level deeper than the element. */
    flush_text(w);
    w->depth--;
    if (w->status)
        return;
    status = w->fn(w, XML_READER_TYPE_END_ELEMENT, namespace_of(w, uri),
                   (const char *)local, w->depth, empty, w->payload);
    if (status)
        stop(w, status);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    docx_walk_t *w = ctx;

    if (w->status || len <= 0)
        return;
    /* The bound libxml2's tree builder puts on one text node. */
    w->text_run += (size_t)len;
    if (w->text_run > XML_MAX_TEXT_LENGTH) {
        stop(w, cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                 "%s: %s is not well-formed XML (line %d: "
                                 "xmlSAX2Characters: huge text node)",
                                 w->in.path, w->in.part,
                                 xmlSAX2GetLineNumber(w->ctxt)));
        return;
    }
    if (w->skip_depth < 0)
        cancu_strbuf__append(&w->text, (const char *)ch, (size_t)len);
}

/* A comment or processing instruction: not delivered, but it ends a text
 * node and counts for depth, as a node of libxml2's reader would. */
static void on_other_node(docx_walk_t *w)
{
    if (w->status)
        return;
    w->text_run = 0;
    if (w->skip_depth >= 0)
        return;
    flush_text(w);
    if (!w->status)
        too_deep(w, w->depth);
}

static void on_comment(void *ctx, const xmlChar *value)
{
    (void)value;
    on_other_node(ctx);
}

static void on_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
    (void)target, (void)data;
    on_other_node(ctx);
}

/* Word writes neither DTDs nor entities: a late DTD (past the prolog the
 * inflater looks at, or in UTF-16) is refused as it starts, before any of
 * it is read, and an entity is never looked up, let alone expanded. */
static void on_dtd(void *ctx, const xmlChar *name, const xmlChar *external_id,
                   const xmlChar *system_id)
{
    (void)name, (void)external_id, (void)system_id;
    refuse(ctx, "has a DTD");
}

static xmlEntityPtr on_entity(void *ctx, const xmlChar *name)
{
    (void)name;
    refuse(ctx, "uses entities");
    return NULL;
}

static void on_reference(void *ctx, const xmlChar *name)
{
    (void)name;
    refuse(ctx, "uses entities");
}

/* Skip the element whose start event this is, up to its end event. */
void cancu_docx__skip(docx_walk_t *w)
{
    if (w->in_start)
        w->skip_depth = w->depth - 1;
}

/* Attribute 'name' in namespace 'uri' (as interned), or NULL. */
static const xmlChar **find_attr(const docx_walk_t *w, const char *name,
                                 const xmlChar *uri)
{
    for (int i = 0; i < w->nattrs; i++) {
        const xmlChar **a = w->attrs + 5 * i;

        if (strcmp((const char *)a[0], name) == 0 && a[2] &&
            xmlStrEqual(a[2], uri))
            return a;
    }
    return NULL;
}

/* An attribute of the current element, in the W namespace (transitional
 * first), as the caller's copy. Without XML_PARSE_NOENT libxml2 hands SAX
 * each '&' of a value as "&#38;", for a tree builder to decode; so do we. */
char *cancu_docx__attr(docx_walk_t *w, const char *name)
{
    const xmlChar **a;
    xmlChar *v;
    size_t n = 0;

    if (!w->in_start)
        return NULL;
    a = find_attr(w, name, w->w_ns);
    if (!a)
        a = find_attr(w, name, w->w_strict);
    if (!a)
        return NULL;
    v = xmlStrndup(a[3], (int)(a[4] - a[3]));
    if (!v || !strchr((const char *)v, '&'))
        return (char *)v;
    for (size_t i = 0; v[i]; i++) {
        v[n++] = v[i];
        if (v[i] == '&' && strncmp((const char *)v + i, "&#38;", 5) == 0)
            i += 4;
    }
    v[n] = '\0';
    return (char *)v;
}

const char *cancu_docx__value(docx_walk_t *w)
{
    return w->text.len ? cancu_strbuf__cstr(&w->text) : "";
}

/* Feed the part to the parser chunk by chunk as it inflates. */
static cancu_status_t parse(docx_walk_t *w, char *buffer)
{
    xmlSAXHandler sax;
    zip_int64_t n;
    int skip;

    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.ignorableWhitespace = on_text;
    sax.cdataBlock = on_text;
    sax.comment = on_comment;
    sax.processingInstruction = on_pi;
    sax.internalSubset = on_dtd;
    sax.externalSubset = on_dtd;
    sax.getEntity = on_entity;
    sax.getParameterEntity = on_entity;
    sax.reference = on_reference;
    sax.serror = xml_error;

    n = inflate_read(&w->in, buffer, DOCX_CHUNK);
    if (n < 0)
        return w->in.status;
    /* The first bytes tell the encoding (UTF-16 has no "<?xml"). */
    skip = n < 4 ? (int)n : 4;
    w->ctxt = xmlCreatePushParserCtxt(&sax, w, buffer, skip, w->in.part);
    if (!w->ctxt)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                w->in.path);
    /* No XML_PARSE_NOENT: entities are never substituted. */
    xmlCtxtUseOptions(w->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                   XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    w->w_ns = xmlDictLookup(w->ctxt->dict, BAD_CAST W_NS, -1);
    w->w_strict = xmlDictLookup(w->ctxt->dict, BAD_CAST W_NS_STRICT, -1);
    for (;;) {
        xmlParseChunk(w->ctxt, buffer + skip, (int)(n - skip), n == 0);
        skip = 0;
        if (n == 0 || w->status || !w->ctxt->wellFormed ||
            w->ctxt->instate == XML_PARSER_EOF)
            break;
        n = inflate_read(&w->in, buffer, DOCX_CHUNK);
        if (n < 0)
            break;
    }
    if (w->status)
        return w->status;
    if (w->in.status)
        return w->in.status; /* a limit hit while inflating */
    if (!w->ctxt->wellFormed)
        return cancu_error__set(
            CANCU_STATUS_BAD_INPUT, "%s: %s is not well-formed XML (%s)",
            w->in.path, w->in.part, w->error[0] ? w->error : "truncated");
    return CANCU_STATUS_SUCCESS;
}

/* The zip's bytes as a libzip source, as zip_source_buffer_create gives
 * them, but counting what libzip reads: reading a part, that is its
 * compressed data as inflating takes it, whatever the headers say. */
static zip_int64_t source_callback(void *payload, void *data, zip_uint64_t len,
                                   zip_source_cmd_t cmd)
{
    docx_source_t *src = payload;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        src->offset = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        zip_uint64_t n = src->size - src->offset;

        if (n > len)
            n = len;
        memcpy(data, src->data + src->offset, (size_t)n);
        src->offset += n;
        src->read += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st =
            ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &src->error);

        if (!st)
            return -1;
        zip_stat_init(st);
        st->size = st->comp_size = src->size;
        st->comp_method = ZIP_CM_STORE;
        st->encryption_method = ZIP_EM_NONE;
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
                    ZIP_STAT_ENCRYPTION_METHOD;
        return (zip_int64_t)sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&src->error, data, len);
    case ZIP_SOURCE_SEEK: {
        zip_int64_t offset = zip_source_seek_compute_offset(
            src->offset, src->size, data, len, &src->error);

        if (offset < 0)
            return -1;
        src->offset = (zip_uint64_t)offset;
        return 0;
    }
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)src->offset;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
            ZIP_SOURCE_SUPPORTS, -1);
    default:
        zip_error_set(&src->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
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

cancu_status_t cancu_docx__open(docx_file_t *file, const char *path,
                                const void *data, size_t size)
{
    zip_error_t error;
    zip_source_t *source;
    zip_int64_t entries;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    memset(file, 0, sizeof *file);
    file->path = path;
    file->source.data = data;
    file->source.size = size;
    zip_error_init(&file->source.error);
    zip_error_init(&error);
    source = zip_source_function_create(source_callback, &file->source, &error);
    if (source) {
        file->zip = zip_open_from_source(source, ZIP_RDONLY, &error);
        if (!file->zip)
            zip_source_free(source);
    }
    if (!file->zip)
        status = zip_failure(path, &error);
    zip_error_fini(&error);
    if (status) {
        zip_error_fini(&file->source.error);
        return status;
    }
    entries = zip_get_num_entries(file->zip, 0);
    if (entries > DOCX_MAX_ENTRIES) {
        cancu_docx__close(file);
        return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                "%s: DOCX has %lld entries, over the limit "
                                "of %d",
                                path, (long long)entries, DOCX_MAX_ENTRIES);
    }
    return CANCU_STATUS_SUCCESS;
}

void cancu_docx__close(docx_file_t *file)
{
    if (file->zip)
        zip_close(file->zip);
    file->zip = NULL;
    zip_error_fini(&file->source.error);
}

cancu_status_t cancu_docx__walk(docx_file_t *file, const char *part,
                                bool required, docx_node_fn fn, void *payload)
{
    zip_t *zip = file->zip;
    const char *path = file->path;
    docx_walk_t w;
    zip_stat_t st;
    zip_int64_t index;
    cancu_status_t status;
    char *buffer;

    memset(&w, 0, sizeof w);
    index = zip_name_locate(zip, part, 0);
    if (index < 0 || zip_stat_index(zip, (zip_uint64_t)index, 0, &st) != 0) {
        if (!required)
            return CANCU_STATUS_SUCCESS;
        if (zip_name_locate(zip, "EncryptedPackage", 0) >= 0)
            return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                    "%s: encrypted Office file", path);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: not a DOCX: part %s is missing", path,
                                part);
    }
    w.in.file = zip_fopen_index(zip, (zip_uint64_t)index, 0);
    if (!w.in.file) {
        int code = zip_error_code_zip(zip_get_error(zip));

        if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD)
            return cancu_error__set(CANCU_STATUS_UNSUPPORTED_FORMAT,
                                    "%s: encrypted (password-protected) zip; "
                                    "save it without a password first",
                                    path);
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: %s cannot be read (%s)", path, part,
                                zip_strerror(zip));
    }
    w.in.docx = file;
    w.in.path = path;
    w.in.part = part;
    w.fn = fn;
    w.payload = payload;
    w.skip_depth = -1;
    buffer = malloc(DOCX_CHUNK);
    if (!buffer) {
        zip_fclose(w.in.file);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                path);
    }
    status = parse(&w, buffer);
    if (w.ctxt)
        xmlFreeParserCtxt(w.ctxt);
    cancu_strbuf__dispose(&w.text);
    free(buffer);
    zip_fclose(w.in.file);
    return status;
}

/* styles.xml */

typedef struct styles_reader {
    docx_package_t *pkg;
    docx_style_t *current;
    bool in_defaults;
    bool in_ppr;
    bool in_rpr;
} styles_reader_t;

static int heading_level_of(const char *name)
{
    /* Built-in heading styles are named "heading N" whatever the UI
     * language shows. */
    if (name && strncasecmp(name, "heading ", 8) == 0 && name[8] >= '1' &&
        name[8] <= '9' && !name[9])
        return name[8] - '0';
    return 0;
}

static int int_attr(docx_walk_t *w, const char *name, int fallback)
{
    char *v = cancu_docx__attr(w, name);
    long n;
    char *end;

    if (!v)
        return fallback;
    n = strtol(v, &end, 10);
    if (end == v || n < -1000000 || n > 1000000)
        n = fallback;
    xmlFree(v);
    return (int)n;
}

static char *dup_attr(docx_walk_t *w, const char *name)
{
    char *v = cancu_docx__attr(w, name), *copy;

    if (!v)
        return NULL;
    copy = strdup(v);
    xmlFree(v);
    return copy;
}

static cancu_status_t oom(void)
{
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
}

static cancu_status_t on_style_node(docx_walk_t *w, int type, docx_ns_t ns,
                                    const char *local, int depth, bool empty,
                                    void *payload)
{
    styles_reader_t *r = payload;
    docx_package_t *pkg = r->pkg;
    bool start = type == XML_READER_TYPE_ELEMENT;

    (void)depth;
    (void)empty;
    if (ns != DOCX_NS_W || !local)
        return CANCU_STATUS_SUCCESS;
    if (strcmp(local, "docDefaults") == 0) {
        r->in_defaults = start;
    } else if (strcmp(local, "style") == 0) {
        if (!start) {
            r->current = NULL;
            return CANCU_STATUS_SUCCESS;
        }
        if (pkg->nstyles == DOCX_MAX_STYLES)
            return CANCU_STATUS_SUCCESS;
        if (pkg->nstyles == pkg->styles_cap) {
            size_t cap = pkg->styles_cap ? pkg->styles_cap * 2 : 64;
            docx_style_t *p = realloc(pkg->styles, cap * sizeof *p);

            if (!p)
                return oom();
            pkg->styles = p;
            pkg->styles_cap = cap;
        }
        r->current = &pkg->styles[pkg->nstyles++];
        memset(r->current, 0, sizeof *r->current);
        r->current->id = dup_attr(w, "styleId");
    } else if (strcmp(local, "pPr") == 0) {
        r->in_ppr = start;
    } else if (strcmp(local, "rPr") == 0) {
        r->in_rpr = start;
    } else if (!start) {
        return CANCU_STATUS_SUCCESS;
    } else if (strcmp(local, "name") == 0 && r->current) {
        free(r->current->name);
        r->current->name = dup_attr(w, "val");
        if (!r->current->heading_level)
            r->current->heading_level = heading_level_of(r->current->name);
    } else if (strcmp(local, "basedOn") == 0 && r->current) {
        free(r->current->based_on);
        r->current->based_on = dup_attr(w, "val");
    } else if (strcmp(local, "outlineLvl") == 0 && r->current && r->in_ppr) {
        int level = int_attr(w, "val", 9);

        if (level >= 0 && level < 9)
            r->current->heading_level = level + 1;
    } else if (strcmp(local, "numId") == 0 && r->current && r->in_ppr) {
        r->current->num_id = int_attr(w, "val", 0);
    } else if (strcmp(local, "ilvl") == 0 && r->current && r->in_ppr) {
        r->current->ilvl = int_attr(w, "val", 0);
    } else if (strcmp(local, "rFonts") == 0 && r->in_rpr) {
        char *font = dup_attr(w, "ascii");

        if (!font)
            font = dup_attr(w, "hAnsi");
        if (r->current) {
            free(r->current->font);
            r->current->font = font;
        } else if (r->in_defaults) {
            free(pkg->default_font);
            pkg->default_font = font;
        } else {
            free(font);
        }
    }
    return CANCU_STATUS_SUCCESS;
}

/* numbering.xml */

typedef struct numbering_reader {
    docx_package_t *pkg;
    docx_abstract_t *abstract;
    docx_num_t *num;
    int level;
    int override_level;
} numbering_reader_t;

static void *grow_array(void *items, size_t *cap, size_t count, size_t size)
{
    size_t n;
    void *p;

    if (count < *cap)
        return items;
    n = *cap ? *cap * 2 : 16;
    p = realloc(items, n * size);
    if (p)
        *cap = n;
    return p;
}

static void copy_attr(docx_walk_t *w, const char *name, char *out, size_t cap)
{
    char *v = cancu_docx__attr(w, name);

    if (v) {
        snprintf(out, cap, "%s", v);
        xmlFree(v);
    }
}

static cancu_status_t on_numbering_node(docx_walk_t *w, int type, docx_ns_t ns,
                                        const char *local, int depth,
                                        bool empty, void *payload)
{
    numbering_reader_t *r = payload;
    docx_package_t *pkg = r->pkg;
    bool start = type == XML_READER_TYPE_ELEMENT;

    (void)depth;
    (void)empty;
    if (ns != DOCX_NS_W || !local)
        return CANCU_STATUS_SUCCESS;
    if (strcmp(local, "abstractNum") == 0) {
        r->abstract = NULL;
        if (!start)
            return CANCU_STATUS_SUCCESS;
        docx_abstract_t *p =
            grow_array(pkg->abstracts, &pkg->abstracts_cap, pkg->nabstracts,
                       sizeof *pkg->abstracts);
        if (!p)
            return oom();
        pkg->abstracts = p;
        r->abstract = &pkg->abstracts[pkg->nabstracts++];
        memset(r->abstract, 0, sizeof *r->abstract);
        r->abstract->id = int_attr(w, "abstractNumId", -1);
        for (int l = 0; l < DOCX_LEVELS; l++)
            r->abstract->levels[l].start = 1;
    } else if (strcmp(local, "num") == 0) {
        r->num = NULL;
        if (!start)
            return CANCU_STATUS_SUCCESS;
        docx_num_t *p = grow_array(pkg->nums, &pkg->nums_cap, pkg->nnums,
                                   sizeof *pkg->nums);
        if (!p)
            return oom();
        pkg->nums = p;
        r->num = &pkg->nums[pkg->nnums++];
        memset(r->num, 0, sizeof *r->num);
        r->num->id = int_attr(w, "numId", -1);
        r->num->abstract = -1;
        for (int l = 0; l < DOCX_LEVELS; l++)
            r->num->start_override[l] = -1;
    } else if (!start) {
        return CANCU_STATUS_SUCCESS;
    } else if (strcmp(local, "lvl") == 0 && r->abstract) {
        r->level = int_attr(w, "ilvl", -1);
    } else if (strcmp(local, "lvlOverride") == 0 && r->num) {
        r->override_level = int_attr(w, "ilvl", -1);
    } else if (strcmp(local, "startOverride") == 0 && r->num &&
               r->override_level >= 0 && r->override_level < DOCX_LEVELS) {
        r->num->start_override[r->override_level] = int_attr(w, "val", 1);
    } else if (strcmp(local, "abstractNumId") == 0 && r->num) {
        r->num->abstract = int_attr(w, "val", -1);
    } else if (r->abstract && r->level >= 0 && r->level < DOCX_LEVELS) {
        docx_level_t *l = &r->abstract->levels[r->level];

        if (strcmp(local, "start") == 0)
            l->start = int_attr(w, "val", 1);
        else if (strcmp(local, "numFmt") == 0)
            copy_attr(w, "val", l->format, sizeof l->format);
        else if (strcmp(local, "lvlText") == 0)
            copy_attr(w, "val", l->text, sizeof l->text);
    }
    return CANCU_STATUS_SUCCESS;
}

/* docProps/core.xml */

typedef struct core_reader {
    docx_package_t *pkg;
    char **target;
} core_reader_t;

static cancu_status_t on_core_node(docx_walk_t *w, int type, docx_ns_t ns,
                                   const char *local, int depth, bool empty,
                                   void *payload)
{
    core_reader_t *r = payload;

    (void)depth;
    (void)empty;
    if (type == XML_READER_TYPE_TEXT) {
        if (r->target && !*r->target) {
            *r->target = strdup(cancu_docx__value(w));
            if (!*r->target)
                return oom();
        }
        return CANCU_STATUS_SUCCESS;
    }
    r->target = NULL;
    if (type != XML_READER_TYPE_ELEMENT || ns != DOCX_NS_DC)
        return CANCU_STATUS_SUCCESS;
    if (strcmp(local, "title") == 0)
        r->target = &r->pkg->title;
    else if (strcmp(local, "created") == 0)
        r->target = &r->pkg->created;
    else if (strcmp(local, "modified") == 0)
        r->target = &r->pkg->modified;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_docx__load_package(docx_package_t *pkg, docx_file_t *file)
{
    styles_reader_t styles = {pkg, NULL, false, false, false};
    numbering_reader_t numbering = {pkg, NULL, NULL, -1, -1};
    core_reader_t core = {pkg, NULL};
    cancu_status_t status;

    status = cancu_docx__walk(file, "word/styles.xml", false, on_style_node,
                              &styles);
    if (!status)
        status = cancu_docx__walk(file, "word/numbering.xml", false,
                                  on_numbering_node, &numbering);
    if (!status)
        status = cancu_docx__walk(file, "docProps/core.xml", false,
                                  on_core_node, &core);
    return status;
}
