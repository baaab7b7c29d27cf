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

/* A page of tasks, the answer of cancu_archive_tasks. */
typedef struct cancu_task_list cancu_task_list_t;
/* One task of a plan: a row of a task table or a bullet of the body. */
typedef struct cancu_task cancu_task_t;
/* One activity of a task: what is done, by whom, by when. */
typedef struct cancu_activity cancu_activity_t;
/* One deadline of an activity, as a dated interval. */
typedef struct cancu_deadline cancu_deadline_t;

/* The tasks of the archive's plans that pass 'query', sorted by their
 * earliest deadline (tasks without one last), then the newest plan
 * first, then their place in the plan; one page of them. A task is told
 * apart by its plan, table, part and row, never by its number alone.
 * Without filters, or with 'plan' only, what it costs grows with the
 * page, not with the archive; 'lead', 'area' and the due filters read
 * every task of the plans asked for, 'cites' every task citing the
 * document. 'query' may be NULL (all tasks).
 * Returns CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT (a malformed date or
 * period), _NOT_FOUND (no such plan), _ARCHIVE_ERROR,
 * _XAPIAN_EXCEPTION, _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_task_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_tasks(cancu_task_list_t **out, cancu_archive_t *archive,
                    const cancu_task_query_t *query);

/* The same for one document read from a file; 'query->plan' is ignored
 * and 'query->cites' is matched against the document's own references.
 * The list keeps what it needs: 'doc' may be destroyed first. Returns
 * CANCU_STATUS_SUCCESS, _INVALID_ARGUMENT, _OUT_OF_MEMORY. The caller
 * owns *out and frees it with cancu_task_list_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_document_tasks(cancu_task_list_t **out, const cancu_document_t *doc,
                     const cancu_task_query_t *query);

/* The tasks of the page, in order. */
CANCU_EXTERN(size_t) cancu_task_list_count(const cancu_task_list_t *list);
/* Task 'index', or NULL past the end. Borrowed from 'list' until
 * cancu_task_list_destroy. */
CANCU_EXTERN(const cancu_task_t *)
cancu_task_list_get(const cancu_task_list_t *list, size_t index);
/* How many tasks pass the query in all, and the page asked for (limit
 * 0: all of them). */
CANCU_EXTERN(size_t) cancu_task_list_total(const cancu_task_list_t *list);
CANCU_EXTERN(size_t) cancu_task_list_offset(const cancu_task_list_t *list);
CANCU_EXTERN(size_t) cancu_task_list_limit(const cancu_task_list_t *list);
/* Free 'list' and every task, activity and deadline borrowed from it.
 * NULL does nothing. */
CANCU_EXTERN(void) cancu_task_list_destroy(cancu_task_list_t *list);

/* Fields of a task. Strings are never NULL ("" when none) and, like
 * every activity and deadline, are borrowed from the list it came
 * from. */
/* Its number as the plan writes it ("1", "2.a"); numbers repeat. */
CANCU_EXTERN(const char *) cancu_task_no(const cancu_task_t *task);
/* The task table it stands in (1 for the plan's first, 0 for a bullet
 * of the body), the body part of a bullet ("II"; "" in a table) and its
 * row (its first row in its table, the header being 1, or a bullet's
 * place in its part). */
CANCU_EXTERN(size_t) cancu_task_table(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_part(const cancu_task_t *task);
CANCU_EXTERN(size_t) cancu_task_row(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_area(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_objective(const cancu_task_t *task);
/* The task's own words. */
CANCU_EXTERN(const char *) cancu_task_text(const cancu_task_t *task);
/* The references it rests on: their ids and identity keys (as
 * cancu_reference_id and cancu_reference_key), one per id. */
CANCU_EXTERN(size_t) cancu_task_reference_count(const cancu_task_t *task);
CANCU_EXTERN(const char *)
cancu_task_reference_id(const cancu_task_t *task, size_t index);
CANCU_EXTERN(const char *)
cancu_task_reference_key(const cancu_task_t *task, size_t index);
/* The distinct lead and partner units of all its activities, in order;
 * NULL past the end. */
CANCU_EXTERN(size_t) cancu_task_lead_count(const cancu_task_t *task);
CANCU_EXTERN(const char *)
cancu_task_lead(const cancu_task_t *task, size_t index);
CANCU_EXTERN(size_t) cancu_task_partner_count(const cancu_task_t *task);
CANCU_EXTERN(const char *)
cancu_task_partner(const cancu_task_t *task, size_t index);
/* Its activities; NULL past the end. */
CANCU_EXTERN(size_t) cancu_task_activity_count(const cancu_task_t *task);
CANCU_EXTERN(const cancu_activity_t *)
cancu_task_activity(const cancu_task_t *task, size_t index);
/* Where it stands: the section path ("II.3") and the 1-based line. */
CANCU_EXTERN(const char *) cancu_task_section(const cancu_task_t *task);
CANCU_EXTERN(size_t) cancu_task_line(const cancu_task_t *task);
/* Its plan: id, title, date (ISO) and the path it was read from. */
CANCU_EXTERN(const char *) cancu_task_plan(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_plan_title(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_plan_date(const cancu_task_t *task);
CANCU_EXTERN(const char *) cancu_task_plan_path(const cancu_task_t *task);
/* Whether it was read from an archive; only then has it the text that
 * search matches (its objective, task and activities joined by " — "),
 * which cancu_task_search_text gives ("" otherwise). */
CANCU_EXTERN(bool) cancu_task_is_archived(const cancu_task_t *task);
CANCU_EXTERN(const char *)
cancu_task_search_text(const cancu_task_t *task);

/* Fields of an activity. Strings are never NULL. */
CANCU_EXTERN(const char *)
cancu_activity_text(const cancu_activity_t *activity);
CANCU_EXTERN(const char *)
cancu_activity_output(const cancu_activity_t *activity);
CANCU_EXTERN(size_t) cancu_activity_lead_count(const cancu_activity_t *a);
CANCU_EXTERN(const char *)
cancu_activity_lead(const cancu_activity_t *activity, size_t index);
CANCU_EXTERN(size_t) cancu_activity_partner_count(const cancu_activity_t *a);
CANCU_EXTERN(const char *)
cancu_activity_partner(const cancu_activity_t *activity, size_t index);
CANCU_EXTERN(const char *)
cancu_activity_budget(const cancu_activity_t *activity);
/* The deadline as written ("Quý II/2022"), and what it says as dated
 * intervals; NULL past the end. */
CANCU_EXTERN(const char *)
cancu_activity_deadline_text(const cancu_activity_t *activity);
CANCU_EXTERN(size_t)
cancu_activity_deadline_count(const cancu_activity_t *activity);
CANCU_EXTERN(const cancu_deadline_t *)
cancu_activity_deadline(const cancu_activity_t *activity, size_t index);
CANCU_EXTERN(size_t) cancu_activity_line(const cancu_activity_t *activity);

/* Fields of a deadline. Strings are never NULL. */
/* The words that state it. */
CANCU_EXTERN(const char *)
cancu_deadline_text(const cancu_deadline_t *deadline);
/* "by", "within", "recurring", ... as the plan words it. */
CANCU_EXTERN(const char *)
cancu_deadline_kind(const cancu_deadline_t *deadline);
/* Its first and last day, ISO; "" when open (the first of a deadline
 * of kind "by") or unknown. */
CANCU_EXTERN(const char *)
cancu_deadline_start(const cancu_deadline_t *deadline);
CANCU_EXTERN(const char *)
cancu_deadline_end(const cancu_deadline_t *deadline);
/* For recurring work: "monthly", "quarterly", "yearly" or "continuous",
 * and its rule ("monthly:day=5,next-month"); "" otherwise. */
CANCU_EXTERN(const char *)
cancu_deadline_recurrence(const cancu_deadline_t *deadline);
CANCU_EXTERN(const char *)
cancu_deadline_rule(const cancu_deadline_t *deadline);
/* Monthly, quarterly and yearly work: its occurrences over its span or
 * else the plan's year, each a first day ("" when only the last is due)
 * and a last day; NULL past the end. */
CANCU_EXTERN(size_t)
cancu_deadline_occurrence_count(const cancu_deadline_t *deadline);
CANCU_EXTERN(const char *)
cancu_deadline_occurrence_start(const cancu_deadline_t *deadline, size_t index);
CANCU_EXTERN(const char *)
cancu_deadline_occurrence_end(const cancu_deadline_t *deadline, size_t index);

/* What rests on a legal document (see cancu_archive_cites). */
typedef struct cancu_cites cancu_cites_t;
/* A document the typed reference names. */
typedef struct cancu_cites_match cancu_cites_match_t;
/* A plan of the page citing it. */
typedef struct cancu_cites_plan cancu_cites_plan_t;
/* A paragraph or table row citing it. */
typedef struct cancu_passage cancu_passage_t;
/* What a text or the registry states about it: amends, replaces, ... */
typedef struct cancu_cites_relation cancu_cites_relation_t;

/* Options for cancu_archive_cites. Initialise with
 * CANCU_CITES_OPTIONS_INIT. */
typedef struct cancu_cites_options {
    unsigned int version;
    /* Put around each mention in passages' snippets; NULL gives "[" and
     * "]". */
    const char *highlight_start;
    const char *highlight_end;
    /* Of the plans citing the document, newest first, the 'limit' plans
     * after the first 'offset' (limit 0: all of them). */
    size_t offset;
    size_t limit;
} cancu_cites_options_t;

#define CANCU_CITES_OPTIONS_VERSION 1
#define CANCU_CITES_OPTIONS_INIT                                               \
    {                                                                          \
        CANCU_CITES_OPTIONS_VERSION, NULL, NULL, 0, 0                          \
    }

/* What rests on the legal document 'typed' names (typed any way, as for
 * cancu_task_query_t.cites): the documents it matches (several when the
 * typed reference names several), and of one page of the plans citing
 * any of them, newest first, the plans, their tasks and their passages
 * citing it, newest plan first; and the relations the archive's texts
 * state about it and what its registry knows of it and of what it
 * amends or replaces (every plan's text reaches the registry as mined
 * relations, which are all listed). What it costs grows with the page,
 * not with the archive. 'options' may be NULL (all plans, "[" and "]").
 * Returns CANCU_STATUS_SUCCESS, _ARCHIVE_ERROR, _XAPIAN_EXCEPTION,
 * _OUT_OF_MEMORY.
 * The caller owns *out and frees it with cancu_cites_destroy. */
CANCU_EXTERN(cancu_status_t)
cancu_archive_cites(cancu_cites_t **out, cancu_archive_t *archive,
                    const char *typed, const cancu_cites_options_t *options);

/* Everything below is borrowed from 'cites' until cancu_cites_destroy;
 * strings are never NULL ("" when unknown), and _get past the end gives
 * NULL. */
/* The reference as typed. */
CANCU_EXTERN(const char *) cancu_cites_query(const cancu_cites_t *cites);
CANCU_EXTERN(size_t) cancu_cites_match_count(const cancu_cites_t *cites);
CANCU_EXTERN(const cancu_cites_match_t *)
cancu_cites_match_get(const cancu_cites_t *cites, size_t index);
/* How many plans cite any match, and the page asked for. */
CANCU_EXTERN(size_t) cancu_cites_plans_total(const cancu_cites_t *cites);
CANCU_EXTERN(size_t) cancu_cites_offset(const cancu_cites_t *cites);
CANCU_EXTERN(size_t) cancu_cites_limit(const cancu_cites_t *cites);
/* The page's plans, newest first. */
CANCU_EXTERN(size_t) cancu_cites_plan_count(const cancu_cites_t *cites);
CANCU_EXTERN(const cancu_cites_plan_t *)
cancu_cites_plan_get(const cancu_cites_t *cites, size_t index);
/* The tasks of the page's plans citing it, as cancu_archive_tasks gives
 * tasks (the list's total is its count, its offset and limit 0). */
CANCU_EXTERN(const cancu_task_list_t *)
cancu_cites_tasks(const cancu_cites_t *cites);
CANCU_EXTERN(size_t) cancu_cites_passage_count(const cancu_cites_t *cites);
CANCU_EXTERN(const cancu_passage_t *)
cancu_cites_passage_get(const cancu_cites_t *cites, size_t index);
CANCU_EXTERN(size_t) cancu_cites_relation_count(const cancu_cites_t *cites);
CANCU_EXTERN(const cancu_cites_relation_t *)
cancu_cites_relation_get(const cancu_cites_t *cites, size_t index);
/* Free 'cites' and all borrowed from it. NULL does nothing. */
CANCU_EXTERN(void) cancu_cites_destroy(cancu_cites_t *cites);

/* A match: the document's id and identity key, its type word, date,
 * issuer and title as the plans (else the registry) give them, how many
 * plans cite it (0: the registry holds it, no plan cites it) and its
 * legal status in the registry ("" when the registry has no record). */
CANCU_EXTERN(const char *)
cancu_cites_match_id(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_key(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_type(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_date(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_issuer(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_title(const cancu_cites_match_t *match);
CANCU_EXTERN(size_t)
cancu_cites_match_plans(const cancu_cites_match_t *match);
CANCU_EXTERN(const char *)
cancu_cites_match_status(const cancu_cites_match_t *match);

/* A plan of the page: its id, title, date and path. */
CANCU_EXTERN(const char *) cancu_cites_plan_id(const cancu_cites_plan_t *plan);
CANCU_EXTERN(const char *)
cancu_cites_plan_title(const cancu_cites_plan_t *plan);
CANCU_EXTERN(const char *)
cancu_cites_plan_date(const cancu_cites_plan_t *plan);
CANCU_EXTERN(const char *)
cancu_cites_plan_path(const cancu_cites_plan_t *plan);

/* A passage: "paragraph" or "row", the block and row it is in its plan
 * (the row 0 for a paragraph), its section, text and 1-based line, its
 * plan's id, title, date and path, and a window of its text with each
 * mention highlighted. */
CANCU_EXTERN(const char *) cancu_passage_kind(const cancu_passage_t *passage);
CANCU_EXTERN(size_t) cancu_passage_block(const cancu_passage_t *passage);
CANCU_EXTERN(size_t) cancu_passage_row(const cancu_passage_t *passage);
CANCU_EXTERN(const char *)
cancu_passage_section(const cancu_passage_t *passage);
CANCU_EXTERN(const char *) cancu_passage_text(const cancu_passage_t *passage);
CANCU_EXTERN(size_t) cancu_passage_line(const cancu_passage_t *passage);
CANCU_EXTERN(const char *) cancu_passage_plan(const cancu_passage_t *passage);
CANCU_EXTERN(const char *)
cancu_passage_plan_title(const cancu_passage_t *passage);
CANCU_EXTERN(const char *)
cancu_passage_plan_date(const cancu_passage_t *passage);
CANCU_EXTERN(const char *)
cancu_passage_plan_path(const cancu_passage_t *passage);
CANCU_EXTERN(const char *)
cancu_passage_snippet(const cancu_passage_t *passage);

/* A relation: "amends", "replaces", "repeals" or "expires", its source
 * and target ids, and its origin: "text" (then the words that state it
 * and the plan, by id and title, whose text does) or "registry" (then
 * the day it took effect, "" when unknown). */
CANCU_EXTERN(const char *)
cancu_cites_relation_kind(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_source(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_target(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_origin(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_text(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_plan(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_plan_title(const cancu_cites_relation_t *relation);
CANCU_EXTERN(const char *)
cancu_cites_relation_date(const cancu_cites_relation_t *relation);

CANCU_END_DECL

#endif
