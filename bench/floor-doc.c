/* The floor for Word 97-2003 extraction on libgsf, the compound-file
 * library cancu's .doc reader uses (issue 18): open the container and read
 * the two streams any .doc reader needs whole (WordDocument, with the
 * text, and the table stream, with the piece table), doing nothing with
 * them. No .doc reader built on libgsf gets at a file's text faster.
 *
 *   floor-doc FILE...   each file in turn, in this one process
 *
 * Prints the bytes read on standard error. Exit 1 when a file is not a
 * compound file with a WordDocument stream. Built by bench-doc.sh:
 *   cc -O2 floor-doc.c $(pkg-config --cflags --libs libgsf-1)
 */
#include <stdio.h>

#include <gsf/gsf.h>

static gsf_off_t read_stream(GsfInfile *container, const char *name)
{
    GsfInput *stream = gsf_infile_child_by_name(container, name);
    gsf_off_t size = 0;

    if (stream) {
        size = gsf_input_size(stream);
        if (size > 0 && !gsf_input_read(stream, (size_t)size, NULL))
            size = 0;
        g_object_unref(stream);
    }
    return size;
}

static int read_file(const char *path, gsf_off_t *bytes)
{
    GError *error = NULL;
    GsfInput *input = gsf_input_stdio_new(path, &error);
    GsfInfile *container;
    gsf_off_t text, table;

    if (!input) {
        fprintf(stderr, "floor-doc: %s: %s\n", path, error->message);
        g_error_free(error);
        return 1;
    }
    container = gsf_infile_msole_new(input, &error);
    g_object_unref(input);
    if (!container) {
        fprintf(stderr, "floor-doc: %s: %s\n", path,
                error ? error->message : "not a compound file");
        g_clear_error(&error);
        return 1;
    }
    text = read_stream(container, "WordDocument");
    table = read_stream(container, "1Table");
    if (!table)
        table = read_stream(container, "0Table");
    g_object_unref(container);
    *bytes += text + table;
    if (!text) {
        fprintf(stderr, "floor-doc: %s: no WordDocument stream\n", path);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    gsf_off_t bytes = 0;
    int failed = 0;

    for (int i = 1; i < argc; i++)
        failed |= read_file(argv[i], &bytes);
    fprintf(stderr, "floor-doc: %d files, %lld bytes read\n", argc - 1,
            (long long)bytes);
    return failed;
}
