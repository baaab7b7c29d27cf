/* References, relations and problems as JSON: what the archive keeps
 * with each plan (index/archive.c), read back by
 * cancu_archive_plan_references. Private: the command's printer writes
 * what `cancu refs` shows from the typed accessors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "ingest/ingest-private.h"

static json_t *where_json(const cancu_reference_t *r)
{
    json_t *where =
        json_pack("{s:s, s:I, s:I}", "section", cancu_reference_section(r),
                  "block", (json_int_t)r->block, "line", (json_int_t)r->line);

    if (where && r->in_table) {
        json_object_set_new(where, "row", json_integer((json_int_t)r->row));
        json_object_set_new(where, "cell", json_integer((json_int_t)r->cell));
        /* The task whose rows hold it, so a finding names the task. */
        if (r->task)
            json_object_set_new(where, "task", json_string(r->task));
    }
    return where;
}

static json_t *nullable(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *reference_json(const cancu_document_t *doc,
                              const cancu_reference_t *r)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:I, "
        "s:I, s:o, s:b}",
        "id", r->id, "key", r->key ? r->key : r->id, "form", r->form, "type",
        nullable(r->type), "number", nullable(r->number), "year",
        r->year ? json_integer(r->year) : json_null(), "code",
        nullable(r->code), "issuer", nullable(r->issuer), "province",
        nullable(r->province), "date", nullable(r->date), "title",
        nullable(r->title), "text", r->text, "start", (json_int_t)r->start,
        "end", (json_int_t)r->end, "where", where_json(r), "ambiguous",
        r->ambiguous);

    if (o && r->resolved_from != SIZE_MAX)
        json_object_set_new(o, "resolves_to",
                            json_string(doc->refs[r->resolved_from].key));
    return o;
}

static json_t *relation_end(const cancu_document_t *doc, size_t index)
{
    if (index == SIZE_MAX)
        return nullable(doc->own_id);
    return json_string(doc->refs[index].id);
}

json_t *cancu_references__json(const cancu_document_t *doc)
{
    json_t *refs = json_array(), *relations = json_array(),
           *problems = json_array();

    for (size_t i = 0; i < doc->nrefs; i++)
        json_array_append_new(refs, reference_json(doc, &doc->refs[i]));
    for (size_t i = 0; i < doc->nrelations; i++) {
        const cancu_relation_t *r = &doc->relations[i];

        json_array_append_new(
            relations,
            json_pack("{s:s, s:o, s:o, s:s, s:b, s:o}", "kind", r->kind,
                      "source", relation_end(doc, r->source), "target",
                      relation_end(doc, r->target), "text", r->text, "partial",
                      r->partial, "date",
                      r->date ? json_string(r->date) : json_null()));
    }
    for (size_t i = 0; i < doc->nproblems; i++) {
        const cancu_problem_t *p = &doc->problems[i];
        const cancu_reference_t *r = &doc->refs[p->reference];

        json_array_append_new(
            problems, json_pack("{s:s, s:s, s:s, s:o, s:s, s:o}", "id", r->id,
                                "kind", p->kind, "detail", p->detail,
                                "suggestion", nullable(p->suggestion), "text",
                                r->text, "where", where_json(r)));
    }
    return json_pack("{s:o, s:o, s:o}", "references", refs, "relations",
                     relations, "problems", problems);
}
