/* Abbreviations a plan defines: "thủ tục hành chính (TTHC)", "cải cách
 * hành chính (CCHC)". The words before the brackets whose initials spell
 * the abbreviation are its expansion. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "ingest/ingest-private.h"

#define MAX_LETTERS 8

/* The letters of an abbreviation in brackets at 't[open]', folded, or 0
 * when it is not one: 2 to 8 capitals (Đ counts as one). */
static size_t abbreviation(const char *t, size_t len, size_t open,
                           char letters[MAX_LETTERS + 1], size_t *close_out)
{
    int32_t i = (int32_t)open + 1, n = (int32_t)len;
    size_t count = 0;

    while (i < n && t[i] != ')') {
        UChar32 c;

        U8_NEXT(t, i, n, c);
        if (c < 0 || !u_isupper(c) || count == MAX_LETTERS)
            return 0;
        letters[count++] =
            c == 0x110 ? 'd' : (char)u_tolower(c < 0x80 ? c : 'x');
        if (c >= 0x80 && c != 0x110)
            return 0;
    }
    if (i >= n || count < 2)
        return 0;
    letters[count] = '\0';
    *close_out = (size_t)i;
    return count;
}

static bool push(cancu_document_t *doc, const char *abbr, size_t abbr_len,
                 const char *expansion, size_t len)
{
    cancu_abbrev_t *p;

    for (size_t i = 0; i < doc->nabbrevs; i++)
        if (strlen(doc->abbrevs[i].abbr) == abbr_len &&
            memcmp(doc->abbrevs[i].abbr, abbr, abbr_len) == 0)
            return true;
    if (doc->nabbrevs == doc->abbrevs_cap) {
        size_t cap = doc->abbrevs_cap ? doc->abbrevs_cap * 2 : 8;

        p = realloc(doc->abbrevs, cap * sizeof *p);
        if (!p)
            return false;
        doc->abbrevs = p;
        doc->abbrevs_cap = cap;
    }
    p = &doc->abbrevs[doc->nabbrevs];
    p->abbr = cancu_arena__strndup(doc->arena, abbr, abbr_len);
    p->expansion = cancu_arena__strndup(doc->arena, expansion, len);
    if (!p->abbr || !p->expansion)
        return false;
    doc->nabbrevs++;
    return true;
}

/* The start of the 'words' words before 'end', or SIZE_MAX. */
static size_t words_back(const char *t, size_t end, size_t words,
                         const char *letters)
{
    size_t i = end;

    while (i > 0 && t[i - 1] == ' ')
        i--;
    for (size_t w = words; w > 0; w--) {
        size_t word_end = i;
        char f[8];

        while (i > 0 && t[i - 1] != ' ' && t[i - 1] != ',' && t[i - 1] != '(' &&
               t[i - 1] != ';')
            i--;
        if (i == word_end)
            return SIZE_MAX;
        /* Its initial, folded, is the abbreviation's letter. */
        cancu_fold__ascii(t + i, word_end - i < 4 ? word_end - i : 4, f,
                          sizeof f);
        if (f[0] != letters[w - 1])
            return SIZE_MAX;
        if (w > 1) {
            if (i == 0 || t[i - 1] != ' ')
                return SIZE_MAX;
            while (i > 0 && t[i - 1] == ' ')
                i--;
        }
    }
    return i;
}

static cancu_status_t scan_text(cancu_document_t *doc, const char *t)
{
    size_t len = strlen(t);

    for (const char *p = strchr(t, '('); p; p = strchr(p + 1, '(')) {
        size_t open = (size_t)(p - t), close, n, start;
        char letters[MAX_LETTERS + 1];

        n = abbreviation(t, len, open, letters, &close);
        if (!n)
            continue;
        start = words_back(t, open, n, letters);
        if (start == SIZE_MAX)
            continue;
        {
            size_t end = open;

            while (end > start && t[end - 1] == ' ')
                end--;
            if (!push(doc, t + open + 1, close - open - 1, t + start,
                      end - start))
                return cancu_error__set(CANCU_STATUS_OUT_OF_MEMORY,
                                        "%s: out of memory", doc->path);
        }
    }
    return CANCU_STATUS_SUCCESS;
}

cancu_status_t cancu_abbrev__scan(cancu_document_t *doc)
{
    cancu_status_t status = CANCU_STATUS_SUCCESS;

    for (size_t i = 0; !status && i < doc->nblocks; i++) {
        const struct cancu_block *b = &doc->blocks[i];

        if (b->kind == CANCU_BLOCK_PARAGRAPH) {
            status = scan_text(doc, b->text);
            continue;
        }
        for (size_t r = 0; !status && r < b->nrows; r++)
            for (size_t c = 0; !status && c < b->rows[r].ncells; c++)
                status = scan_text(doc, b->rows[r].cells[c].text);
    }
    return status;
}
