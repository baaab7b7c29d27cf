/* Shared by every module: error recording, buffers, arenas, hashing. */
#ifndef CANCU_UTIL_H
#define CANCU_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cancu/status.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __GNUC__
#define CANCU_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CANCU_PRINTF(f, a)
#endif

/* The gettext domain of the library's messages: the CLI's, so that one
 * catalog (po/vi.po) serves both. */
#define CANCU_TEXT_DOMAIN "cancu"

/* Record a one-line message for cancu_error_last() and return 'status'.
 * 'fmt' is translated through CANCU_TEXT_DOMAIN before it is formatted
 * (xgettext extracts it: po/CMakeLists.txt), so it must be a literal in
 * English; the arguments are not translated. */
cancu_status_t cancu_error__set(cancu_status_t status, const char *fmt, ...)
    CANCU_PRINTF(2, 3);

/* Record a message already formatted, in English and as translated
 * (cancu_error_last_english() and cancu_error_last()); for the reader
 * modules, which format their own. */
cancu_status_t cancu_error__set_messages(cancu_status_t status,
                                         const char *english,
                                         const char *translated);
/* The last message in both languages, malloc'd (NULL when memory runs
 * out), to set again with cancu_error__restore (which frees it) after
 * calls that may set their own. */
char *cancu_error__save(void);
void cancu_error__restore(char *saved);
/* Cut the last message, in both languages, to at most 'max' bytes ending
 * in "...". */
void cancu_error__shorten(size_t max);

/* A growable, always NUL-terminated byte buffer. Allocation failure is
 * sticky: 'failed' is set and later appends do nothing. */
typedef struct cancu_strbuf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} cancu_strbuf_t;

#define CANCU_STRBUF_INIT                                                      \
    {                                                                          \
        NULL, 0, 0, false                                                      \
    }

bool cancu_strbuf__grow(cancu_strbuf_t *buf, size_t extra);
void cancu_strbuf__append(cancu_strbuf_t *buf, const char *s, size_t len);
void cancu_strbuf__puts(cancu_strbuf_t *buf, const char *s);
void cancu_strbuf__putc(cancu_strbuf_t *buf, char c);
void cancu_strbuf__printf(cancu_strbuf_t *buf, const char *fmt, ...)
    CANCU_PRINTF(2, 3);
void cancu_strbuf__clear(cancu_strbuf_t *buf);
/* Hand the data to the caller (free()) and reset the buffer. */
char *cancu_strbuf__detach(cancu_strbuf_t *buf);
void cancu_strbuf__dispose(cancu_strbuf_t *buf);
/* The contents, or "" for an empty buffer. */
const char *cancu_strbuf__cstr(const cancu_strbuf_t *buf);
/* Append 'len' bytes of valid UTF-8 as a JSON string, quoted, escaped
 * as jansson's json_dumps() writes it without JSON_ENSURE_ASCII or
 * JSON_ESCAPE_SLASH: for records written often enough that building a
 * jansson tree to dump them costs more than the rest of their making. */
void cancu_strbuf__json_string(cancu_strbuf_t *buf, const char *s, size_t len);

/* A bump allocator: everything is freed at once with the arena, as a
 * document frees all its blocks. */
typedef struct cancu_arena cancu_arena_t;

cancu_arena_t *cancu_arena__new(void);
void cancu_arena__destroy(cancu_arena_t *arena);
void *cancu_arena__alloc(cancu_arena_t *arena, size_t size);
char *cancu_arena__strndup(cancu_arena_t *arena, const char *s, size_t len);
char *cancu_arena__strdup(cancu_arena_t *arena, const char *s);

/* Hex SHA-256 of 'len' bytes into 'hex' (65 bytes). */
void cancu_hash__sha256_hex(const void *data, size_t len, char hex[65]);
/* Whether this CPU has the SHA extensions cancu_hash__sha256_hex uses
 * where it can; with 'use' 0 or 1, hash without them or (where the CPU
 * has them) with them from now on, with -1 only ask: for tests of both
 * ways. */
bool cancu_hash__sha_extensions(int use);

/* Remove 'path' and everything under it; true when it is gone. */
bool cancu_fs__remove_tree(const char *path);
/* fsync a directory, so a rename in it is durable. */
bool cancu_fs__sync_dir(const char *path);
bool cancu_fs__exists(const char *path);
/* Swap the entries 'a' and 'b' (two folders) in one step: whoever opens
 * either path sees one or the other, never neither. False (errno set)
 * when the file system cannot. */
bool cancu_fs__exchange(const char *a, const char *b);
/* The bytes of the regular files directly in folder 'path'. */
unsigned long long cancu_fs__dir_bytes(const char *path);

/* The offset of the first byte of 's' that is not valid UTF-8, or 'len'
 * when all are. */
size_t cancu_utf8__invalid_offset(const char *s, size_t len);
/* Code point 'c' (a scalar value: not a surrogate, at most 0x10FFFF) in
 * UTF-8 into 'out'; the bytes written, 1 to 4, or 0 for no scalar. */
size_t cancu_utf8__encode(uint32_t c, char out[4]);

/* Make room in '*items' (of '*cap' items of 'size' bytes, 'count' used)
 * for one more, doubling from 16: false when out of memory or the size
 * would overflow, '*items' left as it was. */
bool cancu_array__grow(void **items, size_t *cap, size_t count, size_t size);

/* Lower case, without tone or vowel marks, đ as d, into 'out' (at most
 * 'cap' bytes with the NUL): how words typed with or without accents are
 * compared (type words, column headers, unit names). */
void cancu_fold__ascii(const char *s, size_t len, char *out, size_t cap);

/* Dates (date.c): ISO 8601, possibly partial: "2021", "2021-12",
 * "2021-12-15". Valid: a real day of a year from 1000 on. */
bool cancu_date__valid(const char *s);
/* -1, 0 or 1, comparing only the parts both give: "2021-12" equals
 * "2021-12-15". Both must be valid. */
int cancu_date__compare(const char *a, const char *b);
/* 28 to 31, or 0 for a month out of range. */
int cancu_date__days_in_month(int year, int month);

/* Checked size arithmetic: false on overflow. */
static inline bool cancu_size_add(size_t a, size_t b, size_t *out)
{
    if (a > SIZE_MAX - b)
        return false;
    *out = a + b;
    return true;
}

#ifdef __cplusplus
}
#endif

#endif
