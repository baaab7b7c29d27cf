/* Reference extraction throughput, beside the floor: a plain PCRE2 scan
 * for "Nghị định" over the same text. Reads TXT plans (files or folders
 * of them), runs both over every line several times, prints MB/s of text
 * and the ratio. The extractor is cancu's own (internal API), so the
 * number measures extraction alone, not file reading. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <dirent.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cancu/cancu.h>

#include "ingest/ingest-private.h"

typedef struct corpus {
    char *text;
    size_t len, cap;
    size_t starts[4096]; /* where each file begins */
    size_t files;
} corpus_t;

static void add_file(corpus_t *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    char buf[65536];
    size_t n;

    if (!f)
        return;
    if (c->files < sizeof c->starts / sizeof *c->starts)
        c->starts[c->files++] = c->len;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (c->len + n + 1 > c->cap) {
            c->cap = (c->len + n + 1) * 2;
            c->text = realloc(c->text, c->cap);
            if (!c->text)
                exit(1);
        }
        memcpy(c->text + c->len, buf, n);
        c->len += n;
    }
    fclose(f);
    c->text[c->len] = '\0';
}

static void add_path(corpus_t *c, const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;

    if (stat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        if (strstr(path, ".txt"))
            add_file(c, path);
        return;
    }
    d = opendir(path);
    while (d && (e = readdir(d)) != NULL) {
        char child[4096];

        if (e->d_name[0] == '.')
            continue;
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        add_path(c, child);
    }
    if (d)
        closedir(d);
}

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static cancu_status_t count_ref(const char *id, size_t start, size_t end,
                                void *payload)
{
    (void)id;
    (void)start;
    (void)end;
    (*(size_t *)payload)++;
    return CANCU_STATUS_SUCCESS;
}

/* Run 'fn' over every line of the corpus; returns the seconds taken. */
static double each_line(const corpus_t *c, int rounds, size_t *found,
                        void (*fn)(const char *, size_t, size_t *, void *),
                        void *payload)
{
    double start = now();

    for (int r = 0; r < rounds; r++)
        for (const char *p = c->text, *end = c->text + c->len; p < end;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

            fn(p, len, found, payload);
            p += len + 1;
        }
    return now() - start;
}

static void extract_line(const char *text, size_t len, size_t *found,
                         void *payload)
{
    (void)payload;
    cancu_references__find(text, len, count_ref, found);
}

static void scan_line(const char *text, size_t len, size_t *found,
                      void *payload)
{
    pcre2_code *code = payload;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(code, NULL);
    PCRE2_SIZE offset = 0;

    while (pcre2_match(code, (PCRE2_SPTR)text, len, offset, 0, md, NULL) > 0) {
        offset = pcre2_get_ovector_pointer(md)[1];
        (*found)++;
    }
    pcre2_match_data_free(md);
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

#define ROUNDS 9

int main(int argc, char **argv)
{
    static corpus_t c;
    size_t refs = 0, hits = 0;
    int err;
    PCRE2_SIZE offset;
    pcre2_code *floor_code;
    double t_refs[ROUNDS], t_floor[ROUNDS], ratio[ROUNDS], mb;

    for (int i = 1; i < argc; i++)
        add_path(&c, argv[i]);
    if (!c.len) {
        fprintf(stderr, "usage: bench-refs TXT-FILE-OR-FOLDER...\n");
        return 2;
    }
    floor_code = pcre2_compile((PCRE2_SPTR) "Nghị định", PCRE2_ZERO_TERMINATED,
                               PCRE2_UTF, &err, &offset, NULL);
    pcre2_jit_compile(floor_code, PCRE2_JIT_COMPLETE);
    /* Warm up: patterns compiled, caches filled. */
    each_line(&c, 1, &refs, extract_line, NULL);
    refs = 0;
    /* Rounds interleaved, so that a change in the machine's load falls on
     * both sides; medians reported. */
    for (int r = 0; r < ROUNDS; r++) {
        t_refs[r] = 0;
        refs = 0;
        /* One document a plan, made outside the clock: what is timed is
         * the extraction of every reference with its date, issuer and
         * title, short forms, problems and relations. */
        for (size_t f = 0; f < c.files; f++) {
            size_t end = f + 1 < c.files ? c.starts[f + 1] : c.len;
            cancu_document_t *doc = cancu_document__new("bench.txt", "txt");
            double start;

            if (!doc ||
                cancu_text__read(doc, c.text + c.starts[f], end - c.starts[f]))
                return 1;
            start = now();
            if (cancu_references__scan(doc))
                return 1;
            t_refs[r] += now() - start;
            refs += cancu_document_reference_count(doc);
            cancu_document_destroy(doc);
        }
        hits = 0;
        t_floor[r] = each_line(&c, 1, &hits, scan_line, floor_code);
        ratio[r] = t_floor[r] / t_refs[r];
    }
    qsort(t_refs, ROUNDS, sizeof *t_refs, by_value);
    qsort(t_floor, ROUNDS, sizeof *t_floor, by_value);
    qsort(ratio, ROUNDS, sizeof *ratio, by_value);
    mb = (double)c.len / 1e6;
    printf("text: %.1f MB, %d interleaved rounds, medians\n", mb, ROUNDS);
    printf("cancu references:           %8.1f MB/s  (%zu references)\n",
           mb / t_refs[ROUNDS / 2], refs);
    printf("floor (PCRE2 \"Nghị định\"): %8.1f MB/s  (%zu hits)\n",
           mb / t_floor[ROUNDS / 2], hits);
    printf("ratio cancu/floor: %.2f; target >= 50 MB/s: %s\n",
           ratio[ROUNDS / 2], mb / t_refs[ROUNDS / 2] >= 50 ? "met" : "MISSED");
    pcre2_code_free(floor_code);
    free(c.text);
    return 0;
}
