/* An LD_PRELOAD library for the kill tests. It wraps Xapian's commit and
 * the calls that change files, so that a test can:
 *
 *   CANCU_KILL_AT=K:N    have the process SIGKILL itself just before the
 *                        Nth file-changing call (write, pwrite, fsync,
 *                        fdatasync, rename) of the Kth commit of this run,
 *                        or just after that commit when it made fewer;
 *   CANCU_KILL_STATE=F   find in file F, after killing the process from
 *                        outside, whether it was inside a commit ('1') or
 *                        not ('0');
 *   CANCU_KILL_COUNTS=F  have F list, one line a commit, how many such
 *                        calls each commit made.
 *
 * Counting calls rather than time makes a kill inside a commit certain
 * and repeatable. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*sync_fn)(int);
typedef int (*rename_fn)(const char *, const char *);
typedef void (*method_fn)(void *);

static int in_commit;
static long commits, calls, kill_commit, kill_call;
static int state_fd = -1, counts_fd = -1;

static void *next(const char *name)
{
    void *fn = dlsym(RTLD_NEXT, name);

    if (!fn)
        abort();
    return fn;
}

static void put(int fd, const char *text, size_t len, off_t offset)
{
    static pwrite_fn real_pwrite;

    if (fd < 0)
        return;
    if (!real_pwrite)
        real_pwrite = (pwrite_fn)next("pwrite");
    if (offset >= 0)
        (void)real_pwrite(fd, text, len, offset);
    else
        (void)((write_fn)next("write"))(fd, text, len);
}

__attribute__((constructor)) static void start(void)
{
    const char *at = getenv("CANCU_KILL_AT");
    const char *state = getenv("CANCU_KILL_STATE");
    const char *counts = getenv("CANCU_KILL_COUNTS");

    if (at && sscanf(at, "%ld:%ld", &kill_commit, &kill_call) != 2)
        kill_commit = kill_call = 0;
    if (state) {
        state_fd = open(state, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        put(state_fd, "0", 1, 0);
    }
    if (counts)
        counts_fd =
            open(counts, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* One more file-changing call: the one to die before? */
static void count_call(void)
{
    if (!in_commit)
        return;
    calls++;
    if (commits == kill_commit && calls == kill_call)
        kill(getpid(), SIGKILL);
}

static void commit_begin(void)
{
    in_commit = 1;
    commits++;
    calls = 0;
    put(state_fd, "1", 1, 0);
}

static void commit_end(void)
{
    char line[32];
    int n;

    in_commit = 0;
    put(state_fd, "0", 1, 0);
    n = snprintf(line, sizeof line, "%ld\n", calls);
    put(counts_fd, line, (size_t)n, -1);
    if (commits == kill_commit)
        kill(getpid(), SIGKILL);
}

/* Xapian::WritableDatabase::commit() and commit_transaction(): a member
 * function without arguments is called as a function of 'this'. An
 * exception passes through: this file is built with -fexceptions. */
void _ZN6Xapian16WritableDatabase6commitEv(void *self)
{
    static method_fn real;

    if (!real)
        real = (method_fn)next("_ZN6Xapian16WritableDatabase6commitEv");
    commit_begin();
    real(self);
    commit_end();
}

void _ZN6Xapian16WritableDatabase18commit_transactionEv(void *self)
{
    static method_fn real;

    if (!real)
        real = (method_fn)next(
            "_ZN6Xapian16WritableDatabase18commit_transactionEv");
    commit_begin();
    real(self);
    commit_end();
}

ssize_t write(int fd, const void *buf, size_t len)
{
    static write_fn real;

    if (!real)
        real = (write_fn)next("write");
    count_call();
    return real(fd, buf, len);
}

ssize_t pwrite(int fd, const void *buf, size_t len, off_t offset)
{
    static pwrite_fn real;

    if (!real)
        real = (pwrite_fn)next("pwrite");
    count_call();
    return real(fd, buf, len, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t len, off_t offset)
{
    static pwrite_fn real;

    if (!real)
        real = (pwrite_fn)next("pwrite64");
    count_call();
    return real(fd, buf, len, offset);
}

int fsync(int fd)
{
    static sync_fn real;

    if (!real)
        real = (sync_fn)next("fsync");
    count_call();
    return real(fd);
}

int fdatasync(int fd)
{
    static sync_fn real;

    if (!real)
        real = (sync_fn)next("fdatasync");
    count_call();
    return real(fd);
}

int rename(const char *from, const char *to)
{
    static rename_fn real;

    if (!real)
        real = (rename_fn)next("rename");
    count_call();
    return real(from, to);
}
