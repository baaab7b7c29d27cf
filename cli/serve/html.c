/* cancu serve: writing HTML. Every text that comes from a document or
 * from the request goes through html_text. */
#include <string.h>

#include "cli/serve/serve.h"

void html_textn(cancu_strbuf_t *b, const char *s, size_t len, bool marks)
{
    size_t start = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;

        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case 0x01:
            rep = marks ? "<mark>" : "";
            break;
        case 0x02:
            rep = marks ? "</mark>" : "";
            break;
        default:
            if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
                rep = "";
        }
        if (!rep)
            continue;
        cancu_strbuf__append(b, s + start, i - start);
        cancu_strbuf__puts(b, rep);
        start = i + 1;
    }
    cancu_strbuf__append(b, s + start, len - start);
}

void html_text(cancu_strbuf_t *b, const char *s, bool marks)
{
    if (s)
        html_textn(b, s, strlen(s), marks);
}

void html_url(cancu_strbuf_t *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;

        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-_.~", c)) {
            cancu_strbuf__putc(b, (char)c);
        } else {
            cancu_strbuf__putc(b, '%');
            cancu_strbuf__putc(b, hex[c >> 4]);
            cancu_strbuf__putc(b, hex[c & 15]);
        }
    }
}

void html_begin(cancu_strbuf_t *b, const serve_request_t *r, const char *title)
{
    const char *q = r->en ? "?lang=en" : "";

    cancu_strbuf__printf(b,
                         "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                         "<meta charset=\"utf-8\">\n"
                         "<meta name=\"viewport\" content=\"width=device-"
                         "width, initial-scale=1\">\n<title>",
                         r->en ? "en" : "vi");
    html_text(b, title, false);
    cancu_strbuf__puts(b, " — cancu</title>\n"
                          "<link rel=\"stylesheet\" href=\"/assets/"
                          "style.css\">\n</head>\n<body>\n<header>\n");
    cancu_strbuf__printf(b, "<a class=\"brand\" href=\"/%s\">cancu</a>\n<nav>",
                         q);
    cancu_strbuf__printf(b, "<a href=\"/search%s\">%s</a> ", q,
                         TR(r, "Tìm kiếm", "Search"));
    cancu_strbuf__printf(b, "<a href=\"/cites%s\">%s</a> ", q,
                         TR(r, "Căn cứ", "Legal bases"));
    cancu_strbuf__printf(b, "<a href=\"/plans%s\">%s</a> ", q,
                         TR(r, "Kế hoạch", "Plans"));
    cancu_strbuf__printf(b, "<a href=\"/check%s\">%s</a> ", q,
                         TR(r, "Kiểm tra", "Check"));
    cancu_strbuf__printf(b,
                         "<a class=\"lang\" href=\"%s\" hreflang=\"%s\">"
                         "%s</a></nav>\n</header>\n<main>\n",
                         r->en ? "?lang=vi" : "?lang=en", r->en ? "vi" : "en",
                         r->en ? "Tiếng Việt" : "English");
}

void html_end(cancu_strbuf_t *b, const serve_request_t *r)
{
    cancu_strbuf__printf(b,
                         "</main>\n<footer>cancu %s — %s</footer>\n"
                         "</body>\n</html>\n",
                         cancu_version(),
                         TR(r, "kho kế hoạch, căn cứ pháp lý và thời hạn",
                            "an archive of plans, legal bases and "
                            "deadlines"));
}
