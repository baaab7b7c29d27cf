/* The archive as the query module sees it. */
#ifndef CANCU_INDEX_PRIVATE_H
#define CANCU_INDEX_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include <cancu/archive.h>

#include "index/xapian-shim.h"
#include "util/util.h"

/* Bumped when the terms or records change shape; an archive of another
 * schema is refused rather than misread. */
#define CANCU_SCHEMA_VERSION "11"

/* Positions left empty between two passages of a plan document: more
 * than any phrase a query holds, so that none matches across them. */
#define CANCU_PASSAGE_GAP 100

/* Does a plan passage's exact term keep its positions: when it is
 * written in ASCII, without accent or tone mark. Search lets the index
 * match the phrases of such words as typed; whether a passage has a
 * phrase with an accented word as typed it reads from the passage's
 * text. */
static inline bool cancu_archive__exact_positioned(const char *exact,
                                                   size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)exact[i] >= 0x80)
            return false;
    return true;
}

/* How a task document's data starts: "T\tK\tPLAN" says it is task K
 * (from 0) of plan PLAN. A plan's tasks are in groups of
 * CANCU_TASK_GROUP: the data of a group's first task goes on, after a
 * newline, with the group's records, one JSON object a line, in order;
 * that document alone has the group's term
 * (cancu_archive__task_records_term). A group, not the plan, so that
 * reading a few tasks of a plan (cites) inflates a few records, while
 * records of one plan compress together: on 200 generated plans they
 * took 6.4 MB compressed one by one. */
#define CANCU_TASK_DATA_MARK "T\t"
#define CANCU_TASK_GROUP 16

/* Metadata set in an archive whose every task carries the months its
 * deadlines end in (CANCU_PREFIX_DUE), so that a query for a period reads
 * only those tasks; archives written before have none. */
#define CANCU_META_DUE_TERMS "cancu.due-terms"

/* Metadata: "BYTES PLANS", the archive's size and its number of plans
 * when it was last compacted. */
#define CANCU_META_COMPACTED "cancu.compacted"

/* Value slots. */
#define CANCU_SLOT_DATE 0
/* A plan document's passages: for each, the position of its first word
 * and the byte offset of its line in the document's data, as two 32-bit
 * little-endian numbers. */
#define CANCU_SLOT_PASSAGES 1
/* A plan document's id, title and path: a small JSON object, so that a
 * search need not read the record. */
#define CANCU_SLOT_IDENTITY 2
/* A task document's place in the order 'cancu tasks' lists tasks in
 * (earliest deadline first, none last; then the newest plan, the plan's
 * id, the task's place in its plan), written so that the greatest value
 * comes first: cancu_xapian_newest() on it reads a page of that order
 * and no more. */
#define CANCU_SLOT_TASK_ORDER 3
/* Its length: deadline, plan date, the plan id's first 16 hex digits
 * (64 bits: two plans of one date meet there by chance only), place;
 * 10 + 10 + 16 + 8. */
#define CANCU_TASK_ORDER_ID_LEN 16
#define CANCU_TASK_ORDER_LEN 44
/* A plan document's record without its references (one JSON object),
 * what a listing of the plans shows: read without the plan's data, where
 * the references alone make a record some ten times larger. Archives
 * written before it have none; their listing reads the record. */
#define CANCU_SLOT_LISTING 4
/* Its record's relations (refs.relations, a JSON array): with the
 * listing, what cites reads of each plan citing a document, where the
 * whole record is mostly its references. */
#define CANCU_SLOT_RELATIONS 5
/* A registry record's mined relations' plans: {"KIND\tSOURCE\tDATE":
 * [plan ids]}. Kept out of the record's data, which every read of the
 * registry parses, while these lists grow with the archive (a relation
 * the plans of a kind restate is stated by most of them) and only adding
 * or forgetting a plan's relations needs them. */
#define CANCU_SLOT_MINED_PLANS 6

/* One operation of a batch: a plan added ('prep', owned) or a plan
 * removed ('removed_id', malloc'd). */
typedef struct cancu_batch_op {
    cancu_prepared_t *prep;
    char *removed_id;
} cancu_batch_op_t;

struct cancu_archive {
    char *dir;
    char *db_path;
    cancu_archive_mode_t mode;
    cancu_xapian_db_t *db;
    /* The database folder 'db' was opened on: a compaction puts a new
     * folder in its place, which a reader opens afresh rather than
     * reopening its handle on the old one (see cancu_archive_compact). */
    dev_t db_dev;
    ino_t db_ino;
    /* The bytes of the process's document cache this reader asked for
     * (cancu_archive_cache_data), for every handle it opens. */
    size_t cache_bytes;
    /* What the current batch did, in order, kept until it is committed:
     * when one plan cannot be written, the transaction is cancelled and
     * these are done again, so that only that plan is left out. */
    cancu_batch_op_t *batch;
    size_t batch_count, batch_cap;
    cancu_archive_committed_fn on_commit;
    void *on_commit_payload;
    /* How deep inside cancu_archive__read the caller is. */
    unsigned int reading;
    /* The task records of the group read last (cancu_archive__task_record),
     * for as long as the read they were read in: its plan's id, the group,
     * its first task's data, and where each record's line starts in it. */
    char *tasks_plan;
    size_t tasks_group;
    char *tasks_data;
    size_t *tasks_at;
    size_t tasks_count;
};

/* Add 'term' as written, unbounded, to the plan document of 'prep'; for
 * tests that need a plan the archive refuses. False when memory runs
 * out. */
bool cancu_prepared__add_raw_term(cancu_prepared_t *prep, const char *term);

/* Compact the archive (open for writing, its batch committed) when it
 * has grown well beyond its compacted size, scaled by its plans, or was
 * never compacted; nothing when it has no plans. */
cancu_status_t cancu_archive__compact_if_grown(cancu_archive_t *archive);

/* Cancel the current batch: nothing of it lands. */
void cancu_archive__cancel(cancu_archive_t *archive);

/* How many times cancu_archive__read runs a read before it gives up. */
#define CANCU_ARCHIVE_RETRIES 10

/* One read of the archive: everything it produces it makes afresh each
 * time it runs, freeing what an earlier, failed run left in 'payload'. */
typedef cancu_status_t cancu_archive_read_fn(cancu_archive_t *archive,
                                             void *payload);

/* Run 'fn' on 'archive'. When a writer's commits discarded the
 * revision it was reading (CANCU_STATUS_OPERATION_INVALIDATED), reopen
 * the archive at the latest revision and run it again from the start,
 * up to CANCU_ARCHIVE_RETRIES times in all; then give up with
 * _OPERATION_INVALIDATED and a message saying so. A read run inside
 * another runs once and passes its status up, so that the outer one
 * starts over on one revision: a caller that ignores a nested read's
 * failure must still pass _OPERATION_INVALIDATED on. Every public
 * function that reads an archive runs its reads through this. */
cancu_status_t cancu_archive__read(cancu_archive_t *archive,
                                   cancu_archive_read_fn *fn, void *payload);

/* Whether 'archive' may be read here: inside cancu_archive__read, or
 * open for writing, which always sees the latest revision. */
static inline bool cancu_archive__may_read(const cancu_archive_t *archive)
{
    return archive->reading > 0 || archive->mode == CANCU_ARCHIVE_WRITE;
}

/* The record (one line of JSON, borrowed until the next call or the end
 * of the read) of the task whose document's data is 'data'; a task
 * document other than its plan's first holds only where its record is,
 * which this reads from the first's, keeping the last plan's records for
 * the tasks of the same plan that follow. _ARCHIVE_ERROR when 'data' is
 * no task's or its record is missing. */
cancu_status_t cancu_archive__task_record(cancu_archive_t *archive,
                                          const char *data, size_t len,
                                          const char **line, size_t *line_len);

/* The term of group 'group' of plan 'plan''s task records, into 'term'. */
void cancu_archive__task_records_term(cancu_strbuf_t *term, const char *plan,
                                      size_t plan_len, size_t group);

/* Forget the task records cancu_archive__task_record keeps. */
void cancu_archive__forget_tasks(cancu_archive_t *archive);

/* The whole record of the plan with content id 'id' (malloc'd JSON,
 * from its record's own document: the plan document's data starts with
 * a stub of it, its id, path and number of passages), or
 * NULL with _NOT_FOUND. */
cancu_status_t cancu_archive__plan_json(cancu_archive_t *archive,
                                        const char *id, char **out);

/* The length of the record's JSON at the start of a plan document's data
 * (its passages follow, one JSON object a line). */
size_t cancu_archive__record_length(const char *data, size_t len);

/* A passage of a plan document: kind, block, row, section, text, line,
 * and terms (its references' XR and XK terms). */
typedef bool cancu_passage_filter_fn(const char *line, size_t len,
                                     json_t **parsed, void *payload);

/* The passages of a plan document's data as a JSON array, those whose
 * line 'wanted' accepts (all when NULL); NULL when damaged. A filter
 * that parsed the line to decide leaves the passage in *parsed (which
 * it then owns no more), so that no line is parsed twice. */
json_t *cancu_archive__plan_passages(const char *data, size_t len,
                                     cancu_passage_filter_fn *wanted,
                                     void *payload);

/* Does a passage's line hold one of the 'nterms' 'terms' among its
 * references' terms? Parsed only when one of them is written in it, and
 * then once; with 'parsed_out', the parsed passage when it does (the
 * caller owns it), else NULL. */
bool cancu_archive__passage_has_term(const char *line, size_t len,
                                     char *const *terms, size_t nterms,
                                     json_t **parsed_out);

/* The number of passages in a CANCU_SLOT_PASSAGES value, and the start
 * position and line offset of passage 'i'. */
size_t cancu_archive__slot_passages(size_t slot_len);
unsigned int cancu_archive__slot_start(const char *slot, size_t i);
size_t cancu_archive__slot_offset(const char *slot, size_t i);

/* The passages' lines of a plan document's data: what follows its
 * record. */
/* json_dumps(value, JSON_COMPACT), written faster (index/json-dump.c):
 * malloc'd, NULL when 'value' is neither an object nor an array or
 * memory runs out. */
char *cancu_index__json_dumps(const json_t *value);

const char *cancu_archive__plan_lines(const char *data, size_t len,
                                      size_t *lines_len);

/* The line of a passage at 'offset' in a plan document's lines
 * (cancu_archive__plan_lines); NULL when out of range. */
const char *cancu_archive__passage_line(const char *lines, size_t len,
                                        size_t offset, size_t *line_len);

/* The id of the plan named by its full id, a unique prefix of at least
 * 6 hex digits, or the path it was ingested from (malloc'd). */
cancu_status_t cancu_archive__find_plan(cancu_archive_t *archive,
                                        const char *id_or_path, char **id_out);

#endif
