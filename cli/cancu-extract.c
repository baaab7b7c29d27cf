/* cancu extract FILE...: the document model as text or JSON blocks. */
#include <stdint.h>
#include <stdio.h>

#include "cli/cli.h"

static const char usage[] = N_(
    "usage: cancu extract [--encoding NAME] [--json] FILE...\n\n"
    "Print a plan file's text as cancu reads it: paragraphs one per line,\n"
    "table rows with their cells separated by tabs. With --json, the\n"
    "plan's header (issuer, number, place, date, title, year), the\n"
    "blocks (kind, section, heading, label, line, rows and cells) and\n"
    "references.\n\n"
    "Several files are read in one process: as text, each after a line\n"
    "'==> FILE <=='; as JSON, one document per line (JSON Lines). A file\n"
    "that cannot be read is reported and skipped; the exit code is then 2.\n");

enum { OPT_ENCODING = 1 };

static const struct option options[] = {
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {NULL, 0, NULL, 0},
};

static int on_option(int option, const char *arg, void *payload)
{
    cancu_read_options_t *o = payload;

    if (option == OPT_ENCODING)
        o->encoding = arg;
    return 0;
}

static json_t *block_json(const cancu_block_t *b)
{
    json_t *out, *rows;

    if (cancu_block_kind(b) == CANCU_BLOCK_PARAGRAPH) {
        out = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "kind",
                        "paragraph", "line", (json_int_t)cancu_block_line(b),
                        "section", cancu_block_section(b), "heading",
                        cancu_block_heading(b), "label", cancu_block_label(b),
                        "style", cancu_block_style(b), "heading_level",
                        cancu_block_heading_level(b), "text",
                        cancu_block_text(b));
        if (out && *cancu_block_note(b)) {
            json_object_set_new(out, "note", json_string(cancu_block_note(b)));
            json_object_set_new(
                out, "anchor",
                cancu_block_anchor(b) == SIZE_MAX
                    ? json_null()
                    : json_integer((json_int_t)cancu_block_anchor(b)));
        }
        return out;
    }
    rows = json_array();
    for (size_t r = 0; r < cancu_block_row_count(b); r++) {
        json_t *cells = json_array(), *merged = json_array();

        for (size_t c = 0; c < cancu_block_cell_count(b, r); c++) {
            json_array_append_new(cells,
                                  json_string(cancu_block_cell_text(b, r, c)));
            if (cancu_block_cell_is_merged(b, r, c))
                json_array_append_new(merged, json_integer((json_int_t)c));
        }
        json_array_append_new(
            rows, json_pack("{s:I, s:b, s:o, s:o}", "line",
                            (json_int_t)cancu_block_row_line(b, r), "header",
                            cancu_block_row_is_header(b, r), "cells", cells,
                            "merged", merged));
    }
    return json_pack("{s:s, s:I, s:s, s:s, s:o}", "kind", "table", "line",
                     (json_int_t)cancu_block_line(b), "section",
                     cancu_block_section(b), "heading", cancu_block_heading(b),
                     "rows", rows);
}

static json_t *document_json(const cancu_document_t *doc)
{
    json_t *blocks = json_array(), *refs = json_array();

    for (size_t i = 0; i < cancu_document_block_count(doc); i++)
        json_array_append_new(blocks, block_json(cancu_document_block(doc, i)));
    for (size_t i = 0; i < cancu_document_reference_count(doc); i++) {
        const cancu_reference_t *r = cancu_document_reference(doc, i);

        json_array_append_new(
            refs,
            json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "id",
                      cancu_reference_id(r), "text", cancu_reference_text(r),
                      "block", (json_int_t)cancu_reference_block(r), "row",
                      (json_int_t)cancu_reference_row(r), "cell",
                      (json_int_t)cancu_reference_cell(r), "start",
                      (json_int_t)cancu_reference_start(r), "end",
                      (json_int_t)cancu_reference_end(r)));
    }
    json_t *root = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:s, s:s, s:s, s:s, s:o}, "
        "s:o, s:o}",
        "path", cancu_document_path(doc), "id", cancu_document_id(doc),
        "format", cancu_document_format(doc), "encoding",
        cancu_document_encoding(doc), "title", cancu_document_title(doc),
        "date", cancu_document_date(doc), "plan", "issuer",
        cancu_document_issuer(doc), "number", cancu_document_number(doc),
        "place", cancu_document_place(doc), "date", cancu_document_date(doc),
        "title", cancu_document_title(doc), "year",
        cancu_document_plan_year(doc)
            ? json_integer(cancu_document_plan_year(doc))
            : json_null(),
        "blocks", blocks, "references", refs);
    if (root)
        json_object_set_new(
            root, "identity",
            json_pack(
                "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "issuer",
                cancu_document_issuer(doc), "parent",
                cancu_document_parent_issuer(doc), "number",
                cancu_document_number(doc), "type", cancu_document_type(doc),
                "place", cancu_document_place(doc), "signed",
                cancu_document_date(doc), "title", cancu_document_title(doc),
                "province", cancu_document_province(doc), "in_force",
                cancu_document_in_force(doc)));
    return root;
}

static int extract_one(const char *path, const cancu_read_options_t *o,
                       bool several)
{
    cancu_document_t *doc = NULL;
    cancu_status_t status;
    int rc = CLI_EXIT_OK;

    status = cancu_document_open(&doc, path, o);
    if (status)
        return cli_fail(status);
    if (cli_globals.json && several) {
        json_t *root = document_json(doc);

        if (!root || json_dumpf(root, stdout, JSON_COMPACT) != 0) {
            cli_error(_("%s: out of memory"), path);
            rc = CLI_EXIT_ARCHIVE;
        }
        fputc('\n', stdout);
        json_decref(root);
    } else if (cli_globals.json) {
        rc = cli_print_json(document_json(doc));
    } else {
        if (several)
            printf("==> %s <==\n", path);
        for (size_t i = 0; i < cancu_document_block_count(doc); i++)
            puts(cancu_block_text(cancu_document_block(doc, i)));
    }
    cancu_document_destroy(doc);
    return rc;
}

int cancu_extract_command(int argc, char **argv)
{
    cancu_read_options_t o = CANCU_READ_OPTIONS_INIT;
    int first, rc, worst = CLI_EXIT_OK;
    const char *encoding;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    encoding = o.encoding;
    o = cli_read_options();
    o.encoding = encoding;
    if (first >= argc) {
        cli_error(_("extract: name a file"));
        return CLI_EXIT_BAD_INPUT;
    }
    /* The text alone needs none of what is derived from it. */
    if (!cli_globals.json)
        o.flags |= CANCU_READ_TEXT_ONLY;
    for (int i = first; i < argc; i++) {
        rc = extract_one(argv[i], &o, argc - first > 1);
        if (rc > worst)
            worst = rc;
    }
    return worst;
}
