/* Tasks: the plan's task tables, read by their header's words, not by
 * column position; group rows give the area of the rows under them; a
 * numbered row starts a task; rows with an empty number are more
 * activities of it or, after a page break, the rest of the row above.
 * A plan without a table has its tasks as bullets of its body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ingest/ingest-private.h"
#include "ingest/pattern.h"

enum column {
    COL_NO,
    COL_OBJECTIVE,
    COL_TASK,
    COL_ACTIVITY,
    COL_OUTPUT,
    COL_LEAD,
    COL_PARTNERS,
    COL_DEADLINE,
    COL_BUDGET,
    NCOLS
};

/* The activity-level columns, in the order of an activity's fields. */
static const enum column activity_columns[] = {
    COL_ACTIVITY, COL_OUTPUT, COL_LEAD, COL_PARTNERS, COL_DEADLINE, COL_BUDGET,
};
#define NFIELDS (sizeof activity_columns / sizeof *activity_columns)

typedef struct columns {
    int index[NCOLS]; /* the cell of each column, or -1 */
} columns_t;

static bool contains(const char *s, const char *word)
{
    return strstr(s, word) != NULL;
}

static bool starts(const char *s, const char *word)
{
    return strncmp(s, word, strlen(word)) == 0;
}

/* Which column a header cell names, by its words with or without
 * accents: "Thời gian thực hiện" / "Thời gian hoàn thành" / "Thời hạn";
 * "Đơn vị chủ trì" / "Cơ quan chủ trì"; ... */
static int classify(const char *cell)
{
    char f[96];

    cancu_fold__ascii(cell, strlen(cell), f, sizeof f);
    if (starts(f, "stt") || strcmp(f, "tt") == 0 || starts(f, "so tt") ||
        starts(f, "so thu tu"))
        return COL_NO;
    if (contains(f, "muc tieu"))
        return COL_OBJECTIVE;
    if (contains(f, "hoat dong"))
        return COL_ACTIVITY;
    if (contains(f, "phoi hop"))
        return COL_PARTNERS;
    if (contains(f, "chu tri"))
        return COL_LEAD;
    if (starts(f, "thoi gian") || starts(f, "thoi han") ||
        starts(f, "tien do") || starts(f, "moc thoi gian"))
        return COL_DEADLINE;
    if (contains(f, "kinh phi") || contains(f, "du toan") ||
        contains(f, "nguon von"))
        return COL_BUDGET;
    if (contains(f, "san pham") || starts(f, "ket qua"))
        return COL_OUTPUT;
    if (contains(f, "nhiem vu") || contains(f, "noi dung") ||
        contains(f, "cong viec"))
        return COL_TASK;
    return -1;
}

/* A header row names at least three columns, one of them the task or
 * the activity. */
static bool header_row(const struct cancu_block *b, size_t r, columns_t *out)
{
    columns_t c;
    size_t named = 0;

    for (int k = 0; k < NCOLS; k++)
        c.index[k] = -1;
    for (size_t i = 0; i < b->rows[r].ncells; i++) {
        int col = classify(b->rows[r].cells[i].text);

        if (col >= 0 && c.index[col] < 0) {
            c.index[col] = (int)i;
            named++;
        }
    }
    if (named < 3 || (c.index[COL_TASK] < 0 && c.index[COL_ACTIVITY] < 0))
        return false;
    *out = c;
    return true;
}

static const char *cell_text(const struct cancu_block *b, size_t r,
                             const columns_t *c, enum column col,
                             bool with_merged)
{
    int i = c->index[col];
    const cancu_cell_t *cell;

    if (i < 0 || (size_t)i >= b->rows[r].ncells)
        return "";
    cell = &b->rows[r].cells[i];
    return cell->merged && !with_merged ? "" : cell->text;
}

/* A cell of a row that goes on with the current task. A continued
 * vertical merge repeats its restart cell, which the task already has. */
static const char *cell_of(const struct cancu_block *b, size_t r,
                           const columns_t *c, enum column col)
{
    return cell_text(b, r, c, col, false);
}

/* A cell of a row that starts a task: a merge running on from the task
 * above (an objective or a lead spanning several tasks) is this task's
 * too. */
static const char *new_task_cell(const struct cancu_block *b, size_t r,
                                 const columns_t *c, enum column col)
{
    return cell_text(b, r, c, col, true);
}

static bool is_roman(const char *s)
{
    size_t n = strspn(s, "IVXLC");

    return n > 0 && (s[n] == '\0' || (s[n] == '.' && s[n + 1] == '\0'));
}

static bool is_number(const char *s)
{
    size_t n = strspn(s, "0123456789");

    return n > 0 && n < 6 && (s[n] == '\0' || (s[n] == '.' && !s[n + 1]));
}

typedef struct activity_builder {
    cancu_strbuf_t field[NFIELDS];
    size_t line;
} activity_builder_t;

typedef struct task_builder {
    char no[16];
    const char *area, *section;
    cancu_strbuf_t objective, task;
    activity_builder_t *acts;
    size_t nacts, acts_cap;
    cancu_task_row_t *rows;
    size_t nrows, rows_cap;
    size_t line;
    bool failed;
} task_builder_t;

/* Join text cut by a page break or split over rows: one space between,
 * never inside a word. */
static void join(cancu_strbuf_t *buf, const char *text)
{
    if (!*text)
        return;
    if (buf->len && buf->data[buf->len - 1] != ' ')
        cancu_strbuf__putc(buf, ' ');
    cancu_strbuf__puts(buf, text);
}

/* Join a cell of another row of the same task: a second task or
 * objective is its own clause. */
static void join_clause(cancu_strbuf_t *buf, const char *text)
{
    if (!*text)
        return;
    if (buf->len)
        cancu_strbuf__puts(buf, "; ");
    cancu_strbuf__puts(buf, text);
}

static activity_builder_t *new_activity(task_builder_t *t, size_t line)
{
    activity_builder_t *a;

    if (t->nacts == t->acts_cap) {
        size_t cap = t->acts_cap ? t->acts_cap * 2 : 4;
        activity_builder_t *p = realloc(t->acts, cap * sizeof *p);

        if (!p) {
            t->failed = true;
            return NULL;
        }
        t->acts = p;
        t->acts_cap = cap;
    }
    a = &t->acts[t->nacts++];
    memset(a, 0, sizeof *a);
    a->line = line;
    return a;
}

static void add_row(task_builder_t *t, size_t block, size_t row)
{
    if (t->nrows == t->rows_cap) {
        size_t cap = t->rows_cap ? t->rows_cap * 2 : 4;
        cancu_task_row_t *p = realloc(t->rows, cap * sizeof *p);

        if (!p) {
            t->failed = true;
            return;
        }
        t->rows = p;
        t->rows_cap = cap;
    }
    t->rows[t->nrows].block = block;
    t->rows[t->nrows].row = row;
    t->nrows++;
}

static void dispose_builder(task_builder_t *t)
{
    cancu_strbuf__dispose(&t->objective);
    cancu_strbuf__dispose(&t->task);
    for (size_t i = 0; i < t->nacts; i++)
        for (size_t f = 0; f < NFIELDS; f++)
            cancu_strbuf__dispose(&t->acts[i].field[f]);
    free(t->acts);
    free(t->rows);
    memset(t, 0, sizeof *t);
}

typedef struct task_list {
    cancu_task_t *items;
    size_t count, cap;
} task_list_t;

static const char *arena_copy(cancu_document_t *doc, const cancu_strbuf_t *b)
{
    return cancu_arena__strndup(doc->arena, cancu_strbuf__cstr(b), b->len);
}

/* The references standing in the task's rows (or paragraph), one per id,
 * in text order. */
/* Whether the cell of 'ref' is merged down into row 'row' of 'b': a
 * vertical merge that starts at the reference's row and runs on, without
 * a break, to 'row'. */
static bool merged_into(const struct cancu_block *b,
                        const cancu_reference_t *ref, size_t row)
{
    if (row <= ref->row || row >= b->nrows)
        return false;
    for (size_t r = ref->row + 1; r <= row; r++)
        if (ref->cell >= b->rows[r].ncells ||
            !b->rows[r].cells[ref->cell].merged)
            return false;
    return true;
}

static size_t task_references(cancu_document_t *doc,
                              const cancu_task_row_t *rows, size_t nrows,
                              bool paragraph, size_t **out)
{
    size_t *refs, n = 0;

    *out = NULL;
    if (!doc->nrefs)
        return 0;
    refs = cancu_arena__alloc(doc->arena, doc->nrefs * sizeof *refs);
    if (!refs)
        return 0;
    for (size_t i = 0; i < doc->nrefs; i++) {
        const cancu_reference_t *r = &doc->refs[i];
        bool inside = false, seen = false;

        for (size_t k = 0; k < nrows && !inside; k++)
            inside = r->block == rows[k].block &&
                     (paragraph || r->row == rows[k].row ||
                      merged_into(&doc->blocks[r->block], r, rows[k].row));
        for (size_t k = 0; k < n && inside && !seen; k++)
            seen = strcmp(doc->refs[refs[k]].key, r->key) == 0;
        if (inside && !seen)
            refs[n++] = i;
    }
    *out = refs;
    return n;
}

static cancu_status_t finish_activity(cancu_document_t *doc,
                                      cancu_activity_t *a,
                                      const activity_builder_t *b)
{
    const char **fields[NFIELDS] = {&a->activity,      &a->output,
                                    &a->lead_text,     &a->partners_text,
                                    &a->deadline_text, &a->budget};
    cancu_deadline_t found[16];
    size_t n;

    for (size_t f = 0; f < NFIELDS; f++) {
        *fields[f] = arena_copy(doc, &b->field[f]);
        if (!*fields[f] || b->field[f].failed)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", doc->path);
    }
    a->line = b->line;
    a->nlead = cancu_units__split(doc, a->lead_text, &a->lead);
    a->npartners = cancu_units__split(doc, a->partners_text, &a->partners);
    n = cancu_deadlines__parse(a->deadline_text, strlen(a->deadline_text),
                               doc->plan_year, found,
                               sizeof found / sizeof *found);
    if (n > sizeof found / sizeof *found)
        n = sizeof found / sizeof *found;
    a->deadlines = n ? cancu_arena__alloc(doc->arena, n * sizeof *found) : NULL;
    if (n && !a->deadlines)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    if (n)
        memcpy(a->deadlines, found, n * sizeof *found);
    a->ndeadlines = n;
    return CANCU_STATUS_SUCCESS;
}

static cancu_status_t finish_task(cancu_document_t *doc, task_list_t *list,
                                  task_builder_t *b, bool paragraph)
{
    cancu_task_t *t;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (b->failed) {
        dispose_builder(b);
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    }
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        cancu_task_t *p = realloc(list->items, cap * sizeof *p);

        if (!p) {
            dispose_builder(b);
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", doc->path);
        }
        list->items = p;
        list->cap = cap;
    }
    t = &list->items[list->count++];
    memset(t, 0, sizeof *t);
    t->no = cancu_arena__strdup(doc->arena, b->no);
    t->area = b->area ? b->area : "";
    t->section = b->section ? b->section : "";
    t->objective = arena_copy(doc, &b->objective);
    t->task = arena_copy(doc, &b->task);
    t->line = b->line;
    t->activities =
        b->nacts
            ? cancu_arena__alloc(doc->arena, b->nacts * sizeof *t->activities)
            : NULL;
    t->rows = b->nrows
                  ? cancu_arena__alloc(doc->arena, b->nrows * sizeof *t->rows)
                  : NULL;
    if (!t->no || !t->objective || !t->task || (b->nacts && !t->activities) ||
        (b->nrows && !t->rows))
        status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                  "%s: out of memory", doc->path);
    for (size_t i = 0; !status && i < b->nacts; i++) {
        memset(&t->activities[i], 0, sizeof t->activities[i]);
        status = finish_activity(doc, &t->activities[i], &b->acts[i]);
        t->nactivities = i + 1;
    }
    if (!status) {
        if (b->nrows)
            memcpy(t->rows, b->rows, b->nrows * sizeof *t->rows);
        t->nrows = b->nrows;
        t->nrefs = task_references(doc, t->rows, t->nrows, paragraph, &t->refs);
    }
    dispose_builder(b);
    return status;
}

/* Does any of the row's cells open in lower case: text cut mid-sentence
 * by a page break? */
static bool opens_lower(const struct cancu_block *b, size_t r)
{
    for (size_t i = 0; i < b->rows[r].ncells; i++) {
        const char *t = b->rows[r].cells[i].text;
        char f[8];

        if (!*t)
            continue;
        cancu_fold__ascii(t, strlen(t) < 4 ? strlen(t) : 4, f, sizeof f);
        /* Folding lower-cases: the first letter was lower case when it
         * folds to itself (ASCII) or the text does not start with an
         * upper-case byte sequence. */
        if ((t[0] >= 'a' && t[0] <= 'z') ||
            ((unsigned char)t[0] >= 0x80 && f[0] &&
             strncmp(t, "Đ", strlen("Đ")) != 0 &&
             strncmp(t, "Ư", strlen("Ư")) != 0 &&
             strncmp(t, "Ơ", strlen("Ơ")) != 0 &&
             strncmp(t, "Â", strlen("Â")) != 0 &&
             strncmp(t, "Ă", strlen("Ă")) != 0 &&
             strncmp(t, "Ê", strlen("Ê")) != 0 &&
             strncmp(t, "Ô", strlen("Ô")) != 0))
            return true;
    }
    return false;
}

typedef struct table_state {
    columns_t cols;
    bool in_task_table;
    bool page_break;
    const char *area;
    task_builder_t current;
    bool has_current;
} table_state_t;

static void fill_activity(activity_builder_t *a, const struct cancu_block *b,
                          size_t r, const columns_t *c, bool new_task)
{
    for (size_t f = 0; f < NFIELDS; f++)
        join(&a->field[f], new_task
                               ? new_task_cell(b, r, c, activity_columns[f])
                               : cell_of(b, r, c, activity_columns[f]));
}

/* A new activity row leaves empty what it shares with the row above: the
 * activity itself, its lead and partners (merged cells in the original),
 * or any cell Word marks as a continued merge. */
static void inherit(activity_builder_t *a, const activity_builder_t *above,
                    const struct cancu_block *b, size_t r, const columns_t *c)
{
    for (size_t f = 0; f < NFIELDS; f++) {
        enum column col = activity_columns[f];
        int i = c->index[col];
        bool merged = i >= 0 && (size_t)i < b->rows[r].ncells &&
                      b->rows[r].cells[i].merged;
        bool shared =
            col == COL_ACTIVITY || col == COL_LEAD || col == COL_PARTNERS;

        if (!a->field[f].len && (merged || shared))
            join(&a->field[f], cancu_strbuf__cstr(&above->field[f]));
    }
}

static bool any_activity_text(const struct cancu_block *b, size_t r,
                              const columns_t *c)
{
    for (size_t f = 0; f < NFIELDS; f++)
        if (*cell_of(b, r, c, activity_columns[f]))
            return true;
    return false;
}

static cancu_status_t read_row(cancu_document_t *doc, task_list_t *list,
                               table_state_t *s, size_t block, size_t r)
{
    const struct cancu_block *b = &doc->blocks[block];
    const columns_t *c = &s->cols;
    const char *no = cell_of(b, r, c, COL_NO);
    task_builder_t *t = &s->current;
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    bool page_break = s->page_break, continued;

    s->page_break = false;
    if (is_roman(no)) {
        /* A group row: the area of the rows under it. */
        for (size_t i = 0; i < b->rows[r].ncells; i++)
            if ((int)i != c->index[COL_NO] && *b->rows[r].cells[i].text) {
                s->area = b->rows[r].cells[i].text;
                break;
            }
        return CANCU_STATUS_SUCCESS;
    }
    if (is_number(no)) {
        if (s->has_current)
            status = finish_task(doc, list, t, false);
        memset(t, 0, sizeof *t);
        s->has_current = !status;
        if (status)
            return status;
        snprintf(t->no, sizeof t->no, "%.*s", (int)strcspn(no, "."), no);
        t->area = s->area;
        t->section = b->section;
        t->line = b->rows[r].line;
        join(&t->objective, new_task_cell(b, r, c, COL_OBJECTIVE));
        join(&t->task, new_task_cell(b, r, c, COL_TASK));
        if (any_activity_text(b, r, c)) {
            activity_builder_t *a = new_activity(t, b->rows[r].line);

            if (a)
                fill_activity(a, b, r, c, true);
        }
        add_row(t, block, r);
        return CANCU_STATUS_SUCCESS;
    }
    if (!s->has_current)
        return CANCU_STATUS_SUCCESS;
    continued =
        page_break && (opens_lower(b, r) || !*cell_of(b, r, c, COL_ACTIVITY));
    if (continued) {
        /* The rest of the row above, cut by a page break: its cells go on
         * where the row above stopped. */
        activity_builder_t *a = t->nacts ? &t->acts[t->nacts - 1]
                                         : new_activity(t, b->rows[r].line);

        join(&t->objective, cell_of(b, r, c, COL_OBJECTIVE));
        join(&t->task, cell_of(b, r, c, COL_TASK));
        if (a)
            fill_activity(a, b, r, c, false);
    } else {
        /* Another activity, or another output, of the same task; a task
         * or objective cell of its own is another clause of the task. */
        join_clause(&t->objective, cell_of(b, r, c, COL_OBJECTIVE));
        join_clause(&t->task, cell_of(b, r, c, COL_TASK));
        if (any_activity_text(b, r, c)) {
            activity_builder_t *a = new_activity(t, b->rows[r].line);

            if (a) {
                fill_activity(a, b, r, c, false);
                if (t->nacts > 1)
                    inherit(a, &t->acts[t->nacts - 2], b, r, c);
            }
        }
    }
    add_row(t, block, r);
    return CANCU_STATUS_SUCCESS;
}

static bool same_columns(const columns_t *a, const columns_t *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

static cancu_status_t read_tables(cancu_document_t *doc, task_list_t *list)
{
    table_state_t s;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    memset(&s, 0, sizeof s);
    s.area = "";
    for (size_t i = 0; !status && i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind != CANCU_BLOCK_TABLE)
            continue;
        /* A new block of a task table: a page break in TXT. */
        s.page_break = s.in_task_table;
        for (size_t r = 0; !status && r < b->nrows; r++) {
            columns_t cols;

            if (header_row(b, r, &cols)) {
                if (s.in_task_table && !same_columns(&cols, &s.cols) &&
                    s.has_current) {
                    /* Another table: its tasks are its own. */
                    status = finish_task(doc, list, &s.current, false);
                    s.has_current = false;
                    s.area = "";
                }
                /* A repeated header is where a page broke. */
                s.page_break = s.in_task_table;
                s.cols = cols;
                s.in_task_table = true;
                continue;
            }
            if (s.in_task_table && !b->rows[r].header)
                status = read_row(doc, list, &s, i, r);
        }
    }
    if (!status && s.has_current)
        status = finish_task(doc, list, &s.current, false);
    else
        dispose_builder(&s.current);
    return status;
}

/* A plan without a task table: the bullets under its tasks part ("II.
 * NHIỆM VỤ ...") are its tasks, each under its section's heading. */
static cancu_status_t read_bullets(cancu_document_t *doc, task_list_t *list)
{
    const char *part = "", *area = "", *objective = "";
    cancu_status_t status = CANCU_STATUS_SUCCESS;
    size_t count = 0;

    for (size_t i = 0; !status && i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];
        const char *text = b->text;
        char f[160];
        task_builder_t t;

        if (b->kind != CANCU_BLOCK_PARAGRAPH || *b->note || !*b->label)
            continue;
        text += strlen(b->label);
        while (*text == ' ')
            text++;
        if (strchr("-+•*–", b->label[0]) == NULL) {
            /* A heading: I., 1., a). */
            if (b->label[0] >= 'A' && b->label[0] <= 'Z' &&
                strspn(b->label, "IVXLC.") == strlen(b->label)) {
                part = text;
                area = objective = "";
                count = 0;
            } else if (b->label[0] >= '0' && b->label[0] <= '9') {
                area = text;
                objective = "";
            } else {
                objective = text;
            }
            continue;
        }
        cancu_fold__ascii(part, strlen(part), f, sizeof f);
        if (!contains(f, "nhiem vu") && !contains(f, "giai phap") &&
            !contains(f, "noi dung"))
            continue;
        memset(&t, 0, sizeof t);
        snprintf(t.no, sizeof t.no, "%zu", ++count);
        t.area = area;
        t.section = b->section;
        t.line = b->line;
        join(&t.objective, objective);
        join(&t.task, text);
        {
            activity_builder_t *a = new_activity(&t, b->line);

            if (a) {
                join(&a->field[0], text);
                /* Deadline phrases in the text itself. */
                join(&a->field[4], text);
            }
        }
        add_row(&t, i, 0);
        status = finish_task(doc, list, &t, true);
    }
    return status;
}

static cancu_pattern_t title_year =
    CANCU_PATTERN("năm\\s+((?:19|20)\\d{2})", PCRE2_CASELESS);

/* The year the plan is for: its title's ("... năm 2022"), else its
 * date's. */
static int plan_year(const cancu_document_t *doc)
{
    const pcre2_code *code = cancu_pattern__code(&title_year);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    int year = 0;

    if (md && pcre2_match(code, (PCRE2_SPTR)doc->title, PCRE2_ZERO_TERMINATED,
                          0, 0, md, NULL) >= 2) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

        for (PCRE2_SIZE i = ov[2]; i < ov[3]; i++)
            year = year * 10 + (doc->title[i] - '0');
    }
    pcre2_match_data_free(md);
    if (!year && strlen(doc->date) >= 4)
        for (int i = 0; i < 4; i++)
            year = year * 10 + (doc->date[i] - '0');
    return year;
}

static cancu_pattern_t closing_issuer = CANCU_PATTERN(
    "^Trên đây là (?:Kế hoạch|Chương trình|Đề án)[^.]*?\\s+của\\s+"
    "([^.]+?)\\.*/?\\.?$",
    0);

/* The plan's issuer: the last capitals line of the header before "Số:",
 * else the body's closing line ("Trên đây là Kế hoạch ... của X./."). */
static const char *plan_issuer(cancu_document_t *doc)
{
    const pcre2_code *code = cancu_pattern__code(&closing_issuer);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    const char *issuer = "";
    size_t limit = doc->nblocks < 8 ? doc->nblocks : 8;

    for (size_t i = 0; i < limit; i++) {
        const struct cancu_block *b = &doc->blocks[i];
        char f[64];

        if (b->kind != CANCU_BLOCK_PARAGRAPH)
            continue;
        if (strncmp(b->text, "Số", strlen("Số")) == 0)
            break;
        cancu_fold__ascii(b->text, strlen(b->text), f, sizeof f);
        if ((starts(f, "so ") || starts(f, "ubnd") || starts(f, "uy ban") ||
             starts(f, "bo ") || starts(f, "phong ")) &&
            strstr(b->text, "ộ") == NULL && b->text[1] != '\0')
            issuer = b->text;
    }
    for (size_t i = 0; md && !*issuer && i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind == CANCU_BLOCK_PARAGRAPH &&
            pcre2_match(code, (PCRE2_SPTR)b->text, PCRE2_ZERO_TERMINATED, 0, 0,
                        md, NULL) >= 2) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

            issuer = cancu_arena__strndup(doc->arena, b->text + ov[2],
                                          ov[3] - ov[2]);
            if (!issuer)
                issuer = "";
        }
    }
    pcre2_match_data_free(md);
    return issuer;
}

cancu_status_t cancu_tasks__extract(cancu_document_t *doc)
{
    task_list_t list = {NULL, 0, 0};
    cancu_status_t status;

    doc->plan_year = plan_year(doc);
    if (!*doc->issuer)
        doc->issuer = plan_issuer(doc);
    status = read_tables(doc, &list);
    if (!status && !list.count)
        status = read_bullets(doc, &list);
    if (!status && list.count) {
        doc->tasks =
            cancu_arena__alloc(doc->arena, list.count * sizeof *doc->tasks);
        if (!doc->tasks)
            status = cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                      "%s: out of memory", doc->path);
        else
            memcpy(doc->tasks, list.items, list.count * sizeof *doc->tasks);
        doc->ntasks = doc->tasks ? list.count : 0;
    }
    free(list.items);
    return status;
}

static json_t *units_json(const cancu_unit_t *units, size_t n)
{
    json_t *a = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(units[i].name));
    return a;
}

static json_t *deadline_json(const cancu_activity_t *a,
                             const cancu_deadline_t *d)
{
    json_t *o = json_pack(
        "{s:s%, s:s, s:o, s:o}", "text", a->deadline_text + d->text_start,
        d->text_end - d->text_start, "kind", cancu_deadline_kind_name(d->kind),
        "start", *d->start ? json_string(d->start) : json_null(), "end",
        *d->end ? json_string(d->end) : json_null());

    if (o && *d->recurrence)
        json_object_set_new(o, "recurrence", json_string(d->recurrence));
    return o;
}

static json_t *activity_json(const cancu_activity_t *a)
{
    json_t *deadlines = json_array();

    for (size_t i = 0; i < a->ndeadlines; i++)
        json_array_append_new(deadlines, deadline_json(a, &a->deadlines[i]));
    return json_pack(
        "{s:s, s:s, s:o, s:o, s:s, s:s, s:o, s:I}", "activity", a->activity,
        "output", a->output, "lead", units_json(a->lead, a->nlead), "partners",
        units_json(a->partners, a->npartners), "budget", a->budget, "deadline",
        a->deadline_text, "deadlines", deadlines, "line", (json_int_t)a->line);
}

/* The distinct units of all activities, in order. */
static json_t *all_units(const cancu_task_t *t, bool lead)
{
    json_t *names = json_array(), *keys = json_array();

    for (size_t i = 0; i < t->nactivities; i++) {
        const cancu_activity_t *a = &t->activities[i];
        const cancu_unit_t *u = lead ? a->lead : a->partners;
        size_t n = lead ? a->nlead : a->npartners;

        for (size_t k = 0; k < n; k++) {
            bool seen = false;

            for (size_t j = 0; j < json_array_size(keys) && !seen; j++)
                seen = strcmp(json_string_value(json_array_get(keys, j)),
                              u[k].key) == 0;
            if (seen)
                continue;
            json_array_append_new(keys, json_string(u[k].key));
            json_array_append_new(names, json_string(u[k].name));
        }
    }
    json_decref(keys);
    return names;
}

static json_t *task_json(const cancu_document_t *doc, const cancu_task_t *t)
{
    json_t *refs = json_array(), *keys = json_array(), *acts = json_array();

    for (size_t i = 0; i < t->nrefs; i++) {
        json_array_append_new(refs, json_string(doc->refs[t->refs[i]].id));
        json_array_append_new(keys, json_string(doc->refs[t->refs[i]].key));
    }
    for (size_t i = 0; i < t->nactivities; i++)
        json_array_append_new(acts, activity_json(&t->activities[i]));
    return json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:{s:s, s:I}}", "no",
        t->no, "area", t->area, "objective", t->objective, "task", t->task,
        "references", refs, "reference_keys", keys, "lead", all_units(t, true),
        "partners", all_units(t, false), "activities", acts, "where", "section",
        t->section, "line", (json_int_t)t->line);
}

json_t *cancu_tasks__json(const cancu_document_t *doc)
{
    json_t *tasks = json_array();

    for (size_t i = 0; i < doc->ntasks; i++)
        json_array_append_new(tasks, task_json(doc, &doc->tasks[i]));
    return tasks;
}

cancu_status_t cancu_document_tasks_json(const cancu_document_t *doc,
                                         char **out)
{
    json_t *root = json_pack(
        "{s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i}, s:o}", "document", "id",
        doc->id, "path", doc->path, "title", doc->title, "date", doc->date,
        "issuer", doc->issuer ? doc->issuer : "", "number", doc->number,
        "place", doc->place, "year", doc->plan_year, "tasks",
        cancu_tasks__json(doc));

    *out = root ? json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(root);
    if (!*out)
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "out of memory");
    return CANCU_STATUS_SUCCESS;
}

size_t cancu_document_task_count(const cancu_document_t *doc)
{
    return doc->ntasks;
}
