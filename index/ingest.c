/* An ingest: files read and prepared on reader threads, a few plans
 * ahead of the one thread that adds them to the archive in their order. */
#include <assert.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cancu/cancu.h>

#include "index/index-private.h"
#include "util/util.h"

/* Reading and preparing a plan is most of the work of adding it, and
 * needs no archive. The queue is short, so memory does not grow with the
 * number of files. */
#define READ_AHEAD 8
#define MAX_READERS 8

typedef struct read_item {
    cancu_prepared_t *prep;
    unsigned long long bytes; /* the file's size */
    cancu_status_t status;
    char *error;         /* the reader's message when status is not success */
    char *error_english; /* the same in English */
} read_item_t;

typedef struct readers {
    const char *const *paths;
    size_t count;
    const cancu_read_options_t *options;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    /* File i's item goes to ring[i % READ_AHEAD] once the writer has
     * taken file i - READ_AHEAD's. */
    read_item_t ring[READ_AHEAD];
    bool ready[READ_AHEAD];
    size_t head;    /* the next file the writer takes */
    size_t claimed; /* the next file a reader takes */
    bool stop;
    pthread_t threads[MAX_READERS];
    size_t nthreads;
} readers_t;

static void read_item_dispose(read_item_t *item)
{
    cancu_prepared_destroy(item->prep);
    free(item->error);
    free(item->error_english);
}

/* Read and prepare one file; the prepared plan keeps what the archive
 * needs, so the document goes at once. */
static void read_one(readers_t *r, const char *path, read_item_t *item)
{
    cancu_document_t *doc = NULL;

    item->status = cancu_document_open(&doc, path, r->options);
    if (!item->status) {
        item->bytes = cancu_document_source_size(doc);
        item->status = cancu_archive_prepare(&item->prep, doc);
    }
    cancu_document_destroy(doc);
    if (item->status) {
        /* The message is this thread's: the writer's is another. */
        const char *msg = cancu_error_last();
        const char *english = cancu_error_last_english();
        char *error = strdup(*msg ? msg : cancu_status_to_string(item->status));
        char *error_english =
            strdup(*english ? english : cancu_status_to_string(item->status));
        cancu_status_t status = item->status;

        read_item_dispose(item);
        *item = (read_item_t){NULL, 0, status, error, error_english};
    }
}

static void *reader_main(void *payload)
{
    readers_t *r = payload;

    pthread_mutex_lock(&r->lock);
    while (!r->stop && r->claimed < r->count) {
        size_t i = r->claimed++;
        read_item_t item = {0};

        pthread_mutex_unlock(&r->lock);
        read_one(r, r->paths[i], &item);
        pthread_mutex_lock(&r->lock);
        while (!r->stop && i >= r->head + READ_AHEAD)
            pthread_cond_wait(&r->changed, &r->lock);
        if (r->stop) {
            read_item_dispose(&item);
            break;
        }
        r->ring[i % READ_AHEAD] = item;
        r->ready[i % READ_AHEAD] = true;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* Start 'want' readers (0: one a core), fewer for few files. */
static bool readers_start(readers_t *r, unsigned int want_threads)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t want = want_threads ? want_threads : cores > 0 ? (size_t)cores : 1;

    if (want > MAX_READERS)
        want = MAX_READERS;
    if (want > r->count)
        want = r->count ? r->count : 1;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    for (; r->nthreads < want; r->nthreads++)
        if (pthread_create(&r->threads[r->nthreads], NULL, reader_main, r) != 0)
            break;
    if (r->nthreads)
        return true;
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->lock);
    return false;
}

/* The next file's item, in the order of the list. */
static read_item_t readers_next(readers_t *r)
{
    read_item_t item;

    pthread_mutex_lock(&r->lock);
    while (!r->ready[r->head % READ_AHEAD])
        pthread_cond_wait(&r->changed, &r->lock);
    item = r->ring[r->head % READ_AHEAD];
    r->ready[r->head % READ_AHEAD] = false;
    r->head++;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
    return item;
}

/* Stop the readers and free what they read ahead. */
static void readers_finish(readers_t *r)
{
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
    for (size_t t = 0; t < r->nthreads; t++)
        pthread_join(r->threads[t], NULL);
    for (size_t k = 0; k < READ_AHEAD; k++)
        if (r->ready[k])
            read_item_dispose(&r->ring[k]);
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->lock);
}

static void report(const cancu_ingest_options_t *o, const char *path,
                   cancu_status_t status, const char *message,
                   const char *english)
{
    if (o->on_failure)
        o->on_failure(path, status, message, english, o->payload);
}

cancu_status_t cancu_archive_ingest(size_t *failed_out,
                                    cancu_archive_t *archive,
                                    const char *const *paths, size_t count,
                                    const cancu_ingest_options_t *options)
{
    cancu_ingest_options_t defaults = CANCU_INGEST_OPTIONS_INIT;
    readers_t readers;
    unsigned long long bytes = 0;
    size_t failed = 0, written = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    assert(archive && (paths || !count));
    if (failed_out)
        *failed_out = 0;
    if (!options)
        options = &defaults;
    if (count == 0)
        return cancu_archive_commit(archive);
    memset(&readers, 0, sizeof readers);
    readers.paths = paths;
    readers.count = count;
    readers.options = options->read;
    if (!readers_start(&readers, options->threads))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                "cannot start a reader thread");
    for (size_t i = 0; !status && i < count; i++) {
        read_item_t item = readers_next(&readers);

        if (item.status) {
            failed++;
            report(options, paths[i], item.status,
                   item.error ? item.error : "out of memory",
                   item.error_english ? item.error_english : "out of memory");
        } else {
            cancu_add_result_t result = CANCU_ADD_UNCHANGED;
            cancu_status_t added;

            bytes += item.bytes;
            /* The archive takes the prepared plan. */
            added = cancu_archive_add_prepared(archive, item.prep, &result);
            if (!added && result != CANCU_ADD_UNCHANGED)
                written++;
            item.prep = NULL;
            if (added == CANCU_STATUS_BAD_INPUT) {
                /* This plan alone could not be written; the others
                 * stay. */
                failed++;
                report(options, paths[i], added, cancu_error_last(),
                       cancu_error_last_english());
            } else {
                status = added;
            }
        }
        read_item_dispose(&item);
        if (!status && options->on_progress)
            options->on_progress(i + 1, count, bytes, options->payload);
    }
    readers_finish(&readers);
    if (!status)
        status = cancu_archive_commit(archive);
    /* A compaction that cannot be done leaves the archive whole as it
     * was: only one that left it unwritable is an error of the ingest. */
    if (!status && written > 0 && cancu_archive__compact_if_grown(archive) &&
        archive->mode != CANCU_ARCHIVE_WRITE)
        status = CANCU_STATUS_ARCHIVE_ERROR;
    if (failed_out)
        *failed_out = failed;
    return status;
}
