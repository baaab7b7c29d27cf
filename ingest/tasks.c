/* Tasks: the plan's task tables, read by their header's words, not by
 * column position; group rows give the area of the rows under them; a
 * numbered row starts a task; rows with an empty number are more
 * activities of it or, after a page break, the rest of the row above.
 * A plan without a table has its tasks as bullets of its body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

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
    NCOLS,
    /* Not columns of their own: the lead column holding the partners
     * too, and a column read for nothing. */
    COL_LEAD_PARTNERS = NCOLS,
    COL_IGNORED,
};

/* The activity-level columns, in the order of an activity's fields. */
static const enum column activity_columns[] = {
    COL_ACTIVITY, COL_OUTPUT, COL_LEAD, COL_PARTNERS, COL_DEADLINE, COL_BUDGET,
};
#define NFIELDS (sizeof activity_columns / sizeof *activity_columns)

typedef struct columns {
    int index[NCOLS]; /* the cell of each column, or -1 */
    /* The lead column is "Đơn vị chủ trì, phối hợp": lead then partners. */
    bool lead_holds_partners;
} columns_t;

static bool contains(const char *s, const char *word)
{
    return strstr(s, word) != NULL;
}

static bool starts(const char *s, const char *word)
{
    return strncmp(s, word, strlen(word)) == 0;
}

/* The words of a header cell, as real plans write them, and the column
 * they name, with a space on either side to match whole words (see
 * header_cell_words); the first entry whose words the cell holds wins, so the
 * longer phrases come before the words they hold ("chủ trì, phối hợp"
 * before "phối hợp"). Words are folded (no marks, lower case) and
 * matched whole; 'at_start' ones only where the cell starts. Headers
 * seen in the sample and in corpora/real (vbai-*.docx, tnt-*.txt), and
 * the last one as issue 13 names its columns:
 *   STT | Mục tiêu | Nhiệm vụ | Hoạt động | Kết quả/ Sản phẩm | Đơn vị chủ
 *   trì | Đơn vị phối hợp/thực hiện | Thời gian thực hiện | Kinh phí
 *   STT | Nhiệm vụ | Sản phẩm | Thời gian hoàn thành | Chủ trì thực hiện |
 *   Phối hợp thực hiện | Theo dõi, kiểm tra, đôn đốc
 *   TT | Nội dung | Trách nhiệm thực hiện | Thời gian (Năm 2026)
 *   TT | Nhiệm vụ, giải pháp | Đơn vị thực hiện | Đơn vị phối hợp | Thời
 *   gian thực hiện | Sản phẩm đầu ra
 *   TT | Nội dung nhiệm vụ | Đơn vị chủ trì, phối hợp | Thời hạn | Ghi chú */
static const struct header_words {
    const char *words;
    int column;
    bool at_start;
} header_words[] = {
    {" stt ", COL_NO, true},
    {" tt ", COL_NO, true},
    {" so tt ", COL_NO, true},
    {" so thu tu ", COL_NO, true},
    {" ghi chu ", COL_IGNORED, false},
    {" theo doi ", COL_IGNORED, false},
    {" muc tieu ", COL_OBJECTIVE, false},
    {" hoat dong ", COL_ACTIVITY, false},
    /* An inspection plan's rows are the units inspected. */
    {" don vi duoc kiem tra ", COL_TASK, false},
    {" doi tuong kiem tra ", COL_TASK, false},
    {" chu tri phoi hop ", COL_LEAD_PARTNERS, false},
    {" phoi hop ", COL_PARTNERS, false},
    {" chu tri ", COL_LEAD, false},
    {" don vi thuc hien ", COL_LEAD, false},
    {" co quan thuc hien ", COL_LEAD, false},
    {" trach nhiem thuc hien ", COL_LEAD, false},
    {" thoi gian ", COL_DEADLINE, true},
    {" thoi han ", COL_DEADLINE, true},
    {" tien do ", COL_DEADLINE, true},
    {" moc thoi gian ", COL_DEADLINE, true},
    {" kinh phi ", COL_BUDGET, false},
    {" du toan ", COL_BUDGET, false},
    {" nguon von ", COL_BUDGET, false},
    {" san pham ", COL_OUTPUT, false},
    {" ket qua ", COL_OUTPUT, true},
    {" nhiem vu ", COL_TASK, false},
    {" noi dung ", COL_TASK, false},
    {" cong viec ", COL_TASK, false},
    {" giai phap ", COL_TASK, false},
};

/* A header cell's words: folded, one space between, one before and one
 * after, so that " words " matches whole words. */
static void header_cell_words(const char *cell, char *out, size_t cap)
{
    char folded[128];
    size_t n = 0;

    cancu_fold__ascii(cell, strlen(cell), folded, sizeof folded);
    out[n++] = ' ';
    for (const char *p = folded; *p && n + 2 < cap; p++) {
        bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');

        if (alnum)
            out[n++] = *p;
        else if (out[n - 1] != ' ')
            out[n++] = ' ';
    }
    if (out[n - 1] != ' ')
        out[n++] = ' ';
    out[n] = '\0';
}

/* Which column a header cell names, by its words with or without
 * accents, or -1. */
static int classify(const char *cell)
{
    char words[136];

    header_cell_words(cell, words, sizeof words);
    for (size_t i = 0; i < sizeof header_words / sizeof *header_words; i++) {
        const struct header_words *h = &header_words[i];

        if (h->at_start ? starts(words, h->words) : contains(words, h->words))
            return h->column;
    }
    return -1;
}

const char *cancu_tasks__header_column(const char *cell)
{
    static const char *const names[] = {
        "no",       "objective", "task",   "activity",      "output",  "lead",
        "partners", "deadline",  "budget", "lead+partners", "ignored",
    };
    int col = classify(cell);

    return col < 0 ? "" : names[col];
}

/* A header row names at least three columns, one of them the task or
 * the activity. */
static bool header_cells(const char *const *cells, size_t ncells,
                         columns_t *out)
{
    columns_t c;
    size_t named = 0;

    memset(&c, 0, sizeof c);
    for (int k = 0; k < NCOLS; k++)
        c.index[k] = -1;
    for (size_t i = 0; i < ncells; i++) {
        int col = classify(cells[i]);

        if (col == COL_LEAD_PARTNERS && c.index[COL_LEAD] < 0) {
            col = COL_LEAD;
            c.lead_holds_partners = true;
        }
        if (col >= 0 && col < NCOLS && c.index[col] < 0) {
            c.index[col] = (int)i;
            named++;
        }
    }
    if (named < 3 || (c.index[COL_TASK] < 0 && c.index[COL_ACTIVITY] < 0))
        return false;
    *out = c;
    return true;
}

static bool header_row(const struct cancu_block *b, size_t r, columns_t *out)
{
    const cancu_row_t *row = &b->rows[r];
    /* No task table's header names a column past its 64th cell. */
    const char *texts[64];
    size_t n = row->ncells < 64 ? row->ncells : 64;

    for (size_t i = 0; i < n; i++)
        texts[i] = row->cells[i].text;
    return header_cells(texts, n, out);
}

bool cancu_tasks__header_row(const char *const *cells, size_t ncells)
{
    columns_t ignored;

    return header_cells(cells, ncells, &ignored);
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

/* "1.1", "2.3.1": a number within a part of the table. */
static bool is_dotted_number(const char *s)
{
    size_t n = strspn(s, "0123456789"), parts = 1;

    if (!n || n > 3)
        return false;
    while (s[n] == '.' && s[n + 1] >= '0' && s[n + 1] <= '9') {
        size_t digits = strspn(s + n + 1, "0123456789");

        if (digits > 3)
            return false;
        n += 1 + digits;
        parts++;
    }
    return parts > 1 && (s[n] == '\0' || (s[n] == '.' && !s[n + 1]));
}

/* "A", "B.": a part of the table above its Roman groups. */
static bool is_letter(const char *s)
{
    return *s >= 'A' && *s <= 'Z' &&
           (s[1] == '\0' || (s[1] == '.' && s[2] == '\0'));
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
    /* Its identity: see struct cancu_task. */
    size_t table, row;
    const char *part;
    /* Its lead cells hold the partners too. */
    bool lead_holds_partners;
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

/* How a cell of "Đơn vị chủ trì, phối hợp" marks its parts, as written
 * (the text is NFC). */
static const char *const lead_marks[] = {
    "chủ trì", "Chủ trì", "CHỦ TRÌ", "chu tri", "Chu tri",
};
static const char *const partner_marks[] = {
    "phối hợp", "Phối hợp", "PHỐI HỢP", "phoi hop", "Phoi hop",
};
#define NMARKS(a) (sizeof(a) / sizeof *(a))

/* Where one of 'marks' stands in 'text' as whole words, or NULL. */
static const char *find_mark(const char *text, const char *const *marks,
                             size_t nmarks, size_t *len_out)
{
    const char *best = NULL;

    for (size_t i = 0; i < nmarks; i++) {
        size_t n = strlen(marks[i]);

        for (const char *p = strstr(text, marks[i]); p;
             p = strstr(p + 1, marks[i])) {
            bool before = p == text || strchr(" ,;:.()-+\n\t", p[-1]);
            bool after = !p[n] || strchr(" ,;:.()-+\n\t", p[n]);

            if (before && after) {
                if (!best || p < best) {
                    best = p;
                    *len_out = n;
                }
                break;
            }
        }
    }
    return best;
}

/* 'text' less the separators around it, a lead mark ("Chủ trì:",
 * "... chủ trì") at either end and a "với" opening it. */
static const char *trim_part(cancu_document_t *doc, const char *text,
                             size_t len)
{
    static const char seps[] = " ,;:.-+()\n\t";
    static const char *const joins[] = {"với ", "cùng "};
    bool changed = true;

    while (changed) {
        changed = false;
        while (len && strchr(seps, *text)) {
            text++;
            len--;
            changed = true;
        }
        while (len && strchr(seps, text[len - 1])) {
            len--;
            changed = true;
        }
        for (size_t i = 0; i < NMARKS(lead_marks); i++) {
            size_t n = strlen(lead_marks[i]);

            if (len >= n && strncmp(text, lead_marks[i], n) == 0) {
                text += n;
                len -= n;
                changed = true;
            } else if (len >= n &&
                       strncmp(text + len - n, lead_marks[i], n) == 0) {
                len -= n;
                changed = true;
            }
        }
        for (size_t i = 0; i < NMARKS(joins); i++) {
            size_t n = strlen(joins[i]);

            if (len >= n && strncmp(text, joins[i], n) == 0) {
                text += n;
                len -= n;
                changed = true;
            }
        }
    }
    return cancu_arena__strndup(doc->arena, text, len);
}

/* A cell of "Đơn vị chủ trì, phối hợp": the lead, then the partners
 * where the cell marks them ("Sở Nội vụ chủ trì, phối hợp với Sở Tài
 * chính", "Chủ trì: Sở Nội vụ; Phối hợp: Sở Tài chính", "Sở Nội vụ
 * (chủ trì); Sở Tài chính (phối hợp)"); unmarked, all of it is the
 * lead. */
static bool split_lead_partners(cancu_document_t *doc, const char *cell,
                                const char **lead_out,
                                const char **partners_out)
{
    size_t plen = 0, llen = 0;
    const char *p =
        find_mark(cell, partner_marks, NMARKS(partner_marks), &plen);
    const char *l = find_mark(cell, lead_marks, NMARKS(lead_marks), &llen);

    if (!p) {
        *lead_out = trim_part(doc, cell, strlen(cell));
        *partners_out = "";
    } else if (p > cell && p[-1] == '(' && l && l < p && l > cell &&
               l[-1] == '(') {
        /* Marks after the names: "X (chủ trì); Y (phối hợp)". */
        *lead_out = trim_part(doc, cell, (size_t)(l - cell));
        *partners_out = trim_part(doc, l + llen, (size_t)(p - (l + llen)));
    } else {
        *lead_out = trim_part(doc, cell, (size_t)(p - cell));
        *partners_out = trim_part(doc, p + plen, strlen(p + plen));
    }
    return *lead_out && *partners_out;
}

static cancu_status_t finish_activity(cancu_document_t *doc,
                                      cancu_activity_t *a,
                                      const activity_builder_t *b,
                                      bool lead_holds_partners)
{
    const char **fields[NFIELDS] = {&a->activity,      &a->output,
                                    &a->lead_text,     &a->partners_text,
                                    &a->deadline_text, &a->budget};
    cancu_deadline_t found[16];
    cancu_plan_time_t plan = {doc->plan_year, doc->plan_first, doc->plan_last};
    size_t n;

    for (size_t f = 0; f < NFIELDS; f++) {
        *fields[f] = arena_copy(doc, &b->field[f]);
        if (!*fields[f] || b->field[f].failed)
            return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                    "%s: out of memory", doc->path);
    }
    a->line = b->line;
    if (lead_holds_partners && !*a->partners_text &&
        !split_lead_partners(doc, a->lead_text, &a->lead_text,
                             &a->partners_text))
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    a->nlead = cancu_units__split(doc, a->lead_text, &a->lead);
    a->npartners = cancu_units__split(doc, a->partners_text, &a->partners);
    n = cancu_deadlines__parse_in(a->deadline_text, strlen(a->deadline_text),
                                  &plan, found, sizeof found / sizeof *found);
    /* A column shifted by a merged cell puts a unit where the deadline
     * goes: a text with no deadline that reads as a unit's name is none. */
    if (!n && cancu_units__reads_as_unit(a->deadline_text))
        a->deadline_text = "";
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
    t->table = b->table;
    t->part = b->part ? b->part : "";
    t->row = b->row;
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
        status = finish_activity(doc, &t->activities[i], &b->acts[i],
                                 b->lead_holds_partners);
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

/* Does the text open with a lower-case letter, of any Vietnamese letter
 * (ICU's case properties: "ứng" is, "Ứng" and "Đ" are not)? */
bool cancu_tasks__opens_lower(const char *t)
{
    int32_t i = 0, n = (int32_t)strnlen(t, 8);
    UChar32 c;

    if (!n)
        return false;
    U8_NEXT(t, i, n, c);
    return c >= 0 && u_isalpha(c) && !u_isupper(c) && !u_istitle(c) &&
           !u_hasBinaryProperty(c, UCHAR_UPPERCASE);
}

/* Does any of the row's cells open in lower case: text cut mid-sentence
 * by a page break? */
static bool opens_lower(const struct cancu_block *b, size_t r)
{
    for (size_t i = 0; i < b->rows[r].ncells; i++)
        if (cancu_tasks__opens_lower(b->rows[r].cells[i].text))
            return true;
    return false;
}

typedef struct table_state {
    columns_t cols;
    /* The header row of the task table being read. */
    const cancu_row_t *header;
    bool in_task_table;
    bool page_break;
    /* Something stood after the table's last block that ends it: a
     * paragraph of text ("Phụ lục II", a heading) or a blank one. */
    bool ended;
    const char *area;
    /* The table's place among the plan's task tables (1 for the first),
     * and the rows of it read so far, its header rows too. */
    size_t table, rows;
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

/* A row whose one cell with text is its STT cell, holding a Roman or
 * letter label and a heading: "I. NÂNG CAO NHẬN THỨC", "B. CÔNG TÁC". */
static bool heading_in_no_cell(const struct cancu_block *b, size_t r,
                               const columns_t *c)
{
    const char *no = cell_of(b, r, c, COL_NO);
    size_t n = strspn(no, "IVXLC");

    if (!n && *no >= 'A' && *no <= 'Z')
        n = 1;
    if (!n || (no[n] != '.' && no[n] != ')') || no[n + 1] != ' ' || !no[n + 2])
        return false;
    for (size_t i = 0; i < b->rows[r].ncells; i++)
        if ((int)i != c->index[COL_NO] && *b->rows[r].cells[i].text)
            return false;
    return true;
}

/* Does 'no' number a part of the task being read ("5.1" under task 5)? */
static bool extends(const task_builder_t *t, const table_state_t *s,
                    const char *no)
{
    size_t n = strlen(t->no);

    return s->has_current && n && strncmp(no, t->no, n) == 0 && no[n] == '.';
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
    if (heading_in_no_cell(b, r, c)) {
        /* "I. NÂNG CAO NHẬN THỨC" alone across the row: a group row. */
        s->area = no + strcspn(no, " ") + 1;
        return CANCU_STATUS_SUCCESS;
    }
    if (is_roman(no) || (is_letter(no) && !any_activity_text(b, r, c))) {
        /* A group row: the area of the rows under it. */
        for (size_t i = 0; i < b->rows[r].ncells; i++)
            if ((int)i != c->index[COL_NO] && *b->rows[r].cells[i].text) {
                s->area = b->rows[r].cells[i].text;
                break;
            }
        return CANCU_STATUS_SUCCESS;
    }
    /* "2.1" is a task of its own, unless it numbers a part of task 2. */
    if (is_number(no) || (is_dotted_number(no) && !extends(t, s, no))) {
        if (s->has_current)
            status = finish_task(doc, list, t, false);
        memset(t, 0, sizeof *t);
        s->has_current = !status;
        if (status)
            return status;
        snprintf(t->no, sizeof t->no, "%.*s",
                 (int)(is_number(no) ? strcspn(no, ".") : strlen(no)), no);
        if (t->no[0] && t->no[strlen(t->no) - 1] == '.')
            t->no[strlen(t->no) - 1] = '\0';
        t->table = s->table;
        t->row = s->rows;
        t->lead_holds_partners = c->lead_holds_partners;
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

/* The same header text, cell for cell: a header repeated after a page
 * break, not another table's that names the same columns. */
static bool same_header(const cancu_row_t *a, const cancu_row_t *b)
{
    if (a->ncells != b->ncells)
        return false;
    for (size_t i = 0; i < a->ncells; i++)
        if (strcmp(a->cells[i].text, b->cells[i].text) != 0)
            return false;
    return true;
}

/* A paragraph a page break leaves between two pieces of a table: a page
 * number ("2", "- 2 -"). */
static bool page_noise(const char *text)
{
    return strspn(text, "0123456789 -–/.") == strlen(text);
}

/* The task table read so far is done: its last task too. */
static cancu_status_t end_table(cancu_document_t *doc, task_list_t *list,
                                table_state_t *s)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (s->has_current)
        status = finish_task(doc, list, &s->current, false);
    s->has_current = false;
    s->in_task_table = false;
    s->page_break = false;
    s->area = "";
    return status;
}

/* A header row of a task table: a new table, or the one read so far
 * going on after a page break (the same header, nothing between but the
 * break). */
static cancu_status_t header_met(cancu_document_t *doc, task_list_t *list,
                                 table_state_t *s, const cancu_row_t *row,
                                 const columns_t *cols)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    if (s->in_task_table && same_columns(cols, &s->cols) &&
        same_header(row, s->header)) {
        /* A repeated header is where a page broke. */
        s->page_break = true;
        s->rows++;
        return CANCU_STATUS_SUCCESS;
    }
    if (s->in_task_table)
        status = end_table(doc, list, s);
    s->cols = *cols;
    s->header = row;
    s->in_task_table = true;
    s->table++;
    s->rows = 1;
    return status;
}

static cancu_status_t read_tables(cancu_document_t *doc, task_list_t *list)
{
    table_state_t s;
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    memset(&s, 0, sizeof s);
    s.area = "";
    for (size_t i = 0; !status && i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind != CANCU_BLOCK_TABLE) {
            /* Text between two tables: the second is not the first going
             * on, whatever its header says. */
            if (s.in_task_table && !*b->note && !page_noise(b->text))
                s.ended = true;
            continue;
        }
        if (s.in_task_table && (s.ended || b->blank_before))
            status = end_table(doc, list, &s);
        s.ended = false;
        /* A new block of a task table: a page break in TXT. */
        s.page_break = s.in_task_table;
        for (size_t r = 0; !status && r < b->nrows; r++) {
            columns_t cols;

            if (header_row(b, r, &cols)) {
                status = header_met(doc, list, &s, &b->rows[r], &cols);
                continue;
            }
            if (!s.in_task_table)
                continue;
            s.rows++;
            if (!b->rows[r].header)
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
    const char *part = "", *part_label = "", *area = "", *objective = "";
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
                part_label = cancu_arena__strndup(doc->arena, b->label,
                                                  strcspn(b->label, "."));
                if (!part_label)
                    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                            "%s: out of memory", doc->path);
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
        t.part = part_label;
        t.row = count;
        t.area = area;
        t.section = b->section;
        t.line = b->line;
        join(&t.objective, objective);
        join(&t.task, text);
        {
            activity_builder_t *a = new_activity(&t, b->line);

            if (a) {
                join(&a->field[0], text);
                /* The phrases of the text that say when it is due. */
                if (!cancu_deadlines__due_phrases(text, strlen(text),
                                                  doc->plan_year, &a->field[4]))
                    t.failed = true;
            }
        }
        add_row(&t, i, 0);
        status = finish_task(doc, list, &t, true);
    }
    return status;
}

/* The plan's date line among its first paragraphs ("Lâm Đồng, ngày
 * tháng 3 năm 2026", a draft's with its day left blank), or "". */
static const char *date_line(const cancu_document_t *doc)
{
    size_t limit = doc->nblocks < 16 ? doc->nblocks : 16;

    for (size_t i = 0; i < limit; i++) {
        const char *t = doc->blocks[i].text;

        if (doc->blocks[i].kind == CANCU_BLOCK_PARAGRAPH && strlen(t) < 120 &&
            strstr(t, "ngày") && strstr(t, "tháng") && strstr(t, "năm"))
            return t;
    }
    return "";
}

/* The year the plan is for and the period it states: its title's ("...
 * năm 2022", "giai đoạn 2026 - 2030"), else its date's. */
static void plan_time(cancu_document_t *doc)
{
    cancu_plan_time_t t;

    cancu_deadlines__plan_time(doc->title, doc->date, date_line(doc), &t);
    doc->plan_year = t.year;
    doc->plan_first = t.first;
    doc->plan_last = t.last;
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

    plan_time(doc);
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

/* A deadline; recurring work lists its occurrences, over its span or
 * else over the plan's year 'year'. */
static json_t *deadline_json(const cancu_activity_t *a,
                             const cancu_deadline_t *d, int year)
{
    json_t *o = json_pack(
        "{s:s%, s:s, s:o, s:o}", "text", a->deadline_text + d->text_start,
        d->text_end - d->text_start, "kind", cancu_deadline_kind_name(d->kind),
        "start", *d->start ? json_string(d->start) : json_null(), "end",
        *d->end ? json_string(d->end) : json_null());

    if (o && *d->recurrence) {
        cancu_occurrence_t when[64];
        size_t n = cancu_deadlines__occurrences(d, year, when, 64);
        char rule[64];

        cancu_deadlines__rule(d, rule, sizeof rule);
        json_object_set_new(o, "recurrence", json_string(d->recurrence));
        json_object_set_new(o, "rule", json_string(rule));
        if (n) {
            json_t *list = json_array();

            for (size_t i = 0; i < n && i < 64; i++)
                json_array_append_new(
                    list, json_pack("{s:o, s:s}", "start",
                                    *when[i].start ? json_string(when[i].start)
                                                   : json_null(),
                                    "end", when[i].end));
            json_object_set_new(o, "occurrences", list);
        }
    }
    return o;
}

static json_t *activity_json(const cancu_activity_t *a, int year)
{
    json_t *deadlines = json_array();

    for (size_t i = 0; i < a->ndeadlines; i++)
        json_array_append_new(deadlines,
                              deadline_json(a, &a->deadlines[i], year));
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
        json_array_append_new(acts,
                              activity_json(&t->activities[i], doc->plan_year));
    return json_pack(
        "{s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
        "s:{s:s, s:I}}",
        "no", t->no, "table", (json_int_t)t->table, "part", t->part, "row",
        (json_int_t)t->row, "area", t->area, "objective", t->objective, "task",
        t->task, "references", refs, "reference_keys", keys, "lead",
        all_units(t, true), "partners", all_units(t, false), "activities", acts,
        "where", "section", t->section, "line", (json_int_t)t->line);
}

json_t *cancu_tasks__json(const cancu_document_t *doc)
{
    json_t *tasks = json_array();

    for (size_t i = 0; i < doc->ntasks; i++)
        json_array_append_new(tasks, task_json(doc, &doc->tasks[i]));
    return tasks;
}

size_t cancu_document_task_count(const cancu_document_t *doc)
{
    return doc->ntasks;
}
