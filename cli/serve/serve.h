/* cancu serve: the web page on libmicrohttpd, private to the command. */
#ifndef CANCU_SERVE_H
#define CANCU_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include <microhttpd.h>

#include "cli/cli.h"
#include "util/util.h"

/* The command itself: 'cancu serve ARGS' becomes this program (main.c),
 * which runs it with argv from "serve" on. */
int serve_command(int argc, char **argv);

/* The largest upload, as for ingest: 64 MiB. */
#define SERVE_MAX_UPLOAD CANCU_DEFAULT_MAX_FILE_SIZE

/* The longest search query or reference accepted, in bytes. */
#define SERVE_MAX_QUERY 1024

/* Put around matched words by the library, turned into <mark> by
 * html_text: control characters that no normalized text holds. */
#define SERVE_MARK_START "\x01"
#define SERVE_MARK_END "\x02"

/* One request being answered. */
typedef struct serve_request {
    struct MHD_Connection *conn;
    const char *path;
    const char *method;
    /* English asked for (?lang=en or the browser's language). */
    bool en;
    /* A POST's file: its bytes, its name; 'too_big' past the limit,
     * 'bad' when the body could not be read. */
    struct MHD_PostProcessor *post;
    cancu_strbuf_t upload;
    char filename[256];
    bool have_file;
    bool too_big;
    bool bad;
    bool post_done;
    /* The form's token field (--allow-ingest). */
    char token[80];
} serve_request_t;

/* Whether --allow-ingest was given, and this run's token that an upload
 * into the archive must carry (a page of another site cannot read it). */
extern bool serve_allow_ingest;
extern char serve_token[65];

/* An answer: status, type, body (owned), extra headers. */
typedef struct serve_reply {
    unsigned int status;
    const char *type;
    cancu_strbuf_t body;
    /* A Content-Disposition header, or "". */
    char disposition[160];
} serve_reply_t;

/* The archive of the server, for one request: NULL when there is none
 * yet. Released with serve_archive_release. */
typedef struct serve_slot serve_slot_t;
cancu_archive_t *serve_archive_acquire(serve_slot_t **slot_out);
void serve_archive_release(serve_slot_t *slot);
/* A number that moves on whenever a handle may read a new revision: what
 * a page computed at one generation holds until the next. */
unsigned long serve_archive_generation(void);

/* A query string argument, or NULL. */
const char *serve_arg(const serve_request_t *r, const char *name);
/* A count argument within [0, max], else 'fallback'. */
size_t serve_count_arg(const serve_request_t *r, const char *name,
                       size_t fallback, size_t max);

/* Write 's' into HTML, escaped: the only way document-derived text and
 * user input reach a page. With 'marks', SERVE_MARK_START/END become
 * <mark> and </mark>. Control characters other than tab and newline are
 * dropped. */
void html_text(cancu_strbuf_t *b, const char *s, bool marks);
/* The same for at most 'len' bytes. */
void html_textn(cancu_strbuf_t *b, const char *s, size_t len, bool marks);
/* 's' percent-encoded for a URL's query value. */
void html_url(cancu_strbuf_t *b, const char *s);
/* The page's head and top bar, and its end. */
void html_begin(cancu_strbuf_t *b, const serve_request_t *r, const char *title);
void html_end(cancu_strbuf_t *b, const serve_request_t *r);
/* "vi" text or "en" text, as the request asks. */
#define TR(r, text_vi, text_en) ((r)->en ? (text_en) : (text_vi))

/* The pages; each fills 'out'. */
void page_home(const serve_request_t *r, serve_reply_t *out);
void page_search(const serve_request_t *r, serve_reply_t *out);
void page_cites(const serve_request_t *r, serve_reply_t *out);
void page_graph(const serve_request_t *r, serve_reply_t *out);
/* The library's last message, English for /api/ and English pages. */
const char *serve_library_message(const serve_request_t *r);
/* Error replies every page shares: the library's last message for
 * 'status' (404 for _NOT_FOUND, 400 for bad input, else 500), and "no
 * archive yet" (503). */
void serve_fail(const serve_request_t *r, serve_reply_t *out,
                cancu_status_t status);
void serve_no_archive(const serve_request_t *r, serve_reply_t *out);
/* After a read of the archive 'archive' (NULL: there was none) that
 * returned 'status': true, with the error replied, when it gave no
 * answer to show. */
bool serve_read_failed(const serve_request_t *r, serve_reply_t *out,
                       const cancu_archive_t *archive, cancu_status_t status);
/* Query argument 'name', which must be there and not too long: NULL after
 * replying with the error when too long; when absent *missing is set and
 * nothing is replied. */
const char *serve_required_arg(const serve_request_t *r, serve_reply_t *out,
                               const char *name, bool *missing);
/* A legal status ("replaced", ...) in the page's language. */
const char *serve_status_text(const serve_request_t *r, const char *status);
void page_plans(const serve_request_t *r, serve_reply_t *out);
void page_plan(const serve_request_t *r, const char *id, serve_reply_t *out);
void page_plan_ics(const serve_request_t *r, const char *id,
                   serve_reply_t *out);
void page_check(const serve_request_t *r, serve_reply_t *out);
void page_ingest(const serve_request_t *r, serve_reply_t *out);
void api_search(const serve_request_t *r, serve_reply_t *out);
void api_cites(const serve_request_t *r, serve_reply_t *out);
void api_tasks(const serve_request_t *r, serve_reply_t *out);
void api_plans(const serve_request_t *r, serve_reply_t *out);
void api_check(const serve_request_t *r, serve_reply_t *out);
/* An error page (HTML) or error object (JSON under /api/). */
void page_error(const serve_request_t *r, serve_reply_t *out,
                unsigned int status, const char *message);

/* The embedded assets: the body of /assets/NAME, or NULL. */
const char *serve_asset(const char *name, const char **type_out);

#endif
