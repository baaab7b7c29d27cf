/* Headings and sections, the plan's title and date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/ingest-private.h"
#include "ingest/pattern.h"

/* Section levels: in a plan, a Roman part, an Arabic section, a lettered
 * subsection (I.2.a); in a legal text, its part or chapter, section,
 * article, clause and point (Chương II, Điều 37, khoản 2, điểm a). */
#define LEVELS 5
#define PLAN_LEVELS 3

/* Group 1 is the label as written ("II.", "1.2.", "a)"), group 2 the bare
 * label that section paths are made of. */
static cancu_pattern_t roman_heading =
    CANCU_PATTERN("^((X{0,3}(?:IX|IV|V?I{0,3}))\\s*[.)])\\s*\\S", 0);
static cancu_pattern_t arabic_heading = CANCU_PATTERN(
    "^(((?:\\d{1,3}\\.)*\\d{1,3})(?:\\s*[.)])?)\\s*(?<=[.)]|\\s)\\S", 0);
static cancu_pattern_t letter_heading =
    CANCU_PATTERN("^(([a-zđ])\\s*\\))\\s*\\S", 0);
static cancu_pattern_t bullet = CANCU_PATTERN("^(([-+•*–]))\\s*\\S", 0);
static cancu_pattern_t plan_date = CANCU_PATTERN(
    "(?:^|,)\\s*ngày\\s*(\\d{1,2})?\\s*(?:tháng\\s*(\\d{1,2})\\s*năm"
    "|/\\s*(\\d{1,2})\\s*/)\\s*((?:19|20)\\d{2})",
    PCRE2_CASELESS);
static cancu_pattern_t appendix =
    CANCU_PATTERN("^((phụ\\s+lục))\\b", PCRE2_CASELESS);
/* A plan's parts headed "PHẦN II." or "Mục II.": its Roman parts. */
static cancu_pattern_t plan_part = CANCU_PATTERN(
    "^((?:PHẦN|Phần|MỤC|Mục)\\s+(X{0,3}(?:IX|IV|V?I{0,3}))\\s*[.:)]?)(?:\\s|$)",
    0);
/* The parts of a legal text, group 2 its word, group 3 its number. */
static cancu_pattern_t legal_part =
    CANCU_PATTERN("^[*#\\s]*((Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\\s+"
                  "([IVXLC]+|\\d{1,3}[a-z]?)\\b\\s*[.:]?)",
                  0);
static cancu_pattern_t article =
    CANCU_PATTERN("^[*#\\s]*(?:Điều|ĐIỀU)\\s+\\d{1,3}[a-z]?\\s*[.:]", 0);

/* Match 'pattern' against 's'; on success copy the bare label (group 2)
 * into 'label' and give the length of the label as written (group 1). */
static bool match_label(cancu_pattern_t *pattern, const char *s, char *label,
                        size_t cap, size_t *written_len)
{
    const pcre2_code *code = cancu_pattern__code(pattern);
    pcre2_match_data *md;
    bool found = false;

    if (!code)
        return false;
    md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return false;
    if (pcre2_match(code, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md,
                    NULL) >= 3) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t len = ov[5] - ov[4];

        if (len > 0 && len < cap) {
            memcpy(label, s + ov[4], len);
            label[len] = '\0';
            if (written_len)
                *written_len = ov[3] - ov[2];
            found = true;
        }
    }
    pcre2_match_data_free(md);
    return found;
}

bool cancu_metadata__heading(const char *text, char *label, size_t cap,
                             int *level_out, size_t *written_len)
{
    if (match_label(&roman_heading, text, label, cap, written_len)) {
        *level_out = 1;
        return true;
    }
    if (match_label(&arabic_heading, text, label, cap, written_len)) {
        *level_out = 2;
        return true;
    }
    if (match_label(&letter_heading, text, label, cap, written_len)) {
        *level_out = 3;
        return true;
    }
    if (match_label(&bullet, text, label, cap, written_len)) {
        *level_out = 0;
        return true;
    }
    return false;
}

/* "YYYY-MM-DD" or "YYYY-MM" from the first date line of the header. */
static const char *find_date(cancu_document_t *doc)
{
    const pcre2_code *code = cancu_pattern__code(&plan_date);
    pcre2_match_data *md;
    const char *found = "";
    size_t limit = doc->nblocks < 20 ? doc->nblocks : 20;

    if (!code)
        return found;
    md = pcre2_match_data_create_from_pattern(code, NULL);
    if (!md)
        return found;
    for (size_t i = 0; i < limit && !*found; i++) {
        const struct cancu_block *b = &doc->blocks[i];
        PCRE2_SIZE *ov;
        int day = 0, month, year;
        char iso[40];

        if (b->kind != CANCU_BLOCK_PARAGRAPH ||
            pcre2_match(code, (PCRE2_SPTR)b->text, PCRE2_ZERO_TERMINATED, 0, 0,
                        md, NULL) < 0)
            continue;
        ov = pcre2_get_ovector_pointer(md);
        if (ov[2] != PCRE2_UNSET)
            day = (int)strtol(b->text + ov[2], NULL, 10);
        month = (int)strtol(b->text + (ov[4] != PCRE2_UNSET ? ov[4] : ov[6]),
                            NULL, 10);
        year = (int)strtol(b->text + ov[8], NULL, 10);
        if (month < 1 || month > 12 || day < 0 || day > 31)
            continue;
        if (day)
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
        else
            snprintf(iso, sizeof iso, "%04d-%02d", year, month);
        found = cancu_arena__strdup(doc->arena, iso);
        if (!found)
            found = "";
        /* "Gia Lai, ngày ...": the place the plan was signed in. */
        if (ov[0] > 0 && b->text[ov[0]] == ',') {
            size_t end = ov[0];

            while (end > 0 && b->text[end - 1] == ' ')
                end--;
            size_t start = end;

            /* A TXT header may set "Số: ..." and the place on one line,
             * in columns: the place begins after the last gap. */
            while (start > 0 && b->text[start - 1] != '\t' &&
                   !(start > 1 && b->text[start - 1] == ' ' &&
                     b->text[start - 2] == ' '))
                start--;
            if (end > start && end - start < 64) {
                const char *place = cancu_arena__strndup(
                    doc->arena, b->text + start, end - start);

                if (place)
                    doc->place = place;
            }
        }
    }
    pcre2_match_data_free(md);
    return found;
}

/* "Số: 15/KH-UBND" or "Số:    /KH-SGDĐT" in the header: the number as
 * written, up to the first space after it (a TXT header may put the
 * place on the same line). NULL when out of memory. */
static const char *find_number(cancu_document_t *doc)
{
    size_t limit = doc->nblocks < 12 ? doc->nblocks : 12;

    for (size_t i = 0; i < limit; i++) {
        const char *s = doc->blocks[i].text, *end;

        if (doc->blocks[i].kind != CANCU_BLOCK_PARAGRAPH ||
            strncmp(s, "Số", strlen("Số")) != 0)
            continue;
        s += strlen("Số");
        while (*s == ' ')
            s++;
        if (*s != ':')
            continue;
        s++;
        while (*s == ' ')
            s++;
        end = s;
        while (*end && *end != ' ' && *end != '\t')
            end++;
        if (end > s && memchr(s, '/', (size_t)(end - s)))
            return cancu_arena__strndup(doc->arena, s, (size_t)(end - s));
    }
    return "";
}

/* The words that head a plan's title line, in capitals as written. */
static const char *const title_kinds[] = {
    "KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "BÁO CÁO", "QUYẾT ĐỊNH",
};

static const char *find_title(cancu_document_t *doc)
{
    size_t limit = doc->nblocks < 30 ? doc->nblocks : 30;

    for (size_t i = 0; i < limit; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind != CANCU_BLOCK_PARAGRAPH)
            continue;
        for (size_t k = 0; k < sizeof title_kinds / sizeof *title_kinds; k++) {
            size_t n = strlen(title_kinds[k]);
            const char *rest = b->text + n;

            if (strncmp(b->text, title_kinds[k], n) != 0)
                continue;
            while (*rest == ' ' || *rest == ':')
                rest++;
            if (*rest)
                return rest;
            /* The kind stands alone: the title is the next paragraph. */
            if (i + 1 < doc->nblocks &&
                doc->blocks[i + 1].kind == CANCU_BLOCK_PARAGRAPH)
                return doc->blocks[i + 1].text;
        }
    }
    return "";
}

static const char *join_section(cancu_document_t *doc, char parts[LEVELS][32],
                                bool legal)
{
    char joined[LEVELS * 34] = "";
    size_t len = 0;

    for (int l = 0; l < LEVELS; l++) {
        if (!parts[l][0])
            continue;
        len += (size_t)snprintf(joined + len, sizeof joined - len, "%s%s",
                                len ? (legal ? ", " : ".") : "", parts[l]);
    }
    return cancu_arena__strdup(doc->arena, joined);
}

/* A legal text numbers its articles "Điều 1.", "Điều 2." ...: two of
 * them make its structure the law's, not a plan's. */
static bool is_legal_text(const cancu_document_t *doc)
{
    const pcre2_code *code = cancu_pattern__code(&article);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    size_t articles = 0;

    for (size_t i = 0; md && i < doc->nblocks && articles < 2; i++)
        if (doc->blocks[i].kind == CANCU_BLOCK_PARAGRAPH &&
            pcre2_match(code, (PCRE2_SPTR)doc->blocks[i].text,
                        PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0)
            articles++;
    pcre2_match_data_free(md);
    return articles >= 2;
}

static bool block_heading(cancu_document_t *doc, struct cancu_block *b,
                          char *label, size_t cap, int *level);

/* A legal text's heading: its level (1 part or chapter, 2 section, 3
 * article, 4 clause "1.", 5 point "a)") and label ("Chương II", "Điều
 * 37", "khoản 2", "điểm a"). */
static bool legal_heading(cancu_document_t *doc, struct cancu_block *b,
                          char *label, size_t cap, int *level)
{
    const pcre2_code *code = cancu_pattern__code(&legal_part);
    pcre2_match_data *md =
        code ? pcre2_match_data_create_from_pattern(code, NULL) : NULL;
    bool found = false;

    if (md && pcre2_match(code, (PCRE2_SPTR)b->text, PCRE2_ZERO_TERMINATED, 0,
                          0, md, NULL) >= 4) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        const char *word = b->text + ov[4];
        char folded[16];

        cancu_fold__ascii(word, ov[5] - ov[4], folded, sizeof folded);
        *level = strcmp(folded, "dieu") == 0  ? 3
                 : strcmp(folded, "muc") == 0 ? 2
                                              : 1;
        snprintf(label, cap, "%s %.*s",
                 *level == 3                   ? "Điều"
                 : *level == 2                 ? "Mục"
                 : strcmp(folded, "phan") == 0 ? "Phần"
                                               : "Chương",
                 (int)(ov[7] - ov[6]), b->text + ov[6]);
        found = true;
    }
    pcre2_match_data_free(md);
    if (found)
        return true;
    if (!block_heading(doc, b, label, cap, level) || *level < 2)
        return false;
    /* Under an article: its clauses "1." and points "a)". */
    {
        char bare[16];

        snprintf(bare, sizeof bare, "%.15s", label);
        snprintf(label, cap, "%s %s", *level == 2 ? "khoản" : "điểm", bare);
        *level += 2;
    }
    return true;
}

/* The level and bare label of a paragraph that heads a section: from the
 * label Word numbered it with, else from its text. Sets the label as
 * written when the text carries it. */
static bool block_heading(cancu_document_t *doc, struct cancu_block *b,
                          char *label, size_t cap, int *level)
{
    size_t written = 0;

    if (*b->label) {
        char probe[80];

        snprintf(probe, sizeof probe, "%s x", b->label);
        return cancu_metadata__heading(probe, label, cap, level, NULL);
    }
    if (!cancu_metadata__heading(b->text, label, cap, level, &written))
        return false;
    b->label = cancu_arena__strndup(doc->arena, b->text, written);
    return b->label != NULL;
}

/* A plan's heading: "PHẦN II." and "Mục II." are its Roman parts. */
static bool plan_heading(cancu_document_t *doc, struct cancu_block *b,
                         char *label, size_t cap, int *level)
{
    size_t written;

    if (!*b->label && match_label(&plan_part, b->text, label, cap, &written) &&
        *label) {
        *level = 1;
        b->label = cancu_arena__strndup(doc->arena, b->text, written);
        return b->label != NULL;
    }
    return block_heading(doc, b, label, cap, level);
}

/* The first reference in the number is the document's own id. */
static cancu_status_t take_own_id(const char *id, size_t start, size_t end,
                                  void *payload)
{
    cancu_document_t *doc = payload;

    (void)start;
    (void)end;
    if (*doc->own_id)
        return CANCU_STATUS_SUCCESS;
    doc->own_id = cancu_arena__strdup(doc->arena, id);
    if (!doc->own_id) {
        doc->own_id = "";
        return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                                doc->path);
    }
    return CANCU_STATUS_SUCCESS;
}

/* The file's name without its folder and extension, or "". */
static const char *file_stem(cancu_document_t *doc)
{
    const char *base = doc->path ? strrchr(doc->path, '/') : NULL;
    const char *dot;
    const char *stem;

    base = base ? base + 1 : doc->path ? doc->path : "";
    dot = strrchr(base, '.');
    stem = cancu_arena__strndup(doc->arena, base,
                                dot && dot > base ? (size_t)(dot - base)
                                                  : strlen(base));
    return stem ? stem : "";
}

/* Read the identity, and let what it found stand for the plan's header:
 * the plan reader's fields stay where the identity has nothing. The
 * document's own id is its number's canonical form. */
static cancu_status_t take_identity(cancu_document_t *doc)
{
    const cancu_identity_t *id = &doc->identity;
    cancu_status_t status = cancu_identity__read(doc);

    if (status)
        return status;
    /* A header's title first; a text without a header takes the plan
     * reader's, else its file's properties', else its first heading. */
    if (*id->title && (!id->title_is_heading ||
                       (*doc->title && strncmp(id->title, doc->title,
                                               strlen(doc->title)) == 0)))
        doc->title = id->title;
    if (!*doc->title && doc->property_title)
        doc->title = doc->property_title;
    if (!*doc->title)
        doc->title = id->title;
    /* A text that prints no title at all (a bare table, an untitled
     * article) is shown by its file's name. */
    if (!*doc->title)
        doc->title = file_stem(doc);
    if (*id->signed_on)
        doc->date = id->signed_on;
    if (*id->number)
        doc->number = id->number;
    if (*id->place)
        doc->place = id->place;
    if (*id->issuer)
        doc->issuer = id->issuer;
    return cancu_references__find(id->number, strlen(id->number), take_own_id,
                                  doc);
}

cancu_status_t cancu_metadata__derive(cancu_document_t *doc)
{
    char parts[LEVELS][32] = {{0}};
    const char *headings[LEVELS] = {0};
    const char *section = "", *heading = "";
    bool legal = is_legal_text(doc);

    for (size_t i = 0; i < doc->nblocks; i++) {
        struct cancu_block *b = &doc->blocks[i];
        char label[32];
        int level;

        if (*b->note) {
            /* A note stands where it is referred to from. */
            b->section =
                b->anchor < i ? doc->blocks[b->anchor].section : section;
            b->heading =
                b->anchor < i ? doc->blocks[b->anchor].heading : heading;
            continue;
        }
        if (b->kind == CANCU_BLOCK_PARAGRAPH) {
            bool is_heading =
                legal ? legal_heading(doc, b, label, sizeof label, &level)
                      : plan_heading(doc, b, label, sizeof label, &level);

            if (is_heading) {
                if (level > 0) {
                    snprintf(parts[level - 1], sizeof parts[0], "%s", label);
                    headings[level - 1] = b->text;
                    for (int l = level; l < LEVELS; l++) {
                        parts[l][0] = '\0';
                        headings[l] = NULL;
                    }
                    section = join_section(doc, parts, legal);
                    heading = b->text;
                }
            } else if (match_label(&appendix, b->text, label, sizeof label,
                                   NULL)) {
                memset(parts, 0, sizeof parts);
                memset(headings, 0, sizeof headings);
                snprintf(parts[0], sizeof parts[0], "Phụ lục");
                section = join_section(doc, parts, legal);
                heading = headings[0] = b->text;
            }
        }
        if (!section || !b->label)
            goto oom;
        b->section = section;
        b->heading = heading;
    }
    doc->title = find_title(doc);
    doc->date = find_date(doc);
    doc->number = find_number(doc);
    if (!doc->number)
        goto oom;
    return take_identity(doc);

oom:
    return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY, "%s: out of memory",
                            doc->path);
}
