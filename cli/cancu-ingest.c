/* cancu ingest PATH...: files or folders (recursively) into the archive. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

static const char usage[] =
    "usage: cancu ingest [--encoding NAME] PATH...\n\n"
    "Load plans (TXT; DOCX) into the archive. Folders are read\n"
    "recursively for *.txt and *.docx files; hidden entries are skipped.\n"
    "Each plan is identified by its content: the same text again is\n"
    "'unchanged'; new text at a known path 'updated' replaces the old.\n"
    "A plan is written whole or not at all, so an interrupted ingest can\n"
    "simply be run again. A file that cannot be read is reported and\n"
    "skipped; the others are loaded, and the exit code is then 2.\n\n"
    "  --encoding NAME  read TXT files in this encoding (e.g. UTF-16LE)\n"
    "  --json           print a JSON report\n"
    "  --quiet, -q      print errors only\n";

typedef struct file_list {
    char **paths;
    size_t count, cap;
    unsigned long long bytes;
} file_list_t;

typedef struct ingest_options {
    const char *encoding;
} ingest_options_t;

enum { OPT_ENCODING = 1 };

static const struct option options[] = {
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {NULL, 0, NULL, 0},
};

static int on_option(int option, const char *arg, void *payload)
{
    ingest_options_t *o = payload;

    if (option == OPT_ENCODING)
        o->encoding = arg;
    return 0;
}

static bool push(file_list_t *list, const char *path, off_t size)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        char **p = realloc(list->paths, cap * sizeof *p);

        if (!p)
            return false;
        list->paths = p;
        list->cap = cap;
    }
    list->paths[list->count] = strdup(path);
    if (!list->paths[list->count])
        return false;
    list->count++;
    list->bytes += (unsigned long long)size;
    return true;
}

static bool wanted(const char *name)
{
    const char *dot = strrchr(name, '.');

    return dot &&
           (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".docx") == 0);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the plan files under 'dir' in a stable (sorted) order. */
static bool walk(file_list_t *list, const char *dir, int depth)
{
    DIR *d;
    struct dirent *e;
    file_list_t here = {0};
    bool ok = true;

    if (depth > 64)
        return true;
    d = opendir(dir);
    if (!d) {
        cli_error("%s: %s", dir, strerror(errno));
        return true;
    }
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(n);

        if (!path) {
            ok = false;
            break;
        }
        snprintf(path, n, "%s/%s", dir, e->d_name);
        if (!push(&here, path, 0))
            ok = false;
        free(path);
        if (!ok)
            break;
    }
    closedir(d);
    if (here.count)
        qsort(here.paths, here.count, sizeof *here.paths, compare_paths);
    for (size_t i = 0; i < here.count; i++) {
        struct stat st;

        if (ok && stat(here.paths[i], &st) == 0) {
            if (S_ISDIR(st.st_mode))
                ok = walk(list, here.paths[i], depth + 1);
            else if (S_ISREG(st.st_mode) && wanted(here.paths[i]))
                ok = push(list, here.paths[i], st.st_size);
        }
        free(here.paths[i]);
    }
    free(here.paths);
    return ok;
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct progress {
    bool enabled;
    double start, last;
    unsigned long long bytes;
} progress_t;

static void show_progress(progress_t *p, size_t done, size_t total, bool final)
{
    double t = now_seconds(), elapsed;

    if (!p->enabled || (!final && t - p->last < 0.1))
        return;
    p->last = t;
    elapsed = t - p->start;
    fprintf(stderr, "\r%zu/%zu files  %.1f MB/s   ", done, total,
            elapsed > 0 ? (double)p->bytes / 1e6 / elapsed : 0.0);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

static const char *result_name(cancu_add_result_t result)
{
    switch (result) {
    case CANCU_ADD_ADDED:
        return "added";
    case CANCU_ADD_UPDATED:
        return "updated";
    case CANCU_ADD_UNCHANGED:
        return "unchanged";
    }
    return "?";
}

/* After an archive error mid-ingest: the plans reported since the last
 * commit were not kept, whatever their lines said. */
static void stopped_note(void)
{
    cli_error("ingest stopped: the archive keeps what was committed before "
              "the error; run the same ingest again to finish");
}

int cancu_ingest_command(int argc, char **argv)
{
    ingest_options_t o = {NULL};
    cancu_read_options_t read_options = CANCU_READ_OPTIONS_INIT;
    file_list_t files = {0};
    cancu_archive_t *archive = NULL;
    progress_t progress = {0};
    size_t counts[4] = {0}, failed = 0;
    json_t *report = NULL, *entries = NULL;
    int first, rc = CLI_EXIT_OK;
    cancu_status_t status;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    rc = CLI_EXIT_OK;
    if (first >= argc) {
        cli_error("ingest: name at least one file or folder");
        return CLI_EXIT_BAD_INPUT;
    }
    read_options.encoding = o.encoding;
    for (int i = first; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            cli_error("%s: %s", argv[i], strerror(errno));
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            if (!walk(&files, argv[i], 0))
                goto oom;
        } else if (!push(&files, argv[i], st.st_size)) {
            goto oom;
        }
    }
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_WRITE);
    if (rc >= 0)
        goto done;
    rc = CLI_EXIT_OK;
    if (cli_globals.json) {
        report = json_object();
        entries = json_array();
        if (!report || !entries)
            goto oom;
    }
    progress.enabled =
        !cli_globals.quiet && !cli_globals.json && isatty(STDERR_FILENO);
    progress.start = progress.last = now_seconds();

    for (size_t i = 0; i < files.count; i++) {
        cancu_document_t *doc = NULL;
        cancu_add_result_t result = CANCU_ADD_ADDED;

        status = cancu_document_open(&doc, files.paths[i], &read_options);
        if (status) {
            failed++;
            if (progress.enabled)
                fputc('\n', stderr);
            cli_fail(status);
            if (entries)
                json_array_append_new(
                    entries,
                    json_pack("{s:s, s:s, s:s}", "path", files.paths[i],
                              "result", "error", "error", cancu_error_last()));
            continue;
        }
        progress.bytes += cancu_document_source_size(doc);
        status = cancu_archive_add(archive, doc, &result);
        if (status) {
            cancu_document_destroy(doc);
            rc = cli_fail(status);
            stopped_note();
            goto done;
        }
        counts[result]++;
        if (entries)
            json_array_append_new(
                entries,
                json_pack("{s:s, s:s, s:s, s:s, s:s}", "path",
                          cancu_document_path(doc), "id",
                          cancu_document_id(doc), "result", result_name(result),
                          "format", cancu_document_format(doc), "encoding",
                          cancu_document_encoding(doc)));
        else if (!cli_globals.quiet && !progress.enabled)
            printf("%-9s %.12s  %s  (%s)\n", result_name(result),
                   cancu_document_id(doc), cancu_document_path(doc),
                   cancu_document_encoding(doc));
        cancu_document_destroy(doc);
        show_progress(&progress, i + 1, files.count, false);
    }
    status = cancu_archive_commit(archive);
    if (status) {
        rc = cli_fail(status);
        stopped_note();
        goto done;
    }
    show_progress(&progress, files.count, files.count, true);
    if (failed)
        rc = CLI_EXIT_BAD_INPUT;
    if (report) {
        json_object_set_new(report, "files", entries);
        entries = NULL;
        json_object_set_new(report, "added",
                            json_integer((json_int_t)counts[CANCU_ADD_ADDED]));
        json_object_set_new(
            report, "updated",
            json_integer((json_int_t)counts[CANCU_ADD_UPDATED]));
        json_object_set_new(
            report, "unchanged",
            json_integer((json_int_t)counts[CANCU_ADD_UNCHANGED]));
        json_object_set_new(report, "failed", json_integer((json_int_t)failed));
        cli_print_json(report);
        report = NULL;
    } else if (!cli_globals.quiet) {
        printf("%zu added, %zu updated, %zu unchanged, %zu failed\n",
               counts[CANCU_ADD_ADDED], counts[CANCU_ADD_UPDATED],
               counts[CANCU_ADD_UNCHANGED], failed);
    }
    goto done;

oom:
    cli_error("out of memory");
    rc = CLI_EXIT_ARCHIVE;
done:
    json_decref(report);
    json_decref(entries);
    cancu_archive_close(archive);
    for (size_t i = 0; i < files.count; i++)
        free(files.paths[i]);
    free(files.paths);
    return rc;
}
