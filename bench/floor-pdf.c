/* The floor for PDF extraction on poppler-glib, the library issue 18
 * names: open the file and take each page's text (poppler_page_get_text,
 * the one pass over a page's content that any text read through
 * poppler-glib makes), doing nothing with it. No PDF reader built on
 * poppler-glib reads a file's text faster.
 *
 *   floor-pdf FILE...   each file in turn, in this one process
 *
 * Prints nothing on standard output (the files' text bytes on standard
 * error). Exit 1 when a file cannot be opened. Built by bench-pdf.sh:
 *   cc -O2 floor-pdf.c $(pkg-config --cflags --libs poppler-glib)
 */
#include <stdio.h>
#include <string.h>

#include <poppler.h>

static int read_file(const char *path, size_t *bytes)
{
    GError *error = NULL;
    gchar *uri = g_filename_to_uri(path, NULL, &error);
    PopplerDocument *doc;
    int pages;

    if (!uri) {
        fprintf(stderr, "floor-pdf: %s: %s\n", path, error->message);
        g_error_free(error);
        return 1;
    }
    doc = poppler_document_new_from_file(uri, NULL, &error);
    g_free(uri);
    if (!doc) {
        fprintf(stderr, "floor-pdf: %s: %s\n", path, error->message);
        g_error_free(error);
        return 1;
    }
    pages = poppler_document_get_n_pages(doc);
    for (int i = 0; i < pages; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        char *text = page ? poppler_page_get_text(page) : NULL;

        if (text)
            *bytes += strlen(text);
        g_free(text);
        if (page)
            g_object_unref(page);
    }
    g_object_unref(doc);
    return 0;
}

int main(int argc, char **argv)
{
    size_t bytes = 0;
    int failed = 0;

    for (int i = 1; i < argc; i++)
        failed |= read_file(argv[i], &bytes);
    fprintf(stderr, "floor-pdf: %d files, %zu bytes of text\n", argc - 1,
            bytes);
    return failed;
}
