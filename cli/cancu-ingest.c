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

static const char usage[] = N_(
    "usage: cancu ingest [--encoding NAME] PATH...\n\n"
    "Load plans (TXT; DOCX; Word 97-2003 .doc; PDF with a text layer, or\n"
    "scanned with --ocr) into the archive. Folders are read recursively\n"
    "for *.txt, *.docx, *.doc and *.pdf files; hidden entries are\n"
    "skipped.\n"
    "Each plan is identified by its content: the same text again is\n"
    "'unchanged'; new text at a known path 'updated' replaces the old.\n"
    "A plan is written whole or not at all, so an interrupted ingest can\n"
    "simply be run again. A file that cannot be read is reported and\n"
    "skipped; the others are loaded, and the exit code is then 2.\n"
    "A plan is reported added once it is committed. Files of a folder that\n"
    "are not DOCX, DOC, PDF or TXT are counted as skipped in the summary.\n\n"
    "  --encoding NAME  read TXT files in this encoding (e.g. UTF-16LE)\n"
    "  --verbose        name every skipped file\n"
    "  --json           print a JSON report\n"
    "  --quiet, -q      print errors only\n");

typedef struct file_list {
    char **paths;
    size_t count, cap;
    unsigned long long bytes;
} file_list_t;

typedef struct ingest_options {
    const char *encoding;
    bool verbose;
} ingest_options_t;

enum { OPT_ENCODING = 1, OPT_VERBOSE };

static const struct option options[] = {
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"verbose", no_argument, NULL, OPT_VERBOSE},
    {NULL, 0, NULL, 0},
};

static int on_option(int option, const char *arg, void *payload)
{
    ingest_options_t *o = payload;

    if (option == OPT_ENCODING)
        o->encoding = arg;
    else if (option == OPT_VERBOSE)
        o->verbose = true;
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
           (strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".docx") == 0 ||
            strcasecmp(dot, ".pdf") == 0 || strcasecmp(dot, ".doc") == 0);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the plan files under 'dir' in a stable (sorted) order, and the
 * other files to 'skipped'. */
static bool walk(file_list_t *list, file_list_t *skipped, const char *dir,
                 int depth)
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
                ok = walk(list, skipped, here.paths[i], depth + 1);
            else if (S_ISREG(st.st_mode) && wanted(here.paths[i]))
                ok = push(list, here.paths[i], st.st_size);
            else if (S_ISREG(st.st_mode))
                ok = push(skipped, here.paths[i], st.st_size);
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
    fputc('\r', stderr);
    fprintf(stderr, _("%zu/%zu files  %.1f MB/s   "), done, total,
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
    cli_error(_("ingest stopped: the archive keeps what was committed before "
                "the error; run the same ingest again to finish"));
}

/* The word a plan's text line starts with, in the user's language. */
static const char *result_text(cancu_add_result_t result)
{
    switch (result) {
    case CANCU_ADD_ADDED:
        /* TRANSLATORS: a plan's line in 'cancu ingest', 9 columns. */
        return _("added");
    case CANCU_ADD_UPDATED:
        return _("updated");
    case CANCU_ADD_UNCHANGED:
        return _("unchanged");
    }
    return "?";
}

/* What the run did, filled as plans are committed. */
typedef struct ingest_run {
    size_t counts[4];
    bool print_lines;
    json_t *entries;
    progress_t *progress;
} ingest_run_t;

/* A plan is reported once its batch is committed: what was printed as
 * added is in the archive. */
static void on_committed(const cancu_prepared_t *prep, void *payload)
{
    ingest_run_t *run = payload;
    cancu_add_result_t result = cancu_prepared_result(prep);

    run->counts[result]++;
    if (run->entries)
        json_array_append_new(run->entries,
                              json_pack("{s:s, s:s, s:s, s:s, s:s}", "path",
                                        cancu_prepared_path(prep), "id",
                                        cancu_prepared_id(prep), "result",
                                        result_name(result), "format",
                                        cancu_prepared_format(prep), "encoding",
                                        cancu_prepared_encoding(prep)));
    else if (run->print_lines) {
        const char *word = result_text(result);
        size_t chars = 0;

        /* Padded to 9 characters, not bytes: "không đổi". */
        for (const char *p = word; *p; p++)
            chars += ((unsigned char)*p & 0xC0) != 0x80;
        printf("%s%*s %.12s  %s  (%s)\n", word,
               chars < 9 ? (int)(9 - chars) : 0, "", cancu_prepared_id(prep),
               cancu_prepared_path(prep), cancu_prepared_encoding(prep));
        fflush(stdout);
    }
}

/* 'error' for people, in the locale's language; 'english' for --json,
 * the same whatever the locale. */
static void report_failure(ingest_run_t *run, const char *path,
                           const char *error, const char *english,
                           bool progress_line)
{
    if (progress_line)
        fputc('\n', stderr);
    cli_error("%s", error);
    if (run->entries)
        json_array_append_new(run->entries,
                              json_pack("{s:s, s:s, s:s}", "path", path,
                                        "result", "error", "error", english));
}

/* The skipped files' summary: their count by extension, and with
 * --verbose their names. */
static json_t *skipped_summary(const file_list_t *skipped, bool verbose)
{
    json_t *by_kind = json_object(), *names = json_array();

    for (size_t i = 0; i < skipped->count; i++) {
        const char *base = strrchr(skipped->paths[i], '/');
        const char *dot = strrchr(base ? base : skipped->paths[i], '.');
        char kind[16];
        json_int_t n;

        snprintf(kind, sizeof kind, "%s", dot && dot[1] ? dot : "(none)");
        for (char *k = kind; *k; k++)
            if (*k >= 'A' && *k <= 'Z')
                *k = (char)(*k - 'A' + 'a');
        n = json_integer_value(json_object_get(by_kind, kind));
        json_object_set_new(by_kind, kind, json_integer(n + 1));
        json_array_append_new(names, json_string(skipped->paths[i]));
        if (verbose && !cli_globals.json)
            fprintf(stderr, _("skipped   %s  (not DOCX, DOC, PDF or TXT)\n"),
                    skipped->paths[i]);
    }
    return json_pack("{s:I, s:o, s:o}", "count", (json_int_t)skipped->count,
                     "by_extension", by_kind, "files", names);
}

static void print_skipped_counts(json_t *summary)
{
    json_t *by_kind = json_object_get(summary, "by_extension");
    const char *kind;
    json_t *n;
    bool first = true;

    printf(_(", %lld skipped"),
           json_integer_value(json_object_get(summary, "count")));
    json_object_foreach(by_kind, kind, n)
    {
        printf("%s%s %lld", first ? " (" : ", ", kind, json_integer_value(n));
        first = false;
    }
    if (!first)
        putchar(')');
}

static void on_failed(const char *path, cancu_status_t status,
                      const char *message, const char *english, void *payload)
{
    ingest_run_t *run = payload;

    (void)status;
    report_failure(run, path, message, english, run->progress->enabled);
}

static void on_progress(size_t done, size_t total, unsigned long long bytes,
                        void *payload)
{
    ingest_run_t *run = payload;

    run->progress->bytes = bytes;
    show_progress(run->progress, done, total, false);
}

int cancu_ingest_command(int argc, char **argv)
{
    ingest_options_t o = {NULL, false};
    cancu_read_options_t read_options;
    file_list_t files = {0}, skipped = {0};
    cancu_archive_t *archive = NULL;
    progress_t progress = {0};
    size_t failed = 0;
    ingest_run_t run = {{0}, false, NULL, &progress};
    cancu_ingest_options_t ingest = CANCU_INGEST_OPTIONS_INIT;
    json_t *report = NULL, *skipped_json = NULL;
    size_t unloaded = 0;
    int first, rc = CLI_EXIT_OK;
    cancu_status_t status;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    rc = CLI_EXIT_OK;
    if (first >= argc) {
        cli_error(_("ingest: name at least one file or folder"));
        return CLI_EXIT_BAD_INPUT;
    }
    read_options = cli_read_options();
    read_options.encoding = o.encoding;
    for (int i = first; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) != 0) {
            cli_error("%s: %s", argv[i], strerror(errno));
            failed++;
        } else if (S_ISDIR(st.st_mode)) {
            size_t before = files.count, others = skipped.count;

            if (!walk(&files, &skipped, argv[i], 0))
                goto oom;
            if (files.count == before && !cli_globals.quiet)
                cli_error(
                    _("%s: no DOCX, DOC, PDF or TXT file in this folder%s"),
                    argv[i],
                    skipped.count > others ? _(" (other files skipped)") : "");
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
        run.entries = json_array();
        if (!report || !run.entries)
            goto oom;
    }
    progress.enabled =
        !cli_globals.quiet && !cli_globals.json && isatty(STDERR_FILENO);
    progress.start = progress.last = now_seconds();
    run.print_lines = !cli_globals.quiet && !progress.enabled;
    cancu_archive_on_commit(archive, on_committed, &run);

    ingest.read = &read_options;
    ingest.on_failure = on_failed;
    ingest.on_progress = on_progress;
    ingest.payload = &run;
    status = cancu_archive_ingest(&unloaded, archive,
                                  (const char *const *)files.paths, files.count,
                                  &ingest);
    failed += unloaded;
    if (status) {
        rc = cli_fail(status);
        stopped_note();
        goto done;
    }
    show_progress(&progress, files.count, files.count, true);
    if (failed)
        rc = CLI_EXIT_BAD_INPUT;
    skipped_json = skipped_summary(&skipped, o.verbose);
    if (!skipped_json)
        goto oom;
    if (report) {
        json_object_set_new(report, "files", run.entries);
        run.entries = NULL;
        json_object_set_new(
            report, "added",
            json_integer((json_int_t)run.counts[CANCU_ADD_ADDED]));
        json_object_set_new(
            report, "updated",
            json_integer((json_int_t)run.counts[CANCU_ADD_UPDATED]));
        json_object_set_new(
            report, "unchanged",
            json_integer((json_int_t)run.counts[CANCU_ADD_UNCHANGED]));
        json_object_set_new(report, "failed", json_integer((json_int_t)failed));
        json_object_set(report, "skipped", skipped_json);
        cli_print_json(report);
        report = NULL;
    } else if (!cli_globals.quiet) {
        /* TRANSLATORS: the counts of plans added, updated, unchanged
         * and of files that failed. */
        printf(_("%zu added, %zu updated, %zu unchanged, %zu failed"),
               run.counts[CANCU_ADD_ADDED], run.counts[CANCU_ADD_UPDATED],
               run.counts[CANCU_ADD_UNCHANGED], failed);
        print_skipped_counts(skipped_json);
        putchar('\n');
    }
    goto done;

oom:
    cli_error(_("out of memory"));
    rc = CLI_EXIT_ARCHIVE;
done:
    json_decref(report);
    json_decref(run.entries);
    json_decref(skipped_json);
    cancu_archive_close(archive);
    for (size_t i = 0; i < files.count; i++)
        free(files.paths[i]);
    free(files.paths);
    for (size_t i = 0; i < skipped.count; i++)
        free(skipped.paths[i]);
    free(skipped.paths);
    return rc;
}
