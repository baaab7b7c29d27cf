#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cancu/cancu.h>

#include "util/util.h"

static _Thread_local char last_error[1024];
/* The same message in English, for output read by programs (--json). */
static _Thread_local char last_error_english[sizeof last_error];

const char *cancu_status_to_string(cancu_status_t status)
{
    switch (status) {
    case CANCU_STATUS_SUCCESS:
        return "no error";
    case CANCU_STATUS_OUT_OF_MEMORY:
        return "out of memory";
    case CANCU_STATUS_IO_ERROR:
        return "input/output error";
    case CANCU_STATUS_BAD_INPUT:
        return "bad input";
    case CANCU_STATUS_UNSUPPORTED_FORMAT:
        return "unsupported format";
    case CANCU_STATUS_LIMIT_EXCEEDED:
        return "limit exceeded";
    case CANCU_STATUS_INVALID_ARGUMENT:
        return "invalid argument";
    case CANCU_STATUS_NOT_FOUND:
        return "not found";
    case CANCU_STATUS_ARCHIVE_LOCKED:
        return "archive is locked by another cancu process";
    case CANCU_STATUS_ARCHIVE_ERROR:
        return "archive error";
    case CANCU_STATUS_OPERATION_INVALIDATED:
        return "archive changed during the operation";
    case CANCU_STATUS_XAPIAN_EXCEPTION:
        return "Xapian error";
    case CANCU_STATUS_LAST_STATUS:
        break;
    }
    return "unknown status";
}

const char *cancu_error_last(void)
{
    return last_error;
}

const char *cancu_error_last_english(void)
{
    return last_error_english;
}

void cancu_error_clear(void)
{
    last_error[0] = last_error_english[0] = '\0';
}

/* A message is one line: fold any newline a caller let through. */
static void keep_one_line(char *message, size_t size, const char *text)
{
    snprintf(message, size, "%s", text);
    for (char *p = message; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

cancu_status_t cancu_error__set_messages(cancu_status_t status,
                                         const char *english,
                                         const char *translated)
{
    char en[sizeof last_error], tr[sizeof last_error];

    /* Copied first: either may be cancu_error_last() itself. */
    keep_one_line(en, sizeof en, english);
    keep_one_line(tr, sizeof tr, translated);
    memcpy(last_error_english, en, sizeof en);
    memcpy(last_error, tr, sizeof tr);
    return status;
}

cancu_status_t cancu_error__set(cancu_status_t status, const char *fmt, ...)
{
    va_list ap, again;
    char english[sizeof last_error], translated[sizeof last_error];

    /* The message in the language of LC_MESSAGES, when the program bound
     * the domain (the library never sets the locale nor binds: the
     * program does); else, and in the C locale, the English 'fmt'. ""
     * would give the catalog's header. Formatted into copies: an
     * argument may be cancu_error_last() itself, the message this one
     * wraps ("%s: %s", path, cancu_error_last()); while the English one
     * is formatted that buffer holds the English message, so that each
     * language wraps its own. */
    memcpy(translated, last_error, sizeof translated);
    memcpy(last_error, last_error_english, sizeof last_error);
    va_start(ap, fmt);
    va_copy(again, ap);
    vsnprintf(english, sizeof english, fmt, ap);
    memcpy(last_error, translated, sizeof last_error);
    vsnprintf(translated, sizeof translated,
              *fmt ? dgettext(CANCU_TEXT_DOMAIN, fmt) : fmt, again);
    va_end(again);
    va_end(ap);
    return cancu_error__set_messages(status, english, translated);
}

char *cancu_error__save(void)
{
    size_t en = strlen(last_error_english) + 1, tr = strlen(last_error) + 1;
    char *saved = malloc(en + tr);

    if (saved) {
        memcpy(saved, last_error_english, en);
        memcpy(saved + en, last_error, tr);
    }
    return saved;
}

void cancu_error__restore(char *saved)
{
    if (saved)
        cancu_error__set_messages(CANCU_STATUS_SUCCESS, saved,
                                  saved + strlen(saved) + 1);
    free(saved);
}

void cancu_error__shorten(size_t max)
{
    char *both[2] = {last_error, last_error_english};

    for (int i = 0; i < 2; i++) {
        size_t n = strlen(both[i]);

        if (max >= 4 && n > max) {
            /* Not in the middle of a UTF-8 character. */
            size_t cut = max - 3;

            while (cut > 0 && ((unsigned char)both[i][cut] & 0xC0) == 0x80)
                cut--;
            memcpy(both[i] + cut, "...", 4);
        }
    }
}

const char *cancu_version(void)
{
    return CANCU_VERSION;
}
