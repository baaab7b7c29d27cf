/* OCR of a scanned PDF page (cancu_ocr__poppler_page): seconds a page at
 * a few resolutions, the cost of creating a recogniser, and pages a
 * second with one thread and with two.
 *
 *   bench-ocr [PDF [RUNS]]   (default: corpora/scan/...-p1.pdf, 3 runs) */
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cancu/cancu.h>

#include "ingest/ocr.h"

#ifndef CANCU_CORPORA_DIR
#define CANCU_CORPORA_DIR "corpora"
#endif

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

typedef struct run {
    PopplerDocument *doc;
    PopplerPage *page;
    int dpi;
    int pages;
} run_t;

static void *recognise(void *payload)
{
    run_t *r = payload;
    cancu_ocr_options_t o = CANCU_OCR_OPTIONS_INIT;

    o.path = "bench";
    o.dpi = r->dpi;
    for (int i = 0; i < r->pages; i++) {
        char *text = NULL;

        if (cancu_ocr__poppler_page(&text, NULL, r->page, &o) !=
            CANCU_STATUS_SUCCESS) {
            fprintf(stderr, "%s\n", cancu_error_last());
            exit(2);
        }
        free(text);
    }
    return NULL;
}

/* Wall seconds for 'pages' pages on each of 'threads' threads. */
static double timed(const char *uri, int dpi, int threads, int pages,
                    double *cpu_out)
{
    pthread_t t[2];
    run_t runs[2];
    double start = now_s(), cpu = cpu_s();

    for (int i = 0; i < threads; i++) {
        /* A document of its own for each thread: poppler's are not to be
         * shared between threads. */
        PopplerDocument *pd = poppler_document_new_from_file(uri, NULL, NULL);

        if (!pd) {
            fprintf(stderr, "%s: cannot be read as a PDF\n", uri);
            exit(2);
        }
        runs[i] = (run_t){pd, poppler_document_get_page(pd, 0), dpi, pages};
    }
    for (int i = 0; i < threads; i++)
        pthread_create(&t[i], NULL, recognise, &runs[i]);
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
        g_object_unref(runs[i].page);
        g_object_unref(runs[i].doc);
    }
    *cpu_out = cpu_s() - cpu;
    return now_s() - start;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1]
                                : CANCU_CORPORA_DIR
                           "/scan/gialai-sgddt-cchc-2022-p1.pdf";
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
    static const int dpis[] = {150, 200, 300};
    char *full = realpath(path, NULL);
    char *uri = full ? g_filename_to_uri(full, NULL, NULL) : NULL;
    struct rusage ru;
    double wall, cpu, first;

    if (!uri || runs < 1) {
        fprintf(stderr, "%s: cannot be read (usage: bench-ocr [PDF [RUNS]])\n",
                path);
        free(full);
        return 2;
    }
    first = timed(uri, 300, 1, 1, &cpu);
    wall = timed(uri, 300, 1, 1, &cpu);
    printf("first call (creates the recogniser): %.2f s; next: %.2f s; "
           "a recogniser costs %.2f s\n",
           first, wall, first - wall);
    printf("| dpi | s a page (1 thread) | CPU s a page | pages/s, 2 threads "
           "|\n|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof dpis / sizeof *dpis; i++) {
        double wall2, cpu2;

        wall = timed(uri, dpis[i], 1, runs, &cpu);
        wall2 = timed(uri, dpis[i], 2, runs, &cpu2);
        printf("| %d | %.2f | %.2f | %.2f |\n", dpis[i], wall / runs,
               cpu / runs, 2 * runs / wall2);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS: %ld MB\n", ru.ru_maxrss / 1024);
    cancu_ocr__shutdown();
    g_free(uri);
    free(full);
    return 0;
}
