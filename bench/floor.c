/* The floor for DOCX extraction: inflate word/document.xml with libzip and
 * read it with libxml2's streaming reader, doing nothing with what it reads.
 * No DOCX extractor built on libzip and libxml2 can go faster.
 *
 *   floor [--sax] FILE...   each file in turn, in this one process
 *   floor [--sax] -         the file names from standard input, one a line
 *
 * With --sax, libxml2's SAX2 push parser with empty callbacks instead of
 * the reader (xmlTextReader, which xmllint --stream uses):
 * the floor of an extractor written on SAX callbacks.
 *
 * Prints the files, bytes and nodes read on standard error. Exit 1 when a
 * file could not be read. Built by bench/bench-extract.sh:
 *   cc -O2 floor.c $(pkg-config --cflags --libs libzip libxml-2.0)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>
#include <zip.h>

static int read_zip(void *context, char *buffer, int len)
{
    zip_int64_t n = zip_fread(context, buffer, (zip_uint64_t)len);

    return n < 0 ? -1 : (int)n;
}

static void sax_start(void *ctx, const xmlChar *localname,
                      const xmlChar *prefix, const xmlChar *uri,
                      int nb_namespaces, const xmlChar **namespaces,
                      int nb_attributes, int nb_defaulted,
                      const xmlChar **attributes)
{
    (void)localname, (void)prefix, (void)uri, (void)nb_namespaces;
    (void)namespaces, (void)nb_attributes, (void)nb_defaulted;
    (void)attributes;
    (*(unsigned long long *)ctx)++;
}

static void sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                    const xmlChar *uri)
{
    (void)ctx, (void)localname, (void)prefix, (void)uri;
}

static void sax_text(void *ctx, const xmlChar *ch, int len)
{
    (void)ctx, (void)ch, (void)len;
}

static int sax(zip_file_t *file, unsigned long long *nodes)
{
    xmlSAXHandler handler;
    xmlParserCtxtPtr ctxt;
    char buffer[65536];
    zip_int64_t n;
    int failed;

    memset(&handler, 0, sizeof handler);
    handler.initialized = XML_SAX2_MAGIC;
    handler.startElementNs = sax_start;
    handler.endElementNs = sax_end;
    handler.characters = sax_text;
    ctxt =
        xmlCreatePushParserCtxt(&handler, nodes, NULL, 0, "word/document.xml");
    if (!ctxt)
        return 1;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    while ((n = zip_fread(file, buffer, sizeof buffer)) > 0)
        if (xmlParseChunk(ctxt, buffer, (int)n, 0))
            break;
    xmlParseChunk(ctxt, NULL, 0, 1);
    failed = n < 0 || !ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    return failed;
}

static int one(const char *path, bool use_sax, unsigned long long *nodes)
{
    int err = 0, ret;
    zip_t *zip = zip_open(path, ZIP_RDONLY, &err);
    zip_file_t *file;
    xmlTextReaderPtr xml;

    if (!zip) {
        fprintf(stderr, "floor: %s: cannot open (zip error %d)\n", path, err);
        return 1;
    }
    file = zip_fopen(zip, "word/document.xml", 0);
    if (!file) {
        fprintf(stderr, "floor: %s: no word/document.xml\n", path);
        zip_close(zip);
        return 1;
    }
    if (use_sax) {
        ret = sax(file, nodes);
        zip_fclose(file);
        zip_close(zip);
        if (ret)
            fprintf(stderr, "floor: %s: not well-formed\n", path);
        return ret;
    }
    /* The options cancu gives the reader. */
    xml = xmlReaderForIO(read_zip, NULL, file, "word/document.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR |
                             XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    if (!xml) {
        zip_fclose(file);
        zip_close(zip);
        return 1;
    }
    while ((ret = xmlTextReaderRead(xml)) == 1)
        (*nodes)++;
    xmlFreeTextReader(xml);
    zip_fclose(file);
    zip_close(zip);
    if (ret != 0) {
        fprintf(stderr, "floor: %s: not well-formed\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long long nodes = 0, files = 0;
    int failed = 0, first = 1;
    bool use_sax = argc > 1 && strcmp(argv[1], "--sax") == 0;

    if (use_sax)
        first++;
    if (argc == first + 1 && strcmp(argv[first], "-") == 0) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;

        while ((n = getline(&line, &cap, stdin)) > 0) {
            if (line[n - 1] == '\n')
                line[--n] = '\0';
            if (n) {
                failed |= one(line, use_sax, &nodes);
                files++;
            }
        }
        free(line);
    } else {
        for (int i = first; i < argc; i++, files++)
            failed |= one(argv[i], use_sax, &nodes);
    }
    xmlCleanupParser();
    fprintf(stderr, "floor: %llu files, %llu %s\n", files, nodes,
            use_sax ? "elements" : "XML nodes");
    return failed;
}
