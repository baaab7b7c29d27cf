/* cancu: the tasks of plans, queried. */
#ifndef CANCU_TASKS_H
#define CANCU_TASKS_H

#include "common.h"
#include "status.h"
#include "document.h"
#include "archive.h"

CANCU_BEGIN_DECL

/* Which tasks to list. Initialise with CANCU_TASK_QUERY_INIT; every
 * filter left NULL lets all tasks through. */
typedef struct cancu_task_query {
    unsigned int version;
    /* A plan's id, unique id prefix or ingested path. */
    const char *plan;
    /* A reference typed any way: "60/2021/NĐ-CP", "nghi dinh 60/2021",
     * "ND 60/2021", "NĐ 60", "18-NQ/TW", "Luật Viên chức",
     * "602/QĐ-UBND Gia Lai". */
    const char *cites;
    /* Part of a lead unit's name, accents and case ignored. */
    const char *lead;
    /* Part of the area's name, accents and case ignored. */
    const char *area;
    /* A deadline ending on or before, on or after a date (YYYY-MM-DD), or
     * within a period ("2022", "2022-06", "2022-Q1"). */
    const char *due_before;
    const char *due_after;
    const char *due_within;
    /* The page: of the tasks that pass, in order, the 'limit' after the
     * first 'offset' (limit 0: all of them). Since version 2. */
    size_t offset;
    size_t limit;
} cancu_task_query_t;

#define CANCU_TASK_QUERY_VERSION 2
#define CANCU_TASK_QUERY_INIT                                                  \
    {                                                                          \
        CANCU_TASK_QUERY_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, \
            0                                                                  \
    }

/* The tasks of the archive's plans that pass 'query', sorted by their
 * earliest deadline (tasks without one last), then the newest plan
 * first, then their place in the plan; one page of them, as JSON text:
 * {"tasks": [task], "total": how many pass, "offset", "limit"} where
 * each task is as in cancu_document_tasks_json plus "plan",
 * "plan_title", "plan_date" and "plan_path". A task is told apart by
 * its plan, "table", "part" and "row", never by its "no" alone. Without
 * filters, or with 'plan' only, what it costs grows with the page, not
 * with the archive; 'lead', 'area' and the due filters read every task
 * of the plans asked for, 'cites' every task citing the document.
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (a malformed date or
 * period), _NOT_FOUND (no such plan), _ARCHIVE_ERROR,
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY. The caller owns *out: free(). */
CANCU_EXTERN(cancu_status_t)
cancu_archive_tasks(cancu_archive_t *archive, const cancu_task_query_t *query,
                    char **out);

/* The same for one document read from a file; 'query->plan' is ignored
 * and 'query->cites' is matched against the document's own references. */
CANCU_EXTERN(cancu_status_t)
cancu_document_tasks(const cancu_document_t *doc,
                     const cancu_task_query_t *query, char **out);

/* What rests on the legal document 'typed' names (typed any way, as for
 * cancu_task_query_t.cites), as JSON text: {"query", "matches": [{"id",
 * "key", "type", "date", "issuer", "title", "plans"}] (several when the
 * typed reference names several documents), "tasks": [task] (as
 * cancu_archive_tasks), "passages": [{"plan", "plan_title", "plan_date",
 * "section", "kind", "line", "text", "snippet"}] newest plan first, each
 * mention between 'highlight_start' and 'highlight_end' (NULL: "[" and
 * "]"), "relations": [{"kind", "source", "target", "origin", ...}]: what
 * the archive's texts state about it ("origin": "text", with "text",
 * "plan", "plan_title") and what its registry knows of it and of what
 * it amends or replaces ("origin": "registry", with "date")}. A match
 * the registry holds also gets its "status", and its title and date.
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY. The caller owns *out: free(). */
CANCU_EXTERN(cancu_status_t)
cancu_archive_cites(cancu_archive_t *archive, const char *typed,
                    const char *highlight_start, const char *highlight_end,
                    char **out);

/* The same, one page at a time: of the plans citing the document, newest
 * first, the 'limit' plans after the first 'offset' (0: all of them),
 * with their tasks and passages, and the relations their texts state
 * (what every plan's text states reaches the registry as mined
 * relations, which are all listed). "matches" still counts every plan,
 * "plans_total" says how many cite any match, "plans" lists the page's
 * ({"id", "title", "date", "path"}); "offset" and "limit" echo the page.
 * What it costs grows with the page, not with the archive. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_cites_page(cancu_archive_t *archive, const char *typed,
                         const char *highlight_start, const char *highlight_end,
                         size_t offset, size_t limit, char **out);

CANCU_END_DECL

#endif
