/* cancu refs FILE|PLAN-ID: the legal references of a plan. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu refs [--json] FILE|PLAN-ID\n\n"
       "The legal references of a plan file, or of a plan in the archive (by\n"
       "id or unique id prefix): each with its canonical id, type, number,\n"
       "year, code, issuer, date, title, the text as written and where it\n"
       "stands; the relations the text states between the documents it\n"
       "cites (amends, replaces, repeals, expires); and the problems the\n"
       "text alone shows (year-mismatch, missing-year, conflicting-date,\n"
       "future-dated, unknown-code, ambiguous).\n");

/* The references of a plan file or of a plan in the archive, read the
 * same way; 'doc' is the file's (NULL for a stored plan), for what only
 * a file tells: the identity its header states. */
typedef struct refs_view {
    const cancu_document_t *doc;
    const cancu_plan_refs_t *refs;
} refs_view_t;

/* An end of a relation: a reference's id, or the document's own number
 * (NULL when it gives none). */
static const char *relation_end(const refs_view_t *v, size_t index)
{
    const cancu_reference_t *r = cancu_plan_refs_reference(v->refs, index);
    const char *own = cancu_plan_refs_number(v->refs);

    if (index == SIZE_MAX || !r)
        return *own ? own : NULL;
    return cancu_reference_id(r);
}

static void print_where(sprinter_t *sp, const cancu_reference_t *r)
{
    sp->map_key(sp, "where");
    sp->begin_map(sp);
    sprinter_key_string(sp, "section", cancu_reference_section(r));
    sprinter_key_integer(sp, "block", (long long)cancu_reference_block(r));
    sprinter_key_integer(sp, "line", (long long)cancu_reference_line(r));
    if (cancu_reference_in_table(r)) {
        sprinter_key_integer(sp, "row", (long long)cancu_reference_row(r));
        sprinter_key_integer(sp, "cell", (long long)cancu_reference_cell(r));
        if (cancu_reference_in_task(r))
            sprinter_key_string(sp, "task", cancu_reference_task(r));
    }
    sp->end(sp);
}

static void print_reference(sprinter_t *sp, const refs_view_t *v,
                            const cancu_reference_t *r)
{
    const cancu_reference_t *to =
        cancu_plan_refs_reference(v->refs, cancu_reference_resolved_from(r));

    sp->begin_map(sp);
    sprinter_key_string(sp, "id", cancu_reference_id(r));
    sprinter_key_string(sp, "key", cancu_reference_key(r));
    sprinter_key_string(sp, "form", cancu_reference_form(r));
    sprinter_key_string_or_null(sp, "type", cancu_reference_type(r));
    sprinter_key_string_or_null(sp, "number", cancu_reference_number(r));
    sp->map_key(sp, "year");
    if (cancu_reference_year(r))
        sp->integer(sp, cancu_reference_year(r));
    else
        sp->null(sp);
    sprinter_key_string_or_null(sp, "code", cancu_reference_code(r));
    sprinter_key_string_or_null(sp, "issuer", cancu_reference_issuer(r));
    sprinter_key_string_or_null(sp, "province", cancu_reference_province(r));
    sprinter_key_string_or_null(sp, "date", cancu_reference_date(r));
    sprinter_key_string_or_null(sp, "title", cancu_reference_title(r));
    sprinter_key_string(sp, "text", cancu_reference_text(r));
    sprinter_key_integer(sp, "start", (long long)cancu_reference_start(r));
    sprinter_key_integer(sp, "end", (long long)cancu_reference_end(r));
    print_where(sp, r);
    sp->map_key(sp, "ambiguous");
    sp->boolean(sp, cancu_reference_is_ambiguous(r));
    if (to)
        sprinter_key_string(sp, "resolves_to", cancu_reference_key(to));
    sp->end(sp);
}

static void print_document(sprinter_t *sp, const refs_view_t *v)
{
    const cancu_document_t *d = v->doc;

    sp->map_key(sp, "document");
    sp->begin_map(sp);
    if (!d) {
        const cancu_plan_refs_t *p = v->refs;

        sprinter_key_string(sp, "id", cancu_plan_refs_id(p));
        sprinter_key_string(sp, "path", cancu_plan_refs_path(p));
        sprinter_key_string(sp, "title", cancu_plan_refs_title(p));
        sprinter_key_string(sp, "date", cancu_plan_refs_date(p));
        sprinter_key_string(sp, "format", cancu_plan_refs_format(p));
        sprinter_key_string(sp, "number", cancu_plan_refs_number(p));
        sp->end(sp);
        return;
    }
    sprinter_key_string(sp, "id", cancu_document_id(d));
    sprinter_key_string(sp, "path", cancu_document_path(d));
    sprinter_key_string(sp, "title", cancu_document_title(d));
    sprinter_key_string(sp, "date", cancu_document_date(d));
    sprinter_key_string(sp, "format", cancu_document_format(d));
    sprinter_key_string_or_null(sp, "number", cancu_document_own_id(d));
    sp->map_key(sp, "identity");
    sp->begin_map(sp);
    sprinter_key_string(sp, "issuer", cancu_document_identity_issuer(d));
    sprinter_key_string(sp, "parent", cancu_document_parent_issuer(d));
    sprinter_key_string(sp, "number", cancu_document_identity_number(d));
    sprinter_key_string(sp, "type", cancu_document_type(d));
    sprinter_key_string(sp, "place", cancu_document_identity_place(d));
    sprinter_key_string(sp, "signed", cancu_document_identity_signed(d));
    sprinter_key_string(sp, "title", cancu_document_own_title(d));
    sprinter_key_string(sp, "province", cancu_document_province(d));
    sprinter_key_string(sp, "in_force", cancu_document_in_force(d));
    sp->end(sp);
    sp->end(sp);
}

/* {"references", "relations", "problems", "document"}, as cancu has
 * always written them. */
static void print_json(sprinter_t *sp, const refs_view_t *v)
{
    sp->begin_map(sp);
    sp->map_key(sp, "references");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_plan_refs_reference_count(v->refs); i++)
        print_reference(sp, v, cancu_plan_refs_reference(v->refs, i));
    sp->end(sp);
    sp->map_key(sp, "relations");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_plan_refs_relation_count(v->refs); i++) {
        const cancu_relation_t *r = cancu_plan_refs_relation(v->refs, i);

        sp->begin_map(sp);
        sprinter_key_string(sp, "kind", cancu_relation_kind(r));
        sprinter_key_string(sp, "source",
                            relation_end(v, cancu_relation_source(r)));
        sprinter_key_string(sp, "target",
                            relation_end(v, cancu_relation_target(r)));
        sprinter_key_string(sp, "text", cancu_relation_text(r));
        sp->map_key(sp, "partial");
        sp->boolean(sp, cancu_relation_is_partial(r) != 0);
        sprinter_key_string_or_null(sp, "date", cancu_relation_date(r));
        sp->end(sp);
    }
    sp->end(sp);
    sp->map_key(sp, "problems");
    sp->begin_list(sp);
    for (size_t i = 0; i < cancu_plan_refs_problem_count(v->refs); i++) {
        const cancu_problem_t *p = cancu_plan_refs_problem(v->refs, i);
        const cancu_reference_t *r =
            cancu_plan_refs_reference(v->refs, cancu_problem_reference(p));

        sp->begin_map(sp);
        sprinter_key_string(sp, "id", r ? cancu_reference_id(r) : "");
        sprinter_key_string(sp, "kind", cancu_problem_kind(p));
        sprinter_key_string(sp, "detail", cancu_problem_detail(p));
        sprinter_key_string_or_null(sp, "suggestion",
                                    cancu_problem_suggestion(p));
        sprinter_key_string(sp, "text", r ? cancu_reference_text(r) : "");
        if (r)
            print_where(sp, r);
        sp->end(sp);
    }
    sp->end(sp);
    print_document(sp, v);
    sp->end(sp);
}

static void print_text(const refs_view_t *v)
{
    for (size_t i = 0; i < cancu_plan_refs_reference_count(v->refs); i++) {
        const cancu_reference_t *r = cancu_plan_refs_reference(v->refs, i);
        const char *date = cancu_reference_date(r);
        const char *section = cancu_reference_section(r);

        printf("%-22s %-10s %-16s %s%s\n", cancu_reference_id(r),
               *date ? date : "-", cancu_reference_form(r),
               *section ? section : "-",
               cancu_reference_is_ambiguous(r) ? _("  ambiguous") : "");
    }
    for (size_t i = 0; i < cancu_plan_refs_relation_count(v->refs); i++) {
        const cancu_relation_t *r = cancu_plan_refs_relation(v->refs, i);
        const char *source = relation_end(v, cancu_relation_source(r));
        const char *target = relation_end(v, cancu_relation_target(r));

        printf(_("relation: %s %s %s\n"),
               source ? source : _("(this document)"), cancu_relation_kind(r),
               target ? target : "(null)");
    }
    for (size_t i = 0; i < cancu_plan_refs_problem_count(v->refs); i++) {
        const cancu_problem_t *p = cancu_plan_refs_problem(v->refs, i);
        const cancu_reference_t *r =
            cancu_plan_refs_reference(v->refs, cancu_problem_reference(p));

        printf(_("problem: %s %s: %s\n"), r ? cancu_reference_id(r) : "",
               cancu_problem_kind(p), cancu_problem_detail(p));
    }
    if (!cli_globals.quiet)
        /* TRANSLATORS: the counts of references, relations and
         * problems of a plan. */
        printf(_("%zu references, %zu relations, %zu problems\n"),
               cancu_plan_refs_reference_count(v->refs),
               cancu_plan_refs_relation_count(v->refs),
               cancu_plan_refs_problem_count(v->refs));
}

static int print_refs(const refs_view_t *v)
{
    sprinter_t *sp;

    if (!cli_globals.json) {
        print_text(v);
        return CLI_EXIT_OK;
    }
    sp = cli_sprinter();
    if (sp)
        print_json(sp, v);
    return cli_sprinter_finish(sp);
}

int cancu_refs_command(int argc, char **argv)
{
    cancu_status_t status;
    struct stat st;
    int first, rc;

    rc = cli_parse(argc, argv, NULL, usage, NULL, NULL, &first);
    if (rc >= 0)
        return rc;
    if (first + 1 != argc) {
        cli_error(_("refs: name one plan file or plan id"));
        return CLI_EXIT_BAD_INPUT;
    }
    if (stat(argv[first], &st) == 0) {
        cancu_document_t *doc = NULL;

        const cancu_read_options_t read_options = cli_read_options();
        status = cancu_document_open(&doc, argv[first], &read_options);
        cancu_plan_refs_t *refs = NULL;

        if (!status)
            status = cancu_document_plan_refs(&refs, doc);
        if (!status) {
            refs_view_t v = {doc, refs};

            rc = print_refs(&v);
        }
        cancu_plan_refs_destroy(refs);
        cancu_document_destroy(doc);
    } else {
        cancu_archive_t *archive = NULL;
        cancu_plan_refs_t *plan = NULL;

        rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
        if (rc >= 0)
            return rc;
        status = cancu_archive_plan_references(&plan, archive, argv[first]);
        cancu_archive_close(archive);
        if (!status) {
            refs_view_t v = {NULL, plan};

            rc = print_refs(&v);
        }
        cancu_plan_refs_destroy(plan);
    }
    if (status)
        return cli_fail(status);
    return rc;
}
