/* What the document harnesses do with a plan once read: touch every
 * accessor a caller would, so the fuzzer reaches the lazy paths too. */
#ifndef CANCU_FUZZ_WALK_DOCUMENT_H
#define CANCU_FUZZ_WALK_DOCUMENT_H

#include <stdlib.h>
#include <string.h>

#include <stdint.h>

#include <cancu/document.h>
#include <cancu/tasks.h>

static size_t sink;

static void touch(const char *s)
{
    if (s)
        sink += strlen(s);
}

/* Every field of a reference, as a printer reads it. */
static void walk_reference(const cancu_reference_t *r)
{
    touch(cancu_reference_id(r));
    touch(cancu_reference_key(r));
    touch(cancu_reference_form(r));
    touch(cancu_reference_type(r));
    touch(cancu_reference_number(r));
    touch(cancu_reference_code(r));
    touch(cancu_reference_issuer(r));
    touch(cancu_reference_province(r));
    touch(cancu_reference_date(r));
    touch(cancu_reference_title(r));
    touch(cancu_reference_text(r));
    touch(cancu_reference_section(r));
    touch(cancu_reference_task(r));
    sink += cancu_reference_line(r) + cancu_reference_start(r) +
            cancu_reference_end(r) + (size_t)cancu_reference_year(r) +
            cancu_reference_in_table(r) + cancu_reference_in_task(r) +
            cancu_reference_resolved_from(r);
}

/* The references, relations, problems and tasks of 'doc', typed. */
static void walk_references(const cancu_document_t *doc)
{
    size_t n = cancu_document_reference_count(doc);
    cancu_task_list_t *tasks = NULL;

    touch(cancu_document_own_id(doc));
    touch(cancu_document_identity_issuer(doc));
    touch(cancu_document_identity_number(doc));
    touch(cancu_document_identity_place(doc));
    touch(cancu_document_identity_signed(doc));
    for (size_t i = 0; i < n; i++)
        walk_reference(cancu_document_reference(doc, i));
    for (size_t i = 0; i < cancu_document_relation_count(doc); i++) {
        const cancu_relation_t *r = cancu_document_relation(doc, i);

        touch(cancu_relation_kind(r));
        touch(cancu_relation_text(r));
        touch(cancu_relation_date(r));
        if (cancu_relation_source(r) != SIZE_MAX &&
            cancu_relation_source(r) >= n)
            abort();
        if (cancu_relation_target(r) >= n)
            abort();
    }
    for (size_t i = 0; i < cancu_document_problem_count(doc); i++) {
        const cancu_problem_t *p = cancu_document_problem(doc, i);

        touch(cancu_problem_kind(p));
        touch(cancu_problem_detail(p));
        touch(cancu_problem_suggestion(p));
        if (cancu_problem_reference(p) >= n)
            abort();
    }
    if (cancu_document_tasks(&tasks, doc, NULL) == CANCU_STATUS_SUCCESS)
        for (size_t i = 0; i < cancu_task_list_count(tasks); i++) {
            const cancu_task_t *t = cancu_task_list_get(tasks, i);

            touch(cancu_task_no(t));
            touch(cancu_task_text(t));
            for (size_t k = 0; k < cancu_task_activity_count(t); k++) {
                const cancu_activity_t *a = cancu_task_activity(t, k);

                touch(cancu_activity_text(a));
                for (size_t d = 0; d < cancu_activity_deadline_count(a); d++)
                    touch(cancu_deadline_end(cancu_activity_deadline(a, d)));
            }
        }
    cancu_task_list_destroy(tasks);
}

static inline void walk_document(const cancu_document_t *doc)
{
    touch(cancu_document_title(doc));
    touch(cancu_document_date(doc));
    touch(cancu_document_number(doc));
    touch(cancu_document_issuer(doc));
    for (size_t i = 0; i < cancu_document_block_count(doc); i++) {
        const cancu_block_t *block = cancu_document_block(doc, i);

        touch(cancu_block_text(block));
        touch(cancu_block_section(block));
        touch(cancu_block_heading(block));
        for (size_t r = 0; r < cancu_block_row_count(block); r++)
            for (size_t c = 0; c < cancu_block_cell_count(block, r); c++)
                touch(cancu_block_cell_text(block, r, c));
    }
    walk_references(doc);
}

#endif
