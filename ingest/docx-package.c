/* The DOCX package: streaming its XML parts out of the zip with limits,
 * and the parts the body depends on (styles, numbering, properties). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest/docx-private.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_NS_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"
/* A DTD can only stand before the root element, near the start. */
#define DOCX_PROLOG_BYTES 65536

/* Inflating a part for the XML reader, counting as it goes: the sizes in
 * the zip's headers are not trusted. */
typedef struct inflater {
    zip_file_t *file;
    zip_uint64_t compressed;
    zip_uint64_t inflated;
    /* How much of "<!DOCTYPE" the prolog has shown so far. */
    size_t doctype_matched;
    size_t prolog_seen;
    cancu_status_t status;
    const char *path;
    const char *part;
} inflater_t;

struct docx_walk {
    xmlTextReaderPtr xml;
    inflater_t in;
    /* After a skip the reader already stands on the next node: 1, or 0
     * at the end, -1 on error; 2 when nothing is pending. */
    int pending;
    char error[256];
    /* The namespace URI last seen, as the reader's dictionary interns it,
     * and what it is: most elements share one, so no string compare. */
    const xmlChar *last_uri;
    docx_ns_t last_ns;
};

static int inflate_read(void *context, char *buffer, int len)
{
    inflater_t *in = context;
    zip_int64_t n;

    if (in->status)
        return -1;
    n = zip_fread(in->file, buffer, (zip_uint64_t)len);
    if (n < 0) {
        in->status = cancu_error__set(
            CANCU_STATUS_BAD_INPUT, "%s: corrupt DOCX: %s: %s", in->path,
            in->part, zip_error_strerror(zip_file_get_error(in->file)));
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
                "%s: %s has a DTD, which Word never writes; refused", in->path,
                in->part);
            return -1;
        }
    }
    if (in->inflated > DOCX_MAX_INFLATED) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: %s inflates past the limit of %llu bytes", in->path, in->part,
            (unsigned long long)DOCX_MAX_INFLATED);
        return -1;
    }
    if (in->inflated > in->compressed * DOCX_MAX_RATIO + DOCX_RATIO_SLACK) {
        in->status = cancu_error__set(
            CANCU_STATUS_LIMIT_EXCEEDED,
            "%s: %s inflates more than %d times its compressed size "
            "(a zip bomb?)",
            in->path, in->part, DOCX_MAX_RATIO);
        return -1;
    }
    return (int)n;
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

static docx_ns_t namespace_of(const xmlChar *ns)
{
    const char *s = (const char *)ns;

    if (!s)
        return DOCX_NS_OTHER;
    if (strcmp(s, W_NS) == 0 || strcmp(s, W_NS_STRICT) == 0)
        return DOCX_NS_W;
    if (strcmp(s, MC_NS) == 0)
        return DOCX_NS_MC;
    if (strcmp(s, DC_NS) == 0 || strcmp(s, DCTERMS_NS) == 0)
        return DOCX_NS_DC;
    return DOCX_NS_OTHER;
}

/* The namespace of the reader's current element. Read from the node
 * itself: xmlTextReaderConstNamespaceUri compares strings on every call,
 * a tenth of the whole extraction's instructions. */
static docx_ns_t current_namespace(docx_walk_t *w)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(w->xml);
    const xmlChar *uri = node && node->ns ? node->ns->href : NULL;

    if (uri != w->last_uri || !uri) {
        w->last_uri = uri;
        w->last_ns = namespace_of(uri);
    }
    return w->last_ns;
}

void cancu_docx__skip(docx_walk_t *w)
{
    w->pending = xmlTextReaderNext(w->xml);
}

char *cancu_docx__attr(docx_walk_t *w, const char *name)
{
    xmlChar *v =
        xmlTextReaderGetAttributeNs(w->xml, BAD_CAST name, BAD_CAST W_NS);

    if (!v)
        v = xmlTextReaderGetAttributeNs(w->xml, BAD_CAST name,
                                        BAD_CAST W_NS_STRICT);
    return (char *)v;
}

const char *cancu_docx__value(docx_walk_t *w)
{
    const char *v = (const char *)xmlTextReaderConstValue(w->xml);

    return v ? v : "";
}

static cancu_status_t walk_nodes(docx_walk_t *w, const char *path,
                                 const char *part, docx_node_fn fn,
                                 void *payload)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    int ret;

    w->pending = 2;
    for (;;) {
        int type, depth;

        if (w->pending != 2) {
            ret = w->pending;
            w->pending = 2;
        } else {
            ret = xmlTextReaderRead(w->xml);
        }
        if (ret != 1)
            break;
        type = xmlTextReaderNodeType(w->xml);
        depth = xmlTextReaderDepth(w->xml);
        if (depth > DOCX_MAX_DEPTH)
            return cancu_error__set(CANCU_STATUS_LIMIT_EXCEEDED,
                                    "%s: %s nested deeper than %d levels", path,
                                    part, DOCX_MAX_DEPTH);
        if (type == XML_READER_TYPE_ENTITY_REFERENCE)
            return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                    "%s: %s uses entities, which Word never "
                                    "writes; refused",
                                    path, part);
        if (type == XML_READER_TYPE_TEXT ||
            type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
            type == XML_READER_TYPE_CDATA) {
            status = fn(w, XML_READER_TYPE_TEXT, DOCX_NS_OTHER, NULL, depth,
                        false, payload);
        } else if (type == XML_READER_TYPE_ELEMENT ||
                   type == XML_READER_TYPE_END_ELEMENT) {
            const char *local =
                (const char *)xmlTextReaderConstLocalName(w->xml);
            bool empty = type == XML_READER_TYPE_ELEMENT &&
                         xmlTextReaderIsEmptyElement(w->xml);

            if (!local)
                continue;
            docx_ns_t ns = current_namespace(w);

            status = fn(w, type, ns, local, depth, empty, payload);
            /* An empty element gets no end event of its own. */
            if (!status && empty && w->pending == 2)
                status = fn(w, XML_READER_TYPE_END_ELEMENT, ns, local, depth,
                            true, payload);
        }
        if (status)
            return status;
    }
    if (w->in.status)
        return w->in.status; /* a limit hit while inflating */
    if (ret < 0)
        return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                                "%s: %s is not well-formed XML (%s)", path,
                                part, w->error[0] ? w->error : "truncated");
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_docx__walk(zip_t *zip, const char *path, const char *part,
                                bool required, docx_node_fn fn, void *payload)
{
    docx_walk_t w;
    zip_stat_t st;
    zip_int64_t index;
    cancu_status_t status;

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
    w.in.compressed = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    w.in.path = path;
    w.in.part = part;
    w.xml = xmlReaderForIO(inflate_read, NULL, &w.in, part, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                               XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!w.xml) {
        zip_fclose(w.in.file);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                path);
    }
    xmlTextReaderSetStructuredErrorHandler(w.xml, xml_error, &w);
    status = walk_nodes(&w, path, part, fn, payload);
    xmlFreeTextReader(w.xml);
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

cancu_status_t cancu_docx__load_package(docx_package_t *pkg, zip_t *zip,
                                        const char *path)
{
    styles_reader_t styles = {pkg, NULL, false, false, false};
    numbering_reader_t numbering = {pkg, NULL, NULL, -1, -1};
    core_reader_t core = {pkg, NULL};
    cancu_status_t status;

    status = cancu_docx__walk(zip, path, "word/styles.xml", false,
                              on_style_node, &styles);
    if (!status)
        status = cancu_docx__walk(zip, path, "word/numbering.xml", false,
                                  on_numbering_node, &numbering);
    if (!status)
        status = cancu_docx__walk(zip, path, "docProps/core.xml", false,
                                  on_core_node, &core);
    return status;
}

void cancu_docx__package_dispose(docx_package_t *pkg)
{
    for (size_t i = 0; i < pkg->nstyles; i++) {
        free(pkg->styles[i].id);
        free(pkg->styles[i].name);
        free(pkg->styles[i].based_on);
        free(pkg->styles[i].font);
    }
    free(pkg->styles);
    free(pkg->default_font);
    free(pkg->abstracts);
    free(pkg->nums);
    free(pkg->title);
    free(pkg->created);
    free(pkg->modified);
    memset(pkg, 0, sizeof *pkg);
}

const docx_style_t *cancu_docx__style(const docx_package_t *pkg, const char *id)
{
    for (size_t i = 0; id && i < pkg->nstyles; i++)
        if (pkg->styles[i].id && strcmp(pkg->styles[i].id, id) == 0)
            return &pkg->styles[i];
    return NULL;
}

const char *cancu_docx__style_font(const docx_package_t *pkg,
                                   const char *style_id)
{
    const docx_style_t *s = cancu_docx__style(pkg, style_id);

    /* basedOn chains are short; the bound guards against cycles. */
    for (int hops = 0; s && hops < 16; hops++) {
        if (s->font)
            return s->font;
        s = cancu_docx__style(pkg, s->based_on);
    }
    return pkg->default_font;
}

static void format_number(char *out, size_t cap, const char *format, int n)
{
    static const char *const roman[][10] = {
        {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"},
        {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"},
        {"", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"},
    };
    bool upper = strncmp(format, "upper", 5) == 0;

    if (strstr(format, "Roman") && n > 0 && n < 1000) {
        char buf[32];
        size_t len;

        snprintf(buf, sizeof buf, "%s%s%s", roman[2][n / 100],
                 roman[1][n / 10 % 10], roman[0][n % 10]);
        len = strlen(buf);
        for (size_t i = 0; upper && i < len; i++)
            buf[i] = (char)(buf[i] - 'a' + 'A');
        snprintf(out, cap, "%s", buf);
    } else if (strstr(format, "Letter") && n > 0) {
        /* a..z, then aa..zz, as Word counts. */
        char c = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
        int repeat = (n - 1) / 26 + 1;
        size_t i = 0;

        for (; i + 1 < cap && (int)i < repeat; i++)
            out[i] = c;
        out[i] = '\0';
    } else {
        snprintf(out, cap, "%d", n);
    }
}

bool cancu_docx__next_label(docx_package_t *pkg, int num_id, int ilvl,
                            char *out, size_t cap)
{
    docx_num_t *num = NULL;
    const docx_abstract_t *abstract = NULL;
    const docx_level_t *level;
    size_t len = 0;

    if (num_id <= 0 || ilvl < 0 || ilvl >= DOCX_LEVELS)
        return false;
    for (size_t i = 0; i < pkg->nnums && !num; i++)
        if (pkg->nums[i].id == num_id)
            num = &pkg->nums[i];
    for (size_t i = 0; num && i < pkg->nabstracts && !abstract; i++)
        if (pkg->abstracts[i].id == num->abstract)
            abstract = &pkg->abstracts[i];
    if (!abstract)
        return false;
    level = &abstract->levels[ilvl];
    if (strcmp(level->format, "none") == 0)
        return false;
    if (strcmp(level->format, "bullet") == 0) {
        /* Bullets are drawn from symbol fonts; the text says "-". */
        snprintf(out, cap, "%s",
                 strcmp(level->text, "-") == 0 || !level->text[0] ? "-" : "•");
        return true;
    }
    if (!num->started[ilvl]) {
        num->started[ilvl] = true;
        num->counters[ilvl] = num->start_override[ilvl] >= 0
                                  ? num->start_override[ilvl]
                                  : level->start;
    } else {
        num->counters[ilvl]++;
    }
    /* A deeper level starts again under a new item. */
    for (int l = ilvl + 1; l < DOCX_LEVELS; l++)
        num->started[l] = false;
    for (const char *p = level->text; *p && len + 1 < cap; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            char number[32];

            format_number(number, sizeof number, abstract->levels[l].format,
                          num->started[l] ? num->counters[l]
                                          : abstract->levels[l].start);
            len += (size_t)snprintf(out + len, cap - len, "%s", number);
            if (len >= cap)
                len = cap - 1;
            p++;
        } else {
            out[len++] = *p;
        }
    }
    out[len] = '\0';
    return len > 0;
}
