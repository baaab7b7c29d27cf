#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "ingest/ingest-private.h"

char *test_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char *dir;
    size_t n;

    if (!base || !*base)
        base = "/tmp";
    n = strlen(base) + 32;
    dir = malloc(n);
    ck_assert_ptr_nonnull(dir);
    snprintf(dir, n, "%s/cancu-test-XXXXXX", base);
    ck_assert_ptr_nonnull(mkdtemp(dir));
    return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void test_rmtree(const char *dir)
{
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *test_corpus_path(const char *relative)
{
    size_t n = strlen(CANCU_CORPORA_DIR) + strlen(relative) + 2;
    char *path = malloc(n);

    ck_assert_ptr_nonnull(path);
    snprintf(path, n, "%s/%s", CANCU_CORPORA_DIR, relative);
    return path;
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    FILE *f;

    ck_assert_ptr_nonnull(path);
    snprintf(path, n, "%s/%s", dir, name);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

char *test_read_file(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long size;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)size + 1);
    ck_assert_ptr_nonnull(data);
    ck_assert_uint_eq(fread(data, 1, (size_t)size, f), (size_t)size);
    data[size] = '\0';
    fclose(f);
    if (len_out)
        *len_out = (size_t)size;
    return data;
}

size_t test_split_tabs(char *line, char **fields, size_t cap)
{
    size_t n = 0;

    while (n < cap) {
        char *tab = strchr(line, '\t');

        fields[n++] = line;
        if (!tab)
            break;
        *tab = '\0';
        line = tab + 1;
    }
    return n;
}

cancu_status_t test_tasks_json(const cancu_document_t *doc, char **out)
{
    json_t *root = json_pack(
        "{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}, s:o}", "document", "id",
        doc->id, "path", doc->path, "title", doc->title, "date", doc->date,
        "issuer", doc->issuer ? doc->issuer : "", "number", doc->number,
        "place", doc->place, "year", doc->plan_year, "tasks",
        cancu_tasks__json(doc));

    *out = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    return *out ? CANCU_STATUS_SUCCESS : CANCU_STATUS_OUT_OF_MEMORY;
}
