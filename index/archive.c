/* The archive: plans as Xapian documents. A plan is one document (type
 * "plan") holding its record, every word of its paragraphs, table rows
 * and tasks and its references, plus one document a task (type "task")
 * holding no words, only what lists and finds tasks; all of them carry
 * XD<id>, so a plan goes in and out whole. The records of a plan's tasks
 * are one line each in the data of its first task's document, compressed
 * together (see cancu_archive__task_record).
 *
 * The plan document's words, exact and folded, are laid out passage after
 * passage in its position space (the folded terms keep their positions,
 * the exact ones only when written without marks), PASSAGE_GAP positions apart, so no
 * phrase spans two passages; its data is the record's JSON on a line, then one line of
 * JSON a passage; a value (CANCU_SLOT_PASSAGES) gives the position each
 * passage starts at and where its line is. Search and cites find plans
 * through Xapian and the passages inside them from the positions and the
 * passages' reference terms, reading only the lines they show. One document a plan rather than one
 * a passage is what keeps ingest and the archive small. */
#include <assert.h>
#include <dirent.h>
#include <signal.h>
#include <unistd.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "index/analyzer.h"
#include "index/index-private.h"
#include "ingest/ingest-private.h"
#include "query/query-private.h"
#include "util/util.h"

/* Commit on our own after this many plans, so a huge ingest does not hold
 * all of its changes in memory. */
#define BATCH_PLANS 16

struct cancu_plan {
    const char *id, *path, *title, *date, *format, *encoding, *ingested;
    const char *issuer, *number, *place;
    const char *type, *parent, *province, *in_force;
    size_t size, paragraphs, tables, passages, references, tasks;
    int year;
};

struct cancu_plan_list {
    cancu_arena_t *arena;
    struct cancu_plan *plans;
    size_t count, cap;
};

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* mkdir -p */
static cancu_status_t make_dirs(const char *dir)
{
    char *copy = strdup(dir);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!copy)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (char *p = copy + 1;; p++) {
        char saved = *p;

        if (saved != '/' && saved != '\0')
            continue;
        *p = '\0';
        if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "cannot create archive directory %s: "
                                      "%s",
                                      copy, strerror(errno));
            break;
        }
        *p = saved;
        if (!saved)
            break;
    }
    free(copy);
    return status;
}

/* A read: the archive's schema must be the one this cancu reads. */
static cancu_status_t check_schema(cancu_archive_t *archive, void *unused)
{
    char *schema = NULL;
    cancu_status_t status;

    (void)unused;
    status = cancu_xapian_get_metadata(archive->db, "cancu.schema", &schema);
    if (status)
        return status;
    if (strcmp(schema, CANCU_SCHEMA_VERSION) != 0)
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "%s: archive schema '%s', this cancu reads "
                                  "schema %s; move it aside and ingest the "
                                  "plans again",
                                  archive->dir, schema, CANCU_SCHEMA_VERSION);
    free(schema);
    return status;
}

/* Folders "xapian.new-PID" left by a creation that died. */
static void remove_stale_creations(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        const char *pid_text;
        char *end, *path;
        long pid;

        if (strncmp(e->d_name, "xapian.new-", 11) != 0)
            continue;
        pid_text = e->d_name + 11;
        pid = strtol(pid_text, &end, 10);
        /* Only the creations of processes that are gone. */
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        path = join_path(dir, e->d_name);
        if (path)
            cancu_fs__remove_tree(path);
        free(path);
    }
    closedir(d);
}

/* Create the database beside its final place and rename it there, so an
 * archive folder holds either no database or a whole one, however the
 * creating process ends. */
static cancu_status_t create_database(cancu_archive_t *archive)
{
    char name[64];
    char *tmp;
    cancu_xapian_db_t *db = NULL;
    cancu_status_t status;

    remove_stale_creations(archive->dir);
    snprintf(name, sizeof name, "xapian.new-%ld", (long)getpid());
    tmp = join_path(archive->dir, name);
    if (!tmp)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_fs__remove_tree(tmp);
    status = cancu_xapian_open(&db, tmp, CANCU_XAPIAN_CREATE);
    if (!status)
        status =
            cancu_xapian_set_metadata(db, "cancu.schema", CANCU_SCHEMA_VERSION);
    if (!status)
        status = cancu_xapian_set_metadata(db, CANCU_META_DUE_TERMS, "1");
    if (!status)
        status = cancu_xapian_commit(db);
    cancu_xapian_close(db);
    if (!status && rename(tmp, archive->db_path) != 0) {
        /* Another process created it first: use theirs. */
        if (errno != EEXIST && errno != ENOTEMPTY)
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "%s: cannot create the archive: %s",
                                      archive->dir, strerror(errno));
        cancu_fs__remove_tree(tmp);
    } else if (!status) {
        cancu_fs__sync_dir(archive->dir);
    } else {
        cancu_fs__remove_tree(tmp);
    }
    free(tmp);
    return status;
}

/* The folder at 'path': its device and inode, or zeros when there is
 * none. */
typedef struct folder_id {
    dev_t dev;
    ino_t ino;
} folder_id_t;

static folder_id_t folder_at(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0)
        return (folder_id_t){0, 0};
    return (folder_id_t){st.st_dev, st.st_ino};
}

static bool same_folder(folder_id_t a, folder_id_t b)
{
    return a.dev == b.dev && a.ino == b.ino;
}

/* Open the database at the archive's path in 'mode' into *out, noting
 * its folder. Again when a writer's commit lands under the opening
 * (DatabaseModifiedError), or a compaction puts another folder there:
 * a database is read from its version file and then its tables, each
 * found by path, and a handle made of two folders' files would read one
 * folder's tables with the other's roots. */
static cancu_status_t open_db(cancu_archive_t *archive,
                              cancu_archive_mode_t mode,
                              cancu_xapian_db_t **out)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    for (int attempt = 1;; attempt++) {
        folder_id_t before = folder_at(archive->db_path), after;

        status =
            cancu_xapian_open(out, archive->db_path,
                              mode == CANCU_ARCHIVE_WRITE ? CANCU_XAPIAN_WRITE
                                                          : CANCU_XAPIAN_READ);
        after = folder_at(archive->db_path);
        if (!status && !same_folder(before, after)) {
            cancu_xapian_close(*out);
            *out = NULL;
            status = cancu_error__set(CANCU_STATUS_OPERATION_INVALIDATED,
                                      "%s: the archive was replaced while "
                                      "it was opened",
                                      archive->dir);
        }
        if (!status) {
            archive->db_dev = after.dev;
            archive->db_ino = after.ino;
            if (archive->cache_bytes && mode == CANCU_ARCHIVE_READ)
                status = cancu_xapian_cache_data(*out, archive->cache_bytes);
            if (status) {
                cancu_xapian_close(*out);
                *out = NULL;
            }
        }
        if (status != CANCU_STATUS_OPERATION_INVALIDATED ||
            attempt == CANCU_ARCHIVE_RETRIES)
            return status;
    }
}

/* Bring a reader to the latest revision: its handle reopened, or, when a
 * compaction put another folder at the archive's path, that folder
 * opened in its place (reopening the old handle would read the new
 * folder's roots into the old folder's tables, still open). */
static cancu_status_t reopen_latest(cancu_archive_t *archive, bool *changed)
{
    cancu_xapian_db_t *old = archive->db, *fresh = NULL;
    folder_id_t was = {archive->db_dev, archive->db_ino};
    cancu_status_t status;

    if (same_folder(was, folder_at(archive->db_path)))
        return cancu_xapian_reopen(archive->db, changed);
    status = open_db(archive, archive->mode, &fresh);
    if (status) {
        archive->db_dev = was.dev;
        archive->db_ino = was.ino;
        return status;
    }
    cancu_xapian_close(old);
    archive->db = fresh;
    if (changed)
        *changed = true;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive_open(cancu_archive_t **out, const char *dir,
                                  cancu_archive_mode_t mode)
{
    cancu_archive_t *archive;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    assert(out && dir);
    *out = NULL;
    archive = calloc(1, sizeof *archive);
    if (!archive)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    archive->mode = mode;
    archive->dir = strdup(dir);
    archive->db_path = join_path(dir, "xapian");
    if (!archive->dir || !archive->db_path) {
        cancu_archive_close(archive);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    if (!cancu_fs__exists(archive->db_path)) {
        if (mode == CANCU_ARCHIVE_READ) {
            cancu_archive_close(archive);
            return cancu_error__set(CANCU_STATUS_NOT_FOUND,
                                    "no archive at %s (create one with "
                                    "'cancu ingest')",
                                    dir);
        }
        status = make_dirs(dir);
        if (!status)
            status = create_database(archive);
    }
    if (!status)
        status = open_db(archive, mode, &archive->db);
    if (status == CANCU_STATUS_ARCHIVE_ERROR ||
        status == CANCU_STATUS_OPERATION_INVALIDATED)
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "%s: archive cannot be opened (%s)", dir,
                                  cancu_error_last());
    /* A writer may commit between the open and this first read. */
    if (!status)
        status = cancu_archive__read(archive, check_schema, NULL);
    if (status) {
        cancu_archive_close(archive);
        return status;
    }
    *out = archive;
    return CANCU_STATUS_SUCCESS;
}

static void batch_clear(cancu_archive_t *archive);

void cancu_archive_close(cancu_archive_t *archive)
{
    if (!archive)
        return;
    cancu_xapian_close(archive->db);
    batch_clear(archive);
    cancu_archive__forget_tasks(archive);
    free(archive->batch);
    free(archive->dir);
    free(archive->db_path);
    free(archive);
}

cancu_status_t cancu_archive_cache_data(cancu_archive_t *archive, size_t bytes)
{
    assert(archive);
    if (archive->mode != CANCU_ARCHIVE_READ)
        return CANCU_STATUS_SUCCESS;
    archive->cache_bytes = bytes;
    return cancu_xapian_cache_data(archive->db, bytes);
}

cancu_status_t cancu_archive_refresh(cancu_archive_t *archive, bool *changed)
{
    cancu_status_t status;

    assert(archive);
    if (changed)
        *changed = false;
    if (archive->mode != CANCU_ARCHIVE_READ)
        return CANCU_STATUS_SUCCESS;
    status = reopen_latest(archive, changed);
    if (status)
        return cancu_error__set(status, "%s: cannot read its latest revision",
                                archive->dir);
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive__read(cancu_archive_t *archive,
                                   cancu_archive_read_fn *fn, void *payload)
{
    cancu_status_t status;
    int attempt = 1;

    assert(archive && fn);
    if (archive->reading)
        return fn(archive, payload);
    archive->reading++;
    for (;;) {
        /* What an earlier read, or a run on another revision, kept. */
        cancu_archive__forget_tasks(archive);
        status = fn(archive, payload);
        if (status != CANCU_STATUS_OPERATION_INVALIDATED ||
            attempt == CANCU_ARCHIVE_RETRIES)
            break;
        /* A writer committed meanwhile: read its latest revision (which
         * may itself be replaced while it is being reopened). */
        attempt++;
        status = reopen_latest(archive, NULL);
        if (status && status != CANCU_STATUS_OPERATION_INVALIDATED)
            break;
    }
    archive->reading--;
    if (status == CANCU_STATUS_OPERATION_INVALIDATED)
        status = cancu_error__set(status,
                                  "%s: archive kept changing while it was "
                                  "read (%d attempts); try again",
                                  archive->dir, attempt);
    return status;
}

void cancu_archive__forget_tasks(cancu_archive_t *archive)
{
    free(archive->tasks_plan);
    free(archive->tasks_data);
    free(archive->tasks_at);
    archive->tasks_plan = archive->tasks_data = NULL;
    archive->tasks_at = NULL;
    archive->tasks_count = 0;
}

/* Keep 'data', the first task's of a group (its header line and the
 * group's task records), as the records of group 'group' of plan
 * 'plan'. */
static bool keep_tasks(cancu_archive_t *archive, const char *plan,
                       size_t plan_len, size_t group, const char *data,
                       size_t len)
{
    const char *at = memchr(data, '\n', len), *end = data + len;
    size_t n = 0;

    cancu_archive__forget_tasks(archive);
    if (!at)
        return true;
    for (const char *p = at + 1; p < end; p++)
        n += *p == '\n';
    archive->tasks_plan = strndup(plan, plan_len);
    archive->tasks_data = malloc(len + 1);
    archive->tasks_at = calloc(n + 1, sizeof *archive->tasks_at);
    if (!archive->tasks_plan || !archive->tasks_data || !archive->tasks_at) {
        cancu_archive__forget_tasks(archive);
        return false;
    }
    archive->tasks_group = group;
    memcpy(archive->tasks_data, data, len);
    archive->tasks_data[len] = '\0';
    for (size_t i = (size_t)(at + 1 - data); i < len;) {
        const char *nl = memchr(archive->tasks_data + i, '\n', len - i);

        archive->tasks_at[archive->tasks_count++] = i;
        i = nl ? (size_t)(nl - archive->tasks_data) + 1 : len;
    }
    return true;
}

typedef struct tasks_fetch {
    cancu_archive_t *archive;
    const char *plan;
    size_t plan_len, group;
    bool kept, failed;
} tasks_fetch_t;

static bool fetch_tasks(const char *data, size_t len, void *payload)
{
    tasks_fetch_t *f = payload;

    f->kept = true;
    f->failed =
        !keep_tasks(f->archive, f->plan, f->plan_len, f->group, data, len);
    return false;
}

void cancu_archive__task_records_term(cancu_strbuf_t *term, const char *plan,
                                      size_t plan_len, size_t group)
{
    cancu_strbuf__puts(term, CANCU_PREFIX_TASK_RECORDS);
    cancu_strbuf__append(term, plan, plan_len);
    cancu_strbuf__printf(term, "/%zu", group);
}

cancu_status_t cancu_archive__task_record(cancu_archive_t *archive,
                                          const char *data, size_t len,
                                          const char **line, size_t *line_len)
{
    size_t mark = strlen(CANCU_TASK_DATA_MARK), index = 0, at, plan_len, group;
    const char *plan, *plan_end;

    *line = NULL;
    *line_len = 0;
    if (len <= mark || memcmp(data, CANCU_TASK_DATA_MARK, mark) != 0)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a task record is damaged");
    for (at = mark; at < len && data[at] >= '0' && data[at] <= '9'; at++)
        index = index * 10 + (size_t)(data[at] - '0');
    if (at == mark || at >= len || data[at] != '\t' || index > (1u << 24))
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a task record is damaged");
    plan = data + at + 1;
    plan_end = memchr(plan, '\n', len - (size_t)(plan - data));
    plan_len =
        plan_end ? (size_t)(plan_end - plan) : len - (size_t)(plan - data);
    group = index / CANCU_TASK_GROUP;
    if (plan_end && index % CANCU_TASK_GROUP != 0)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "a task record is damaged");
    if (!archive->tasks_plan || archive->tasks_group != group ||
        strlen(archive->tasks_plan) != plan_len ||
        memcmp(archive->tasks_plan, plan, plan_len) != 0) {
        if (plan_end) {
            if (!keep_tasks(archive, plan, plan_len, group, data, len))
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "out of memory");
        } else {
            cancu_strbuf_t term = CANCU_STRBUF_INIT;
            tasks_fetch_t f = {archive, plan, plan_len, group, false, false};
            cancu_status_t status;

            cancu_archive__task_records_term(&term, plan, plan_len, group);
            status = term.failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                                    "out of memory")
                                 : cancu_xapian_foreach_data(
                                       archive->db, term.data, fetch_tasks, &f);
            cancu_strbuf__dispose(&term);
            if (!status && f.failed)
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
            if (status)
                return status;
            if (!f.kept)
                return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                        "the task records of plan %.*s are "
                                        "missing",
                                        (int)plan_len, plan);
        }
    }
    if (index % CANCU_TASK_GROUP >= archive->tasks_count)
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "task %zu of plan %.*s is missing", index,
                                (int)plan_len, plan);
    at = archive->tasks_at[index % CANCU_TASK_GROUP];
    *line = archive->tasks_data + at;
    *line_len = strcspn(*line, "\n");
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t term_freq(cancu_archive_t *archive, const char *prefix,
                                const char *value, size_t *out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    cancu_strbuf__puts(&term, prefix);
    cancu_strbuf__puts(&term, value);
    if (term.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    status = cancu_xapian_term_freq(archive->db, term.data, out);
    cancu_strbuf__dispose(&term);
    return status;
}

/* The path term: the path itself, or its hash when too long for a term. */
static void path_term(cancu_strbuf_t *term, const char *path)
{
    cancu_strbuf__puts(term, CANCU_PREFIX_PATH);
    if (strlen(path) > 200) {
        char hex[65];

        cancu_hash__sha256_hex(path, strlen(path), hex);
        cancu_strbuf__putc(term, '#');
        cancu_strbuf__puts(term, hex);
    } else {
        cancu_strbuf__puts(term, path);
    }
}

/* A relation the plan states, for the registry: ids and date copied
 * from the document. */
typedef struct mined_relation {
    const char *kind, *source, *target, *date;
    size_t line;
} mined_relation_t;

/* A plan turned into the Xapian documents that hold it, built without
 * touching any archive so that it can run on another thread. It holds
 * all that writing it needs, copied from its document, so that an
 * archive can keep it until its batch is committed and write it again
 * when another plan of the batch has to be left out. */
struct cancu_prepared {
    cancu_arena_t *arena;
    const char *id, *path, *format, *encoding;
    cancu_abbrev_t *abbrevs;
    size_t nabbrevs;
    mined_relation_t *relations;
    size_t nrelations;
    /* What the document says of itself, for its registry record; 'id'
     * NULL when it gives itself no number. */
    cancu_self_record_t self;
    /* A law's name, as plans cite it ("Luật Hợp tác xã:2003"), or NULL:
     * the record of it is the law's own too. */
    const char *self_name;
    cancu_add_result_t result;
    cancu_xapian_doc_t **xdocs;
    size_t count, cap;
    /* The plan document, filled passage by passage: its passages' lines
     * and their CANCU_SLOT_PASSAGES entries. */
    cancu_xapian_doc_t *plan;
    cancu_strbuf_t lines, slot;
    /* Where the next passage's words start. */
    unsigned int next_position;
    cancu_word_cache_t *words;
};

/* Take 'xdoc' into 'prep'; false (and 'xdoc' freed) when memory runs
 * out. */
static bool keep_xdoc(cancu_prepared_t *prep, cancu_xapian_doc_t *xdoc)
{
    if (prep->count == prep->cap) {
        size_t cap = prep->cap ? prep->cap * 2 : 64;
        cancu_xapian_doc_t **xdocs = realloc(prep->xdocs, cap * sizeof *xdocs);

        if (!xdocs) {
            cancu_xapian_doc_destroy(xdoc);
            return false;
        }
        prep->xdocs = xdocs;
        prep->cap = cap;
    }
    prep->xdocs[prep->count++] = xdoc;
    return true;
}

typedef struct indexer {
    cancu_xapian_doc_t *doc;
    cancu_strbuf_t term;
    /* Added to every word's position; one past the last position used. */
    unsigned int base, end;
    bool failed;
} indexer_t;

/* Each word twice: folded, with its position, and as written (the exact
 * term), with its position only when written without marks
 * (cancu_archive__exact_positioned). Search finds the passages that match
 * folded from the folded terms' positions and, among them, those that
 * match as typed from the exact terms' positions when the query's words
 * are all without marks, from their own text when not (see search.c).
 * Every exact term's positions would hold every word's position a second
 * time: on 200 generated plans they made the compacted position table
 * 14.8 MB, against 9.8 MB with none and 10.8 MB with those without marks
 * alone. */
static bool index_token(const cancu_token_t *token, void *payload)
{
    indexer_t *ix = payload;
    unsigned int position = ix->base + token->position;

    cancu_strbuf__clear(&ix->term);
    cancu_strbuf__puts(&ix->term, CANCU_PREFIX_FOLDED);
    cancu_strbuf__append(&ix->term, token->folded, token->folded_len);
    if (ix->term.failed || position < ix->base) {
        ix->failed = true;
        return false;
    }
    if (!(cancu_archive__exact_positioned(token->exact, token->exact_len)
              ? cancu_xapian_doc_add_posting(ix->doc, token->exact,
                                             token->exact_len, position)
              : cancu_xapian_doc_add_word(ix->doc, token->exact,
                                          token->exact_len)) ||
        !cancu_xapian_doc_add_posting(ix->doc, ix->term.data, ix->term.len,
                                      position)) {
        ix->failed = true;
        return false;
    }
    if (position >= ix->end)
        ix->end = position + 1;
    return true;
}

static bool add_prefixed_term(cancu_xapian_doc_t *doc, const char *prefix,
                              const char *value)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    bool ok;

    cancu_index__term(&term, prefix, value);
    ok = !term.failed && cancu_xapian_doc_add_term(doc, term.data, term.len);
    cancu_strbuf__dispose(&term);
    return ok;
}

static bool is_in(const cancu_reference_t *ref, size_t block, size_t row,
                  bool is_row)
{
    return block == SIZE_MAX || (cancu_reference_block(ref) == block &&
                                 (!is_row || cancu_reference_row(ref) == row));
}

/* The terms of the references in block 'block' (and row 'row' of a
 * table), or of the whole document when 'block' is SIZE_MAX: the id and
 * the identity key, each a boolean term. */
static bool add_reference_terms(cancu_xapian_doc_t *xdoc,
                                const cancu_document_t *doc)
{
    bool ok = true;

    for (size_t i = 0; ok && i < cancu_document_reference_count(doc); i++) {
        const cancu_reference_t *ref = cancu_document_reference(doc, i);

        ok =
            add_prefixed_term(xdoc, CANCU_PREFIX_REFERENCE,
                              cancu_reference_id(ref)) &&
            add_prefixed_term(xdoc, CANCU_PREFIX_KEY, cancu_reference_key(ref));
    }
    return ok;
}

/* Term PREFIX+VALUE (bounded, as the index writes it) as a string of the
 * JSON array a passage's line holds, after a comma unless it is the
 * first. */
static void put_term(cancu_strbuf_t *line, bool *first, const char *prefix,
                     const char *value)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;

    cancu_index__term(&term, prefix, value);
    if (!*first)
        cancu_strbuf__putc(line, ',');
    *first = false;
    cancu_strbuf__json_string(line, term.data ? term.data : "", term.len);
    if (term.failed)
        line->failed = true;
    cancu_strbuf__dispose(&term);
}

/* The terms of the references in block 'block' (and row 'row' of a
 * table) only, as the JSON array of a passage's line. */
static void put_reference_terms(cancu_strbuf_t *line,
                                const cancu_document_t *doc, size_t block,
                                size_t row, bool is_row)
{
    bool first = true;

    cancu_strbuf__putc(line, '[');
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++) {
        const cancu_reference_t *ref = cancu_document_reference(doc, i);

        if (!is_in(ref, block, row, is_row))
            continue;
        put_term(line, &first, CANCU_PREFIX_REFERENCE, cancu_reference_id(ref));
        put_term(line, &first, CANCU_PREFIX_KEY, cancu_reference_key(ref));
    }
    cancu_strbuf__putc(line, ']');
}

static bool add_year_term(cancu_xapian_doc_t *xdoc,
                          const cancu_document_t *doc);
static bool add_issuer_term(cancu_xapian_doc_t *xdoc,
                            const cancu_document_t *doc);

static void put_u32(unsigned char *out, uint32_t v)
{
    out[0] = (unsigned char)v;
    out[1] = (unsigned char)(v >> 8);
    out[2] = (unsigned char)(v >> 16);
    out[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const char *in)
{
    const unsigned char *u = (const unsigned char *)in;

    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
           (uint32_t)u[3] << 24;
}

/* The terms a task passage is found by besides its words: its
 * references' (as put_reference_terms), its lead units' and its area's,
 * so that search's field filters keep the task passages they name. */
static void put_task_terms(cancu_strbuf_t *line, const cancu_document_t *doc,
                           const cancu_task_t *t)
{
    bool first = true;
    char key[256];

    cancu_strbuf__putc(line, '[');
    for (size_t k = 0; k < t->nrefs; k++) {
        const cancu_reference_t *ref = &doc->refs[t->refs[k]];

        put_term(line, &first, CANCU_PREFIX_REFERENCE, cancu_reference_id(ref));
        put_term(line, &first, CANCU_PREFIX_KEY, cancu_reference_key(ref));
    }
    for (size_t a = 0; a < t->nactivities; a++)
        for (size_t u = 0; u < t->activities[a].nlead; u++)
            put_term(line, &first, CANCU_PREFIX_UNIT,
                     t->activities[a].lead[u].key);
    if (*t->area) {
        cancu_fold__ascii(t->area, strlen(t->area), key, sizeof key);
        put_term(line, &first, CANCU_PREFIX_AREA, key);
    }
    cancu_strbuf__putc(line, ']');
}

/* What a passage is, besides its text: a paragraph, a row of a table,
 * or a task (its rows, or its paragraph, as one passage). */
typedef struct passage_place {
    const char *kind, *section;
    size_t block, row, line;
    /* The task a task passage is, else NULL. */
    const cancu_task_t *task;
    bool is_row;
} passage_place_t;

/* One passage: its words into the plan document after the previous
 * passage's, its line and where it starts into the plan's list of
 * passages. */
static cancu_status_t add_passage(cancu_prepared_t *prep,
                                  const cancu_document_t *doc,
                                  const passage_place_t *at, const char *text,
                                  size_t len)
{
    indexer_t ix = {prep->plan, CANCU_STRBUF_INIT, prep->next_position,
                    prep->next_position, false};
    cancu_strbuf_t *line = &prep->lines;
    size_t line_start = line->len;
    cancu_status_t status = cancu_analyzer__tokenize_cached(
        text, len, prep->words, index_token, &ix);
    bool ok = !status && !ix.failed;

    /* The line as json_dumps(JSON_COMPACT) wrote it from a jansson tree
     * (its readers parse it with jansson or cancu_json__load): written
     * directly, as building and dumping the tree was 363M of the 3.95G
     * instructions of an ingest of 20 generated plans. */
    if (ok) {
        cancu_strbuf__printf(line,
                             "{\"kind\":\"%s\",\"block\":%zu,\"row\":%zu,"
                             "\"section\":",
                             at->kind, at->block, at->row);
        cancu_strbuf__json_string(line, at->section, strlen(at->section));
        cancu_strbuf__puts(line, ",\"text\":");
        cancu_strbuf__json_string(line, text, len);
        cancu_strbuf__printf(line, ",\"line\":%zu,\"terms\":", at->line);
        if (at->task)
            put_task_terms(line, doc, at->task);
        else
            put_reference_terms(line, doc, at->block, at->row, at->is_row);
        cancu_strbuf__putc(line, '}');
        cancu_strbuf__putc(line, '\n');
        ok = !line->failed && line_start <= UINT32_MAX;
    }
    if (ok) {
        unsigned char entry[8];

        put_u32(entry, ix.base);
        put_u32(entry + 4, (uint32_t)line_start);
        cancu_strbuf__append(&prep->slot, (const char *)entry, sizeof entry);
        ok = !prep->slot.failed;
    }
    /* The gap keeps phrases inside one passage. */
    ok = ok && ix.end <= UINT_MAX - CANCU_PASSAGE_GAP;
    if (ok)
        prep->next_position = ix.end + CANCU_PASSAGE_GAP;
    if (!ok && !status)
        status = cancu_error__set(ix.end > UINT_MAX - CANCU_PASSAGE_GAP
                                      ? CANCU_STATUS_INVALID_ARGUMENT
                                      : CANCU_STATUS_OUT_OF_MEMORY,
                                  ix.end > UINT_MAX - CANCU_PASSAGE_GAP
                                      ? "%s: too many words to index"
                                      : "out of memory",
                                  cancu_document_path(doc));
    cancu_strbuf__dispose(&ix.term);
    return status;
}

/* The cells of row 'row' of table 'b', tab-separated. */
static void put_row_text(cancu_strbuf_t *text, const cancu_block_t *b,
                         size_t row)
{
    for (size_t c = 0; c < cancu_block_cell_count(b, row); c++) {
        if (c)
            cancu_strbuf__putc(text, '\t');
        cancu_strbuf__puts(text, cancu_block_cell_text(b, row, c));
    }
}

/* One passage, a paragraph or one row of a table. */
static cancu_status_t prepare_passage(cancu_prepared_t *prep,
                                      const cancu_document_t *doc, size_t block,
                                      size_t row, bool is_row)
{
    const cancu_block_t *b = cancu_document_block(doc, block);
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    passage_place_t at = {
        is_row ? "row" : "paragraph",
        cancu_block_section(b),
        block,
        row,
        (size_t)(is_row ? cancu_block_row_line(b, row) : cancu_block_line(b)),
        NULL,
        is_row};
    cancu_status_t status;

    if (is_row)
        put_row_text(&text, b, row);
    else
        cancu_strbuf__puts(&text, cancu_block_text(b));
    status =
        text.failed
            ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
            : add_passage(prep, doc, &at, cancu_strbuf__cstr(&text), text.len);
    cancu_strbuf__dispose(&text);
    return status;
}

static bool add_task_terms(cancu_xapian_doc_t *xdoc, const cancu_task_t *t);

/* What search matches a task by, and a task record's "text": its
 * objective, its task and its activities, joined by " — ". */
static void put_search_text(cancu_strbuf_t *text, const cancu_task_t *t)
{
    cancu_strbuf__puts(text, t->objective);
    if (*t->task)
        cancu_strbuf__printf(text, "%s%s", text->len ? " — " : "", t->task);
    for (size_t k = 0; k < t->nactivities; k++)
        cancu_strbuf__printf(text, " — %s", t->activities[k].activity);
}

/* A task as one passage of its plan: the text of its rows (or of its
 * paragraph), one a line, after its objective when a merge running on
 * from the task above gave it one its rows do not write; its search text
 * when it has no rows. Its lead units and area go on the plan document,
 * for the filters and facets that find plans by them. */
static cancu_status_t prepare_task_passage(cancu_prepared_t *prep,
                                           const cancu_document_t *doc,
                                           const cancu_task_t *t)
{
    cancu_strbuf_t text = CANCU_STRBUF_INIT;
    const cancu_block_t *first =
        t->nrows ? cancu_document_block(doc, t->rows[0].block) : NULL;
    passage_place_t at = {"task",
                          t->section,
                          t->nrows ? t->rows[0].block : 0,
                          t->nrows ? t->rows[0].row : 0,
                          t->line,
                          t,
                          first && t->table > 0};
    cancu_status_t status;

    for (size_t k = 0; k < t->nrows; k++) {
        const cancu_block_t *b = cancu_document_block(doc, t->rows[k].block);

        if (k)
            cancu_strbuf__putc(&text, '\n');
        if (cancu_block_kind(b) == CANCU_BLOCK_PARAGRAPH)
            cancu_strbuf__puts(&text, cancu_block_text(b));
        else
            put_row_text(&text, b, t->rows[k].row);
    }
    if (!t->nrows)
        put_search_text(&text, t);
    else if (*t->objective && !text.failed &&
             !strstr(cancu_strbuf__cstr(&text), t->objective)) {
        cancu_strbuf_t with = CANCU_STRBUF_INIT;

        cancu_strbuf__puts(&with, t->objective);
        cancu_strbuf__putc(&with, '\n');
        cancu_strbuf__append(&with, text.data, text.len);
        cancu_strbuf__dispose(&text);
        text = with;
    }
    status =
        text.failed || !add_task_terms(prep->plan, t)
            ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
            : add_passage(prep, doc, &at, cancu_strbuf__cstr(&text), text.len);
    cancu_strbuf__dispose(&text);
    return status;
}

/* Where a task's rows stand, for the passages to find the task they are
 * part of. */
typedef struct task_place {
    size_t block, row, task;
    bool first;
} task_place_t;

static int by_place(const void *a, const void *b)
{
    const task_place_t *x = a, *y = b;

    if (x->block != y->block)
        return x->block < y->block ? -1 : 1;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->task < y->task ? -1 : x->task > y->task;
}

/* Every task's rows (a bullet's paragraph as row 0), sorted; NULL with
 * *count 0 when the plan has none, or when memory runs out (*failed). */
static task_place_t *task_places(const cancu_document_t *doc, size_t *count,
                                 bool *failed)
{
    size_t n = 0;
    task_place_t *places;

    *count = 0;
    *failed = false;
    for (size_t i = 0; i < doc->ntasks; i++)
        n += doc->tasks[i].nrows;
    if (!n)
        return NULL;
    if (!(places = calloc(n, sizeof *places))) {
        *failed = true;
        return NULL;
    }
    for (size_t i = 0; i < doc->ntasks; i++)
        for (size_t k = 0; k < doc->tasks[i].nrows; k++) {
            task_place_t *p = &places[(*count)++];

            p->block = doc->tasks[i].rows[k].block;
            p->row = doc->tasks[i].rows[k].row;
            p->task = i;
            p->first = k == 0;
        }
    qsort(places, *count, sizeof *places, by_place);
    return places;
}

/* The first of the task places at 'block' and 'row', or NULL. */
static const task_place_t *place_of(const task_place_t *places, size_t count,
                                    size_t block, size_t row)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (places[mid].block < block ||
            (places[mid].block == block && places[mid].row < row))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < count && places[lo].block == block && places[lo].row == row
               ? &places[lo]
               : NULL;
}

/* The passages at 'block', 'row': the row (or paragraph) itself when it
 * is no task's, else each task it starts, as one passage. */
static cancu_status_t prepare_place(cancu_prepared_t *prep,
                                    const cancu_document_t *doc,
                                    const task_place_t *places, size_t count,
                                    size_t block, size_t row, bool is_row,
                                    size_t *passages)
{
    const task_place_t *p = place_of(places, count, block, row);
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (!p) {
        (*passages)++;
        return prepare_passage(prep, doc, block, row, is_row);
    }
    for (; !status && p < places + count && p->block == block && p->row == row;
         p++)
        if (p->first) {
            (*passages)++;
            status = prepare_task_passage(prep, doc, &doc->tasks[p->task]);
        }
    return status;
}

static void iso_now(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;

    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static cancu_status_t prepare_record(cancu_prepared_t *prep,
                                     const cancu_document_t *doc,
                                     size_t paragraphs, size_t tables,
                                     size_t passages)
{
    cancu_xapian_doc_t *xdoc = prep->plan;
    cancu_strbuf_t pterm = CANCU_STRBUF_INIT;
    cancu_strbuf_t both = CANCU_STRBUF_INIT;
    json_t *data, *stub;
    json_t *identity;
    char *json = NULL, *identity_json = NULL, *listing = NULL, now[32];
    char *relations = NULL, *stub_json = NULL;
    cancu_xapian_doc_t *record_doc = NULL;
    const char *date = cancu_document_date(doc);
    cancu_status_t status;
    bool ok;

    iso_now(now);
    data = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, "
        "s:I, s:s}",
        "id", cancu_document_id(doc), "path", cancu_document_path(doc), "title",
        cancu_document_title(doc), "date", date, "format",
        cancu_document_format(doc), "encoding", cancu_document_encoding(doc),
        "size", (json_int_t)cancu_document_source_size(doc), "paragraphs",
        (json_int_t)paragraphs, "tables", (json_int_t)tables, "passages",
        (json_int_t)passages, "references",
        (json_int_t)cancu_document_reference_count(doc), "ingested", now);
    if (data) {
        json_object_set_new(data, "tasks_count",
                            json_integer((json_int_t)doc->ntasks));
        json_object_set_new(data, "issuer",
                            json_string(doc->issuer ? doc->issuer : ""));
        json_object_set_new(data, "year", json_integer(doc->plan_year));
        json_object_set_new(data, "number",
                            json_string(cancu_document_number(doc)));
        json_object_set_new(data, "own_id",
                            json_string(cancu_document_own_id(doc)
                                            ? cancu_document_own_id(doc)
                                            : ""));
        json_object_set_new(data, "place",
                            json_string(cancu_document_place(doc)));
        json_object_set_new(data, "type",
                            json_string(cancu_document_type(doc)));
        json_object_set_new(data, "parent",
                            json_string(cancu_document_parent_issuer(doc)));
        json_object_set_new(data, "province",
                            json_string(cancu_document_province(doc)));
        json_object_set_new(data, "in_force",
                            json_string(cancu_document_in_force(doc)));
    }
    listing = data ? cancu_index__json_dumps(data) : NULL;
    if (data)
        json_object_set_new(data, "refs", cancu_references__json(doc));
    json = data ? cancu_index__json_dumps(data) : NULL;
    relations = data ? cancu_index__json_dumps(json_object_get(
                           json_object_get(data, "refs"), "relations"))
                     : NULL;
    identity =
        json_pack("{s:s, s:s, s:s}", "id", cancu_document_id(doc), "title",
                  cancu_document_title(doc), "path", cancu_document_path(doc));
    identity_json = identity ? cancu_index__json_dumps(identity) : NULL;
    json_decref(identity);
    /* The plan document's data: a stub of the record on a line (compact
     * JSON holds no raw newline), then its passages' lines; the record
     * whole is a document of its own, read only when asked for, so that
     * a passage read inflates the passages alone (the record was a third
     * of the data on generated plans, its references most of it). */
    stub = data ? json_pack("{s:s, s:s, s:I}", "id", cancu_document_id(doc),
                            "path", cancu_document_path(doc), "passages",
                            (json_int_t)passages)
                : NULL;
    stub_json = stub ? cancu_index__json_dumps(stub) : NULL;
    json_decref(stub);
    if (stub_json) {
        cancu_strbuf__puts(&both, stub_json);
        cancu_strbuf__putc(&both, '\n');
        cancu_strbuf__append(&both, prep->lines.data, prep->lines.len);
    }
    record_doc = cancu_xapian_doc_new();
    path_term(&pterm, cancu_document_path(doc));
    ok =
        xdoc && json && stub_json && record_doc && listing && relations &&
        identity_json && !both.failed &&
        cancu_xapian_doc_set_data(record_doc, json, strlen(json)) &&
        add_prefixed_term(record_doc, CANCU_PREFIX_DOC,
                          cancu_document_id(doc)) &&
        add_prefixed_term(record_doc, CANCU_PREFIX_RECORD,
                          cancu_document_id(doc)) &&
        !pterm.failed && !prep->lines.failed && !prep->slot.failed &&
        cancu_xapian_doc_set_data(xdoc, both.data, both.len) &&
        cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_PASSAGES, prep->slot.data,
                                   prep->slot.len) &&
        cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_IDENTITY, identity_json,
                                   strlen(identity_json)) &&
        cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_LISTING, listing,
                                   strlen(listing)) &&
        cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_RELATIONS, relations,
                                   strlen(relations)) &&
        cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_DATE, date, strlen(date)) &&
        cancu_xapian_doc_add_term(xdoc, pterm.data, pterm.len) &&
        add_prefixed_term(xdoc, CANCU_PREFIX_DOC, cancu_document_id(doc)) &&
        add_prefixed_term(xdoc, CANCU_PREFIX_HASH, cancu_document_id(doc)) &&
        add_prefixed_term(xdoc, CANCU_PREFIX_TYPE, "plan") &&
        add_year_term(xdoc, doc) && add_issuer_term(xdoc, doc) &&
        add_reference_terms(xdoc, doc);
    /* The plan document last: a plan whose plan document is there is
     * whole. */
    if (ok) {
        ok = keep_xdoc(prep, record_doc);
        record_doc = NULL;
    }
    if (ok) {
        ok = keep_xdoc(prep, xdoc);
        prep->plan = NULL;
    }
    cancu_xapian_doc_destroy(record_doc);
    free(stub_json);
    status = ok ? CANCU_STATUS_SUCCESS
                : cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_strbuf__dispose(&pterm);
    cancu_strbuf__dispose(&both);
    free(json);
    free(listing);
    free(relations);
    free(identity_json);
    json_decref(data);
    return status;
}

/* The relations the text states enter the registry as mined, with the
 * document they came from; they never overwrite imported facts. The
 * document itself becomes the record of its number. */
static cancu_status_t add_mined_relations(cancu_archive_t *archive,
                                          const cancu_prepared_t *prep)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (prep->self.id)
        status = cancu_registry__add_self(archive, &prep->self);
    if (!status && prep->self_name) {
        cancu_self_record_t by_name = prep->self;

        by_name.id = prep->self_name;
        status = cancu_registry__add_self(archive, &by_name);
    }
    /* A document with no number of its own (a draft) has no record. */
    if (status == CANCU_STATUS_INVALID_ARGUMENT)
        status = CANCU_STATUS_SUCCESS;
    for (size_t i = 0; !status && i < prep->nrelations; i++) {
        const mined_relation_t *r = &prep->relations[i];
        cancu_mined_relation_t m = {r->kind,    r->source, r->target, r->date,
                                    prep->path, prep->id,  r->line};

        status = cancu_registry__add_mined(archive, &m);
        /* A relation the registry cannot hold (a standard, a document
         * with no number of its own) is left out; a failing archive is
         * not. */
        if (status == CANCU_STATUS_INVALID_ARGUMENT)
            status = CANCU_STATUS_SUCCESS;
    }
    if (!status)
        cancu_error_clear();
    return status;
}

/* Abbreviations the plan defines, both ways, for search to expand: the
 * first definition an archive sees is kept. */
static cancu_status_t add_abbreviations(cancu_archive_t *archive,
                                        const cancu_prepared_t *prep)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    for (size_t i = 0; !status && i < prep->nabbrevs; i++) {
        const cancu_abbrev_t *a = &prep->abbrevs[i];
        char abbr[64], expansion[512];
        cancu_strbuf_t key = CANCU_STRBUF_INIT;
        char *known = NULL;

        cancu_fold__ascii(a->abbr, strlen(a->abbr), abbr, sizeof abbr);
        cancu_fold__ascii(a->expansion, strlen(a->expansion), expansion,
                          sizeof expansion);
        cancu_index__term(&key, "abbr:", abbr);
        status =
            key.failed
                ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
                : cancu_xapian_get_metadata(archive->db, key.data, &known);
        if (!status && !*known)
            status =
                cancu_xapian_set_metadata(archive->db, key.data, a->expansion);
        free(known);
        known = NULL;
        cancu_strbuf__clear(&key);
        cancu_index__term(&key, "abbr-of:", expansion);
        if (!status && key.failed)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        if (!status)
            status = cancu_xapian_get_metadata(archive->db, key.data, &known);
        if (!status && !*known)
            status = cancu_xapian_set_metadata(archive->db, key.data, a->abbr);
        free(known);
        cancu_strbuf__dispose(&key);
    }
    return status;
}

/* The terms a search's field filters use: the plan's year on the plan;
 * a task's lead units and area, by their folded keys, on the plan and on
 * the task. */
static bool add_year_term(cancu_xapian_doc_t *xdoc, const cancu_document_t *doc)
{
    char year[16];

    if (!doc->plan_year)
        return true;
    snprintf(year, sizeof year, "%d", doc->plan_year);
    return add_prefixed_term(xdoc, CANCU_PREFIX_YEAR, year);
}

/* The issuer as written, its blanks made single spaces: on the plan, as
 * the year is, for search's issuer facet. */
static bool add_issuer_term(cancu_xapian_doc_t *xdoc,
                            const cancu_document_t *doc)
{
    cancu_strbuf_t issuer = CANCU_STRBUF_INIT;
    bool space = false, ok;

    for (const char *p = doc->issuer ? doc->issuer : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = issuer.len > 0;
            continue;
        }
        if (space)
            cancu_strbuf__putc(&issuer, ' ');
        space = false;
        cancu_strbuf__putc(&issuer, *p);
    }
    ok = !issuer.failed &&
         (!issuer.len || add_prefixed_term(xdoc, CANCU_PREFIX_ISSUER,
                                           cancu_strbuf__cstr(&issuer)));
    cancu_strbuf__dispose(&issuer);
    return ok;
}

static bool add_task_terms(cancu_xapian_doc_t *xdoc, const cancu_task_t *t)
{
    char key[256];
    bool ok = true;

    for (size_t a = 0; ok && a < t->nactivities; a++)
        for (size_t u = 0; ok && u < t->activities[a].nlead; u++)
            ok = add_prefixed_term(xdoc, CANCU_PREFIX_UNIT,
                                   t->activities[a].lead[u].key);
    if (ok && *t->area) {
        cancu_fold__ascii(t->area, strlen(t->area), key, sizeof key);
        ok = add_prefixed_term(xdoc, CANCU_PREFIX_AREA, key);
    }
    return ok;
}

static bool add_due_term(cancu_xapian_doc_t *xdoc, json_t *deadline)
{
    const char *end = json_string_value(json_object_get(deadline, "end"));
    char month[8];

    if (!end || strlen(end) < 7)
        return true;
    memcpy(month, end, 7);
    month[7] = '\0';
    return add_prefixed_term(xdoc, CANCU_PREFIX_DUE, month);
}

/* The months the task's deadlines end in, and those its recurring work's
 * occurrences end in, as the task JSON has them (what cancu_archive_tasks
 * tests a period against). */
static bool add_due_terms(cancu_xapian_doc_t *xdoc, json_t *task)
{
    json_t *activity, *deadline, *when;
    size_t a, d, o;
    bool ok = true;

    json_array_foreach(json_object_get(task, "activities"), a, activity)
    {
        json_array_foreach(json_object_get(activity, "deadlines"), d, deadline)
        {
            ok = ok && add_due_term(xdoc, deadline);
            json_array_foreach(json_object_get(deadline, "occurrences"), o,
                               when) ok = ok && add_due_term(xdoc, when);
        }
    }
    return ok;
}

/* The value of CANCU_SLOT_TASK_ORDER for task 'index' of 'doc': fields
 * of fixed width whose ascending order is the listing's, each byte then
 * turned around (255 - b) so that the greatest value comes first. */
static void task_order(char out[CANCU_TASK_ORDER_LEN],
                       const cancu_document_t *doc, size_t index)
{
    const cancu_task_t *t = &doc->tasks[index];
    const char *due = NULL;
    char place[16];
    size_t n = 0, len;

    for (size_t a = 0; a < t->nactivities; a++)
        for (size_t d = 0; d < t->activities[a].ndeadlines; d++) {
            const char *end = t->activities[a].deadlines[d].end;

            if (*end && (!due || strcmp(end, due) < 0))
                due = end;
        }
    /* The earliest deadline's last day; none after every date. */
    memset(out, 0, CANCU_TASK_ORDER_LEN);
    memcpy(out, due ? due : "~~~~~~~~~~", due ? strlen(due) : 10);
    n = 10;
    /* The newest plan first: its date turned around. */
    len = strlen(doc->date);
    for (size_t i = 0; i < 10; i++)
        out[n + i] = (char)(255 - (i < len ? (unsigned char)doc->date[i] : 0));
    n += 10;
    len = strlen(doc->id);
    memcpy(out + n, doc->id,
           len < CANCU_TASK_ORDER_ID_LEN ? len : CANCU_TASK_ORDER_ID_LEN);
    n += CANCU_TASK_ORDER_ID_LEN;
    snprintf(place, sizeof place, "%08zu", index % 100000000);
    memcpy(out + n, place, 8);
    for (size_t i = 0; i < CANCU_TASK_ORDER_LEN; i++)
        out[i] = (char)(255 - (unsigned char)out[i]);
}

/* One document a task, for the listing of tasks and for cites: its
 * references, lead units, area and months due as terms, its JSON with
 * the plan's identity and its search text as data, its place in the
 * listing as a value. Its words are not indexed here: search finds a
 * task as a passage of its plan (prepare_task_passage). */
static cancu_status_t prepare_tasks(cancu_prepared_t *prep,
                                    const cancu_document_t *doc)
{
    json_t *tasks = cancu_tasks__json(doc);
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    cancu_strbuf_t lines = CANCU_STRBUF_INIT;
    size_t i;
    json_t *task;

    if (!tasks)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    size_t head = SIZE_MAX;

    json_array_foreach(tasks, i, task)
    {
        cancu_xapian_doc_t *xdoc = cancu_xapian_doc_new();
        const cancu_task_t *t = &doc->tasks[i];
        char *json, order[CANCU_TASK_ORDER_LEN];
        bool ok;

        cancu_strbuf_t text = CANCU_STRBUF_INIT, where = CANCU_STRBUF_INIT;

        put_search_text(&text, t);
        json_object_set_new(task, "plan", json_string(doc->id));
        json_object_set_new(task, "plan_title", json_string(doc->title));
        json_object_set_new(task, "plan_date", json_string(doc->date));
        json_object_set_new(task, "plan_path", json_string(doc->path));
        json_object_set_new(task, "kind", json_string("task"));
        json_object_set_new(task, "section", json_string(t->section));
        json_object_set_new(task, "line", json_integer((json_int_t)t->line));
        json_object_set_new(task, "text",
                            json_string(cancu_strbuf__cstr(&text)));
        bool starts = i % CANCU_TASK_GROUP == 0;

        /* The first task of a group: the previous group's records go to
         * its first task's data; its own start with a header line. */
        if (starts) {
            if (head != SIZE_MAX &&
                (lines.failed || !cancu_xapian_doc_set_data(
                                     prep->xdocs[head], lines.data, lines.len)))
                status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                          "out of memory");
            head = prep->count;
            cancu_strbuf__clear(&lines);
            cancu_strbuf__printf(&lines, "%s%zu\t%s\n", CANCU_TASK_DATA_MARK, i,
                                 doc->id);
            cancu_archive__task_records_term(&where, doc->id, strlen(doc->id),
                                             i / CANCU_TASK_GROUP);
        } else {
            /* The others' data says where their record is. */
            cancu_strbuf__printf(&where, "%s%zu\t%s", CANCU_TASK_DATA_MARK, i,
                                 doc->id);
        }
        json = cancu_index__json_dumps(task);
        if (json) {
            cancu_strbuf__puts(&lines, json);
            cancu_strbuf__putc(&lines, '\n');
        }
        task_order(order, doc, i);
        ok =
            !status && xdoc && json && !where.failed && !lines.failed &&
            !text.failed && add_task_terms(xdoc, t) &&
            add_due_terms(xdoc, task) &&
            (starts ? cancu_xapian_doc_add_term(xdoc, where.data, where.len)
                    : cancu_xapian_doc_set_data(xdoc, where.data, where.len)) &&
            cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_DATE, doc->date,
                                       strlen(doc->date)) &&
            cancu_xapian_doc_set_value(xdoc, CANCU_SLOT_TASK_ORDER, order,
                                       sizeof order) &&
            add_prefixed_term(xdoc, CANCU_PREFIX_DOC, doc->id) &&
            add_prefixed_term(xdoc, CANCU_PREFIX_TYPE, "task");
        for (size_t k = 0; ok && k < t->nrefs; k++)
            ok = add_prefixed_term(xdoc, CANCU_PREFIX_REFERENCE,
                                   doc->refs[t->refs[k]].id) &&
                 add_prefixed_term(xdoc, CANCU_PREFIX_KEY,
                                   doc->refs[t->refs[k]].key);
        if (ok) {
            ok = keep_xdoc(prep, xdoc);
            xdoc = NULL;
        }
        status =
            ok ? CANCU_STATUS_SUCCESS
               : cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
        free(json);
        cancu_strbuf__dispose(&text);
        cancu_strbuf__dispose(&where);
        cancu_xapian_doc_destroy(xdoc);
        if (status)
            break;
    }
    if (!status && head != SIZE_MAX &&
        (lines.failed ||
         !cancu_xapian_doc_set_data(prep->xdocs[head], lines.data, lines.len)))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_strbuf__dispose(&lines);
    json_decref(tasks);
    return status;
}

size_t cancu_archive__record_length(const char *data, size_t len)
{
    const char *newline = memchr(data, '\n', len);

    return newline ? (size_t)(newline - data) : len;
}

json_t *cancu_archive__plan_passages(const char *data, size_t len,
                                     cancu_passage_filter_fn *wanted,
                                     void *payload)
{
    size_t at = cancu_archive__record_length(data, len) + 1;
    json_t *passages = json_array();

    while (passages && at < len) {
        const char *line = data + at;
        const char *end = memchr(line, '\n', len - at);
        size_t n = end ? (size_t)(end - line) : len - at;

        json_t *passage = NULL;

        if (!wanted || wanted(line, n, &passage, payload)) {
            if (!passage)
                passage = cancu_json__load(line, n);

            if (!json_is_object(passage) ||
                json_array_append_new(passages, passage) != 0) {
                json_decref(passages);
                return NULL;
            }
        }
        at += n + 1;
    }
    return passages;
}

static bool contains(const char *hay, size_t n, const char *needle, size_t len)
{
    for (const char *at = hay; len && (size_t)(hay + n - at) >= len; at++) {
        at = memchr(at, needle[0], (size_t)(hay + n - at) - len + 1);
        if (!at)
            return false;
        if (memcmp(at, needle, len) == 0)
            return true;
    }
    return false;
}

bool cancu_archive__passage_has_term(const char *line, size_t len,
                                     char *const *terms, size_t nterms,
                                     json_t **parsed_out)
{
    json_t *passage, *t;
    bool found = false, written = false;
    size_t i;

    if (parsed_out)
        *parsed_out = NULL;
    for (size_t k = 0; !written && k < nterms; k++)
        written = contains(line, len, terms[k], strlen(terms[k]));
    if (!written)
        return false;
    passage = cancu_json__load(line, len);
    json_array_foreach(json_object_get(passage, "terms"), i, t)
    {
        for (size_t k = 0; !found && k < nterms; k++)
            found = strcmp(json_string_value(t), terms[k]) == 0;
    }
    if (found && parsed_out)
        *parsed_out = passage;
    else
        json_decref(passage);
    return found;
}

size_t cancu_archive__slot_passages(size_t slot_len)
{
    return slot_len / 8;
}

unsigned int cancu_archive__slot_start(const char *slot, size_t i)
{
    return get_u32(slot + 8 * i);
}

size_t cancu_archive__slot_offset(const char *slot, size_t i)
{
    return get_u32(slot + 8 * i + 4);
}

const char *cancu_archive__plan_lines(const char *data, size_t len,
                                      size_t *lines_len)
{
    size_t at = cancu_archive__record_length(data, len) + 1;

    if (at > len)
        at = len;
    *lines_len = len - at;
    return data + at;
}

const char *cancu_archive__passage_line(const char *lines, size_t len,
                                        size_t offset, size_t *line_len)
{
    const char *end;

    if (offset >= len)
        return NULL;
    end = memchr(lines + offset, '\n', len - offset);
    *line_len = end ? (size_t)(end - (lines + offset)) : len - offset;
    return lines + offset;
}

/* The plan record's JSON of the first document found. */
static bool first_json(const char *data, size_t len, void *payload)
{
    char **out = payload;

    *out = strndup(data, cancu_archive__record_length(data, len));
    return false;
}

/* Delete every record of plan 'id'. */
static cancu_status_t delete_plan(cancu_archive_t *archive, const char *id)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    cancu_archive__forget_tasks(archive);
    cancu_strbuf__puts(&term, CANCU_PREFIX_DOC);
    cancu_strbuf__puts(&term, id);
    if (term.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    status = cancu_xapian_delete_term(archive->db, term.data);
    cancu_strbuf__dispose(&term);
    /* What it told the registry leaves with it. */
    if (!status)
        status = cancu_registry__forget_plan(archive, id);
    return status;
}

/* The id of the plan recorded for 'path', or NULL (malloc'd). */
static cancu_status_t plan_at_path(cancu_archive_t *archive, const char *path,
                                   char **id_out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    char *json = NULL;
    cancu_status_t status;

    *id_out = NULL;
    path_term(&term, path);
    if (term.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    status =
        cancu_xapian_foreach_data(archive->db, term.data, first_json, &json);
    cancu_strbuf__dispose(&term);
    if (!status && json) {
        json_t *root = json_loads(json, 0, NULL);
        const char *id = json_string_value(json_object_get(root, "id"));

        if (id)
            *id_out = strdup(id);
        json_decref(root);
        if (!*id_out)
            status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                      "plan record for %s is damaged", path);
    }
    free(json);
    return status;
}

/* A write that Xapian refused (disk full, file-size limit, damage):
 * say which archive, and that it is the writing that failed. */
static cancu_status_t write_failure(cancu_archive_t *archive,
                                    cancu_status_t status)
{
    if (status != CANCU_STATUS_ARCHIVE_ERROR &&
        status != CANCU_STATUS_XAPIAN_EXCEPTION)
        return status;
    return cancu_error__set(status, "%s: cannot write the archive: %s",
                            archive->dir, cancu_error_last());
}

/* The id the registry keeps a reference's document under: its key when
 * the key is the id with a year ("Luật Hợp tác xã:1996", "18-NQ/TW:2022":
 * a name enacted twice, a Party number used again), else its id. */
static const char *registry_id(const cancu_reference_t *r)
{
    size_t n = strlen(r->id), k = r->key ? strlen(r->key) : 0;

    if (k == n + 5 && strncmp(r->key, r->id, n) == 0 && r->key[n] == ':')
        return r->key;
    return r->id;
}

/* A law, code or ordinance is cited by its name: "Luật" and the title
 * its own text gives ("Hợp tác xã"), when that is a known name; with the
 * year it was passed when the name was enacted more than once. */
static bool copy_law_name(cancu_prepared_t *prep, const cancu_document_t *doc)
{
    const char *type = cancu_document_type(doc);
    const char *title = cancu_document_title(doc), *name = NULL;
    char full[512], id[540];
    int enactments = 0;
    size_t n;

    if (strcmp(type, "Luật") && strcmp(type, "Bộ luật") &&
        strcmp(type, "Pháp lệnh"))
        return true;
    snprintf(full, sizeof full, "%s %s", type, title);
    n = cancu_references__known_name(full, strlen(full), &name, &enactments);
    if (!n || n != strlen(full))
        return true;
    if (enactments > 1 && strlen(cancu_document_date(doc)) >= 4)
        snprintf(id, sizeof id, "%s:%.4s", name, cancu_document_date(doc));
    else
        snprintf(id, sizeof id, "%s", name);
    prep->self_name = cancu_arena__strdup(prep->arena, id);
    return prep->self_name != NULL;
}

/* What the document says of itself, for the registry. */
static bool copy_self(cancu_prepared_t *prep, const cancu_document_t *doc)
{
    cancu_arena_t *a = prep->arena;
    cancu_self_record_t *s = &prep->self;
    const char *own = cancu_document_own_id(doc);

    if (!own || !*own)
        return true;
    s->id = cancu_arena__strdup(a, own);
    s->type = cancu_arena__strdup(a, cancu_document_type(doc));
    s->issuer = cancu_arena__strdup(a, cancu_document_issuer(doc));
    s->signed_on = cancu_arena__strdup(a, cancu_document_date(doc));
    s->in_force = cancu_arena__strdup(a, cancu_document_in_force(doc));
    s->title = cancu_arena__strdup(a, cancu_document_title(doc));
    s->path = prep->path;
    s->plan = prep->id;
    if (!s->id || !s->type || !s->issuer || !s->signed_on || !s->in_force ||
        !s->title)
        return false;
    return copy_law_name(prep, doc);
}

/* Copy what writing the plan needs besides its Xapian documents. */
static bool copy_plan_facts(cancu_prepared_t *prep, const cancu_document_t *doc)
{
    cancu_arena_t *a = prep->arena;

    prep->id = cancu_arena__strdup(a, cancu_document_id(doc));
    prep->path = cancu_arena__strdup(a, cancu_document_path(doc));
    prep->format = cancu_arena__strdup(a, cancu_document_format(doc));
    prep->encoding = cancu_arena__strdup(a, cancu_document_encoding(doc));
    if (!prep->id || !prep->path || !prep->format || !prep->encoding)
        return false;
    if (doc->nabbrevs) {
        prep->abbrevs =
            cancu_arena__alloc(a, doc->nabbrevs * sizeof *prep->abbrevs);
        if (!prep->abbrevs)
            return false;
    }
    for (size_t i = 0; i < doc->nabbrevs; i++) {
        cancu_abbrev_t *to = &prep->abbrevs[prep->nabbrevs++];

        to->abbr = cancu_arena__strdup(a, doc->abbrevs[i].abbr);
        to->expansion = cancu_arena__strdup(a, doc->abbrevs[i].expansion);
        if (!to->abbr || !to->expansion)
            return false;
    }
    if (doc->nrelations) {
        prep->relations =
            cancu_arena__alloc(a, doc->nrelations * sizeof *prep->relations);
        if (!prep->relations)
            return false;
    }
    for (size_t i = 0; i < doc->nrelations; i++) {
        const cancu_relation_t *r = &doc->relations[i];
        mined_relation_t *to = &prep->relations[prep->nrelations++];
        const char *source = r->source == SIZE_MAX
                                 ? doc->own_id
                                 : registry_id(&doc->refs[r->source]);
        /* A relation holds from the day its clause says; what the
         * document states about itself, else from the day it takes
         * effect, else from the day it was signed. */
        const char *date = r->date                 ? r->date
                           : r->source != SIZE_MAX ? doc->refs[r->source].date
                           : *cancu_document_in_force(doc)
                               ? cancu_document_in_force(doc)
                               : doc->date;

        to->line = cancu_reference_line(&doc->refs[r->target]);
        /* A part repealed or replaced: the document stays in force,
         * changed. */
        to->kind = cancu_arena__strdup(a, r->partial ? "amends" : r->kind);
        to->source = source ? cancu_arena__strdup(a, source) : NULL;
        to->target = cancu_arena__strdup(a, registry_id(&doc->refs[r->target]));
        to->date = date ? cancu_arena__strdup(a, date) : NULL;
        if (!to->kind || !to->target || (source && !to->source) ||
            (date && !to->date))
            return false;
    }
    return copy_self(prep, doc);
}

cancu_status_t cancu_archive_prepare(cancu_prepared_t **out,
                                     const cancu_document_t *doc)
{
    cancu_prepared_t *prep = calloc(1, sizeof *prep);
    size_t paragraphs = 0, tables = 0, passages = 0, nplaces = 0;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    task_place_t *places = NULL;
    bool failed = false;

    assert(out && doc);
    *out = NULL;
    if (!prep)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    prep->arena = cancu_arena__new();
    prep->plan = cancu_xapian_doc_new();
    prep->words = cancu_analyzer__cache_new();
    if (!prep->arena || !prep->plan || !prep->words ||
        !copy_plan_facts(prep, doc))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    places = task_places(doc, &nplaces, &failed);
    if (failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    for (size_t i = 0; !status && i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *b = cancu_document_block(doc, i);

        if (cancu_block_kind(b) == CANCU_BLOCK_PARAGRAPH) {
            paragraphs++;
            status = prepare_place(prep, doc, places, nplaces, i, 0, false,
                                   &passages);
            continue;
        }
        tables++;
        for (size_t r = 0; !status && r < cancu_block_row_count(b); r++)
            status = prepare_place(prep, doc, places, nplaces, i, r, true,
                                   &passages);
    }
    /* A task with no rows of its own is a passage after the others. */
    for (size_t k = 0; !status && k < doc->ntasks; k++)
        if (!doc->tasks[k].nrows) {
            passages++;
            status = prepare_task_passage(prep, doc, &doc->tasks[k]);
        }
    free(places);
    if (!status)
        status = prepare_tasks(prep, doc);
    /* The record last: a plan whose record is there is whole. */
    if (!status)
        status = prepare_record(prep, doc, paragraphs, tables, passages);
    cancu_analyzer__cache_destroy(prep->words);
    prep->words = NULL;
    if (status) {
        cancu_prepared_destroy(prep);
        return status;
    }
    *out = prep;
    return CANCU_STATUS_SUCCESS;
}

const char *cancu_prepared_id(const cancu_prepared_t *prep)
{
    return prep->id;
}

const char *cancu_prepared_path(const cancu_prepared_t *prep)
{
    return prep->path;
}

const char *cancu_prepared_format(const cancu_prepared_t *prep)
{
    return prep->format;
}

const char *cancu_prepared_encoding(const cancu_prepared_t *prep)
{
    return prep->encoding;
}

cancu_add_result_t cancu_prepared_result(const cancu_prepared_t *prep)
{
    return prep->result;
}

bool cancu_prepared__add_raw_term(cancu_prepared_t *prep, const char *term)
{
    /* The plan document, made last, is the last document. */
    return prep->count > 0 &&
           cancu_xapian_doc_add_term(prep->xdocs[prep->count - 1], term,
                                     strlen(term));
}

void cancu_prepared_destroy(cancu_prepared_t *prep)
{
    if (!prep)
        return;
    for (size_t i = 0; i < prep->count; i++)
        cancu_xapian_doc_destroy(prep->xdocs[i]);
    cancu_xapian_doc_destroy(prep->plan);
    cancu_strbuf__dispose(&prep->lines);
    cancu_strbuf__dispose(&prep->slot);
    cancu_analyzer__cache_destroy(prep->words);
    cancu_arena__destroy(prep->arena);
    free(prep->xdocs);
    free(prep);
}

/* Write one plan into the open transaction: decide by its path first,
 * then by its content, what it is to the archive, and write it. */
static cancu_status_t write_plan(cancu_archive_t *archive,
                                 cancu_prepared_t *prep)
{
    size_t freq = 0;
    char *old_id = NULL;
    cancu_status_t status;

    cancu_archive__forget_tasks(archive);
    status = cancu_xapian_begin(archive->db);
    if (!status)
        status = plan_at_path(archive, prep->path, &old_id);
    if (!status && old_id && strcmp(old_id, prep->id) == 0) {
        prep->result = CANCU_ADD_UNCHANGED;
        free(old_id);
        return CANCU_STATUS_SUCCESS;
    }
    /* The file's old version goes, whatever its new content is. */
    if (!status && old_id)
        status = delete_plan(archive, old_id);
    if (!status)
        status = term_freq(archive, CANCU_PREFIX_HASH, prep->id, &freq);
    prep->result = old_id ? CANCU_ADD_UPDATED : CANCU_ADD_ADDED;
    free(old_id);
    if (status)
        return status;
    /* The same content is there from another file: it is that plan. */
    if (freq > 0) {
        if (prep->result == CANCU_ADD_ADDED)
            prep->result = CANCU_ADD_UNCHANGED;
        return CANCU_STATUS_SUCCESS;
    }
    for (size_t i = 0; !status && i < prep->count; i++)
        status = cancu_xapian_add(archive->db, prep->xdocs[i]);
    if (!status)
        status = add_abbreviations(archive, prep);
    if (!status)
        status = add_mined_relations(archive, prep);
    return status;
}

/* Keep 'op' in the batch until it is committed. */
static bool batch_push(cancu_archive_t *archive, cancu_batch_op_t op)
{
    if (archive->batch_count == archive->batch_cap) {
        size_t cap = archive->batch_cap ? archive->batch_cap * 2 : 16;
        cancu_batch_op_t *b = realloc(archive->batch, cap * sizeof *b);

        if (!b)
            return false;
        archive->batch = b;
        archive->batch_cap = cap;
    }
    archive->batch[archive->batch_count++] = op;
    return true;
}

static void batch_clear(cancu_archive_t *archive)
{
    for (size_t i = 0; i < archive->batch_count; i++) {
        cancu_prepared_destroy(archive->batch[i].prep);
        free(archive->batch[i].removed_id);
    }
    archive->batch_count = 0;
}

void cancu_archive__cancel(cancu_archive_t *archive)
{
    cancu_xapian_cancel(archive->db);
    batch_clear(archive);
}

/* After a plan failed halfway: cancel the transaction, which drops the
 * whole batch, and write the batch's other operations again. */
static cancu_status_t rewrite_batch(cancu_archive_t *archive)
{
    cancu_status_t status = cancu_xapian_cancel(archive->db);

    if (!status)
        status = cancu_xapian_begin(archive->db);
    for (size_t i = 0; !status && i < archive->batch_count; i++) {
        cancu_batch_op_t *op = &archive->batch[i];

        status = op->prep ? write_plan(archive, op->prep)
                          : delete_plan(archive, op->removed_id);
    }
    return status;
}

/* The one-line reason a plan could not be written, kept short: Xapian's
 * message may quote a whole term. */
static cancu_status_t plan_refused(const cancu_prepared_t *prep)
{
    /* The reason (the last message, in each language) on one line. */
    cancu_error__shorten(159);
    return cancu_error__set(CANCU_STATUS_BAD_INPUT,
                            "%s: cannot be written to the archive: %s",
                            prep->path, cancu_error_last());
}

cancu_status_t cancu_archive_add_prepared(cancu_archive_t *archive,
                                          cancu_prepared_t *prep,
                                          cancu_add_result_t *result_out)
{
    cancu_status_t status;

    assert(archive && prep);
    if (archive->mode != CANCU_ARCHIVE_WRITE) {
        cancu_prepared_destroy(prep);
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    }
    status = write_plan(archive, prep);
    if (status == CANCU_STATUS_ARCHIVE_ERROR) {
        /* A write the database refused (disk full, file-size limit, I/O
         * error): the archive's failure, which the batch's other plans
         * would meet too, not this plan's. Xapian writes blocks as the
         * tables change, not only at a commit. */
        cancu_prepared_destroy(prep);
        status = write_failure(archive, status);
        cancu_archive__cancel(archive);
        return status;
    }
    if (status) {
        cancu_status_t refused = plan_refused(prep), again;
        char *reason = cancu_error__save();

        cancu_prepared_destroy(prep);
        /* The batch's others written again: if they go in, it was this
         * plan that could not, and only it is left out. */
        again = rewrite_batch(archive);
        if (again) {
            free(reason);
            again = write_failure(archive, again);
            cancu_archive__cancel(archive);
            return again;
        }
        if (!reason)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "out of memory");
        cancu_error__restore(reason);
        return refused;
    }
    if (result_out)
        *result_out = prep->result;
    if (!batch_push(archive, (cancu_batch_op_t){prep, NULL})) {
        cancu_prepared_destroy(prep);
        cancu_archive__cancel(archive);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    if (archive->batch_count >= BATCH_PLANS)
        return cancu_archive_commit(archive);
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive_add(cancu_archive_t *archive,
                                 const cancu_document_t *doc,
                                 cancu_add_result_t *result_out)
{
    cancu_prepared_t *prep = NULL;
    cancu_status_t status;

    assert(archive && doc && result_out);
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    status = cancu_archive_prepare(&prep, doc);
    if (!status)
        status = cancu_archive_add_prepared(archive, prep, result_out);
    return status;
}

void cancu_archive_on_commit(cancu_archive_t *archive,
                             cancu_archive_committed_fn fn, void *payload)
{
    assert(archive);
    archive->on_commit = fn;
    archive->on_commit_payload = payload;
}

cancu_status_t cancu_archive_commit(cancu_archive_t *archive)
{
    cancu_status_t status;

    assert(archive);
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return CANCU_STATUS_SUCCESS;
    status = cancu_xapian_commit(archive->db);
    if (status) {
        /* What the batch held is gone with the failed commit. */
        status = write_failure(archive, status);
        batch_clear(archive);
        return status;
    }
    for (size_t i = 0; archive->on_commit && i < archive->batch_count; i++)
        if (archive->batch[i].prep)
            archive->on_commit(archive->batch[i].prep,
                               archive->on_commit_payload);
    batch_clear(archive);
    return CANCU_STATUS_SUCCESS;
}

/* Compact after an ingest once the archive has grown this much beyond
 * its compacted size scaled by its plans: 200 generated plans written in
 * batches of 16 took 1.67 times the room of their compacted copy (56.7
 * against 33.9 MB; Xapian's tables, see cancu_xapian_compact), and
 * compacting them cost 0.2 s after a 4.3 s ingest. */
#define COMPACT_GROWTH 1.5

static cancu_status_t plan_count(cancu_archive_t *archive, size_t *out)
{
    return term_freq(archive, CANCU_PREFIX_TYPE, "plan", out);
}

/* Write the compacted copy at 'tmp', with its size and plans noted in
 * it. */
static cancu_status_t write_compacted(cancu_archive_t *archive, const char *tmp)
{
    cancu_xapian_db_t *fresh = NULL;
    char note[64];
    size_t plans = 0;
    cancu_status_t status = cancu_xapian_compact(archive->db, tmp);

    if (!status)
        status = plan_count(archive, &plans);
    if (!status)
        status = cancu_xapian_open(&fresh, tmp, CANCU_XAPIAN_WRITE);
    if (!status) {
        snprintf(note, sizeof note, "%llu %zu", cancu_fs__dir_bytes(tmp),
                 plans);
        status = cancu_xapian_set_metadata(fresh, CANCU_META_COMPACTED, note);
    }
    if (!status)
        status = cancu_xapian_commit(fresh);
    /* Closed before it is moved: a writer finds its files by path. */
    cancu_xapian_close(fresh);
    return status;
}

cancu_status_t cancu_archive_compact(cancu_archive_t *archive)
{
    char name[64];
    char *tmp;
    cancu_xapian_db_t *fresh = NULL;
    cancu_status_t status;

    assert(archive);
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    status = cancu_archive_commit(archive);
    if (status)
        return status;
    remove_stale_creations(archive->dir);
    snprintf(name, sizeof name, "xapian.new-%ld", (long)getpid());
    if (!(tmp = join_path(archive->dir, name)))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    cancu_fs__remove_tree(tmp);
    status = write_compacted(archive, tmp);
    if (status) {
        status = cancu_error__set(status, "%s: cannot compact the archive: %s",
                                  archive->dir, cancu_error_last());
        cancu_fs__remove_tree(tmp);
        free(tmp);
        return status;
    }
    /* The compacted folder takes the database's place in one step, so
     * that a reader opening the archive finds one or the other. The old
     * handle, which holds the old folder's lock only, has nothing left
     * to write and writes nothing again: a writer finds its files by
     * path, and its path is the new folder's now. */
    if (!cancu_fs__exchange(tmp, archive->db_path)) {
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "%s: cannot compact the archive: %s",
                                  archive->dir, strerror(errno));
        cancu_fs__remove_tree(tmp);
        free(tmp);
        return status;
    }
    cancu_fs__sync_dir(archive->dir);
    status = open_db(archive, CANCU_ARCHIVE_WRITE, &fresh);
    if (status) {
        /* Another writer took the new folder first: ours reads it, or at
         * worst keeps its old handle, which nothing writes through. */
        status = cancu_error__set(status,
                                  "%s: compacted, but cannot be opened for "
                                  "writing again: %s",
                                  archive->dir, cancu_error_last());
        archive->mode = CANCU_ARCHIVE_READ;
        if (open_db(archive, CANCU_ARCHIVE_READ, &fresh))
            fresh = NULL;
    }
    if (fresh) {
        cancu_xapian_close(archive->db);
        archive->db = fresh;
    }
    cancu_fs__remove_tree(tmp);
    free(tmp);
    return status;
}

unsigned long long cancu_archive_size(const cancu_archive_t *archive)
{
    assert(archive);
    return cancu_fs__dir_bytes(archive->db_path);
}

cancu_status_t cancu_archive__compact_if_grown(cancu_archive_t *archive)
{
    char *note = NULL;
    unsigned long long bytes, then_bytes = 0;
    size_t plans = 0, then_plans = 0;
    cancu_status_t status;

    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return CANCU_STATUS_SUCCESS;
    status = plan_count(archive, &plans);
    if (!status)
        status =
            cancu_xapian_get_metadata(archive->db, CANCU_META_COMPACTED, &note);
    if (status || plans == 0) {
        free(note);
        return status;
    }
    bytes = cancu_fs__dir_bytes(archive->db_path);
    /* Never compacted: compact. */
    if (sscanf(note, "%llu %zu", &then_bytes, &then_plans) == 2 &&
        then_plans > 0 &&
        (double)bytes <= COMPACT_GROWTH * (double)then_bytes * (double)plans /
                             (double)then_plans) {
        free(note);
        return CANCU_STATUS_SUCCESS;
    }
    free(note);
    return cancu_archive_compact(archive);
}

typedef struct prefix_matches {
    char *first;
    size_t count;
} prefix_matches_t;

static bool count_match(const char *term, size_t len, void *payload)
{
    prefix_matches_t *m = payload;
    size_t skip = strlen(CANCU_PREFIX_HASH);

    if (m->count++ == 0)
        m->first = strndup(term + skip, len - skip);
    return m->count < 2;
}

static bool is_hex_prefix(const char *s)
{
    size_t n = strlen(s);

    if (n < 6 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("0123456789abcdef", s[i]))
            return false;
    return true;
}

/* The full id of the one plan whose id begins with 'prefix' into *id_out
 * (malloc'd; NULL when none does). _INVALID_ARGUMENT when several do. */
static cancu_status_t plan_by_prefix(cancu_archive_t *archive,
                                     const char *prefix, char **id_out)
{
    prefix_matches_t matches = {NULL, 0};
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    *id_out = NULL;
    cancu_strbuf__puts(&term, CANCU_PREFIX_HASH);
    cancu_strbuf__puts(&term, prefix);
    status = term.failed
                 ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
                 : cancu_xapian_foreach_term(archive->db, term.data,
                                             count_match, &matches);
    cancu_strbuf__dispose(&term);
    if (!status && matches.count > 1) {
        free(matches.first);
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "id prefix '%s' names several plans", prefix);
    }
    if (status)
        free(matches.first);
    else
        *id_out = matches.first;
    return status;
}

/* The id of the plan named by its full id, a unique prefix of at least
 * 6 hex digits, or the path it was ingested from (malloc'd). */
cancu_status_t cancu_archive__find_plan(cancu_archive_t *archive,
                                        const char *id_or_path, char **id_out)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    assert(cancu_archive__may_read(archive));
    *id_out = NULL;
    if (is_hex_prefix(id_or_path))
        status = plan_by_prefix(archive, id_or_path, id_out);
    if (!status && !*id_out) {
        char resolved[PATH_MAX];
        const char *path =
            realpath(id_or_path, resolved) ? resolved : id_or_path;

        status = plan_at_path(archive, path, id_out);
    }
    if (!status && !*id_out)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND,
                                  "no plan with id or path '%s'", id_or_path);
    return status;
}

cancu_status_t cancu_archive_remove(cancu_archive_t *archive,
                                    const char *id_or_path,
                                    char **removed_id_out)
{
    char *id = NULL;
    cancu_status_t status;

    assert(archive && id_or_path);
    if (removed_id_out)
        *removed_id_out = NULL;
    if (archive->mode != CANCU_ARCHIVE_WRITE)
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "archive is open for reading only");
    status = cancu_xapian_begin(archive->db);
    if (!status)
        status = cancu_archive__find_plan(archive, id_or_path, &id);
    if (!status)
        status = delete_plan(archive, id);
    if (!status && removed_id_out) {
        *removed_id_out = strdup(id);
        if (!*removed_id_out)
            status =
                cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    /* Kept with the batch, to be done again if a plan has to be left
     * out of it. */
    if (!status && !batch_push(archive, (cancu_batch_op_t){NULL, id}))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    else if (!status)
        id = NULL;
    if (status && removed_id_out) {
        free(*removed_id_out);
        *removed_id_out = NULL;
    }
    free(id);
    return status;
}

/* The references record of a plan, read back into the document
 * model's own types. */
struct cancu_plan_refs {
    cancu_arena_t *arena;
    const char *id, *path, *title, *date, *format, *number;
    struct cancu_reference *refs;
    size_t nrefs;
    struct cancu_relation *relations;
    size_t nrelations;
    struct cancu_problem *problems;
    size_t nproblems;
};

typedef struct references_read {
    const char *id_or_path;
    cancu_plan_refs_t **out;
} references_read_t;

/* A string of 'o' into the arena: "" for null or missing, NULL only when
 * memory runs out ('failed' is then set). */
static const char *refs_str(cancu_plan_refs_t *pr, json_t *o, const char *key,
                            bool *failed)
{
    const char *s = json_string_value(json_object_get(o, key));
    const char *copy = cancu_arena__strdup(pr->arena, s ? s : "");

    if (!copy)
        *failed = true;
    return copy ? copy : "";
}

static size_t refs_size(json_t *o, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(o, key));

    return v > 0 ? (size_t)v : 0;
}

/* The first reference whose id (whose key, with 'key') is 's', else
 * SIZE_MAX; SIZE_MAX for a NULL 's'. */
static size_t refs_find(const cancu_plan_refs_t *pr, const char *s, bool key)
{
    for (size_t i = 0; s && i < pr->nrefs; i++)
        if (strcmp(key ? cancu_reference_key(&pr->refs[i]) : pr->refs[i].id,
                   s) == 0)
            return i;
    return SIZE_MAX;
}

static void *refs_array(cancu_plan_refs_t *pr, size_t n, size_t size,
                        bool *failed)
{
    void *a = cancu_arena__alloc(pr->arena, (n ? n : 1) * size);

    if (!a)
        *failed = true;
    else
        memset(a, 0, (n ? n : 1) * size);
    return a;
}

static void read_reference(cancu_plan_refs_t *pr, struct cancu_reference *r,
                           json_t *o, bool *failed)
{
    json_t *where = json_object_get(o, "where");

    r->id = refs_str(pr, o, "id", failed);
    r->key = refs_str(pr, o, "key", failed);
    r->form = refs_str(pr, o, "form", failed);
    r->type = refs_str(pr, o, "type", failed);
    r->number = refs_str(pr, o, "number", failed);
    r->year = (int)json_integer_value(json_object_get(o, "year"));
    r->code = refs_str(pr, o, "code", failed);
    r->issuer = refs_str(pr, o, "issuer", failed);
    r->province = refs_str(pr, o, "province", failed);
    r->date = refs_str(pr, o, "date", failed);
    r->title = refs_str(pr, o, "title", failed);
    r->text = refs_str(pr, o, "text", failed);
    r->start = refs_size(o, "start");
    r->end = refs_size(o, "end");
    r->ambiguous = json_is_true(json_object_get(o, "ambiguous"));
    r->resolved_from = SIZE_MAX;
    r->section = refs_str(pr, where, "section", failed);
    r->block = refs_size(where, "block");
    r->line = refs_size(where, "line");
    r->in_table = json_object_get(where, "row") != NULL;
    r->row = refs_size(where, "row");
    r->cell = refs_size(where, "cell");
    r->task = json_is_string(json_object_get(where, "task"))
                  ? refs_str(pr, where, "task", failed)
                  : NULL;
}

/* The reference a problem is about: the first with its id, text and
 * place. */
static size_t problem_reference(const cancu_plan_refs_t *pr, json_t *p)
{
    json_t *where = json_object_get(p, "where");
    const char *id = json_string_value(json_object_get(p, "id"));
    const char *text = json_string_value(json_object_get(p, "text"));

    for (size_t i = 0; id && text && i < pr->nrefs; i++) {
        const struct cancu_reference *r = &pr->refs[i];

        if (strcmp(r->id, id) == 0 && strcmp(r->text, text) == 0 &&
            r->block == refs_size(where, "block") &&
            r->row == refs_size(where, "row") &&
            r->cell == refs_size(where, "cell"))
            return i;
    }
    return refs_find(pr, id, false);
}

/* The record 'record' (the plan's data) into a new cancu_plan_refs_t. */
static cancu_status_t plan_refs_from(cancu_plan_refs_t **out, json_t *record,
                                     const char *id)
{
    json_t *refs = json_object_get(record, "refs"), *o;
    cancu_plan_refs_t *pr;
    bool failed = false;
    size_t i;

    if (!json_is_object(refs))
        return cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                "plan %s has no reference record", id);
    pr = calloc(1, sizeof *pr);
    if (!pr || !(pr->arena = cancu_arena__new())) {
        free(pr);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    pr->id = refs_str(pr, record, "id", &failed);
    pr->path = refs_str(pr, record, "path", &failed);
    pr->title = refs_str(pr, record, "title", &failed);
    pr->date = refs_str(pr, record, "date", &failed);
    pr->format = refs_str(pr, record, "format", &failed);
    pr->number = refs_str(pr, record, "own_id", &failed);
    pr->nrefs = json_array_size(json_object_get(refs, "references"));
    pr->refs = refs_array(pr, pr->nrefs, sizeof *pr->refs, &failed);
    pr->nrelations = json_array_size(json_object_get(refs, "relations"));
    pr->relations =
        refs_array(pr, pr->nrelations, sizeof *pr->relations, &failed);
    pr->nproblems = json_array_size(json_object_get(refs, "problems"));
    pr->problems = refs_array(pr, pr->nproblems, sizeof *pr->problems, &failed);
    if (failed) {
        cancu_plan_refs_destroy(pr);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    json_array_foreach(json_object_get(refs, "references"), i, o)
        read_reference(pr, &pr->refs[i], o, &failed);
    json_array_foreach(json_object_get(refs, "references"), i, o) pr->refs[i]
        .resolved_from = refs_find(
        pr, json_string_value(json_object_get(o, "resolves_to")), true);
    json_array_foreach(json_object_get(refs, "relations"), i, o)
    {
        struct cancu_relation *r = &pr->relations[i];
        const char *source = json_string_value(json_object_get(o, "source"));

        r->kind = refs_str(pr, o, "kind", &failed);
        /* The document itself acts when the source is its own number. */
        r->source = !source || (*pr->number && !strcmp(source, pr->number))
                        ? SIZE_MAX
                        : refs_find(pr, source, false);
        r->target = refs_find(
            pr, json_string_value(json_object_get(o, "target")), false);
        r->text = refs_str(pr, o, "text", &failed);
        r->partial = json_is_true(json_object_get(o, "partial"));
        r->date = json_is_string(json_object_get(o, "date"))
                      ? refs_str(pr, o, "date", &failed)
                      : NULL;
    }
    json_array_foreach(json_object_get(refs, "problems"), i, o)
    {
        struct cancu_problem *p = &pr->problems[i];

        p->reference = problem_reference(pr, o);
        p->kind = refs_str(pr, o, "kind", &failed);
        p->detail = refs_str(pr, o, "detail", &failed);
        p->suggestion = refs_str(pr, o, "suggestion", &failed);
    }
    if (failed) {
        cancu_plan_refs_destroy(pr);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    }
    *out = pr;
    return CANCU_STATUS_SUCCESS;
}

/* One read of the references record of the plan a references_read_t
 * names: into its 'out' when it succeeds. */
static cancu_status_t read_references(cancu_archive_t *archive, void *payload)
{
    references_read_t *r = payload;
    char *id = NULL, *json = NULL;
    json_t *record = NULL;
    cancu_status_t status;

    status = cancu_archive__find_plan(archive, r->id_or_path, &id);
    if (!status)
        status = cancu_archive__plan_json(archive, id, &json);
    if (!status) {
        record = cancu_json__load(json, strlen(json));
        status = plan_refs_from(r->out, record, id);
    }
    json_decref(record);
    free(json);
    free(id);
    return status;
}

cancu_status_t cancu_document_plan_refs(cancu_plan_refs_t **out,
                                        const cancu_document_t *doc)
{
    cancu_plan_refs_t *pr = calloc(1, sizeof *pr);

    assert(out && doc);
    *out = pr;
    if (!pr)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    /* No arena: nothing of its own but this view. */
    pr->id = cancu_document_id(doc);
    pr->path = cancu_document_path(doc);
    pr->title = cancu_document_title(doc);
    pr->date = cancu_document_date(doc);
    pr->format = cancu_document_format(doc);
    pr->number = cancu_document_own_id(doc);
    pr->refs = doc->refs;
    pr->nrefs = doc->nrefs;
    pr->relations = doc->relations;
    pr->nrelations = doc->nrelations;
    pr->problems = doc->problems;
    pr->nproblems = doc->nproblems;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive_plan_references(cancu_plan_refs_t **out,
                                             cancu_archive_t *archive,
                                             const char *id_or_path)
{
    references_read_t r = {id_or_path, out};

    assert(archive && id_or_path && out);
    *out = NULL;
    return cancu_archive__read(archive, read_references, &r);
}

void cancu_plan_refs_destroy(cancu_plan_refs_t *refs)
{
    if (!refs)
        return;
    cancu_arena__destroy(refs->arena);
    free(refs);
}

const char *cancu_plan_refs_id(const cancu_plan_refs_t *refs)
{
    return refs->id;
}
const char *cancu_plan_refs_path(const cancu_plan_refs_t *refs)
{
    return refs->path;
}
const char *cancu_plan_refs_title(const cancu_plan_refs_t *refs)
{
    return refs->title;
}
const char *cancu_plan_refs_date(const cancu_plan_refs_t *refs)
{
    return refs->date;
}
const char *cancu_plan_refs_format(const cancu_plan_refs_t *refs)
{
    return refs->format;
}
const char *cancu_plan_refs_number(const cancu_plan_refs_t *refs)
{
    return refs->number;
}
size_t cancu_plan_refs_reference_count(const cancu_plan_refs_t *refs)
{
    return refs->nrefs;
}
const cancu_reference_t *
cancu_plan_refs_reference(const cancu_plan_refs_t *refs, size_t index)
{
    return index < refs->nrefs ? &refs->refs[index] : NULL;
}
size_t cancu_plan_refs_relation_count(const cancu_plan_refs_t *refs)
{
    return refs->nrelations;
}
const cancu_relation_t *cancu_plan_refs_relation(const cancu_plan_refs_t *refs,
                                                 size_t index)
{
    return index < refs->nrelations ? &refs->relations[index] : NULL;
}
size_t cancu_plan_refs_problem_count(const cancu_plan_refs_t *refs)
{
    return refs->nproblems;
}
const cancu_problem_t *cancu_plan_refs_problem(const cancu_plan_refs_t *refs,
                                               size_t index)
{
    return index < refs->nproblems ? &refs->problems[index] : NULL;
}

cancu_status_t cancu_archive__plan_json(cancu_archive_t *archive,
                                        const char *id, char **out)
{
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    cancu_status_t status;

    assert(cancu_archive__may_read(archive));
    *out = NULL;
    cancu_strbuf__puts(&term, CANCU_PREFIX_RECORD);
    cancu_strbuf__puts(&term, id);
    if (term.failed)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    status = cancu_xapian_foreach_data(archive->db, term.data, first_json, out);
    cancu_strbuf__dispose(&term);
    if (!status && !*out)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND, "no plan %s", id);
    return status;
}

/* Plan lists. */

typedef struct list_builder {
    cancu_plan_list_t *list;
    bool failed;
} list_builder_t;

static const char *copy_field(cancu_arena_t *arena, json_t *root,
                              const char *key)
{
    const char *s = json_string_value(json_object_get(root, key));
    const char *copy = cancu_arena__strdup(arena, s ? s : "");

    return copy;
}

static size_t int_field(json_t *root, const char *key)
{
    json_int_t v = json_integer_value(json_object_get(root, key));

    return v > 0 ? (size_t)v : 0;
}

static bool collect_plan(const char *data, size_t len, void *payload)
{
    list_builder_t *b = payload;
    cancu_plan_list_t *list = b->list;
    json_t *root =
        json_loadb(data, cancu_archive__record_length(data, len), 0, NULL);
    struct cancu_plan *p;

    if (!root)
        return true; /* verify reports damaged records */
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        struct cancu_plan *plans = realloc(list->plans, cap * sizeof *plans);

        if (!plans) {
            json_decref(root);
            b->failed = true;
            return false;
        }
        list->plans = plans;
        list->cap = cap;
    }
    p = &list->plans[list->count];
    p->id = copy_field(list->arena, root, "id");
    p->path = copy_field(list->arena, root, "path");
    p->title = copy_field(list->arena, root, "title");
    p->date = copy_field(list->arena, root, "date");
    p->format = copy_field(list->arena, root, "format");
    p->encoding = copy_field(list->arena, root, "encoding");
    p->ingested = copy_field(list->arena, root, "ingested");
    p->issuer = copy_field(list->arena, root, "issuer");
    p->number = copy_field(list->arena, root, "number");
    p->place = copy_field(list->arena, root, "place");
    p->type = copy_field(list->arena, root, "type");
    p->parent = copy_field(list->arena, root, "parent");
    p->province = copy_field(list->arena, root, "province");
    p->in_force = copy_field(list->arena, root, "in_force");
    p->year = (int)int_field(root, "year");
    p->size = int_field(root, "size");
    p->paragraphs = int_field(root, "paragraphs");
    p->tables = int_field(root, "tables");
    p->passages = int_field(root, "passages");
    p->references = int_field(root, "references");
    p->tasks = int_field(root, "tasks_count");
    json_decref(root);
    if (!p->id || !p->path || !p->title || !p->date || !p->format ||
        !p->encoding || !p->ingested || !p->issuer || !p->number || !p->place ||
        !p->type || !p->parent || !p->province || !p->in_force) {
        b->failed = true;
        return false;
    }
    list->count++;
    return true;
}

static int newest_first(const void *a, const void *b)
{
    const struct cancu_plan *x = a, *y = b;
    int c = strcmp(y->date, x->date);

    return c ? c : strcmp(x->path, y->path);
}

/* An empty plan list with its arena; NULL when memory ran out. */
static cancu_plan_list_t *plan_list_new(void)
{
    cancu_plan_list_t *list = calloc(1, sizeof *list);

    if (list && !(list->arena = cancu_arena__new())) {
        free(list);
        list = NULL;
    }
    return list;
}

/* One read of every plan record: the list into *payload (a
 * cancu_plan_list_t **) when it succeeds. */
static cancu_status_t read_plans(cancu_archive_t *archive, void *payload)
{
    cancu_plan_list_t **out = payload, *list;
    list_builder_t b;
    cancu_status_t status;

    list = plan_list_new();
    if (!list)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    b.list = list;
    b.failed = false;
    status = cancu_xapian_foreach_value(archive->db, CANCU_PREFIX_TYPE "plan",
                                        CANCU_SLOT_LISTING, collect_plan, &b);
    if (!status && b.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (status) {
        cancu_plan_list_destroy(list);
        return status;
    }
    if (list->count)
        qsort(list->plans, list->count, sizeof *list->plans, newest_first);
    *out = list;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive_plans(cancu_plan_list_t **out,
                                   cancu_archive_t *archive)
{
    assert(out && archive);
    *out = NULL;
    return cancu_archive__read(archive, read_plans, out);
}

typedef struct plan_by_id {
    const char *id;
    cancu_plan_list_t **out;
} plan_by_id_t;

static cancu_status_t read_plan(cancu_archive_t *archive, void *payload)
{
    plan_by_id_t *q = payload;
    cancu_plan_list_t *list;
    cancu_strbuf_t term = CANCU_STRBUF_INIT;
    list_builder_t b;
    char *id = NULL;
    cancu_status_t status;

    cancu_plan_list_destroy(*q->out);
    *q->out = NULL;
    status = plan_by_prefix(archive, q->id, &id);
    if (!status && !id)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND, "no plan %s", q->id);
    if (status)
        return status;
    cancu_strbuf__puts(&term, CANCU_PREFIX_HASH);
    cancu_strbuf__puts(&term, id);
    free(id);
    list = plan_list_new();
    b.list = list;
    b.failed = false;
    status =
        !list || term.failed
            ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory")
            : cancu_xapian_foreach_value(archive->db, term.data,
                                         CANCU_SLOT_LISTING, collect_plan, &b);
    cancu_strbuf__dispose(&term);
    if (!status && b.failed)
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    if (!status && list->count != 1)
        status = cancu_error__set(CANCU_STATUS_NOT_FOUND, "no plan %s", q->id);
    if (status) {
        cancu_plan_list_destroy(list);
        return status;
    }
    *q->out = list;
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_archive_plan(cancu_plan_list_t **out,
                                  cancu_archive_t *archive, const char *id)
{
    plan_by_id_t q = {id, out};

    assert(out && archive && id);
    *out = NULL;
    if (!is_hex_prefix(id))
        return cancu_error__set(CANCU_STATUS_INVALID_ARGUMENT,
                                "'%.80s' is not a plan id", id);
    return cancu_archive__read(archive, read_plan, &q);
}

typedef struct passage_check {
    cancu_strbuf_t problem;
    bool failed;
} passage_check_t;

/* A plan document's passages must be those its record counts. */
static bool check_passages(const char *data, size_t len, void *payload)
{
    passage_check_t *c = payload;
    size_t record = cancu_archive__record_length(data, len);
    json_t *root = json_loadb(data, record, 0, NULL);
    json_t *passages = cancu_archive__plan_passages(data, len, NULL, NULL);
    json_int_t expected = json_integer_value(json_object_get(root, "passages"));

    if (!root || !passages ||
        (json_int_t)json_array_size(passages) != expected) {
        const char *path = json_string_value(json_object_get(root, "path"));

        cancu_strbuf__printf(&c->problem,
                             "plan record %s has %zu passages where it "
                             "counts %lld",
                             path ? path : "(damaged)",
                             json_array_size(passages), (long long)expected);
        c->failed = true;
    }
    json_decref(root);
    json_decref(passages);
    return !c->failed;
}

/* One read of the whole archive, checking that it holds together. */
static cancu_status_t read_verify(cancu_archive_t *archive, void *unused)
{
    cancu_plan_list_t *list = NULL;
    passage_check_t check = {CANCU_STRBUF_INIT, false};
    size_t plans = 0;
    cancu_status_t status;

    (void)unused;
    status = cancu_archive_plans(&list, archive);
    for (size_t i = 0; !status && i < list->count; i++) {
        const struct cancu_plan *p = &list->plans[i];
        size_t parts = 0, records = 0, task_records = 0;

        status = term_freq(archive, CANCU_PREFIX_DOC, p->id, &parts);
        if (!status)
            status = term_freq(archive, CANCU_PREFIX_HASH, p->id, &records);
        for (size_t g = 0; !status && g * CANCU_TASK_GROUP < p->tasks; g++) {
            cancu_strbuf_t term = CANCU_STRBUF_INIT;

            cancu_archive__task_records_term(&term, p->id, strlen(p->id), g);
            status = term.failed ? cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                                    "out of memory")
                                 : cancu_xapian_term_freq(
                                       archive->db, term.data, &task_records);
            cancu_strbuf__dispose(&term);
            if (!status && task_records != 1)
                status = cancu_error__set(
                    CANCU_STATUS_ARCHIVE_ERROR,
                    "plan %s (%s) has %zu documents of task records %zu, "
                    "expected 1",
                    p->id, p->path, task_records, g);
        }
        if (!status && (records != 1 || parts != p->tasks + 2))
            status =
                cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                 "plan %s (%s) has %zu records and %zu "
                                 "parts, expected 1 and %zu",
                                 p->id, p->path, records, parts, p->tasks + 2);
    }
    /* A plan document whose record cannot be read shows in the count. */
    if (!status)
        status = cancu_xapian_term_freq(archive->db, CANCU_PREFIX_TYPE "plan",
                                        &plans);
    if (!status && plans != list->count)
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR,
                                  "archive holds %zu plan documents, %zu of "
                                  "them readable",
                                  plans, list->count);
    if (!status)
        status = cancu_xapian_foreach_data(
            archive->db, CANCU_PREFIX_TYPE "plan", check_passages, &check);
    if (!status && check.failed)
        status = cancu_error__set(CANCU_STATUS_ARCHIVE_ERROR, "%s",
                                  check.problem.failed ? "out of memory"
                                                       : check.problem.data);
    cancu_strbuf__dispose(&check.problem);
    cancu_plan_list_destroy(list);
    return status;
}

cancu_status_t cancu_archive_verify(cancu_archive_t *archive)
{
    assert(archive);
    return cancu_archive__read(archive, read_verify, NULL);
}

size_t cancu_plan_list_count(const cancu_plan_list_t *list)
{
    return list->count;
}

const cancu_plan_t *cancu_plan_list_get(const cancu_plan_list_t *list,
                                        size_t index)
{
    return index < list->count ? &list->plans[index] : NULL;
}

void cancu_plan_list_destroy(cancu_plan_list_t *list)
{
    if (!list)
        return;
    free(list->plans);
    cancu_arena__destroy(list->arena);
    free(list);
}

const char *cancu_plan_id(const cancu_plan_t *plan)
{
    return plan->id;
}
const char *cancu_plan_path(const cancu_plan_t *plan)
{
    return plan->path;
}
const char *cancu_plan_title(const cancu_plan_t *plan)
{
    return plan->title;
}
const char *cancu_plan_date(const cancu_plan_t *plan)
{
    return plan->date;
}
const char *cancu_plan_format(const cancu_plan_t *plan)
{
    return plan->format;
}
const char *cancu_plan_encoding(const cancu_plan_t *plan)
{
    return plan->encoding;
}
const char *cancu_plan_ingested(const cancu_plan_t *plan)
{
    return plan->ingested;
}
size_t cancu_plan_size(const cancu_plan_t *plan)
{
    return plan->size;
}
size_t cancu_plan_paragraphs(const cancu_plan_t *plan)
{
    return plan->paragraphs;
}
size_t cancu_plan_tables(const cancu_plan_t *plan)
{
    return plan->tables;
}
size_t cancu_plan_passages(const cancu_plan_t *plan)
{
    return plan->passages;
}
size_t cancu_plan_tasks(const cancu_plan_t *plan)
{
    return plan->tasks;
}

const char *cancu_plan_issuer(const cancu_plan_t *plan)
{
    return plan->issuer;
}

const char *cancu_plan_number(const cancu_plan_t *plan)
{
    return plan->number;
}

const char *cancu_plan_place(const cancu_plan_t *plan)
{
    return plan->place;
}

const char *cancu_plan_type(const cancu_plan_t *plan)
{
    return plan->type;
}

const char *cancu_plan_parent_issuer(const cancu_plan_t *plan)
{
    return plan->parent;
}

const char *cancu_plan_province(const cancu_plan_t *plan)
{
    return plan->province;
}

const char *cancu_plan_in_force(const cancu_plan_t *plan)
{
    return plan->in_force;
}

int cancu_plan_year(const cancu_plan_t *plan)
{
    return plan->year;
}

size_t cancu_plan_references(const cancu_plan_t *plan)
{
    return plan->references;
}
