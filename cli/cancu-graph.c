/* cancu graph: plans -> the documents they cite -> the documents those
 * amend or replace, to draw the web of legal bases. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static const char usage[] =
    N_("usage: cancu graph [--format dot|json]\n\n"
       "The web of legal bases of the archive's plans: each plan points to\n"
       "the documents it cites; a document points to those it amends,\n"
       "replaces or repeals, as the plans' texts and the registry say.\n"
       "--format dot (the default) is for Graphviz ('dot -Tsvg'); json gives\n"
       "{\"nodes\": [{\"id\", \"kind\", \"label\"}], \"edges\": [{\"from\",\n"
       "\"to\", \"kind\"}]}.\n");

enum { OPT_FORMAT = 1 };

static const struct option options[] = {
    {"format", required_argument, NULL, OPT_FORMAT},
    {NULL, 0, NULL, 0},
};

static int on_option(int option, const char *arg, void *payload)
{
    const char **format = payload;

    if (option == OPT_FORMAT) {
        if (strcmp(arg, "dot") != 0 && strcmp(arg, "json") != 0) {
            cli_error(_("graph: --format takes dot or json, not '%s'"), arg);
            return CLI_EXIT_BAD_INPUT;
        }
        *format = arg;
    }
    return 0;
}

static void node(json_t *nodes, json_t *seen, const char *id, const char *kind,
                 const char *label)
{
    if (!*id || json_object_get(seen, id))
        return;
    json_object_set_new(seen, id, json_true());
    json_array_append_new(nodes, json_pack("{s:s, s:s, s:s}", "id", id, "kind",
                                           kind, "label", label));
}

static void edge(json_t *edges, json_t *seen, const char *from, const char *to,
                 const char *kind)
{
    char key[600];

    if (!*from || !*to)
        return;
    snprintf(key, sizeof key, "%s>%s>%s", from, to, kind);
    if (json_object_get(seen, key))
        return;
    json_object_set_new(seen, key, json_true());
    json_array_append_new(edges, json_pack("{s:s, s:s, s:s}", "from", from,
                                           "to", to, "kind", kind));
}

/* An end of a relation: its reference's id, or the plan's own number;
 * NULL when the plan gives none. */
static const char *end_id(const cancu_plan_refs_t *refs, size_t index)
{
    const cancu_reference_t *r = cancu_plan_refs_reference(refs, index);

    if (r)
        return cancu_reference_id(r);
    return *cancu_plan_refs_number(refs) ? cancu_plan_refs_number(refs) : NULL;
}

/* A DOT string: quotes and backslashes escaped. */
static void dot_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putchar('\\');
        putchar(*s);
    }
    putchar('"');
}

/* {"nodes": [{"id", "kind", "label"}], "edges": [{"from", "to",
 * "kind"}]} through the command's printer. */
static int print_json(json_t *nodes, json_t *edges)
{
    static const char *const node_keys[] = {"id", "kind", "label"};
    static const char *const edge_keys[] = {"from", "to", "kind"};
    sprinter_t *sp = sprinter_json_create(stdout);
    json_t *lists[2] = {nodes, edges};
    const char *const *keys[2] = {node_keys, edge_keys};

    if (!sp) {
        cli_error(_("out of memory"));
        return CLI_EXIT_ARCHIVE;
    }
    sp->begin_map(sp);
    for (size_t l = 0; l < 2; l++) {
        size_t i;
        json_t *item;

        sp->map_key(sp, l ? "edges" : "nodes");
        sp->begin_list(sp);
        json_array_foreach(lists[l], i, item)
        {
            sp->begin_map(sp);
            for (size_t k = 0; k < 3; k++)
                sprinter_key_string(
                    sp, keys[l][k],
                    json_string_value(json_object_get(item, keys[l][k])));
            sp->end(sp);
        }
        sp->end(sp);
    }
    sp->end(sp);
    return cli_sprinter_finish(sp);
}

int cancu_graph_command(int argc, char **argv)
{
    const char *format = "dot";
    cancu_archive_t *archive = NULL;
    cancu_plan_list_t *plans = NULL;
    cancu_registry_entry_list_t *registry = NULL;
    json_t *nodes, *edges, *seen;
    cancu_status_t status;
    int first, rc;

    rc = cli_parse(argc, argv, options, usage, on_option, &format, &first);
    if (rc >= 0)
        return rc;
    rc = cli_open_archive(&archive, CANCU_ARCHIVE_READ);
    if (rc >= 0)
        return rc;
    nodes = json_array();
    edges = json_array();
    seen = json_object();
    status = cancu_archive_plans(&plans, archive);
    for (size_t i = 0; !status && i < cancu_plan_list_count(plans); i++) {
        const cancu_plan_t *p = cancu_plan_list_get(plans, i);
        cancu_plan_refs_t *refs = NULL;

        status =
            cancu_archive_plan_references(&refs, archive, cancu_plan_id(p));
        if (status == CANCU_STATUS_NOT_FOUND) {
            /* Removed by a writer since the list was read. */
            status = CANCU_STATUS_SUCCESS;
            continue;
        }
        if (status)
            break;
        node(nodes, seen, cancu_plan_id(p), "plan", cancu_plan_title(p));
        for (size_t k = 0; k < cancu_plan_refs_reference_count(refs); k++) {
            const char *id =
                cancu_reference_id(cancu_plan_refs_reference(refs, k));

            node(nodes, seen, id, "document", id);
            edge(edges, seen, cancu_plan_id(p), id, "cites");
        }
        for (size_t k = 0; k < cancu_plan_refs_relation_count(refs); k++) {
            const cancu_relation_t *r = cancu_plan_refs_relation(refs, k);
            const char *from = end_id(refs, cancu_relation_source(r));
            const char *to = end_id(refs, cancu_relation_target(r));

            if (!from || !to)
                continue;
            node(nodes, seen, from, "document", from);
            node(nodes, seen, to, "document", to);
            edge(edges, seen, from, to, cancu_relation_kind(r));
        }
        cancu_plan_refs_destroy(refs);
    }
    /* What the registry knows: replacements and amendments. */
    if (!status && !cancu_registry_list(&registry, archive)) {
        for (size_t i = 0; i < cancu_registry_entry_list_count(registry); i++) {
            const cancu_registry_entry_t *e =
                cancu_registry_entry_list_get(registry, i);
            const char *id = cancu_registry_entry_id(e);
            const char *by = cancu_registry_entry_replaced_by(e);
            char base[256];

            /* The plans name "18-NQ/TW" what the registry, telling apart
             * numbers that are not unique, names "18-NQ/TW:2017". */
            if (!json_object_get(seen, id)) {
                snprintf(base, sizeof base, "%.*s", (int)strcspn(id, ":"), id);
                id = base;
            }
            if (!json_object_get(seen, id))
                continue; /* only documents the plans reach */
            if (*by) {
                node(nodes, seen, by, "document", by);
                edge(edges, seen, by, id, "replaces");
            }
            for (size_t k = 0; k < cancu_registry_entry_amended_count(e); k++) {
                const char *amender = cancu_registry_entry_amended_by(e, k);

                node(nodes, seen, amender, "document", amender);
                edge(edges, seen, amender, id, "amends");
            }
        }
    }
    cancu_registry_entry_list_destroy(registry);
    cancu_plan_list_destroy(plans);
    cancu_archive_close(archive);
    json_decref(seen);
    if (status) {
        json_decref(nodes);
        json_decref(edges);
        return cli_fail(status);
    }
    if (strcmp(format, "json") == 0 || cli_globals.json) {
        rc = print_json(nodes, edges);
        json_decref(nodes);
        json_decref(edges);
        return rc;
    }
    puts("digraph cancu {\n  rankdir=LR;\n  node [fontname=\"sans\"];");
    {
        size_t i;
        json_t *n;

        json_array_foreach(nodes, i, n)
        {
            printf("  ");
            dot_string(json_string_value(json_object_get(n, "id")));
            printf(" [label=");
            dot_string(json_string_value(json_object_get(n, "label")));
            printf(", shape=%s];\n",
                   strcmp(json_string_value(json_object_get(n, "kind")),
                          "plan") == 0
                       ? "box"
                       : "ellipse");
        }
        json_array_foreach(edges, i, n)
        {
            printf("  ");
            dot_string(json_string_value(json_object_get(n, "from")));
            printf(" -> ");
            dot_string(json_string_value(json_object_get(n, "to")));
            printf(" [label=");
            dot_string(json_string_value(json_object_get(n, "kind")));
            printf("];\n");
        }
    }
    puts("}");
    json_decref(nodes);
    json_decref(edges);
    return CLI_EXIT_OK;
}
