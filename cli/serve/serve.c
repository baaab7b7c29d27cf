/* cancu serve [--listen HOST:PORT]: the office's web page. One process,
 * libmicrohttpd's thread pool, one archive handle per worker, reopened
 * when a writer has committed since it was opened. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/serve/serve.h"

static const char usage[] =
    N_("usage: cancu serve [--listen HOST:PORT] [--threads N] "
       "[--allow-ingest]\n\n"
       "Serve the archive's web page: search, what rests on a document, the\n"
       "plans and their tasks, and the check of an uploaded plan, in\n"
       "Vietnamese (English at ?lang=en). Read-only. Stops on SIGINT or\n"
       "SIGTERM.\n\n"
       "  --listen HOST:PORT  the address (default 127.0.0.1:8080)\n"
       "  --threads N         worker threads (default 4)\n"
       "  --allow-ingest      /ingest adds an uploaded plan to the archive\n"
       "                      (a POST carrying this run's token)\n");

enum { OPT_LISTEN = 1000, OPT_THREADS, OPT_ALLOW_INGEST };

bool serve_allow_ingest;
char serve_token[65];

static const struct option options[] = {
    {"listen", required_argument, NULL, OPT_LISTEN},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"allow-ingest", no_argument, NULL, OPT_ALLOW_INGEST},
    {NULL, 0, NULL, 0},
};

typedef struct serve_options {
    const char *listen;
    size_t threads;
} serve_options_t;

static int on_option(int option, const char *arg, void *payload)
{
    serve_options_t *o = payload;

    if (option == OPT_LISTEN)
        o->listen = arg;
    if (option == OPT_ALLOW_INGEST)
        serve_allow_ingest = true;
    if (option == OPT_THREADS &&
        (!cli_parse_count("threads", arg, &o->threads) || !o->threads ||
         o->threads > 64)) {
        cli_error(_("serve: --threads takes 1 to 64"));
        return CLI_EXIT_BAD_INPUT;
    }
    return 0;
}

/* The archive handles: one per worker, each brought to the latest
 * commit before a request reads it. */
struct serve_slot {
    cancu_archive_t *archive;
    bool busy;
};

#define MAX_SLOTS 64
/* The documents' data the handles keep between requests (shared by all
 * of them): inflating the matching plans' data is most of a search or a
 * cites page, and the same plans come up again and again. 1,000
 * generated plans hold some 130 MB of it. */
#ifndef SERVE_DATA_CACHE /* -DSERVE_DATA_CACHE=0: none, to measure it */
#define SERVE_DATA_CACHE (48u << 20)
#endif

static struct {
    pthread_mutex_t lock;
    pthread_cond_t freed;
    serve_slot_t slots[MAX_SLOTS];
    size_t count;
    const char *dir;
    /* Moves on each time a handle opens or sees a new commit. */
    unsigned long generation;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .freed = PTHREAD_COND_INITIALIZER};

unsigned long serve_archive_generation(void)
{
    unsigned long g;

    pthread_mutex_lock(&pool.lock);
    g = pool.generation;
    pthread_mutex_unlock(&pool.lock);
    return g;
}

cancu_archive_t *serve_archive_acquire(serve_slot_t **slot_out)
{
    serve_slot_t *slot = NULL;
    bool changed = false;

    pthread_mutex_lock(&pool.lock);
    while (!slot) {
        for (size_t i = 0; i < pool.count && !slot; i++)
            if (!pool.slots[i].busy)
                slot = &pool.slots[i];
        if (!slot)
            pthread_cond_wait(&pool.freed, &pool.lock);
    }
    slot->busy = true;
    pthread_mutex_unlock(&pool.lock);
    *slot_out = slot;
    /* An ingest beside the server is seen at its next commit; a handle
     * that cannot follow (the archive made anew) is opened again. */
    if (slot->archive && cancu_archive_refresh(slot->archive, &changed)) {
        cancu_archive_close(slot->archive);
        slot->archive = NULL;
    }
    if (!slot->archive) {
        changed = true;
        if (cancu_archive_open(&slot->archive, pool.dir, CANCU_ARCHIVE_READ))
            slot->archive = NULL;
        /* Without its cache the handle reads as before, only slower. */
        if (slot->archive)
            (void)cancu_archive_cache_data(slot->archive, SERVE_DATA_CACHE);
    }
    if (changed) {
        pthread_mutex_lock(&pool.lock);
        pool.generation++;
        pthread_mutex_unlock(&pool.lock);
    }
    return slot->archive;
}

void serve_archive_release(serve_slot_t *slot)
{
    pthread_mutex_lock(&pool.lock);
    slot->busy = false;
    pthread_cond_signal(&pool.freed);
    pthread_mutex_unlock(&pool.lock);
}

const char *serve_arg(const serve_request_t *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

size_t serve_count_arg(const serve_request_t *r, const char *name,
                       size_t fallback, size_t max)
{
    const char *s = serve_arg(r, name);
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-')
        return fallback;
    errno = 0;
    v = strtoull(s, &end, 10);
    if (errno || *end || v > max)
        return fallback;
    return (size_t)v;
}

/* English when asked for, or when the browser prefers it to Vietnamese. */
static bool wants_english(struct MHD_Connection *conn)
{
    const char *lang =
        MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "lang");
    const char *accept;

    if (lang)
        return strcmp(lang, "en") == 0;
    accept = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                         MHD_HTTP_HEADER_ACCEPT_LANGUAGE);
    if (!accept)
        return false;
    while (*accept == ' ')
        accept++;
    return strncmp(accept, "en", 2) == 0;
}

static enum MHD_Result on_post_data(void *cls, enum MHD_ValueKind kind,
                                    const char *key, const char *filename,
                                    const char *content_type,
                                    const char *transfer_encoding,
                                    const char *data, uint64_t off, size_t size)
{
    serve_request_t *r = cls;

    (void)kind;
    (void)content_type;
    (void)transfer_encoding;
    (void)off;
    if (strcmp(key, "token") == 0) {
        size_t have = strlen(r->token);

        if (have + size < sizeof r->token) {
            memcpy(r->token + have, data, size);
            r->token[have + size] = '\0';
        }
        return MHD_YES;
    }
    if (strcmp(key, "file") != 0)
        return MHD_YES;
    if (!r->have_file) {
        r->have_file = true;
        snprintf(r->filename, sizeof r->filename, "%s",
                 filename && *filename ? filename : "upload");
    }
    if (r->upload.len + size > SERVE_MAX_UPLOAD) {
        r->too_big = true;
        return MHD_NO;
    }
    cancu_strbuf__append(&r->upload, data, size);
    if (r->upload.failed) {
        r->too_big = true;
        return MHD_NO;
    }
    return MHD_YES;
}

static const char csp[] =
    "default-src 'none'; style-src 'self'; script-src 'self'; "
    "img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";

static enum MHD_Result send_reply(struct MHD_Connection *conn,
                                  serve_reply_t *reply)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;
    size_t len = reply->body.len;
    char *data = cancu_strbuf__detach(&reply->body);

    resp = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                           data ? MHD_RESPMEM_MUST_FREE
                                                : MHD_RESPMEM_PERSISTENT);
    if (!resp) {
        free(data);
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, reply->type);
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (*reply->disposition)
        MHD_add_response_header(resp, "Content-Disposition",
                                reply->disposition);
    ret = MHD_queue_response(conn, reply->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static void reply_init(serve_reply_t *reply)
{
    memset(reply, 0, sizeof *reply);
    reply->status = MHD_HTTP_OK;
    reply->type = "text/html; charset=utf-8";
}

/* Route a GET (or a finished POST) to its page. */
static void route(serve_request_t *r, serve_reply_t *out)
{
    const char *p = r->path, *type = NULL, *asset;
    bool post = strcmp(r->method, MHD_HTTP_METHOD_POST) == 0;

    if (post && strcmp(p, "/check") != 0 && strcmp(p, "/api/check") != 0 &&
        strcmp(p, "/ingest") != 0) {
        page_error(r, out, MHD_HTTP_METHOD_NOT_ALLOWED,
                   TR(r, "Trang này không nhận POST.",
                      "This page does not take POST."));
        return;
    }
    if (strcmp(p, "/") == 0)
        page_home(r, out);
    else if (strcmp(p, "/search") == 0)
        page_search(r, out);
    else if (strcmp(p, "/cites") == 0)
        page_cites(r, out);
    else if (strcmp(p, "/graph") == 0)
        page_graph(r, out);
    else if (strcmp(p, "/plans") == 0)
        page_plans(r, out);
    else if (strncmp(p, "/plans/", 7) == 0 && strlen(p) > 11 &&
             strcmp(p + strlen(p) - 4, ".ics") == 0) {
        char id[100];

        snprintf(id, sizeof id, "%.*s", (int)(strlen(p) - 11), p + 7);
        page_plan_ics(r, id, out);
    } else if (strncmp(p, "/plans/", 7) == 0 && p[7])
        page_plan(r, p + 7, out);
    else if (strcmp(p, "/check") == 0)
        page_check(r, out);
    else if (strcmp(p, "/ingest") == 0 && serve_allow_ingest)
        page_ingest(r, out);
    else if (strcmp(p, "/api/search") == 0)
        api_search(r, out);
    else if (strcmp(p, "/api/cites") == 0)
        api_cites(r, out);
    else if (strcmp(p, "/api/tasks") == 0)
        api_tasks(r, out);
    else if (strcmp(p, "/api/plans") == 0)
        api_plans(r, out);
    else if (strcmp(p, "/api/check") == 0)
        api_check(r, out);
    else if (strncmp(p, "/assets/", 8) == 0 &&
             (asset = serve_asset(p + 8, &type)) != NULL) {
        /* The name picks one of the embedded assets; nothing is read
         * from disk. */
        out->type = type;
        cancu_strbuf__puts(&out->body, asset);
    } else
        page_error(r, out, MHD_HTTP_NOT_FOUND,
                   TR(r, "Không có trang này.", "No such page."));
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *data,
                                  size_t *data_size, void **req_cls)
{
    serve_request_t *r = *req_cls;
    serve_reply_t reply;
    enum MHD_Result ret;

    (void)cls;
    (void)version;
    if (!r) {
        const char *length;

        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        r->conn = conn;
        r->method = method;
        r->en = wants_english(conn);
        *req_cls = r;
        if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
            goto answer;
        length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (length && strtoull(length, NULL, 10) > SERVE_MAX_UPLOAD + 65536) {
            r->too_big = true;
            goto answer;
        }
        r->post = MHD_create_post_processor(conn, 65536, on_post_data, r);
        if (!r->post)
            r->bad = true;
        return MHD_YES;
    }
    if (*data_size) {
        if (r->post && !r->too_big && !r->bad &&
            MHD_post_process(r->post, data, *data_size) != MHD_YES &&
            !r->too_big)
            r->bad = true;
        *data_size = 0;
        return MHD_YES;
    }
answer:
    r->path = url;
    reply_init(&reply);
    if (r->too_big)
        page_error(r, &reply, MHD_HTTP_CONTENT_TOO_LARGE,
                   TR(r, "Tệp tải lên lớn quá 64 MiB.",
                      "The upload is larger than 64 MiB."));
    else if (r->bad)
        page_error(r, &reply, MHD_HTTP_BAD_REQUEST,
                   TR(r,
                      "Không đọc được nội dung gửi lên (cần "
                      "multipart/form-data với trường 'file').",
                      "The request body could not be read (send "
                      "multipart/form-data with a field 'file')."));
    else
        route(r, &reply);
    ret = send_reply(conn, &reply);
    cancu_strbuf__dispose(&reply.body);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
    serve_request_t *r = *req_cls;

    (void)cls;
    (void)conn;
    (void)toe;
    if (!r)
        return;
    if (r->post)
        MHD_destroy_post_processor(r->post);
    cancu_strbuf__dispose(&r->upload);
    free(r);
    *req_cls = NULL;
}

/* A fresh token for this run: 32 random bytes in hex. */
static bool new_token(void)
{
    unsigned char bytes[32];
    FILE *f = fopen("/dev/urandom", "rb");
    bool ok = f && fread(bytes, 1, sizeof bytes, f) == sizeof bytes;

    if (f)
        fclose(f);
    for (size_t i = 0; ok && i < sizeof bytes; i++)
        snprintf(serve_token + 2 * i, 3, "%02x", bytes[i]);
    return ok;
}

static int stop_pipe[2] = {-1, -1};
static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    int saved = errno;

    stop_signal = sig;
    if (write(stop_pipe[1], "", 1) < 0) {
        /* The pipe is full: a stop is already on its way. */
    }
    errno = saved;
}

static bool parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    char *end;
    unsigned long port;

    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return false;
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    errno = 0;
    port = strtoul(colon + 1, &end, 10);
    if (errno || end == colon + 1 || *end || port > 65535)
        return false;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1;
}

int serve_command(int argc, char **argv)
{
    serve_options_t o = {"127.0.0.1:8080", 4};
    struct sockaddr_in sa;
    struct MHD_Daemon *daemon;
    sigset_t stop;
    struct sigaction sa_stop;
    char byte;
    int first, rc, sig = 0;

    rc = cli_parse(argc, argv, options, usage, on_option, &o, &first);
    if (rc >= 0)
        return rc;
    if (first < argc) {
        cli_error(_("serve: unexpected argument '%s'"), argv[first]);
        return CLI_EXIT_BAD_INPUT;
    }
    if (!parse_listen(o.listen, &sa)) {
        cli_error(_("serve: --listen takes HOST:PORT with an IPv4 address, "
                    "not '%s'"),
                  o.listen);
        return CLI_EXIT_BAD_INPUT;
    }
    if (serve_allow_ingest && !new_token()) {
        cli_error(_("serve: no random bytes for the upload token"));
        return CLI_EXIT_ARCHIVE;
    }
    pool.dir = cli_archive_dir();
    pool.count = o.threads;
    if (pipe(stop_pipe) != 0) {
        cli_error("serve: %s", strerror(errno));
        return CLI_EXIT_ARCHIVE;
    }
    memset(&sa_stop, 0, sizeof sa_stop);
    sa_stop.sa_handler = on_stop;
    sigaction(SIGINT, &sa_stop, NULL);
    sigaction(SIGTERM, &sa_stop, NULL);
    /* The workers inherit the mask: the signals come to this thread
     * or to one a library started. */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    daemon = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG, 0, NULL, NULL,
        on_request, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)o.threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int)256,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_END);
    if (!daemon) {
        cli_error(_("serve: cannot listen on %s: %s"), o.listen,
                  strerror(errno));
        close(stop_pipe[0]);
        close(stop_pipe[1]);
        return CLI_EXIT_BAD_INPUT;
    }
    if (!cli_globals.quiet) {
        printf(_("cancu: serving %s on http://%s/\n"), pool.dir, o.listen);
        fflush(stdout);
    }
    /* Whichever thread the signal lands on (libraries start threads of
     * their own before the mask is set), the handler wakes this read. */
    pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
    while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR)
        ;
    sig = stop_signal;
    MHD_stop_daemon(daemon);
    for (size_t i = 0; i < pool.count; i++)
        cancu_archive_close(pool.slots[i].archive);
    close(stop_pipe[0]);
    close(stop_pipe[1]);
    if (!cli_globals.quiet)
        printf(_("cancu: stopped (%s)\n"),
               sig == SIGINT ? "SIGINT" : "SIGTERM");
    return CLI_EXIT_OK;
}
