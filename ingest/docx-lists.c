/* The lists and styles of a Word document (docx-lists.h): numbering
 * labels and style lookups, shared by the DOCX and Word 97-2003 readers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest/docx-lists.h"

void cancu_docx__package_dispose(docx_package_t *pkg)
{
    for (size_t i = 0; i < pkg->nstyles; i++) {
        free(pkg->styles[i].id);
        free(pkg->styles[i].name);
        free(pkg->styles[i].based_on);
        free(pkg->styles[i].font);
    }
    free(pkg->styles);
    free(pkg->default_font);
    free(pkg->abstracts);
    free(pkg->nums);
    free(pkg->title);
    free(pkg->created);
    free(pkg->modified);
    memset(pkg, 0, sizeof *pkg);
}

const docx_style_t *cancu_docx__style(const docx_package_t *pkg, const char *id)
{
    for (size_t i = 0; id && i < pkg->nstyles; i++)
        if (pkg->styles[i].id && strcmp(pkg->styles[i].id, id) == 0)
            return &pkg->styles[i];
    return NULL;
}

const char *cancu_docx__style_font(const docx_package_t *pkg,
                                   const char *style_id)
{
    const docx_style_t *s = cancu_docx__style(pkg, style_id);

    /* basedOn chains are short; the bound guards against cycles. */
    for (int hops = 0; s && hops < 16; hops++) {
        if (s->font)
            return s->font;
        s = cancu_docx__style(pkg, s->based_on);
    }
    return pkg->default_font;
}

static void format_number(char *out, size_t cap, const char *format, int n)
{
    static const char *const roman[][10] = {
        {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"},
        {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"},
        {"", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"},
    };
    bool upper = strncmp(format, "upper", 5) == 0;

    if (strstr(format, "Roman") && n > 0 && n < 1000) {
        char buf[32];
        size_t len;

        snprintf(buf, sizeof buf, "%s%s%s", roman[2][n / 100],
                 roman[1][n / 10 % 10], roman[0][n % 10]);
        len = strlen(buf);
        for (size_t i = 0; upper && i < len; i++)
            buf[i] = (char)(buf[i] - 'a' + 'A');
        snprintf(out, cap, "%s", buf);
    } else if (strstr(format, "Letter") && n > 0) {
        /* a..z, then aa..zz, as Word counts. */
        char c = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
        int repeat = (n - 1) / 26 + 1;
        size_t i = 0;

        for (; i + 1 < cap && (int)i < repeat; i++)
            out[i] = c;
        out[i] = '\0';
    } else {
        snprintf(out, cap, "%d", n);
    }
}

bool cancu_docx__next_label(docx_package_t *pkg, int num_id, int ilvl,
                            char *out, size_t cap)
{
    docx_num_t *num = NULL;
    const docx_abstract_t *abstract = NULL;
    const docx_level_t *level;
    size_t len = 0;

    if (num_id <= 0 || ilvl < 0 || ilvl >= DOCX_LEVELS)
        return false;
    for (size_t i = 0; i < pkg->nnums && !num; i++)
        if (pkg->nums[i].id == num_id)
            num = &pkg->nums[i];
    for (size_t i = 0; num && i < pkg->nabstracts && !abstract; i++)
        if (pkg->abstracts[i].id == num->abstract)
            abstract = &pkg->abstracts[i];
    if (!abstract)
        return false;
    level = &abstract->levels[ilvl];
    if (strcmp(level->format, "none") == 0)
        return false;
    if (strcmp(level->format, "bullet") == 0) {
        /* Bullets are drawn from symbol fonts; the text says "-". */
        snprintf(out, cap, "%s",
                 strcmp(level->text, "-") == 0 || !level->text[0] ? "-" : "•");
        return true;
    }
    if (!num->started[ilvl]) {
        num->started[ilvl] = true;
        num->counters[ilvl] = num->start_override[ilvl] >= 0
                                  ? num->start_override[ilvl]
                                  : level->start;
    } else {
        num->counters[ilvl]++;
    }
    /* A deeper level starts again under a new item. */
    for (int l = ilvl + 1; l < DOCX_LEVELS; l++)
        num->started[l] = false;
    for (const char *p = level->text; *p && len + 1 < cap; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            char number[32];

            format_number(number, sizeof number, abstract->levels[l].format,
                          num->started[l] ? num->counters[l]
                                          : abstract->levels[l].start);
            len += (size_t)snprintf(out + len, cap - len, "%s", number);
            if (len >= cap)
                len = cap - 1;
            p++;
        } else {
            out[len++] = *p;
        }
    }
    out[len] = '\0';
    return len > 0;
}
