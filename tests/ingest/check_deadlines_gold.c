/* Suite "ingest", TCase "deadlines_gold": the deadlines of the task
 * tables of the real corpus measured against the hand-read gold
 * (corpora/gold/deadlines/README.md).
 *
 * Each gold file's plan is opened from corpora/real and its tasks taken
 * as 'cancu tasks --json FILE' takes them. A gold cell is matched to an
 * activity of its file whose deadline text, whitespace collapsed and
 * Markdown emphasis dropped, is the same; the k-th gold row with a text
 * takes the k-th such activity. Within a matched cell, a parsed deadline
 * matches a gold line with the same kind (for kinds) and also the same
 * start and end (for intervals), each at most once.
 *   precision = matched / deadlines parsed in matched cells
 *   recall    = matched / gold lines
 * Gold rows that the table reader does not yet give as activities are
 * counted apart ("rows not read"), and so is the recall over the rows it
 * does give; every mismatch is printed. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <cancu/cancu.h>

#include "helpers.h"

TCase *ingest_deadlines_gold_tcase(void);

#define GOLD_FILE "gold/deadlines/deadlines.gold.tsv"

/* The target: precision 1.0 and recall 0.97, over every gold line and
 * over the rows the table reader gives. */
#define MIN_PRECISION 1.0
#define MIN_RECALL_READ 0.97
#define MIN_RECALL_TOTAL 0.97

typedef struct gold_line {
    char *file, *row, *cell, *kind, *start, *end;
} gold_line_t;

typedef struct tally {
    size_t gold, parsed, kinds, intervals, rows_unread, lines_unread;
} tally_t;

/* Collapse runs of whitespace (NBSP too) to one space, trim the ends and
 * drop Markdown's '*', into a new string. */
static char *collapse(const char *text)
{
    size_t n = strlen(text), k = 0;
    char *out = malloc(n + 1);
    bool space = false;

    ck_assert_ptr_nonnull(out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];

        if (c == 0xC2 && (unsigned char)text[i + 1] == 0xA0) {
            space = true;
            i++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
            c == '\f') {
            space = true;
            continue;
        }
        if (c == '*')
            continue;
        if (space && k)
            out[k++] = ' ';
        space = false;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return out;
}

static const char *str_or_empty(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));

    return s ? s : "";
}

/* Compare the gold lines [from, to) of one row with the deadlines 'got'
 * of its activity. */
static void compare_row(const gold_line_t *g, size_t from, size_t to,
                        json_t *got, tally_t *t)
{
    size_t n = json_array_size(got);
    bool *kind_used = calloc(n + 1, 1), *interval_used = calloc(n + 1, 1);
    bool bad = false;

    ck_assert(kind_used && interval_used);
    t->parsed += n;
    for (size_t i = from; i < to; i++) {
        bool kind_ok = false, interval_ok = false;

        for (size_t k = 0; k < n && !interval_ok; k++) {
            json_t *d = json_array_get(got, k);

            if (!interval_used[k] &&
                strcmp(str_or_empty(d, "kind"), g[i].kind) == 0 &&
                strcmp(str_or_empty(d, "start"), g[i].start) == 0 &&
                strcmp(str_or_empty(d, "end"), g[i].end) == 0)
                interval_used[k] = interval_ok = true;
        }
        for (size_t k = 0; k < n && !kind_ok; k++)
            if (!kind_used[k] &&
                strcmp(str_or_empty(json_array_get(got, k), "kind"),
                       g[i].kind) == 0)
                kind_used[k] = kind_ok = true;
        t->kinds += kind_ok;
        t->intervals += interval_ok;
        bad = bad || !interval_ok;
    }
    if (bad || n != to - from) {
        printf("  mismatch %s %s \"%.70s\": want", g[from].file, g[from].row,
               g[from].cell);
        for (size_t i = from; i < to; i++)
            printf(" %s %s..%s;", g[i].kind, g[i].start, g[i].end);
        printf(" got");
        for (size_t k = 0; k < n; k++) {
            json_t *d = json_array_get(got, k);

            printf(" %s %s..%s;", str_or_empty(d, "kind"),
                   str_or_empty(d, "start"), str_or_empty(d, "end"));
        }
        printf("\n");
    }
    free(kind_used);
    free(interval_used);
}

/* The activities of plan 'file', with their deadline cell texts. */
static json_t *activities_of(const char *file)
{
    char rel[512], *path, *text = NULL;
    cancu_document_t *doc = NULL;
    json_t *root, *acts = json_array();
    size_t i, k;
    json_t *task, *a;

    snprintf(rel, sizeof rel, "real/%s", file);
    path = test_corpus_path(rel);
    ck_assert_msg(cancu_document_open(&doc, path, NULL) == CANCU_STATUS_SUCCESS,
                  "%s: %s", path, cancu_error_last());
    ck_assert_int_eq(test_tasks_json(doc, &text), 0);
    root = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(root);
    json_array_foreach(json_object_get(root, "tasks"), i, task)
    {
        json_array_foreach(json_object_get(task, "activities"), k, a)
        {
            char *cell = collapse(str_or_empty(a, "deadline"));

            json_array_append_new(
                acts, json_pack("{s:s, s:O, s:b}", "cell", cell, "deadlines",
                                json_object_get(a, "deadlines"), "used", 0));
            free(cell);
        }
    }
    json_decref(root);
    free(text);
    cancu_document_destroy(doc);
    free(path);
    return acts;
}

/* Take the first unused activity whose cell is 'cell', or NULL. */
static json_t *take(json_t *acts, const char *cell)
{
    size_t i;
    json_t *a;

    json_array_foreach(acts, i, a)
    {
        if (!json_is_true(json_object_get(a, "used")) &&
            strcmp(str_or_empty(a, "cell"), cell) == 0) {
            json_object_set_new(a, "used", json_true());
            return json_object_get(a, "deadlines");
        }
    }
    return NULL;
}

static double ratio(size_t num, size_t den)
{
    return den ? (double)num / (double)den : 1.0;
}

START_TEST(test_ingest_deadlines_gold__real_task_tables)
{
    char *path = test_corpus_path(GOLD_FILE);
    char *data = test_read_file(path, NULL), *line = data;
    gold_line_t *g = NULL;
    size_t n = 0, cap = 0;
    tally_t t = {0};
    json_t *acts = NULL;
    const char *file = "";

    while (line && *line) {
        char *nl = strchr(line, '\n'), *f[7];

        if (nl)
            *nl = '\0';
        if (*line && *line != '#' && test_split_tabs(line, f, 7) >= 6) {
            if (n == cap) {
                cap = cap ? 2 * cap : 256;
                g = realloc(g, cap * sizeof *g);
                ck_assert_ptr_nonnull(g);
            }
            g[n++] = (gold_line_t){f[0], f[1], f[2], f[3], f[4], f[5]};
        }
        line = nl ? nl + 1 : NULL;
    }
    ck_assert_uint_gt(n, 600);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        json_t *got;

        /* The lines of one row share its file and row. */
        while (j < n && strcmp(g[j].file, g[i].file) == 0 &&
               strcmp(g[j].row, g[i].row) == 0)
            j++;
        if (strcmp(g[i].file, file) != 0) {
            json_decref(acts);
            acts = activities_of(g[i].file);
            file = g[i].file;
        }
        t.gold += j - i;
        got = take(acts, g[i].cell);
        if (got) {
            compare_row(g, i, j, got, &t);
        } else {
            t.rows_unread++;
            t.lines_unread += j - i;
        }
        i = j;
    }
    json_decref(acts);
    printf("deadlines gold: %zu lines, %zu in %zu rows not read as tasks; "
           "%zu parsed\n",
           t.gold, t.lines_unread, t.rows_unread, t.parsed);
    printf("  kinds:     precision %.3f, recall %.3f (%.3f of the rows "
           "read)\n",
           ratio(t.kinds, t.parsed), ratio(t.kinds, t.gold),
           ratio(t.kinds, t.gold - t.lines_unread));
    printf("  intervals: precision %.3f, recall %.3f (%.3f of the rows "
           "read)\n",
           ratio(t.intervals, t.parsed), ratio(t.intervals, t.gold),
           ratio(t.intervals, t.gold - t.lines_unread));
    ck_assert_msg(ratio(t.kinds, t.parsed) >= MIN_PRECISION &&
                      ratio(t.intervals, t.parsed) >= MIN_PRECISION,
                  "precision below %.2f", MIN_PRECISION);
    ck_assert_msg(ratio(t.intervals, t.gold - t.lines_unread) >=
                      MIN_RECALL_READ,
                  "recall over the rows read below %.2f", MIN_RECALL_READ);
    ck_assert_msg(ratio(t.intervals, t.gold) >= MIN_RECALL_TOTAL,
                  "total recall below %.2f", MIN_RECALL_TOTAL);
    free(g);
    free(data);
    free(path);
}
END_TEST

TCase *ingest_deadlines_gold_tcase(void)
{
    TCase *tc = tcase_create("deadlines_gold");

    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_ingest_deadlines_gold__real_task_tables);
    return tc;
}
